/** One CSV record with the physical line (1-based) on which it starts. */
export interface SdtmCsvRecord {
  line: number
  fields: string[]
  /** set when the record breaks RFC 4180 (its fields are a best-effort reading) */
  problem?: string
}

/** A structural CSV problem (RFC 4180), with the line where the record starts. */
export interface SdtmCsvProblem {
  line: number
  message: string
}

/** Receives one record: its first physical line, its fields, and the RFC 4180 problem if it breaks the format. */
export type SdtmCsvRecordHandler = (line: number, fields: string[], problem: string | undefined) => void

/** An incremental CSV reader: feed text chunks in order, get the records completed so far. */
export interface SdtmCsvReader {
  /** Parse as much of `chunk` (appended to any unfinished record) as forms complete records. */
  push(chunk: string): SdtmCsvRecord[]
  /** Flush the last record (a file need not end with a line break). Call once, after the last `push`. */
  end(): SdtmCsvRecord[]
  /** `push` that hands each record to `onRecord` instead of building record objects (large files). */
  pushEach(chunk: string, onRecord: SdtmCsvRecordHandler): void
  /** `end` that hands the last record to `onRecord`. */
  endEach(onRecord: SdtmCsvRecordHandler): void
  /** structural problems found so far (unterminated quote, text after a closing quote, quote in an unquoted field) */
  readonly problems: readonly SdtmCsvProblem[]
}

/** Options of `createSdtmCsvReader`. */
export interface SdtmCsvReaderOptions {
  /** physical line number of the first line of the text (default 1): for reading one record out of a file */
  firstLine?: number
  /** strip a UTF-8 BOM at the start of the text (default true: the text is the start of a file) */
  stripBom?: boolean
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/**
 * Streaming RFC 4180 CSV reader for strings: comma separator, `"` quoting with `""` as an escaped quote,
 * line breaks (LF or CRLF) inside quoted fields, optional final line break, UTF-8 BOM stripped.
 * Blank lines are skipped but counted, so `line` is always the physical line number in the file.
 *
 * Memory is bounded by the longest record: only an unfinished record is kept between chunks, so a
 * 10-million-row `lb.csv` can be read chunk by chunk. Lines without a quote take a fast path (fields sliced
 * straight out of the chunk); `pushEach` / `endEach` hand records over without building record objects.
 * Decoding bytes to text (UTF-8, split code points across chunks) is the caller's job. `firstLine` and
 * `stripBom: false` let a byte-level reader hand over one record from the middle of a file.
 *
 * Source: interchange/sdtm-adam.md (CSV, UTF-8, header row); RFC 4180 §2 (Common Format and MIME Type for
 * Comma-Separated Values Files, 2005).
 *
 * @example
 * const r = createSdtmCsvReader(); r.push('A,B\n1,"x\n'); r.push('y"\n') // [{ line: 2, fields: ['1', 'x\ny'] }] on the 2nd push
 */
export function createSdtmCsvReader({ firstLine = 1, stripBom = true }: SdtmCsvReaderOptions = {}): SdtmCsvReader {
  let pending = ''
  let line = firstLine
  let started = !stripBom
  let ended = false
  const problems: SdtmCsvProblem[] = []

  /** Parse one quoted-capable record from `buf` at `pos`; returns the end position or -1 when incomplete. */
  function parseQuoted(buf: string, pos: number, final: boolean, emit: SdtmCsvRecordHandler): number {
    const fields: string[] = []
    const startLine = line
    let newlines = 0
    let field = ''
    let i = pos
    let problem: string | null = null
    for (;;) {
      // start of a field
      if (i < buf.length && buf.charCodeAt(i) === QUOTE) {
        i++
        let closed = false
        while (i < buf.length) {
          const q = buf.indexOf('"', i)
          if (q < 0) break
          const part = buf.slice(i, q)
          field += part
          newlines += countLf(part)
          if (q + 1 < buf.length && buf.charCodeAt(q + 1) === QUOTE) {
            field += '"'
            i = q + 2
            continue
          }
          if (q + 1 >= buf.length && !final) return -1 // cannot tell `"` from `""` yet
          i = q + 1
          closed = true
          break
        }
        if (!closed) {
          if (!final) return -1
          const message = 'unterminated quoted field at end of file'
          problems.push({ line: startLine, message })
          fields.push(field + buf.slice(i))
          emit(startLine, fields, message)
          line += newlines + countLf(buf.slice(i))
          return buf.length
        }
        // after the closing quote: separator, line end or end of input
        let j = i
        while (j < buf.length && buf.charCodeAt(j) !== COMMA && buf.charCodeAt(j) !== LF) j++
        const rest = buf.slice(i, j)
        if (rest !== '' && rest !== '\r') problem ??= `text after a closing quote: ${JSON.stringify(rest)}`
        i = j
      } else {
        let j = i
        while (j < buf.length && buf.charCodeAt(j) !== COMMA && buf.charCodeAt(j) !== LF) j++
        field = buf.slice(i, j)
        if (field.includes('"')) problem ??= `quote inside an unquoted field: ${JSON.stringify(field)}`
        if (j < buf.length && buf.charCodeAt(j) === LF && field.endsWith('\r')) field = field.slice(0, -1)
        else if (j >= buf.length && field.endsWith('\r')) field = field.slice(0, -1)
        i = j
      }
      fields.push(field)
      field = ''
      if (i >= buf.length) {
        if (!final) return -1
        break
      }
      if (buf.charCodeAt(i) === COMMA) {
        i++
        continue
      }
      // LF ends the record
      i++
      newlines++
      break
    }
    if (problem === null) emit(startLine, fields, undefined)
    else {
      problems.push({ line: startLine, message: problem })
      emit(startLine, fields, problem)
    }
    line = startLine + newlines
    return i
  }

  function parse(buf: string, final: boolean, emit: SdtmCsvRecordHandler): void {
    let pos = 0
    let quote = buf.indexOf('"') // next quote at or after pos (-1: none left), so each line costs O(length)
    while (pos < buf.length) {
      const nl = buf.indexOf('\n', pos)
      const lineEnd = nl < 0 ? buf.length : nl
      if (nl < 0 && !final) break
      if (quote >= 0 && quote < pos) quote = buf.indexOf('"', pos)
      if (quote < 0 || quote > lineEnd) {
        // no quote on this line: slice the fields straight out of the buffer
        const end = lineEnd > pos && buf.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd
        if (end > pos) {
          const fields: string[] = []
          let start = pos
          for (let comma = buf.indexOf(',', start); comma >= 0 && comma < end; comma = buf.indexOf(',', start)) {
            fields.push(buf.slice(start, comma))
            start = comma + 1
          }
          fields.push(buf.slice(start, end))
          emit(line, fields, undefined)
        }
        line++
        pos = lineEnd + 1
        continue
      }
      const next = parseQuoted(buf, pos, final, emit)
      if (next < 0) break
      pos = next
    }
    pending = pos < buf.length ? buf.slice(pos) : ''
  }

  function pushEach(chunk: string, onRecord: SdtmCsvRecordHandler): void {
    if (ended) throw new Error('SdtmCsvReader.push called after end()')
    if (!started && chunk.length > 0) {
      started = true
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    parse(pending === '' ? chunk : pending + chunk, false, onRecord)
  }
  function endEach(onRecord: SdtmCsvRecordHandler): void {
    if (ended) return
    ended = true
    const rest = pending
    pending = ''
    if (rest !== '') parse(rest, true, onRecord)
  }
  const collect = (feed: (emit: SdtmCsvRecordHandler) => void): SdtmCsvRecord[] => {
    const out: SdtmCsvRecord[] = []
    feed((line, fields, problem) => out.push(problem === undefined ? { line, fields } : { line, fields, problem }))
    return out
  }

  return {
    push: (chunk) => collect((emit) => pushEach(chunk, emit)),
    end: () => collect(endEach),
    pushEach,
    endEach,
    get problems() {
      return problems
    },
  }
}

function countLf(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++
  return n
}

/**
 * Parse a whole CSV text at once (small files, tests).
 * @example readSdtmCsvText('A,B\r\n1,2\r\n').records // [{ line: 1, fields: ['A', 'B'] }, { line: 2, fields: ['1', '2'] }]
 */
export function readSdtmCsvText(text: string): { records: SdtmCsvRecord[]; problems: readonly SdtmCsvProblem[] } {
  const reader = createSdtmCsvReader()
  const records = [...reader.push(text), ...reader.end()]
  return { records, problems: reader.problems }
}
