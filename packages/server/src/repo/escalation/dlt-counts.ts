import { addDays, canAccess, daysBetween, safetySettingsOf, summariseDltByDoseLevel, type DltSubject, type SafetySettings } from '@celltrial/core'
import { AppError } from '../../errors.js'
import type { ScopedRepo } from '../scoped-repo.js'
import { loadStudyEscalation, type StudyEscalation } from './design.js'
import { protocolJsonForSubject } from '../protocol-versions.js'

/** A subject still counting toward the DLT window, or infused but not yet adjudicated (signed). */
export interface PendingSubject {
  subjectId: number
  /** null when the caller may not read that site's subjects */
  code: string | null
  siteCode: string
  doseLevel: string
  infusionDate: string
  /** last day of the window as a date */
  windowEndsOn: string
  reason: 'in-window' | 'awaiting-adjudication'
}

export interface DoseLevelCounts {
  doseLevel: string
  label: string
  /** subjects infused at this level */
  nInfused: number
  nEvaluable: number
  nDlt: number
  /** not DLT-evaluable: adjudicated so, or off study before the window end without DLT (§5) */
  nNotEvaluable: number
  pending: PendingSubject[]
}

const OFF_STUDY = new Set(['withdrawn', 'lost_to_follow_up', 'died'])

/**
 * Per dose level of the study: n DLT-evaluable and n with a DLT, computed by core's
 * `summariseDltByDoseLevel` (safety-grading.md §5) from each infused subject's infusion date (Day 0), the DLT
 * window and the §5 PROTOCOL DECISIONs (`safety.dlt`: a patient off study before the window end without DLT is
 * replaced or counted evaluable; the onset rule) of the protocol version it consented to, and the signed DLT
 * assessments. A subject without a signed assessment is never
 * counted: inside the window it is pending, after it "awaiting adjudication". A subject adjudicated not
 * evaluable is left out of n (replaced per protocol, §5). Counts cover every site (the design is
 * study-wide); subject codes are shown only where the caller may read them.
 */
export async function dltCountsByDoseLevel(repo: ScopedRepo, esc: StudyEscalation): Promise<{ asOf: string; levels: DoseLevelCounts[]; unknownLevels: string[] }> {
  const asOf = repo.clock().toISOString().slice(0, 10)
  const rows = await repo.db
    .selectFrom('subject')
    .innerJoin('site', 'site.id', 'subject.site_id')
    .leftJoin('dlt_assessment', 'dlt_assessment.subject_id', 'subject.id')
    .select([
      'subject.id', 'subject.study_id', 'subject.created_at', 'subject.code', 'subject.site_id', 'subject.status', 'subject.dose_level', 'subject.infusion_date', 'site.code as site_code',
      'dlt_assessment.evaluable', 'dlt_assessment.dlt', 'dlt_assessment.event_description', 'dlt_assessment.dlt_grade',
      'dlt_assessment.onset_date', 'dlt_assessment.signed_at',
    ])
    .where('subject.study_id', '=', esc.studyId)
    .where('subject.dose_level', 'is not', null)
    .where('subject.infusion_date', 'is not', null)
    .where('subject.infusion_date', '<=', asOf)
    .orderBy('subject.code')
    .execute()
  const known = new Set(esc.doseLevels.map((l) => l.id))
  const unknownLevels = [...new Set(rows.map((r) => r.dose_level!).filter((l) => !known.has(l)))]
  const counted = rows.filter((r) => known.has(r.dose_level!))
  // safety-grading.md §5: "Patients lost before window end without DLT are replaced". Follow-up of a subject
  // off study ends on its exit date (withdrawal, loss, death), not today: otherwise a subject who died on Day 10
  // without DLT would turn "evaluable, no DLT" once today passed Day 28.
  const offIds = counted.filter((r) => OFF_STUDY.has(r.status)).map((r) => r.id)
  const exits =
    offIds.length === 0
      ? []
      : await repo.db.selectFrom('subject_event').select(['subject_id', 'occurred_on']).where('subject_id', 'in', offIds)
          .where('to_status', 'in', [...OFF_STUDY]).where('voided_at', 'is', null).execute()
  const exitOn = new Map<number, string>()
  for (const e of exits) if (e.occurred_on <= asOf && (exitOn.get(e.subject_id) ?? '') < e.occurred_on) exitOn.set(e.subject_id, e.occurred_on)
  // each subject's window is that of the protocol version it consented to, as its DLT assessment was signed
  // against (dlt-assessment.ts): an amendment that changes the window does not move a signed DLT out of it
  // (subjects on one version share its parsed protocol object: read its design once); the same for its §5 rules
  const windowOf = new Map<number, number>()
  const windowOfProtocol = new Map<unknown, number>()
  const dltRulesOf = new Map<number, SafetySettings['dlt']>()
  const dltRulesOfProtocol = new Map<unknown, SafetySettings['dlt']>()
  for (const r of counted) {
    const { json, versionNumber } = await protocolJsonForSubject(repo.db, r)
    if (!windowOfProtocol.has(json)) windowOfProtocol.set(json, (await loadStudyEscalation(repo, esc.studyId, json)).windowDays)
    windowOf.set(r.id, windowOfProtocol.get(json)!)
    if (!dltRulesOfProtocol.has(json)) {
      const settings = safetySettingsOf(json)
      if (!settings) throw new AppError('conflict', `the safety settings of protocol version ${versionNumber} do not parse`)
      dltRulesOfProtocol.set(json, settings.dlt)
    }
    dltRulesOf.set(r.id, dltRulesOfProtocol.get(json)!)
  }
  const core: DltSubject<string>[] = counted
    .filter((r) => !(r.signed_at !== null && r.evaluable === false))
    .map((r) => {
      const signed = r.signed_at !== null
      return {
        subjectId: String(r.id),
        doseLevel: r.dose_level!,
        // unsigned: not adjudicated yet, so core keeps the subject pending
        receivedAssignedDose: signed ? true : null,
        observedThroughDay: daysBetween(r.infusion_date!, exitOn.get(r.id) ?? asOf),
        offStudy: OFF_STUDY.has(r.status),
        windowEndDay: windowOf.get(r.id)!,
        // §5 PROTOCOL DECISIONs of the subject's version; the adjudicated event carries its onset only (the day the
        // DLT grade was reached is not recorded), so the `qualifying-grade` rule reads the onset as that day
        offStudyBeforeWindowEnd: dltRulesOf.get(r.id)!.offStudyBeforeWindowEnd,
        anchor: dltRulesOf.get(r.id)!.anchor,
        events:
          signed && r.dlt === true
            ? [{ term: r.event_description ?? '', grade: r.dlt_grade ?? 0, category: 'non-haematological', attribution: null, onsetDay: daysBetween(r.infusion_date!, r.onset_date!), adjudicatedDlt: true }]
            : [],
      }
    })
  const summary = summariseDltByDoseLevel(core, { windowEndDay: esc.windowDays })
  const byId = new Map(counted.map((r) => [String(r.id), r]))
  const levels = esc.doseLevels.map((l): DoseLevelCounts => {
    const s = summary.find((x) => x.doseLevel === l.id)
    return {
      doseLevel: l.id,
      label: l.label,
      nInfused: counted.filter((r) => r.dose_level === l.id).length,
      nEvaluable: s?.nEvaluable ?? 0,
      nDlt: s?.nDlt ?? 0,
      // adjudicated not evaluable, plus those core finds off study before the window end without DLT (§5)
      nNotEvaluable: counted.filter((r) => r.dose_level === l.id).length - (s?.nEvaluable ?? 0) - (s?.pendingSubjects.length ?? 0),
      pending: (s?.pendingSubjects ?? []).map((id) => {
        const r = byId.get(id)!
        const windowEndsOn = addDays(r.infusion_date!, windowOf.get(r.id)!)
        return {
          subjectId: r.id,
          code: canAccess(repo.who, 'subject.read', r.site_id) ? r.code : null,
          siteCode: r.site_code,
          doseLevel: l.id,
          infusionDate: r.infusion_date!,
          windowEndsOn,
          reason: asOf < windowEndsOn ? 'in-window' : 'awaiting-adjudication',
        }
      }),
    }
  })
  return { asOf, levels, unknownLevels }
}
