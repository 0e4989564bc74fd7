/**
 * The illustrative default visit template of the domain doc, as protocol `Visit`s, for trials whose record
 * states no schedule (e.g. NCT06337474) and as a fixture.
 *
 * Source: regimen-and-dosing.md §6, "Default template (PROTOCOL DECISION, illustrative): Day 0-14 daily
 * (inpatient); Days 21, 28; weekly to Week 12 (Days 35 ... 84); monthly (every 28 days) to Month 6; then every
 * 3 months to Month 24", windows daily +-0, Days 21/28 +-2, weekly +-3, monthly +-7, 3-monthly +-14.
 * A month is 28 days as the doc says ("monthly (every 28 days)"), so Month 6 = Day 168, and 3 months = 84 days,
 * so the 3-monthly visits fall on Days 252, 336, ..., 672 (Month 24 = Day 672).
 */
import type { ProtocolVisit as Visit } from './visits.js'

export interface DefaultVisitTemplateOptions {
  /** assessments due at every visit (the template does not prescribe them) */
  assessments?: readonly string[]
  /** days in a template month (default 28, as in §6) */
  daysPerMonth?: number
  /** last month of follow-up (default 24): no visit lies after Day `lastMonth x daysPerMonth` */
  lastMonth?: number
}

/** @example defaultVisitTemplate()[15] // { id: 'day-21', day: 21, windowBefore: 2, windowAfter: 2, ... } */
export function defaultVisitTemplate({
  assessments = ['visit'],
  daysPerMonth = 28,
  lastMonth = 24,
}: DefaultVisitTemplateOptions = {}): Visit[] {
  const visit = (id: string, label: string, day: number, window: number): Visit => ({
    id,
    label,
    day,
    windowBefore: window,
    windowAfter: window,
    assessments: [...assessments],
  })
  const visits: Visit[] = []
  for (let d = 0; d <= 14; d++) visits.push(visit(`day-${d}`, `Day ${d}`, d, 0))
  visits.push(visit('day-21', 'Day 21', 21, 2), visit('day-28', 'Day 28', 28, 2))
  for (let w = 5; w <= 12; w++) visits.push(visit(`week-${w}`, `Week ${w}`, w * 7, 3))
  for (let m = 4; m <= 6; m++) visits.push(visit(`month-${m}`, `Month ${m}`, m * daysPerMonth, 7))
  for (let m = 9; m <= lastMonth; m += 3) visits.push(visit(`month-${m}`, `Month ${m}`, m * daysPerMonth, 14))
  // §6 runs the template "to Month 24"; a shorter follow-up ends it at Month `lastMonth`: the monthly Months
  // 4-6 (and, below Month 3, the weekly and daily visits) after that day are not part of the schedule.
  const lastDay = lastMonth * daysPerMonth
  return visits.filter((v) => v.day <= lastDay)
}
