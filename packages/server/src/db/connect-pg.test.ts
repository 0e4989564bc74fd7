import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { freshPostgresUrl, TEST_ENGINE } from '../testing/test-db.js'
import { openDb } from './connect.js'

describe.runIf(TEST_ENGINE === 'postgres')('the PostgreSQL pool', () => {
  it('survives the server closing its idle connections (restart, pg_terminate_backend) and reconnects', async () => {
    const made = await freshPostgresUrl()
    const db = await openDb({ engine: 'postgres', url: made.url })
    try {
      // several connections in the pool, idle
      await Promise.all([1, 2, 3].map((i) => sql`select pg_sleep(0.05), ${i}::int as i`.execute(db.kysely)))
      const { default: pg } = await import('pg')
      const admin = new pg.Client({ connectionString: made.url })
      await admin.connect()
      const killed = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)
      await admin.end()
      expect(killed.rowCount).toBeGreaterThanOrEqual(3)
      // the idle connections' errors reach no query; without a listener they would end this process
      await new Promise((r) => setTimeout(r, 200))
      const after = await Promise.all([1, 2, 3, 4].map((i) => sql<{ i: number }>`select ${i}::int as i`.execute(db.kysely).then((r) => r.rows[0]!.i)))
      expect(after).toEqual([1, 2, 3, 4])
    } finally {
      await db.close()
      await made.drop()
    }
  })
})
