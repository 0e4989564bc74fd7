import { cp, mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CliIo } from '../command.js'
import { runCli } from '../main.js'
import { evaluate } from './evaluate.js'

const here = dirname(fileURLToPath(import.meta.url))
const fixtures = join(here, 'evaluate', 'fixtures')

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'celltrial-evaluate-'))
  await cp(join(fixtures, 'sdtm'), join(work, 'sdtm'), { recursive: true })
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

function fakeIo(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: '/',
    env,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  }
  return io
}
/** The environment that makes `evaluate` use its helper worker (lb.csv second part, cohort second half) on any file. */
const WORKER = { CELLTRIAL_EVALUATE_WORKER_MIN_BYTES: '0' }
const run = async (args: string[], env: Record<string, string> = {}) => {
  const io = fakeIo(env)
  const code = await runCli(['evaluate', ...args], io, [evaluate])
  return { code, out: io.out, err: io.err }
}
const base = () => ['--sdtm', join(work, 'sdtm'), '--out', join(work, 'out')]
const adam = (name: string) => readFile(join(work, 'out', name), 'utf8')

describe('celltrial evaluate: SDTM -> response -> ADaM round trip (14 hand-built subjects)', () => {
  it('writes adsl, adrs and adtte exactly as the hand-built expected files (IWG defaults, NCT06337474)', async () => {
    const { code, out, err } = await run(['--protocol', 'NCT06337474', ...base()])
    expect(err).toBe('')
    expect(code).toBe(0)
    for (const name of ['adsl.csv', 'adrs.csv', 'adtte.csv']) expect(await adam(name), name).toBe(await readFile(join(fixtures, 'adam', name), 'utf8'))
    expect(out).toContain('data cut-off 2024-04-19 (latest date in the data)')
    expect(out).toContain('Subjects (analysis population: all in dm.csv): 14')
    expect(out).toContain('Best overall response: CR 1, R 10, NR 1, NE 2')
    expect(out).toContain('ORR (CR + R): 11/14, 78.6 % (49.2–95.3), exact 95 % CI (Clopper-Pearson)')
    expect(out).toContain('Median TTR (responders, n = 11): 14 days (range, 14 to 28)')
    expect(out).toContain('Median DoR (Kaplan-Meier, n = 11, 3 losses): NR days')
    expect(out).toContain('Import log dm.csv: unknown columns kept out: SPONSORFLAG')
    expect(out).toContain('Not present (treated as no records): ae.csv, vs.csv')
  })
  it('uses the protocol category names (PR) and its evaluation end day', async () => {
    expect((await run(['--protocol', 'NCT05315778', ...base()])).code).toBe(0)
    expect(await adam('adrs.csv')).toContain('CT-ITP-01-01,BOR,Best overall response,PR,2024-03-15,14')
  })
  it('--params overrides the protocol: rComparator ">" makes a count of exactly 30 indeterminate (E14/E23b)', async () => {
    await writeFile(join(work, 'params.json'), JSON.stringify({ rComparator: '>' }))
    expect((await run(['--protocol', 'NCT06337474', '--params', join(work, 'params.json'), ...base()])).code).toBe(0)
    expect(await adam('adrs.csv')).toContain('CT-ITP-01-11,BOR,Best overall response,NR,,')
  })
  it('--cutoff drops later counts', async () => {
    const { code, out } = await run(['--protocol', 'NCT06337474', '--cutoff', '2024-03-28', ...base()])
    expect(code).toBe(0)
    expect(out).toContain('data cut-off 2024-03-28 (--cutoff)')
    expect(await adam('adrs.csv')).toContain('CT-ITP-01-04,BOR,Best overall response,NE,,')
  })
  it('--json prints every subject with its result and explanation', async () => {
    const { code, out } = await run(['--protocol', 'NCT06337474', '--json', ...base()])
    expect(code).toBe(0)
    const json = JSON.parse(out)
    expect(json.subjects).toHaveLength(14)
    expect(json.subjects[2]).toMatchObject({ usubjid: 'CT-ITP-01-03', result: { bestResponse: 'R', TTR: 14, DoR: 13, DoREvent: true } })
    expect(json.subjects[2].explanation.length).toBeGreaterThan(0)
    expect(json.summary).toMatchObject({ n: 14, responders: 11 })
  })
})

describe('celltrial evaluate: with the helper worker (second half of lb.csv and of the cohort) = on one thread', () => {
  it('the same ADaM files and summary', { timeout: 60_000 }, async () => {
    for (const protocol of ['NCT06337474', 'NCT05315778']) {
      const serial = await run(['--protocol', protocol, ...base()])
      const files = await Promise.all(['adsl.csv', 'adrs.csv', 'adtte.csv'].map(adam))
      await rm(join(work, 'out'), { recursive: true })
      const parallel = await run(['--protocol', protocol, ...base()], WORKER)
      expect(parallel).toEqual(serial)
      expect(await Promise.all(['adsl.csv', 'adrs.csv', 'adtte.csv'].map(adam))).toEqual(files)
    }
  })
  it('the same errors (exact lines in both halves of lb.csv), nothing written', { timeout: 60_000 }, async () => {
    await appendFile(join(work, 'sdtm', 'lb.csv'), 'CT-ITP-01,CT-ITP-01-01,PLAT,45,G/L,2024-03-20,,\nCT-ITP-01,CT-ITP-01-99,PLAT,45,10^9/L,2024-03-20,,\n')
    const lb = await readFile(join(work, 'sdtm', 'lb.csv'), 'utf8')
    await writeFile(join(work, 'sdtm', 'lb.csv'), lb.replace('CT-ITP-01,CT-ITP-01-01,PLAT,10,10^9/L', 'CT-ITP-01,CT-ITP-01-01,PLAT,10,10^9/l'))
    const serial = await run(['--protocol', 'NCT06337474', ...base()])
    expect(serial.code).toBe(1)
    expect(serial.err).toContain('lb.csv:2: LBORRESU')
    expect(serial.err).toContain('lb.csv:72: USUBJID')
    expect(await run(['--protocol', 'NCT06337474', ...base()], WORKER)).toEqual(serial)
    await expect(readdir(join(work, 'out'))).rejects.toThrow()
  })
})

describe('celltrial evaluate: errors', () => {
  it('lists every data error with file:line: VARIABLE and writes nothing (exit 1)', async () => {
    await appendFile(join(work, 'sdtm', 'lb.csv'), 'CT-ITP-01,CT-ITP-01-01,PLAT,45,G/L,2024-03-20,,\nCT-ITP-01,CT-ITP-01-99,PLAT,45,10^9/L,2024-03-20,,\n')
    await appendFile(join(work, 'sdtm', 'cm.csv'), 'CT-ITP-01,CT-ITP-01-02,IVIG,RESCUE,IG,2024-03-20,\n')
    const { code, err } = await run(['--protocol', 'NCT06337474', ...base()])
    expect(code).toBe(1)
    expect(err).toContain('3 errors in the SDTM data; nothing was written')
    expect(err).toContain('lb.csv:71: LBORRESU: unknown platelet unit "G/L"')
    expect(err).toContain('lb.csv:72: USUBJID: subject "CT-ITP-01-99" is not in dm.csv')
    expect(err).toContain('cm.csv:7: CMSCAT: must be one of')
    await expect(readdir(join(work, 'out'))).rejects.toThrow()
  })
  it('names a missing required file (exit 1)', async () => {
    await rm(join(work, 'sdtm', 'ex.csv'))
    const { code, err } = await run(['--protocol', 'NCT06337474', ...base()])
    expect(code).toBe(1)
    expect(err).toContain('ex.csv: required file not found')
  })
  it('usage errors name the flag or the parameter (exit 2)', async () => {
    await writeFile(join(work, 'unknown.json'), JSON.stringify({ rThresh: 30 }))
    await writeFile(join(work, 'type.json'), JSON.stringify({ confirmMinGapDays: 'seven' }))
    const unknown = await run(['--protocol', 'NCT06337474', '--params', join(work, 'unknown.json'), ...base()])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('rThresh')
    const wrongType = await run(['--protocol', 'NCT06337474', '--params', join(work, 'type.json'), ...base()])
    expect(wrongType.code).toBe(2)
    expect(wrongType.err).toContain('confirmMinGapDays')
    expect((await run(['--protocol', 'NCT06337474', '--out', join(work, 'out')])).err).toContain('--sdtm is required')
    expect((await run(['--protocol', 'NCT00000000', ...base()])).code).toBe(2)
    expect((await run(['--protocol', 'NCT06337474', '--cutoff', '2024-02-30', ...base()])).code).toBe(2)
    expect((await run(['--protocol', 'NCT06337474', '--bogus', ...base()])).code).toBe(2)
  })
})
