import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb } from './connect.js'

describe('opening the embedded database', () => {
  it('names the directory PGlite cannot open, and releases the data-directory lock', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'celltrial-broken-'))
    writeFileSync(join(broken, 'pglite'), 'a file where the database directory should be')
    try {
      const first = await openDb({ engine: 'pglite', dataDir: broken }).catch((e: unknown) => e)
      expect(first).toBeInstanceOf(Error)
      expect((first as Error).message).toContain(`cannot open the embedded database in ${join(broken, 'pglite')}: `)
      // the lock was released: a second attempt fails the same way, not with "in use by pid"
      const second = await openDb({ engine: 'pglite', dataDir: broken }).catch((e: unknown) => e)
      expect((second as Error).message).toContain('cannot open the embedded database in')
    } finally {
      rmSync(broken, { recursive: true, force: true })
    }
  })
})
