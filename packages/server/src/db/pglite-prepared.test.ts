import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { PreparedPGlite } from './pglite-prepared.js'
import { typeParsers } from './type-parsers.js'
import { TEST_ENGINE } from '../testing/test-db.js'

let pglite: PGlite
let db: PreparedPGlite

const prepared = async () =>
  (await pglite.query<{ name: string; statement: string }>(`select name, statement from pg_prepared_statements where name like 'ct\\_%' order by name`)).rows

beforeAll(async () => {
  if (TEST_ENGINE !== 'pglite') return
  pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]), parsers: typeParsers })
  db = new PreparedPGlite(pglite, 4)
  await pglite.exec(`
    create table pp (id serial primary key, name text unique, n int, flag boolean, day date, at timestamptz, doc jsonb, tags int[]);
    insert into pp (name, n, flag, day, at, doc, tags) values
      ('a', 1, true, '2025-03-01', '2025-03-01T08:00:00Z', '{"k": 1}', '{1,2}'),
      ('b', 2, false, '2025-03-02', '2025-03-02T08:00:00Z', '[1, "x"]', '{}'),
      ('c', null, null, null, null, null, null);`)
})
afterAll(async () => {
  await pglite?.close()
})

// the embedded engine's driver: tested in the PGlite pass (the PostgreSQL pass does not use it)
describe.runIf(TEST_ENGINE === 'pglite')('PreparedPGlite: PGlite.query results, from statements parsed once', () => {
  const cases: [string, string, unknown[]][] = [
    ['all columns', 'select * from pp order by id', []],
    ['int and text parameters', 'select id, name from pp where n = $1 or name = $2 order by id', [2, 'a']],
    ['a boolean and a date', 'select name from pp where flag = $1 and day < $2', [true, '2025-03-02']],
    ['jsonb given as text and as an object', 'select $1::jsonb as a, $2::jsonb as b', ['{"x": [1, 2]}', { y: 'z' }]],
    ['an int[] parameter', 'select name from pp where n = any($1) order by name', [[1, 2]]],
    ['null parameters', 'select count(*)::int as c from pp where n is not distinct from $1', [null]],
    ['a timestamptz', 'select name, at from pp where at >= $1 order by at', ['2025-03-01T12:00:00Z']],
    ['text beyond ASCII, and NULL between values', `select $1::text as t, null::int as gap, $2::text as u, 'é' || name as n from pp order by id`, ['血小板 10⁹/L — ✓', 'naïve 😀']],
    ['no row', 'select id, name from pp where id < $1', [0]],
    ['two columns of one name (the last wins, as in PGlite)', 'select 1 as x, name as x from pp where id = $1', [1]],
    ['many rows', 'select g, md5(g::text) as h from generate_series(1, $1::int) g', [500]],
  ]
  it.each(cases)('%s', async (_, sql, params) => {
    for (const rowMode of ['object', 'array'] as const) {
      const expected = await pglite.query(sql, params, { rowMode })
      const first = await db.query(sql, params, { rowMode })
      const again = await db.query(sql, params, { rowMode })
      // the whole result: rows, fields, command, affectedRows, rowCount
      expect(first).toEqual(expected)
      expect(again).toEqual(expected)
    }
  })

  it('reports affected rows of writes, and RETURNING rows', async () => {
    const ins = await db.query<{ id: number }>(`insert into pp (name, n) values ($1, $2) returning id, name`, ['d', 4])
    expect(ins).toEqual({ rows: [{ id: expect.any(Number), name: 'd' }], fields: [{ name: 'id', dataTypeID: 23 }, { name: 'name', dataTypeID: 25 }], command: 'INSERT', affectedRows: 1, rowCount: 1 })
    const upd = await db.query(`update pp set n = n + 1 where n >= $1`, [2])
    const updAgain = await pglite.query(`update pp set n = n - 1 where n >= $1`, [3])
    expect(upd).toEqual({ ...updAgain, command: 'UPDATE', affectedRows: 2, rowCount: 2 })
    expect(upd.rows).toEqual([])
    await db.query(`delete from pp where name = $1`, ['d'])
  })

  it('parses a statement once, keeps at most maxStatements, closing the least recently used', async () => {
    await pglite.exec('deallocate all')
    // a fresh wrapper: nothing of the earlier tests in its cache
    db = new PreparedPGlite(pglite, 4)
    const q = (i: number) => db.query(`select ${i} as v, count(*) from pp where id > $1`, [0])
    await q(1)
    await q(1)
    expect((await prepared()).map((p) => p.statement)).toEqual([`select 1 as v, count(*) from pp where id > $1`])
    for (const i of [2, 3, 4, 5, 6]) await q(i)
    // evicted statements are closed with the next message: one more run sends their Close
    await q(6)
    const names = (await prepared()).map((p) => p.statement)
    expect(names).toHaveLength(4)
    expect(names).toEqual(expect.arrayContaining([3, 4, 5, 6].map((i) => `select ${i} as v, count(*) from pp where id > $1`)))
  })

  it('an error is PGlite\'s DatabaseError with the query, and the next statement runs', async () => {
    const err = await db.query(`insert into pp (name) values ($1)`, ['a']).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: '23505', query: `insert into pp (name) values ($1)`, params: ['a'] })
    // every field of the backend's error, as PGlite's own query gives it
    const theirs = await pglite.query(`insert into pp (name) values ($1)`, ['a']).catch((e: unknown) => e)
    const fieldsOf = (e: unknown) => {
      const x = e as Record<string, unknown>
      return [x.constructor, x.message, x.length, x.name, ...['severity', 'code', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'routine'].map((k) => x[k])]
    }
    expect(fieldsOf(err)).toEqual(fieldsOf(theirs))
    expect((err as { detail?: string }).detail).toBe('Key (name)=(a) already exists.')
    const bad = await db.query(`select * from pp where n = $1`, ['not a number']).catch((e: unknown) => e)
    expect(bad).toMatchObject({ code: '22P02' })
    const syntax = await db.query(`select from from pp`, []).catch((e: unknown) => e)
    expect(syntax).toMatchObject({ code: '42601' })
    expect((await db.query(`select count(*)::int as c from pp`, [])).rows).toEqual([{ c: 3 }])
  })

  it('transactions: commit, rollback on error, statements outside wait for the transaction', async () => {
    await db.transaction(async (tx) => {
      await tx.query(`insert into pp (name, n) values ($1, $2)`, ['t1', 10])
    })
    const failed = db.transaction(async (tx) => {
      await tx.query(`insert into pp (name, n) values ($1, $2)`, ['t2', 11])
      await tx.query(`insert into pp (name, n) values ($1, $2)`, ['t1', 12])
    })
    await expect(failed).rejects.toMatchObject({ code: '23505' })
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const order: string[] = []
    const tx = db.transaction(async (t) => {
      await t.query(`insert into pp (name, n) values ($1, $2)`, ['t3', 13])
      await held
      order.push('commit')
    })
    const outside = db.query<{ names: string[] }>(`select array_agg(name order by name) as names from pp where name like $1`, ['t%']).then((r) => {
      order.push('outside')
      return r
    })
    await new Promise((r) => setTimeout(r, 50))
    release()
    await tx
    expect((await outside).rows[0]!.names).toEqual(['t1', 't3'])
    expect(order).toEqual(['commit', 'outside'])
  })

  it('DDL forgets the prepared statements: a changed table gives its new columns', async () => {
    const sql = `select * from pp where id = $1`
    expect(Object.keys((await db.query<Record<string, unknown>>(sql, [1])).rows[0]!)).not.toContain('extra')
    await db.query(`alter table pp add column extra text default 'e'`, [])
    expect((await db.query<Record<string, unknown>>(sql, [1])).rows[0]).toMatchObject({ extra: 'e' })
    // and a change made behind its back (not through the wrapper) is parsed again after the error
    await pglite.exec(`alter table pp add column extra2 int default 7`)
    const err = await db.query(sql, [1]).catch((e: unknown) => e)
    const retried = await db.query<Record<string, unknown>>(sql, [1])
    if (err instanceof Error) expect(err).toMatchObject({ code: '0A000' })
    expect(retried.rows[0]).toMatchObject({ extra: 'e', extra2: 7 })
  })
})
