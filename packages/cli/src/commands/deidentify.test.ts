import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
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
  it('numbers pseudonyms per site in a key-dependent order, not in the order of the original ids (Safe Harbor (R), 164.514(c))', async () => {
    const work = mkdtempSync(join(tmpdir(), 'celltrial-deid-'))
    const key = join(work, 'fixed.key')
    writeFileSync(key, '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n')
    expect(await runCli(['deidentify', '--sdtm', sdtm, '--out', join(work, 'o'), '--key-file', key], captureIo().io)).toBe(0)
    const [dmHead, ...dmIn] = read(sdtm, 'dm.csv')
    const [, ...dmOut] = read(join(work, 'o'), 'dm.csv')
    const u = dmHead!.indexOf('USUBJID')
    const s = dmHead!.indexOf('SITEID')
    for (const site of new Set(dmIn.map((r) => r[s]!))) {
      const codes = dmOut.filter((r) => r[s] === site).map((r) => r[u]!)
      const inOrder = codes.map((_, i) => `${site}-${String(i + 1).padStart(3, '0')}`)
      // every code of the site is used once ...
      expect([...codes].sort()).toEqual(inOrder)
      // ... but not handed out in the order of the original (sorted) subject ids
      expect(codes).not.toEqual(inOrder)
    }
    // one code per subject in every table
    const [lbHead, ...lbIn] = read(sdtm, 'lb.csv')
    const [, ...lbOut] = read(join(work, 'o'), 'lb.csv')
    const codeOf = new Map(dmIn.map((r, i) => [r[u]!, dmOut[i]![u]!]))
    const lu = lbHead!.indexOf('USUBJID')
    lbIn.forEach((r, i) => expect(lbOut[i]![lu]).toBe(codeOf.get(r[lu]!)))
  })
  it('requires its three flags', async () => {
    const c = captureIo()
    expect(await runCli(['deidentify', '--sdtm', sdtm], c.io)).toBe(2)
    expect(c.err()).toContain('--sdtm, --out and --key-file are required')
  })
})
