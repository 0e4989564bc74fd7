import type { Issue } from '../../result.js'

/** Where the SDTM conventions live, cited by every import issue. */
export const SDTM_SOURCE = 'interchange/sdtm-adam.md'

/**
 * An import issue located at `file:line: VARIABLE`. The path is `[file, line, variable]`.
 * Use `RECORD` as the variable for problems of a whole record (CSV structure, field count) and the
 * column name for header problems (line 1).
 */
export function sdtmIssue(file: string, line: number, variable: string, code: string, message: string): Issue {
  return { code, path: [file, line, variable], message, source: SDTM_SOURCE }
}

/**
 * Render an import issue as `file:line: VARIABLE: what is wrong`.
 *
 * Source: interchange/sdtm-adam.md ("A row that breaks a rule above is an error reported as
 * `file:line: VARIABLE: what is wrong`; all errors are reported together").
 * @example formatSdtmIssue(sdtmIssue('lb.csv', 12, 'LBORRESU', 'unknown_unit', 'unknown platelet unit "G/L"')) // 'lb.csv:12: LBORRESU: unknown platelet unit "G/L"'
 */
export function formatSdtmIssue(issue: Issue): string {
  const [file, line, variable] = issue.path
  return `${String(file)}:${String(line)}: ${String(variable)}: ${issue.message}`
}
