import type { ResponsePlateletCount } from '../../response/index.js'

/** The counts of a range of subjects as columns (see `PlateletCountStore.exportRange`). */
export interface PlateletCountColumns {
  /** the counts of the range's k-th subject are rows `start[k]` .. `start[k + 1] - 1` */
  start: Int32Array
  /** index in `dates` */
  date: Int32Array
  /** index in `times`, -1 when untimed */
  time: Int32Array
  /** ×10⁹/L */
  value: Float64Array
  dates: readonly string[]
  times: readonly string[]
}

/** The engine inputs of the `k`-th subject of `columns`, as `PlateletCountStore.countsOf` builds them. */
export function plateletCountsOf(columns: PlateletCountColumns, k: number): ResponsePlateletCount[] {
  const from = columns.start[k] as number
  const to = columns.start[k + 1] as number
  const out = new Array<ResponsePlateletCount>(to - from)
  for (let r = from; r < to; r++) {
    const tid = columns.time[r] as number
    out[r - from] = {
      date: columns.dates[columns.date[r] as number] as string,
      time: tid < 0 ? null : columns.times[tid],
      value: columns.value[r] as number,
    }
  }
  return out
}

const CHUNK_BITS = 16
const CHUNK = 1 << CHUNK_BITS
const MASK = CHUNK - 1

/**
 * The platelet counts of a whole cohort as columns of fixed-size typed-array chunks (subject, interned date,
 * interned time, value): 10 million counts take about 200 MB off the JavaScript heap instead of 10 million
 * objects, and nothing is reallocated while a file streams in. The per-subject view (`countsOf`) is built on
 * demand, one subject at a time, keeping the order in which each subject's counts were added.
 *
 * Source: interchange/sdtm-adam.md row `lb.csv` (10-million-row files are streamed).
 */
export class PlateletCountStore {
  private readonly subject: Int32Array[] = []
  private readonly date: Int32Array[] = []
  private readonly value: Float64Array[] = []
  /** time ids per chunk; a chunk without any timed count has none (all null) */
  private readonly time: (Int32Array | undefined)[] = []
  private readonly timeIds = new Map<string, number>()
  private readonly timeList: string[] = []
  private n = 0
  /** rows grouped by subject (counting sort), rebuilt after an `add` */
  private index: { start: Int32Array; rows: Int32Array } | null = null

  private readonly dates: readonly string[]
  private readonly subjects: number

  /**
   * @param dates the interned date texts that `dateId`s index (may grow while counts are added)
   * @param subjects the number of subjects (ids 0 .. subjects - 1)
   */
  constructor(dates: readonly string[], subjects: number) {
    this.dates = dates
    this.subjects = subjects
  }

  /** Add a count of subject `subjectId` on `dates[dateId]`, at clock time `time` (null when untimed). */
  add(subjectId: number, dateId: number, time: string | null, value: number): void {
    const c = this.n >>> CHUNK_BITS
    const o = this.n & MASK
    if (o === 0) {
      this.subject.push(new Int32Array(CHUNK))
      this.date.push(new Int32Array(CHUNK))
      this.value.push(new Float64Array(CHUNK))
      this.time.push(undefined)
    }
    const subjectChunk = this.subject[c] as Int32Array
    const dateChunk = this.date[c] as Int32Array
    const valueChunk = this.value[c] as Float64Array
    subjectChunk[o] = subjectId
    dateChunk[o] = dateId
    valueChunk[o] = value
    if (time !== null) {
      let t = this.time[c]
      if (t === undefined) this.time[c] = t = new Int32Array(CHUNK).fill(-1)
      let id = this.timeIds.get(time)
      if (id === undefined) {
        id = this.timeList.length
        this.timeIds.set(time, id)
        this.timeList.push(time)
      }
      t[o] = id
    }
    this.n++
    this.index = null
  }

  private buildIndex(): { start: Int32Array; rows: Int32Array } {
    const start = new Int32Array(this.subjects + 1)
    for (let r = 0; r < this.n; r++) {
      const s1 = ((this.subject[r >>> CHUNK_BITS] as Int32Array)[r & MASK] as number) + 1
      start[s1] = (start[s1] as number) + 1
    }
    for (let s = 0; s < this.subjects; s++) start[s + 1] = (start[s + 1] as number) + (start[s] as number)
    const next = start.slice(0, this.subjects)
    const rows = new Int32Array(this.n)
    for (let r = 0; r < this.n; r++) {
      const s = (this.subject[r >>> CHUNK_BITS] as Int32Array)[r & MASK] as number
      rows[(next[s] as number)++] = r
    }
    return (this.index = { start, rows })
  }

  /**
   * The counts of subjects `from` .. `to - 1` as columns, each subject's in the order they were added (as
   * `countsOf`): a compact copy that can be handed to a worker thread (see `plateletCountsOf`).
   */
  exportRange(from: number, to: number): PlateletCountColumns {
    const { start, rows } = this.index ?? this.buildIndex()
    const first = start[from] as number
    const m = (start[to] as number) - first
    const out: PlateletCountColumns = {
      start: new Int32Array(to - from + 1),
      date: new Int32Array(m),
      time: new Int32Array(m),
      value: new Float64Array(m),
      dates: this.dates,
      times: this.timeList,
    }
    for (let s = from; s <= to; s++) out.start[s - from] = (start[s] as number) - first
    for (let k = 0; k < m; k++) {
      const r = rows[first + k] as number
      const c = r >>> CHUNK_BITS
      const o = r & MASK
      const t = this.time[c]
      out.date[k] = (this.date[c] as Int32Array)[o] as number
      out.time[k] = t === undefined ? -1 : (t[o] as number)
      out.value[k] = (this.value[c] as Float64Array)[o] as number
    }
    return out
  }

  /** The counts of one subject as engine inputs, in the order they were added. */
  countsOf(subjectId: number): ResponsePlateletCount[] {
    const { start, rows } = this.index ?? this.buildIndex()
    const from = start[subjectId] as number
    const to = start[subjectId + 1] as number
    const out = new Array<ResponsePlateletCount>(to - from)
    for (let k = from; k < to; k++) {
      const r = rows[k] as number
      const c = r >>> CHUNK_BITS
      const o = r & MASK
      const t = this.time[c]
      const tid = t === undefined ? -1 : (t[o] as number)
      out[k - from] = {
        date: this.dates[(this.date[c] as Int32Array)[o] as number] as string,
        time: tid < 0 ? null : this.timeList[tid],
        value: (this.value[c] as Float64Array)[o] as number,
      }
    }
    return out
  }
}
