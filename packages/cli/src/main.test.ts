import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from './main.js'
import { captureIo } from './testing.js'

describe('celltrial', () => {
  it('lists its commands', async () => {
    const c = captureIo()
    expect(await runCli(['--help'], c.io)).toBe(0)
    for (const name of ['serve', 'migrate', 'user add', 'audit verify']) expect(c.out()).toContain(name)
  })
  it('treats an unknown command as a usage error', async () => {
    const c = captureIo()
    expect(await runCli(['frobnicate'], c.io)).toBe(2)
    expect(c.err()).toContain('unknown command "frobnicate"')
  })
  it('treats an unknown flag as a usage error naming it', async () => {
    const c = captureIo()
    expect(await runCli(['audit', 'verify', '--bogus'], c.io)).toBe(2)
    expect(c.err()).toContain("'--bogus'")
    expect(c.err()).toContain('Usage: celltrial audit verify')
  })
  it('prints the help of each command', async () => {
    for (const name of [['serve'], ['migrate'], ['user', 'add'], ['audit', 'verify']]) {
      const c = captureIo()
      expect(await runCli([...name, '--help'], c.io)).toBe(0)
      expect(c.out()).toContain(`Usage: celltrial ${name.join(' ')}`)
    }
  })
  it('refuses a bad configuration value, naming the variable and the value', async () => {
    const c = captureIo({ DATABASE_URL: 'mysql://x' })
    expect(await runCli(['migrate'], c.io)).toBe(2)
    expect(c.err()).toContain('DATABASE_URL="mysql://x"')
  })
})

describe('celltrial on an embedded database', () => {
  it('adds a user with a one-time link, and verifies the audit chain', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'celltrial-cli-'))
    const env = { CELLTRIAL_DATA_DIR: dir }
    const add = captureIo(env)
    expect(await runCli(['user', 'add', '--username', 'li.na', '--name', 'Li Na', '--role', 'coordinator', '--role', 'monitor'], add.io)).toBe(0)
    expect(add.out()).toMatch(/Created user li\.na \(id 1, roles coordinator, monitor\)/)
    expect(add.out()).toMatch(/http:\/\/127\.0\.0\.1:8080\/setup\?token=[A-Za-z0-9_-]{43}/)
    const badRole = captureIo(env)
    expect(await runCli(['user', 'add', '--username', 'x.y', '--role', 'surgeon'], badRole.io)).toBe(2)
    const verify = captureIo(env)
    expect(await runCli(['audit', 'verify', '--json'], verify.io)).toBe(0)
    expect(JSON.parse(verify.out())).toEqual({ ok: true, checked: 1 })
  })
})
