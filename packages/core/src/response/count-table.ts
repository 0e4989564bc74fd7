/**
 * Per-count table for review screens: every sample with its protocol day, whether it was evaluable
 * (and if not, why), its bleeding flag and its R- and CR-level status, and whether it is the baseline.
 *
 * Source: ../shared/domain/response-itp.md §3.3 (day numbers), §3.4 (evaluability), §3.5 (baseline),
 * §3.6 (bleeding), §3.7 (tri-state statuses).
 */
import { responseEpochDay } from './epoch-day.js'
import { DEFAULT_RESPONSE_PARAMS } from './params.js'
import type { ResponseParams } from './params.js'
import { describeRescueWindow } from './rescue-windows.js'
import { runResponse } from './run.js'
import type { ResponseCountStatus, ResponseExclusionReason, ResponseInput } from './types.js'

/** One row per input sample, in time order. */
export interface ResponseCountRow {
  /** position in `input.plateletCounts` */
  index: number
  date: string
  time: string | null
  day: number
  value: number
  isBaseline: boolean
  evaluable: boolean
  exclusion: ResponseExclusionReason | null
  exclusionDetail: string | null
  bleeding: boolean | null
  statusR: ResponseCountStatus | null
  statusCR: ResponseCountStatus | null
}

/**
 * Classify every sample of one subject (same rules as `evaluateResponse`).
 * Source: response-itp.md §3.3-§3.7.
 * @example responseCountTable(e9).filter((r) => r.exclusion === 'RESCUE_WINDOW').map((r) => r.day) // [14, 21]
 */
export function responseCountTable(
  input: ResponseInput,
  params: ResponseParams = DEFAULT_RESPONSE_PARAMS,
): ResponseCountRow[] {
  const run = runResponse(input, params)
  const { counts, ev } = run
  const rows: ResponseCountRow[] = []
  const base = (
    pos: number,
    index: number,
  ): Omit<
    ResponseCountRow,
    'evaluable' | 'exclusion' | 'exclusionDetail' | 'bleeding' | 'statusR' | 'statusCR'
  > => {
    const c = input.plateletCounts[index]
    return {
      index,
      date: c?.date ?? '',
      time: c?.time ?? null,
      day: (counts.epoch[pos] as number) - run.infusionEpoch,
      value: counts.value[pos] as number,
      isBaseline: pos === run.baseline.pos,
    }
  }
  let e = 0
  let x = 0
  for (let pos = 0; pos < counts.n; pos++) {
    const index = counts.src[pos] as number
    if (ev.evaluable[e] === pos) {
      rows.push({
        ...base(pos, index),
        evaluable: true,
        exclusion: null,
        exclusionDetail: null,
        bleeding: run.bleeding[e] ?? false,
        statusR: run.statusR[e] ?? null,
        statusCR: run.statusCR[e] ?? null,
      })
      e++
    } else {
      const r = ev.excludedRescue[x] as number
      const w = r >= 0 ? run.rescues[r] : undefined
      rows.push({
        ...base(pos, index),
        evaluable: false,
        exclusion: ev.excludedReason[x] ?? null,
        exclusionDetail: w === undefined ? null : describeRescueWindow(w),
        bleeding: null,
        statusR: null,
        statusCR: null,
      })
      x++
    }
  }
  for (const index of counts.afterCutoff) {
    const c = input.plateletCounts[index]
    if (c === undefined) continue
    rows.push({
      index,
      date: c.date,
      time: c.time ?? null,
      day: responseEpochDay(c.date) - run.infusionEpoch,
      value: c.value,
      isBaseline: false,
      evaluable: false,
      exclusion: 'AFTER_DATA_CUTOFF',
      exclusionDetail: null,
      bleeding: null,
      statusR: null,
      statusCR: null,
    })
  }
  return rows
}
