/** What kind of SQL statement a text is, for the prepared-statement layers of both engines. */

/** The statement's first keyword, after white space and SQL comments. */
function firstKeyword(sql: string): string {
  const m = /^(?:\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)*([A-Za-z]+)/.exec(sql)
  return m ? m[1]!.toLowerCase() : ''
}

const DATA = new Set(['select', 'insert', 'update', 'delete', 'with'])
const DDL = new Set(['create', 'alter', 'drop', 'truncate', 'comment', 'reindex', 'cluster', 'grant', 'revoke', 'do', 'import'])

/** A data statement (SELECT, INSERT, UPDATE, DELETE, WITH): kept prepared. */
export const isDataStatement = (sql: string): boolean => DATA.has(firstKeyword(sql))
/** A schema change: prepared statements may no longer fit the tables. */
export const isDdl = (sql: string): boolean => DDL.has(firstKeyword(sql))

/**
 * Errors of a prepared statement whose tables changed under it (0A000 "cached plan must not change result
 * type") or that the server no longer has (26000): the statement is to be prepared again.
 */
export const isStalePreparedStatement = (code: string | undefined): boolean => code === '0A000' || code === '26000'
