import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { mergeOcTotals, type OcTotals, type TrialRange } from '@celltrial/core'
import { runJobRange, type SimulationJob } from './simulation-job.js'

const SOURCE_CONDITION = '--conditions=@celltrial/source'

/**
 * Run `nTrial` trials of a job split over `workers` worker threads (1 = this thread).
 * Trial i always uses random stream (seed, i) and totals are integer sums, so the result is identical
 * for any worker count. Workers run the TypeScript sources: Node 20 does not apply the parent's
 * `--import tsx` hooks to a worker, so each worker starts from a small data: URL module that registers
 * tsx's ESM hooks (tsx/esm/api `register`) and then imports the worker; execArgv is inherited plus the
 * `@celltrial/source` condition. This works under `node --import tsx`, bin/celltrial.mjs and vitest.
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
  const execArgv = process.execArgv.includes(SOURCE_CONDITION)
    ? [...process.execArgv]
    : [...process.execArgv, SOURCE_CONDITION]
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrapUrl(workerUrl), { execArgv, workerData: { job, range } })
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

/** A data: URL module that registers tsx and then imports the TypeScript worker. */
function bootstrapUrl(workerUrl: URL): URL {
  const tsxApi = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href
  const source = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(workerUrl.href)});`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}
