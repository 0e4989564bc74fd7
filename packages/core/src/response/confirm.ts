/**
 * Confirmed response at one level.
 *
 * Source: ../shared/domain/response-itp.md §3.8 (Step 6) and §3.12 pseudocode; IWG 2009 (Rodeghiero et
 * al., Blood 2009;113:2386): CR/R confirmed on at least 2 separate occasions at least 7 days apart.
 * A run is a maximal sequence of consecutive evaluable counts all with status Q; it confirms the level
 * if it holds two counts whose days differ by >= N (`confirmMinGapDays`). The response date is the
 * earliest count of the run that starts such a pair.
 * An I count breaks a run by default (§3.9 asymmetry, PROTOCOL DECISION, parameter
 * `indeterminateBreaksResponseRun`); when that is false only an F count breaks a run, I counts inside it
 * are skipped (they neither qualify nor break).
 */
import type { ResponseCountStatus } from './types.js'

/** Positions (into the evaluable arrays) of the response count and the count that confirmed it. */
export interface ResponseConfirmedPair {
  start: number
  confirmedBy: number
}

/**
 * First confirming run at or after position `from`.
 * Days are non-decreasing, so within a run the first count has the widest gap to every later count:
 * the run confirms iff the day of its last Q minus its first day is >= N (and it has >= 2 Q counts), and
 * then the response count is the run's first count (same result as the §3.12 double loop, linear time).
 * Source: ../shared/domain/response-itp.md §3.8, §3.12; Rodeghiero et al., Blood 2009;113:2386
 * @param days protocol day of each evaluable count, non-decreasing
 * @param status status of each evaluable count at this level
 * @param minGapDays N
 * @param indeterminateBreaksRun §3.9 PROTOCOL DECISION `indeterminateBreaksResponseRun` (default true)
 * @example findConfirmedResponse([14, 20], ['Q', 'Q'], 0, 7) // null (E6a: 6 days)
 * @example findConfirmedResponse([14, 21], ['Q', 'Q'], 0, 7) // { start: 0, confirmedBy: 1 } (E6b)
 * @example findConfirmedResponse([14, 17, 21], ['Q', 'I', 'Q'], 0, 7, false) // { start: 0, confirmedBy: 2 }
 */
export function findConfirmedResponse(
  days: readonly number[],
  status: readonly ResponseCountStatus[],
  from: number,
  minGapDays: number,
  indeterminateBreaksRun = true,
): ResponseConfirmedPair | null {
  const n = status.length
  let j = from
  while (j < n) {
    if (status[j] !== 'Q') {
      j++
      continue
    }
    // k: last position of the run; last: its last Q (the same unless I counts are skipped)
    let k = j
    let last = j
    while (k + 1 < n) {
      const s = status[k + 1]
      if (s === 'Q') last = k + 1
      else if (s === 'F' || indeterminateBreaksRun) break
      k++
    }
    const d0 = days[j] as number
    if (last > j && (days[last] as number) - d0 >= minGapDays) {
      let b = j + 1
      while (status[b] !== 'Q' || (days[b] as number) - d0 < minGapDays) b++
      return { start: j, confirmedBy: b }
    }
    j = k + 1
  }
  return null
}
