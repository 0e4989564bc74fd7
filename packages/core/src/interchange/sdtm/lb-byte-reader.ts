import type { Issue } from '../../result.js'
import { SDTM_LB_TEST_CODES, sdtmLbDomain, type SdtmLbRecord } from './lb.js'
import { PLATELET_UNIT_DIVISORS } from './platelet-unit.js'
import { createSdtmDateTimeBytesReader, sdtmNumberFromBytes, type SdtmBytesDecoder } from './sdtm-byte-values.js'
import { createSdtmCsvReader } from './sdtm-csv-reader.js'
import { createSdtmRecordTaker, type SdtmImportLog, type SdtmRecordCounts } from './sdtm-domain-reader.js'

/** The fields of an accepted `lb.csv` row that the response-input collector uses (`SdtmLbRecord` names). */
export type SdtmLbValueHandler = (line: number, usubjid: string, testCode: string, date: string, time: string | null, value: number | null) => void

/** Options of `createSdtmLbByteReader`. */
export interface SdtmLbByteReaderOptions {
  /** receives every accepted row, in file order */
  onValue: SdtmLbValueHandler
  /** UTF-8 → text exactly as the general path decodes the file, keeping a BOM (`new TextDecoder('utf-8', { ignoreBOM: true })`) */
  decode: SdtmBytesDecoder
  /** file name used in issues; default `lb.csv` */
  file?: string
}

/** An incremental reader of `lb.csv` bytes. */
export interface SdtmLbByteReader {
  /** Read as many complete records of `chunk` (after any unfinished record) as there are. */
  push(chunk: Uint8Array): void
  /** Read the last record (the file need not end with a line break). Call once, after the last `push`. */
  end(): void
  /** every problem, each at `file:line: VARIABLE`, as the general reader reports them */
  readonly issues: readonly Issue[]
  log(): SdtmImportLog
  /** rows accepted on the byte-level fast path so far (the others went through the general reader) */
  readonly fastRows: number
  /** the physical line number (1-based) of the next record */
  readonly line: number
  /** bytes of an unfinished record kept from the last `push` (0: the bytes pushed so far end at a record boundary) */
  readonly pendingBytes: number
  /** data rows read and accepted so far, and each import-log note with its row count */
  counts(): SdtmRecordCounts
  /**
   * Add what a reader of the rest of the same file found (see `SdtmRecordTaker.absorb`): its issues with
   * their line numbers moved by `lineOffset`, its row counts and notes. For a file read in two byte ranges.
   */
  absorb(later: { issues: readonly Issue[] } & SdtmRecordCounts, lineOffset: number): void
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** The columns the LB rules read, in slot order. */
const SLOT_COLUMNS = ['STUDYID', 'USUBJID', 'LBTESTCD', 'LBORRES', 'LBORRESU', 'LBDTC', 'LBSTRESN', 'LBSTRESU', 'LBORNRLO', 'LBORNRHI'] as const
const STUDYID = 0
const USUBJID = 1
const LBTESTCD = 2
const LBORRES = 3
const LBORRESU = 4
const LBDTC = 5
const LBSTRESN = 6
const LBSTRESU = 7
const LBORNRLO = 8
const LBORNRHI = 9
const UNITS = Object.entries(PLATELET_UNIT_DIVISORS)
const UNIT_BYTES = UNITS.map(([unit]) => Uint8Array.from(unit, (ch) => ch.charCodeAt(0)))
const UNIT_DIVISORS = UNITS.map(([, divisor]) => divisor)

/** Index in `UNITS` of the platelet unit written in `bytes[start, end)`, -1 when it is none of them. */
function plateletUnitAt(bytes: Uint8Array, start: number, end: number): number {
  for (let k = 0; k < UNIT_BYTES.length; k++) {
    const unit = UNIT_BYTES[k] as Uint8Array
    if (unit.length !== end - start) continue
    let j = 0
    while (j < unit.length && bytes[start + j] === unit[j]) j++
    if (j === unit.length) return k
  }
  return -1
}
const LISTED_TESTS: readonly string[] = SDTM_LB_TEST_CODES

/** A printable ASCII byte other than space: a field whose ends are such bytes is not changed by `trim()`. */
const isPlain = (c: number) => c > 32 && c < 127

/**
 * End of the record at `pos` as the general CSV reader finds it: after the line break that is not inside a
 * quoted field (a quote opens a field only at its start); the end of the bytes at the end of the file;
 * -1 when more bytes are needed. Also finds where the header of a file ends.
 */
export function sdtmCsvRecordEnd(bytes: Uint8Array, pos: number, len: number, final: boolean): number {
  let i = pos
  for (;;) {
    if (i < len && bytes[i] === QUOTE) {
      i++
      for (;;) {
        const q = bytes.indexOf(QUOTE, i)
        if (q < 0 || q >= len) return final ? len : -1
        if (q + 1 < len && bytes[q + 1] === QUOTE) {
          i = q + 2
          continue
        }
        if (q + 1 >= len && !final) return -1
        i = q + 1
        break
      }
    }
    while (i < len && bytes[i] !== COMMA && bytes[i] !== LF) i++
    if (i >= len) return final ? len : -1
    if (bytes[i] === LF) return i + 1
    i++
  }
}


/**
 * Read `lb.csv` from UTF-8 bytes with the result of `createSdtmDomainReader(sdtmLbDomain)` feeding
 * `collector.addLb`: the same accepted rows (in the same order, as `onValue` arguments), the same issues and
 * the same import log, without a string per line or an object per row.
 *
 * Each line is split on its bytes. A row takes the fast path when every field the LB rules read is plain
 * (no surrounding white space; quoted only as `"..."` without quotes or line breaks inside), the row has as
 * many fields as the header and it breaks no rule: numbers, dates and units are then read from the bytes.
 * Any other record (the header, `""` or a line break inside quotes, RFC 4180 problems, white space to trim,
 * any error, an unlisted test code to note) is decoded and handed to the general CSV reader and LB parser
 * with its physical line number, so every error is reported exactly as the general path reports it.
 *
 * Source: interchange/sdtm-adam.md row `lb.csv` (units: `10^9/L`, `10^3/uL` ×1, `/uL`, `/mm3` ×0.001;
 * LBSTRESN/LBSTRESU win; all row errors as `file:line: VARIABLE`); RFC 4180 §2.
 */
export function createSdtmLbByteReader({ onValue, decode, file = 'lb.csv' }: SdtmLbByteReaderOptions): SdtmLbByteReader {
  const taker = createSdtmRecordTaker(sdtmLbDomain, file)
  const onRecord = (r: SdtmLbRecord) => onValue(r.line, r.usubjid, r.testCode, r.date, r.time, r.value)
  const readDate = createSdtmDateTimeBytesReader(decode)
  let pending: Uint8Array | null = null
  let line = 1
  let started = false
  let ended = false
  let fastRows = 0
  /** fast rows not yet counted by the taker (counted in batches) */
  let counted = 0
  const flushFastRows = () => {
    taker.countAccepted(fastRows - counted)
    counted = fastRows
  }

  // set once the header is read and complete: the column of each slot (-1 absent) and the slot of each column
  let fast = false
  let nFields = 0
  let slotOf = new Int8Array(0)
  const fieldStart = new Int32Array(SLOT_COLUMNS.length)
  const fieldEnd = new Int32Array(SLOT_COLUMNS.length)
  let presentSlots = new Int32Array(0)

  function setUpColumns(header: readonly string[]): void {
    nFields = header.length
    slotOf = new Int8Array(nFields).fill(-1)
    const slots: number[] = []
    SLOT_COLUMNS.forEach((name, slot) => {
      const col = header.indexOf(name)
      if (col >= 0) {
        slotOf[col] = slot
        slots.push(slot)
      }
    })
    presentSlots = Int32Array.from(slots)
    fast = true
  }

  /** Hand the record `bytes[start, end)` to the general CSV reader and LB parser. */
  function general(bytes: Uint8Array, start: number, end: number): void {
    flushFastRows()
    const startLine = line
    for (let i = bytes.indexOf(LF, start); i >= 0 && i < end; i = bytes.indexOf(LF, i + 1)) line++
    if (end > start && bytes[end - 1] !== LF) line++ // the last line of the file, without a line break
    const csv = createSdtmCsvReader({ firstLine: startLine, stripBom: false })
    const take = (l: number, fields: string[], problem: string | undefined) => taker.take(l, fields, problem, onRecord)
    csv.pushEach(decode(bytes.subarray(start, end)), take)
    csv.endEach(take)
    if (!fast && taker.headerOk && taker.header !== null) setUpColumns(taker.header)
  }

  let lastUsubjid = new Uint8Array(0)
  let lastUsubjidText = ''
  function usubjidText(bytes: Uint8Array, start: number, end: number): string {
    const n = end - start
    if (n === lastUsubjid.length) {
      let i = 0
      while (i < n && bytes[start + i] === lastUsubjid[i]) i++
      if (i === n) return lastUsubjidText
    }
    lastUsubjid = bytes.slice(start, end)
    lastUsubjidText = decode(lastUsubjid)
    return lastUsubjidText
  }

  const startOf = (slot: number) => fieldStart[slot] as number
  const endOf = (slot: number) => fieldEnd[slot] as number
  /** an absent column's slot is never written: it stays 0..0, empty */
  const isEmpty = (slot: number) => fieldStart[slot] === fieldEnd[slot]
  /** Optional number slot: null when absent or empty, NaN when not a number. */
  function optionalNumber(bytes: Uint8Array, slot: number): number | null {
    if (isEmpty(slot)) return null
    return sdtmNumberFromBytes(bytes, startOf(slot), endOf(slot), decode) ?? NaN
  }

  /**
   * Apply the LB rules to the split row (`lbDomain.parseRow`); true after `onValue` when the row is accepted
   * with no problem and no note, false (nothing done) when it must go the general way.
   */
  function acceptRow(bytes: Uint8Array, recordLine: number): boolean {
    const starts = fieldStart
    const ends = fieldEnd
    for (let k = 0; k < presentSlots.length; k++) {
      const slot = presentSlots[k] as number
      const s = starts[slot] as number
      const e = ends[slot] as number
      if (e > s && !(isPlain(bytes[s] as number) && isPlain(bytes[e - 1] as number))) return false
    }
    const testStart = starts[LBTESTCD] as number
    const testEnd = ends[LBTESTCD] as number
    const dtcStart = starts[LBDTC] as number
    const dtcEnd = ends[LBDTC] as number
    const resStart = starts[LBORRES] as number
    const resEnd = ends[LBORRES] as number
    if (starts[STUDYID] === ends[STUDYID] || starts[USUBJID] === ends[USUBJID] || testStart === testEnd || dtcStart === dtcEnd) return false
    const dtc = readDate(bytes, dtcStart, dtcEnd)
    if (dtc === null) return false
    const std = optionalNumber(bytes, LBSTRESN)
    if (Number.isNaN(std) || Number.isNaN(optionalNumber(bytes, LBORNRLO)) || Number.isNaN(optionalNumber(bytes, LBORNRHI))) return false
    let testCode = 'PLAT'
    let value: number | null
    if (testEnd - testStart === 4 && bytes[testStart] === 80 && bytes[testStart + 1] === 76 && bytes[testStart + 2] === 65 && bytes[testStart + 3] === 84) {
      // PLAT, as plateletValue in lb.ts: LBSTRESN/LBSTRESU win; else LBORRES (a number >= 0) in LBORRESU
      let n: number | null = std
      let unit: number
      if (n !== null) {
        if (n < 0 || isEmpty(LBSTRESU)) return false
        unit = plateletUnitAt(bytes, startOf(LBSTRESU), endOf(LBSTRESU))
      } else {
        if (resStart === resEnd || isEmpty(LBORRESU)) return false
        n = sdtmNumberFromBytes(bytes, resStart, resEnd, decode)
        if (n === null || n < 0) return false
        unit = plateletUnitAt(bytes, startOf(LBORRESU), endOf(LBORRESU))
      }
      if (unit < 0) return false
      const divisor = UNIT_DIVISORS[unit] as number
      value = divisor === 1 ? n : n / divisor // as convertPlateletCount
    } else {
      if (std === null && resStart === resEnd) return false
      testCode = decode(bytes.subarray(testStart, testEnd))
      if (!LISTED_TESTS.includes(testCode)) return false // the general path notes it in the import log
      value = std !== null ? std : resStart === resEnd ? null : sdtmNumberFromBytes(bytes, resStart, resEnd, decode)
    }
    const usubjid = usubjidText(bytes, startOf(USUBJID), endOf(USUBJID))
    fastRows++
    onValue(recordLine, usubjid, testCode, dtc.date, dtc.time, value)
    return true
  }

  /**
   * Split and accept the record at `pos` on the fast path; returns the position after it, or -1 when the
   * record must go the general way (or needs more bytes). A blank line is skipped.
   */
  function fastRecord(bytes: Uint8Array, pos: number, len: number, final: boolean): number {
    let c = bytes[pos] as number
    if (c === LF) {
      line++
      return pos + 1
    }
    if (c === CR && pos + 1 < len && bytes[pos + 1] === LF) {
      line++
      return pos + 2
    }
    // the closure's state in locals for the byte loop
    const slots = slotOf
    const n = nFields
    const starts = fieldStart
    const ends = fieldEnd
    let i = pos
    let f = 0
    for (;;) {
      if (f >= n) return -1
      let s: number
      let e: number
      if (i < len && bytes[i] === QUOTE) {
        s = i + 1
        i = s
        while (i < len && (c = bytes[i] as number) !== QUOTE) {
          if (c === LF) return -1
          i++
        }
        if (i + 1 >= len) return -1
        e = i
        c = bytes[++i] as number
        if (c === CR) {
          if (bytes[i + 1] !== LF) return -1
          i++
          c = LF
        } else if (c !== COMMA && c !== LF) return -1
      } else {
        s = i
        c = -1
        while (i < len) {
          c = bytes[i] as number
          if (c === COMMA || c === LF) break
          if (c === QUOTE) return -1
          i++
        }
        if (i >= len) {
          if (!final) return -1
          c = -1 // end of file
        }
        e = i
        if (c !== COMMA && e > s && bytes[e - 1] === CR) e--
      }
      const slot = slots[f] as number
      if (slot >= 0) {
        starts[slot] = s
        ends[slot] = e
      }
      f++
      if (c === COMMA) {
        i++
        continue
      }
      if (f !== n || !acceptRow(bytes, line)) return -1
      line++
      return c === LF ? i + 1 : len
    }
  }

  function parse(bytes: Uint8Array, final: boolean): void {
    const len = bytes.length
    let pos = 0
    while (pos < len) {
      if (fast) {
        const next = fastRecord(bytes, pos, len, final)
        if (next >= 0) {
          pos = next
          continue
        }
      }
      const end = sdtmCsvRecordEnd(bytes, pos, len, final)
      if (end < 0) break
      general(bytes, pos, end)
      pos = end
    }
    pending = pos < len ? bytes.slice(pos) : null
  }

  return {
    push(chunk) {
      if (ended) throw new Error('SdtmLbByteReader.push called after end()')
      let bytes = chunk
      if (pending !== null) {
        bytes = new Uint8Array(pending.length + chunk.length)
        bytes.set(pending)
        bytes.set(chunk, pending.length)
      }
      if (!started) {
        // a UTF-8 BOM (EF BB BF) at the start of the file is stripped, as the text reader strips U+FEFF
        if (bytes.length < 3) {
          pending = bytes.length > 0 ? bytes.slice() : null
          return
        }
        started = true
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3)
      }
      parse(bytes, false)
    },
    end() {
      if (ended) return
      ended = true
      if (pending !== null) parse(pending, true)
      pending = null
      taker.finish()
    },
    get issues() {
      return taker.issues
    },
    log() {
      flushFastRows()
      return taker.log()
    },
    get fastRows() {
      return fastRows
    },
    get line() {
      return line
    },
    get pendingBytes() {
      return pending === null ? 0 : pending.length
    },
    counts() {
      flushFastRows()
      return taker.counts()
    },
    absorb(later, lineOffset) {
      flushFastRows()
      taker.absorb(later, lineOffset)
    },
  }
}
