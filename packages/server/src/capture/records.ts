/**
 * eCRF records: create, correct and void, with core's edit checks run again on the server. Hard errors refuse
 * the save and write nothing; warnings need a reason per check; every change after the first save needs a reason
 * and is audited with its old and new values (ICH E6(R3) §4.2.1; 21 CFR 11.10(e)). A change voids the signatures
 * it affects and resets the SDV marks of the fields it touches.
 */
import { sql } from 'kysely'
import { datePart, deriveFormValues, formDateField, runEditChecks, splitIssues, type FormType } from '@celltrial/core'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { AppError } from '../errors.js'
import { captureSubject, checkContext, issueDetails, json, loadRecord, requireReason, type Tx } from './common.js'
import { activeLockFor, activeLockInTx } from './active-lock.js'
import { runPostSaveHooks } from './post-save-hooks.js'
import { deriveSettingsFor } from './derive-options.js'
import { deepFreeze, parseRevHeads, revHeads, RowVersionCache } from '../db/row-version-cache.js'

export interface RecordInput {
  data: unknown
  visitDay?: number | null
  visitLabel?: string | null
  /** warning check id -> reason for saving over it */
  overrideReasons?: Record<string, string>
  /** keep as a draft: warnings need no reason yet */
  draft?: boolean
}

/** Run the checks: errors refuse; warnings without a reason refuse (unless a draft). Returns the overrides kept. */
async function validate(repo: ScopedRepo, subjectId: number, type: FormType, input: RecordInput, previous: Record<string, string> = {}) {
  const issues = runEditChecks(type, input.data, await checkContext(repo, subjectId))
  const { errors, warnings } = splitIssues(issues)
  if (errors.length > 0) throw new AppError('validation_failed', `${errors.length} edit check error(s): nothing was saved`, issueDetails(issues))
  const given = { ...previous, ...Object.fromEntries(Object.entries(input.overrideReasons ?? {}).map(([k, v]) => [k, v.trim()])) }
  const overrides: Record<string, string> = {}
  for (const w of warnings) if (given[w.checkId]) overrides[w.checkId] = given[w.checkId]!
  const unexplained = warnings.filter((w) => !overrides[w.checkId])
  if (!input.draft && unexplained.length > 0)
    throw new AppError('validation_failed', `${unexplained.length} warning(s) need a reason before saving`, issueDetails(unexplained))
  // derived with the settings of the subject's protocol version where the form reads any (lupus status: DORIS / LLDAS)
  const { options, derivedWith } = await deriveSettingsFor(repo.db, subjectId, type)
  const derived = deriveFormValues(type, input.data, options)
  const dateValue = (input.data as Record<string, unknown>)[formDateField(type)]
  const observedOn = datePart(dateValue)
  if (derived === null || observedOn === null) throw new AppError('validation_failed', 'form data do not parse', issueDetails(issues))
  return { derived, overrides, observedOn, warnings, derivedWith }
}

/** README "Configuration": the protocol version a derived result used, in the save's audit record. */
const withSettings = (derivedWith: { protocolVersion: string } | null) => (derivedWith ? { derivedWith } : {})

/**
 * Refuse a save of locked data: a quick check before the work (`db`), and again in the save's transaction (`tx`),
 * where the check waits for a lock being taken on the same data (active-lock.ts `activeLockInTx`).
 */
async function refuseIfLocked(db: ScopedRepo['db'] | { tx: Tx }, r: { id: number; subject_id: number; study_id: number }) {
  const lock = 'tx' in db ? await activeLockInTx(db.tx, r) : await activeLockFor(db, r)
  if (lock) throw new AppError('conflict', `data are locked (${lock.scope} lock ${lock.id}): a data manager must unlock them first`)
}

export async function createRecord(repo: ScopedRepo, subjectId: number, formType: FormType, input: RecordInput) {
  const subject = await captureSubject(repo, subjectId)
  repo.require('subject.write', subject.siteId, 'enter data for this subject')
  await refuseIfLocked(repo.db, { id: -1, subject_id: subject.id, study_id: subject.studyId })
  const v = await validate(repo, subject.id, formType, input)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    // again inside the transaction, as updateRecord does: a lock committed after the first check counts
    await refuseIfLocked({ tx }, { id: -1, subject_id: subject.id, study_id: subject.studyId })
    const row = await tx
      .insertInto('form_record')
      .values({
        subject_id: subject.id, study_id: subject.studyId, site_id: subject.siteId, form_type: formType,
        visit_day: input.visitDay ?? null, visit_label: input.visitLabel?.trim() || null, observed_on: v.observedOn,
        data: JSON.stringify(input.data), derived: JSON.stringify(v.derived), overrides: JSON.stringify(v.overrides),
        status: input.draft ? 'draft' : 'saved', version: 1, created_by: repo.who.userId, created_at: now, updated_by: repo.who.userId, updated_at: now,
        voided_at: null, voided_by: null, void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({
      action: 'create', entity: 'form_record', entityId: row.id, siteId: subject.siteId,
      newValue: { formType, visitDay: row.visit_day, visitLabel: row.visit_label, data: input.data, derived: v.derived, ...withSettings(v.derivedWith), overrides: v.overrides, status: row.status },
    })
    if (row.status !== 'draft') await runPostSaveHooks(tx, audit, { now, subjectId: subject.id, recordId: row.id, formType, action: 'create', saved: row })
    return present(row)
  })
}

/** Top-level fields whose value differs. */
function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>
  const b = (after ?? {}) as Record<string, unknown>
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort()
}

/** Void the signatures a change of this record invalidates: the form's, its visit's and the casebook's. */
export async function voidSignaturesFor(tx: Tx, audit: Parameters<Parameters<ScopedRepo['write']>[0]>[1], r: { id: number; subject_id: number; site_id: number; visit_label: string | null }, now: string, why: string) {
  const sigs = await tx
    .selectFrom('e_signature')
    .selectAll()
    .where('subject_id', '=', r.subject_id)
    .where('voided_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('form_record_id', '=', r.id),
        eb('scope', '=', 'casebook'),
        ...(r.visit_label ? [eb.and([eb('scope', '=', 'visit'), eb('visit_label', '=', r.visit_label)])] : []),
      ]),
    )
    .execute()
  for (const s of sigs) {
    await tx.updateTable('e_signature').set({ voided_at: now, void_reason: why }).where('id', '=', s.id).execute()
    await audit({ action: 'void', entity: 'e_signature', entityId: s.id, siteId: r.site_id, oldValue: { scope: s.scope, meaning: s.meaning, signer: s.signer_name }, reason: why })
  }
  return sigs.length
}

export async function updateRecord(repo: ScopedRepo, recordId: number, input: RecordInput & { reason?: string | null; expectedVersion?: number }) {
  const row = await loadRecord(repo, recordId)
  repo.require('subject.write', row.site_id, 'change data for this subject')
  if (row.voided_at) throw new AppError('conflict', `form record ${recordId} is voided`)
  await refuseIfLocked(repo.db, row)
  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version)
    throw new AppError('conflict', `form record ${recordId} was changed by someone else (version ${row.version}, you edited ${input.expectedVersion}): reload it`)
  const reason = row.status === 'draft' ? (input.reason?.trim() ?? '') || null : requireReason(input.reason)
  const v = await validate(repo, row.subject_id, row.form_type as FormType, input, json<Record<string, string>>(row.overrides))
  const oldData = json(row.data)
  const changed = changedFields(oldData, input.data)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    await refuseIfLocked({ tx }, row)
    const updated = await tx
      .updateTable('form_record')
      .set({
        data: JSON.stringify(input.data), derived: JSON.stringify(v.derived), overrides: JSON.stringify(v.overrides), observed_on: v.observedOn,
        visit_day: input.visitDay === undefined ? row.visit_day : input.visitDay,
        visit_label: input.visitLabel === undefined ? row.visit_label : input.visitLabel?.trim() || null,
        status: input.draft && row.status === 'draft' ? 'draft' : 'saved',
        version: row.version + 1, updated_by: repo.who.userId, updated_at: now,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst()
    if (!updated) throw new AppError('conflict', `form record ${recordId} was changed by someone else: reload it`)
    const why = `form record ${row.id} changed (version ${updated.version})${reason ? `: ${reason}` : ''}`
    const voidedSignatures = changed.length > 0 ? await voidSignaturesFor(tx, audit, row, now, why) : 0
    const marks = await tx.selectFrom('sdv_mark').select(['id', 'field_path']).where('form_record_id', '=', row.id).where('reset_at', 'is', null).execute()
    const reset = marks.filter((m) => changed.length > 0 && (m.field_path === '' || changed.includes(m.field_path.split('.')[0]!)))
    if (reset.length > 0)
      await tx.updateTable('sdv_mark').set({ reset_at: now, reset_reason: why }).where('id', 'in', reset.map((m) => m.id)).execute()
    await audit({
      action: 'update', entity: 'form_record', entityId: row.id, siteId: row.site_id, reason,
      oldValue: { version: row.version, data: oldData, derived: json(row.derived), status: row.status },
      newValue: { version: updated.version, data: input.data, derived: v.derived, ...withSettings(v.derivedWith), overrides: v.overrides, changedFields: changed, signaturesVoided: voidedSignatures, sdvMarksReset: reset.length },
    })
    if (updated.status !== 'draft') await runPostSaveHooks(tx, audit, { now, subjectId: row.subject_id, recordId: row.id, formType: row.form_type, action: 'update', saved: updated })
    return { ...present(updated), changedFields: changed, signaturesVoided: voidedSignatures, sdvMarksReset: reset.length }
  })
}

export async function voidRecord(repo: ScopedRepo, recordId: number, reasonIn: string) {
  const row = await loadRecord(repo, recordId)
  repo.require('subject.write', row.site_id, 'void data for this subject')
  if (row.voided_at) throw new AppError('conflict', `form record ${recordId} is already voided`)
  await refuseIfLocked(repo.db, row)
  const reason = requireReason(reasonIn)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    await refuseIfLocked({ tx }, row)
    const updated = await tx
      .updateTable('form_record')
      .set({ voided_at: now, voided_by: repo.who.userId, void_reason: reason, updated_at: now, updated_by: repo.who.userId })
      .where('id', '=', row.id)
      .where('voided_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow()
    await voidSignaturesFor(tx, audit, row, now, `form record ${row.id} voided: ${reason}`)
    await audit({ action: 'void', entity: 'form_record', entityId: row.id, siteId: row.site_id, reason, oldValue: { data: json(row.data), status: row.status } })
    return present(updated)
  })
}

type Row = Awaited<ReturnType<typeof loadRecord>>

/** A record as the API returns it (jsonb parsed, camelCase). */
export function present(r: Row) {
  return {
    id: r.id, subjectId: r.subject_id, siteId: r.site_id, formType: r.form_type, visitDay: r.visit_day, visitLabel: r.visit_label,
    observedOn: r.observed_on, data: json(r.data), derived: json(r.derived), overrides: json<Record<string, string>>(r.overrides),
    status: r.status, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at, voidedAt: r.voided_at, voidReason: r.void_reason,
  }
}

/**
 * Records as the API presents them, by row version (`form_record.rev`, migration 0013): a subject's record list
 * is read by every subject page and grows to hundreds of records; parsing and presenting each version once
 * keeps a page's cost to the list of (id, rev) and the versions not seen yet (bench/load, issue 10 item 5).
 */
const presentedByRev = new RowVersionCache<ReturnType<typeof present>>(20_000)

/** `listRecords` options: the filters, and the page the subject page shows of each form type. */
export interface ListRecordsOptions {
  formType?: FormType
  includeVoided?: boolean
  /** at most this many records of each form type, the latest (by date, then entry order); all when absent */
  limit?: number
  /** form types listed in full despite `limit` (the user asked for all of them) */
  expand?: readonly FormType[]
}

/**
 * A subject's records with their review state: open queries, SDV, signature and lock. `totals` counts over every
 * record the filters select, whatever `limit` leaves out: records per form type, open and answered queries, and
 * the visits with a saved record (for visit signatures), so a casebook of thousands of vital signs is summarised
 * without being sent (bench/load, issue 10 item 5).
 */
export async function listRecords(repo: ScopedRepo, subjectId: number, options: ListRecordsOptions = {}) {
  const subject = await captureSubject(repo, subjectId)
  let selected = repo.db.selectFrom('form_record').where('subject_id', '=', subject.id)
  if (options.formType) selected = selected.where('form_type', '=', options.formType)
  if (!options.includeVoided) selected = selected.where('voided_at', 'is', null)
  const counts = await selected.select(['form_type', sql<string>`count(*)`.as('n')]).groupBy('form_type').orderBy('form_type').execute()
  // the records listed: per form type, all, or the latest `limit`: the end of one index range of
  // form_record_subject_list each (migration 0014), instead of ranking every record of the subject
  const limit = options.limit
  const cut = (type: FormType) => limit !== undefined && !(options.expand ?? []).includes(type)
  const listed = counts.map((c) => {
    const b = selected.where('form_type', '=', c.form_type as FormType).select(['id', 'rev', 'observed_on'])
    return cut(c.form_type as FormType) ? b.orderBy('observed_on', 'desc').orderBy('id', 'desc').limit(limit!) : b
  })
  // (id, rev) first, then only the record versions this process has not presented yet (see `presentedByRev`)
  const [heads, visits] = await Promise.all([
    listed.length === 0
      ? { heads: null }
      : sql<{ heads: string | null }>`select ${revHeads(sql`observed_on, id`)} as heads from (${sql.join(listed.map((b) => sql`(${b})`), sql` union all `)}) listed`
          .execute(repo.db)
          .then((r) => r.rows[0]),
    selected
      .select(['visit_label', sql<number>`min(visit_day)`.as('day')])
      .where('visit_label', 'is not', null)
      .where('status', '<>', 'draft')
      .groupBy('visit_label')
      .orderBy(sql`min(visit_day)`)
      .orderBy(sql`min(observed_on)`)
      .orderBy('visit_label')
      .execute(),
  ])
  const versions = parseRevHeads(heads?.heads ?? null)
  const rows = await presentedByRev.read(
    repo.db,
    versions,
    (missing) => repo.db.selectFrom('form_record').selectAll().where('id', 'in', missing.map((m) => m.id)).where('rev', 'in', missing.map((m) => m.rev)).execute(),
    () =>
      limit === undefined
        ? selected.selectAll().orderBy('observed_on').orderBy('id').execute()
        : versions.length === 0
          ? Promise.resolve([])
          : selected.selectAll().where('id', 'in', versions.map((v) => v.id)).orderBy('observed_on').orderBy('id').execute(),
    (r) => deepFreeze(present(r)),
  )
  // review state of the subject's records: by subject (one bind parameter and the subject indexes), not by a
  // list of every record id, which grows with the casebook (bench/load, issue 10 item 5)
  const ofSubject = repo.db.selectFrom('form_record').select('form_record.id').where('form_record.subject_id', '=', subject.id)
  const [queries, marks, sigs, locks, queryTotals] = rows.length === 0 ? [[], [], [], [], []] : await Promise.all([
    repo.db.selectFrom('data_query').select(['form_record_id', 'status']).where('form_record_id', 'in', ofSubject).where('status', '<>', 'closed').execute(),
    repo.db.selectFrom('sdv_mark').select(['form_record_id', 'field_path', 'reset_at']).where('form_record_id', 'in', ofSubject).execute(),
    repo.db.selectFrom('e_signature').select(['form_record_id', 'signer_name', 'signed_at', 'meaning']).where('form_record_id', 'in', ofSubject).where('voided_at', 'is', null).execute(),
    repo.db.selectFrom('data_lock').select(['id', 'scope', 'form_record_id']).where('unlocked_at', 'is', null)
      .where((eb) => eb.or([eb('form_record_id', 'in', ofSubject), eb.and([eb('scope', '=', 'subject'), eb('subject_id', '=', subject.id)]), eb.and([eb('scope', '=', 'study'), eb('study_id', '=', subject.studyId)])]))
      .execute(),
    repo.db.selectFrom('data_query').select(['status', sql<string>`count(*)`.as('n')]).where('form_record_id', 'in', selected.select('id')).where('status', '<>', 'closed').groupBy('status').execute(),
  ])
  const byRecord = <T extends { form_record_id: number | null }>(items: readonly T[]) => {
    const m = new Map<number, T[]>()
    for (const x of items) if (x.form_record_id !== null) m.set(x.form_record_id, [...(m.get(x.form_record_id) ?? []), x])
    return (id: number): T[] => m.get(id) ?? []
  }
  const [queriesOf, marksOf, sigsOf, locksOf] = [byRecord(queries), byRecord(marks), byRecord(sigs), byRecord(locks)]
  const wideLock = locks.find((l) => l.scope !== 'form') ?? null
  return {
    subject: { id: subject.id, code: subject.code, siteId: subject.siteId, infusionDate: subject.infusionDate },
    context: await checkContext(repo, subject.id),
    locked: wideLock ? { id: wideLock.id, scope: wideLock.scope } : null,
    totals: {
      records: Object.fromEntries(counts.map((c) => [c.form_type, Number(c.n)])) as Partial<Record<FormType, number>>,
      openQueries: Number(queryTotals.find((x) => x.status === 'open')?.n ?? 0),
      answeredQueries: Number(queryTotals.find((x) => x.status === 'answered')?.n ?? 0),
      visits: visits.map((v) => ({ label: v.visit_label!, day: v.day })),
    },
    records: rows.map((r) => {
      const lock = locksOf(r.id)[0] ?? wideLock
      const sig = sigsOf(r.id)[0] ?? null
      const all = marksOf(r.id)
      const mine = all.filter((m) => m.reset_at === null)
      // fields (or '' = whole form) once verified whose marks a later change reset, not verified again since
      const reset = [...new Set(all.filter((m) => m.reset_at !== null && !mine.some((c) => c.field_path === m.field_path)).map((m) => m.field_path))].sort()
      return {
        ...r,
        openQueries: queriesOf(r.id).filter((x) => x.status === 'open').length,
        answeredQueries: queriesOf(r.id).filter((x) => x.status === 'answered').length,
        sdv: { wholeForm: mine.some((m) => m.field_path === ''), fields: mine.filter((m) => m.field_path !== '').map((m) => m.field_path), reset },
        signature: sig ? { signer: sig.signer_name, signedAt: sig.signed_at, meaning: sig.meaning } : null,
        lock: lock ? { id: lock.id, scope: lock.scope } : null,
      }
    }),
  }
}

/** One record with its queries, SDV marks (current and reset), signatures and the lock covering it. */
export async function getRecord(repo: ScopedRepo, recordId: number) {
  const row = await loadRecord(repo, recordId)
  const [queries, marks, signatures, lock, ctx] = await Promise.all([
    repo.db.selectFrom('data_query').innerJoin('app_user', 'app_user.id', 'data_query.raised_by').selectAll('data_query').select('app_user.username as raised_by_name').where('form_record_id', '=', row.id).orderBy('data_query.id').execute(),
    repo.db.selectFrom('sdv_mark').selectAll().where('form_record_id', '=', row.id).orderBy('id').execute(),
    repo.db.selectFrom('e_signature').selectAll().where('form_record_id', '=', row.id).orderBy('id').execute(),
    activeLockFor(repo.db, row),
    checkContext(repo, row.subject_id),
  ])
  return { ...present(row), issues: runEditChecks(row.form_type as FormType, json(row.data), ctx), queries, sdvMarks: marks, signatures, lock: lock ?? null }
}
