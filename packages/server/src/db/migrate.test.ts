import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listMigrations } from './migrate.js'

describe('listMigrations', () => {
  it('lists the shipped migrations in order, numbers unique', () => {
    const versions = listMigrations().map((m) => m.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
  })

  it('refuses two files with the same number, naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-mig-')) + '/'
    writeFileSync(join(dir, '0001_a.sql'), 'select 1;')
    writeFileSync(join(dir, '0002_b.sql'), 'select 1;')
    writeFileSync(join(dir, '0002_c.sql'), 'select 1;')
    expect(() => listMigrations(dir)).toThrow(/0002_b\.sql and 0002_c\.sql .* share the number 0002/)
  })
})
