/**
 * Assign observations (by protocol day) to nominal visits by window.
 *
 * Source: regimen-and-dosing.md §6 assignment rule: "an observation belongs to nominal visit V if
 * |day - target(V)| <= window(V); if several candidate observations, keep the one closest to target
 * (tie -> earlier); observations matching no window are 'unscheduled'". Example: Day 33 with weekly window +-3
 * -> Week 5 (target 35); Day 31 -> unscheduled. With asymmetric windows, `windowBefore`/`windowAfter` apply.
 */
import type { ProtocolVisit as Visit } from '../protocol/visits.js'

export interface DayObservation {
  id: string
  /** protocol day of the observation (Day 0 = infusion) */
  day: number
}

export interface ObservationAssignment<T extends DayObservation> {
  /** visit id -> the kept observation */
  byVisit: Map<string, T>
  /** in at least one window but not kept for any visit (another was closer) */
  superseded: T[]
  /** in no window */
  unscheduled: T[]
}

const inWindow = (v: Pick<Visit, 'day' | 'windowBefore' | 'windowAfter'>, day: number) =>
  day >= v.day - v.windowBefore && day <= v.day + v.windowAfter

/** @example assignObservationsToVisits(weeklyVisits, [{ id: 'a', day: 33 }, { id: 'b', day: 31 }]) // a -> week-5, b unscheduled */
export function assignObservationsToVisits<T extends DayObservation>(
  visits: readonly Pick<Visit, 'id' | 'day' | 'windowBefore' | 'windowAfter'>[],
  observations: readonly T[],
): ObservationAssignment<T> {
  const byVisit = new Map<string, T>()
  for (const v of visits) {
    let best: T | undefined
    for (const o of observations) {
      if (!inWindow(v, o.day)) continue
      const d = Math.abs(o.day - v.day)
      const bestD = best ? Math.abs(best.day - v.day) : Number.POSITIVE_INFINITY
      if (!best || d < bestD || (d === bestD && o.day < best.day)) best = o
    }
    if (best) byVisit.set(v.id, best)
  }
  const kept = new Set(byVisit.values())
  const superseded: T[] = []
  const unscheduled: T[] = []
  for (const o of observations) {
    if (kept.has(o)) continue
    if (visits.some((v) => inWindow(v, o.day))) superseded.push(o)
    else unscheduled.push(o)
  }
  return { byVisit, superseded, unscheduled }
}
