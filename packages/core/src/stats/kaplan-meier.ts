import { survivalConfidenceBand, type SurvivalConfType } from './survival-confidence-band.js'
import { survivalMedianCrossing } from './survival-median.js'
import { survivalTimeFix } from './survival-time-fix.js'

/** One distinct observed time of a Kaplan–Meier fit (a row of R `survfit`, censoring-only times included). */
export interface KaplanMeierRow {
  time: number
  /** number at risk just before `time` (observations with time ≥ `time`) */
  nRisk: number
  nEvent: number
  nCensor: number
  /** S(time), the product-limit estimate */
  surv: number
  /** standard error of S(time) = S × se_log (R `summary(survfit)` column `std.err`); `null` where R gives NaN (S = 0) */
  stdErr: number | null
  /** standard error of log S(time), Greenwood (R `survfit` object's `$std.err`); Infinity once S = 0 */
  stdErrLog: number
  /** pointwise lower confidence limit; `null` where R gives NA */
  lower: number | null
  /** pointwise upper confidence limit; `null` where R gives NA */
  upper: number | null
}

/** Median survival time and its CI; `null` = not reached ("NR"). */
export interface KaplanMeierMedian {
  estimate: number | null
  lower: number | null
  upper: number | null
}

export interface KaplanMeierOptions {
  /** pointwise CI transform; default `'log-log'` (PROTOCOL DECISION, domain/statistics.md §3.1) */
  confType?: SurvivalConfType
  /** confidence level; default 0.95 */
  level?: number
  /** merge times equal up to floating-point noise, as R `survfit(timefix = TRUE)`; default true */
  timefix?: boolean
}

/** A Kaplan–Meier fit that records how it was computed (the platform must record the CI type). */
export interface KaplanMeierFit {
  method: 'Kaplan-Meier, Greenwood variance'
  confType: SurvivalConfType
  level: number
  n: number
  events: number
  rows: KaplanMeierRow[]
  median: KaplanMeierMedian
}

/**
 * Kaplan–Meier product-limit estimate with Greenwood variance, pointwise CIs and the median with its
 * Brookmeyer–Crowley CI, matching R `survival::survfit(Surv(times, events) ~ 1)` and `print.survfit`.
 *
 * - S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ); nᵢ = observations with time ≥ tᵢ, so a censoring tied with an event is
 *   at risk for it (events before censorings at tied times).
 * - Var[log S(t)] = Σ dᵢ / [nᵢ(nᵢ − dᵢ)] (Greenwood); `stdErrLog` = its square root, `stdErr` = S × `stdErrLog`.
 * - Rows: one per distinct time, censoring-only times included (R `survfit`'s rows).
 * - Median / CI limits: first time the curve / lower band / upper band reaches 0.5, see `survivalMedianCrossing`.
 *
 * Complexity: O(n log n) for the sort.
 *
 * Source: domain/statistics.md §3 (worked examples A, B, C). Kaplan EL, Meier P. *J Am Stat Assoc*
 * 1958;53(282):457–481. Greenwood M. *Reports on Public Health and Medical Subjects* 1926;33:1–26.
 * Brookmeyer R, Crowley J. *Biometrics* 1982;38(1):29–41. Checked against R 4.2.2 / survival 3.5-3
 * (fixtures/r/runner.R).
 *
 * @param times observed times (e.g. DoR in days), finite numbers
 * @param events 1 = event (e.g. confirmed loss of response), 0 = censored; same length as `times`
 * @param options `{ confType = 'log-log', level = 0.95, timefix = true }`
 * @throws RangeError on empty input, length mismatch, non-finite time, event not 0/1, or level outside (0, 1)
 * @example kaplanMeier([10, 20, 30, 40], [1, 1, 1, 1], { confType: 'log' }).median // { estimate: 25, lower: 10, upper: null }
 */
export function kaplanMeier(
  times: readonly number[],
  events: readonly number[],
  { confType = 'log-log', level = 0.95, timefix = true }: KaplanMeierOptions = {},
): KaplanMeierFit {
  validate(times, events, confType, level)
  const fixed = timefix ? survivalTimeFix(times) : [...times]
  const order = fixed.map((_, i) => i).sort((a, b) => fixed[a]! - fixed[b]!)
  const rows: KaplanMeierRow[] = []
  let atRisk = fixed.length
  let surv = 1
  let greenwoodSum = 0
  let totalEvents = 0
  for (let k = 0; k < order.length; ) {
    const time = fixed[order[k]!]!
    let nEvent = 0
    let nCensor = 0
    while (k < order.length && fixed[order[k]!] === time) {
      if (events[order[k]!] === 1) nEvent++
      else nCensor++
      k++
    }
    if (nEvent > 0) {
      surv *= (atRisk - nEvent) / atRisk
      greenwoodSum += nEvent / (atRisk * (atRisk - nEvent))
    }
    const stdErrLog = Math.sqrt(greenwoodSum)
    const stdErr = stdErrLog * surv
    rows.push({
      time,
      nRisk: atRisk,
      nEvent,
      nCensor,
      surv,
      stdErr: Number.isNaN(stdErr) ? null : stdErr,
      stdErrLog,
      ...survivalConfidenceBand(surv, stdErrLog, confType, level),
    })
    totalEvents += nEvent
    atRisk -= nEvent + nCensor
  }
  const rowTimes = rows.map((r) => r.time)
  const median: KaplanMeierMedian = {
    estimate: survivalMedianCrossing(rowTimes, rows.map((r) => r.surv)),
    lower: survivalMedianCrossing(rowTimes, rows.map((r) => r.lower)),
    upper: survivalMedianCrossing(rowTimes, rows.map((r) => r.upper)),
  }
  return { method: 'Kaplan-Meier, Greenwood variance', confType, level, n: times.length, events: totalEvents, rows, median }
}

function validate(times: readonly number[], events: readonly number[], confType: string, level: number): void {
  if (times.length === 0) throw new RangeError('kaplanMeier requires at least one observation')
  if (times.length !== events.length)
    throw new RangeError(`kaplanMeier requires times and events of equal length, got ${times.length} and ${events.length}`)
  times.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new RangeError(`kaplanMeier requires finite times, got ${t} at index ${i}`)
  })
  events.forEach((e, i) => {
    if (e !== 0 && e !== 1) throw new RangeError(`kaplanMeier requires events of 0 or 1, got ${e} at index ${i}`)
  })
  if (!['log-log', 'log', 'plain'].includes(confType))
    throw new RangeError(`kaplanMeier requires confType 'log-log', 'log' or 'plain', got ${JSON.stringify(confType)}`)
  if (!(level > 0 && level < 1)) throw new RangeError(`kaplanMeier requires level in (0, 1), got ${level}`)
}
