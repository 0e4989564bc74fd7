/**
 * Stream the SDTM CSV files of a directory into the response-input collector, chunk by chunk, so that a
 * 10-million-row `lb.csv` is never held as text: only the platelet counts (value, interned date, time)
 * are kept per subject. `lb.csv` is read as bytes by core's `createSdtmLbByteReader` (no string per line,
 * no object per row; a large file in two parts, one on a worker thread: read-lb.ts) unless an observer
 * needs its records.
 *
 * Source: interchange/sdtm-adam.md "Input domains"; packages/core/src/interchange/sdtm.
 */
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import {
  createResponseInputCollector,
  createSdtmDomainReader,
  sdtmAeDomain,
  sdtmCeDomain,
  sdtmCmDomain,
  sdtmDmDomain,
  sdtmExDomain,
  sdtmLbDomain,
  sdtmVsDomain,
  type Issue,
  type ResponseInputCollector,
  type SdtmAeRecord,
  type SdtmCeRecord,
  type SdtmCmRecord,
  type SdtmDmRecord,
  type SdtmDomainSpec,
  type SdtmExRecord,
  type SdtmLbRecord,
  type SdtmImportLog,
} from '@celltrial/core'
import type { EvaluateHelper } from './evaluate-helper.js'
import { startLbRead } from './read-lb.js'

/** What reading a directory produced. */
export interface SdtmDirectory {
  collector: ResponseInputCollector
  issues: Issue[]
  logs: SdtmImportLog[]
  /** optional files that were absent */
  absent: string[]
  /** required files that were absent (nothing else is read then) */
  missing: string[]
  /** with `keepHelper`: the worker that read part of a large `lb.csv`, for the caller to use and stop */
  helper: EvaluateHelper | null
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

async function streamFile<T>(path: string, spec: SdtmDomainSpec<T>, onRecord: (r: T) => void): Promise<{ issues: readonly Issue[]; log: SdtmImportLog }> {
  const reader = createSdtmDomainReader(spec)
  // 64 KiB chunks, records handed over one by one: the rows of a chunk die young (no survivors to promote)
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })
  for await (const chunk of stream) reader.pushEach(chunk as string, onRecord)
  reader.endEach(onRecord)
  return { issues: reader.issues, log: reader.log() }
}

/** Optional observers of the parsed records (e.g. `celltrial report` keeps AE, CD19 and CAR copy rows). */
export interface SdtmRecordObservers {
  ex?: (r: SdtmExRecord) => void
  lb?: (r: SdtmLbRecord) => void
  cm?: (r: SdtmCmRecord) => void
  ce?: (r: SdtmCeRecord) => void
  ae?: (r: SdtmAeRecord) => void
}

/** Tuning of `readSdtmDirectory` (tests force the two-part read of `lb.csv` on small files). */
export interface ReadSdtmOptions {
  /** size from which `lb.csv` is read in two parts, one on a worker thread (default `LB_WORKER_MIN_BYTES`) */
  lbWorkerMinBytes?: number
  /** hand that worker over in the result instead of stopping it (the caller must stop it) */
  keepHelper?: boolean
  /** that worker, already started (read-lb.ts prestartHelper): used for the two-part read, or stopped */
  prestarted?: EvaluateHelper | undefined
}

/**
 * Read `dm.csv`, `ex.csv`, `lb.csv` (required) and `cm.csv`, `ce.csv`, `ae.csv`, `vs.csv` (optional) from `dir`.
 * Every problem of every file is collected; nothing is thrown for bad data. `observe` sees every parsed record.
 */
export async function readSdtmDirectory(dir: string, observe: SdtmRecordObservers = {}, options: ReadSdtmOptions = {}): Promise<SdtmDirectory> {
  const issues: Issue[] = []
  const logs: SdtmImportLog[] = []
  const absent: string[] = []
  const missing: string[] = []
  for (const file of ['dm.csv', 'ex.csv', 'lb.csv']) if (!(await exists(join(dir, file)))) missing.push(file)
  if (missing.length > 0 || observe.lb) options.prestarted?.stop()
  if (missing.length > 0) return { collector: createResponseInputCollector([]), issues, logs, absent, missing, helper: null }

  // no observer needs the LB records: the byte-level reader (the bulk of the data is here), whose worker for
  // a large file starts now and reads while this thread reads the other files
  const lbRead = observe.lb ? null : await startLbRead(join(dir, 'lb.csv'), { workerMinBytes: options.lbWorkerMinBytes, prestarted: options.prestarted })
  let kept = false
  try {
    const dm: SdtmDmRecord[] = []
    const dmRead = await streamFile(join(dir, 'dm.csv'), sdtmDmDomain, (r) => dm.push(r))
    issues.push(...dmRead.issues)
    logs.push(dmRead.log)
    const collector = createResponseInputCollector(dm)

    const run = async <T>(file: string, spec: SdtmDomainSpec<T>, add: (r: T) => void, optional: boolean) => {
      const path = join(dir, file)
      if (optional && !(await exists(path))) {
        absent.push(file)
        return
      }
      const read = await streamFile(path, spec, add)
      issues.push(...read.issues)
      logs.push(read.log)
    }
    await run('ex.csv', sdtmExDomain, (r) => (collector.addEx(r), observe.ex?.(r)), false)
    await run('cm.csv', sdtmCmDomain, (r) => (collector.addCm(r), observe.cm?.(r)), true)
    await run('ce.csv', sdtmCeDomain, (r) => (collector.addCe(r), observe.ce?.(r)), true)
    if (lbRead === null) await run('lb.csv', sdtmLbDomain, (r) => (collector.addLb(r), observe.lb?.(r)), false)
    else {
      const read = await lbRead.finish(collector)
      issues.push(...read.issues)
      logs.push(read.log)
    }
    await run('ae.csv', sdtmAeDomain, (r) => (collector.seeDate(r.startDate), collector.seeDate(r.endDate), observe.ae?.(r)), true)
    await run('vs.csv', sdtmVsDomain, (r) => collector.seeDate(r.date), true)
    issues.push(...collector.issues)
    const helper = options.keepHelper ? (lbRead?.helper ?? null) : null
    kept = helper !== null
    return { collector, issues, logs, absent, missing, helper }
  } finally {
    if (!kept) lbRead?.helper?.stop()
  }
}
