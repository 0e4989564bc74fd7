/**
 * `celltrial screen`: table and JSON output, protocol filter, usage and data errors.
 * Source: screen.ts; ../command.ts (exit codes).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findProtocol } from '@celltrial/protocols'
import { kunmingCandidate } from '../../../protocols/src/screening-cases.js'
import { runCli } from '../main.js'
import type { Protocol } from '@celltrial/core'
import { commands } from './screen.js'

function setup(subject: unknown) {
  const cwd = mkdtempSync(join(tmpdir(), 'celltrial-screen-'))
  writeFileSync(join(cwd, 'patient.json'), JSON.stringify(subject))
  const out: string[] = []
  const err: string[] = []
  const io = {
    stdout: (t: string) => void out.push(t),
    stderr: (t: string) => void err.push(t),
    cwd,
    env: {},
  }
  return { io, out, err }
}
const patient = kunmingCandidate(findProtocol('NCT06352281') as Protocol)

describe('celltrial screen', () => {
  it('prints the ranked table with unmet criteria and missing data', async () => {
    const { io, out } = setup(patient)
    expect(await runCli(['screen', '--subject', 'patient.json', '--as-of', '2025-06-01'], io, commands)).toBe(
      0,
    )
    const text = out.join('')
    expect(text).toMatch(/^Rank/)
    expect(text).toContain('NCT06352281  eligible')
    expect(text).toContain('needs attestation  INC-REST')
    expect(text).toContain('not met            INC-2')
  })
  it('prints JSON for one protocol', async () => {
    const { io, out } = setup(patient)
    expect(
      await runCli(
        [
          'screen',
          '--subject',
          'patient.json',
          '--protocol',
          'nct06352281',
          '--as-of',
          '2025-06-01',
          '--json',
        ],
        io,
        commands,
      ),
    ).toBe(0)
    const json = JSON.parse(out.join(''))
    expect(json).toHaveLength(1)
    expect(json[0]).toMatchObject({ protocolId: 'NCT06352281', verdict: 'eligible' })
  })
  it('exit 2 for usage errors, exit 1 for an invalid profile', async () => {
    expect(await runCli(['screen'], setup(patient).io, commands)).toBe(2)
    expect(
      await runCli(
        ['screen', '--subject', 'patient.json', '--protocol', 'NCT00000000'],
        setup(patient).io,
        commands,
      ),
    ).toBe(2)
    expect(
      await runCli(
        ['screen', '--subject', 'patient.json', '--as-of', '2025-13-01'],
        setup(patient).io,
        commands,
      ),
    ).toBe(2)
    const bad = setup({ subjectId: 'X', sex: 'unknown' })
    expect(await runCli(['screen', '--subject', 'patient.json'], bad.io, commands)).toBe(1)
    expect(bad.err.join('')).toContain('sex:')
  })
})
