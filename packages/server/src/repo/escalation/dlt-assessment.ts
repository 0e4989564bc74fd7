import { daysBetween, isIsoDate, safetySettingsOf } from '@celltrial/core'
import { AppError, notFound } from '../../errors.js'
import type { ScopedRepo } from '../scoped-repo.js'
import { loadStudyEscalation } from './design.js'
import { protocolJsonForSubject } from '../protocol-versions.js'
import { signAs, type SignatureInput } from './signature.js'

/**
 * DLT adjudication (safety-grading.md §5): the investigator states whether the subject is DLT-evaluable
 * (with the reason when not), whether a DLT occurred, and which event, then signs. A later change clears the
 * signature; only signed assessments count (see dlt-counts.ts).
 */
export interface DltAssessmentInput {
  evaluable: boolean
  notEvaluableReason?: string | null
  dlt?: boolean | null
  eventDescription?: string | null
  dltGrade?: number | null
  onsetDate?: string | null
}

const ENTITY = 'dlt_assessment'

/** The subject (readable by the caller) with what the DLT rule needs: infusion date, site, window, §5 rules. */
async function subjectForDlt(repo: ScopedRepo, subjectId: number) {
  const subject = await repo.getSubject(subjectId)
  // the DLT window and §5 PROTOCOL DECISIONs (`safety.dlt`) of the subject's consented protocol version (issue 3 item 1)
  const { json, versionNumber } = await protocolJsonForSubject(repo.db, subject)
  const escalation = await loadStudyEscalation(repo, subject.study_id, json)
  const settings = safetySettingsOf(json)
  if (!settings) throw new AppError('conflict', `the safety settings of protocol version ${versionNumber} do not parse`)
  return { subject, windowDays: escalation.windowDays, dltRules: settings.dlt }
}

/** Adjudication is a signed act of an investigator at the subject's site (safety.review + form.sign). */
function requireAdjudicator(repo: ScopedRepo, siteId: number) {
  repo.require('safety.review', siteId, 'adjudicate DLTs at this site')
  repo.require('form.sign', siteId, 'sign DLT assessments at this site')
}

/** Check the fields against each other and the DLT window; return the column values. */
function columns(input: DltAssessmentInput, infusionDate: string | null, windowDays: number) {
  const bad = (path: string, message: string) => new AppError('validation_failed', 'invalid DLT assessment', [{ path, message }])
  if (!infusionDate) throw bad('subjectId', 'the subject has no infusion date: DLT evaluability starts at Day 0')
  if (!input.evaluable) {
    const reason = input.notEvaluableReason?.trim() ?? ''
    if (reason.length === 0) throw bad('notEvaluableReason', 'required when the subject is not DLT-evaluable')
    return { evaluable: false, not_evaluable_reason: reason, dlt: null, event_description: null, dlt_grade: null, onset_date: null }
  }
  if (input.dlt === undefined || input.dlt === null) throw bad('dlt', 'state whether a DLT occurred')
  if (!input.dlt) return { evaluable: true, not_evaluable_reason: null, dlt: false, event_description: null, dlt_grade: null, onset_date: null }
  const description = input.eventDescription?.trim() ?? ''
  if (description.length === 0) throw bad('eventDescription', 'describe the dose-limiting event')
  if (!input.dltGrade) throw bad('dltGrade', 'the CTCAE grade of the event is required')
  if (!isIsoDate(input.onsetDate)) throw bad('onsetDate', 'the onset date (YYYY-MM-DD) is required')
  const day = daysBetween(infusionDate, input.onsetDate)
  // safety-grading.md §5: onset rule, Day 0 to the window end inclusive
  if (day < 0 || day > windowDays) throw bad('onsetDate', `onset on Day ${day} is outside the DLT window (Day 0 to Day ${windowDays})`)
  return { evaluable: true, not_evaluable_reason: null, dlt: true, event_description: description, dlt_grade: input.dltGrade, onset_date: input.onsetDate }
}

/**
 * The current assessment of a subject (null when none), with the window the rule applies and the protocol's §5
 * rules the count applies to it (`dltRules`: off study before the window end, onset rule).
 */
export async function getDltAssessment(repo: ScopedRepo, subjectId: number) {
  const { subject, windowDays, dltRules } = await subjectForDlt(repo, subjectId)
  const row = await repo.db.selectFrom('dlt_assessment').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
  return { subjectId, infusionDate: subject.infusion_date, doseLevel: subject.dose_level, windowDays, dltRules, assessment: row ?? null }
}

/** Record and sign the first assessment of a subject. */
export async function createDltAssessment(repo: ScopedRepo, subjectId: number, input: DltAssessmentInput & SignatureInput) {
  const { subject, windowDays } = await subjectForDlt(repo, subjectId)
  requireAdjudicator(repo, subject.site_id)
  const values = columns(input, subject.infusion_date, windowDays)
  const signature = await signAs(repo, input, { entity: ENTITY })
  return repo.write(async (tx, audit) => {
    const clash = await tx.selectFrom('dlt_assessment').select('id').where('subject_id', '=', subjectId).executeTakeFirst()
    if (clash) throw new AppError('conflict', `subject ${subject.code} already has a DLT assessment (${clash.id}): change it instead`)
    const row = await tx.insertInto('dlt_assessment').values({ subject_id: subjectId, ...values, ...signature, updated_at: null }).returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: ENTITY, entityId: row.id, siteId: subject.site_id, newValue: row })
    await audit({ action: 'sign', entity: ENTITY, entityId: row.id, siteId: subject.site_id, newValue: { meaning: signature.signature_meaning }, reason: signature.signature_meaning })
    return row
  })
}

async function assessmentWithSubject(repo: ScopedRepo, id: number) {
  const row = await repo.db.selectFrom('dlt_assessment').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`DLT assessment ${id}`)
  const ctx = await subjectForDlt(repo, row.subject_id)
  return { row, ...ctx }
}

/** Change an assessment: the reason goes to the audit trail and the signature is voided. */
export async function changeDltAssessment(repo: ScopedRepo, id: number, input: DltAssessmentInput & { reason: string }) {
  const { row, subject, windowDays } = await assessmentWithSubject(repo, id)
  requireAdjudicator(repo, subject.site_id)
  if (input.reason.trim().length === 0) throw new AppError('validation_failed', 'a reason for change is required', [{ path: 'reason', message: 'required' }])
  const values = columns(input, subject.infusion_date, windowDays)
  return repo.write(async (tx, audit) => {
    const updated = await tx
      .updateTable('dlt_assessment')
      .set({ ...values, signed_by: null, signed_by_name: null, signature_meaning: null, signed_at: null, updated_at: repo.clock().toISOString() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'update', entity: ENTITY, entityId: id, siteId: subject.site_id, oldValue: row, newValue: updated, reason: input.reason })
    if (row.signed_at) await audit({ action: 'signature_voided', entity: ENTITY, entityId: id, siteId: subject.site_id, oldValue: { signed_by: row.signed_by, signed_at: row.signed_at }, reason: 'assessment changed after signing' })
    return updated
  })
}

/** Sign an assessment left unsigned by a change. */
export async function signDltAssessment(repo: ScopedRepo, id: number, input: SignatureInput) {
  const { row, subject } = await assessmentWithSubject(repo, id)
  requireAdjudicator(repo, subject.site_id)
  if (row.signed_at) throw new AppError('conflict', `DLT assessment ${id} is already signed`)
  const signature = await signAs(repo, input, { entity: ENTITY, entityId: id })
  return repo.write(async (tx, audit) => {
    const signed = await tx.updateTable('dlt_assessment').set(signature).where('id', '=', id).where('signed_at', 'is', null).returningAll().executeTakeFirst()
    if (!signed) throw new AppError('conflict', `DLT assessment ${id} was signed meanwhile`)
    await audit({ action: 'sign', entity: ENTITY, entityId: id, siteId: subject.site_id, newValue: { meaning: signature.signature_meaning }, reason: signature.signature_meaning })
    return signed
  })
}
