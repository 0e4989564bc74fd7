import { describe, expect, it } from 'vitest'
import { runCli } from '../main.js'
import { commands } from './boin.js'

async function cli(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: '/', env: {} },
    commands,
  )
  return { code, stdout, stderr }
}
const json = async (...argv: string[]) => {
  const r = await cli(...argv, '--json')
  expect(r.code, r.stderr).toBe(0)
  expect(r.stdout.trim().split('\n')).toHaveLength(1)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

describe('celltrial boin boundaries', () => {
  it('prints λe, λd and the table for n = 1 … ncohort × cohortsize (doc §2.4, φ = 0.30)', async () => {
    const out = await json('boin', 'boundaries', '--target', '0.3', '--ncohort', '4', '--cohortsize', '3')
    expect(Object.keys(out)).toEqual(['lambdaE', 'lambdaD', 'table'])
    expect(out.lambdaE).toBeCloseTo(0.236491, 6)
    const table = out.table as {
      n: number
      escalateIfDltLe: number
      deescalateIfDltGe: number
      eliminateIfDltGe: number | null
    }[]
    expect(table).toHaveLength(12)
    expect(table[0]).toEqual({ n: 1, escalateIfDltLe: 0, deescalateIfDltGe: 1, eliminateIfDltGe: null })
    expect(table.map((r) => r.eliminateIfDltGe)).toEqual([null, null, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7])
  })

  it('defaults to 10 cohorts of 3 and prints a readable table without --json', async () => {
    const r = await cli('boin', 'boundaries', '--target', '0.25')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/λe = 0\.196801, λd = 0\.298392/)
    expect(r.stdout.trim().split('\n')).toHaveLength(3 + 30)
  })

  it('adds the extrasafe stopping boundary with --extrasafe', async () => {
    const out = await json(
      'boin',
      'boundaries',
      '--target',
      '0.3',
      '--ncohort',
      '1',
      '--extrasafe',
      '--offset',
      '0.05',
    )
    expect((out.table as unknown[])[2]).toEqual({
      n: 3,
      escalateIfDltLe: 0,
      deescalateIfDltGe: 2,
      eliminateIfDltGe: 3,
      stopIfLowestDoseDltGe: 2,
    })
  })

  it('is a usage error (exit 2) naming the flag for a bad value', async () => {
    const r = await cli('boin', 'boundaries', '--target', '0.9')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--target: the target is too high/)
    expect((await cli('boin', 'boundaries')).stderr).toMatch(/--target is required/)
    expect((await cli('boin', 'boundaries', '--target', '0.3', '--bogus')).code).toBe(2)
  })
})

describe('celltrial boin select-mtd', () => {
  it('selects the MTD with isotonic estimates and eliminated doses', async () => {
    const out = await json(
      'boin',
      'select-mtd',
      '--target',
      '0.3',
      '--npts',
      '3,3,9,12,3',
      '--ntox',
      '0,0,2,4,2',
    )
    expect(Object.keys(out)).toEqual(['mtd', 'isotonicEstimates', 'eliminated'])
    expect(out.mtd).toBe(4)
    expect((out.isotonicEstimates as number[]).map((v) => Number(v.toFixed(4)))).toEqual([
      0.0161, 0.0161, 0.2253, 0.3347, 0.6613,
    ])
    expect(out.eliminated).toEqual([false, false, false, false, false])
  })

  it('M4 of the doc: dose 1, or none with --bound-mtd', async () => {
    expect((await json('boin', 'select-mtd', '--target', '0.3', '--npts', '6,3', '--ntox', '3,3')).mtd).toBe(
      1,
    )
    const bounded = await json(
      'boin',
      'select-mtd',
      '--target',
      '0.3',
      '--npts',
      '6,3',
      '--ntox',
      '3,3',
      '--bound-mtd',
      '--p-tox',
      '0.42',
    )
    expect(bounded).toEqual({ mtd: null, isotonicEstimates: [0.5, null], eliminated: [false, true] })
  })

  it('names the offending list item', async () => {
    const r = await cli('boin', 'select-mtd', '--target', '0.3', '--npts', '3,3', '--ntox', '0,4')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--ntox item 2/)
  })
})

describe('celltrial boin simulate / exact', () => {
  const args = [
    'boin',
    'simulate',
    '--target',
    '0.3',
    '--p-true',
    '0.05,0.1,0.2,0.3,0.45',
    '--ncohort',
    '10',
    '--cohortsize',
    '3',
    '--ntrial',
    '2000',
    '--seed',
    '1',
  ]

  it('prints the OC keys, identical with 1 and 2 workers for the same seed', async () => {
    const one = await json(...args, '--workers', '1')
    expect(Object.keys(one)).toEqual([
      'selectionPercent',
      'noMtdPercent',
      'patientsPerDose',
      'dltsPerDose',
      'meanSampleSize',
      'overdosingRisk60',
      'overdosingRisk80',
    ])
    expect(await json(...args, '--workers', '2')).toEqual(one)
  }, 60_000)

  it('prints a readable table without --json', async () => {
    const r = await cli(...args)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/selected %/)
    expect(r.stdout).toMatch(/mean sample size: /)
  })

  it('exact reproduces the doc §3 row (0.10, 0.30): 29.6 / 70.2 / 0.2 %', async () => {
    const out = await json(
      'boin',
      'exact',
      '--target',
      '0.3',
      '--p-true',
      '0.1,0.3',
      '--ncohort',
      '3',
      '--cohortsize',
      '3',
    )
    expect((out.selectionPercent as number[]).map((v) => Number(v.toFixed(1)))).toEqual([29.6, 70.2])
    expect(Number((out.noMtdPercent as number).toFixed(1))).toBe(0.2)
  })
})
