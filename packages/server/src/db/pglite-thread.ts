import { Worker } from 'node:worker_threads'
import {
  PGliteAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely'

/**
 * The embedded database (PGlite, PostgreSQL compiled to WebAssembly) in a thread of its own.
 *
 * PGlite runs in the thread that calls it. In the server's main thread, every query's WebAssembly and the
 * PGlite JavaScript around it (about two thirds of the CPU time of a subject-page request, measured with
 * bench/load `--cpu-prof`) blocked HTTP parsing, routing, JSON and the domain computations of every other
 * request. In a worker thread the two halves run side by side on two cores.
 *
 * Kysely's PGlite adapter keeps its one-connection mutex: a transaction has the database to itself, as
 * before. The worker (pglite-worker.mjs) uses PGlite's own `transaction()` exactly as Kysely's PGlite driver
 * does, holding it open between messages, so begin/commit/rollback behave the same. Values cross the thread
 * boundary by structured clone: the row values the type parsers produce (numbers, strings, JSON values,
 * Uint8Array) and the parameters Kysely passes survive it unchanged; errors come back with their SQLSTATE
 * fields. Used for a data directory on disk; in-memory databases (tests' copies of a template) stay in
 * process.
 */
interface Request {
  op: 'query' | 'begin' | 'commit' | 'rollback' | 'dump' | 'close'
  sql?: string
  params?: readonly unknown[]
  tx?: boolean
}
type Reply = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Record<string, unknown> & { message: string; name: string } }

/** The worker and the calls waiting for its replies. */
export class PgliteWorker {
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private stopped: Error | undefined

  private constructor(private readonly worker: Worker) {}

  /** Start the thread on `dataDir` (PGlite's own directory); resolves once PGlite has opened it. */
  static start(dataDir: string): Promise<PgliteWorker> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } })
    const self = new PgliteWorker(worker)
    let ready = false
    return new Promise((resolve, reject) => {
      const fail = (e: unknown) => {
        // Emscripten's file-system errors are not Error objects ({ name: 'ErrnoError', errno }): say what failed
        const reason = e instanceof Error ? e.message : JSON.stringify(e)
        const error = ready ? (e instanceof Error ? e : new Error(reason)) : new Error(`cannot open the embedded database in ${dataDir}: ${reason}`)
        self.stopAll(error)
        reject(error)
      }
      worker.on('message', (m: Reply) => {
        if ('ready' in m) {
          ready = true
          return resolve(self)
        }
        const p = self.pending.get(m.id)
        if (!p) return
        self.pending.delete(m.id)
        if (m.ok) p.resolve(m.value)
        else p.reject(Object.assign(new Error(m.error.message), m.error))
      })
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`the embedded database thread stopped (exit code ${code})`)))
    })
  }

  private stopAll(e: Error) {
    this.stopped ??= e
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }

  call(request: Request): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, ...request })
    })
  }

  /** A consistent tarball of the data directory (PGlite `dumpDataDir('none')`). */
  async dumpDataDir(): Promise<Blob> {
    return new Blob([(await this.call({ op: 'dump' })) as Uint8Array])
  }

  async close(): Promise<void> {
    if (this.stopped) return
    await this.call({ op: 'close' })
    this.stopped = new Error('the embedded database is closed')
    await this.worker.terminate()
  }

  /** A Kysely dialect whose one connection is this thread. */
  dialect(): Dialect {
    return {
      createAdapter: () => new PGliteAdapter(),
      createDriver: () => new ThreadDriver(this),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    }
  }
}

class ThreadConnection implements DatabaseConnection {
  inTransaction = false
  constructor(private readonly thread: PgliteWorker) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const r = (await this.thread.call({ op: 'query', sql: compiled.sql, params: compiled.parameters, tx: this.inTransaction })) as {
      rows: R[]
      affectedRows?: number
    }
    return { rows: r.rows ?? [], numAffectedRows: r.affectedRows != null ? BigInt(r.affectedRows) : undefined }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by PGlite.')
  }
}

class ThreadDriver implements Driver {
  private readonly connection: ThreadConnection
  constructor(private readonly thread: PgliteWorker) {
    this.connection = new ThreadConnection(thread)
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection
  }
  async beginTransaction(): Promise<void> {
    await this.thread.call({ op: 'begin' })
    this.connection.inTransaction = true
  }
  async commitTransaction(): Promise<void> {
    this.connection.inTransaction = false
    await this.thread.call({ op: 'commit' })
  }
  async rollbackTransaction(): Promise<void> {
    this.connection.inTransaction = false
    await this.thread.call({ op: 'rollback' })
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.thread.close()
  }
}
