/**
 * Screen one candidate against one protocol: every criterion evaluated, then an overall verdict.
 *
 * Verdict: `ineligible` if any criterion is `not met`; else `incomplete` if any is `missing data` or
 * `needs attestation`; else `eligible`. (../shared/STYLE.md §8.1 names the undecided case `not-evaluable`;
 * the task brief names it `incomplete`, used here.)
 *
 * Source: task brief; ../shared/STYLE.md §8.1, §8.4 (`evaluate(protocol, patient, { asOf })`).
 */
import { isoDate } from '../dates/index.js'
import type { Protocol } from '../protocol/protocol-schema.js'
import { evaluateCriterion, type CriterionResult } from './evaluate-criterion.js'
import type { ScreeningProfile } from './profile-schema.js'

export type EligibilityVerdict = 'eligible' | 'ineligible' | 'incomplete'

export interface ScreeningResult {
  protocolId: string
  protocolVersion: string
  briefTitle: string
  asOf: string
  verdict: EligibilityVerdict
  criteria: CriterionResult[]
  /** ids of the criteria not met */
  unmet: string[]
  /** distinct missing fields over all criteria with missing data */
  missing: string[]
  /** ids of the criteria waiting for the investigator's attestation */
  pendingAttestations: string[]
}

/**
 * @param options.asOf screening date `YYYY-MM-DD` (the clock is an argument)
 * @throws RangeError when `asOf` is not a calendar date
 */
export function screenSubject(
  profile: ScreeningProfile,
  protocol: Protocol,
  options: { asOf: string },
): ScreeningResult {
  const asOf = isoDate(options.asOf)
  const protocolId = protocol.identification.registryId
  const ctx = { profile, asOf, labLookbackDays: protocol.screening.labLookbackDays }
  const criteria = protocol.eligibility.map((c) => evaluateCriterion(c, protocolId, ctx))
  const unmet = criteria.filter((c) => c.status === 'not met').map((c) => c.id)
  const missing = [...new Set(criteria.filter((c) => c.status === 'missing data').flatMap((c) => c.missing))]
  const pendingAttestations = criteria.filter((c) => c.status === 'needs attestation').map((c) => c.id)
  const verdict: EligibilityVerdict =
    unmet.length > 0
      ? 'ineligible'
      : missing.length > 0 || pendingAttestations.length > 0
        ? 'incomplete'
        : 'eligible'
  return {
    protocolId,
    protocolVersion: protocol.version.number,
    briefTitle: protocol.identification.briefTitle,
    asOf,
    verdict,
    criteria,
    unmet,
    missing,
    pendingAttestations,
  }
}
