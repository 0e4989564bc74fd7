import { describe, expect, it } from 'vitest'
import { runCli } from '../main.js'
import { commands } from './three-plus-three.js'

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

describe('celltrial three-plus-three', () => {
  it('exact: the doc §3 row (0.10, 0.30) → 44.8 / 44.8 / 10.4 %, 8.75 patients', async () => {
    const r = await cli('three-plus-three', 'exact', '--p-true', '0.1,0.3', '--json')
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.selectionPercent.map((v: number) => Number(v.toFixed(1)))).toEqual([44.8, 44.8])
    expect(Number(out.noMtdPercent.toFixed(1))).toBe(10.4)
    expect(Number(out.meanSampleSize.toFixed(2))).toBe(8.75)
    expect(out.overdosingRisk60).toBeNull()
  })

  it('simulate: same keys as boin simulate, identical for 1 and 2 workers', async () => {
    const args = [
      'three-plus-three',
      'simulate',
      '--p-true',
      '0.05,0.1,0.2,0.3,0.45',
      '--ntrial',
      '2000',
      '--seed',
      '5',
      '--target',
      '0.3',
      '--json',
    ]
    const one = await cli(...args, '--workers', '1')
    const two = await cli(...args, '--workers', '2')
    expect(one.code, one.stderr).toBe(0)
    expect(two.stdout).toBe(one.stdout)
    expect(Object.keys(JSON.parse(one.stdout))).toEqual([
      'selectionPercent',
      'noMtdPercent',
      'patientsPerDose',
      'dltsPerDose',
      'meanSampleSize',
      'overdosingRisk60',
      'overdosingRisk80',
    ])
  }, 60_000)

  it('prints a table without --json, and usage errors with exit 2', async () => {
    const r = await cli('three-plus-three', 'exact', '--p-true', '0.1,0.3', '--confirm-top-dose')
    expect(r.stdout).toMatch(/3\+3 exact operating characteristics/)
    const bad = await cli('three-plus-three', 'simulate', '--p-true', '0.1,1.3')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--p-true item 2: must be a probability/)
  })
})
