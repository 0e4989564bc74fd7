import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatSdtmIssue } from '@celltrial/core'
import { readSdtmDirectory } from './read-sdtm-dir.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'celltrial-read-lb-'))
  await cp(join(fixtures, 'sdtm'), work, { recursive: true })
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

/** Everything the evaluation uses from a read: issues as printed, import logs, inputs, cut-off. */
async function readAll(lbWorkerMinBytes: number) {
  const read = await readSdtmDirectory(work, {}, { lbWorkerMinBytes, keepHelper: true })
  read.helper?.stop()
  return {
    helper: read.helper !== null,
    issues: read.issues.map(formatSdtmIssue),
    logs: read.logs,
    latest: read.collector.latestDate(),
    subjects: read.collector.subjects(null),
  }
}

const HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC,LBORNRLO,LBORNRHI,COMMENT'
/** Rows of the fixture's subjects with every kind of row the byte reader sends the general way. */
function lbRows(n: number): string[] {
  const rows: string[] = []
  for (let i = 0; i < n; i++) {
    const s = `CT-ITP-01-${String((i % 14) + 1).padStart(2, '0')}`
    const day = String((i % 28) + 1).padStart(2, '0')
    if (i % 97 === 5)
      rows.push(`CT-ITP-01,${s},PLAT,45,G/L,2024-03-${day},,,`) // unknown unit: error
    else if (i % 89 === 7)
      rows.push(`CT-ITP-01,CT-ITP-01-99,PLAT,45,10^9/L,2024-03-${day},,,`) // unknown subject
    else if (i % 83 === 3)
      rows.push(`CT-ITP-01,${s},HBA1C,6,%,2024-03-${day},,,`) // unlisted test: a note
    else if (i % 79 === 2)
      rows.push(
        `CT-ITP-01,"${s}",PLAT,"4${i % 10}",10^9/L,2024-03-${day}T08:${String(i % 60).padStart(2, '0')},,,"a, ""b""\r\nc"`,
      )
    else if (i % 71 === 1)
      rows.push(` CT-ITP-01 ,${s},PLAT,30000,/uL,2024-03-${day},,,`) // white space to trim
    else if (i % 67 === 4) rows.push('')
    else rows.push(`CT-ITP-01,${s},PLAT,${(i * 7) % 200},10^9/L,2024-03-${day},150,400,`)
  }
  return rows
}

describe('lb.csv in two parts (second part on a worker thread) = lb.csv on one thread', () => {
  // each read with the worker starts one (about a second under tsx)
  it(
    'same issues (exact lines, errors in both parts), import log, inputs and cut-off',
    { timeout: 60_000 },
    async () => {
      for (const [n, eol, bom] of [
        [600, '\n', ''],
        [601, '\r\n', '\uFEFF'],
        [257, '\n', ''],
      ] as const) {
        await writeFile(join(work, 'lb.csv'), bom + [HEAD, ...lbRows(n)].join(eol) + (n % 2 ? '' : eol))
        const serial = await readAll(Infinity)
        const parallel = await readAll(0)
        expect(serial.helper).toBe(false)
        expect(parallel.helper).toBe(true)
        expect(serial.issues.some((i) => i.startsWith('lb.csv:') && Number(i.split(':')[1]) > n / 2)).toBe(
          true,
        )
        expect(serial.issues.some((i) => i.startsWith('lb.csv:') && Number(i.split(':')[1]) < n / 2)).toBe(
          true,
        )
        expect(parallel).toEqual({ ...serial, helper: true })
      }
    },
  )
  it(
    'a quoted line break across the split: the first part is read on (same result)',
    { timeout: 60_000 },
    async () => {
      const long = `"${'x'.repeat(5000)}\n${'y'.repeat(5000)}"`
      await writeFile(
        join(work, 'lb.csv'),
        [
          HEAD,
          ...lbRows(20),
          `CT-ITP-01,CT-ITP-01-01,PLAT,45,10^9/L,2024-03-20,,,${long}`,
          ...lbRows(20),
        ].join('\n'),
      )
      const serial = await readAll(Infinity)
      expect(await readAll(0)).toEqual({ ...serial, helper: false })
    },
  )
  it('a clean file: same inputs, no issues', { timeout: 60_000 }, async () => {
    const serial = await readAll(Infinity)
    expect(serial.issues).toEqual([])
    expect(await readAll(0)).toEqual({ ...serial, helper: true })
  })
})
