/**
 * Review of captured data: field-level data queries (raised by monitors and data managers, answered by the site,
 * closed only by their author) and source data verification marks (monitors; reset when the data change).
 * Source: ICH E6(R3) §3.11.4 (monitoring: monitors verify and query, never enter data), §4.2 (data governance).
 */
import { canAccess, toEpochDay } from '@celltrial/core'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { AppError, forbidden, notFound } from '../errors.js'
import { captureSubject, json, loadRecord } from './common.js'

async function loadQuery(repo: ScopedRepo, queryId: number) {
  const q = await repo.db.selectFrom('data_query').selectAll().where('id', '=', queryId).executeTakeFirst()
  if (!q) throw notFound(`query ${queryId}`)
  const record = await loadRecord(repo, q.form_record_id)
  return { q, record }
}

/** Field paths are dotted paths into the form data ('' = the whole form); the top-level field must exist. */
function checkFieldPath(data: unknown, fieldPath: string) {
  if (fieldPath === '') return
  const top = fieldPath.split('.')[0]!
  if (!data || typeof data !== 'object' || !(top in data))
    throw new AppError('validation_failed', `no field ${fieldPath} in this form`, [{ path: 'fieldPath', message: `unknown field ${fieldPath}` }])
}

export async function raiseQuery(repo: ScopedRepo, recordId: number, input: { fieldPath: string; text: string }) {
  const record = await loadRecord(repo, recordId)
  repo.require('query.raise', record.site_id, 'raise queries on this site')
  if (record.voided_at) throw new AppError('conflict', `form record ${recordId} is voided`)
  checkFieldPath(json(record.data), input.fieldPath)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const row = await tx
      .insertInto('data_query')
      .values({ form_record_id: record.id, field_path: input.fieldPath, text: input.text.trim(), raised_by: repo.who.userId, raised_at: now, status: 'open', answer: null, answered_by: null, answered_at: null, closed_by: null, closed_at: null, close_note: null })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'data_query', entityId: row.id, siteId: record.site_id, newValue: { formRecordId: record.id, fieldPath: row.field_path, text: row.text } })
    return row
  })
}

export async function answerQuery(repo: ScopedRepo, queryId: number, input: { answer: string }) {
  const { q, record } = await loadQuery(repo, queryId)
  repo.require('query.answer', record.site_id, 'answer queries at this site')
  if (q.status !== 'open') throw new AppError('illegal_transition', `query ${queryId} is ${q.status}, only an open query can be answered`)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const row = await tx.updateTable('data_query').set({ status: 'answered', answer: input.answer.trim(), answered_by: repo.who.userId, answered_at: now }).where('id', '=', q.id).where('status', '=', 'open').returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'update', entity: 'data_query', entityId: q.id, siteId: record.site_id, oldValue: { status: q.status }, newValue: { status: 'answered', answer: row.answer } })
    return row
  })
}

/** Close a query: only its author. An answered query may also be sent back (`reopen`) with a further question. */
export async function closeQuery(repo: ScopedRepo, queryId: number, input: { note?: string | null; reopen?: boolean }) {
  const { q, record } = await loadQuery(repo, queryId)
  repo.require('query.raise', record.site_id, 'review queries on this site')
  if (q.raised_by !== repo.who.userId) throw forbidden('only the author of a query may close or reopen it')
  if (q.status === 'closed') throw new AppError('illegal_transition', `query ${queryId} is already closed`)
  if (input.reopen && q.status !== 'answered') throw new AppError('illegal_transition', `query ${queryId} is ${q.status}: only an answered query can be reopened`)
  const now = repo.clock().toISOString()
  const note = input.note?.trim() || null
  return repo.write(async (tx, audit) => {
    const row = input.reopen
      ? await tx.updateTable('data_query').set({ status: 'open', text: `${q.text}\n---\n${note ?? ''}`.trim() }).where('id', '=', q.id).returningAll().executeTakeFirstOrThrow()
      : await tx.updateTable('data_query').set({ status: 'closed', closed_by: repo.who.userId, closed_at: now, close_note: note }).where('id', '=', q.id).returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'update', entity: 'data_query', entityId: q.id, siteId: record.site_id, oldValue: { status: q.status }, newValue: { status: row.status, note }, reason: note })
    return row
  })
}

const QUERY_COLUMNS = [
  'data_query.id', 'data_query.form_record_id', 'data_query.field_path', 'data_query.text', 'data_query.status', 'data_query.raised_at',
  'data_query.answer', 'data_query.answered_at', 'data_query.closed_at', 'data_query.raised_by',
  'form_record.form_type', 'form_record.observed_on', 'subject.id as subject_id', 'subject.code as subject_code', 'form_record.site_id',
] as const

/** Queries of a site (open and answered by default), with their age in days. */
export async function siteQueries(repo: ScopedRepo, siteId: number, options: { status?: 'open' | 'answered' | 'closed' | 'unresolved' } = {}) {
  repo.require('subject.read', siteId, 'read this site')
  const status = options.status ?? 'unresolved'
  let q = repo.db
    .selectFrom('data_query')
    .innerJoin('form_record', 'form_record.id', 'data_query.form_record_id')
    .innerJoin('subject', 'subject.id', 'form_record.subject_id')
    .innerJoin('app_user', 'app_user.id', 'data_query.raised_by')
    .select([...QUERY_COLUMNS, 'app_user.username as raised_by_name'])
    .where('form_record.site_id', '=', siteId)
  q = status === 'unresolved' ? q.where('data_query.status', '<>', 'closed') : q.where('data_query.status', '=', status)
  const rows = await q.orderBy('data_query.raised_at').execute()
  const today = toEpochDay(repo.clock().toISOString().slice(0, 10))
  return rows.map((r) => ({ ...r, ageDays: today - toEpochDay(r.raised_at.slice(0, 10)) }))
}

/** Queries of a subject, every status. */
export async function subjectQueries(repo: ScopedRepo, subjectId: number) {
  const subject = await captureSubject(repo, subjectId)
  return repo.db
    .selectFrom('data_query')
    .innerJoin('form_record', 'form_record.id', 'data_query.form_record_id')
    .innerJoin('subject', 'subject.id', 'form_record.subject_id')
    .select([...QUERY_COLUMNS])
    .where('form_record.subject_id', '=', subject.id)
    .orderBy('data_query.id')
    .execute()
}

/** Mark fields (or the whole form, no `fieldPaths`) as verified against source, at the record's current version. */
export async function markSdv(repo: ScopedRepo, recordId: number, input: { fieldPaths?: string[] }) {
  const record = await loadRecord(repo, recordId)
  repo.require('sdv.mark', record.site_id, 'verify source data at this site')
  if (record.voided_at) throw new AppError('conflict', `form record ${recordId} is voided`)
  if (record.status === 'draft') throw new AppError('conflict', `form record ${recordId} is a draft: verify it once saved`)
  const paths = input.fieldPaths && input.fieldPaths.length > 0 ? [...new Set(input.fieldPaths)] : ['']
  for (const p of paths) checkFieldPath(json(record.data), p)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const existing = await tx.selectFrom('sdv_mark').select('field_path').where('form_record_id', '=', record.id).where('reset_at', 'is', null).execute()
    const fresh = paths.filter((p) => !existing.some((e) => e.field_path === p))
    const rows = []
    for (const p of fresh) {
      const row = await tx
        .insertInto('sdv_mark')
        .values({ form_record_id: record.id, field_path: p, record_version: record.version, verified_by: repo.who.userId, verified_at: now, reset_at: null, reset_reason: null })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'sdv_mark', entityId: row.id, siteId: record.site_id, newValue: { formRecordId: record.id, fieldPath: p, version: record.version } })
      rows.push(row)
    }
    return { added: rows, alreadyVerified: paths.length - fresh.length }
  })
}

interface ProgressRow { subject_id: number; subject_code: string; site_id: number; records: number; verified: number }

async function progress(repo: ScopedRepo, where: { subjectId?: number; siteId?: number; studyId?: number; siteIds?: number[] }): Promise<ProgressRow[]> {
  if (where.siteIds !== undefined && where.siteIds.length === 0) return []
  let q = repo.db
    .selectFrom('form_record')
    .innerJoin('subject', 'subject.id', 'form_record.subject_id')
    .leftJoin('sdv_mark', (j) => j.onRef('sdv_mark.form_record_id', '=', 'form_record.id').on('sdv_mark.field_path', '=', '').on('sdv_mark.reset_at', 'is', null))
    .select((eb) => ['subject.id as subject_id', 'subject.code as subject_code', 'subject.site_id', eb.fn.count<number>('form_record.id').distinct().as('records'), eb.fn.count<number>('sdv_mark.form_record_id').distinct().as('verified')])
    .where('form_record.voided_at', 'is', null)
    .where('form_record.status', '<>', 'draft')
  if (where.subjectId !== undefined) q = q.where('form_record.subject_id', '=', where.subjectId)
  if (where.siteId !== undefined) q = q.where('form_record.site_id', '=', where.siteId)
  if (where.studyId !== undefined) q = q.where('form_record.study_id', '=', where.studyId)
  if (where.siteIds !== undefined) q = q.where('form_record.site_id', 'in', where.siteIds)
  const rows = await q.groupBy(['subject.id', 'subject.code', 'subject.site_id']).orderBy('subject.code').execute()
  return rows.map((r) => ({ ...r, records: Number(r.records), verified: Number(r.verified) }))
}

const pct = (v: number, n: number) => (n === 0 ? null : Math.round((1000 * v) / n) / 10)

/** SDV progress of a subject: whole-form verified records over saved records, overall and per form type. */
export async function subjectSdvProgress(repo: ScopedRepo, subjectId: number) {
  const subject = await captureSubject(repo, subjectId)
  const byType = await repo.db
    .selectFrom('form_record')
    .leftJoin('sdv_mark', (j) => j.onRef('sdv_mark.form_record_id', '=', 'form_record.id').on('sdv_mark.field_path', '=', '').on('sdv_mark.reset_at', 'is', null))
    .select((eb) => ['form_record.form_type', eb.fn.count<number>('form_record.id').distinct().as('records'), eb.fn.count<number>('sdv_mark.form_record_id').distinct().as('verified')])
    .where('form_record.subject_id', '=', subject.id)
    .where('form_record.voided_at', 'is', null)
    .where('form_record.status', '<>', 'draft')
    .groupBy('form_record.form_type')
    .orderBy('form_record.form_type')
    .execute()
  const [total] = await progress(repo, { subjectId: subject.id })
  const records = total?.records ?? 0
  const verified = total?.verified ?? 0
  return {
    subjectId: subject.id, records, verified, percent: pct(verified, records),
    byFormType: byType.map((r) => ({ formType: r.form_type, records: Number(r.records), verified: Number(r.verified), percent: pct(Number(r.verified), Number(r.records)) })),
  }
}

/** SDV progress of a site, per subject. */
export async function siteSdvProgress(repo: ScopedRepo, siteId: number) {
  repo.require('subject.read', siteId, 'read this site')
  const rows = await progress(repo, { siteId })
  const records = rows.reduce((s, r) => s + r.records, 0)
  const verified = rows.reduce((s, r) => s + r.verified, 0)
  return { siteId, records, verified, percent: pct(verified, records), subjects: rows.map((r) => ({ subjectId: r.subject_id, subjectCode: r.subject_code, records: r.records, verified: r.verified, percent: pct(r.verified, r.records) })) }
}

export type QueryStatusFilter = 'open' | 'answered' | 'closed' | 'unresolved'

/** The sites of a study whose subject data the caller may read; `siteId` narrows to one (refused when not readable). */
async function readableStudySites(repo: ScopedRepo, studyId: number, siteId?: number) {
  const study = await repo.getStudy(studyId)
  if (siteId !== undefined && !study.sites.some((s) => s.id === siteId)) throw notFound(`site ${siteId} in study ${studyId}`)
  if (siteId !== undefined) repo.require('subject.read', siteId, 'read this site')
  return study.sites.filter((s) => (siteId === undefined || s.id === siteId) && canAccess(repo.who, 'subject.read', s.id))
}

/**
 * Queries of a study across the sites the caller may read (or one site), oldest first, with their age: days open
 * until today, or until closing for a closed query. Default status: unresolved (open or answered).
 */
export async function studyQueries(repo: ScopedRepo, studyId: number, options: { siteId?: number; status?: QueryStatusFilter } = {}) {
  const sites = await readableStudySites(repo, studyId, options.siteId)
  const status = options.status ?? 'unresolved'
  if (sites.length === 0) return { studyId, status, sites, queries: [] }
  let q = repo.db
    .selectFrom('data_query')
    .innerJoin('form_record', 'form_record.id', 'data_query.form_record_id')
    .innerJoin('subject', 'subject.id', 'form_record.subject_id')
    .innerJoin('site', 'site.id', 'form_record.site_id')
    .innerJoin('app_user', 'app_user.id', 'data_query.raised_by')
    .select([...QUERY_COLUMNS, 'form_record.visit_label', 'site.code as site_code', 'app_user.username as raised_by_name'])
    .where('form_record.study_id', '=', studyId)
    .where('form_record.site_id', 'in', sites.map((s) => s.id))
  q = status === 'unresolved' ? q.where('data_query.status', '<>', 'closed') : q.where('data_query.status', '=', status)
  const rows = await q.orderBy('data_query.raised_at').orderBy('data_query.id').execute()
  const today = toEpochDay(repo.clock().toISOString().slice(0, 10))
  return {
    studyId, status, sites,
    queries: rows.map((r) => ({ ...r, ageDays: (r.closed_at ? toEpochDay(r.closed_at.slice(0, 10)) : today) - toEpochDay(r.raised_at.slice(0, 10)) })),
  }
}

/** SDV progress of a study: per site the caller may read, with its subjects (whole-form verified over saved records). */
export async function studySdvProgress(repo: ScopedRepo, studyId: number) {
  const sites = await readableStudySites(repo, studyId)
  const rows = await progress(repo, { studyId, siteIds: sites.map((s) => s.id) })
  return {
    studyId,
    sites: sites.map((site) => {
      const mine = rows.filter((r) => r.site_id === site.id)
      const records = mine.reduce((n, r) => n + r.records, 0)
      const verified = mine.reduce((n, r) => n + r.verified, 0)
      return {
        siteId: site.id, siteCode: site.code, siteName: site.name, records, verified, percent: pct(verified, records),
        subjects: mine.map((r) => ({ subjectId: r.subject_id, subjectCode: r.subject_code, records: r.records, verified: r.verified, percent: pct(r.verified, r.records) })),
      }
    }),
  }
}
