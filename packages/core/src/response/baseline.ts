/**
 * Baseline platelet count.
 *
 * Source: ../shared/domain/response-itp.md §3.5 (Step 3); IWG 2009 (Rodeghiero et al., Blood 2009;113:2386,
 * "baseline = count at the time the investigated treatment starts").
 * 1. anchor = LD start if given, else infusion (`baselineAnchor`);
 * 2. candidates = counts with `anchor - baselineLookbackDays <= date <= anchor`;
 * 3. if `baselineExcludeRescueAffected`, drop candidates inside a rescue window (§3.4 rule 3);
 * 4. baseline = the latest remaining candidate (latest date; all timed: latest time; else lowest value —
 *    PROTOCOL DECISION, parameter `baselineSameDateTie`; `LOWEST_VALUE`: always the lowest value on that date);
 * 5. step 3 removed all: latest step-2 candidate, flag `BASELINE_RESCUE_AFFECTED`;
 * 6. no candidates: null, flag `BASELINE_MISSING`. A baseline of 0 is valid.
 */
import type { ResponseParams } from './params.js'
import type { PreparedCounts } from './prepare-counts.js'
import type { RescueWindow } from './rescue-windows.js'
import { rescueWindowAt } from './rescue-windows.js'

/** Baseline choice with positions into the prepared arrays. Internal. */
export interface BaselineChoice {
  value: number | null
  /** position in the prepared arrays, -1 when missing */
  pos: number
  rule: 'LATEST_CANDIDATE' | 'RESCUE_AFFECTED_FALLBACK' | 'MISSING'
  /** positions of candidates dropped for a rescue window */
  dropped: number[]
}

/**
 * Step 4 pick among candidate positions: latest date; on that date, with `LATEST_TIME_ELSE_LOWEST_VALUE`
 * (default) the latest time when every sample there carries a time (ties: lowest value), otherwise the
 * lowest value; with `LOWEST_VALUE` always the lowest value. Returns -1 for an empty list.
 * Source: response-itp.md §3.5 step 4 (PROTOCOL DECISION, parameter `baselineSameDateTie`).
 */
export function pickLatestCandidate(
  p: PreparedCounts,
  positions: readonly number[],
  sameDateTie: ResponseParams['baselineSameDateTie'] = 'LATEST_TIME_ELSE_LOWEST_VALUE',
): number {
  if (positions.length === 0) return -1
  let maxEpoch = -Infinity
  for (const i of positions) if ((p.epoch[i] as number) > maxEpoch) maxEpoch = p.epoch[i] as number
  let allTimed = sameDateTie === 'LATEST_TIME_ELSE_LOWEST_VALUE'
  for (const i of positions) if (p.epoch[i] === maxEpoch && (p.time[i] as number) < 0) allTimed = false
  let best = -1
  for (const i of positions) {
    if (p.epoch[i] !== maxEpoch) continue
    if (best < 0) {
      best = i
      continue
    }
    const v = p.value[i] as number
    const bv = p.value[best] as number
    if (allTimed) {
      const t = p.time[i] as number
      const bt = p.time[best] as number
      if (t > bt || (t === bt && v < bv)) best = i
    } else if (v < bv) best = i
  }
  return best
}

/**
 * Choose the baseline count (§3.5).
 * Source: ../shared/domain/response-itp.md §3.5; Rodeghiero et al., Blood 2009;113:2386
 * @param p samples on or before the cut-off, in time order
 * @param anchorEpoch epoch day of the anchor (LD start, else infusion)
 * @param sameDateTie §3.5 step 4 tie rule on the latest candidate date (`baselineSameDateTie`)
 * @example E24a: transfusion Day -7 (window 7), counts Day -10 = 9, Day -5 = 45, LD Day -5 -> baseline 9
 */
export function selectBaseline(
  p: PreparedCounts,
  anchorEpoch: number,
  lookbackDays: number,
  excludeRescueAffected: boolean,
  rescues: readonly RescueWindow[],
  sameDateTie: ResponseParams['baselineSameDateTie'] = 'LATEST_TIME_ELSE_LOWEST_VALUE',
): BaselineChoice {
  const candidates: number[] = []
  const remaining: number[] = []
  const dropped: number[] = []
  const from = anchorEpoch - lookbackDays
  for (let i = 0; i < p.n; i++) {
    const e = p.epoch[i] as number
    if (e < from) continue
    if (e > anchorEpoch) break
    candidates.push(i)
    if (excludeRescueAffected && rescueWindowAt(rescues, e, p.time[i] as number) >= 0) dropped.push(i)
    else remaining.push(i)
  }
  if (candidates.length === 0) return { value: null, pos: -1, rule: 'MISSING', dropped }
  if (remaining.length > 0) {
    const pos = pickLatestCandidate(p, remaining, sameDateTie)
    return { value: p.value[pos] as number, pos, rule: 'LATEST_CANDIDATE', dropped }
  }
  const pos = pickLatestCandidate(p, candidates, sameDateTie)
  return { value: p.value[pos] as number, pos, rule: 'RESCUE_AFFECTED_FALLBACK', dropped }
}
