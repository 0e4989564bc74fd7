import { mergeOcTotals, type OcTotals, type TrialRange } from '@celltrial/core'
import { startSourceWorker } from '../../source-worker.js'
import { runJobRange, type SimulationJob } from './simulation-job.js'

/**
 * Run `nTrial` trials of a job split over `workers` worker threads (1 = this thread).
 * Trial i always uses random stream (seed, i) and totals are integer sums, so the result is identical
 * for any worker count. Workers run the TypeScript sources (see `startSourceWorker`).
 */
export async function runInWorkers(
  job: SimulationJob,
  { nTrial, seed, workers }: { nTrial: number; seed: number; workers: number },
): Promise<OcTotals> {
  const count = Math.max(1, Math.min(workers, nTrial))
  if (count === 1) return runJobRange(job, { seed, firstTrial: 0, nTrial })
  const ranges: TrialRange[] = []
  for (let w = 0, first = 0; w < count; w++) {
    const size = Math.floor(nTrial / count) + (w < nTrial % count ? 1 : 0)
    ranges.push({ seed, firstTrial: first, nTrial: size })
    first += size
  }
  const parts = await Promise.all(ranges.map((range) => runWorker(job, range)))
  return mergeOcTotals(parts)
}

function runWorker(job: SimulationJob, range: TrialRange): Promise<OcTotals> {
  const workerUrl = new URL('./simulation-worker.ts', import.meta.url)
  return new Promise((resolve, reject) => {
    const worker = startSourceWorker(workerUrl, { workerData: { job, range } })
    let result: OcTotals | undefined
    worker.once('message', (totals: OcTotals) => (result = totals))
    worker.once('error', reject)
    worker.once('exit', (code) =>
      result && code === 0
        ? resolve(result)
        : reject(new Error(`simulation worker exited with code ${code}`)),
    )
  })
}
