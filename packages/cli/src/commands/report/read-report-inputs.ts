/**
 * SDTM directory -> report inputs, through the `evaluate` command's streaming reader (one reader for both
 * commands) with observers that keep the records the report needs beyond the response inputs.
 * Source: interchange/sdtm-adam.md "Input domains"; packages/core/src/report/from-sdtm.ts.
 */
import {
  formatSdtmIssue,
  studyReportSubjectsFromSdtm,
  type ReportSdtmRecords,
  type SdtmAeRecord,
  type SdtmCeRecord,
  type SdtmCmRecord,
  type SdtmExRecord,
  type SdtmLbRecord,
  type StudyReportSubjectInput,
} from '@celltrial/core'
import { DataError } from '../../command.js'
import { readSdtmDirectory } from '../evaluate/read-sdtm-dir.js'

/** The report inputs of an SDTM directory and the cut-off to use. */
export interface ReportInputs {
  subjects: StudyReportSubjectInput[]
  /** `cutoff` when given, else the latest date in the data */
  cutoff: string
}

/**
 * @param dir directory with dm.csv, ex.csv, lb.csv (+ cm, ce, ae)
 * @param cutoff data cut-off, or null for the latest date in the data
 * @throws DataError listing every problem of the files
 */
export async function readReportInputs(dir: string, cutoff: string | null): Promise<ReportInputs> {
  const records = { ex: [] as SdtmExRecord[], lb: [] as SdtmLbRecord[], cm: [] as SdtmCmRecord[], ce: [] as SdtmCeRecord[], ae: [] as SdtmAeRecord[] }
  const read = await readSdtmDirectory(dir, {
    ex: (r) => records.ex.push(r),
    lb: (r) => {
      if (r.testCode !== 'PLAT') records.lb.push(r)
    },
    cm: (r) => records.cm.push(r),
    ce: (r) => records.ce.push(r),
    ae: (r) => records.ae.push(r),
  })
  if (read.missing.length > 0) throw new DataError(read.missing.map((f) => `${f}: required file not found in ${dir}`).join('\n'))
  if (read.issues.length > 0) throw new DataError(`${read.issues.length} error(s) in the SDTM data:\n${read.issues.map(formatSdtmIssue).join('\n')}`)
  const cut = cutoff ?? read.collector.latestDate()
  if (cut === null) throw new DataError(`${dir}: no dates in the data and no --cutoff`)
  const all: ReportSdtmRecords = { ...records, aeCollected: !read.absent.includes('ae.csv') }
  return { subjects: studyReportSubjectsFromSdtm(read.collector.subjects(cut), all), cutoff: cut }
}
