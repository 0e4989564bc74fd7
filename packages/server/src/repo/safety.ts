import {
  aeIncidenceTable, cytopeniaRecords, parseZonedDateTime, socForTerm, syndromeIncidenceTable,
  type AeRecord, type SafetyPopulationSubject, type SafetySettings, type SeriousnessAnswers, type SyndromeCourseRecord,
} from '@celltrial/core'
import { AppError, notFound } from '../errors.js'
import { adverseEvents, labSamples } from '../safety/bedside-source.js'
import { alertOnBedsideSave, evaluateLabs, loadSafetySubject, subjectCourse } from '../safety/evaluate.js'
import type { MailConfig } from '../safety/notify.js'
import { classifySae, saeClocks, saeFormHtml } from '../safety/sae.js'
import { safetySettingsForSubject } from '../safety/settings.js'
import type { ScopedRepo } from './scoped-repo.js'

const nowIso = (repo: ScopedRepo) => repo.clock().toISOString()

async function subjectFor(repo: ScopedRepo, subjectId: number) {
  // read access (404 when absent or not the caller's); the row has every column of a SafetySubject
  const { id, study_id, site_id, code, age_years, infusion_date, ld_start_date, created_at } = await repo.getSubject(subjectId)
  return { id, study_id, site_id, code, age_years, infusion_date, ld_start_date, created_at }
}

/**
 * Daily CRS/ICANS grades and course summaries, alerts, lab AE proposals and SAE reports of one subject, graded with
 * the `safety` settings of its protocol version (`protocolVersion`: the configuration version used, domain README).
 */
export async function subjectSafety(repo: ScopedRepo, subjectId: number) {
  const s = await subjectFor(repo, subjectId)
  const read = await safetySettingsForSubject(repo.db, s)
  const graded = await subjectCourse(repo.db, s, read)
  const alerts = await repo.db.selectFrom('safety_alert').selectAll().where('subject_id', '=', s.id).orderBy('id', 'desc').execute()
  const proposals = await repo.db.selectFrom('lab_ae_proposal').selectAll().where('subject_id', '=', s.id).where('status', '!=', 'superseded').orderBy('onset_date').orderBy('id').execute()
  const saes = await listSae(repo, s.id, read.settings.sae)
  return { subjectId: s.id, infusionDate: s.infusion_date, ageYears: s.age_years, protocolVersion: read.protocolVersion, course: graded?.course ?? null, issues: graded?.issues ?? [], alerts, proposals, saes }
}

/** Unacknowledged alerts of a study at the sites the caller may read. */
export async function studyAlerts(repo: ScopedRepo, studyId: number) {
  const subjects = await repo.listSubjects(studyId)
  const ids = subjects.map((s) => s.id)
  if (ids.length === 0) return []
  const rows = await repo.db
    .selectFrom('safety_alert')
    .innerJoin('subject', 'subject.id', 'safety_alert.subject_id')
    .selectAll('safety_alert')
    .select('subject.code as subject_code')
    .where('safety_alert.subject_id', 'in', ids)
    .where('safety_alert.acknowledged_at', 'is', null)
    .orderBy('safety_alert.id', 'desc')
    .execute()
  return rows
}

/** Acknowledge an alert (audited); its in-app notification is marked shown. */
export async function acknowledgeAlert(repo: ScopedRepo, alertId: number) {
  const alert = await repo.db.selectFrom('safety_alert').selectAll().where('id', '=', alertId).executeTakeFirst()
  if (!alert) throw notFound(`alert ${alertId}`)
  await subjectFor(repo, alert.subject_id)
  repo.require('safety.review', alert.site_id, 'acknowledge safety alerts at this site')
  if (alert.acknowledged_at) throw new AppError('conflict', `alert ${alertId} was acknowledged already`)
  return repo.write(async (tx, audit) => {
    const row = await tx.updateTable('safety_alert').set({ acknowledged_at: nowIso(repo), acknowledged_by: repo.who.userId }).where('id', '=', alertId).returningAll().executeTakeFirstOrThrow()
    await tx.updateTable('notification').set({ status: 'shown' }).where('alert_id', '=', alertId).where('channel', '=', 'in_app').execute()
    await audit({ action: 'acknowledge', entity: 'safety_alert', entityId: alertId, siteId: alert.site_id, oldValue: { acknowledged_at: null }, newValue: { acknowledged_at: row.acknowledged_at } })
    return row
  })
}

/**
 * Post-save evaluation of a bedside record (vital signs, oxygen, vasopressor, neuro, medication), for callers whose
 * save path does not run the hook itself. Alerts are created in one audited transaction.
 */
export async function evaluateBedsideRecord(repo: ScopedRepo, subjectId: number, recordId: string, mail: MailConfig | null) {
  const s = await subjectFor(repo, subjectId)
  repo.require('subject.write', s.site_id, 'enter data for this subject')
  return repo.write((tx, audit) => alertOnBedsideSave(tx, audit, { now: nowIso(repo), subjectId, recordId, sourceEntity: 'form_record', mail }))
}

type LabInput = { testCode: string; value: number; unit: string; collectedOn: string; refLow?: number | null; refHigh?: number | null }

/**
 * The safety evaluation every lab write runs in its own transaction (safety-grading.md §3.2 LAB-1…LAB-7; issue 7
 * "Alerts": a lab reaching grade ≥ 3 shows at once and queues a notification): refresh the subject's lab AE
 * proposals and raise an alert, with its notifications, for each value graded ≥ 3 that has none yet.
 */
const labSafety = (repo: ScopedRepo, mail: MailConfig | null) => (tx: Parameters<typeof evaluateLabs>[0], audit: Parameters<typeof evaluateLabs>[1], row: { subject_id: number }) =>
  evaluateLabs(tx, audit, { now: nowIso(repo), subjectId: row.subject_id, mail })

/**
 * Save a lab result and, in the same transaction, refresh lab AE proposals and raise alerts for grades ≥ 3.
 * Every lab entry path uses this: `POST /api/subjects/:id/labs` and `POST /api/subjects/:id/safety/labs`.
 */
export async function addLabWithSafety(repo: ScopedRepo, subjectId: number, input: LabInput, mail: MailConfig | null) {
  const { lab, after } = await repo.addLab(subjectId, input, labSafety(repo, mail))
  return { lab, alerts: after.alerts, proposalsChanged: after.proposalsChanged }
}

/** Correct a lab value (reason required, audited) and re-grade in the same transaction, as `addLabWithSafety`. */
export async function correctLabWithSafety(repo: ScopedRepo, labId: number, input: { value: number; reason: string }, mail: MailConfig | null) {
  const { lab, after } = await repo.correctLab(labId, input, labSafety(repo, mail))
  return { lab, alerts: after.alerts, proposalsChanged: after.proposalsChanged }
}

/** Re-run CTCAE lab grading over the subject's labs (e.g. after labs entered elsewhere); audited changes only. */
export async function refreshLabProposals(repo: ScopedRepo, subjectId: number, mail: MailConfig | null) {
  const s = await subjectFor(repo, subjectId)
  repo.require('subject.write', s.site_id, 'grade labs of this subject')
  return repo.write((tx, audit) => evaluateLabs(tx, audit, { now: nowIso(repo), subjectId, mail }))
}

/** The investigator confirms (it becomes a lab-derived AE) or rejects a proposal, with a reason for rejection. */
export async function decideLabProposal(repo: ScopedRepo, proposalId: number, input: { decision: 'confirmed' | 'rejected'; reason?: string | null }) {
  const p = await repo.db.selectFrom('lab_ae_proposal').selectAll().where('id', '=', proposalId).executeTakeFirst()
  if (!p) throw notFound(`lab AE proposal ${proposalId}`)
  const s = await subjectFor(repo, p.subject_id)
  repo.require('safety.review', s.site_id, 'decide on lab AE proposals at this site')
  if (p.status !== 'proposed') throw new AppError('illegal_transition', `proposal ${proposalId} is ${p.status}, not proposed`)
  const reason = input.reason?.trim() ?? ''
  if (input.decision === 'rejected' && reason === '') throw new AppError('validation_failed', 'a reason is required to reject a proposal', [{ path: 'reason', message: 'required' }])
  return repo.write(async (tx, audit) => {
    const row = await tx
      .updateTable('lab_ae_proposal')
      .set({ status: input.decision, decided_by: repo.who.userId, decided_at: nowIso(repo), decision_reason: reason || null })
      .where('id', '=', proposalId)
      .where('status', '=', 'proposed')
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new AppError('conflict', `proposal ${proposalId} was decided meanwhile`)
    await audit({ action: input.decision === 'confirmed' ? 'confirm' : 'reject', entity: 'lab_ae_proposal', entityId: proposalId, siteId: s.site_id, oldValue: { status: 'proposed' }, newValue: { status: row.status }, reason: reason || null })
    return row
  })
}

// ---- SAE reports ---------------------------------------------------------------------------

export interface SaeInput {
  aeSource: 'form_record' | 'lab_ae_proposal' | 'safety_alert' | 'other'
  aeSourceId?: string | null
  term: string
  ctcaeGrade?: number | null
  onsetDate?: string | null
  seriousness: SeriousnessAnswers
  related: boolean | null
  unexpected: boolean | null
  siteAwareAt: string
  initialSentAt?: string | null
  sponsorFirstKnowledgeAt?: string | null
  narrative?: string
}

export interface SaePatch {
  initialSentAt?: string | null
  sponsorFirstKnowledgeAt?: string | null
  regulatorInitialSubmittedAt?: string | null
  regulatorFollowUpSubmittedAt?: string | null
  related?: boolean | null
  unexpected?: boolean | null
  seriousness?: SeriousnessAnswers
  narrative?: string
  reason: string
}

function checkZoned(fields: Record<string, string | null | undefined>) {
  const details = Object.entries(fields)
    .filter(([, v]) => v != null && !parseZonedDateTime(v).ok)
    .map(([path, v]) => ({ path, message: `expected an ISO 8601 date-time with a UTC offset, e.g. 2025-03-03T10:00+08:00: ${JSON.stringify(v)}` }))
  if (details.length > 0) throw new AppError('validation_failed', 'a time is missing its UTC offset or is invalid', details)
}

const instantOf = (zoned: string) => {
  const p = parseZonedDateTime(zoned)
  if (!p.ok) throw new AppError('validation_failed', 'invalid date-time')
  return new Date(Math.round(p.value.epochMinutes * 60_000)).toISOString()
}

/** The SAE reports of a subject with their clocks; `sae`: the site clock rule of its protocol (§4.2 PROTOCOL DECISION). */
async function listSae(repo: ScopedRepo, subjectId: number, sae: SafetySettings['sae']) {
  const rows = await repo.db.selectFrom('sae_report').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute()
  const followUps = rows.length === 0 ? [] : await repo.db.selectFrom('sae_follow_up').selectAll().where('sae_id', 'in', rows.map((r) => r.id)).orderBy('id').execute()
  const asOf = nowIso(repo)
  return rows.map((r) => ({ ...r, followUps: followUps.filter((f) => f.sae_id === r.id), clocks: saeClocks(r, asOf, sae) }))
}

export async function createSae(repo: ScopedRepo, subjectId: number, input: SaeInput) {
  const s = await subjectFor(repo, subjectId)
  repo.require('safety.review', s.site_id, 'report SAEs at this site')
  checkZoned({ siteAwareAt: input.siteAwareAt, initialSentAt: input.initialSentAt, sponsorFirstKnowledgeAt: input.sponsorFirstKnowledgeAt })
  const c = classifySae(input.seriousness, input.related, input.unexpected)
  const { sae } = (await safetySettingsForSubject(repo.db, s)).settings
  return repo.write(async (tx, audit) => {
    const row = await tx
      .insertInto('sae_report')
      .values({
        subject_id: s.id, site_id: s.site_id, ae_source: input.aeSource, ae_source_id: input.aeSourceId ?? null, term: input.term, ctcae_grade: input.ctcaeGrade ?? null,
        onset_date: input.onsetDate ?? null, seriousness: JSON.stringify(input.seriousness), serious: c.serious, criteria: JSON.stringify(c.criteria),
        related: input.related, unexpected: input.unexpected, susar_category: c.category, site_aware_at: input.siteAwareAt, site_aware_instant: instantOf(input.siteAwareAt),
        initial_sent_at: input.initialSentAt ?? null, sponsor_first_knowledge_at: input.sponsorFirstKnowledgeAt ?? null, regulator_initial_submitted_at: null,
        regulator_follow_up_submitted_at: null, narrative: input.narrative ?? '', created_at: nowIso(repo), voided_at: null, void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'sae_report', entityId: row.id, siteId: s.site_id, newValue: row })
    return { ...row, followUps: [], clocks: saeClocks(row, nowIso(repo), sae) }
  })
}

async function saeFor(repo: ScopedRepo, saeId: number) {
  const r = await repo.db.selectFrom('sae_report').selectAll().where('id', '=', saeId).executeTakeFirst()
  if (!r) throw notFound(`SAE report ${saeId}`)
  const s = await subjectFor(repo, r.subject_id)
  return { r, s }
}

export async function getSae(repo: ScopedRepo, saeId: number) {
  const { r, s } = await saeFor(repo, saeId)
  return (await listSae(repo, r.subject_id, (await safetySettingsForSubject(repo.db, s)).settings.sae)).find((x) => x.id === saeId)!
}

export async function updateSae(repo: ScopedRepo, saeId: number, patch: SaePatch) {
  const { r, s } = await saeFor(repo, saeId)
  repo.require('safety.review', s.site_id, 'update SAE reports at this site')
  if (r.voided_at) throw new AppError('illegal_transition', `SAE report ${saeId} is voided`)
  if (patch.reason.trim() === '') throw new AppError('validation_failed', 'a reason for change is required', [{ path: 'reason', message: 'required' }])
  checkZoned({ initialSentAt: patch.initialSentAt, sponsorFirstKnowledgeAt: patch.sponsorFirstKnowledgeAt, regulatorInitialSubmittedAt: patch.regulatorInitialSubmittedAt, regulatorFollowUpSubmittedAt: patch.regulatorFollowUpSubmittedAt })
  const seriousness = patch.seriousness ?? (r.seriousness as SeriousnessAnswers)
  const related = patch.related !== undefined ? patch.related : r.related
  const unexpected = patch.unexpected !== undefined ? patch.unexpected : r.unexpected
  const c = classifySae(seriousness, related, unexpected)
  const set = {
    ...(patch.initialSentAt !== undefined ? { initial_sent_at: patch.initialSentAt } : {}),
    ...(patch.sponsorFirstKnowledgeAt !== undefined ? { sponsor_first_knowledge_at: patch.sponsorFirstKnowledgeAt } : {}),
    ...(patch.regulatorInitialSubmittedAt !== undefined ? { regulator_initial_submitted_at: patch.regulatorInitialSubmittedAt } : {}),
    ...(patch.regulatorFollowUpSubmittedAt !== undefined ? { regulator_follow_up_submitted_at: patch.regulatorFollowUpSubmittedAt } : {}),
    ...(patch.narrative !== undefined ? { narrative: patch.narrative } : {}),
    seriousness: JSON.stringify(seriousness), related, unexpected, serious: c.serious, criteria: JSON.stringify(c.criteria), susar_category: c.category,
  }
  return repo.write(async (tx, audit) => {
    const row = await tx.updateTable('sae_report').set(set).where('id', '=', saeId).returningAll().executeTakeFirstOrThrow()
    const changed = Object.keys(set).filter((k) => JSON.stringify((r as Record<string, unknown>)[k]) !== JSON.stringify((row as Record<string, unknown>)[k]))
    await audit({
      action: 'update', entity: 'sae_report', entityId: saeId, siteId: s.site_id, reason: patch.reason,
      oldValue: Object.fromEntries(changed.map((k) => [k, (r as Record<string, unknown>)[k]])), newValue: Object.fromEntries(changed.map((k) => [k, (row as Record<string, unknown>)[k]])),
    })
    return row
  })
}

export async function addSaeFollowUp(repo: ScopedRepo, saeId: number, input: { sentAt: string; summary: string }) {
  const { r, s } = await saeFor(repo, saeId)
  repo.require('safety.review', s.site_id, 'update SAE reports at this site')
  if (r.voided_at) throw new AppError('illegal_transition', `SAE report ${saeId} is voided`)
  checkZoned({ sentAt: input.sentAt })
  return repo.write(async (tx, audit) => {
    const row = await tx.insertInto('sae_follow_up').values({ sae_id: saeId, sent_at: input.sentAt, summary: input.summary, created_at: nowIso(repo) }).returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'sae_follow_up', entityId: row.id, siteId: s.site_id, newValue: row })
    return row
  })
}

export async function voidSae(repo: ScopedRepo, saeId: number, reason: string) {
  const { r, s } = await saeFor(repo, saeId)
  repo.require('safety.review', s.site_id, 'void SAE reports at this site')
  if (r.voided_at) throw new AppError('illegal_transition', `SAE report ${saeId} is voided already`)
  if (reason.trim() === '') throw new AppError('validation_failed', 'a reason is required', [{ path: 'reason', message: 'required' }])
  return repo.write(async (tx, audit) => {
    const row = await tx.updateTable('sae_report').set({ voided_at: nowIso(repo), void_reason: reason }).where('id', '=', saeId).returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'void', entity: 'sae_report', entityId: saeId, siteId: s.site_id, oldValue: { voided_at: null }, newValue: { voided_at: row.voided_at }, reason })
    return row
  })
}

export async function saePrintHtml(repo: ScopedRepo, saeId: number) {
  const sae = await getSae(repo, saeId)
  const subject = await repo.getSubject(sae.subject_id)
  return saeFormHtml({ report: sae, subject: { ...subject, registry_id: subject.registry_id }, followUps: sae.followUps, clocks: sae.clocks, printedAt: nowIso(repo) })
}

// ---- safety tables -------------------------------------------------------------------------

/**
 * Study safety tables over the infused subjects the caller may read (safety population), by dose level and overall:
 * AEs by SOC/term and worst grade (investigator AEs + confirmed lab-derived AEs), CRS and ICANS incidence by maximum
 * grade with time to onset and duration (each course graded with the `safety` settings of the subject's protocol
 * version, `subjectCourse`), and cytopenias by worst post-infusion CTCAE grade.
 * Source: safety-grading.md §1-3; core `aeIncidenceTable`, `syndromeIncidenceTable`.
 */
export async function studySafetyTables(repo: ScopedRepo, studyId: number) {
  repo.require('report.run', undefined, 'run safety tables')
  const subjects = (await repo.listSubjects(studyId)).filter((s) => s.infusion_date !== null)
  const population: SafetyPopulationSubject<string>[] = subjects.map((s) => ({ subjectId: String(s.id), doseLevel: s.dose_level ?? 'unassigned' }))
  const aes: AeRecord[] = []
  const crs: SyndromeCourseRecord[] = []
  const icans: SyndromeCourseRecord[] = []
  const cytopenias: AeRecord[] = []
  const labs = await labSamples(repo.db, subjects.map((s) => s.id))
  const confirmed = subjects.length === 0 ? [] : await repo.db.selectFrom('lab_ae_proposal').selectAll().where('subject_id', 'in', subjects.map((s) => s.id)).where('status', '=', 'confirmed').execute()
  for (const sub of subjects) {
    const id = String(sub.id)
    for (const ae of await adverseEvents(repo.db, sub.id)) aes.push({ subjectId: id, soc: socForTerm(ae.data.ctcaeTerm), term: ae.data.ctcaeTerm, grade: ae.data.grade })
    for (const p of confirmed.filter((c) => c.subject_id === sub.id)) aes.push({ subjectId: id, soc: p.soc, term: p.term, grade: p.worst_grade })
    const s = await loadSafetySubject(repo.db, sub.id)
    const graded = s ? await subjectCourse(repo.db, s) : null
    if (graded) {
      const record = (c: typeof graded.course.crs | typeof graded.course.icans): SyndromeCourseRecord => ({
        subjectId: id,
        maxGrade: c.days.length === 0 ? null : c.maxGrade,
        onsetDay: c.onsetDay,
        durationDays: c.episodes[0]?.durationDays ?? null,
      })
      crs.push(record(graded.course.crs))
      icans.push(record(graded.course.icans))
    }
    cytopenias.push(...cytopeniaRecords(id, sub.infusion_date!, labs.get(sub.id) ?? []))
  }
  return {
    studyId,
    population: { n: population.length, doseLevels: [...new Set(population.map((p) => p.doseLevel))] },
    adverseEvents: aeIncidenceTable(population, aes),
    crs: syndromeIncidenceTable(population, crs),
    icans: syndromeIncidenceTable(population, icans),
    cytopenias: aeIncidenceTable(population, cytopenias).filter((r) => r.term !== null),
  }
}
