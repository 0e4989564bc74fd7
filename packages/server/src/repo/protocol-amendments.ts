import {
  checkAmendment,
  daysBetween,
  describeProtocolChanges,
  isIsoDate,
  parseProtocol,
} from '@celltrial/core'
import { AppError, notFound } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'
import { consentDateOf, inferredVersion, insertConsent, protocolForSubject, studyVersions, versionInForce, type StoredVersion } from './protocol-versions.js'

/**
 * Protocol amendments as a user does them through the API: the study's version list and diffs, uploading a new
 * version (checked against the one before), a subject's consent and re-consent to a later version. The stored
 * versions and each subject's version are read in protocol-versions.ts, which every per-subject computation uses.
 */

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
