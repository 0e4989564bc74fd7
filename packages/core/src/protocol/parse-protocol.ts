/**
 * Parse a protocol, reporting every schema problem with its path (never only the first) and the value seen.
 *
 * Source: ../shared/STYLE.md §8.1 (collect every failure as data); packages/core/src/result.ts (`Issue.message`:
 * "what is wrong and the value seen").
 */
import type { z } from 'zod'
import { fail, ok, type Issue, type Result } from '../result.js'
import { ProtocolSchema, type Protocol } from './protocol-schema.js'

/** Map zod issues to core issues (`code`, `path`, `message`). */
export function zodIssuesToIssues(issues: readonly z.core.$ZodIssue[], source?: string): Issue[] {
  return issues.map((i) => ({
    code: i.code,
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
    ...(source ? { source } : {}),
  }))
}

const MAX_SHOWN = 80

/** The input's own value at `path`; `found: false` when a step is missing or not an own property. */
function valueAt(input: unknown, path: readonly (string | number)[]): { found: boolean; value?: unknown } {
  let cur = input
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key))
      return { found: false }
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return { found: true, value: cur }
}

/** A short, never-throwing rendering of a JSON-like value: `-5`, `"per-m2"`, `[-3,-4]`, `NaN`. */
function show(v: unknown): string {
  let s: string
  try {
    if (typeof v === 'bigint') s = `${v}n`
    else if (typeof v === 'number' || typeof v === 'boolean' || v === undefined) s = String(v)
    else if (typeof v === 'function' || typeof v === 'symbol') s = typeof v
    else
      s =
        JSON.stringify(v, (_k, x: unknown) =>
          typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x,
        ) ?? 'undefined'
  } catch {
    s = Object.prototype.toString.call(v)
  }
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}...` : s
}

/**
 * Append the value seen at each issue's path to its message (`... (value: -5)`). Issues about unknown keys
 * name the keys already; a missing field says so.
 */
function withValuesSeen(issues: Issue[], input: unknown): Issue[] {
  return issues.map((i) => {
    if (i.code === 'unrecognized_keys') return i
    const seen = valueAt(input, i.path)
    return { ...i, message: `${i.message} (value: ${seen.found ? show(seen.value) : 'missing'})` }
  })
}

/**
 * Validate unknown JSON as a protocol. Does not throw on any JSON-like input: it gives a protocol or issues.
 * @param json parsed JSON (not text)
 * @returns the protocol with defaults filled in, or every issue with its path and the value seen there
 * @example parseProtocol({}).ok // false; issues name identification, version, arms, ...
 */
export function parseProtocol(json: unknown): Result<Protocol> {
  const r = ProtocolSchema.safeParse(json)
  return r.success
    ? ok(r.data)
    : fail(
        withValuesSeen(
          zodIssuesToIssues(r.error.issues, 'packages/core/src/protocol/protocol-schema.ts'),
          json,
        ),
      )
}
