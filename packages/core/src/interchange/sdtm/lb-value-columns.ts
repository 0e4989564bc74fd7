import type { SdtmLbValueHandler } from './lb-byte-reader.js'

/**
 * The accepted rows of (part of) `lb.csv` as the response-input collector's `addLbValue` arguments, held
 * in typed-array columns with USUBJID, date and time texts interned: a compact form that a worker thread can
 * hand over (the buffers are transferable) and `collector.addLbColumns` can take in file order.
 */
export interface SdtmLbValueColumns {
  /** number of rows */
  n: number
  /** physical line of each row, as the reader of this part numbered it */
  line: Int32Array
  /** index in `subjects` of each row's USUBJID */
  subject: Int32Array
  /** index in `dates` of each row's date */
  date: Int32Array
  /** index in `times` of each row's clock time, -1 when untimed */
  time: Int32Array
  /** the platelet count of a `counted` row (×10⁹/L); 0 for the other rows */
  value: Float64Array
  /** 1 when the row is a platelet count with a value (LBTESTCD `PLAT`, value not null), else 0 */
  counted: Uint8Array
  subjects: string[]
  dates: string[]
  times: string[]
}

/** A growing `SdtmLbValueColumns`: `add` takes the byte reader's `onValue` arguments. */
export interface SdtmLbValueColumnsBuilder {
  add: SdtmLbValueHandler
  /** the columns, as views of the first `n` rows (no copy) */
  finish(): SdtmLbValueColumns
}

/**
 * Collect accepted `lb.csv` rows into columns (see `SdtmLbValueColumns`).
 * @param capacity initial row capacity (the columns double when full)
 */
export function createSdtmLbValueColumns(capacity = 1 << 16): SdtmLbValueColumnsBuilder {
  let cap = Math.max(16, capacity)
  let line = new Int32Array(cap)
  let subject = new Int32Array(cap)
  let date = new Int32Array(cap)
  let time = new Int32Array(cap)
  let value = new Float64Array(cap)
  let counted = new Uint8Array(cap)
  let n = 0
  const subjects: string[] = []
  const subjectIds = new Map<string, number>()
  const dates: string[] = []
  const dateIds = new Map<string, number>()
  const times: string[] = []
  const timeIds = new Map<string, number>()
  const intern = (text: string, ids: Map<string, number>, list: string[]): number => {
    let id = ids.get(text)
    if (id === undefined) {
      id = list.length
      ids.set(text, id)
      list.push(text)
    }
    return id
  }
  // the byte reader hands the same string objects for a run of one subject and for a repeated date
  let lastSubject = ''
  let lastSubjectId = -1
  let lastDate = ''
  let lastDateId = -1

  function grow(): void {
    cap *= 2
    const more = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(cap)
      b.set(a)
      return b
    }
    line = more(line, (k) => new Int32Array(k))
    subject = more(subject, (k) => new Int32Array(k))
    date = more(date, (k) => new Int32Array(k))
    time = more(time, (k) => new Int32Array(k))
    value = more(value, (k) => new Float64Array(k))
    counted = more(counted, (k) => new Uint8Array(k))
  }

  return {
    add(rowLine, usubjid, testCode, rowDate, rowTime, rowValue) {
      if (n === cap) grow()
      if (lastSubjectId < 0 || usubjid !== lastSubject) {
        lastSubject = usubjid
        lastSubjectId = intern(usubjid, subjectIds, subjects)
      }
      if (lastDateId < 0 || rowDate !== lastDate) {
        lastDate = rowDate
        lastDateId = intern(rowDate, dateIds, dates)
      }
      line[n] = rowLine
      subject[n] = lastSubjectId
      date[n] = lastDateId
      time[n] = rowTime === null ? -1 : intern(rowTime, timeIds, times)
      // as `addLbValue`: only a PLAT row with a value becomes a count
      const isCount = testCode === 'PLAT' && rowValue !== null
      counted[n] = isCount ? 1 : 0
      value[n] = isCount ? rowValue : 0
      n++
    },
    finish: () => ({
      n,
      line: line.subarray(0, n),
      subject: subject.subarray(0, n),
      date: date.subarray(0, n),
      time: time.subarray(0, n),
      value: value.subarray(0, n),
      counted: counted.subarray(0, n),
      subjects,
      dates,
      times,
    }),
  }
}
