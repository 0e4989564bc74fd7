import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { openDb, type Db } from './connect.js'

/**
 * The embedded database in its own thread (pglite-thread.ts): the same answers as PGlite in process, for
 * values, transactions, errors and snapshots, and the data survive a close and a reopen.
 */
const dir = mkdtempSync(join(tmpdir(), 'celltrial-thread-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const raw = (db: Db) => db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>

describe('PGlite in a worker thread', () => {
  it('returns the same JavaScript values as in process (type parsers applied in the thread)', async () => {
    const onDisk = await openDb({ engine: 'pglite', dataDir: dir })
    const inMemory = await openDb({ engine: 'pglite', memory: true })
    try {
      const q = sql<Record<string, unknown>>`select 9007199254740::int8 as big, 12.5::numeric as num, date '2025-03-01' as day,
        timestamptz '2025-03-01 10:00:00.123456+08' as at, '{"a":[1,"x",null]}'::jsonb as doc, '\\x00ff'::bytea as bytes,
        array[1,2]::int8[] as ints, null::text as nothing, 'é 中文' as text`
      const a = (await q.execute(onDisk.kysely)).rows[0]
      const b = (await q.execute(inMemory.kysely)).rows[0]
      expect(a).toEqual(b)
      expect(a).toMatchObject({ big: 9007199254740, num: 12.5, day: '2025-03-01', at: '2025-03-01T02:00:00.123Z', doc: { a: [1, 'x', null] }, nothing: null, text: 'é 中文' })
      expect([...(a!.bytes as Uint8Array)]).toEqual([0, 255])
    } finally {
      await onDisk.close()
      await inMemory.close()
    }
  })

  it('commits, rolls back, reports SQLSTATE errors, and keeps committed rows across a reopen', async () => {
    const db = await openDb({ engine: 'pglite', dataDir: dir })
    try {
      await sql`create table t (id int primary key, v text not null)`.execute(db.kysely)
      await raw(db).transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 1, v: 'kept' }).execute()
      })
      await expect(
        raw(db).transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ id: 2, v: 'undone' }).execute()
          throw new Error('abandon')
        }),
      ).rejects.toThrow('abandon')
      const err = await raw(db).insertInto('t').values({ id: 1, v: 'duplicate' }).execute().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(Error)
      expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' })
      // a failed statement inside a transaction rolls the whole transaction back
      await expect(
        raw(db).transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ id: 3, v: 'before the error' }).execute()
          await tx.insertInto('t').values({ id: 1, v: 'duplicate' }).execute()
        }),
      ).rejects.toMatchObject({ code: '23505' })
      // callers side by side are served one at a time, none lost
      await Promise.all(Array.from({ length: 20 }, (_, i) => raw(db).insertInto('t').values({ id: 100 + i, v: `c${i}` }).execute()))
      const snapshot = await db.dumpDataDir!()
      expect(snapshot.size).toBeGreaterThan(1000)
    } finally {
      await db.close()
    }
    const again = await openDb({ engine: 'pglite', dataDir: dir })
    try {
      const rows = await raw(again).selectFrom('t').select(['id', 'v']).orderBy('id').execute()
      expect(rows.map((r) => r.id)).toEqual([1, ...Array.from({ length: 20 }, (_, i) => 100 + i)])
      expect(rows[0]).toEqual({ id: 1, v: 'kept' })
    } finally {
      await again.close()
    }
  })

  it('fails to open when PGlite cannot use the directory, and releases the data-directory lock', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'celltrial-thread-broken-'))
    writeFileSync(join(broken, 'pglite'), 'a file where the database directory should be')
    try {
      const first = await openDb({ engine: 'pglite', dataDir: broken }).catch((e: unknown) => e)
      expect(first).toBeInstanceOf(Error)
      expect((first as Error).message).toContain(`cannot open the embedded database in ${join(broken, 'pglite')}: `)
      // the lock was released: a second attempt fails the same way, not with "in use by pid"
      const second = await openDb({ engine: 'pglite', dataDir: broken }).catch((e: unknown) => e)
      expect(second).toBeInstanceOf(Error)
      expect((second as Error).message).not.toMatch(/in use/)
    } finally {
      rmSync(broken, { recursive: true, force: true })
    }
  })
})
