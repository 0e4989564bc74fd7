import type { ErrorDetail } from '../errors.js'

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Text PostgreSQL cannot store as sent: U+0000 (refused in `text` and `jsonb`) and lone UTF-16 surrogates
 * (not Unicode; a driver would silently turn them into U+FFFD, changing the data). Found in a request's body,
 * path parameters or query string, in values and in object keys.
 *
 * @param input the parsed request parts, by name (`body`, `params`, `query`)
 * @returns one detail per offending string (at most `limit`), each with its path, e.g. `body.data.note`
 * @example unstorableText({ body: { note: 'a\u0000b' } }) // [{ path: 'body.note', message: 'contains the NUL character (U+0000)' }]
 */
export function unstorableText(input: Record<string, unknown>, limit = 10): ErrorDetail[] {
  const found: ErrorDetail[] = []
  const check = (s: string, path: string) => {
    if (s.includes('\u0000')) found.push({ path, message: 'contains the NUL character (U+0000), which cannot be stored' })
    else if (LONE_SURROGATE.test(s)) found.push({ path, message: 'contains a lone UTF-16 surrogate: not valid Unicode text' })
  }
  // an explicit stack: a 1 MiB body can nest deeper than the call stack allows
  const stack: [unknown, string][] = Object.entries(input).map(([k, v]) => [v, k])
  while (stack.length > 0 && found.length < limit) {
    const [value, path] = stack.pop()!
    if (typeof value === 'string') check(value, path)
    else if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, `${path}.${i}`]))
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        check(k, `${path}.${k}`)
        stack.push([v, `${path}.${k}`])
      }
  }
  return found
}
