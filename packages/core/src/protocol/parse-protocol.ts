/**
 * Parse a protocol, reporting every schema problem with its path (never only the first).
 *
 * Source: ../shared/STYLE.md §8.1 (collect every failure as data); packages/core/src/result.ts.
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

/**
 * Validate unknown JSON as a protocol.
 * @param json parsed JSON (not text)
 * @returns the protocol with defaults filled in, or every issue with its path
 * @example parseProtocol({}).ok // false; issues name identification, version, arms, ...
 */
export function parseProtocol(json: unknown): Result<Protocol> {
  const r = ProtocolSchema.safeParse(json)
  return r.success
    ? ok(r.data)
    : fail(zodIssuesToIssues(r.error.issues, 'packages/core/src/protocol/protocol-schema.ts'))
}
