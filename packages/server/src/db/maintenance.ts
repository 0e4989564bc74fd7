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
