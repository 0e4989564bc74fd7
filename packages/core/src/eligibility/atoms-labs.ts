/**
 * Lab atoms: value vs threshold (with unit conversion) and value vs a multiple of ULN/LLN, over the
 * latest `consecutive` results within the lookback.
 *
 * Source: expression-schema.ts; ../shared/domain/README.md "Comparators", "Rounding" (raw values).
 * Decision: results dated after `asOf` are ignored; fewer than `consecutive` results in the lookback is
 * missing data.
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

function latestResults(
  test: string,
  n: number,
  withinDays: number,
  ctx: EligibilityContext,
): LabResult[] | undefined {
  const inWindow = ctx.profile.labs.filter((l) => {
    if (l.test !== test) return false
    const ago = daysBetween(l.date, ctx.asOf)
    return ago >= 0 && ago <= withinDays
  })
  // newest first: the *latest* results decide (expression-schema.ts `consecutive`; registry/NCT06826430.md
  // inclusion 2 "at least two consecutive ... platelet counts <50"). The comparator was reversed (oldest first).
  inWindow.sort((x, y) => daysBetween(x.date, y.date))
  return inWindow.length >= n ? inWindow.slice(0, n) : undefined
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
  const results = latestResults(a.test, a.consecutive, within, ctx)
  if (!results) return unknown([`${field} (${a.consecutive} result(s) within ${within} days)`])
  const used = { [field]: results.map((r) => ({ value: r.value, unit: r.unit, date: r.date })) }
  const values = results.map((r) => convertLabValue(a.test, r.value, r.unit, a.unit))
  if (values.some((v) => v === undefined))
    return unknown([`${field} (unit not convertible to ${a.unit})`], used)
  return known(
    values.every((v) => compareNumbers(v as number, a.cmp, a.value)),
    used,
  )
}

export function evalLabRef(
  a: z.infer<typeof LabRefAtomSchema>,
  ctx: EligibilityContext,
): EligibilityEvaluation {
  const within = a.withinDays ?? ctx.labLookbackDays
  const field = `labs.${a.test}`
  const results = latestResults(a.test, a.consecutive, within, ctx)
  if (!results) return unknown([`${field} (${a.consecutive} result(s) within ${within} days)`])
  const used = {
    [field]: results.map((r) => ({ value: r.value, unit: r.unit, date: r.date, [a.ref]: r[a.ref] })),
  }
  if (results.some((r) => r[a.ref] === undefined)) return unknown([`${field}.${a.ref}`], used)
  return known(
    results.every((r) => compareMultiple(r.value, a.cmp, a.multiple, r[a.ref] as number)),
    used,
  )
}
