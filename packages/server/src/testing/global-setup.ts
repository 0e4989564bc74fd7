import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDb } from '../db/connect.js'
import { migrate } from '../db/migrate.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    pgTemplateDb: string
  }
}

/**
 * Build one migrated database per test run and let each test file copy it:
 * PGlite's initdb costs seconds and ~800 MB, loading a dumped data dir ~1 s (../shared/STACK.md §2.1).
 * With TEST_DATABASE_URL set, a template database is created on that PostgreSQL server instead.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'celltrial-test-'))
  const url = process.env.TEST_DATABASE_URL
  let pgTemplateDb = ''
  if (url) {
    const { default: pg } = await import('pg')
    pgTemplateDb = `celltrial_tpl_${process.pid}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`drop database if exists ${pgTemplateDb}`)
    await admin.query(`create database ${pgTemplateDb}`)
    await admin.end()
    const db = await openDb({ engine: 'postgres', url: withDatabase(url, pgTemplateDb) })
    await migrate(db.kysely)
    await db.close()
  }
  const db = await openDb({ engine: 'pglite', memory: true })
  await migrate(db.kysely)
  const blob = await db.dumpDataDir!()
  await db.close()
  const file = join(dir, 'template.tar')
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  project.provide('pgTemplateDb', pgTemplateDb)
  return async () => {
    rmSync(dir, { recursive: true, force: true })
    if (url && pgTemplateDb) {
      const { default: pg } = await import('pg')
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`drop database if exists ${pgTemplateDb} with (force)`)
      await admin.end()
    }
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
