/**
 * Lab atoms: value vs threshold (with unit conversion) and value vs a multiple of ULN/LLN, over the
 * latest `consecutive` results within the lookback.
 *
 * Source: expression-schema.ts; ../shared/domain/README.md "Comparators", "Rounding" (raw values).
 * Decision: results dated after `asOf` are ignored; fewer than `consecutive` results in the lookback is
 * missing data. Same-date results have no order: a choice among them that changes the answer is missing data.
 */
import type { z } from 'zod'
import { daysBetween } from '../dates/index.js'
import type { EligibilityComparator, LabAtomSchema, LabRefAtomSchema } from './expression-schema.js'
import { convertLabValue } from './lab-units.js'
import { compareWithMultiple } from '../toxicity/exact-decimal.js'
import type { LabResult } from './profile-schema.js'
import {
  compareNumbers,
  known,
  unknown,
  type EligibilityEvaluation,
  type EligibilityContext,
} from './tri-state.js'

/**
 * The latest `n` results in the lookback. Results on one date have no order (no time is recorded;
 * ../shared/domain/response-itp.md §3.3: same-date samples are 0 days apart), so when the n-th place falls
 * inside a same-date group, any `need` of that group may be the ones meant (see `allOfLatest`).
 */
interface LatestResults {
  /** results of the dates fully taken, newest first */
  whole: LabResult[]
  /** the same-date group the n-th place falls in, when only part of it is taken (else empty) */
  tie: LabResult[]
  /** how many of `tie` are taken */
  need: number
}

function latestResults(
  test: string,
  n: number,
  withinDays: number,
  ctx: EligibilityContext,
): LatestResults | undefined {
  const inWindow = ctx.profile.labs.filter((l) => {
    if (l.test !== test) return false
    const ago = daysBetween(l.date, ctx.asOf)
    return ago >= 0 && ago <= withinDays
  })
  // newest first: the *latest* results decide (expression-schema.ts `consecutive`; registry/NCT06826430.md
  // inclusion 2 "at least two consecutive ... platelet counts <50"). The comparator was reversed (oldest first).
  inWindow.sort((x, y) => daysBetween(x.date, y.date))
  if (inWindow.length < n) return undefined
  const last = inWindow[n - 1]!
  const whole = inWindow.filter((r) => daysBetween(r.date, last.date) < 0)
  const group = inWindow.filter((r) => r.date === last.date)
  const need = n - whole.length
  return need === group.length
    ? { whole: [...whole, ...group], tie: [], need: 0 }
    : { whole, tie: group, need }
}

/**
 * Every one of the latest results satisfies `ok`, decided over every choice of `need` results from a
 * straddling same-date group: true if all of the group satisfy it, false if fewer than `need` do, else unknown.
 */
function allOfLatest(sel: LatestResults, ok: (r: LabResult) => boolean): boolean | null {
  if (!sel.whole.every(ok)) return false
  const nOk = sel.tie.filter(ok).length
  return nOk === sel.tie.length ? true : nOk < sel.need ? false : null
}

/**
 * `value cmp multiple × ref` on the decimal numbers as stored, without binary rounding: 1.74 is not more
 * than 3 × 0.58, though `3 * 0.58` is 1.7399999999999998 in floating point.
 * Source: ../shared/domain/README.md "Rounding" ("Compare raw stored values"); registry/NCT06352281.md
 * exclusion 10 "more than 3 times the upper limit of normal".
 */
function compareMultiple(value: number, cmp: EligibilityComparator, multiple: number, ref: number): boolean {
  if (![value, multiple, ref].every(Number.isFinite)) return compareNumbers(value, cmp, multiple * ref)
  return compareNumbers(compareWithMultiple(value, multiple, ref), cmp, 0)
}

export function evalLab(a: z.infer<typeof LabAtomSchema>, ctx: EligibilityContext): EligibilityEvaluation {
  const within = a.withinDays ?? ctx.labLookbackDays
  const field = `labs.${a.test}`
  const sel = latestResults(a.test, a.consecutive, within, ctx)
  if (!sel) return unknown([`${field} (${a.consecutive} result(s) within ${within} days)`])
  const results = [...sel.whole, ...sel.tie]
  const used = { [field]: results.map((r) => ({ value: r.value, unit: r.unit, date: r.date })) }
  const value = (r: LabResult) => convertLabValue(a.test, r.value, r.unit, a.unit)
  if (results.some((r) => value(r) === undefined))
    return unknown([`${field} (unit not convertible to ${a.unit})`], used)
  return decided(
    allOfLatest(sel, (r) => compareNumbers(value(r) as number, a.cmp, a.value)),
    field,
    sel,
    used,
  )
}

function decided(
  v: boolean | null,
  field: string,
  sel: LatestResults,
  used: Record<string, unknown>,
): EligibilityEvaluation {
  return v === null ? unknown([`${field} (results on ${sel.tie[0]?.date} disagree)`], used) : known(v, used)
}

export function evalLabRef(
  a: z.infer<typeof LabRefAtomSchema>,
  ctx: EligibilityContext,
): EligibilityEvaluation {
  const within = a.withinDays ?? ctx.labLookbackDays
  const field = `labs.${a.test}`
  const sel = latestResults(a.test, a.consecutive, within, ctx)
  if (!sel) return unknown([`${field} (${a.consecutive} result(s) within ${within} days)`])
  const results = [...sel.whole, ...sel.tie]
  const used = {
    [field]: results.map((r) => ({ value: r.value, unit: r.unit, date: r.date, [a.ref]: r[a.ref] })),
  }
  if (results.some((r) => r[a.ref] === undefined)) return unknown([`${field}.${a.ref}`], used)
  return decided(
    allOfLatest(sel, (r) => compareMultiple(r.value, a.cmp, a.multiple, r[a.ref] as number)),
    field,
    sel,
    used,
  )
}
