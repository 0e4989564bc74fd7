import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

const SOURCE_CONDITION = '--conditions=@celltrial/source'

/**
 * Start a worker thread on a TypeScript module of this workspace. The CLI runs from its TypeScript sources:
 * Node 20 does not apply the parent's tsx hooks (`--import tsx` or bin/celltrial.mjs's `register`) to a
 * worker, so the worker starts from a small data: URL module that registers tsx's ESM hooks (tsx/esm/api
 * `register`) and then imports `workerUrl`; execArgv is inherited plus the `@celltrial/source` condition.
 * This works under `node --import tsx`, bin/celltrial.mjs and vitest.
 */
export function startSourceWorker(workerUrl: URL, options: Omit<WorkerOptions, 'execArgv'> = {}): Worker {
  const execArgv = process.execArgv.includes(SOURCE_CONDITION)
    ? [...process.execArgv]
    : [...process.execArgv, SOURCE_CONDITION]
  return new Worker(bootstrapUrl(workerUrl), { ...options, execArgv })
}

/** A data: URL module that registers tsx and then imports the TypeScript worker. */
function bootstrapUrl(workerUrl: URL): URL {
  const tsxApi = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href
  const source = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(workerUrl.href)});`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}
