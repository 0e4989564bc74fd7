/**
 * Rescue exclusion windows.
 *
 * Source: ../shared/domain/response-itp.md §3.4 rule 3: a count is excluded when
 * `rescue.startDate <= countDate <= (rescue.endDate ?? rescue.startDate) + window[rescue.type]`.
 * A count on the rescue start date is excluded unless both times are recorded and the sample time
 * precedes the rescue start time. Window lengths: §3.2 (PROTOCOL DECISION, defaults 7/14/14/14/14).
 */
import { responseEpochDay } from './epoch-day.js'
import type { RescueType } from './params.js'
import { timeOfDaySeconds } from './prepare-counts.js'
import type { ResponseRescueEvent } from './types.js'

/** A rescue event reduced to epoch days. Internal. */
export interface RescueWindow {
  type: RescueType
  startEpoch: number
  /** seconds after midnight of the rescue start, -1 if not recorded */
  startTime: number
  /** last excluded epoch day: (end ?? start) + window */
  lastEpoch: number
  windowDays: number
  source: ResponseRescueEvent
}

/**
 * Reduce rescue events to windows.
 * Source: response-itp.md §3.4 rule 3, §3.2 rescue windows.
 * @example prepareRescueWindows([{ type: 'IVIG', startDate: '2024-01-11', endDate: '2024-01-12' }], DEFAULT_RESCUE_WINDOW_DAYS)[0].lastEpoch
 *   - responseEpochDay('2024-01-12') // 14
 */
export function prepareRescueWindows(
  events: readonly ResponseRescueEvent[],
  windowDays: Readonly<Record<RescueType, number>>,
): RescueWindow[] {
  const out: RescueWindow[] = []
  for (const r of events) {
    const startEpoch = responseEpochDay(r.startDate)
    const w = windowDays[r.type]
    out.push({
      type: r.type,
      startEpoch,
      startTime: timeOfDaySeconds(r.startTime),
      lastEpoch:
        (r.endDate === null || r.endDate === undefined ? startEpoch : responseEpochDay(r.endDate)) + w,
      windowDays: w,
      source: r,
    })
  }
  return out
}

/**
 * Index of the first rescue window containing a sample, or -1.
 * Source: response-itp.md §3.4 rule 3 (start-date rule with times).
 * @param epoch epoch day of the sample
 * @param time seconds after midnight of the sample, -1 when not recorded
 */
export function rescueWindowAt(windows: readonly RescueWindow[], epoch: number, time: number): number {
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i] as RescueWindow
    if (epoch < w.startEpoch || epoch > w.lastEpoch) continue
    if (epoch === w.startEpoch && time >= 0 && w.startTime >= 0 && time < w.startTime) continue
    return i
  }
  return -1
}

/**
 * `IVIG 2024-03-01..2024-03-02 +14 d` for the explanation.
 * Source: ../shared/domain/response-itp.md §3.4 rule 3, §3.2
 */
export function describeRescueWindow(w: RescueWindow): string {
  const end = w.source.endDate ?? w.source.startDate
  return `${w.type} ${w.source.startDate}${end !== w.source.startDate ? `..${end}` : ''} +${w.windowDays} d`
}
