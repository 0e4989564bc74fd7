/**
 * Visit status against the calendar: done in window, done out of window, due, upcoming or overdue, with a
 * deviation for each out-of-window or overdue visit, as of a date that is passed in.
 *
 * Source: regimen-and-dosing.md §6 (windows: a visit on day d is in window V when |d - target(V)| <= window(V),
 * here with the protocol's before/after windows); domain README "Comparators" (window bounds inclusive).
 */
import { daysBetween, isIsoDate } from '../dates/index.js'
import { fail, ok, type Issue, type Result } from '../result.js'
import type { ScheduledVisit } from './visit-calendar.js'

export type VisitStatusKind = 'done-in-window' | 'done-out-of-window' | 'overdue' | 'due' | 'upcoming'

export interface VisitStatus extends ScheduledVisit {
  status: VisitStatusKind
  recordedDate: string | null
  /** days outside the window (negative = early, positive = late); 0 when in window or not done */
  daysOutsideWindow: number
}

const SOURCE = 'regimen-and-dosing.md §6 (visit windows)'

/**
 * @param recorded actual visit dates by visit id
 * @param asOf the date of the review (the clock is an argument)
 * @returns a status per visit and the deviations (`schedule.visit_out_of_window`, `schedule.visit_overdue`)
 */
export function assessVisitCompliance(
  calendar: readonly ScheduledVisit[],
  recorded: Readonly<Record<string, string>>,
  asOf: string,
): Result<{ visits: VisitStatus[]; deviations: Issue[] }> {
  const bad = [asOf, ...Object.values(recorded)].find((d) => !isIsoDate(d))
  if (bad !== undefined) {
    return fail([
      {
        code: 'schedule.invalid_date',
        path: [],
        message: `not a calendar date YYYY-MM-DD: ${bad}`,
        source: SOURCE,
      },
    ])
  }
  const deviations: Issue[] = []
  const visits = calendar.map((v): VisitStatus => {
    const date = recorded[v.visitId] ?? null
    if (date !== null) {
      const early = daysBetween(date, v.windowStart)
      const late = daysBetween(v.windowEnd, date)
      const outside = early > 0 ? -early : late > 0 ? late : 0
      if (outside !== 0) {
        deviations.push({
          code: 'schedule.visit_out_of_window',
          path: [v.visitId],
          message: `${v.label} done on ${date}, ${Math.abs(outside)} day(s) ${outside < 0 ? 'before' : 'after'} its window ${v.windowStart} to ${v.windowEnd}`,
          source: SOURCE,
        })
      }
      return {
        ...v,
        status: outside === 0 ? 'done-in-window' : 'done-out-of-window',
        recordedDate: date,
        daysOutsideWindow: outside,
      }
    }
    if (daysBetween(v.windowEnd, asOf) > 0) {
      deviations.push({
        code: 'schedule.visit_overdue',
        path: [v.visitId],
        message: `${v.label} not recorded; its window closed on ${v.windowEnd} (as of ${asOf})`,
        source: SOURCE,
      })
      return { ...v, status: 'overdue', recordedDate: null, daysOutsideWindow: 0 }
    }
    const status = daysBetween(v.windowStart, asOf) >= 0 ? 'due' : 'upcoming'
    return { ...v, status, recordedDate: null, daysOutsideWindow: 0 }
  })
  return ok({ visits, deviations })
}
