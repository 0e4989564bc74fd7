import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { freshPostgresUrl, TEST_ENGINE } from '../testing/test-db.js'
import { openDb, type Db } from './connect.js'

const onPostgres = TEST_ENGINE === 'postgres'
let db: Db
let drop: () => Promise<void>

beforeAll(async () => {
  if (!onPostgres) return
  const made = await freshPostgresUrl()
  drop = made.drop
  db = await openDb({ engine: 'postgres', url: made.url })
  await sql`create table pq (id serial primary key, name text, n int, doc jsonb)`.execute(db.kysely)
  await sql`insert into pq (name, n, doc) values ('a', 1, '{"k": 1}'), ('b', 2, null)`.execute(db.kysely)
})
afterAll(async () => {
  if (!onPostgres) return
  await db.close()
  await drop()
})

describe.runIf(onPostgres)('named prepared statements on PostgreSQL (pg-prepared.ts)', () => {
  it('a data statement is prepared once per connection and gives the same rows', async () => {
    await db.kysely.connection().execute(async (c) => {
      const q = () => c.selectFrom('subject').select(['id', 'code']).where('id', '>', 0).orderBy('id').execute()
      const first = await sql<{ name: string; n: number; doc: unknown }>`select name, n, doc from pq where n >= ${1} order by id`.execute(c)
      const again = await sql<{ name: string; n: number; doc: unknown }>`select name, n, doc from pq where n >= ${1} order by id`.execute(c)
      expect(first.rows).toEqual([{ name: 'a', n: 1, doc: { k: 1 } }, { name: 'b', n: 2, doc: null }])
      expect(again.rows).toEqual(first.rows)
      await q()
      await q()
      const statements = (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like ${'ct\\_%'} order by statement`.execute(c)).rows.map((r) => r.statement)
      expect(statements.filter((s) => s.startsWith('select name, n, doc from pq'))).toHaveLength(1)
      expect(statements.filter((s) => s.startsWith('select "id", "code" from "subject"'))).toHaveLength(1)
    })
  })

  it('a statement with many parameters (a bulk insert) is not kept prepared', async () => {
    await db.kysely.connection().execute(async (c) => {
      const rows = Array.from({ length: 20 }, (_, i) => ({ name: `bulk${i}`, n: i }))
      await c.insertInto('pq' as never).values(rows).execute()
      const statements = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c)).rows.map((r) => r.statement)
      expect(statements.some((s) => s.startsWith('insert into "pq"'))).toBe(false)
      await sql`delete from pq where name like ${'bulk%'}`.execute(c)
    })
  })

  it('after its table changed, a prepared statement is parsed again', async () => {
    await db.kysely.connection().execute(async (c) => {
      const q = () => sql<Record<string, unknown>>`select * from pq where id = ${1}`.execute(c)
      expect(Object.keys((await q()).rows[0]!)).not.toContain('extra')
      await sql`alter table pq add column extra int default 5`.execute(c)
      // PostgreSQL may refuse the old plan once (0A000); the statement is then prepared under a new name
      const first = await q().catch((e: unknown) => e)
      if (first instanceof Error) expect(first).toMatchObject({ code: '0A000' })
      expect((await q()).rows[0]).toMatchObject({ id: 1, extra: 5 })
    })
  })
})
