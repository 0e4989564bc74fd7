/**
 * `celltrial import odm|fhir` flag handling (the import itself is tested on a database in
 * packages/server/src/exchange/exchange.test.ts, through the same `importOdmAs` / `importFhirAs`).
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../main.js'
import { commands } from './exchange-import.js'

const run = async (argv: string[]) => {
  const io = { out: '', err: '', cwd: '/', env: {}, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) }
  const code = await runCli(argv, io, commands)
  return { code, ...io }
}

describe('celltrial import', () => {
  it('requires --study and --as for odm, and --subject for fhir (exit 2, naming the flag)', async () => {
    const a = await run(['import', 'odm', 'x.xml', '--as', 'dm'])
    expect(a.code).toBe(2)
    expect(a.err).toContain('--study is required')
    const b = await run(['import', 'odm', 'x.xml', '--study', 'NCT06352281'])
    expect(b.code).toBe(2)
    expect(b.err).toContain('--as is required')
    const c = await run(['import', 'fhir', 'x.json', '--study', '1', '--as', 'coord'])
    expect(c.code).toBe(2)
    expect(c.err).toContain('--subject is required')
  })

  it('refuses a missing file and flags of the other format before opening any database', async () => {
    const a = await run(['import', 'odm', '/nonexistent/celltrial-import.xml', '--study', '1', '--as', 'dm'])
    expect(a.code).toBe(2)
    expect(a.err).toContain('no such file: /nonexistent/celltrial-import.xml')
    expect((await run(['import', 'fhir', 'x.json', '--study', '1', '--subject', 'S-1', '--as', 'c', '--create-subjects'])).code).toBe(2)
    expect((await run(['import', 'odm', 'x.xml', '--study', '1', '--as', 'c', '--bogus'])).code).toBe(2)
  })
})
