/**
 * Confirmed loss of a response at one level.
 *
 * Source: ../shared/domain/response-itp.md §3.9 (Step 7) and §3.12 pseudocode; IWG 2009 (Rodeghiero et
 * al., Blood 2009;113:2386): loss of CR/R confirmed on 2 separate occasions at least 1 day apart.
 * Two evaluable counts f1, f2 with status F, `day(f2) - day(f1) >= M` (`lossMinGapDays`), no Q count
 * between them (I counts do not block). Loss date = day of the earliest such f1.
 * That I counts do not block is the §3.9 asymmetry (PROTOCOL DECISION, parameter
 * `indeterminateBreaksLossPair`, default false); when true an I count between f1 and f2 blocks like a Q.
 */
import type { ResponseCountStatus } from './types.js'

/** Positions (into the evaluable arrays) of the loss pair. */
export interface ResponseLossPair {
  f1: number
  f2: number
}

/**
 * Earliest confirmed loss pair at or after position `from`.
 * When an F count finds no partner before the next Q (or blocking I, or the end), no F count between
 * it and that blocker can find one either (its candidate partners are a subset, days being
 * non-decreasing), so the scan resumes after the blocker: linear time, same result as the §3.12 double loop.
 * Source: ../shared/domain/response-itp.md §3.9, §3.12; Rodeghiero et al., Blood 2009;113:2386
 * @example findConfirmedResponseLoss([14, 21, 28, 29], ['Q', 'Q', 'F', 'F'], 1, 1) // { f1: 2, f2: 3 } (E11)
 * @example findConfirmedResponseLoss([28, 28, 35], ['F', 'F', 'Q'], 0, 1) // null (E18a: same calendar day)
 * @example findConfirmedResponseLoss([28, 29, 30], ['F', 'I', 'F'], 0, 1, true) // null (E19 with I blocking)
 * @param indeterminateBreaksPair §3.9 PROTOCOL DECISION `indeterminateBreaksLossPair` (default false)
 */
export function findConfirmedResponseLoss(
  days: readonly number[],
  status: readonly ResponseCountStatus[],
  from: number,
  minGapDays: number,
  indeterminateBreaksPair = false,
): ResponseLossPair | null {
  const n = status.length
  let a = from
  while (a < n) {
    if (status[a] !== 'F') {
      a++
      continue
    }
    const da = days[a] as number
    let b = a + 1
    for (; b < n; b++) {
      const s = status[b]
      if (s === 'Q' || (indeterminateBreaksPair && s === 'I')) break
      if (s === 'F' && (days[b] as number) - da >= minGapDays) return { f1: a, f2: b }
    }
    a = b + 1
  }
  return null
}
