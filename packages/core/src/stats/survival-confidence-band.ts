import { normalQuantile } from './normal-quantile.js'

/** Pointwise CI transform for a survival curve, named as R `survfit`'s `conf.type`. */
export type SurvivalConfType = 'log-log' | 'log' | 'plain'

/** One pointwise confidence band value; `null` where R reports NA/NaN (e.g. log-log at S = 1 or S = 0). */
export interface SurvivalBand {
  lower: number | null
  upper: number | null
}

const finiteOrNull = (v: number): number | null => (Number.isNaN(v) ? null : v)

/**
 * Pointwise confidence interval of a Kaplan–Meier estimate S with Greenwood standard error of log S.
 *
 * | type    | lower, upper |
 * |---------|--------------|
 * | plain   | S ∓ z·S·se_log, truncated to [0, 1] |
 * | log     | exp(log S ∓ z·se_log), upper truncated at 1; NA at S = 0 |
 * | log-log | exp(−exp(log(−log S) ∓ z·se_log/log S)); NA at S = 0 and S = 1 |
 *
 * z = qnorm(1 − (1 − level)/2). The NA cases and the order of operations follow R `survival` 3.5-3
 * `survfit_confint`, so results agree with `survfit` to rounding error.
 *
 * Source: domain/statistics.md §3.1. Kalbfleisch JD, Prentice RL. The Statistical Analysis of Failure Time
 * Data (log-log transform); Greenwood M. Reports on Public Health and Medical Subjects 1926;33:1–26.
 *
 * @param surv S(t)
 * @param seLog standard error of log S(t) (R `survfit`'s `std.err`), may be Infinity when S = 0
 * @param confType `'log-log'`, `'log'` or `'plain'`
 * @param level confidence level in (0, 1)
 * @example survivalConfidenceBand(0.8333333333333334, 0.18257418583505536, 'log', 0.95) // { lower: 0.5826548…, upper: 1 }
 */
export function survivalConfidenceBand(surv: number, seLog: number, confType: SurvivalConfType, level: number): SurvivalBand {
  const z = normalQuantile(1 - (1 - level) / 2)
  if (confType === 'plain') {
    const halfWidth = seLog * surv * z
    return { lower: finiteOrNull(Math.max(surv - halfWidth, 0)), upper: finiteOrNull(Math.min(surv + halfWidth, 1)) }
  }
  if (confType === 'log') {
    if (surv === 0) return { lower: null, upper: null }
    const halfWidth = z * seLog
    return {
      lower: finiteOrNull(Math.exp(Math.log(surv) - halfWidth)),
      upper: finiteOrNull(Math.min(Math.exp(Math.log(surv) + halfWidth), 1)),
    }
  }
  if (surv === 0 || surv === 1) return { lower: null, upper: null }
  const logSurv = Math.log(surv)
  const scaled = (z * seLog) / logSurv
  const center = Math.log(-logSurv)
  return {
    lower: finiteOrNull(Math.exp(-Math.exp(center - scaled))),
    upper: finiteOrNull(Math.exp(-Math.exp(center + scaled))),
  }
}
