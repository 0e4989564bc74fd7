/**
 * `celltrial protocol validate` and `celltrial protocol import-ctgov`.
 * Source: protocol.ts; ../command.ts (exit codes).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../main.js'
import { commands } from './protocol.js'

const protocols = new URL('../../../protocols/', import.meta.url)
function setup() {
  const cwd = mkdtempSync(join(tmpdir(), 'celltrial-protocol-'))
  const out: string[] = []
  const err: string[] = []
  return {
    cwd,
    out,
    err,
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), cwd, env: {} },
  }
}

describe('celltrial protocol validate', () => {
  it('accepts a seed protocol', async () => {
    const s = setup()
    const file = new URL('NCT06337474/protocol.json', protocols).pathname
    expect(await runCli(['protocol', 'validate', file], s.io, commands)).toBe(0)
    expect(s.out.join('')).toContain('valid protocol NCT06337474 version 1.0')
  })
  it('lists every schema error with its path and exits 1', async () => {
    const s = setup()
    const p = JSON.parse(readFileSync(new URL('NCT06352281/protocol.json', protocols), 'utf8'))
    p.identification.cellType = 'CAR-B'
    p.lymphodepletion.drugs[0].days = [-3, -5]
    writeFileSync(join(s.cwd, 'bad.json'), JSON.stringify(p))
    expect(await runCli(['protocol', 'validate', 'bad.json'], s.io, commands)).toBe(1)
    const err = s.err.join('')
    expect(err).toContain('2 error(s)')
    expect(err).toContain('identification.cellType:')
    expect(err).toContain('lymphodepletion.drugs.0.days:')
  })
  it('exit 2 without a file, exit 1 for unreadable JSON', async () => {
    expect(await runCli(['protocol', 'validate'], setup().io, commands)).toBe(2)
    const s = setup()
    writeFileSync(join(s.cwd, 'x.json'), '{')
    expect(await runCli(['protocol', 'validate', 'x.json'], s.io, commands)).toBe(1)
  })
})

describe('celltrial protocol import-ctgov', () => {
  it('writes a draft that validates, and lists review points', async () => {
    const s = setup()
    const study = new URL('ctgov/NCT05315778.json', protocols).pathname
    expect(await runCli(['protocol', 'import-ctgov', study, '--out', 'draft.json'], s.io, commands)).toBe(0)
    expect(s.err.join('')).toContain('eligibility criteria need encoding')
    const v = setup()
    expect(await runCli(['protocol', 'validate', join(s.cwd, 'draft.json')], v.io, commands)).toBe(0)
    const draft = JSON.parse(readFileSync(join(s.cwd, 'draft.json'), 'utf8'))
    expect(draft.identification).toMatchObject({
      registryId: 'NCT05315778',
      targetAntigen: 'BCMA',
      cellType: 'CAR-T',
    })
  })
  it('exit 1 for a record that is not API v2', async () => {
    const s = setup()
    writeFileSync(join(s.cwd, 'study.json'), JSON.stringify({ protocolSection: {} }))
    expect(await runCli(['protocol', 'import-ctgov', 'study.json'], s.io, commands)).toBe(1)
    expect(s.err.join('')).toContain('protocolSection.identificationModule')
  })
})
