import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import { openDb, type Db } from '../db/connect.js'
import { withDatabase } from './global-setup.js'

/** Which engine the server tests run on: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export const TEST_ENGINE = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'

/** PostgreSQL only: the URL of a new empty database (a copy of the template) and how to drop it. */
export async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('freshPostgresUrl needs TEST_DATABASE_URL')
  const { default: pg } = await import('pg')
  const name = `celltrial_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name} template ${inject('pgTemplateDb')}`)
  await admin.end()
  return {
    url: withDatabase(url, name),
    async drop() {
      const a = new pg.Client({ connectionString: url })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/**
 * A fresh, migrated, empty database of its own for one test file (a copy of the run's template).
 * Close it with `db.close()`.
 */
export async function freshDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const { default: pg } = await import('pg')
    const name = `celltrial_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create database ${name} template ${inject('pgTemplateDb')}`)
    await admin.end()
    const db = await openDb({ engine: 'postgres', url: withDatabase(url, name) })
    return {
      ...db,
      async close() {
        await db.close()
        const a = new pg.Client({ connectionString: url })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const blob = new Blob([readFileSync(inject('pgliteTemplate'))])
  return openDb({ engine: 'pglite', memory: true, loadDataDir: blob })
}
