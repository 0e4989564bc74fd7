/**
 * BOIN simulation throughput.
 * Run: node --conditions=@celltrial/source --import tsx bench/boin/run.ts
 *
 * 1. 10,000 trials, 5 doses, 10 cohorts of 3, single-threaded (target: < 0.1 s), after a warm-up run;
 * 2. 1,000,000 trials on worker threads, one per core (wall time includes starting the workers).
 */
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { resolveBoinDesign, simulateBoinTotals } from '@celltrial/core'
import { runInWorkers } from '../../packages/cli/src/commands/dose-escalation/run-in-workers.js'

const resolved = resolveBoinDesign({ target: 0.3, nCohort: 10, cohortSize: 3 })
if (!resolved.ok) throw new Error('invalid design')
const design = resolved.value
const pTrue = [0.05, 0.1, 0.2, 0.3, 0.45]
const rate = (trials: number, ms: number) =>
  `${Math.round(trials / (ms / 1000)).toLocaleString('en-US')} trials/s`

simulateBoinTotals(design, pTrue, { seed: 99, firstTrial: 0, nTrial: 10_000 }) // warm-up (JIT)
const times: number[] = []
for (let run = 0; run < 5; run++) {
  const t0 = performance.now()
  simulateBoinTotals(design, pTrue, { seed: run + 1, firstTrial: 0, nTrial: 10_000 })
  times.push(performance.now() - t0)
}
times.sort((a, b) => a - b)
const median = times[2]!
console.log(
  `single thread: 10,000 trials in ${median.toFixed(1)} ms (median of 5; best ${times[0]!.toFixed(1)} ms) = ${rate(10_000, median)}`,
)

const workers = availableParallelism()
const s0 = performance.now()
await runInWorkers({ kind: 'boin', design, pTrue }, { nTrial: workers, seed: 1, workers })
console.log(`${workers} workers: start-up alone (1 trial each) ${(performance.now() - s0).toFixed(0)} ms`)
const t0 = performance.now()
const totals = await runInWorkers({ kind: 'boin', design, pTrue }, { nTrial: 1_000_000, seed: 1, workers })
const wall = performance.now() - t0
console.log(
  `${workers} workers: ${totals.nTrial.toLocaleString('en-US')} trials in ${(wall / 1000).toFixed(2)} s = ${rate(totals.nTrial, wall)} (including worker start-up)`,
)
