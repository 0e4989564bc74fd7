/**
 * The same JavaScript types from both engines (../shared/STACK.md §2.1 "Type parity"):
 * int8 and numeric -> number, date -> 'YYYY-MM-DD', timestamptz/timestamp -> ISO 8601 string (UTC, ms).
 * Postgres type OIDs: src/include/catalog/pg_type.dat in the PostgreSQL sources.
 */
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 } as const

const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}(?::?\d{2}){0,2})?$/

/** Convert Postgres' text form of a timestamp(tz) (`2024-03-01 10:00:00.123+08`) to ISO UTC. */
export function pgTimestampToIso(value: string): string {
  const m = PG_TIMESTAMP.exec(value)
  if (!m) return value // infinity / -infinity / BC dates pass through unchanged
  let offset = m[3] ?? '+00:00'
  if (/^[+-]\d{2}$/.test(offset)) offset += ':00'
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`
  else if (/^[+-]\d{2}:\d{2}:\d{2}$/.test(offset)) offset = offset.slice(0, 6)
  return new Date(`${m[1]}T${m[2]}${offset}`).toISOString()
}

/** Parsers keyed by type OID, in the shape PGlite's `parsers` option and `pg.types.setTypeParser` take. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: (v) => Number(v),
  [OID.NUMERIC]: (v) => Number(v),
  [OID.DATE]: (v) => v,
  [OID.TIMESTAMP]: (v) => pgTimestampToIso(v),
  [OID.TIMESTAMPTZ]: (v) => pgTimestampToIso(v),
}
