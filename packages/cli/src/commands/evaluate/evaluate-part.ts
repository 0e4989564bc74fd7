/**
 * Evaluate a batch of subjects (a part of the cohort handed to a worker thread) into the text of their
 * ADaM rows and the per-subject figures of the cohort summary. The rows are formatted as the writer
 * formats them (`formatAdamCsvRow`), so appending the text gives the same files as writing subject by
 * subject on one thread.
 *
 * Source: interchange/sdtm-adam.md "Output datasets"; domain/response-itp.md §3.
 */
import {
  ADRS_VARIABLES,
  ADSL_VARIABLES,
  ADTTE_VARIABLES,
  deriveAdamSubject,
  evaluateResponse,
  formatAdamCsvRow,
  sdtmResponseSubjectOf,
  type ResponseParams,
  type SdtmResponseSubject,
  type SdtmResponseSubjectBatch,
} from '@celltrial/core'
import type { CohortResult } from './cohort-summary.js'

/** The ADaM text (rows only, no header) and cohort figures of a batch of subjects, in subject order. */
export interface EvaluatedPart {
  adsl: string
  adrs: string
  adtte: string
  rows: { adsl: number; adrs: number; adtte: number }
  cohort: CohortResult[]
}

/** The ADaM rows of one subject's SDTM facts and engine result (as `celltrial evaluate` writes them). */
export function adamRowsOf(s: SdtmResponseSubject, result: ReturnType<typeof evaluateResponse>) {
  return deriveAdamSubject(
    {
      studyId: s.dm.studyId,
      usubjid: s.dm.usubjid,
      siteId: s.dm.siteId,
      age: s.dm.age,
      sex: s.dm.sex,
      infusionDate: s.dm.infusionDate,
      ldStartDate: s.ldStartDate,
      doseLevel: s.dm.armCode ?? s.dm.arm,
    },
    result,
  )
}

/** The figures of a result that the cohort summary uses. */
export const cohortResultOf = (r: ReturnType<typeof evaluateResponse>): CohortResult => ({
  bestResponse: r.bestResponse,
  TTR: r.TTR,
  DoR: r.DoR,
  DoREvent: r.DoREvent,
})

/** Evaluate every subject of `batch` with `params` at `cutoff`. */
export function evaluatePart(
  batch: SdtmResponseSubjectBatch,
  params: ResponseParams,
  cutoff: string | null,
): EvaluatedPart {
  const part: EvaluatedPart = {
    adsl: '',
    adrs: '',
    adtte: '',
    rows: { adsl: 0, adrs: 0, adtte: 0 },
    cohort: [],
  }
  for (let k = 0; k < batch.subjects.length; k++) {
    const s = sdtmResponseSubjectOf(batch, k, cutoff)
    const result = evaluateResponse(s.input, params)
    const rows = adamRowsOf(s, result)
    part.adsl += formatAdamCsvRow(ADSL_VARIABLES, rows.adsl)
    part.adrs += formatAdamCsvRow(ADRS_VARIABLES, rows.adrs)
    for (const r of rows.adtte) part.adtte += formatAdamCsvRow(ADTTE_VARIABLES, r)
    part.rows.adsl++
    part.rows.adrs++
    part.rows.adtte += rows.adtte.length
    part.cohort.push(cohortResultOf(result))
  }
  return part
}
