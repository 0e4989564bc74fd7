/**
 * The results report of a study from the database: `readStudyReportInputs` then core's `buildStudyReport`
 * and `renderReportHtml`. Used by the in-app report (routes/report.ts, over the subjects the caller may see)
 * and by `celltrial report --study` (every infused subject of the study).
 * Source: domain/statistics.md §1-§4; packages/core/src/report.
 */
import type { Kysely } from 'kysely'
import { buildStudyReport, renderReportHtml, type RenderHtmlOptions, type StudyReport } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { readStudyReportInputs } from './study-report-inputs.js'

export interface StudyReportFromDbOptions {
  /** data cut-off YYYY-MM-DD */
  cutoff: string
  /** only these subjects (default: every infused subject of the study) */
  subjectIds?: readonly number[]
}

/**
 * @returns the report model, the study's registry id and whether any subject is synthetic demo data
 * @throws AppError not_found (study), conflict (stored protocol does not parse); RangeError (bad cut-off)
 */
export async function studyReportFromDb(
  db: Kysely<Database>,
  studyId: number,
  { cutoff, subjectIds }: StudyReportFromDbOptions,
): Promise<{ report: StudyReport; registryId: string; demo: boolean }> {
  const read = await readStudyReportInputs(db, studyId, { subjectIds })
  return { report: buildStudyReport(read.inputs, { cutoff, protocol: read.protocol }), registryId: read.registryId, demo: read.demo }
}

/**
 * The report over the subjects the caller may see. Access: `study.read`, then `subject.read` per subject
 * (ScopedRepo.listSubjects).
 */
export async function scopedStudyReport(repo: ScopedRepo, studyId: number, options: { cutoff: string }): Promise<{ report: StudyReport; demo: boolean }> {
  const visible = await repo.listSubjects(studyId)
  const { report, demo } = await studyReportFromDb(repo.db, studyId, { cutoff: options.cutoff, subjectIds: visible.map((s) => s.id) })
  return { report, demo }
}

/**
 * The in-app page: marked when the data are synthetic; subject ids link to the subject's page in the app.
 */
export async function scopedStudyReportHtml(repo: ScopedRepo, studyId: number, options: { cutoff: string } & Pick<RenderHtmlOptions, 'lang'>): Promise<string> {
  const visible = await repo.listSubjects(studyId)
  const { report, demo } = await studyReportFromDb(repo.db, studyId, { cutoff: options.cutoff, subjectIds: visible.map((s) => s.id) })
  const byCode = new Map(visible.map((s) => [s.code, s.id]))
  return renderReportHtml(report, { lang: options.lang, demo, subjectHref: (code) => (byCode.has(code) ? `/subjects/${byCode.get(code)}` : null) })
}
