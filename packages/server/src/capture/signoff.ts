/**
 * Electronic signatures and locks. A signature re-authenticates the signer (password re-entered, 21 CFR 11.200(a))
 * and records name, date-time and meaning (11.50); a later change of the signed data voids it. Locks (form, subject
 * casebook, study) are set by data managers and lifted only with a reason.
 */
import { sql } from 'kysely'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { verifyPassword } from '../auth/passwords.js'
import { AppError, notFound } from '../errors.js'
import { captureSubject, loadRecord, requireReason } from './common.js'

export type SignScope = 'form' | 'visit' | 'casebook'

export interface SignInput {
  scope: SignScope
  recordId?: number
  visitLabel?: string
  password: string
  meaning: string
}

export async function sign(repo: ScopedRepo, subjectId: number, input: SignInput) {
  const subject = await captureSubject(repo, subjectId)
  repo.require('form.sign', subject.siteId, 'sign data of this subject')
  let record: Awaited<ReturnType<typeof loadRecord>> | null = null
  if (input.scope === 'form') {
    if (input.recordId === undefined) throw new AppError('validation_failed', 'a form signature names its record', [{ path: 'recordId', message: 'required' }])
    record = await loadRecord(repo, input.recordId)
    if (record.subject_id !== subject.id) throw notFound(`form record ${input.recordId}`)
    if (record.voided_at || record.status === 'draft') throw new AppError('conflict', `form record ${record.id} is ${record.voided_at ? 'voided' : 'a draft'} and cannot be signed`)
  }
  const visitLabel = input.scope === 'visit' ? input.visitLabel?.trim() : undefined
  if (input.scope === 'visit') {
    if (!visitLabel) throw new AppError('validation_failed', 'a visit signature names its visit', [{ path: 'visitLabel', message: 'required' }])
    const any = await repo.db.selectFrom('form_record').select('id').where('subject_id', '=', subject.id).where('visit_label', '=', visitLabel).where('voided_at', 'is', null).executeTakeFirst()
    if (!any) throw new AppError('validation_failed', `no records for visit ${visitLabel}`, [{ path: 'visitLabel', message: 'no records' }])
  }
  const meaning = requireReason(input.meaning, 'meaning')
  const user = await repo.db.selectFrom('app_user').select(['password_hash', 'display_name']).where('id', '=', repo.who.userId).executeTakeFirstOrThrow()
  if (!(await verifyPassword(user.password_hash, input.password))) throw new AppError('invalid_credentials', 'the password does not match: nothing was signed')
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const row = await tx
      .insertInto('e_signature')
      .values({
        scope: input.scope, subject_id: subject.id, form_record_id: record?.id ?? null, visit_label: visitLabel ?? null, record_version: record?.version ?? null,
        signer_id: repo.who.userId, signer_name: user.display_name, meaning, signed_at: now, voided_at: null, void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (record && record.status === 'saved') await tx.updateTable('form_record').set({ status: 'signed' }).where('id', '=', record.id).execute()
    await audit({ action: 'sign', entity: 'e_signature', entityId: row.id, siteId: subject.siteId, newValue: { scope: row.scope, formRecordId: row.form_record_id, visitLabel: row.visit_label, meaning, signer: row.signer_name, recordVersion: row.record_version } })
    return row
  })
}

export async function subjectSignatures(repo: ScopedRepo, subjectId: number) {
  const subject = await captureSubject(repo, subjectId)
  return repo.db.selectFrom('e_signature').selectAll().where('subject_id', '=', subject.id).orderBy('id').execute()
}

export type LockScope = 'form' | 'subject' | 'study'

export async function lock(repo: ScopedRepo, input: { scope: LockScope; id: number }) {
  let target: { studyId: number; subjectId: number | null; recordId: number | null; siteId: number | undefined }
  if (input.scope === 'form') {
    const r = await loadRecord(repo, input.id)
    if (r.voided_at) throw new AppError('conflict', `form record ${r.id} is voided`)
    target = { studyId: r.study_id, subjectId: r.subject_id, recordId: r.id, siteId: r.site_id }
  } else if (input.scope === 'subject') {
    const s = await captureSubject(repo, input.id)
    target = { studyId: s.studyId, subjectId: s.id, recordId: null, siteId: s.siteId }
  } else {
    const st = await repo.getStudy(input.id)
    target = { studyId: st.id, subjectId: null, recordId: null, siteId: undefined }
  }
  repo.require('form.lock', target.siteId, 'lock data')
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    // the row of what is locked, FOR UPDATE: saves of its data hold it FOR SHARE while they check for locks and
    // commit (active-lock.ts `activeLockInTx`), so this lock waits for them and later saves see it
    if (target.subjectId !== null && input.scope !== 'study')
      await tx.selectFrom('subject').select('id').where('id', '=', target.subjectId).forUpdate().execute()
    else await tx.selectFrom('study').select('id').where('id', '=', target.studyId).forUpdate().execute()
    let dup = tx.selectFrom('data_lock').select('id').where('scope', '=', input.scope).where('unlocked_at', 'is', null).where('study_id', '=', target.studyId)
    if (target.subjectId !== null && input.scope !== 'study') dup = dup.where('subject_id', '=', target.subjectId)
    if (target.recordId !== null) dup = dup.where('form_record_id', '=', target.recordId)
    if (await dup.executeTakeFirst()) throw new AppError('conflict', `this ${input.scope} is already locked`)
    const row = await tx
      .insertInto('data_lock')
      .values({ scope: input.scope, study_id: target.studyId, subject_id: input.scope === 'study' ? null : target.subjectId, form_record_id: target.recordId, locked_by: repo.who.userId, locked_at: now, unlocked_by: null, unlocked_at: null, unlock_reason: null })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (target.recordId !== null) await tx.updateTable('form_record').set({ status: 'locked' }).where('id', '=', target.recordId).execute()
    await audit({ action: 'lock', entity: 'data_lock', entityId: row.id, siteId: target.siteId ?? null, newValue: { scope: row.scope, studyId: row.study_id, subjectId: row.subject_id, formRecordId: row.form_record_id } })
    return row
  })
}

export async function unlock(repo: ScopedRepo, lockId: number, reasonIn: string) {
  const l = await repo.db.selectFrom('data_lock').selectAll().where('id', '=', lockId).executeTakeFirst()
  if (!l) throw notFound(`lock ${lockId}`)
  let siteId: number | undefined
  if (l.subject_id !== null) siteId = (await captureSubject(repo, l.subject_id)).siteId
  repo.require('form.lock', siteId, 'unlock data')
  if (l.unlocked_at) throw new AppError('illegal_transition', `lock ${lockId} is already lifted`)
  const reason = requireReason(reasonIn)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const row = await tx.updateTable('data_lock').set({ unlocked_by: repo.who.userId, unlocked_at: now, unlock_reason: reason }).where('id', '=', l.id).where('unlocked_at', 'is', null).returningAll().executeTakeFirstOrThrow()
    if (l.form_record_id !== null) {
      // back to signed when a current form signature exists, else saved
      await tx
        .updateTable('form_record')
        .set({ status: sql<'signed' | 'saved'>`case when exists (select 1 from e_signature s where s.form_record_id = form_record.id and s.voided_at is null) then 'signed' else 'saved' end` })
        .where('id', '=', l.form_record_id)
        .execute()
    }
    await audit({ action: 'unlock', entity: 'data_lock', entityId: l.id, siteId: siteId ?? null, oldValue: { scope: l.scope }, reason })
    return row
  })
}

export async function listLocks(repo: ScopedRepo, studyId: number) {
  await repo.getStudy(studyId)
  const rows = await repo.db.selectFrom('data_lock').selectAll().where('study_id', '=', studyId).where('unlocked_at', 'is', null).orderBy('id').execute()
  return rows
}
