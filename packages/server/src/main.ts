import { fileURLToPath } from 'node:url'
import { loadSeedProtocols } from '@celltrial/protocols'
import { buildApp } from './app.js'
import { openDb, type Db } from './db/connect.js'
import { migrate } from './db/migrate.js'
import type { ServerConfig } from './config.js'
import { loadProtocols } from './demo/load-protocols.js'
import { loadDemoCohort } from './demo/load-demo.js'
import { firstRunSetupToken } from './users/accounts.js'
import { writeSnapshot } from './backup/snapshot.js'
import { ANALYZE_CHECK_MS, analyzeChanged, vacuumAnalyze, vacuumDue } from './db/maintenance.js'
import { join } from 'node:path'

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))

/** Open the configured database (PostgreSQL when DATABASE_URL is set, else embedded PGlite) and migrate it. */
export async function openConfiguredDb(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  const db = await openDb(config.databaseUrl ? { engine: 'postgres', url: config.databaseUrl } : { engine: 'pglite', dataDir: config.dataDir })
  try {
    await migrate(db.kysely)
    return db
  } catch (e) {
    await db.close()
    throw e
  }
}

/** Seed protocols and, with `demo`, the demo cohort: once per database, before any server process serves it. */
export async function prepareDatabase(
  db: Db,
  protocols: ReturnType<typeof loadSeedProtocols>,
  { demo, print, now }: { demo: boolean; print: (line: string) => void; now: Date },
): Promise<void> {
  await loadProtocols(db.kysely, protocols, now)
  if (demo) {
    const n = await loadDemoCohort(db.kysely, now)
    if (n > 0) print(`Loaded the synthetic demo cohort: ${n} subjects in NCT06352281.`)
  }
}

export const serverUrl = (config: Pick<ServerConfig, 'host' | 'port'>) =>
  `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`

/** The start-up lines: where the app runs, the embedded engine's durability, the first-run setup link. */
export async function printReady(db: Db, config: ServerConfig, url: string, now: Date, print: (line: string) => void, processes = 1): Promise<void> {
  const where = db.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'
  print(`CellTrial is running at ${url} on ${where}${processes > 1 ? ` with ${processes} server processes` : ''}.`)
  if (db.engine === 'pglite')
    print('Embedded mode keeps data on this machine without fsync: use a PostgreSQL server (DATABASE_URL) in production.')
  const token = await firstRunSetupToken(db.kysely, now, config.setupToken)
  if (token) print(`No user exists yet. Create the first administrator (link valid 72 hours, once): ${url}/setup?token=${token}`)
}

export interface RunningServer {
  url: string
  close(): Promise<void>
}

/**
 * Start CellTrial: database, migrations, the seed protocols, optionally the demo cohort, then the
 * HTTP server. On an empty database it prints a one-time link to create the first administrator.
 */
export async function startServer(
  config: ServerConfig,
  {
    demo = false,
    print = (line: string): void => void process.stdout.write(line + '\n'),
    clusterWorker = false,
  }: {
    demo?: boolean
    print?: (line: string) => void
    /** one of several server processes (cluster.ts): the primary has prepared the database and prints for all */
    clusterWorker?: boolean
  } = {},
): Promise<RunningServer> {
  const db = await openConfiguredDb(config)
  const protocols = loadSeedProtocols()
  const now = new Date()
  if (!clusterWorker) await prepareDatabase(db, protocols, { demo, print, now })
  const app = await buildApp({
    db,
    webDir: config.webDir ?? WEB_DIST,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    protocolCount: async () => protocols.length,
    totpKey: config.totpKey,
  })
  // embedded mode: the time of the latest request, for the maintenance that waits for a pause (below)
  const scheduleVacuum = db.engine === 'pglite' && config.vacuumMinutes > 0
  let lastRequest = Date.now()
  if (scheduleVacuum)
    app.addHook('onRequest', async () => {
      lastRequest = Date.now()
    })
  await app.listen({ port: config.port, host: config.host })
  const url = serverUrl(config)
  if (!clusterWorker) await printReady(db, config, url, now, print)
  // embedded mode: consistent snapshots on a schedule and at shutdown (PGlite never fsyncs)
  const snapshotDir = join(config.dataDir, 'snapshots')
  const snapshot = async () => {
    try {
      const file = await writeSnapshot(db, snapshotDir, new Date())
      app.log.info({ file }, 'snapshot written')
    } catch (e) {
      app.log.error(e, 'snapshot failed')
    }
  }
  const timer =
    db.engine === 'pglite' && config.snapshotMinutes > 0 ? setInterval(() => void snapshot(), config.snapshotMinutes * 60_000) : undefined
  timer?.unref()
  // embedded mode: statistics and dead rows, which autovacuum would look after on a PostgreSQL server; at a
  // pause in the requests (db/maintenance.ts `vacuumDue`), the first 30 s after start
  const vacuumMs = config.vacuumMinutes * 60_000
  let lastVacuum = Date.now() - vacuumMs + 30_000
  let vacuuming = false
  const vacuumTimer = scheduleVacuum
    ? setInterval(() => {
        if (vacuuming || closing || !vacuumDue(Date.now(), lastVacuum, lastRequest, vacuumMs)) return
        vacuuming = true
        lastVacuum = Date.now()
        vacuumAnalyze(db)
          .then((ms) => app.log.info({ ms: Math.round(ms ?? 0) }, 'vacuum (analyze) done'))
          .catch((e: unknown) => app.log.error(e, 'vacuum (analyze) failed'))
          .finally(() => (vacuuming = false))
      }, 1_000)
    : undefined
  vacuumTimer?.unref()
  // embedded mode: between those, ANALYZE the tables that changed enough, as autovacuum would (maintenance.ts)
  const analyzeTimer = scheduleVacuum
    ? setInterval(() => {
        if (vacuuming || closing) return
        vacuuming = true
        const start = performance.now()
        analyzeChanged(db)
          .then((tables) => tables.length > 0 && app.log.info({ tables, ms: Math.round(performance.now() - start) }, 'analyze done'))
          .catch((e: unknown) => app.log.error(e, 'analyze failed'))
          .finally(() => (vacuuming = false))
      }, ANALYZE_CHECK_MS)
    : undefined
  analyzeTimer?.unref()
  let closing: Promise<void> | undefined
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        if (timer) clearInterval(timer)
        if (vacuumTimer) clearInterval(vacuumTimer)
        if (analyzeTimer) clearInterval(analyzeTimer)
        await app.close()
        if (db.engine === 'pglite') await snapshot()
        await db.close()
      })()),
  }
}
