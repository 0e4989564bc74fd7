import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from './schema.js'

interface Entry<V> {
  id: number
  value: V
  /** when it was last used (a counter) */
  used: number
}

/**
 * Values computed from rows, kept by row version for the requests of one server process.
 *
 * A row version is `form_record.rev` (migration 0013): a sequence number a trigger gives the row on every insert
 * and update, unique in the table and never handed out twice. What was computed from the row version `rev` is
 * therefore right for as long as any reader sees that rev; a change makes a new rev, and the old entry is no
 * longer asked for (it leaves when the cache is full, least recently used first).
 *
 * Entries are kept per database: one process may open several (the tests do), and two databases can hold the
 * same rev for different rows. A database is told apart by its Kysely adapter, which a Kysely instance creates
 * once and shares with its transactions (`db.getExecutor().adapter`). Each entry also keeps its row's id, and a
 * lookup under another id misses.
 *
 * Values are shared by every request of the process: store them frozen (`deepFreeze`).
 */
export class RowVersionCache<V> {
  readonly #byDb = new WeakMap<object, Map<number, Entry<V>>>()
  #tick = 0

  constructor(readonly maxEntries: number) {}

  #entries(db: Kysely<Database>): Map<number, Entry<V>> {
    const key = db.getExecutor().adapter
    let m = this.#byDb.get(key)
    if (!m) {
      m = new Map()
      this.#byDb.set(key, m)
    }
    return m
  }

  /** The value kept for row `id` at version `rev` of this database, if any. */
  get(db: Kysely<Database>, id: number, rev: number): V | undefined {
    return this.#hit(this.#entries(db), id, rev)
  }

  #hit(m: Map<number, Entry<V>>, id: number, rev: number): V | undefined {
    const hit = m.get(rev)
    if (!hit || hit.id !== id) return undefined
    // a use mark, not a move to the end of the map: a read of hundreds of records stays O(1) a record
    hit.used = ++this.#tick
    return hit.value
  }

  set(db: Kysely<Database>, id: number, rev: number, value: V): void {
    this.#set(this.#entries(db), id, rev, value)
  }

  #set(m: Map<number, Entry<V>>, id: number, rev: number, value: V): void {
    m.set(rev, { id, value, used: ++this.#tick })
    if (m.size > this.maxEntries) {
      // drop the least recently used tenth at once (a sort now and then, not a reordering at every use)
      const byUse = [...m].sort((a, b) => a[1].used - b[1].used)
      for (const [rev] of byUse.slice(0, m.size - Math.floor(this.maxEntries * 0.9))) m.delete(rev)
    }
  }

  /**
   * The values of a list of row versions, loading only those not kept yet.
   * @param heads the rows to read, as (id, rev), in the order wanted
   * @param loadVersions rows by id and rev (one query: `id in (...) and rev in (...)`); a version no longer
   *   there (changed since `heads`, outside a transaction) sends the read to `loadAll`
   * @param loadAll the rows of `heads` with their content, in one query (one snapshot, as without a cache)
   * @param build the value of a loaded row (frozen by the caller when shared)
   * @param maxMisses above this many versions not kept, `loadAll` at once (the first read after a start)
   */
  async read<R extends { id: number; rev: number }>(
    db: Kysely<Database>,
    heads: readonly { id: number; rev: number }[],
    loadVersions: (missing: readonly { id: number; rev: number }[]) => Promise<R[]>,
    loadAll: () => Promise<R[]>,
    build: (row: R) => V,
    maxMisses = 200,
  ): Promise<V[]> {
    const m = this.#entries(db)
    const out = new Array<V | undefined>(heads.length)
    const missing: { id: number; rev: number; at: number }[] = []
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!
      const hit = this.#hit(m, h.id, h.rev)
      if (hit !== undefined) out[i] = hit
      else missing.push({ id: h.id, rev: h.rev, at: i })
    }
    if (missing.length === 0) return out as V[]
    const loaded = missing.length <= maxMisses ? await loadVersions(missing) : []
    const keep = (r: R): V => {
      const v = build(r)
      this.#set(m, Number(r.id), Number(r.rev), v)
      return v
    }
    if (loaded.length !== missing.length) return (await loadAll()).map(keep)
    const byRev = new Map(loaded.map((r) => [Number(r.rev), r]))
    for (const x of missing) out[x.at] = keep(byRev.get(x.rev)!)
    return out as V[]
  }

  /** Number of entries kept for this database. */
  size(db: Kysely<Database>): number {
    return this.#entries(db).size
  }
}

/**
 * Values by a text key, per database (told apart as `RowVersionCache` does), the `maxEntries` most recently used
 * kept. For values derived from a set of row versions, keyed by the text of that set.
 */
export class KeyedCache<V> {
  readonly #byDb = new WeakMap<object, Map<string, V>>()

  constructor(readonly maxEntries: number) {}

  #entries(db: Kysely<Database>): Map<string, V> {
    const key = db.getExecutor().adapter
    let m = this.#byDb.get(key)
    if (!m) this.#byDb.set(key, (m = new Map<string, V>()))
    return m
  }

  get(db: Kysely<Database>, key: string): V | undefined {
    const m = this.#entries(db)
    const hit = m.get(key)
    if (hit !== undefined) {
      // most recently used last
      m.delete(key)
      m.set(key, hit)
    }
    return hit
  }

  set(db: Kysely<Database>, key: string, value: V): V {
    const m = this.#entries(db)
    m.set(key, value)
    if (m.size > this.maxEntries) m.delete(m.keys().next().value as string)
    return value
  }
}

/** Freeze a JSON-like value and everything in it (values shared between requests). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/**
 * SQL: the (id, rev) of the selected rows as one text value, `id:rev,id:rev,...`, in the given order, else in no
 * particular order (`null` for no row). One field instead of a row per record: on the embedded engine each row
 * returned costs about 5 µs to produce and parse, the aggregate about 1 µs a row (366 records: 2.5 ms as rows,
 * 0.8 ms aggregated). An order costs a sort in the database, more than the aggregate itself (900 records of one
 * subject: 2.4 ms ordered, 1.0 ms unordered, embedded engine): for a long list, sort the parsed heads instead
 * (`byId`).
 */
export function revHeads(orderBy?: RawBuilder<unknown>): RawBuilder<string | null> {
  return orderBy
    ? sql<string | null>`string_agg(id::text || ':' || rev::text, ',' order by ${orderBy})`
    : sql<string | null>`string_agg(id::text || ':' || rev::text, ',')`
}

/** Parsed heads in id order (in place). */
export function byId<H extends { id: number }>(heads: H[]): H[] {
  return heads.sort((a, b) => a.id - b.id)
}

/** The list `revHeads` selected. */
export function parseRevHeads(text: string | null): { id: number; rev: number }[] {
  if (text === null || text === '') return []
  return text.split(',').map((pair) => {
    const colon = pair.indexOf(':')
    return { id: Number(pair.slice(0, colon)), rev: Number(pair.slice(colon + 1)) }
  })
}
