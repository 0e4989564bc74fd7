/**
 * The bleeding predicate.
 *
 * Source: ../shared/domain/response-itp.md §3.6 (Step 4): `bleeding(date)` is true iff some bleeding
 * event has `grade >= bleedingGradeThreshold` and `startDate <= date <= endDate`; a null `endDate` is
 * active until the data cut-off (`ONGOING`) or on its start day only (`START_DAY_ONLY`), §3.2
 * `bleedingMissingEndDate` (PROTOCOL DECISION). IWG 2009 (Rodeghiero et al.) requires "no bleeding" for
 * CR and R and counts bleeding as loss; the WHO scale is in bleeding-and-scores.md.
 *
 * `bleedingCheckScope` (§3.2, PROTOCOL DECISION): `COUNT_DATES` checks the count's date only;
 * `WHOLE_CONFIRMATION_INTERVAL` checks every day from the day after the previous evaluable count up to
 * the count's date, so a bleed anywhere between two counts marks the later count as bleeding and no
 * confirming run can span it.
 */
import { responseEpochDay } from './epoch-day.js'
import type { ResponseBleedingEvent } from './types.js'

/** Closed epoch-day intervals of qualifying bleeding. Internal. */
export interface BleedingIntervals {
  start: number[]
  end: number[]
}

/**
 * Intervals of events at or above the grade threshold.
 * Source: ../shared/domain/response-itp.md §3.6, §3.2
 * @param cutoffEpoch epoch day of the data cut-off, `Infinity` when none
 */
export function prepareBleedingIntervals(
  events: readonly ResponseBleedingEvent[],
  gradeThreshold: number,
  missingEnd: 'ONGOING' | 'START_DAY_ONLY',
  cutoffEpoch: number,
): BleedingIntervals {
  const out: BleedingIntervals = { start: [], end: [] }
  for (const ev of events) {
    if (!(ev.grade >= gradeThreshold)) continue
    const s = responseEpochDay(ev.startDate)
    const e =
      ev.endDate === null || ev.endDate === undefined
        ? missingEnd === 'ONGOING'
          ? cutoffEpoch
          : s
        : responseEpochDay(ev.endDate)
    out.start.push(s)
    out.end.push(e)
  }
  return out
}

/**
 * True when some qualifying interval meets the closed range [from, to] of epoch days.
 * Source: ../shared/domain/response-itp.md §3.6, §3.2
 */
export function bleedingBetween(b: BleedingIntervals, from: number, to: number): boolean {
  for (let i = 0; i < b.start.length; i++) {
    if ((b.start[i] as number) <= to && (b.end[i] as number) >= from) return true
  }
  return false
}

/**
 * Bleeding flag of each evaluable count (epoch days in time order).
 * Source: response-itp.md §3.6 and §3.2 `bleedingCheckScope`.
 * @example E8a: WHO grade 2 epistaxis on Day 14 -> the Day 14 count is bleeding (threshold 2)
 */
export function bleedingAtCounts(
  b: BleedingIntervals,
  epochs: readonly number[],
  scope: 'COUNT_DATES' | 'WHOLE_CONFIRMATION_INTERVAL',
): boolean[] {
  const out = new Array<boolean>(epochs.length)
  if (b.start.length === 0) return out.fill(false)
  for (let i = 0; i < epochs.length; i++) {
    const e = epochs[i] as number
    let from = e
    if (scope === 'WHOLE_CONFIRMATION_INTERVAL' && i > 0) from = Math.min((epochs[i - 1] as number) + 1, e)
    out[i] = bleedingBetween(b, from, e)
  }
  return out
}
