/**
 * Read `lb.csv` (the bulk of the data: 10 million rows, 450 MB) into the response-input collector with
 * core's byte-level reader, using the machine's second core for a large file: a worker thread reads the
 * second half of the file into compact columns while this thread reads the first half straight into the
 * collector; the halves are then joined in file order. The result (accepted rows, issues with their exact
 * `file:line: VARIABLE`, import log) is the same as reading the whole file on this thread, which is what
 * happens for a small file, and whenever the split fails (a quoted line break across it, a worker error).
 *
 * Source: interchange/sdtm-adam.md row `lb.csv` (10-million-row files; all errors reported together).
 */
import { open, stat, type FileHandle } from 'node:fs/promises'
import {
  createSdtmLbByteReader,
  createSdtmLbValueColumns,
  sdtmCsvRecordEnd,
  type Issue,
  type ResponseInputCollector,
  type SdtmImportLog,
  type SdtmLbByteReader,
  type SdtmLbValueHandler,
} from '@celltrial/core'
import { startEvaluateHelper, type EvaluateHelper, type LbRangeResult } from './evaluate-helper.js'

/** Bytes read per `read` call of `lb.csv` (one buffer, reused). */
const LB_READ_BYTES = 1 << 20

/**
 * Below this size `lb.csv` is read (and the cohort evaluated) on this thread only. Starting the worker under
 * tsx costs about 1.1 s of CPU and 1.3 s of wall time (measured on a small file); reading and evaluating
 * take about 1.5 s per 100 MB of `lb.csv` on one core, so halving them pays off from roughly 100-150 MB
 * (the start-up overlaps the reading of dm.csv and ex.csv).
 */
export const LB_WORKER_MIN_BYTES = 128 << 20

/**
 * Share of the file read by this thread. The worker loads its modules while this thread reads dm.csv,
 * ex.csv, cm.csv and ce.csv, so both start their part at about the same time (measured): halves.
 */
const MAIN_SHARE = 0.5

/** A byte reader of `lb.csv` as the general path decodes it: a utf8 read stream keeps a BOM (the CSV reader strips it). */
function lbByteReader(onValue: SdtmLbValueHandler): SdtmLbByteReader {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  return createSdtmLbByteReader({ decode: (bytes) => decoder.decode(bytes), onValue })
}

/** Push the bytes `[start, end)` of the file into `reader`, 1 MiB at a time. */
async function pushRange(
  fh: FileHandle,
  reader: SdtmLbByteReader,
  start: number,
  end: number,
): Promise<void> {
  const buf = new Uint8Array(LB_READ_BYTES)
  for (let pos = start; pos < end;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos)
    if (bytesRead === 0) break
    reader.push(buf.subarray(0, bytesRead))
    pos += bytesRead
  }
}

/**
 * Read the records of `[start, end)` of `lb.csv` (`start` at the start of a line) into columns. The reader
 * first takes the file's header, so the part is parsed with the same columns; issues of the header belong
 * to the first part and are left out. Line numbers count from the header's end: the caller moves them.
 */
export async function readLbRange(path: string, start: number, end: number): Promise<LbRangeResult> {
  const fh = await open(path, 'r')
  try {
    // the header record: read until its end (a quoted header cell may hold a line break)
    let head = new Uint8Array(0)
    let headerEnd = -1
    while (headerEnd < 0 && head.length < start) {
      const more = new Uint8Array(Math.min(1 << 16, start - head.length))
      const { bytesRead } = await fh.read(more, 0, more.length, head.length)
      if (bytesRead === 0) break
      const grown = new Uint8Array(head.length + bytesRead)
      grown.set(head)
      grown.set(more.subarray(0, bytesRead), head.length)
      head = grown
      headerEnd = sdtmCsvRecordEnd(head, 0, head.length, false)
    }
    if (headerEnd < 0) return { ok: false }
    const columns = createSdtmLbValueColumns(Math.ceil((end - start) / 32))
    const reader = lbByteReader(columns.add)
    reader.push(head.subarray(0, headerEnd))
    if (reader.pendingBytes !== 0) return { ok: false }
    const headerIssues = reader.issues.length
    const firstLine = reader.line
    await pushRange(fh, reader, start, end)
    reader.end()
    return {
      ok: true,
      firstLine,
      issues: reader.issues.slice(headerIssues),
      counts: reader.counts(),
      columns: columns.finish(),
    }
  } finally {
    await fh.close()
  }
}

/** The first byte after a line break at or after `from`, or -1 when there is none before `size`. */
async function lineStartAfter(fh: FileHandle, from: number, size: number): Promise<number> {
  const buf = new Uint8Array(1 << 16)
  for (let pos = from; pos < size;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos)
    if (bytesRead === 0) break
    const lf = buf.subarray(0, bytesRead).indexOf(10)
    if (lf >= 0) return pos + lf + 1 < size ? pos + lf + 1 : -1
    pos += bytesRead
  }
  return -1
}

/** A started read of `lb.csv`: `finish` reads it into the collector. */
export interface LbRead {
  finish(collector: ResponseInputCollector): Promise<{ issues: readonly Issue[]; log: SdtmImportLog }>
  /** the worker reading the second part of a large file (null for a small one); its owner stops it */
  helper: EvaluateHelper | null
}

/**
 * Start reading `lb.csv`: for a file of `workerMinBytes` or more, a worker (the evaluate helper) starts
 * reading its second part now, so that it runs while the other files are read; `finish` reads the rest and
 * joins the parts. When the first part does not end at a record boundary, or the worker fails, `finish`
 * reads the second part itself (after the worker is done with it: one request at a time).
 */
export async function startLbRead(
  path: string,
  { workerMinBytes = LB_WORKER_MIN_BYTES, prestarted }: { workerMinBytes?: number | undefined; prestarted?: EvaluateHelper | undefined } = {},
): Promise<LbRead> {
  const size = (await stat(path)).size
  let split = -1
  if (size >= workerMinBytes) {
    const fh = await open(path, 'r')
    try {
      split = await lineStartAfter(fh, Math.floor(size * MAIN_SHARE), size)
    } finally {
      await fh.close()
    }
  }
  // a helper started early (prestartHelper) saves its start-up time; one not needed here is stopped
  if (split <= 0) prestarted?.stop()
  let helper = split > 0 ? (prestarted ?? startEvaluateHelper()) : null
  const part2 = helper?.readLbRange(path, split, size)
  return {
    get helper() {
      return helper
    },
    async finish(collector) {
      const reader = lbByteReader((line, usubjid, testCode, date, time, value) =>
        collector.addLbValue(line, usubjid, testCode, date, time, value),
      )
      const fh = await open(path, 'r')
      try {
        if (part2 === undefined) await pushRange(fh, reader, 0, size)
        else {
          await pushRange(fh, reader, 0, split)
          // the first part must end at a record boundary (not inside a quoted line break) for the split to hold
          const part = reader.pendingBytes === 0 ? await part2 : null
          // a quoted line break across the split, or a failed worker: this thread reads the second part, and
          // the helper is stopped (it would evaluate nothing either)
          if (part === null || !part.ok) {
            helper?.stop()
            helper = null
          }
          if (part?.ok) {
            // the part's line numbers are counted from the header's end; its first line is reader.line
            const lineOffset = reader.line - part.firstLine
            reader.absorb({ issues: part.issues, ...part.counts }, lineOffset)
            collector.addLbColumns(part.columns, lineOffset)
          } else await pushRange(fh, reader, split, size)
        }
      } finally {
        await fh.close()
      }
      reader.end()
      return { issues: reader.issues, log: reader.log() }
    },
  }
}

/**
 * Start the helper worker before anything else when `lb.csv` is large enough to be read in two parts: its
 * start-up (module loading, ~2 s) then overlaps with reading the protocol and the smaller files. Give it to
 * `readSdtmDirectory` (`prestarted`), which uses it or stops it.
 */
export async function prestartHelper(lbPath: string, workerMinBytes = LB_WORKER_MIN_BYTES): Promise<EvaluateHelper | undefined> {
  const size = await stat(lbPath).then((s) => s.size, () => -1)
  return size >= 0 && size >= workerMinBytes ? startEvaluateHelper() : undefined
}
