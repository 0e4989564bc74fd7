import { sql } from 'kysely'
import type { Db } from './connect.js'

/**
 * Embedded engine upkeep. PGlite runs PostgreSQL in one process with no background workers, so autovacuum never
 * runs: without this the planner has no statistics (it guessed 12 form records for a subject that had 569 and
 * chose hash joins over them) and every update leaves dead rows for good. On the bench/load data directory after
 * 40 s of load, ANALYZE took 228 ms and VACUUM 132 ms, and the record-list review queries went from 2.2 to 0.5 ms.
 * PostgreSQL servers are left to their own autovacuum.
 * @returns the milliseconds it took, or null on PostgreSQL (nothing done)
 */
export async function vacuumAnalyze(db: Db): Promise<number | null> {
  if (db.engine !== 'pglite') return null
  const start = performance.now()
  await sql`vacuum (analyze)`.execute(db.kysely)
  return performance.now() - start
}

/**
 * PostgreSQL's autovacuum analyzes a table once more rows changed since its last ANALYZE than
 * `autovacuum_analyze_threshold + autovacuum_analyze_scale_factor × reltuples` (defaults 50 and 0.1; PostgreSQL
 * 17 documentation §24.1.6 "The Autovacuum Daemon"). The embedded engine has no such daemon, so the server does
 * it (`analyzeChanged`): between the scheduled VACUUMs a growing casebook would otherwise be planned on the row
 * counts of the demo data (bench/load: 12 rows guessed for a subject's 567 form records, a nested loop of 567
 * index probes where a hash join of the few data queries would do).
 */
export const ANALYZE_THRESHOLD = 50
export const ANALYZE_SCALE_FACTOR = 0.1
/** How often the server looks for tables to analyze (autovacuum's naptime is 60 s per database; small casebooks grow fast) */
export const ANALYZE_CHECK_MS = 10_000

/** Whether autovacuum would analyze a table now; `reltuples` -1 (never analyzed) counts as 0. */
export function analyzeDue(modifiedSinceAnalyze: number, reltuples: number): boolean {
  return modifiedSinceAnalyze > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * Math.max(reltuples, 0)
}

/**
 * ANALYZE the tables of the public schema that changed enough since their last ANALYZE (`analyzeDue`), as
 * autovacuum would on a PostgreSQL server. Each takes a moment of the embedded database (form_record at 5,000
 * rows: ~20-100 ms); the thresholds grow with the table, so a table is analyzed less often as it grows.
 * @returns the tables analyzed (none on PostgreSQL, which has its own autovacuum)
 */
export async function analyzeChanged(db: Db): Promise<string[]> {
  if (db.engine !== 'pglite') return []
  const { rows } = await sql<{ table: string; modified: string; reltuples: number }>`
    select s.relname as table, s.n_mod_since_analyze as modified, c.reltuples
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = 'public'`.execute(db.kysely)
  const due = rows.filter((r) => analyzeDue(Number(r.modified), Number(r.reltuples))).map((r) => r.table).sort()
  for (const table of due) await sql`analyze ${sql.table(table)}`.execute(db.kysely)
  return due
}

/** Idle time before a due VACUUM runs: it holds the embedded database for a moment, so it waits for a pause. */
export const VACUUM_IDLE_MS = 5_000

/**
 * Whether the scheduled VACUUM (ANALYZE) should run now: once `intervalMs` has passed since the last run, at the
 * first pause of `VACUUM_IDLE_MS` without requests, and at the latest one more interval later, even under load.
 */
export function vacuumDue(now: number, lastRun: number, lastRequest: number, intervalMs: number): boolean {
  const since = now - lastRun
  if (since < intervalMs) return false
  return now - lastRequest >= VACUUM_IDLE_MS || since >= 2 * intervalMs
}
