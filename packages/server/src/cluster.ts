import cluster, { type Worker } from 'node:cluster'
import { loadSeedProtocols } from '@celltrial/protocols'
import type { ServerConfig } from './config.js'
import { openConfiguredDb, prepareDatabase, printReady, serverUrl, startServer, type RunningServer } from './main.js'

/**
 * Several server processes on one port, for a PostgreSQL deployment (`CELLTRIAL_WORKERS`, `serve --workers`).
 *
 * One Node process uses one core; the load benchmark (bench/load, issue 10 item 5) measured ~7 ms of server
 * CPU per request on PostgreSQL, so one process tops out near 150 requests/s whatever the database can do.
 * With node:cluster the primary prepares the database once (migrations, seed protocols, demo cohort), then
 * forks `workers` processes that each run the whole app and share the listening port (the primary hands out
 * connections round robin). Sharing is safe because all state lives in PostgreSQL: sessions, the audit chain
 * (its head row is locked for each append, whichever process appends), alerts and notifications. What is per
 * process: the login rate limit (each process counts its own attempts, so the limit per address is
 * `workers` times the configured one) and the parsed-protocol cache (repo/parsed-protocols.ts, content-keyed).
 * The embedded database cannot be shared by processes: config.ts refuses more than one worker without
 * DATABASE_URL.
 *
 * A worker that dies is replaced (and the death printed); `close()` stops every worker gracefully.
 * Source: Node.js documentation, "Cluster" (round-robin scheduling is the default on Linux).
 */
export async function startCluster(
  config: ServerConfig,
  { demo = false, print = (line: string): void => void process.stdout.write(line + '\n') }: { demo?: boolean; print?: (line: string) => void } = {},
): Promise<RunningServer> {
  const now = new Date()
  const db = await openConfiguredDb(config)
  const url = serverUrl(config)
  try {
    await prepareDatabase(db, loadSeedProtocols(), { demo, print, now })
    const workers = new Set<Worker>()
    // replaced when they die once all have started; a start-up failure stops everything instead
    let serving = false
    let closing = false
    const fork = () => {
      const w = cluster.fork()
      workers.add(w)
      w.on('exit', (code, signal) => {
        workers.delete(w)
        if (closing || !serving) return
        print(`Server process ${w.process.pid} exited (${signal ?? `code ${code}`}); starting another.`)
        fork()
      })
      return w
    }
    // every worker listening, or the first one that exits before it does
    await Promise.all(
      Array.from({ length: config.workers }, () => {
        const w = fork()
        return new Promise<void>((resolve, reject) => {
          const early = (code: number | null) => reject(new Error(`server process ${w.process.pid} exited (code ${code}) before it was listening`))
          w.once('exit', early)
          w.once('listening', () => {
            w.off('exit', early)
            resolve()
          })
        })
      }),
    ).catch(async (e: unknown) => {
      closing = true
      await stopAll(workers)
      throw e
    })
    serving = true
    await printReady(db, config, url, now, print, config.workers)
    await db.close()
    let stopping: Promise<void> | undefined
    return {
      url,
      close: () =>
        (stopping ??= (async () => {
          closing = true
          await stopAll(workers)
        })()),
    }
  } catch (e) {
    await db.close().catch(() => undefined)
    throw e
  }
}

/** SIGTERM to every worker (each closes its server and database), then wait until all have exited. */
async function stopAll(workers: Set<Worker>): Promise<void> {
  await Promise.all(
    [...workers].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) return resolve()
          w.once('exit', () => resolve())
          w.process.kill('SIGTERM')
        }),
    ),
  )
}

/** In a forked worker: serve with the prepared database until SIGTERM or SIGINT, then close. */
export async function runClusterWorker(config: ServerConfig): Promise<void> {
  const server = await startServer(config, { clusterWorker: true })
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.close()
  // the IPC channel to the primary would keep this process alive
  cluster.worker?.disconnect()
}

export const isClusterWorker = (): boolean => cluster.isWorker
