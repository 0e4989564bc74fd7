import { createHash } from 'node:crypto'
import type pg from 'pg'
import { isDataStatement, isStalePreparedStatement } from './statement-kind.js'

/** Statements with more parameters than this (bulk inserts of imports) are not kept prepared. */
const MAX_PARAMS = 32

/**
 * Data statements on PostgreSQL as named prepared statements: each pooled connection parses and plans a
 * statement once, and later runs send only Bind and Execute (node-postgres keeps the per-connection list).
 * Same idea as `PreparedPGlite` for the embedded engine (bench/load, issue 10 item 5).
 *
 * A statement the server no longer accepts as prepared, because its tables changed under it (0A000 "cached plan
 * must not change result type", 26000), is given a new name on that connection, so the next run parses it again.
 * Statements with many parameters (bulk inserts) stay unnamed: they would only pile up on long-lived connections.
 */
export function prepareOnConnect(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>
    /** SQL text -> statement name, for this connection */
    const names = new Map<string, string>()
    let generation = 0
    const patched = (text: unknown, values?: unknown, ...rest: unknown[]) => {
      if (typeof text !== 'string' || rest.length > 0 || !Array.isArray(values) || values.length > MAX_PARAMS || !isDataStatement(text)) return query(text, values, ...rest)
      let name = names.get(text)
      if (name === undefined) {
        name = `ct_${createHash('sha1').update(text).digest('hex').slice(0, 24)}_${generation}`
        names.set(text, name)
      }
      return query({ name, text, values }).catch((e: unknown) => {
        if (isStalePreparedStatement((e as { code?: string }).code)) {
          generation++
          names.clear()
        }
        throw e
      })
    }
    ;(client as unknown as { query: typeof patched }).query = patched
  })
}
