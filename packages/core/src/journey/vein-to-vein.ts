/**
 * Vein-to-vein time of an autologous product: calendar days from leukapheresis to infusion, per subject and as
 * median (range) over the infused subjects.
 *
 * Source: regimen-and-dosing.md §5 ("Vein-to-vein time = infusion date − leukapheresis date (days); report median
 * (range)"); domain README "Dates" (calendar-date arithmetic, leap years count) and "Day numbering" (dates in the
 * site's time zone); statistics.md §1 (median: odd n the middle value, even n the mean of the two middle values;
 * range = min and max, both reported even if equal).
 * §5 allows a repeated leukapheresis ("repeat if collection fails") but does not say which collection counts: the
 * caller passes the leukapheresis date its protocol names.
 */
import { daysBetween, isIsoDate } from '../dates/index.js'
import { fail, ok, type Issue, type Result } from '../result.js'
import { sampleMedianRange, type SampleMedianRange } from '../stats/sample-median-range.js'

const SOURCE = 'regimen-and-dosing.md §5 (vein-to-vein time)'

/**
 * @returns infusion date − leukapheresis date in calendar days, or issues `journey.invalid_date` (not YYYY-MM-DD)
 *   and `journey.infusion_before_leukapheresis` (an autologous product cannot be infused before it is collected)
 * @example veinToVeinDays('2024-02-10', '2024-03-05') // 24 (29 February counted)
 */
export function veinToVeinDays(leukapheresisDate: string, infusionDate: string): Result<number> {
  const issues: Issue[] = []
  for (const [key, value] of [
    ['leukapheresisDate', leukapheresisDate],
    ['infusionDate', infusionDate],
  ] as const) {
    if (!isIsoDate(value))
      issues.push({
        code: 'journey.invalid_date',
        path: [key],
        message: `${key} is not a calendar date YYYY-MM-DD: ${JSON.stringify(value)}`,
        source: SOURCE,
      })
  }
  if (issues.length > 0) return fail(issues)
  const days = daysBetween(leukapheresisDate, infusionDate)
  if (days < 0)
    return fail([
      {
        code: 'journey.infusion_before_leukapheresis',
        path: ['infusionDate'],
        message: `infusion ${infusionDate} is ${-days} day(s) before leukapheresis ${leukapheresisDate}`,
        source: SOURCE,
      },
    ])
  return ok(days)
}

export interface VeinToVeinSubject {
  subjectId: string
  leukapheresisDate: string
  /** null while the subject has not been infused */
  infusionDate: string | null
}

export interface VeinToVeinSummary {
  perSubject: { subjectId: string; days: number }[]
  /** subjects without an infusion date: they have no vein-to-vein time and are not in the summary */
  notInfused: string[]
  /** median (range) over `perSubject`; null when no subject was infused */
  summary: SampleMedianRange | null
  /** e.g. `median 24 days (range, 18 to 30), n = 3`; `no infused subject` when none */
  display: string
}

/**
 * Vein-to-vein time of each infused subject and its median (range). Every invalid subject is reported.
 * @example summarizeVeinToVein([{ subjectId: 'S1', leukapheresisDate: '2024-02-10', infusionDate: '2024-03-05' }])
 *   // summary { n: 1, median: 24, min: 24, max: 24 }
 */
export function summarizeVeinToVein(subjects: readonly VeinToVeinSubject[]): Result<VeinToVeinSummary> {
  const issues: Issue[] = []
  const perSubject: { subjectId: string; days: number }[] = []
  const notInfused: string[] = []
  subjects.forEach((s, i) => {
    if (s.infusionDate === null) {
      notInfused.push(s.subjectId)
      return
    }
    const days = veinToVeinDays(s.leukapheresisDate, s.infusionDate)
    if (days.ok) perSubject.push({ subjectId: s.subjectId, days: days.value })
    else issues.push(...days.issues.map((x) => ({ ...x, path: [i, ...x.path] })))
  })
  if (issues.length > 0) return fail(issues)
  const summary = perSubject.length === 0 ? null : sampleMedianRange(perSubject.map((p) => p.days))
  return ok({
    perSubject,
    notInfused,
    summary,
    display:
      summary === null
        ? 'no infused subject'
        : `median ${summary.median} days (range, ${summary.min} to ${summary.max}), n = ${summary.n}`,
  })
}
