export declare const OID: { readonly INT8: 20; readonly NUMERIC: 1700; readonly DATE: 1082; readonly TIMESTAMP: 1114; readonly TIMESTAMPTZ: 1184 }
/** Convert Postgres' text form of a timestamp(tz) (`2024-03-01 10:00:00.123+08`) to ISO UTC. */
export declare function pgTimestampToIso(value: string): string
/** Parsers keyed by type OID, in the shape PGlite's `parsers` option and `pg.types.setTypeParser` take. */
export declare const typeParsers: Record<number, (value: string) => unknown>
