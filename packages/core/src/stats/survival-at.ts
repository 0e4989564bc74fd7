import type { KaplanMeierFit } from './kaplan-meier.js'

/** The Kaplan–Meier estimate read at one time, with its pointwise CI. */
export interface SurvivalAtTime {
  time: number
  /** observations still at risk at `time` (time ≥ `time`); 0 beyond the last observation */
  nRisk: number
  surv: number
  /** standard error of S, `null` where R gives NaN */
  stdErr: number | null
  lower: number | null
  upper: number | null
}

/**
 * Landmark rate: S(t) of a fitted step curve with its pointwise CI, e.g. the "DoR rate at 6 months"
 * = S(182) (PROTOCOL DECISION: 6 months = Day 182, the default of parameter `time`). Matches R
 * `summary(fit, times = t, extend = TRUE)`: after the last time the last values are carried forward with
 * nRisk 0. Before the first observed time R (`survfit0`) adds a start row at time 0 with S = 1, se 0 and
 * CI (1, 1) when the first time is > 0; a time before the start row (t < 0, or t before a first time ≤ 0)
 * reads the first row, as R does.
 *
 * Source: domain/statistics.md §3.5 (example A: S(182) = 0.3125).
 *
 * @param fit a fit from `kaplanMeier`
 * @param time the landmark time; default 182 (days)
 * @example survivalAt(kaplanMeier([30, 45, 60, 90, 120, 200], [1, 0, 1, 0, 1, 0]), 182).surv // 0.3125
 */
export function survivalAt(fit: KaplanMeierFit, time = 182): SurvivalAtTime {
  const rows = fit.rows
  let last = -1
  for (let i = 0; i < rows.length && rows[i]!.time <= time; i++) last = i
  const next = rows.find((r) => r.time >= time)
  const nRisk = next ? next.nRisk : 0
  const first = rows[0]!
  if (last < 0 && first.time > 0) return { time, nRisk, surv: 1, stdErr: 0, lower: 1, upper: 1 }
  const row = rows[Math.max(last, 0)]!
  return { time, nRisk, surv: row.surv, stdErr: row.stdErr, lower: row.lower, upper: row.upper }
}
