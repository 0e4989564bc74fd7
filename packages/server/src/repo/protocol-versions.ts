import { sql, type Kysely, type Transaction } from 'kysely'
import {
  checkAmendment,
  daysBetween,
  describeProtocolChanges,
  isIsoDate,
  parseProtocol,
  type Protocol,
} from '@celltrial/core'
import { parsedByDigest } from './parsed-protocols.js'
import type { Database } from '../db/schema.js'
import { AppError, notFound } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'

/**
 * Protocol amendments and the version each subject is on.
 *
 * An amendment is a new `study_protocol_version` row (nothing is overwritten); the study's `protocol` column
 * then points at the newest version for study-level uses (pre-screening, the escalation panel, the report).
 * Every per-subject computation (re-screening, visit schedule, response evaluation and thresholds, dosing
 * limits, the DLT window) uses the version of the subject's consent through `protocolForSubject`, until
 * the subject is re-consented to a later version (an explicit, audited act).
 *
 * Source: task brief issue 3 item 1 ("Amendments make a new version; each subject stays on the version of
 * its consent until re-consented"); ../shared/domain/README.md "Configuration" (log the configuration
 * version used for every derived result: the derived response records the subject's version number).
 */

type Db = Kysely<Database> | Transaction<Database>
type Audit = Parameters<Parameters<ScopedRepo['write']>[0]>[1]
/** Who records a consent, and the clock of the request. */
type Actor = Pick<ScopedRepo, 'who' | 'clock'>

/** One recorded version of a study's protocol whose JSON parses with core's schema. */
export interface StoredVersion {
  id: number
  number: string
  effectiveDate: string
  status: string
  supersedes: string | null
  summary: string
  recordedAt: string
  protocol: Protocol
}

/** The versions of a study that parse, oldest recorded first (rows that do not parse are left out). */
export async function studyVersions(db: Db, studyId: number): Promise<StoredVersion[]> {
  // digests, not the JSON: parsed versions are shared by the requests of this process (parsed-protocols.ts)
  const rows = await db
    .selectFrom('study_protocol_version')
    .select(['id', 'recorded_at', sql<string>`coalesce(protocol_md5, md5(protocol::text))`.as('digest')])
    .where('study_id', '=', studyId)
    .orderBy('id')
    .execute()
  const out: StoredVersion[] = []
  for (const r of rows) {
    const p = await parsedByDigest(r.digest, () => versionJson(db, r.id))
    if (!p.ok) continue
    const v = p.value.version
    out.push({ id: r.id, number: v.number, effectiveDate: v.effectiveDate, status: v.status, supersedes: v.supersedes, summary: v.summary, recordedAt: r.recorded_at, protocol: p.value })
  }
  return out
}

async function versionJson(db: Db, id: number): Promise<unknown> {
  const row = await db.selectFrom('study_protocol_version').select('protocol').where('id', '=', id).executeTakeFirstOrThrow()
  return row.protocol
}

/**
 * The version in force on `on`: the latest effective date on or before it (the later recorded on a tie).
 * @returns undefined when no version is effective yet on that date
 */
export function versionInForce<V extends { id: number; effectiveDate: string }>(versions: readonly V[], on: string): V | undefined {
  let best: V | undefined
  for (const v of versions) {
    if (daysBetween(v.effectiveDate, on) < 0) continue
    if (!best || daysBetween(best.effectiveDate, v.effectiveDate) > 0 || (v.effectiveDate === best.effectiveDate && v.id > best.id)) best = v
  }
  return best
}

/** The subject's consent date: its journey's `consent` event (not voided), else the day it was recorded. */
async function consentDateOf(db: Db, subject: { id: number; created_at: string }): Promise<string> {
  const consent = await db
    .selectFrom('subject_event')
    .select('occurred_on')
    .where('subject_id', '=', subject.id)
    .where('event_type', '=', 'consent')
    .where('voided_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst()
  return consent?.occurred_on ?? subject.created_at.slice(0, 10)
}

/** Where a subject's protocol comes from. */
export interface SubjectProtocol {
  protocol: Protocol
  versionId: number
  versionNumber: string
  effectiveDate: string
  /** date of the consent (or re-consent) that put the subject on this version */
  consentedOn: string
  /** true when a consent row names the version; false when inferred from the consent date (see below) */
  pinned: boolean
}

/**
 * The version a subject without a consent row is on: the one in force on its consent date, else (consent
 * before the first version's effective date, e.g. history entered later) the earliest version.
 */
function inferredVersion(versions: readonly StoredVersion[], consentedOn: string): StoredVersion | undefined {
  return versionInForce(versions, consentedOn) ?? [...versions].sort((a, b) => daysBetween(b.effectiveDate, a.effectiveDate) || a.id - b.id)[0]
}

/**
 * The protocol of one subject: the version of its latest consent (re-consent included). Subjects recorded
 * without a consent row (loaded data) are on the version in force on their consent date; an amendment
 * upload pins them first, so their version never moves without a re-consent.
 * @throws AppError `conflict` when the study has no valid protocol version
 */
export async function protocolForSubject(db: Db, subject: { id: number; study_id: number; created_at: string }): Promise<SubjectProtocol> {
  const pin = await db
    .selectFrom('subject_consent')
    .innerJoin('study_protocol_version as v', 'v.id', 'subject_consent.protocol_version_id')
    .select(['v.id', sql<string>`coalesce(v.protocol_md5, md5(v.protocol::text))`.as('digest'), 'subject_consent.consented_on'])
    .where('subject_consent.subject_id', '=', subject.id)
    .orderBy('subject_consent.id', 'desc')
    .executeTakeFirst()
  if (pin) {
    const p = await parsedByDigest(pin.digest, () => versionJson(db, pin.id))
    if (!p.ok) throw new AppError('conflict', `protocol version ${pin.id} of the subject's consent does not parse`)
    return { protocol: p.value, versionId: pin.id, versionNumber: p.value.version.number, effectiveDate: p.value.version.effectiveDate, consentedOn: pin.consented_on, pinned: true }
  }
  const versions = await studyVersions(db, subject.study_id)
  const consentedOn = await consentDateOf(db, subject)
  const v = inferredVersion(versions, consentedOn)
  if (!v) throw new AppError('conflict', 'the study has no valid protocol loaded')
  return { protocol: v.protocol, versionId: v.id, versionNumber: v.number, effectiveDate: v.effectiveDate, consentedOn, pinned: false }
}

/**
 * The raw JSON and version number of the subject's protocol version, for readers that parse only a part of
 * it (the escalation design, the response parameters). Same resolution as `protocolForSubject`; when no
 * version of the study parses whole, the study's current protocol.
 */
export async function protocolJsonForSubject(db: Db, subject: { id: number; study_id: number; created_at: string }): Promise<{ json: unknown; versionNumber: string }> {
  try {
    const own = await protocolForSubject(db, subject)
    return { json: own.protocol, versionNumber: own.versionNumber }
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'conflict') throw e
    const study = await db.selectFrom('study').select(['protocol', 'protocol_version']).where('id', '=', subject.study_id).executeTakeFirstOrThrow()
    return { json: study.protocol, versionNumber: study.protocol_version }
  }
}

/**
 * The protocol a screening attempt is evaluated against: a subject's consented version (re-screening an
 * enrolled subject); for a new candidate, the version in force on the screening date, else the newest.
 * @returns null when the study has no valid version (the caller reports it)
 */
export async function protocolForScreening(db: Db, studyId: number, subjectId: number | null, on: string): Promise<{ protocol: Protocol; versionId: number } | null> {
  if (subjectId !== null) {
    const subject = await db.selectFrom('subject').select(['id', 'study_id', 'created_at']).where('id', '=', subjectId).executeTakeFirst()
    if (subject && subject.study_id === studyId) {
      const own = await protocolForSubject(db, subject)
      return { protocol: own.protocol, versionId: own.versionId }
    }
  }
  const versions = await studyVersions(db, studyId)
  const v = versionInForce(versions, on) ?? versions.at(-1)
  return v ? { protocol: v.protocol, versionId: v.id } : null
}

/**
 * Record the consent of a new subject to the version in force on `on` (inside the caller's transaction and
 * audited there). Nothing is recorded while the study has no valid protocol: the subject is then pinned by
 * the first amendment upload.
 */
export async function recordInitialConsent(tx: Transaction<Database>, audit: Audit, actor: Actor, subject: { id: number; study_id: number; site_id: number }, on: string) {
  const versions = await studyVersions(tx, subject.study_id)
  const v = inferredVersion(versions, on)
  if (!v) return null
  return insertConsent(tx, audit, actor, subject, v, on, 'consent', null)
}

async function insertConsent(
  tx: Transaction<Database>,
  audit: Audit,
  actor: Actor,
  subject: { id: number; site_id: number },
  v: { id: number; number: string },
  on: string,
  kind: 'consent' | 're-consent',
  note: string | null,
) {
  const row = await tx
    .insertInto('subject_consent')
    .values({ subject_id: subject.id, protocol_version_id: v.id, version_number: v.number, consented_on: on, kind, note, recorded_by: actor.who.userId, recorded_by_name: actor.who.username, recorded_at: actor.clock().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow()
  await audit({ action: kind, entity: 'subject_consent', entityId: row.id, siteId: subject.site_id, newValue: { subjectId: subject.id, protocolVersionId: v.id, versionNumber: v.number, consentedOn: on }, reason: note })
  return row
}

// ---- the version list, diffs and uploads ---------------------------------------------------------------

async function requireStudy(repo: ScopedRepo, studyId: number) {
  repo.require('study.read')
  const study = await repo.db.selectFrom('study').select(['id', 'registry_id']).where('id', '=', studyId).executeTakeFirst()
  if (!study) throw notFound(`study ${studyId}`)
  return study
}

const today = (repo: ScopedRepo) => repo.clock().toISOString().slice(0, 10)

/** A version as the API lists it. */
export interface VersionView {
  id: number
  number: string
  effectiveDate: string
  status: string
  supersedes: string | null
  summary: string
  recordedAt: string
  /** in force today for new consents */
  inForce: boolean
  /** the newest version (the study's current protocol) */
  latest: boolean
}

const view = (v: StoredVersion, inForceId: number | undefined, latestId: number | undefined): VersionView => ({
  id: v.id, number: v.number, effectiveDate: v.effectiveDate, status: v.status, supersedes: v.supersedes, summary: v.summary, recordedAt: v.recordedAt,
  inForce: v.id === inForceId, latest: v.id === latestId,
})

/** Every valid version of a study with its effective date, which one is in force today and which is the newest. */
export async function listProtocolVersions(repo: ScopedRepo, studyId: number) {
  const study = await requireStudy(repo, studyId)
  const versions = await studyVersions(repo.db, studyId)
  const inForce = versionInForce(versions, today(repo))?.id
  const latest = versions.at(-1)?.id
  return { studyId, registryId: study.registry_id, today: today(repo), versions: versions.map((v) => view(v, inForce, latest)) }
}

/**
 * The changes from version `fromId` to version `toId` of a study, in words (core `describeProtocolChanges`).
 * Without `toId`: the newest version; without `fromId`: the version recorded before `to` (itself if none).
 */
export async function diffStudyVersions(repo: ScopedRepo, studyId: number, fromId?: number, toId?: number) {
  const study = await requireStudy(repo, studyId)
  const versions = await studyVersions(repo.db, studyId)
  if (versions.length === 0) throw new AppError('conflict', `study ${study.registry_id} has no valid protocol version`)
  const find = (id: number, path: string) => {
    const v = versions.find((x) => x.id === id)
    if (!v) throw new AppError('validation_failed', `no protocol version ${id} in study ${study.registry_id}`, [{ path, message: `no version ${id} in this study` }])
    return v
  }
  const b = toId === undefined ? versions.at(-1)! : find(toId, 'to')
  const a = fromId === undefined ? (versions[versions.indexOf(b) - 1] ?? b) : find(fromId, 'from')
  return {
    from: { id: a.id, number: a.number, effectiveDate: a.effectiveDate },
    to: { id: b.id, number: b.number, effectiveDate: b.effectiveDate },
    changes: describeProtocolChanges(a.protocol, b.protocol),
  }
}

/**
 * Upload an amended protocol as a new version (`study.configure`, packages/core/src/access/roles.ts).
 * The JSON is validated by core's schema (every error with its path, under `protocol.`), then as an
 * amendment of the newest version (core `checkAmendment`: same registry id, `supersedes` names the newest
 * version, the number increases, the effective date is not before the newest version's). Subjects not yet
 * pinned to a version are pinned to the one they are on first, so the new version changes nobody's protocol.
 * @throws AppError `validation_failed` listing every problem, `forbidden`, `not_found`
 */
export async function uploadProtocolVersion(repo: ScopedRepo, studyId: number, input: { protocol: unknown; note?: string | null }) {
  repo.require('study.configure', undefined, 'upload protocol amendments')
  const study = await requireStudy(repo, studyId)
  const parsed = parseProtocol(input.protocol)
  if (!parsed.ok)
    throw new AppError(
      'validation_failed',
      `the protocol file has ${parsed.issues.length} schema ${parsed.issues.length === 1 ? 'error' : 'errors'}`,
      parsed.issues.map((i) => ({ path: ['protocol', ...i.path].join('.'), message: i.message })),
    )
  const next = parsed.value
  const note = input.note?.trim() || null
  return repo.write(async (tx, audit) => {
    // one upload at a time per study: the newest version is read under the study row's lock
    await tx.selectFrom('study').select('id').where('id', '=', studyId).forUpdate().executeTakeFirstOrThrow()
    const versions = await studyVersions(tx, studyId)
    const current = versions.at(-1)
    const issues = current
      ? (checkAmendment(current.protocol, next).issues ?? [])
      : next.identification.registryId === study.registry_id
        ? []
        : [{ code: 'registry_id_changed', path: ['identification', 'registryId'], message: `the study is ${study.registry_id}, the file is ${next.identification.registryId}` }]
    if (current && versions.some((v) => v.number === next.version.number) && !issues.some((i) => i.code === 'version_not_increased'))
      issues.push({ code: 'version_exists', path: ['version', 'number'], message: `version ${next.version.number} is already recorded` })
    if (issues.length > 0)
      throw new AppError(
        'validation_failed',
        `not a valid amendment of ${study.registry_id}${current ? ` version ${current.number}` : ''}`,
        issues.map((i) => ({ path: ['protocol', ...i.path].join('.'), message: i.message })),
      )

    const subjects = await tx
      .selectFrom('subject')
      .select(['id', 'study_id', 'site_id', 'created_at'])
      .where('study_id', '=', studyId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('subject_consent').select('subject_consent.id').whereRef('subject_consent.subject_id', '=', 'subject.id'))))
      .orderBy('id')
      .execute()
    for (const s of subjects) {
      const consentedOn = await consentDateOf(tx, s)
      const v = inferredVersion(versions, consentedOn)
      if (v) await insertConsent(tx, audit, repo, s, v, consentedOn, 'consent', `recorded when version ${next.version.number} was uploaded: the version in force at consent`)
    }

    const json = JSON.stringify(next)
    const row = await tx
      .insertInto('study_protocol_version')
      .values({ study_id: studyId, version_number: next.version.number, protocol: json })
      .returning(['id', 'recorded_at'])
      .executeTakeFirstOrThrow()
    await tx.updateTable('study').set({ protocol: json, protocol_version: next.version.number }).where('id', '=', studyId).execute()
    const changes = current ? describeProtocolChanges(current.protocol, next) : []
    await audit({
      action: 'amend',
      entity: 'study_protocol_version',
      entityId: row.id,
      oldValue: current ? { versionId: current.id, number: current.number, effectiveDate: current.effectiveDate } : undefined,
      newValue: { studyId, number: next.version.number, effectiveDate: next.version.effectiveDate, changes: changes.map((c) => c.text) },
      reason: note ?? next.version.summary,
    })
    return {
      version: { id: row.id, number: next.version.number, effectiveDate: next.version.effectiveDate, status: next.version.status, supersedes: next.version.supersedes, summary: next.version.summary, recordedAt: row.recorded_at },
      changes,
      pinnedSubjects: subjects.length,
    }
  })
}

// ---- consent version of a subject ----------------------------------------------------------------------

/** The subject's consents, the version it is on and the versions it may be re-consented to. */
export async function subjectConsent(repo: ScopedRepo, subjectId: number) {
  const subject = await repo.getSubject(subjectId)
  const current = await protocolForSubject(repo.db, subject)
  const history = await repo.db
    .selectFrom('subject_consent')
    .select(['id', 'protocol_version_id', 'version_number', 'consented_on', 'kind', 'note', 'recorded_by_name', 'recorded_at'])
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute()
  const versions = await studyVersions(repo.db, subject.study_id)
  const later = versions.filter((v) => v.id !== current.versionId && daysBetween(current.effectiveDate, v.effectiveDate) >= 0 && v.id > current.versionId)
  return {
    subjectId,
    current: { versionId: current.versionId, number: current.versionNumber, effectiveDate: current.effectiveDate, consentedOn: current.consentedOn, pinned: current.pinned },
    history,
    laterVersions: later.map((v) => ({ id: v.id, number: v.number, effectiveDate: v.effectiveDate, summary: v.summary })),
  }
}

/**
 * Re-consent a subject to a later protocol version (`subject.enrol` at the subject's site). The version must
 * be newer than the subject's and in force on the re-consent date; the date is not in the future and not
 * before the subject's current consent.
 * @throws AppError `validation_failed` naming the field, `forbidden`, `not_found`
 */
export async function reconsentSubject(repo: ScopedRepo, subjectId: number, input: { versionId: number; on: string; note?: string | null }) {
  const subject = await repo.getSubject(subjectId)
  repo.require('subject.enrol', subject.site_id, 're-consent subjects at this site')
  const bad = (path: string, message: string) => new AppError('validation_failed', `cannot re-consent ${subject.code}: ${message}`, [{ path, message }])
  if (!isIsoDate(input.on)) throw bad('on', `not a calendar date: ${input.on}`)
  if (daysBetween(today(repo), input.on) > 0) throw bad('on', `${input.on} is after today (${today(repo)})`)
  return repo.write(async (tx, audit) => {
    await tx.selectFrom('subject').select('id').where('id', '=', subjectId).forUpdate().executeTakeFirstOrThrow()
    const current = await protocolForSubject(tx, subject)
    const versions = await studyVersions(tx, subject.study_id)
    const target = versions.find((v) => v.id === input.versionId)
    if (!target) throw bad('versionId', `no protocol version ${input.versionId} in study ${subject.registry_id}`)
    if (target.id === current.versionId) throw bad('versionId', `the subject is already on version ${target.number}`)
    if (target.id < current.versionId || daysBetween(current.effectiveDate, target.effectiveDate) < 0)
      throw bad('versionId', `version ${target.number} is not later than the subject's version ${current.versionNumber}`)
    if (daysBetween(target.effectiveDate, input.on) < 0) throw bad('on', `version ${target.number} takes effect on ${target.effectiveDate}, after ${input.on}`)
    if (daysBetween(current.consentedOn, input.on) < 0) throw bad('on', `${input.on} is before the subject's consent to version ${current.versionNumber} on ${current.consentedOn}`)
    if (!current.pinned) await insertConsent(tx, audit, repo, subject, { id: current.versionId, number: current.versionNumber }, current.consentedOn, 'consent', 'the version in force at consent, recorded before the re-consent')
    const row = await insertConsent(tx, audit, repo, subject, target, input.on, 're-consent', input.note?.trim() || null)
    return { ...row, from: { versionId: current.versionId, number: current.versionNumber } }
  })
}
