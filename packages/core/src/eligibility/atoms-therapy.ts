/**
 * Prior-therapy atoms: how many therapies (or classes) with given outcomes, and time since the last one.
 *
 * Source: expression-schema.ts. Unknown parts of a record (missing dates, outcome `unknown`) are handled
 * exactly: the atom is evaluated with the unknown records at both extremes, and is decided only when both agree.
 */
import type { z } from 'zod'
import { daysBetween } from '../dates/index.js'
import type { DaysSinceTherapyAtomSchema, PriorTherapyAtomSchema } from './expression-schema.js'
import type { PriorTherapy } from './profile-schema.js'
import {
  compareNumbers,
  known,
  unknown,
  type EligibilityEvaluation,
  type EligibilityContext,
} from './tri-state.js'

const summary = (t: PriorTherapy) => ({
  class: t.class,
  outcome: t.outcome,
  startDate: t.startDate,
  endDate: t.endDate,
})

/** Duration in days of a therapy (ongoing: to asOf), or undefined when a date is missing. */
function durationDays(t: PriorTherapy, asOf: string): number | undefined {
  if (t.startDate === undefined || t.endDate === undefined) return undefined
  return daysBetween(t.startDate, t.endDate ?? asOf)
}

export function evalPriorTherapy(
  a: z.infer<typeof PriorTherapyAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.therapies === undefined) return unknown(['therapies'])
  const sure: PriorTherapy[] = []
  const maybe: { t: PriorTherapy; i: number; field: string }[] = []
  profile.therapies.forEach((t, i) => {
    if (a.classes && !a.classes.includes(t.class)) return
    // outcome `unknown` is unknown, not a non-match (../shared/STYLE.md §8.2): the record may or may not count
    const outcomeUnknown =
      a.outcomes !== undefined && !a.outcomes.includes(t.outcome) && t.outcome === 'unknown'
    if (a.outcomes && !a.outcomes.includes(t.outcome) && !outcomeUnknown) return
    if (a.minDurationDays !== undefined) {
      const d = durationDays(t, asOf)
      if (d === undefined) return void maybe.push({ t, i, field: `therapies[${i}].startDate/endDate` })
      if (d < a.minDurationDays) return
    }
    if (outcomeUnknown) return void maybe.push({ t, i, field: `therapies[${i}].outcome` })
    sure.push(t)
  })
  const count = (list: PriorTherapy[]) =>
    a.countBy === 'class' ? new Set(list.map((t) => t.class)).size : list.length
  const low = compareNumbers(count(sure), a.cmp, a.count)
  const high = compareNumbers(count([...sure, ...maybe.map((m) => m.t)]), a.cmp, a.count)
  const used = { therapies: [...sure, ...maybe.map((m) => m.t)].map(summary) }
  if (low === high) return known(low, used)
  return unknown(
    maybe.map((m) => m.field),
    used,
  )
}

/**
 * D = days since the end of the last matching therapy (ongoing = 0). A record without an end date puts D
 * anywhere in [0, D_known]; the atom is decided when both ends of that range give the same answer
 * (exact for the order comparators; `==` with an unknown end date stays unknown).
 */
export function evalDaysSinceTherapy(
  a: z.infer<typeof DaysSinceTherapyAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.therapies === undefined) return unknown(['therapies'])
  const matching = profile.therapies
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => !a.classes || a.classes.includes(t.class))
  const used: Record<string, unknown> = { therapies: matching.map(({ t }) => summary(t)) }
  let knownMin = Number.POSITIVE_INFINITY
  const unknownIdx: number[] = []
  for (const { t, i } of matching) {
    if (t.endDate === undefined) unknownIdx.push(i)
    else knownMin = Math.min(knownMin, t.endDate === null ? 0 : Math.max(0, daysBetween(t.endDate, asOf)))
  }
  if (Number.isFinite(knownMin)) used.daysSinceLast = knownMin
  const atKnown = compareNumbers(knownMin, a.cmp, a.days)
  if (unknownIdx.length === 0) return known(atKnown, used)
  if (a.cmp !== '==' && compareNumbers(0, a.cmp, a.days) === atKnown) return known(atKnown, used)
  return unknown(
    unknownIdx.map((i) => `therapies[${i}].endDate`),
    used,
  )
}
