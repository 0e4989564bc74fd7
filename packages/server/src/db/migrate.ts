import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql, type Kysely } from 'kysely'
import type { Database } from './schema.js'
import { splitSqlStatements } from './split-sql.js'

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))

export interface Migration {
  version: number
  name: string
  sql: string
}

/** The numbered, forward-only migrations in packages/server/migrations (`NNNN_name.sql`). */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
  // Two files with one number would leave the second unapplied forever (the version is the key): refuse.
  const seen = new Map<string, string>()
  for (const f of files) {
    const clash = seen.get(f.slice(0, 4))
    if (clash) throw new Error(`migrations ${clash} and ${f} in ${dir} share the number ${f.slice(0, 4)}: renumber one`)
    seen.set(f.slice(0, 4), f)
  }
  return files.map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(dir + f, 'utf8') }))
}

/**
 * Apply pending migrations in one transaction under an advisory lock, so two servers starting
 * against the same PostgreSQL database do not race. Returns the versions applied.
 */
export async function migrate(db: Kysely<Database>, migrations = listMigrations()): Promise<number[]> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7426001)`.execute(tx)
    await sql`create table if not exists schema_migration (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`.execute(tx)
    const done = await sql<{ version: number }>`select version from schema_migration`.execute(tx)
    const applied = new Set(done.rows.map((r) => Number(r.version)))
    const now: number[] = []
    for (const m of migrations) {
      if (applied.has(m.version)) continue
      for (const statement of splitSqlStatements(m.sql)) await sql.raw(statement).execute(tx)
      await sql`insert into schema_migration (version, name) values (${m.version}, ${m.name})`.execute(tx)
      now.push(m.version)
    }
    return now
  })
}
