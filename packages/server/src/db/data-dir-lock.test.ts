import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { lockDataDir } from './data-dir-lock.js'

const probe = fileURLToPath(new URL('../testing/lock-probe.ts', import.meta.url))
const tryFromAnotherProcess = (dir: string) =>
  execFileSync(process.execPath, ['--conditions=@celltrial/source', '--import', 'tsx', probe, dir], { encoding: 'utf8' }).trim()

describe('embedded data directory lock', () => {
  it('refuses a second process, naming the holder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'celltrial-lock-'))
    const lock = lockDataDir(dir)
    try {
      expect(tryFromAnotherProcess(dir)).toBe(`refused: data directory ${dir} is in use by pid ${process.pid} (lock file ${join(dir, 'celltrial.lock')})`)
    } finally {
      lock.release()
    }
    expect(existsSync(join(dir, 'celltrial.lock'))).toBe(false)
    expect(tryFromAnotherProcess(dir)).toBe('locked')
  })

  it('takes over a lock left by a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'celltrial-lock-'))
    writeFileSync(join(dir, 'celltrial.lock'), '999999999\n')
    const lock = lockDataDir(dir)
    lock.release()
  })
})
