import type { Issue } from '../../result.js'
import { createSdtmCsvReader } from './sdtm-csv-reader.js'
import { sdtmIssue } from './sdtm-issue.js'

/** Read access to one data row by variable name; values are trimmed, a missing column reads as ''. */
export interface SdtmRow {
  line: number
  get(variable: string): string
}

/** Where a domain parser reports a problem with a variable of the current row, or notes something for the log. */
export interface SdtmRowSink {
  problem(variable: string, code: string, message: string): void
  /** a remark for the import log, counted per distinct text (e.g. an unlisted test code) */
  note(text: string): void
}

/** How to read one SDTM domain file. */
export interface SdtmDomainSpec<T> {
  domain: string
  /** default file name: lower-case domain code + `.csv` */
  file: string
  /** variables whose column must be present */
  required: readonly string[]
  /** other variables the parser uses (not reported as unknown) */
  optional: readonly string[]
  /** parse a row whose required columns exist; return `undefined` after reporting problems */
  parseRow(row: SdtmRow, sink: SdtmRowSink): T | undefined
}

/** What an import did besides producing records: the columns it ignored and counted remarks. */
export interface SdtmImportLog {
  file: string
  domain: string
  /** data rows read (header and blank lines excluded) */
  rows: number
  /** rows turned into records */
  accepted: number
  /** header columns that are not variables of the domain: kept out of the records, not an error */
  unknownColumns: string[]
  /** remarks with their row counts, e.g. `LBTESTCD "HBA1C" is not a listed test (kept) (3 rows)` */
  notes: string[]
}

/** An incremental reader of one domain file: push text chunks, get typed records. */
export interface SdtmDomainReader<T> {
  push(chunk: string): T[]
  end(): T[]
  /** `push` that hands each record to `onRecord` instead of returning an array (large files) */
  pushEach(chunk: string, onRecord: (record: T) => void): void
  /** `end` that hands the last records to `onRecord` */
  endEach(onRecord: (record: T) => void): void
  /** every problem so far, each at `file:line: VARIABLE` */
  readonly issues: readonly Issue[]
  log(): SdtmImportLog
}

/** A printable ASCII character (never white space for `trim`). */
const isPlainAscii = (c: number) => c > 32 && c < 127

/**
 * The record half of a domain reader, for a caller that splits the CSV itself (the byte-level `lb.csv`
 * reader): it takes the header and data records one by one and keeps the issues, counts and notes.
 */
export interface SdtmRecordTaker<T> {
  /** Take the next CSV record (the first one is the header); an accepted row goes to `onRecord`. */
  take(line: number, fields: string[], problem: string | undefined, onRecord: (record: T) => void): void
  /**
   * Count `n` data rows (default 1) that the caller checked and accepted itself, exactly as `take` would
   * have (same rules, no problem, no note): the import log then counts them as read and accepted.
   */
  countAccepted(n?: number): void
  /** the trimmed header names once the header is read, else null */
  readonly header: readonly string[] | null
  /** true once a header with every required column and no duplicate has been read (rows are then parsed) */
  readonly headerOk: boolean
  /** Call once after the last record (reports an empty file). */
  finish(): void
  /** every problem so far, each at `file:line: VARIABLE` */
  readonly issues: readonly Issue[]
  log(): SdtmImportLog
  /** data rows read and accepted so far, and each note with its row count, in first-seen order */
  counts(): SdtmRecordCounts
  /**
   * Add what a taker of a later part of the same file found (after the records taken here): its issues,
   * appended in order with their line numbers moved by `lineOffset`, and its counts (notes summed by text).
   */
  absorb(later: { issues: readonly Issue[] } & SdtmRecordCounts, lineOffset: number): void
}

/** The counters of a record taker (see `SdtmRecordTaker.counts`). */
export interface SdtmRecordCounts {
  rows: number
  accepted: number
  notes: [text: string, rows: number][]
}

/**
 * Take the records of one SDTM domain file. The first record is the header: column order does not matter;
 * a missing required column is one error at line 1 (rows are then counted but not parsed); a variable of the
 * domain given twice is an error; unknown columns (even repeated ones) go to the import log. Every row
 * problem is collected.
 *
 * Source: interchange/sdtm-adam.md ("Column order does not matter; unknown columns are kept in the import
 * log, not rejected"; "all errors are reported together").
 *
 * @param spec the domain (see `sdtmDmDomain`, `sdtmLbDomain`, …)
 * @param file file name used in issues; default `spec.file`
 */
export function createSdtmRecordTaker<T>(spec: SdtmDomainSpec<T>, file: string = spec.file): SdtmRecordTaker<T> {
  const issues: Issue[] = []
  const noteCounts = new Map<string, number>()
  let header: string[] | null = null
  let index = new Map<string, number>()
  let headerOk = false
  let rows = 0
  let accepted = 0
  const unknownColumns: string[] = []
  const known = new Set([...spec.required, ...spec.optional])

  let currentLine = 0
  let currentFields: string[] = []
  let rowFailed = false
  const row: SdtmRow = {
    get line() {
      return currentLine
    },
    get(variable: string): string {
      const i = index.get(variable)
      if (i === undefined) return ''
      const v = currentFields[i] ?? ''
      // most values have no surrounding white space: skip trim() when both ends are printable ASCII
      return v.length > 0 && isPlainAscii(v.charCodeAt(0)) && isPlainAscii(v.charCodeAt(v.length - 1)) ? v : v.trim()
    },
  }
  const sink: SdtmRowSink = {
    problem(variable, code, message) {
      rowFailed = true
      issues.push(sdtmIssue(file, currentLine, variable, code, message))
    },
    note(text) {
      noteCounts.set(text, (noteCounts.get(text) ?? 0) + 1)
    },
  }

  function readHeader(rec: { line: number; fields: string[] }): void {
    header = rec.fields.map((f) => f.trim())
    index = new Map()
    let duplicated = false
    header.forEach((name, i) => {
      if (!index.has(name)) index.set(name, i)
      // a variable of the domain given twice is ambiguous; an unknown column is only logged, even twice (e.g. the
      // empty trailing columns of a spreadsheet export): "unknown columns are kept in the import log, not rejected"
      else if (known.has(name)) {
        duplicated = true
        issues.push(sdtmIssue(file, rec.line, name, 'duplicate_column', 'column appears more than once in the header'))
      }
      if (!known.has(name)) unknownColumns.push(name)
    })
    const missing = spec.required.filter((v) => !index.has(v))
    for (const v of missing) issues.push(sdtmIssue(file, rec.line, v, 'missing_column', `required column is missing from the ${spec.domain} header`))
    headerOk = missing.length === 0 && !duplicated
  }

  function take(line: number, fields: string[], problem: string | undefined, onRecord: (record: T) => void): void {
    if (header === null) {
      if (problem !== undefined) issues.push(sdtmIssue(file, line, 'RECORD', 'csv_syntax', problem))
      readHeader({ line, fields })
      return
    }
    rows++
    if (!headerOk) return
    if (problem !== undefined) {
      issues.push(sdtmIssue(file, line, 'RECORD', 'csv_syntax', problem))
      return
    }
    if (fields.length !== header.length) {
      issues.push(sdtmIssue(file, line, 'RECORD', 'field_count', `has ${fields.length} fields, the header has ${header.length}`))
      return
    }
    currentLine = line
    currentFields = fields
    rowFailed = false
    const value = spec.parseRow(row, sink)
    if (value !== undefined && !rowFailed) {
      accepted++
      onRecord(value)
    }
  }

  return {
    take,
    countAccepted(n = 1) {
      rows += n
      accepted += n
    },
    get header() {
      return header
    },
    get headerOk() {
      return headerOk
    },
    finish() {
      if (header === null) issues.push(sdtmIssue(file, 1, 'RECORD', 'empty_file', 'file is empty: a header row is required'))
    },
    get issues() {
      return issues
    },
    counts: () => ({ rows, accepted, notes: [...noteCounts] }),
    absorb(later, lineOffset) {
      // an issue's path is [file, line, variable]
      for (const issue of later.issues) issues.push({ ...issue, path: issue.path.map((p, i) => (i === 1 ? (p as number) + lineOffset : p)) })
      rows += later.rows
      accepted += later.accepted
      for (const [text, n] of later.notes) noteCounts.set(text, (noteCounts.get(text) ?? 0) + n)
    },
    log: () => ({
      file,
      domain: spec.domain,
      rows,
      accepted,
      unknownColumns: [...unknownColumns],
      notes: [...noteCounts].map(([text, n]) => `${text} (${n} row${n === 1 ? '' : 's'})`),
    }),
  }
}

/**
 * Read one SDTM-shaped CSV domain incrementally: the streaming CSV reader feeding `createSdtmRecordTaker`
 * (header rules, every row problem collected, unknown columns in the import log).
 *
 * Source: interchange/sdtm-adam.md ("Column order does not matter; unknown columns are kept in the import
 * log, not rejected"; "all errors are reported together").
 *
 * @param spec the domain (see `sdtmDmDomain`, `sdtmLbDomain`, …)
 * @param file file name used in issues; default `spec.file`
 */
export function createSdtmDomainReader<T>(spec: SdtmDomainSpec<T>, file: string = spec.file): SdtmDomainReader<T> {
  const csv = createSdtmCsvReader()
  const taker = createSdtmRecordTaker(spec, file)
  let onValue: (record: T) => void = () => {}
  const take = (line: number, fields: string[], problem: string | undefined): void => taker.take(line, fields, problem, onValue)
  const pushEach = (chunk: string, onRecord: (record: T) => void): void => {
    onValue = onRecord
    csv.pushEach(chunk, take)
  }
  const endEach = (onRecord: (record: T) => void): void => {
    onValue = onRecord
    csv.endEach(take)
    taker.finish()
  }
  const collect = (feed: (onRecord: (record: T) => void) => void): T[] => {
    const out: T[] = []
    feed((r) => out.push(r))
    return out
  }

  return {
    push: (chunk) => collect((onRecord) => pushEach(chunk, onRecord)),
    end: () => collect(endEach),
    pushEach,
    endEach,
    get issues() {
      return taker.issues
    },
    log: () => taker.log(),
  }
}

/**
 * Read a whole domain file held in memory (small files, tests).
 * @example readSdtmText(sdtmDmDomain, 'STUDYID,USUBJID,...\n...').records
 */
export function readSdtmText<T>(spec: SdtmDomainSpec<T>, text: string, file: string = spec.file) {
  const reader = createSdtmDomainReader(spec, file)
  const records = [...reader.push(text), ...reader.end()]
  return { records, issues: reader.issues, log: reader.log() }
}
