import {
  canAccess,
  describeEndpoints,
  diffProtocolVersions,
  isCrossSiteRead,
  parseProtocol,
  parseScreeningProfile,
  prescreen,
  screenSubject,
  type Protocol,
  type ProtocolChange,
  type ScreeningProfile,
  type ScreeningResult,
} from '@celltrial/core'
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { AppError, notFound } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'
import { protocolForScreening } from './protocol-versions.js'

/**
 * The screening log, kept per site as regulators expect (ICH E6(R3) screening log): every attempt of a
 * candidate against a study's protocol, with the verdict the server computed with core's `screenSubject`
 * (the client's verdict is never trusted), re-screens linked to the failed attempt, and the investigator's
 * signed attestations (audited). Also the protocol viewer's data and cross-trial pre-screening.
 */

type Tx = Transaction<Database>

const today = (repo: ScopedRepo) => repo.clock().toISOString().slice(0, 10)

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', message, [{ path, message }])
}

/** Parse a screening profile; every schema issue becomes a 400 detail. */
export function requireProfile(json: unknown): ScreeningProfile {
  const r = parseScreeningProfile(json)
  if (!r.ok)
    throw new AppError(
      'validation_failed',
      'invalid screening profile',
      r.issues.map((i) => ({ path: ['profile', ...i.path].join('.'), message: i.message })),
    )
  return r.value
}

/** The protocol stored with a study, parsed; `conflict` when the study has no valid protocol. */
function requireProtocol(json: unknown, what: string): Protocol {
  const r = parseProtocol(typeof json === 'string' ? JSON.parse(json) : json)
  if (!r.ok) throw new AppError('conflict', `${what} has no valid protocol to screen against`)
  return r.value
}

async function studyRow(repo: ScopedRepo, studyId: number) {
  repo.require('study.read')
  const study = await repo.db
    .selectFrom('study')
    .select(['id', 'registry_id', 'title', 'protocol', 'protocol_version'])
    .where('id', '=', studyId)
    .executeTakeFirst()
  if (!study) throw notFound(`study ${studyId}`)
  return study
}

async function currentVersionId(db: ScopedRepo['db'] | Tx, studyId: number): Promise<number | null> {
  const row = await db
    .selectFrom('study_protocol_version')
    .select('id')
    .where('study_id', '=', studyId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row?.id ?? null
}

// ---- protocol viewer ---------------------------------------------------------------------------------

export interface ProtocolVersionView {
  id: number
  number: string
  effectiveDate: string
  status: string
  summary: string
  recordedAt: string
}

/**
 * A study's current protocol, its endpoint definitions in words (both languages), every recorded version and
 * the changes between consecutive versions (versions whose JSON does not parse are listed as `invalid`).
 */
export async function getStudyProtocol(repo: ScopedRepo, studyId: number) {
  const study = await studyRow(repo, studyId)
  const protocol = requireProtocol(study.protocol, `study ${study.registry_id}`)
  const rows = await repo.db
    .selectFrom('study_protocol_version')
    .select(['id', 'version_number', 'protocol', 'recorded_at'])
    .where('study_id', '=', studyId)
    .orderBy('id')
    .execute()
  const parsed = rows
    .map((r) => ({ row: r, p: parseProtocol(r.protocol) }))
    .filter((x): x is { row: (typeof rows)[number]; p: { ok: true; value: Protocol } } => x.p.ok)
  const versions: ProtocolVersionView[] = parsed.map(({ row, p }) => ({
    id: row.id,
    number: p.value.version.number,
    effectiveDate: p.value.version.effectiveDate,
    status: p.value.version.status,
    summary: p.value.version.summary,
    recordedAt: row.recorded_at,
  }))
  const diffs: { from: string; to: string; changes: ProtocolChange[] }[] = []
  for (let i = 1; i < parsed.length; i++) {
    const a = parsed[i - 1]!
    const b = parsed[i]!
    const changes = diffProtocolVersions(a.p.value, b.p.value)
    if (changes.length > 0) diffs.push({ from: a.p.value.version.number, to: b.p.value.version.number, changes })
  }
  return {
    studyId: study.id,
    registryId: study.registry_id,
    protocol,
    endpointText: {
      en: describeEndpoints(protocol.endpoints.response, { language: 'en' }),
      'zh-CN': describeEndpoints(protocol.endpoints.response, { language: 'zh-CN' }),
    },
    versions,
    diffs,
  }
}

// ---- pre-screening -----------------------------------------------------------------------------------

/** Screen a profile against every loaded study's protocol, most promising first. Nothing is stored. */
export async function prescreenAll(repo: ScopedRepo, input: { profile: unknown; asOf?: string }) {
  repo.require('study.read')
  const profile = requireProfile(input.profile)
  const studies = await repo.db.selectFrom('study').select(['id', 'registry_id', 'protocol']).orderBy('registry_id').execute()
  const protocols: Protocol[] = []
  const studyIdByRegistry = new Map<string, number>()
  for (const s of studies) {
    const r = parseProtocol(s.protocol)
    if (!r.ok) continue
    protocols.push(r.value)
    studyIdByRegistry.set(r.value.identification.registryId, s.id)
  }
  const asOf = input.asOf ?? today(repo)
  const ranked = prescreen(profile, protocols, { asOf })
  return ranked.map((r) => ({ ...r, studyId: studyIdByRegistry.get(r.protocolId) ?? null }))
}

// ---- screening log -----------------------------------------------------------------------------------

export interface ScreeningInput {
  siteId: number
  screeningNumber?: string
  subjectId?: number | null
  profile: unknown
  previousAttemptId?: number | null
}

function outcomeColumns(result: ScreeningResult) {
  return {
    outcome: result.verdict,
    failed_criteria: JSON.stringify(result.unmet),
    missing_fields: JSON.stringify(result.missing),
    pending_attestations: JSON.stringify(result.pendingAttestations),
    result: JSON.stringify(result.criteria),
  }
}

/**
 * Screen a candidate against a study's current protocol and store the attempt in the site's log.
 * Attestations are never taken from the client: they are signed afterwards, one criterion at a time.
 * A re-screen names the failed (or incomplete) attempt it repeats.
 */
export async function createScreeningAttempt(repo: ScopedRepo, studyId: number, input: ScreeningInput) {
  repo.require('subject.enrol', input.siteId, 'screen candidates at this site')
  const study = await studyRow(repo, studyId)
  const current = requireProtocol(study.protocol, `study ${study.registry_id}`)
  const link = await repo.db
    .selectFrom('study_site')
    .select('site_id')
    .where('study_id', '=', studyId)
    .where('site_id', '=', input.siteId)
    .executeTakeFirst()
  if (!link) throw invalid('siteId', `site ${input.siteId} does not take part in study ${studyId}`)
  const profile = requireProfile(input.profile)
  if (profile.attestations.length > 0)
    throw invalid('profile.attestations', 'attestations are signed by an investigator on the saved attempt, not sent with the profile')

  let previous: { id: number; screening_number: string; subject_id: number | null } | undefined
  if (input.previousAttemptId != null) {
    const prev = await repo.db.selectFrom('screening_attempt').selectAll().where('id', '=', input.previousAttemptId).executeTakeFirst()
    if (!prev || prev.study_id !== studyId || !canAccess(repo.who, 'subject.read', prev.site_id))
      throw notFound(`screening attempt ${input.previousAttemptId}`)
    if (prev.site_id !== input.siteId) throw invalid('previousAttemptId', 'a re-screen is logged at the site of the first attempt')
    if (prev.outcome === 'eligible') throw new AppError('conflict', 'an eligible candidate is not re-screened')
    if (prev.voided_at) throw new AppError('conflict', 'a voided attempt is not re-screened')
    previous = prev
  }
  const screeningNumber = input.screeningNumber ?? previous?.screening_number
  if (!screeningNumber) throw invalid('screeningNumber', 'a subject code or screening number is required')
  if (input.subjectId != null) {
    const subject = await repo.db.selectFrom('subject').select(['id', 'study_id', 'site_id']).where('id', '=', input.subjectId).executeTakeFirst()
    if (!subject || subject.study_id !== studyId || subject.site_id !== input.siteId)
      throw invalid('subjectId', 'not a subject of this study at this site')
  }

  const screenedOn = today(repo)
  // a subject is re-screened against its consented protocol version (protocol-versions.ts, issue 3 item 1)
  const chosen = await protocolForScreening(repo.db, studyId, input.subjectId ?? previous?.subject_id ?? null, screenedOn)
  const protocol = chosen?.protocol ?? current
  const result = screenSubject({ ...profile, subjectId: screeningNumber }, protocol, { asOf: screenedOn })
  return repo.write(async (tx, audit) => {
    if (previous) {
      const taken = await tx.selectFrom('screening_attempt').select('id').where('previous_attempt_id', '=', previous.id).executeTakeFirst()
      if (taken) throw new AppError('conflict', `attempt ${previous.id} has already been re-screened (attempt ${taken.id})`)
    } else {
      const clash = await tx
        .selectFrom('screening_attempt')
        .select('id')
        .where('study_id', '=', studyId)
        .where('screening_number', '=', screeningNumber)
        .executeTakeFirst()
      if (clash)
        throw new AppError('conflict', `screening number ${screeningNumber} is already in the log (attempt ${clash.id}); re-screen that attempt instead`)
    }
    const row = await tx
      .insertInto('screening_attempt')
      .values({
        study_id: studyId,
        site_id: input.siteId,
        screening_number: screeningNumber,
        subject_id: input.subjectId ?? previous?.subject_id ?? null,
        screened_on: screenedOn,
        profile: JSON.stringify({ ...profile, subjectId: screeningNumber }),
        protocol_version: protocol.version.number,
        protocol_version_id: chosen?.versionId ?? (await currentVersionId(tx, studyId)),
        ...outcomeColumns(result),
        previous_attempt_id: previous?.id ?? null,
        created_by: repo.who.userId,
        voided_at: null,
        void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({
      action: previous ? 'rescreen' : 'create',
      entity: 'screening_attempt',
      entityId: row.id,
      siteId: row.site_id,
      newValue: { screeningNumber, outcome: row.outcome, protocolVersion: row.protocol_version, previousAttemptId: row.previous_attempt_id },
    })
    return { ...row, attestations: [] as AttestationRow[], criteria: result.criteria }
  })
}

interface AttestationRow {
  id: number
  attempt_id: number
  criterion_id: string
  satisfied: boolean
  comment: string | null
  signed_by_name: string
  signed_at: string
}

async function attestationsOf(db: ScopedRepo['db'] | Tx, attemptIds: number[]): Promise<AttestationRow[]> {
  if (attemptIds.length === 0) return []
  return db
    .selectFrom('screening_attestation')
    .select(['id', 'attempt_id', 'criterion_id', 'satisfied', 'comment', 'signed_by_name', 'signed_at'])
    .where('attempt_id', 'in', attemptIds)
    .orderBy('id')
    .execute()
}

/** The screening log of a study: the attempts at the sites the caller may read (optionally one site). */
export async function listScreeningLog(repo: ScopedRepo, studyId: number, siteId?: number) {
  await studyRow(repo, studyId)
  if (siteId !== undefined) repo.require('subject.read', siteId, "read this site's screening log")
  let q = repo.db
    .selectFrom('screening_attempt')
    .innerJoin('site', 'site.id', 'screening_attempt.site_id')
    .select([
      'screening_attempt.id', 'screening_attempt.site_id', 'site.code as site_code', 'screening_attempt.screening_number',
      'screening_attempt.subject_id', 'screening_attempt.screened_on', 'screening_attempt.protocol_version',
      'screening_attempt.outcome', 'screening_attempt.failed_criteria', 'screening_attempt.missing_fields',
      'screening_attempt.pending_attestations', 'screening_attempt.previous_attempt_id', 'screening_attempt.created_at',
      'screening_attempt.voided_at',
    ])
    .where('screening_attempt.study_id', '=', studyId)
  if (siteId !== undefined) q = q.where('screening_attempt.site_id', '=', siteId)
  const rows = (await q.orderBy('screening_attempt.id').execute()).filter((r) => canAccess(repo.who, 'subject.read', r.site_id))
  const atts = await attestationsOf(repo.db, rows.map((r) => r.id))
  const nextOf = new Map(rows.filter((r) => r.previous_attempt_id !== null).map((r) => [r.previous_attempt_id!, r.id]))
  return rows.map((r) => ({
    ...r,
    rescreened_by: nextOf.get(r.id) ?? null,
    attestations: atts.filter((a) => a.attempt_id === r.id),
  }))
}

async function attemptFor(repo: ScopedRepo, attemptId: number) {
  const row = await repo.db.selectFrom('screening_attempt').selectAll().where('id', '=', attemptId).executeTakeFirst()
  // the same answer for "absent" and "not yours"
  if (!row || !canAccess(repo.who, 'subject.read', row.site_id)) throw notFound(`screening attempt ${attemptId}`)
  return row
}

/** One attempt with its profile, per-criterion result and signatures; a cross-site read is audited. */
export async function getScreeningAttempt(repo: ScopedRepo, attemptId: number) {
  const row = await attemptFor(repo, attemptId)
  if (isCrossSiteRead(repo.who, row.site_id))
    await repo.write((_tx, audit) => audit({ action: 'read', entity: 'screening_attempt', entityId: row.id, siteId: row.site_id }))
  const next = await repo.db.selectFrom('screening_attempt').select('id').where('previous_attempt_id', '=', row.id).executeTakeFirst()
  return { ...row, rescreened_by: next?.id ?? null, attestations: await attestationsOf(repo.db, [row.id]) }
}

async function protocolOfAttempt(repo: ScopedRepo, row: { study_id: number; protocol_version_id: number | null }): Promise<Protocol> {
  const version = row.protocol_version_id
    ? await repo.db.selectFrom('study_protocol_version').select('protocol').where('id', '=', row.protocol_version_id).executeTakeFirst()
    : await repo.db.selectFrom('study').select('protocol').where('id', '=', row.study_id).executeTakeFirst()
  return requireProtocol(version?.protocol, `screening attempt's study`)
}

/**
 * An investigator signs one attestation criterion of an attempt; the server re-evaluates the attempt with
 * every signature so far and stores the new verdict. Signature and re-evaluation are audited together.
 */
export async function signAttestation(
  repo: ScopedRepo,
  attemptId: number,
  input: { criterionId: string; satisfied: boolean; comment?: string | null },
) {
  const row = await attemptFor(repo, attemptId)
  repo.require('form.sign', row.site_id, 'sign screening attestations at this site')
  if (row.voided_at) throw new AppError('conflict', 'the attempt is voided')
  const protocol = await protocolOfAttempt(repo, row)
  const criterion = protocol.eligibility.find((c) => c.id === input.criterionId)
  if (!criterion) throw invalid('criterionId', `no criterion ${input.criterionId} in protocol version ${row.protocol_version}`)
  if (criterion.rule.kind === 'computable') throw invalid('criterionId', `${input.criterionId} is computed from the profile, not attested`)
  const now = repo.clock()
  return repo.write(async (tx, audit) => {
    const next = await tx.selectFrom('screening_attempt').select('id').where('previous_attempt_id', '=', row.id).executeTakeFirst()
    if (next) throw new AppError('conflict', `attempt ${row.id} was re-screened (attempt ${next.id}); sign on the new attempt`)
    const signed = await tx
      .selectFrom('screening_attestation')
      .select('id')
      .where('attempt_id', '=', row.id)
      .where('criterion_id', '=', input.criterionId)
      .executeTakeFirst()
    if (signed) throw new AppError('conflict', `${input.criterionId} is already signed on this attempt`)
    const att = await tx
      .insertInto('screening_attestation')
      .values({
        attempt_id: row.id,
        criterion_id: input.criterionId,
        satisfied: input.satisfied,
        comment: input.comment ?? null,
        signed_by: repo.who.userId,
        signed_by_name: repo.who.displayName,
        signed_at: now.toISOString(),
      })
      .returning(['id', 'attempt_id', 'criterion_id', 'satisfied', 'comment', 'signed_by_name', 'signed_at'])
      .executeTakeFirstOrThrow()
    const all = await attestationsOf(tx, [row.id])
    const profile = requireProfile(row.profile)
    const withSignatures: ScreeningProfile = {
      ...profile,
      attestations: all.map((a) => ({
        protocolId: protocol.identification.registryId,
        criterionId: a.criterion_id,
        satisfied: a.satisfied,
        signedBy: a.signed_by_name,
        signedOn: a.signed_at.slice(0, 10),
      })),
    }
    const result = screenSubject(withSignatures, protocol, { asOf: row.screened_on })
    const updated = await tx
      .updateTable('screening_attempt')
      .set({ profile: JSON.stringify(withSignatures), ...outcomeColumns(result) })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({
      action: 'sign',
      entity: 'screening_attestation',
      entityId: att.id,
      siteId: row.site_id,
      newValue: { attemptId: row.id, criterionId: att.criterion_id, satisfied: att.satisfied, comment: att.comment },
    })
    if (updated.outcome !== row.outcome)
      await audit({
        action: 'update',
        entity: 'screening_attempt',
        entityId: row.id,
        siteId: row.site_id,
        oldValue: { outcome: row.outcome },
        newValue: { outcome: updated.outcome },
        reason: `attestation ${att.criterion_id} signed`,
      })
    return { ...updated, attestations: all, criteria: result.criteria }
  })
}
