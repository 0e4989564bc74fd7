import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import type { Database } from './schema.js'
import { typeParsers } from './type-parsers.js'
import { lockDataDir, type DataDirLock } from './data-dir-lock.js'
import { PreparedPGlite } from './pglite-prepared.js'
import { prepareOnConnect } from './pg-prepared.js'
import { join } from 'node:path'

export type Engine = 'pglite' | 'postgres'

/** An open database: the query builder, which engine it runs on, and how to close it. */
export interface Db {
  kysely: Kysely<Database>
  engine: Engine
  close(): Promise<void>
  /** PGlite only: a consistent tarball of the data directory (for tests and backups) */
  dumpDataDir?: () => Promise<Blob>
}

export type DbTarget =
  | { engine: 'postgres'; url: string }
  | { engine: 'pglite'; dataDir: string }
  | { engine: 'pglite'; memory: true; loadDataDir?: Blob }

/**
 * Open the database. PostgreSQL when a URL is given (multi-site deployments), otherwise embedded
 * PGlite in `<dataDir>/pglite`, locked against a second process.
 */
export async function openDb(target: DbTarget): Promise<Db> {
  if (target.engine === 'postgres') {
    const { default: pg } = await import('pg')
    const types = {
      getTypeParser: (oid: number): ((value: string) => unknown) => typeParsers[oid] ?? (pg.types.getTypeParser(oid, 'text') as (value: string) => unknown),
    }
    const pool = new pg.Pool({ connectionString: target.url, types, max: 10 })
    // A connection the server closes while it sits idle in the pool (a PostgreSQL restart, an administrator's
    // pg_terminate_backend, a dropped database) emits 'error' with no query to fail: without a listener that
    // would end the whole process. The pool drops that connection and opens a new one when one is needed; a
    // query running on it fails with the error as usual.
    pool.on('error', () => {})
    pool.on('connect', (client) => client.on('error', () => {}))
    prepareOnConnect(pool)
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { kysely, engine: 'postgres', close: () => kysely.destroy() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  let lock: DataDirLock | undefined
  let dataDir: string | undefined
  let loadDataDir: Blob | undefined
  if ('dataDir' in target) {
    lock = lockDataDir(target.dataDir)
    dataDir = join(target.dataDir, 'pglite')
  } else {
    loadDataDir = target.loadDataDir
  }
  try {
    const pglite = await PGlite.create({ dataDir, loadDataDir, parsers: typeParsers })
    const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: new PreparedPGlite(pglite) }) })
    return {
      kysely,
      engine: 'pglite',
      dumpDataDir: () => pglite.dumpDataDir('none'),
      async close() {
        await kysely.destroy()
        lock?.release()
      },
    }
  } catch (e) {
    lock?.release()
    // Emscripten's file-system errors are not Error objects ({ name: 'ErrnoError', errno }): say what failed
    if (dataDir !== undefined) throw new Error(`cannot open the embedded database in ${dataDir}: ${e instanceof Error ? e.message : JSON.stringify(e)}`, { cause: e })
    throw e
  }
}
