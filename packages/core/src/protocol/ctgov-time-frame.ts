/**
 * Read an evaluation window (protocol days) from a free-text ClinicalTrials.gov time frame.
 *
 * Source: ../shared/interchange/ctgov-fhir-odm.md §1 (`timeFrame` is free text, not a duration type).
 * Decisions: the last number with a unit ("6 months" or "Week 12") gives the end day; weeks = 7 days; months = floor(n x 30.4375)
 * (6 months = Day 182, as response-itp.md §3.2); years = floor(n x 365.25) (2 years = Day 730); a decimal number of
 * days or weeks is floored too ("1.5 weeks" = Day 10: protocol days are whole days); a leading "at least" reads the
 * first duration as the start day, with no end unless a later duration bounds it ("At least 2 weeks ..., up to
 * 6 months" = Day 14 to Day 182); the start day is 0 otherwise.
 */

export interface TimeFrameWindow {
  startDay: number
  endDay: number | null
  /** false when nothing in the text could be read (window 0..null) */
  understood: boolean
}

const UNIT_DAYS: Record<string, (n: number) => number> = {
  day: (n) => Math.floor(n),
  week: (n) => Math.floor(n * 7),
  month: (n) => Math.floor(n * 30.4375),
  year: (n) => Math.floor(n * 365.25),
}
/** "6 months", "6-months", and the unit-first form "Week 12", "Day 28" */
const NUMBER_UNIT =
  /(\d+(?:\.\d+)?)\s*-?\s*(day|week|month|year)s?\b|\b(day|week|month|year)\s+(\d+(?:\.\d+)?)/gi

/**
 * @example readTimeFrame('Up to 6 months post-infusion') // { startDay: 0, endDay: 182, understood: true }
 * @example readTimeFrame('At least 2 weeks after infusion') // { startDay: 14, endDay: null, understood: true }
 */
export function readTimeFrame(text: string): TimeFrameWindow {
  const found = [...text.matchAll(NUMBER_UNIT)].map(
    (m) => UNIT_DAYS[(m[2] ?? m[3] ?? '').toLowerCase()]?.(Number(m[1] ?? m[4])) ?? 0,
  )
  const last = found[found.length - 1]
  if (last === undefined) return { startDay: 0, endDay: null, understood: false }
  if (/^\s*at least\b/i.test(text)) {
    // the start is the duration "at least" qualifies (the first); a later, larger one is the end of the window
    const start = found[0]!
    return { startDay: start, endDay: found.length > 1 && last >= start ? last : null, understood: true }
  }
  return { startDay: 0, endDay: last, understood: true }
}
