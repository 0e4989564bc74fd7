/**
 * Chain of identity (COI): one identifier per subject therapy event, carried by every collection and product
 * label, and the bedside check that blocks infusion unless patient, bag and COI record match.
 *
 * Source: regimen-and-dosing.md §5 (enrolment & COI assignment; infusion: "bedside two-person identity
 * verification (patient <-> bag label <-> COI)"), §5.1 engine rules (1) "an infusion record cannot be saved
 * unless the latest COI verification for that bag is 'match'" and (2) "any mismatch blocks the workflow and
 * raises a deviation", §5.2 (ISBT 128 CoI Identifier, ST-028 / IG-050: format not reproduced, so the ISBT value
 * is accepted as opaque data). The platform identifier below adds an ISO/IEC 7064 MOD 37-2 check character.
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { instantToEpochMs } from './instant.js'
import { isValidMod37_2, mod37_2CheckCharacter } from './iso7064-mod37-2.js'

const SOURCE = 'regimen-and-dosing.md §5, §5.1 (chain of identity)'

/**
 * A platform COI identifier `<registry id>-<site code>-<subject number, 4 digits>-<check>` with a MOD 37-2
 * check character over the characters without hyphens, for sites that do not allocate an ISBT 128 CoI.
 * @example platformCoiIdentifier({ registryId: 'NCT05315778', siteCode: 'S01', subjectNumber: 7 }) // 'NCT05315778-S01-0007-<check>'
 */
export function platformCoiIdentifier(parts: {
  registryId: string
  siteCode: string
  subjectNumber: number
}): Result<string> {
  const number = String(parts.subjectNumber).padStart(4, '0')
  const check = mod37_2CheckCharacter(`${parts.registryId}${parts.siteCode}${number}`)
  // an empty registry id or site code would give `-S01-0007-X`, which isValidPlatformCoiIdentifier refuses: an
  // identifier the platform issues must always pass its own check
  const part = /^[0-9A-Z]+$/
  if (
    !part.test(parts.registryId) ||
    !part.test(parts.siteCode) ||
    !Number.isInteger(parts.subjectNumber) ||
    parts.subjectNumber < 0 ||
    check === null
  ) {
    return fail([
      {
        code: 'coi.invalid_parts',
        path: [],
        message: 'registry id and site code must be 0-9/A-Z and the subject number a non-negative integer',
        source: SOURCE,
      },
    ])
  }
  return ok(`${parts.registryId}-${parts.siteCode}-${number}-${check}`)
}

/** True when a platform COI identifier's check character matches (catches mistyped identifiers). */
export function isValidPlatformCoiIdentifier(id: string): boolean {
  return /^[0-9A-Z]+-[0-9A-Z]+-\d{4,}-[0-9A-Z*]$/.test(id) && isValidMod37_2(id.replace(/-/g, ''))
}

/** What the COI record says about the subject and the bag to be infused. */
export interface CoiExpectation {
  subjectId: string
  coiIdentifier: string
  /** bags released for this subject; when given, the scanned bag must be one of them */
  releasedBagIds?: readonly string[]
}

/** What was scanned or read at the bedside. */
export interface BedsideScan {
  /** patient wristband id */
  patientId: string
  /** COI identifier printed on the bag label */
  productCoiIdentifier: string
  bagId: string
}

export interface BedsideVerification {
  /** `incomplete`: identities agree but the two-person check is not documented */
  result: 'match' | 'mismatch' | 'incomplete'
  /** true only for `match` */
  infusionAllowed: boolean
  bagId: string
  at: string
  verifiers: readonly string[]
  /** each disagreement; a mismatch is also a protocol deviation (§5.1 rule 2) */
  issues: Issue[]
  deviation: boolean
}

/**
 * Bedside two-person identity verification: patient <-> bag label <-> COI record. Identifiers are compared
 * exactly after trimming scanner whitespace (no case folding: identity is never guessed).
 * @param at RFC 3339 date-time with offset of the check (the clock is an argument)
 * @example verifyBedsideIdentity(expected, scan, ['nurse A', 'nurse B'], '2024-03-01T09:00+08:00') // result 'match'
 */
export function verifyBedsideIdentity(
  expected: CoiExpectation,
  scan: BedsideScan,
  verifiers: readonly string[],
  at: string,
): BedsideVerification {
  const issues: Issue[] = []
  const same = (a: string, b: string) => a.trim() === b.trim() && a.trim() !== ''
  if (!same(scan.patientId, expected.subjectId)) {
    issues.push({
      code: 'coi.patient_mismatch',
      path: ['patientId'],
      message: `wristband "${scan.patientId}" is not subject "${expected.subjectId}": do not infuse`,
      source: SOURCE,
    })
  }
  if (!same(scan.productCoiIdentifier, expected.coiIdentifier)) {
    issues.push({
      code: 'coi.product_mismatch',
      path: ['productCoiIdentifier'],
      message: `bag label COI "${scan.productCoiIdentifier}" does not match the subject's COI "${expected.coiIdentifier}": do not infuse`,
      source: SOURCE,
    })
  }
  if (scan.bagId.trim() === '') {
    // §5 infusion: the check is patient <-> bag label <-> COI, and §5.1 rule 1 is per bag: a check without a
    // bag identifier verifies no bag (like a blank wristband or COI, it is never taken as agreement)
    issues.push({
      code: 'coi.bag_missing',
      path: ['bagId'],
      message: 'no bag identifier was read from the bag label: do not infuse',
      source: SOURCE,
    })
  } else if (expected.releasedBagIds !== undefined && !expected.releasedBagIds.some((b) => same(b, scan.bagId))) {
    issues.push({
      code: 'coi.bag_not_released',
      path: ['bagId'],
      message: `bag "${scan.bagId}" is not among the bags released for this subject: do not infuse`,
      source: SOURCE,
    })
  }
  const mismatch = issues.length > 0
  const people = new Set(verifiers.map((v) => v.trim()).filter((v) => v !== ''))
  if (people.size < 2) {
    issues.push({
      code: 'coi.two_person_check',
      path: ['verifiers'],
      message: `two different people must verify at the bedside, got ${people.size}`,
      source: SOURCE,
    })
  }
  if (instantToEpochMs(at) === null) {
    issues.push({
      code: 'coi.invalid_time',
      path: ['at'],
      message: `verification time must be a date-time with offset, got ${JSON.stringify(at)}`,
      source: SOURCE,
    })
  }
  const result = mismatch ? 'mismatch' : issues.length > 0 ? 'incomplete' : 'match'
  return {
    result,
    infusionAllowed: result === 'match',
    bagId: scan.bagId.trim(),
    at,
    verifiers: [...verifiers],
    issues,
    deviation: mismatch,
  }
}

/**
 * §5.1 rule 1: an infusion record for `bagId` may be saved only when the latest verification of that bag
 * (by time; the later entry wins a tie) is a match.
 */
export function canRecordInfusion(
  verifications: readonly BedsideVerification[],
  bagId: string,
): Result<BedsideVerification> {
  let latest: BedsideVerification | undefined
  let latestMs = Number.NEGATIVE_INFINITY
  for (const v of verifications) {
    // both sides trimmed, as at the bedside: a stored ' BAG-1' is still this bag and may be its latest mismatch
    if (v.bagId.trim() !== bagId.trim()) continue
    const ms = instantToEpochMs(v.at)
    // §5.1 rules 1-2: a verification of this bag that cannot be placed in time (e.g. a mismatch recorded with
    // an unreadable time) cannot be shown to be superseded, so "the latest" is unknown: block, never skip it.
    if (ms === null) {
      return fail([
        {
          code: 'coi.invalid_time',
          path: ['bagId'],
          message: `a verification of bag "${bagId}" has no readable time (${JSON.stringify(v.at)}): the latest verification cannot be determined, the infusion cannot be recorded`,
          source: SOURCE,
        },
      ])
    }
    if (ms >= latestMs) {
      latest = v
      latestMs = ms
    }
  }
  if (!latest) {
    return fail([
      {
        code: 'coi.not_verified',
        path: ['bagId'],
        message: `bag "${bagId}" has no bedside identity verification: the infusion cannot be recorded`,
        source: SOURCE,
      },
    ])
  }
  if (latest.result !== 'match') {
    return fail([
      {
        code: 'coi.latest_not_match',
        path: ['bagId'],
        message: `the latest verification of bag "${bagId}" (${latest.at}) is "${latest.result}": the infusion cannot be recorded`,
        source: SOURCE,
      },
    ])
  }
  return ok(latest)
}
