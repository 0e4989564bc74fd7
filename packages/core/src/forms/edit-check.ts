/**
 * Edit checks as data: each check is a plain object (kind + paths + limits) so the same list runs in the
 * browser while typing and again on the server before a save. `error` blocks the save; `warning` lets it
 * through only with a reason per check (the override is audited).
 * Source: ICH E6(R3) §4.2 / §6.9 (data integrity; validated edit checks), CDISC CDASH conventions for
 * date order; the clinical limits are cited on each form's check list.
 */
import type { Issue } from '../result.js'

export type FieldPath = readonly (string | number)[]
export type CheckSeverity = 'error' | 'warning'

/** Context a check may need; the caller supplies it (core has no clock). */
export interface EditCheckContext {
  /** date of informed consent, `YYYY-MM-DD`: nothing clinical is recorded before it */
  consentDate?: string | null
  /** today's date at the site, `YYYY-MM-DD`: nothing is recorded in the future */
  today?: string | null
}

/** Apply the check only when another field has one of the listed values. */
export interface CheckCondition {
  path: FieldPath
  in: readonly unknown[]
}

interface CheckBase {
  /** stable id, e.g. `vs.temp.plausible`; overrides and translations key on it */
  id: string
  severity: CheckSeverity
  /** a sentence for a person, English; the web translates by `id` */
  message: string
  when?: CheckCondition
  source?: string
}

export type EditCheck = CheckBase &
  (
    | { kind: 'required'; path: FieldPath }
    | { kind: 'range'; path: FieldPath; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
    | { kind: 'date-order'; start: FieldPath; end: FieldPath }
    | { kind: 'not-before-consent'; path: FieldPath }
    | { kind: 'not-in-future'; path: FieldPath }
    | { kind: 'less-than'; path: FieldPath; other: FieldPath }
    | { kind: 'at-least-one-true'; paths: readonly FieldPath[]; report: FieldPath }
    | { kind: 'empty'; path: FieldPath }
    | { kind: 'ice-items-sum'; items: FieldPath; total: FieldPath }
  )

/**
 * An issue found by an edit check: the core `Issue` plus its severity and the check id. `checkId` is the stable
 * code a translation keys on; `params` are the values the English detail in `message` was built from, so a
 * translation can say the same thing (`{ value: 50 }` for a range, `{ start, end }` for a date order, ...).
 */
export interface FormIssue extends Issue {
  severity: CheckSeverity
  checkId: string
  params?: Record<string, string | number>
}

/** Read a nested value; `undefined` when any step is missing. */
export function getFieldAt(data: unknown, path: FieldPath): unknown {
  let cur: unknown = data
  for (const key of path) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return cur
}

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

/** The calendar date part of `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM...`; `null` when not a date string. */
export function datePart(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v)
  return m ? m[1]! : null
}

/** Compare two date or date-time strings; date-only against date-time compares the dates. */
function compareDates(a: string, b: string): number {
  const full = a.length > 10 && b.length > 10
  const x = full ? a : a.slice(0, 10)
  const y = full ? b : b.slice(0, 10)
  return x < y ? -1 : x > y ? 1 : 0
}

function iceSum(items: unknown): number | null {
  if (!items || typeof items !== 'object') return null
  const i = items as { orientation?: Record<string, unknown>; naming?: unknown[]; followsCommands?: unknown; writesStandardSentence?: unknown; countsBackwardsBy10?: unknown }
  const values = [
    ...Object.values(i.orientation ?? {}),
    ...(i.naming ?? []),
    i.followsCommands,
    i.writesStandardSentence,
    i.countsBackwardsBy10,
  ]
  if (values.length !== 10 || values.some((v) => typeof v !== 'boolean')) return null
  return values.filter((v) => v === true).length
}

/** Run one check; `null` when it passes or does not apply. */
function runCheck(check: EditCheck, data: unknown, ctx: EditCheckContext): { path: FieldPath; detail: string; params?: Record<string, string | number> } | null {
  if (check.when && !check.when.in.includes(getFieldAt(data, check.when.path))) return null
  switch (check.kind) {
    case 'required':
      return blank(getFieldAt(data, check.path)) ? { path: check.path, detail: 'missing' } : null
    case 'empty':
      return blank(getFieldAt(data, check.path)) ? null : { path: check.path, detail: `got ${String(getFieldAt(data, check.path))}`, params: { value: String(getFieldAt(data, check.path)) } }
    case 'range': {
      const v = getFieldAt(data, check.path)
      if (typeof v !== 'number') return null
      const low = check.min !== undefined && (check.minExclusive ? v <= check.min : v < check.min)
      const high = check.max !== undefined && (check.maxExclusive ? v >= check.max : v > check.max)
      return low || high ? { path: check.path, detail: `got ${v}`, params: { value: v } } : null
    }
    case 'date-order': {
      const s = getFieldAt(data, check.start)
      const e = getFieldAt(data, check.end)
      if (datePart(s) === null || datePart(e) === null) return null
      return compareDates(e as string, s as string) < 0 ? { path: check.end, detail: `${String(e)} is before ${String(s)}`, params: { start: String(s), end: String(e) } } : null
    }
    case 'not-before-consent': {
      const d = datePart(getFieldAt(data, check.path))
      const consent = ctx.consentDate ?? null
      if (d === null || consent === null) return null
      return d < consent ? { path: check.path, detail: `${d} is before consent on ${consent}`, params: { date: d, consent } } : null
    }
    case 'not-in-future': {
      const d = datePart(getFieldAt(data, check.path))
      const today = ctx.today ?? null
      if (d === null || today === null) return null
      return d > today ? { path: check.path, detail: `${d} is after today (${today})`, params: { date: d, today } } : null
    }
    case 'less-than': {
      const a = getFieldAt(data, check.path)
      const b = getFieldAt(data, check.other)
      if (typeof a !== 'number' || typeof b !== 'number') return null
      return a < b ? null : { path: check.path, detail: `${a} is not below ${b}`, params: { value: a, other: b } }
    }
    case 'at-least-one-true':
      return check.paths.some((p) => getFieldAt(data, p) === true) ? null : { path: check.report, detail: 'none selected' }
    case 'ice-items-sum': {
      const total = getFieldAt(data, check.total)
      if (typeof total !== 'number') return null
      const sum = iceSum(getFieldAt(data, check.items))
      if (sum === null) return null
      return sum === total ? null : { path: check.total, detail: `source total ${total}, items sum to ${sum}`, params: { total, sum } }
    }
  }
}

/**
 * Run a list of checks against form data and return every issue found (never stops at the first).
 * @example runChecks([{ id: 'x', kind: 'range', path: ['t'], min: 30, max: 45, severity: 'error', message: 'Temperature 30-45 °C' }], { t: 50 }, {})
 *   // [{ code: 'edit_check.range', path: ['t'], severity: 'error', checkId: 'x', message: 'Temperature 30-45 °C (got 50)', params: { value: 50 } }]
 */
export function runChecks(checks: readonly EditCheck[], data: unknown, ctx: EditCheckContext = {}): FormIssue[] {
  const out: FormIssue[] = []
  for (const check of checks) {
    const hit = runCheck(check, data, ctx)
    if (hit === null) continue
    out.push({
      code: `edit_check.${check.kind}`,
      path: [...hit.path],
      message: `${check.message} (${hit.detail})`,
      severity: check.severity,
      checkId: check.id,
      ...(hit.params ? { params: hit.params } : {}),
      ...(check.source ? { source: check.source } : {}),
    })
  }
  return out
}
