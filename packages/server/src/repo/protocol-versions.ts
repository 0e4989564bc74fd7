import { sql, type Kysely, type Transaction } from 'kysely'
import { daysBetween, type Protocol } from '@celltrial/core'
import { parsedByDigest } from './parsed-protocols.js'
import type { Database } from '../db/schema.js'
import type { AuditInput } from '../audit/chain.js'
import { AppError } from '../errors.js'
import type { SessionUser } from '../users/principal.js'

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
/** The audit writer of a transaction (ScopedRepo.write hands it over). */
export type Audit = (e: Omit<AuditInput, 'actorUserId' | 'actor'>) => Promise<void>
/** Who records a consent, and the clock of the request (a ScopedRepo is one). */
export interface Actor {
  readonly who: SessionUser
  readonly clock: () => Date
}

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
export async function consentDateOf(db: Db, subject: { id: number; created_at: string }): Promise<string> {
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
export function inferredVersion(versions: readonly StoredVersion[], consentedOn: string): StoredVersion | undefined {
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

export async function insertConsent(
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
