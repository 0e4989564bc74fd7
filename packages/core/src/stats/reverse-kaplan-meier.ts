import { kaplanMeier, type KaplanMeierFit, type KaplanMeierOptions } from './kaplan-meier.js'

/**
 * Reverse Kaplan–Meier estimate of follow-up: the Kaplan–Meier curve of the *censoring* distribution
 * (censorings become events, events become censorings). Its median is the median potential follow-up.
 * Same as R `survfit(Surv(times, 1 - events) ~ 1)`.
 *
 * Source: domain/statistics.md §1 "Time variables" (follow-up by reverse Kaplan–Meier, PROTOCOL DECISION).
 * Schemper M, Smith TL. A note on quantifying follow-up in studies of failure time.
 * *Control Clin Trials* 1996;17(4):343–346.
 *
 * @param times follow-up times
 * @param events 1 = event (e.g. loss of response), 0 = censored, as for `kaplanMeier`
 * @param options as for `kaplanMeier`
 * @example reverseKaplanMeier([10, 20, 30, 40], [1, 0, 0, 0]).median.estimate // 30
 */
export function reverseKaplanMeier(
  times: readonly number[],
  events: readonly number[],
  options: KaplanMeierOptions = {},
): KaplanMeierFit {
  const reversed = events.map((e) => (e === 0 ? 1 : e === 1 ? 0 : e))
  return kaplanMeier(times, reversed, options)
}
