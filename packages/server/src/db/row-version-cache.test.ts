import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'
import { deepFreeze, parseRevHeads, RowVersionCache } from './row-version-cache.js'

/** A database as the cache tells them apart: by the Kysely adapter. */
const fakeDb = () => {
  const adapter = {}
  return { getExecutor: () => ({ adapter }) } as unknown as Kysely<Database>
}
type Row = { id: number; rev: number; text: string }

/** A table of rows by id, with counters of what the cache asked for. */
function table(rows: Row[]) {
  const calls = { versions: [] as number[][], all: 0 }
  return {
    rows,
    calls,
    heads: () => rows.map((r) => ({ id: r.id, rev: r.rev })),
    loadVersions: async (missing: readonly { id: number; rev: number }[]) => {
      calls.versions.push(missing.map((m) => m.rev))
      return rows.filter((r) => missing.some((m) => m.id === r.id && m.rev === r.rev))
    },
    loadAll: async () => {
      calls.all++
      return rows.map((r) => ({ ...r }))
    },
  }
}
const build = (r: Row) => deepFreeze({ id: r.id, text: r.text.toUpperCase() })

describe('RowVersionCache.read', () => {
  it('loads only the versions not kept yet, and keeps the order of the heads', async () => {
    const cache = new RowVersionCache<{ id: number; text: string }>(100)
    const db = fakeDb()
    const t = table([{ id: 1, rev: 10, text: 'a' }, { id: 2, rev: 11, text: 'b' }])
    expect(await cache.read(db, t.heads(), t.loadVersions, t.loadAll, build)).toEqual([{ id: 1, text: 'A' }, { id: 2, text: 'B' }])
    t.rows.push({ id: 3, rev: 12, text: 'c' })
    t.rows[0] = { id: 1, rev: 13, text: 'a2' }
    const heads = [...t.heads()].reverse()
    expect(await cache.read(db, heads, t.loadVersions, t.loadAll, build)).toEqual([{ id: 3, text: 'C' }, { id: 2, text: 'B' }, { id: 1, text: 'A2' }])
    expect(t.calls.versions).toEqual([[10, 11], [12, 13]])
    expect(await cache.read(db, heads, t.loadVersions, t.loadAll, build)).toHaveLength(3)
    expect(t.calls).toEqual({ versions: [[10, 11], [12, 13]], all: 0 })
  })

  it('reads everything in one query when a version changed between the two queries', async () => {
    const cache = new RowVersionCache<{ id: number; text: string }>(100)
    const db = fakeDb()
    const t = table([{ id: 1, rev: 10, text: 'a' }, { id: 2, rev: 11, text: 'b' }])
    const heads = t.heads()
    // row 2 changes after the heads were read: its version 11 is gone
    t.rows[1] = { id: 2, rev: 14, text: 'b2' }
    expect(await cache.read(db, heads, t.loadVersions, t.loadAll, build)).toEqual([{ id: 1, text: 'A' }, { id: 2, text: 'B2' }])
    expect(t.calls.all).toBe(1)
  })

  it('reads everything in one query above maxMisses, and never returns an entry of another row or database', async () => {
    const cache = new RowVersionCache<{ id: number; text: string }>(100)
    const [db1, db2] = [fakeDb(), fakeDb()]
    const t = table([1, 2, 3, 4].map((i) => ({ id: i, rev: 100 + i, text: `r${i}` })))
    await cache.read(db1, t.heads(), t.loadVersions, t.loadAll, build, 3)
    expect(t.calls).toEqual({ versions: [], all: 1 })
    expect(cache.size(db1)).toBe(4)
    expect(cache.size(db2)).toBe(0)
    expect(cache.get(db1, 1, 101)).toEqual({ id: 1, text: 'R1' })
    expect(cache.get(db1, 2, 101)).toBeUndefined()
    expect(cache.get(db2, 1, 101)).toBeUndefined()
  })

  it('keeps at most maxEntries, dropping the least recently used, and still answers a read larger than that', async () => {
    const cache = new RowVersionCache<{ id: number; text: string }>(10)
    const db = fakeDb()
    const t = table(Array.from({ length: 12 }, (_, k) => ({ id: k + 1, rev: k + 1, text: `r${k + 1}` })))
    const all = await cache.read(db, t.heads(), t.loadVersions, t.loadAll, build)
    expect(all.map((v) => v.text)).toEqual(t.rows.map((r) => r.text.toUpperCase()))
    expect(cache.size(db)).toBeLessThanOrEqual(10)
    // three entries in use while 18 others come and go: the three stay, the unused ones leave
    const inUse = t.rows.filter((r) => cache.get(db, r.id, r.rev) !== undefined).map((r) => r.id).slice(-3)
    expect(inUse).toEqual([10, 11, 12])
    for (let k = 13; k <= 30; k++) {
      cache.set(db, k, k, { id: k, text: `R${k}` })
      for (const id of inUse) expect(cache.get(db, id, id), `entry ${id} after adding ${k}`).toBeDefined()
    }
    expect(cache.size(db)).toBeLessThanOrEqual(10)
    expect(cache.get(db, 13, 13)).toBeUndefined()
  })
})

describe('parseRevHeads', () => {
  it('reads the aggregate of revHeads: none, one, many (ids and revs beyond 32 bits)', () => {
    expect(parseRevHeads(null)).toEqual([])
    expect(parseRevHeads('')).toEqual([])
    expect(parseRevHeads('7:12')).toEqual([{ id: 7, rev: 12 }])
    expect(parseRevHeads('3:9,1:10,2:5000000000')).toEqual([{ id: 3, rev: 9 }, { id: 1, rev: 10 }, { id: 2, rev: 5000000000 }])
  })
})
