/**
 * The results report of a study from the database, over the infused subjects the caller may see: subject
 * facts (age, sex, dose level, LD start, infusion), the response input as the response feature builds it
 * (platelet counts, rescue, new ITP therapy, bleeding from the capture forms), and CD19 / CARCN laboratory
 * results when present. Adverse events, prior therapies, diagnosis date and GP autoantibodies are not stored
 * in tables this report reads yet, so those rows are left out (null = not collected), never shown as zero.
 * Access: `study.read`, then `subject.read` per subject (ScopedRepo.listSubjects).
 * Source: domain/statistics.md §1-§4; packages/core/src/report.
 */
import { buildStudyReport, parseProtocol, protocolDay, renderReportHtml, type ReportLanguage, type StudyReport, type StudyReportSubjectInput } from '@celltrial/core'
import { AppError, notFound } from '../errors.js'
import { buildResponseInput } from '../response/build-input.js'
import type { ScopedRepo } from './scoped-repo.js'

export interface StudyReportOptions {
  /** data cut-off YYYY-MM-DD */
  cutoff: string
}

/**
 * @returns the report model and whether any subject is synthetic demo data
 * @throws AppError not_found (study), conflict (stored protocol does not parse)
 */
export async function studyReport(repo: ScopedRepo, studyId: number, { cutoff }: StudyReportOptions): Promise<{ report: StudyReport; demo: boolean }> {
  const visible = await repo.listSubjects(studyId)
  const study = await repo.db.selectFrom('study').select(['id', 'protocol']).where('id', '=', studyId).executeTakeFirst()
  if (!study) throw notFound(`study ${studyId}`)
  const parsed = parseProtocol(study.protocol)
  if (!parsed.ok) throw new AppError('conflict', 'the stored study protocol does not parse')
  const ids = visible.filter((s) => s.infusion_date !== null).map((s) => s.id)
  const subjects =
    ids.length === 0
      ? []
      : await repo.db
          .selectFrom('subject')
          .innerJoin('site', 'site.id', 'subject.site_id')
          .select(['subject.id', 'subject.code', 'subject.sex', 'subject.age_years', 'subject.dose_level', 'subject.infusion_date', 'subject.ld_start_date', 'subject.is_demo', 'site.code as site_code'])
          .where('subject.id', 'in', ids)
          .orderBy('subject.code')
          .execute()
  const labs =
    ids.length === 0
      ? []
      : await repo.db
          .selectFrom('lab_result')
          .select(['subject_id', 'test_code', 'value', 'collected_on'])
          .where('subject_id', 'in', ids)
          .where('test_code', 'in', ['CD19', 'CARCN'])
          .where('voided_at', 'is', null)
          .orderBy('collected_on')
          .execute()
  const inputs: StudyReportSubjectInput[] = []
  for (const s of subjects) {
    const built = await buildResponseInput(repo.db, s)
    if (!built) continue
    const day = (d: string) => protocolDay(d, s.infusion_date!)
    const mine = labs.filter((l) => l.subject_id === s.id && l.value !== null)
    inputs.push({
      usubjid: s.code,
      siteId: s.site_code,
      age: s.age_years,
      sex: s.sex ?? 'U',
      doseLevel: s.dose_level,
      response: built.input,
      itpDiagnosisDate: null,
      priorTherapies: null,
      ldDays: null,
      ldAgents: [],
      cellDose: null,
      cellDoseUnit: null,
      adverseEvents: null,
      medications: [
        ...(built.input.rescueEvents ?? []).map((r) => ({ treatment: r.type, kind: r.type, startDay: day(r.startDate), endDay: day(r.endDate ?? r.startDate) })),
        ...(built.input.newItpTherapyStartDate ? [{ treatment: 'NEW ITP THERAPY', kind: 'NEW_ITP_THERAPY' as const, startDay: day(built.input.newItpTherapyStartDate), endDay: day(built.input.newItpTherapyStartDate) }] : []),
      ],
      carSamples: mine.filter((l) => l.test_code === 'CARCN').map((l) => ({ day: day(l.collected_on), level: Number(l.value) })),
      bCellSamples: mine.filter((l) => l.test_code === 'CD19').map((l) => ({ day: day(l.collected_on), perUl: Number(l.value) })),
      gpAntibody: [],
    })
  }
  return { report: buildStudyReport(inputs, { cutoff, protocol: parsed.value }), demo: subjects.some((s) => s.is_demo) }
}

/** The report as a self-contained HTML page (figures, tables, narrative), marked when the data are synthetic. */
export async function studyReportHtml(repo: ScopedRepo, studyId: number, options: StudyReportOptions & { lang: ReportLanguage }): Promise<string> {
  const { report, demo } = await studyReport(repo, studyId, options)
  return renderReportHtml(report, { lang: options.lang, demo })
}
