/**
 * The one-screen summary of `celltrial evaluate`: n, best-response counts, ORR with its exact CI, median
 * TTR among responders and the Kaplan–Meier median DoR.
 *
 * Source: domain/statistics.md §1 (median (range), percent "75.0 %" with x/n), §2 (Clopper–Pearson),
 * §3 (Kaplan–Meier DoR, log-log CI by default); domain/response-itp.md §3.11 (ORR).
 */
import {
  clopperPearson,
  formatPercentWithCi,
  kaplanMeier,
  sampleMedianRange,
  summariseResponseCohort,
  type ResponseParams,
  type ResponseResult,
} from '@celltrial/core'

/** Cohort figures, also printed as JSON by `--json`. */
export interface EvaluateCohortSummary {
  n: number
  bestResponse: Record<string, number>
  responders: number
  orr: { estimate: number; lower: number; upper: number; level: number; method: 'Clopper-Pearson' } | null
  ttr: { n: number; median: number; min: number; max: number } | null
  dor: { n: number; events: number; median: number | null; lower: number | null; upper: number | null; confType: 'log-log' } | null
}

/** The part of a subject's result the cohort figures use (kept per subject instead of the whole result). */
export type CohortResult = Pick<ResponseResult, 'bestResponse' | 'TTR' | 'DoR' | 'DoREvent'>

/** Compute the cohort figures from the per-subject results (analysis population = every subject in dm.csv). */
export function summariseEvaluation(results: readonly CohortResult[], params: ResponseParams): EvaluateCohortSummary {
  const tally = summariseResponseCohort(results)
  const names = params.categoryNames
  const orrCi = tally.n > 0 ? clopperPearson(tally.responders, tally.n) : null
  const responders = results.filter((r) => r.bestResponse === 'CR' || r.bestResponse === 'R')
  const ttrs = responders.map((r) => r.TTR).filter((t): t is number => t !== null)
  const dor = responders.filter((r) => r.DoR !== null)
  const km = dor.length > 0 ? kaplanMeier(dor.map((r) => r.DoR as number), dor.map((r) => (r.DoREvent ? 1 : 0))) : null
  return {
    n: tally.n,
    bestResponse: { [names.CR]: tally.CR, [names.R]: tally.R, [names.NR]: tally.NR, [names.NE]: tally.NE },
    responders: tally.responders,
    orr: orrCi && { estimate: tally.responders / tally.n, ...orrCi, level: 0.95, method: 'Clopper-Pearson' },
    ttr: ttrs.length > 0 ? sampleMedianRange(ttrs) : null,
    dor: km && { n: km.n, events: km.events, median: km.median.estimate, lower: km.median.lower, upper: km.median.upper, confType: 'log-log' },
  }
}

const days = (v: number | null) => (v === null ? 'NR' : `${v}`)

/** Render the summary for a terminal (one screen). */
export function renderEvaluationSummary(s: EvaluateCohortSummary, params: ResponseParams): string[] {
  const names = params.categoryNames
  const lines = [`Subjects (analysis population: all in dm.csv): ${s.n}`]
  lines.push(`Best overall response: ${Object.entries(s.bestResponse).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  if (s.orr) {
    lines.push(
      `ORR (${names.CR} + ${names.R}): ${s.responders}/${s.n}, ${formatPercentWithCi(s.responders, s.n, s.orr)}, exact 95 % CI (Clopper-Pearson)`,
    )
  }
  lines.push(s.ttr ? `Median TTR (responders, n = ${s.ttr.n}): ${s.ttr.median} days (range, ${s.ttr.min} to ${s.ttr.max})` : 'Median TTR: no responders')
  if (s.dor)
    lines.push(
      `Median DoR (Kaplan-Meier, n = ${s.dor.n}, ${s.dor.events} losses): ${days(s.dor.median)} days (95 % CI ${days(s.dor.lower)} to ${days(s.dor.upper)}, log-log)`,
    )
  return lines
}
