import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { daysBetween, readSdtmCsvText } from '@celltrial/core'
import { runCli } from '../main.js'
import { captureIo } from '../testing.js'

const sdtm = fileURLToPath(new URL('./evaluate/fixtures/sdtm/', import.meta.url))
const read = (dir: string, f: string) => readSdtmCsvText(readFileSync(join(dir, f), 'utf8')).records.map((r) => r.fields)

describe('celltrial deidentify', () => {
  it('shifts each subject consistently, keeps intervals, replaces ids, and reuses the key', async () => {
    const work = mkdtempSync(join(tmpdir(), 'celltrial-deid-'))
    const key = join(work, 'deid.key')
    const c = captureIo()
    expect(await runCli(['deidentify', '--sdtm', sdtm, '--out', join(work, 'a'), '--key-file', key], c.io)).toBe(0)
    expect(statSync(key).mode & 0o777).toBe(0o600)
    const [dmHead, ...dmIn] = read(sdtm, 'dm.csv')
    const [, ...dmOut] = read(join(work, 'a'), 'dm.csv')
    const u = dmHead!.indexOf('USUBJID')
    const rf = dmHead!.indexOf('RFXSTDTC')
    for (let i = 0; i < dmIn.length; i++) {
      expect(dmOut[i]![u]).not.toBe(dmIn[i]![u])
      expect(dmOut[i]![u]).toMatch(/-\d{3}$/)
      if (dmIn[i]![rf]) expect(dmOut[i]![rf]).not.toBe(dmIn[i]![rf])
    }
    // intervals kept: a subject's first lab date to its infusion date
    const [lbHead, ...lbIn] = read(sdtm, 'lb.csv')
    const [, ...lbOut] = read(join(work, 'a'), 'lb.csv')
    const d = lbHead!.indexOf('LBDTC')
    const lu = lbHead!.indexOf('USUBJID')
    const first = lbIn[0]!
    const subject = dmIn.findIndex((r) => r[u] === first[lu])
    expect(daysBetween(lbOut[0]![d]!.slice(0, 10), dmOut[subject]![rf]!.slice(0, 10))).toBe(daysBetween(first[d]!.slice(0, 10), dmIn[subject]![rf]!.slice(0, 10)))
    // the same key gives the same export
    expect(await runCli(['deidentify', '--sdtm', sdtm, '--out', join(work, 'b'), '--key-file', key], captureIo().io)).toBe(0)
    expect(readFileSync(join(work, 'b', 'lb.csv'), 'utf8')).toBe(readFileSync(join(work, 'a', 'lb.csv'), 'utf8'))
  })
  it('requires its three flags', async () => {
    const c = captureIo()
    expect(await runCli(['deidentify', '--sdtm', sdtm], c.io)).toBe(2)
    expect(c.err()).toContain('--sdtm, --out and --key-file are required')
  })
})
