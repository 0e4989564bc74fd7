/**
 * Pick the body weight a dose is calculated from: the most recent measurement on or up to N days before a
 * reference date.
 *
 * Source: regimen-and-dosing.md §1 PROTOCOL DECISION "weight source (default actual weight measured within
 * 7 days before LD day 1)" and §3 PROTOCOL DECISION "weight used (default weight at leukapheresis)": for LD
 * pass LD day 1 and 7 (protocol `weightWithinDaysBeforeLd`), for cells pass the leukapheresis date and 0.
 * A measurement on the reference date itself counts (0 days before).
 */
import { daysBetween, isIsoDate } from '../dates/index.js'
import { fail, ok, type Result } from '../result.js'

export interface WeightMeasurement {
  /** calendar date YYYY-MM-DD */
  date: string
  weightKg: number
}

/**
 * @returns the latest measurement in [referenceDate - withinDaysBefore, referenceDate] (a later entry in the
 *   list wins a same-day tie, as a re-weighing), or an issue `dosing.no_weight_in_window`
 * @example selectDosingWeight([{ date: '2024-02-20', weightKg: 61 }], '2024-02-25', 7) // 61 kg
 */
export function selectDosingWeight(
  measurements: readonly WeightMeasurement[],
  referenceDate: string,
  withinDaysBefore: number,
): Result<WeightMeasurement> {
  const source = 'regimen-and-dosing.md §1, §3 (weight source, PROTOCOL DECISION)'
  if (!isIsoDate(referenceDate)) {
    return fail([
      {
        code: 'invalid_date',
        path: ['referenceDate'],
        message: `reference date is not YYYY-MM-DD: ${referenceDate}`,
        source,
      },
    ])
  }
  let best: WeightMeasurement | undefined
  let bestGap = Number.POSITIVE_INFINITY
  for (const m of measurements) {
    if (!isIsoDate(m.date) || !(m.weightKg > 0)) continue
    const gap = daysBetween(m.date, referenceDate)
    if (gap >= 0 && gap <= withinDaysBefore && gap <= bestGap) {
      best = m
      bestGap = gap
    }
  }
  if (!best) {
    return fail([
      {
        code: 'dosing.no_weight_in_window',
        path: ['weights'],
        message: `no valid weight measured from ${withinDaysBefore} days before ${referenceDate} up to that date`,
        source,
      },
    ])
  }
  return ok(best)
}
