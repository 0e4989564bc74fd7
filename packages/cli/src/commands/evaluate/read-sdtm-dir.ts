/**
 * Stream the SDTM CSV files of a directory into the response-input collector, chunk by chunk, so that a
 * 10-million-row `lb.csv` is never held as text: only the platelet counts (value, interned date, time)
 * are kept per subject.
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
  type SdtmDmRecord,
  type SdtmDomainSpec,
  type SdtmImportLog,
} from '@celltrial/core'

/** What reading a directory produced. */
export interface SdtmDirectory {
  collector: ResponseInputCollector
  issues: Issue[]
  logs: SdtmImportLog[]
  /** optional files that were absent */
  absent: string[]
  /** required files that were absent (nothing else is read then) */
  missing: string[]
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

async function streamFile<T>(path: string, spec: SdtmDomainSpec<T>, onRecord: (r: T) => void): Promise<{ issues: readonly Issue[]; log: SdtmImportLog }> {
  const reader = createSdtmDomainReader(spec)
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })
  for await (const chunk of stream) for (const r of reader.push(chunk as string)) onRecord(r)
  for (const r of reader.end()) onRecord(r)
  return { issues: reader.issues, log: reader.log() }
}

/**
 * Read `dm.csv`, `ex.csv`, `lb.csv` (required) and `cm.csv`, `ce.csv`, `ae.csv`, `vs.csv` (optional) from `dir`.
 * Every problem of every file is collected; nothing is thrown for bad data.
 */
export async function readSdtmDirectory(dir: string): Promise<SdtmDirectory> {
  const issues: Issue[] = []
  const logs: SdtmImportLog[] = []
  const absent: string[] = []
  const missing: string[] = []
  for (const file of ['dm.csv', 'ex.csv', 'lb.csv']) if (!(await exists(join(dir, file)))) missing.push(file)
  if (missing.length > 0) return { collector: createResponseInputCollector([]), issues, logs, absent, missing }

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
  await run('ex.csv', sdtmExDomain, (r) => collector.addEx(r), false)
  await run('cm.csv', sdtmCmDomain, (r) => collector.addCm(r), true)
  await run('ce.csv', sdtmCeDomain, (r) => collector.addCe(r), true)
  await run('lb.csv', sdtmLbDomain, (r) => collector.addLb(r), false)
  await run('ae.csv', sdtmAeDomain, (r) => (collector.seeDate(r.startDate), collector.seeDate(r.endDate)), true)
  await run('vs.csv', sdtmVsDomain, (r) => collector.seeDate(r.date), true)
  issues.push(...collector.issues)
  return { collector, issues, logs, absent, missing }
}
