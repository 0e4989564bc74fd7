/**
 * Put platelet samples in time order as parallel arrays (epoch day, time, value, input index),
 * drop samples after the data cut-off, and apply the same-date rule.
 *
 * Source: ../shared/domain/response-itp.md §3.1 (`dataCutoffDate`: counts after it are ignored),
 * §3.3 (same calendar date = 0 days apart regardless of clock time) and §3.4 preamble (same-date samples:
 * timed samples are kept in time order; if any sample of a date has no time, only the lowest value of
 * that date is used — PROTOCOL DECISION, the conservative reading; parameter `sameDateUntimedPolicy`).
 */
import { responseEpochDay } from './epoch-day.js'
import type { ResponseParams } from './params.js'
import type { ResponsePlateletCount } from './types.js'

/** Samples in time order as parallel arrays. Internal to the response engine. */
export interface PreparedCounts {
  /** number of samples on or before the cut-off */
  n: number
  epoch: number[]
  /** seconds after midnight, -1 when no time was recorded */
  time: number[]
  value: number[]
  /** position in the caller's `plateletCounts` */
  src: number[]
  /** false for a same-date sample dropped by the lowest-value rule (`sameDateUntimedPolicy` LOWEST_VALUE) */
  kept: boolean[]
  /** input positions of samples after the cut-off */
  afterCutoff: number[]
}

/**
 * Seconds after midnight of `HH:MM` or `HH:MM:SS`; -1 for null/undefined/empty.
 * Source: ../shared/domain/response-itp.md §3.4 (same-date samples)
 * @throws RangeError on any other text (the input schema rejects it first)
 * @example timeOfDaySeconds('08:30') // 30600
 */
export function timeOfDaySeconds(t: string | null | undefined): number {
  if (t === null || t === undefined || t === '') return -1
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(t)
  if (!m) throw new RangeError(`not a time of day HH:MM[:SS]: ${JSON.stringify(t)}`)
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + (m[3] === undefined ? 0 : Number(m[3]))
}

/** Total order used for samples: date, then time (untimed first), then value. */
function before(ea: number, ta: number, va: number, eb: number, tb: number, vb: number): boolean {
  if (ea !== eb) return ea < eb
  if (ta !== tb) return ta < tb
  return va < vb
}

/**
 * Sort, cut off, and mark same-date duplicates. Already-sorted input is not re-sorted.
 * Source: response-itp.md §3.1, §3.3, §3.4 (same-date samples).
 * @param counts samples in any order
 * @param cutoffEpoch epoch day of the data cut-off (`Infinity` when none)
 * @param sameDateUntimedPolicy §3.4 PROTOCOL DECISION: `LOWEST_VALUE` (default) keeps only the lowest
 *   value of a date with >= 2 samples of which any is untimed; `KEEP_ALL` keeps every sample
 */
export function prepareCounts(
  counts: readonly ResponsePlateletCount[],
  cutoffEpoch: number,
  sameDateUntimedPolicy: ResponseParams['sameDateUntimedPolicy'] = 'LOWEST_VALUE',
): PreparedCounts {
  const epoch: number[] = []
  const time: number[] = []
  const value: number[] = []
  const src: number[] = []
  const afterCutoff: number[] = []
  let sorted = true
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as ResponsePlateletCount
    const e = responseEpochDay(c.date)
    if (e > cutoffEpoch) {
      afterCutoff.push(i)
      continue
    }
    const t = timeOfDaySeconds(c.time)
    const k = epoch.length
    if (
      sorted &&
      k > 0 &&
      before(e, t, c.value, epoch[k - 1] as number, time[k - 1] as number, value[k - 1] as number)
    ) {
      sorted = false
    }
    epoch.push(e)
    time.push(t)
    value.push(c.value)
    src.push(i)
  }
  const n = epoch.length
  const out: PreparedCounts = {
    n,
    epoch,
    time,
    value,
    src,
    kept: new Array<boolean>(n).fill(true),
    afterCutoff,
  }
  if (!sorted) {
    const order = Array.from({ length: n }, (_, i) => i)
    order.sort((a, b) => {
      const ea = epoch[a] as number
      const eb = epoch[b] as number
      if (ea !== eb) return ea - eb
      const ta = time[a] as number
      const tb = time[b] as number
      if (ta !== tb) return ta - tb
      const va = value[a] as number
      const vb = value[b] as number
      if (va !== vb) return va - vb
      return (src[a] as number) - (src[b] as number)
    })
    out.epoch = order.map((i) => epoch[i] as number)
    out.time = order.map((i) => time[i] as number)
    out.value = order.map((i) => value[i] as number)
    out.src = order.map((i) => src[i] as number)
  }
  if (sameDateUntimedPolicy === 'LOWEST_VALUE') markSameDateDuplicates(out)
  return out
}

/**
 * On a date with >= 2 samples of which any is untimed, keep only the (first) lowest value.
 * Source: response-itp.md §3.4 (same-date samples, `sameDateUntimedPolicy` LOWEST_VALUE).
 */
function markSameDateDuplicates(p: PreparedCounts): void {
  let g = 0
  while (g < p.n) {
    let h = g + 1
    let anyUntimed = (p.time[g] as number) < 0
    while (h < p.n && p.epoch[h] === p.epoch[g]) {
      if ((p.time[h] as number) < 0) anyUntimed = true
      h++
    }
    if (h - g >= 2 && anyUntimed) {
      let low = g
      for (let i = g + 1; i < h; i++) if ((p.value[i] as number) < (p.value[low] as number)) low = i
      for (let i = g; i < h; i++) p.kept[i] = i === low
    }
    g = h
  }
}
