/**
 * FHIR R4 exchange of one subject: import of a Bundle (one Patient and their laboratory Observations) into the
 * subject's lab results, and export of the subject's labs and adverse events as a Bundle.
 * Source: interchange/ctgov-fhir-odm.md §2.
 */
import { buildFhirBundle, formatFhirIssue, readFhirLabBundle, type ExchangeStudy } from '@celltrial/core'
import type { Bundle } from 'fhir/r4.js'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { AppError } from '../errors.js'
import { json } from '../capture/common.js'
import { activeLockFor } from '../capture/active-lock.js'
import { evaluateLabs } from '../safety/evaluate.js'
import { mailConfigFromEnv } from '../safety/notify.js'

/**
 * Validate the whole Bundle, then write every lab in one transaction with its audit record (or nothing) and run
 * the lab safety evaluation as a manual lab entry does. Needs `subject.write` at the subject's site.
 * @throws AppError validation_failed listing every problem with its Bundle entry index and path
 */
export async function importSubjectFhir(repo: ScopedRepo, subjectId: number, bundle: unknown) {
  const subject = await repo.getSubject(subjectId)
  repo.require('subject.write', subject.site_id, 'enter labs for this subject')
  const r = readFhirLabBundle(bundle, { subjectCode: subject.code })
  if (!r.ok) throw new AppError('validation_failed', `${r.issues.length} problem(s) in the FHIR Bundle: nothing was imported`, r.issues.map((i) => ({ path: i.path.join('.'), message: formatFhirIssue(i), code: i.code })))
  const lock = await activeLockFor(repo.db, { id: -1, subject_id: subject.id, study_id: subject.study_id })
  if (lock) throw new AppError('conflict', `data are locked (${lock.scope} lock ${lock.id}): nothing was imported`)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const ids: number[] = []
    for (const l of r.value.labs) {
      const row = await tx
        .insertInto('lab_result')
        .values({ subject_id: subject.id, test_code: l.testCode, value: l.value, unit: l.unit, collected_on: l.collectedOn, ref_low: l.refLow, ref_high: l.refHigh, voided_at: null, void_reason: null })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'lab_result', entityId: row.id, siteId: subject.site_id, newValue: { ...row, fhir: { entry: l.entry, observationId: l.sourceId } }, reason: 'FHIR R4 Bundle import' })
      ids.push(row.id)
    }
    const safety = await evaluateLabs(tx, audit, { now, subjectId: subject.id, mail: mailConfigFromEnv() })
    return { subjectId: subject.id, labs: ids.length, labIds: ids, alerts: safety.alerts.length }
  })
}

/** The subject's current labs and adverse events as a FHIR R4 Bundle (Patient, ResearchSubject, Observation, AdverseEvent). */
export async function exportSubjectFhir(repo: ScopedRepo, subjectId: number): Promise<Bundle> {
  const subject = await repo.getSubject(subjectId)
  const [labs, aes, studyRow] = await Promise.all([
    repo.db.selectFrom('lab_result').selectAll().where('subject_id', '=', subject.id).where('voided_at', 'is', null).orderBy('collected_on').orderBy('id').execute(),
    repo.db.selectFrom('form_record').select(['data']).where('subject_id', '=', subject.id).where('form_type', '=', 'adverse_event').where('voided_at', 'is', null).orderBy('observed_on').orderBy('id').execute(),
    repo.db.selectFrom('study').select(['protocol', 'phase']).where('id', '=', subject.study_id).executeTakeFirst(),
  ])
  // ctgov-fhir-odm.md §2: ResearchStudy.status and .phase come from the registry status and phases (the protocol's
  // identification, else the study's phase column)
  const ident = studyRow ? json<{ identification?: { overallStatus?: unknown; phases?: unknown } } | null>(studyRow.protocol)?.identification : undefined
  const overallStatus = typeof ident?.overallStatus === 'string' ? ident.overallStatus : null
  const phases = Array.isArray(ident?.phases) && ident.phases.every((p: unknown) => typeof p === 'string') ? ident.phases : studyRow?.phase ? studyRow.phase.split('/') : null
  const study: ExchangeStudy = {
    registryId: subject.registry_id, title: subject.study_title, overallStatus, phases,
    subjects: [{
      usubjid: subject.code, siteId: subject.site_code, age: subject.age_years, sex: subject.sex ?? 'U', armCode: subject.dose_level, infusionDate: subject.infusion_date,
      labs: labs.map((l) => ({ testCode: l.test_code, value: l.value, text: String(l.value), unit: l.unit, date: l.collected_on, time: null, refLow: l.ref_low, refHigh: l.ref_high })),
      adverseEvents: aes.map((a) => {
        const d = json<{ ctcaeTerm: string; grade: number; serious: boolean; start: string; end: string | null }>(a.data)
        return { term: d.ctcaeTerm, grade: d.grade, gradingSystem: 'CTCAE v5.0', serious: d.serious, startDate: d.start, endDate: d.end }
      }),
    }],
  }
  return buildFhirBundle(study)
}
