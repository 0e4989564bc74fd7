import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

export interface TableInfo {
  name: string
  columns: { name: string; type: string }[]
  /** columns filled from a sequence (serial), whose sequence must follow restored ids */
  serialColumns: string[]
}

/** Tables the backup skips: the migration ledger is rebuilt by `migrate`. */
const SKIP = new Set(['schema_migration'])

/**
 * The application's tables in an order where every table comes after the tables it references
 * (foreign keys), read from the catalog so new migrations need no change here.
 */
export async function listTables(db: Kysely<Database>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
  const cols = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null }>`
    select table_name, column_name, data_type, column_default from information_schema.columns
    where table_schema = 'public' order by table_name, ordinal_position`.execute(db)
  const fks = await sql<{ child: string; parent: string }>`
    select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`.execute(db)
  const names = tables.rows.map((t) => t.name).filter((n) => !SKIP.has(n))
  const deps = new Map(names.map((n) => [n, new Set<string>()]))
  for (const fk of fks.rows) if (fk.child !== fk.parent) deps.get(fk.child)?.add(fk.parent)
  const ordered: string[] = []
  const visit = (n: string, path: Set<string>) => {
    if (ordered.includes(n) || path.has(n)) return
    path.add(n)
    for (const p of deps.get(n) ?? []) if (deps.has(p)) visit(p, path)
    ordered.push(n)
  }
  for (const n of names) visit(n, new Set())
  return ordered.map((name) => {
    const c = cols.rows.filter((r) => r.table_name === name)
    return {
      name,
      columns: c.map((r) => ({ name: r.column_name, type: r.data_type })),
      serialColumns: c.filter((r) => r.column_default?.startsWith('nextval(')).map((r) => r.column_name),
    }
  })
}
