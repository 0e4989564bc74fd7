import {
  simulateBoinTotals,
  simulateThreePlusThreeTotals,
  type BoinDesign,
  type OcTotals,
  type ThreePlusThreeOptions,
  type TrialRange,
} from '@celltrial/core'

/** A simulation that can be sent to a worker: plain data only (structured-clone safe). */
export type SimulationJob =
  | { kind: 'boin'; design: BoinDesign; pTrue: number[] }
  | { kind: 'three-plus-three'; pTrue: number[]; options: ThreePlusThreeOptions }

/** Run trials `range` of a job in this thread. */
export function runJobRange(job: SimulationJob, range: TrialRange): OcTotals {
  return job.kind === 'boin'
    ? simulateBoinTotals(job.design, job.pTrue, range)
    : simulateThreePlusThreeTotals(job.pTrue, job.options, range)
}
