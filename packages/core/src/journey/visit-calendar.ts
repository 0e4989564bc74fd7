/**
 * A subject's visit calendar: the protocol's visits (and LD days) placed on dates from Day 0 = infusion,
 * recomputed when the infusion date moves.
 *
 * Source: regimen-and-dosing.md §6 (visit schedule and windows), §4-§5 (LD days negative, e.g. Days -5, -4, -3);
 * domain README "Day numbering" (Day 0 = infusion) and "Dates" (calendar-date arithmetic).
 */
import { addDays, daysBetween, isIsoDate, type IsoDate } from '../dates/index.js'
import type { Lymphodepletion } from '../protocol/lymphodepletion.js'
import type { ProtocolVisit as Visit } from '../protocol/visits.js'
import { fail, ok, type Result } from '../result.js'

export interface ScheduledVisit {
  visitId: string
  label: string
  kind: 'lymphodepletion' | 'protocol'
  /** protocol day */
  day: number
  targetDate: IsoDate
  windowStart: IsoDate
  windowEnd: IsoDate
  assessments: string[]
}

export interface VisitCalendarOptions {
  /** LD regimen: each LD day not already a protocol visit day becomes a visit `ld-day-<n>` */
  lymphodepletion?: Pick<Lymphodepletion, 'drugs'> | null
  /** window of LD-day visits (the doc gives none; LD is given on its day). Default 0 */
  ldWindowDays?: number
}

const SOURCE = 'regimen-and-dosing.md §6 (visit schedule)'

/**
 * @returns the visits in day order, or an issue `schedule.invalid_date` for a bad infusion date
 * @example visitCalendar([{ id: 'day-7', label: 'Day 7', day: 7, windowBefore: 0, windowAfter: 0, assessments: ['labs'] }], '2024-02-25')
 *   // [{ visitId: 'day-7', targetDate: '2024-03-03', ... }]
 */
export function visitCalendar(
  visits: readonly Visit[],
  infusionDate: string,
  { lymphodepletion = null, ldWindowDays = 0 }: VisitCalendarOptions = {},
): Result<ScheduledVisit[]> {
  if (!isIsoDate(infusionDate)) {
    return fail([
      {
        code: 'schedule.invalid_date',
        path: ['infusionDate'],
        message: `infusion date is not YYYY-MM-DD: ${infusionDate}`,
        source: SOURCE,
      },
    ])
  }
  const place = (v: Visit, kind: ScheduledVisit['kind']): ScheduledVisit => ({
    visitId: v.id,
    label: v.label,
    kind,
    day: v.day,
    targetDate: addDays(infusionDate, v.day),
    windowStart: addDays(infusionDate, v.day - v.windowBefore),
    windowEnd: addDays(infusionDate, v.day + v.windowAfter),
    assessments: [...v.assessments],
  })
  const protocolDays = new Set(visits.map((v) => v.day))
  const ld = new Map<number, string[]>()
  for (const drug of lymphodepletion?.drugs ?? []) {
    for (const day of drug.days) if (!protocolDays.has(day)) ld.set(day, [...(ld.get(day) ?? []), drug.name])
  }
  const ldVisits: ScheduledVisit[] = [...ld.entries()].map(([day, drugs]) =>
    place(
      {
        id: `ld-day-${day}`,
        label: `LD Day ${day}`,
        day,
        windowBefore: ldWindowDays,
        windowAfter: ldWindowDays,
        assessments: drugs,
      },
      'lymphodepletion',
    ),
  )
  const all = [...ldVisits, ...visits.map((v) => place(v, 'protocol'))]
  return ok(all.sort((a, b) => a.day - b.day))
}

export interface VisitDateChange {
  visitId: string
  previousTargetDate: IsoDate | null
  newTargetDate: IsoDate | null
  /** days moved; null for an added or removed visit */
  shiftDays: number | null
}

/**
 * Recompute the calendar after the infusion date moves (or the schedule is amended) and list what changed.
 * @returns the new calendar and one change per visit whose target date moved, appeared or disappeared
 */
export function recomputeVisitCalendar(
  previous: readonly ScheduledVisit[],
  visits: readonly Visit[],
  newInfusionDate: string,
  options: VisitCalendarOptions = {},
): Result<{ calendar: ScheduledVisit[]; changes: VisitDateChange[] }> {
  const next = visitCalendar(visits, newInfusionDate, options)
  if (!next.ok) return next
  const before = new Map(previous.map((v) => [v.visitId, v]))
  const changes: VisitDateChange[] = []
  for (const v of next.value) {
    const old = before.get(v.visitId)
    if (!old)
      changes.push({
        visitId: v.visitId,
        previousTargetDate: null,
        newTargetDate: v.targetDate,
        shiftDays: null,
      })
    else if (old.targetDate !== v.targetDate) {
      changes.push({
        visitId: v.visitId,
        previousTargetDate: old.targetDate,
        newTargetDate: v.targetDate,
        shiftDays: daysBetween(old.targetDate, v.targetDate),
      })
    }
    before.delete(v.visitId)
  }
  for (const old of before.values())
    changes.push({
      visitId: old.visitId,
      previousTargetDate: old.targetDate,
      newTargetDate: null,
      shiftDays: null,
    })
  return ok({ calendar: next.value, changes })
}
