/**
 * Episodes of response at one level: confirmed response -> confirmed loss (event) or censoring,
 * then re-response after the loss.
 *
 * Source: ../shared/domain/response-itp.md §3.10 (Step 8) and §3.12 `findResponseEpisodes`; IWG 2009 duration
 * of response definition (a) (Rodeghiero et al., Blood 2009;113:2386). After a loss, the search for a
 * new response resumes from the count after f2. A censored episode ends at the last evaluable count.
 */
import { findConfirmedResponse } from './confirm.js'
import { findConfirmedResponseLoss } from './loss.js'
import type { ResponseCountStatus } from './types.js'

/** One episode as positions into the evaluable arrays. Internal. */
export interface ResponseEpisodeSpan {
  start: number
  confirmedBy: number
  /** loss pair positions, -1 when censored */
  f1: number
  f2: number
  startDay: number
  endDay: number
  event: boolean
}

/**
 * All episodes at one level.
 * Source: ../shared/domain/response-itp.md §3.10, §3.12
 * @param days protocol days of the evaluable counts, non-decreasing
 * @param status the level's status of each evaluable count
 * @param confirmMinGapDays N
 * @param lossMinGapDays M
 * @param indeterminate §3.9 PROTOCOL DECISION: whether an I count breaks a response run (default true)
 *   and a loss pair (default false); parameters `indeterminateBreaksResponseRun`, `indeterminateBreaksLossPair`
 * @example E13: days [14,21,28,29,42,49], R statuses QQFFQQ -> [14->28 event], [42->49 censored]
 */
export function findResponseEpisodes(
  days: readonly number[],
  status: readonly ResponseCountStatus[],
  confirmMinGapDays: number,
  lossMinGapDays: number,
  indeterminate: { breaksResponseRun: boolean; breaksLossPair: boolean } = {
    breaksResponseRun: true,
    breaksLossPair: false,
  },
): ResponseEpisodeSpan[] {
  const eps: ResponseEpisodeSpan[] = []
  const n = status.length
  let i = 0
  while (i < n) {
    const pair = findConfirmedResponse(days, status, i, confirmMinGapDays, indeterminate.breaksResponseRun)
    if (pair === null) break
    const startDay = days[pair.start] as number
    const loss = findConfirmedResponseLoss(
      days,
      status,
      pair.start + 1,
      lossMinGapDays,
      indeterminate.breaksLossPair,
    )
    if (loss === null) {
      eps.push({
        start: pair.start,
        confirmedBy: pair.confirmedBy,
        f1: -1,
        f2: -1,
        startDay,
        endDay: days[n - 1] as number,
        event: false,
      })
      break
    }
    eps.push({
      start: pair.start,
      confirmedBy: pair.confirmedBy,
      f1: loss.f1,
      f2: loss.f2,
      startDay,
      endDay: days[loss.f1] as number,
      event: true,
    })
    i = loss.f2 + 1
  }
  return eps
}
