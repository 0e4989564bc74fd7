/**
 * Results and issues: boundaries return values, they do not throw.
 * The issue shape follows zod's (code, path, message) so that every engine reports
 * every problem it found, each with where it is.
 */

/** One problem found in an input, with where it is. */
export interface Issue {
  /** stable machine code, e.g. `invalid_date`, `missing_field` */
  code: string
  /** location inside the input, e.g. `['subjects', 3, 'weightKg']` */
  path: (string | number)[]
  /** a sentence for a person: what is wrong and the value seen */
  message: string
  /** where the rule comes from (doc section, file:line), when known */
  source?: string
}

export type Result<T> = { ok: true; value: T; issues?: never } | { ok: false; issues: Issue[]; value?: never }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(issues: Issue[]): Result<T> => ({ ok: false, issues })

/** Render an issue list as lines `path: message` for a CLI or a log. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n')
}
