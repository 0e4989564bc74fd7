import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { freshDb, TEST_ENGINE } from '../testing/test-db.js'
import type { Db } from './connect.js'
import { ANALYZE_THRESHOLD, analyzeChanged, analyzeDue, VACUUM_IDLE_MS, vacuumAnalyze, vacuumDue } from './maintenance.js'

let db: Db
beforeAll(async () => {
  db = await freshDb()
})
afterAll(async () => {
  await db.close()
})

const reltuples = async (table: string) =>
  Number((await sql<{ n: number }>`select reltuples::int as n from pg_class where relname = ${table}`.execute(db.kysely)).rows[0]!.n)

describe('vacuumAnalyze', () => {
  it.runIf(TEST_ENGINE === 'pglite')('gives the embedded planner statistics (PGlite has no autovacuum)', async () => {
    await sql`create table maint_probe (id serial primary key, v text)`.execute(db.kysely)
    await sql`insert into maint_probe (v) select 'x' || g from generate_series(1, 500) g`.execute(db.kysely)
    await sql`update maint_probe set v = v || 'y' where id <= 100`.execute(db.kysely)
    // never analyzed: PostgreSQL marks that with -1
    expect(await reltuples('maint_probe')).toBe(-1)
    const ms = await vacuumAnalyze(db)
    expect(ms).toEqual(expect.any(Number))
    expect(await reltuples('maint_probe')).toBe(500)
    // and queries keep working afterwards (prepared statements are planned again)
    expect((await sql<{ n: number }>`select count(*)::int as n from maint_probe where v like ${'%y'}`.execute(db.kysely)).rows[0]!.n).toBe(100)
  })

  it.runIf(TEST_ENGINE === 'postgres')('leaves a PostgreSQL server to its autovacuum', async () => {
    expect(await vacuumAnalyze(db)).toBeNull()
  })
})

describe('vacuumDue', () => {
  const min = 60_000
  it('waits for the interval, then for a pause without requests, and runs one interval late at most', () => {
    const last = 1_000_000
    // not yet due
    expect(vacuumDue(last + 9 * min, last, last, 10 * min)).toBe(false)
    // due, idle long enough
    expect(vacuumDue(last + 10 * min, last, last + 10 * min - VACUUM_IDLE_MS, 10 * min)).toBe(true)
    // due, but a request came in just now: wait
    expect(vacuumDue(last + 10 * min, last, last + 10 * min - 10, 10 * min)).toBe(false)
    expect(vacuumDue(last + 19 * min, last, last + 19 * min - 10, 10 * min)).toBe(false)
    // one interval overdue: runs under load
    expect(vacuumDue(last + 20 * min, last, last + 20 * min - 10, 10 * min)).toBe(true)
  })
})

describe('analyzeDue (autovacuum: 50 rows + 10% of the table changed since the last ANALYZE)', () => {
  it('is due past the threshold, which grows with the table', () => {
    expect(analyzeDue(ANALYZE_THRESHOLD, -1)).toBe(false)
    expect(analyzeDue(ANALYZE_THRESHOLD + 1, -1)).toBe(true)
    expect(analyzeDue(150, 1000)).toBe(false)
    expect(analyzeDue(151, 1000)).toBe(true)
    expect(analyzeDue(549, 5000)).toBe(false)
  })
})

describe('analyzeChanged', () => {
  it.runIf(TEST_ENGINE === 'pglite')('analyzes the tables that changed enough since their last ANALYZE, and only those', async () => {
    await vacuumAnalyze(db)
    await sql`create table maint_grow (id serial primary key, v text)`.execute(db.kysely)
    await sql`create table maint_still (id serial primary key, v text)`.execute(db.kysely)
    await sql`insert into maint_grow (v) select 'x' || g from generate_series(1, 400) g`.execute(db.kysely)
    await sql`insert into maint_still (v) select 'x' || g from generate_series(1, 20) g`.execute(db.kysely)
    // the activity statistics reach pg_stat_user_tables at most once a second
    await new Promise((r) => setTimeout(r, 1_100))
    await sql`select 1`.execute(db.kysely)
    // (the tables of the test above may be due too: their statistics can arrive after its VACUUM)
    const first = await analyzeChanged(db)
    expect(first).toContain('maint_grow')
    expect(first).not.toContain('maint_still')
    expect(await reltuples('maint_grow')).toBe(400)
    expect(await reltuples('maint_still')).toBe(-1)
    await new Promise((r) => setTimeout(r, 1_100))
    await sql`select 1`.execute(db.kysely)
    expect(await analyzeChanged(db)).not.toContain('maint_grow')
  })

  it.runIf(TEST_ENGINE === 'postgres')('leaves a PostgreSQL server to its autovacuum', async () => {
    expect(await analyzeChanged(db)).toEqual([])
  })
})
