import { messages, parse, protocol, type PGlite, type Results, type Transaction } from '@electric-sql/pglite'
import { isDataStatement, isDdl, isStalePreparedStatement } from './statement-kind.js'

/**
 * PGlite with named prepared statements, for Kysely's `PGliteDialect` (which calls `query` and `transaction`).
 *
 * `PGlite.query` sends every statement as six separate protocol calls into the WebAssembly backend (Parse,
 * Describe statement, Bind, Describe portal, Execute, Sync), and Postgres parses and plans it each time. Here a
 * data statement (SELECT, INSERT, UPDATE, DELETE, WITH) is parsed once under a name; each later run is one call
 * carrying Bind, Describe portal, Execute and Sync. On this machine that made a simple indexed lookup about 3x
 * cheaper (189 -> 66 µs) and a small join about 3x (372 -> 130 µs): bench/load, issue 10 item 5.
 *
 * The result columns are described once too, when the statement is parsed: a run sends no Describe and the
 * backend sends no RowDescription, and the backend's reply is read here from its bytes (`readReply`) instead of
 * by PGlite's protocol parser, which copied every field into a new buffer before decoding it (PGlite's message
 * parsing was a fifth of the server's CPU under load: bench/load).
 *
 * What stays as PGlite does it: its transaction and query mutexes (one statement at a time, none outside an
 * open transaction), its parameter serializers chosen by the parameter types the backend reports for the
 * statement, its result parsers and result shape (`rows`, `fields`, `command`, `affectedRows`, `rowCount`), and
 * its errors (a `DatabaseError` with the backend's fields, `query` and `params`). Other statements
 * (DDL, SET, transaction control) go through `PGlite.query` unchanged; DDL also forgets every prepared
 * statement, since a changed table can change a statement's result type.
 */
export class PreparedPGlite {
  readonly #pglite: PGlite
  /** SQL text -> statement name and parameter type oids; a Map keeps insertion order, used as an LRU */
  readonly #statements = new Map<string, Statement>()
  #nextName = 1
  /** statements evicted from the cache, closed in the backend with the next message */
  #toClose: string[] = []

  constructor(pglite: PGlite, readonly maxStatements = 500) {
    this.#pglite = pglite
  }

  get closed(): boolean {
    return this.#pglite.closed
  }
  get ready(): boolean {
    return this.#pglite.ready
  }
  get waitReady(): Promise<void> {
    return this.#pglite.waitReady
  }
  close(): Promise<void> {
    return this.#pglite.close()
  }

  /** A statement outside a transaction: waits for any open transaction, as `PGlite.query` does. */
  async query<T>(sql: string, params: unknown[] = [], options?: { rowMode?: 'object' | 'array' }): Promise<Results<T>> {
    // a statement already prepared is a data statement: no need to read its first keyword again
    if (!this.#statements.has(sql) && !isDataStatement(sql)) return this.#other(sql, params, options, this.#pglite)
    await this.#pglite._checkReady()
    return this.#pglite._runExclusiveTransaction(() => this.#pglite._runExclusiveQuery(() => this.#run<T>(sql, params, options, false)))
  }

  /** `PGlite.transaction`, whose `tx.query` runs data statements prepared. */
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#pglite.transaction((tx) => {
      const prepared: Transaction = Object.create(tx, {
        query: {
          value: async <R>(sql: string, params: unknown[] = [], options?: { rowMode?: 'object' | 'array' }): Promise<Results<R>> => {
            if (!this.#statements.has(sql) && !isDataStatement(sql)) return this.#other<R>(sql, params, options, tx)
            if (tx.closed) throw new Error('Transaction is closed')
            return this.#pglite._runExclusiveQuery(() => this.#run<R>(sql, params, options, true))
          },
        },
      }) as Transaction
      return callback(prepared)
    })
  }

  async #other<T>(sql: string, params: unknown[], options: { rowMode?: 'object' | 'array' } | undefined, on: { query: PGlite['query'] }): Promise<Results<T>> {
    const result = await on.query<T>(sql, params, options)
    if (isDdl(sql)) this.#forgetAll()
    return result
  }

  /** Every prepared statement is closed with the next message (after DDL). */
  #forgetAll(): void {
    for (const { name } of this.#statements.values()) this.#toClose.push(name)
    this.#statements.clear()
  }

  async #run<T>(sql: string, params: unknown[], options: { rowMode?: 'object' | 'array' } | undefined, inTransaction: boolean): Promise<Results<T>> {
    const pg = this.#pglite
    const S = protocol.serialize
    try {
      let statement = this.#statements.get(sql)
      if (statement) {
        this.#statements.delete(sql)
        this.#statements.set(sql, statement)
      } else {
        const name = `ct_${this.#nextName++}`
        const described = await pg.execProtocolStream(concat([...this.#closing(), S.parse({ name, text: sql }), S.describe({ type: 'S', name }), S.sync()]), { syncToFs: false })
        // a statement's RowDescription (NoData for one that returns no rows): the columns of every run's rows
        const columns = described.find((m): m is messages.RowDescriptionMessage => m.name === 'rowDescription')
        statement = { name, paramTypes: parse.parseDescribeStatementResults(described), fields: (columns?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) }
        this.#statements.set(sql, statement)
        if (this.#statements.size > this.maxStatements) {
          const [oldest, entry] = this.#statements.entries().next().value as [string, { name: string }]
          this.#statements.delete(oldest)
          this.#toClose.push(entry.name)
        }
      }
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null
        const serialize = pg.serializers[statement.paramTypes[i]!]
        // as PGlite: the serializer of the parameter's type, else the value's text (JSON for an object)
        return serialize ? serialize(param) : asText(param)
      })
      // the reply's raw bytes (execProtocolRaw would also run PGlite's parser over them), copied out of the
      // backend's buffer as they come
      const chunks: Uint8Array[] = []
      await pg.execProtocolRawStream(concat([...this.#closing(), S.bind({ statement: statement.name, values }), S.execute({}), S.sync()]), {
        syncToFs: false,
        onRawData: (chunk) => chunks.push(chunk.slice()),
      })
      const result = readReply<T>(concat(chunks), statement.fields, pg.parsers, options?.rowMode === 'array')
      if (!inTransaction) await pg.syncToFs()
      return result
    } catch (e) {
      // a statement the backend no longer accepts as prepared (its tables changed) is parsed again next time
      if (isDatabaseError(e) && isStalePreparedStatement(e.code)) {
        const entry = this.#statements.get(sql)
        if (entry) {
          this.#statements.delete(sql)
          this.#toClose.push(entry.name)
        }
      }
      if (isDatabaseError(e)) Object.assign(e, { query: sql, params, queryOptions: options })
      throw e
    }
  }

  /** Close messages for evicted statements (sent with the next message, whose Sync ends them). */
  #closing(): Uint8Array[] {
    if (this.#toClose.length === 0) return []
    const names = this.#toClose
    this.#toClose = []
    return names.map((name) => protocol.serialize.close({ type: 'S', name }))
  }
}

interface Statement {
  name: string
  /** parameter type oids, as the backend inferred them */
  paramTypes: number[]
  /** result columns (PGlite's `fields`) */
  fields: { name: string; dataTypeID: number }[]
}

/** Commands whose tag count PGlite adds up as `affectedRows`. */
const AFFECTING = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'])
/** ErrorResponse field codes -> DatabaseError properties, as PGlite's parser names them. */
const ERROR_FIELDS: Record<string, string> = {
  S: 'severity', C: 'code', D: 'detail', H: 'hint', P: 'position', p: 'internalPosition', q: 'internalQuery', W: 'where',
  s: 'schema', t: 'table', c: 'column', d: 'dataType', n: 'constraint', F: 'file', L: 'line', R: 'routine',
}

/**
 * The result of one Bind/Execute/Sync from the backend's reply bytes (PostgreSQL frontend/backend protocol 3.0:
 * each message a type byte, an Int32 length including itself, then its body), as PGlite's `parseResults` would
 * give it: rows parsed by type with PGlite's parsers, the command tag's count as `rowCount` and, for a data change,
 * `affectedRows`. An ErrorResponse is thrown as PGlite's `DatabaseError` with every field the backend sent.
 * Notices and the other messages (BindComplete, ReadyForQuery, CloseComplete) carry nothing for the caller.
 */
export function readReply<T>(reply: Uint8Array, fields: Statement['fields'], parsers: Record<number, (text: string, typeId: number) => unknown>, arrayRows = false): Results<T> {
  const buf = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength)
  const rows: unknown[] = []
  let affectedRows = 0
  let result: Results<T> | undefined
  let error: Error | undefined
  for (let pos = 0; pos + 5 <= buf.length; ) {
    const type = buf[pos]!
    const end = pos + 1 + buf.readInt32BE(pos + 1)
    let p = pos + 5
    if (type === 68) {
      // DataRow: Int16 column count, then per column Int32 length (-1: NULL) and the text
      const n = buf.readInt16BE(p)
      p += 2
      const row: Record<string, unknown> | unknown[] = arrayRows ? new Array<unknown>(n) : {}
      for (let i = 0; i < n; i++) {
        const length = buf.readInt32BE(p)
        p += 4
        let value: unknown = null
        const field = fields[i]!
        if (length !== -1) {
          const text = buf.toString('utf8', p, p + length)
          p += length
          const parser = parsers[field.dataTypeID]
          value = parser ? parser(text, field.dataTypeID) : text
        }
        if (arrayRows) (row as unknown[])[i] = value
        else (row as Record<string, unknown>)[field.name] = value
      }
      rows.push(row)
    } else if (type === 67) {
      // CommandComplete: the tag, e.g. `SELECT 3`, `INSERT 0 1`, `UPDATE 2`
      const tag = buf.toString('utf8', p, end - 1).split(' ')
      const command = tag[0]!
      const count = parseInt(tag[tag.length - 1]!, 10)
      if (AFFECTING.has(command)) affectedRows += count
      result ??= { rows: rows as T[], fields, command, affectedRows, ...(Number.isNaN(count) ? {} : { rowCount: count }) } as Results<T>
    } else if (type === 69 && !error) {
      // ErrorResponse: (code byte, C string) pairs up to a zero byte
      const found: Record<string, string> = {}
      while (p < end && buf[p] !== 0) {
        const code = String.fromCharCode(buf[p]!)
        const stop = buf.indexOf(0, p + 1)
        found[code] = buf.toString('utf8', p + 1, stop)
        p = stop + 1
      }
      error = new messages.DatabaseError(found.M ?? 'unknown error', end - pos - 1, 'error')
      for (const [code, name] of Object.entries(ERROR_FIELDS)) (error as unknown as Record<string, unknown>)[name] = found[code]
    }
    pos = end
  }
  if (error) throw error
  return result ?? ({ rows: [], fields: [], affectedRows: 0 })
}

/** A parameter's text when its type has no serializer. */
function asText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v
    case 'number':
    case 'bigint':
    case 'boolean':
      return v.toString()
    default:
      return JSON.stringify(v) ?? ''
  }
}

function isDatabaseError(e: unknown): e is Error & { code?: string } {
  return e instanceof Error && 'severity' in e
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}
