/**
 * Small summaries that keep the subject ids behind each number (domain/statistics.md §1-§2).
 */
import { clopperPearson, formatPercentWithCi, sampleMedianRange } from '../stats/index.js'
import type { ReportCount, ReportProportion, ReportSummary } from './types.js'
import { roundHalfUp } from '../dosing/round-half-up.js'

/** x of n: the ids in `ids` that satisfy `pred`. */
export function countOf(ids: readonly string[], pred: (id: string) => boolean): ReportCount {
  const hit = ids.filter(pred)
  return { x: hit.length, n: ids.length, percent: ids.length === 0 ? null : (100 * hit.length) / ids.length, ids: hit }
}

/** x of n with its exact 95 % CI (statistics.md §2; Clopper & Pearson, Biometrika 1934). */
export function proportionOf(ids: readonly string[], pred: (id: string) => boolean): ReportProportion {
  const c = countOf(ids, pred)
  if (c.n === 0) return { ...c, lower: null, upper: null, display: '–' }
  const ci = clopperPearson(c.x, c.n)
  return { ...c, lower: ci.lower, upper: ci.upper, display: formatPercentWithCi(c.x, c.n, ci) }
}

/** Median (range) of the subjects that have a value (statistics.md §1); null when none has. */
export function summaryOf(ids: readonly string[], value: (id: string) => number | null | undefined): ReportSummary | null {
  const have: string[] = []
  const values: number[] = []
  for (const id of ids) {
    const v = value(id)
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      have.push(id)
      values.push(v)
    }
  }
  if (values.length === 0) return null
  const s = sampleMedianRange(values)
  return { n: s.n, median: s.median, min: s.min, max: s.max, ids: have }
}

/** Completed years between two ISO dates (calendar arithmetic, no day-count approximation). */
export function completedYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0)
}

/**
 * Round half up to `digits` decimals, for display (statistics.md §2 "round half up"; README "Rounding").
 * The scaled value is first cut to 12 significant digits, so that a decimal half the binary sum of two values
 * misses stays a half: the median of 82.08 and 90.82 is 86.45 (computed 86.44999999999999) and shows as 86.5.
 * @example roundTo((82.08 + 90.82) / 2, 1) // 86.5
 */
export function roundTo(x: number, digits: number): number {
  return Number.isFinite(x) ? roundHalfUp(x, digits) : x
}
