/**
 * Concomitant-medication atoms: a run of consecutive days of use inside a window, current use, and a
 * stable dose for a minimum time.
 *
 * Source: expression-schema.ts; NCT06352281 exclusion 4 ("> 3 consecutive days within 2 weeks of the study
 * start") and inclusion 6 ("stable (at least 2 weeks prior to screening)"), seeds/000.
 * Decision: only days inside `[asOf - withinDays, asOf]` count toward the run; an ongoing drug counts to asOf.
 */
import type { z } from 'zod'
import { daysBetween, toEpochDay } from '../dates/index.js'
import type {
  ConcomitantUseAtomSchema,
  OnMedicationAtomSchema,
  StableDoseAtomSchema,
} from './expression-schema.js'
import type { Medication, MedicationClass } from './profile-schema.js'
import { known, unknown, type EligibilityEvaluation, type EligibilityContext } from './tri-state.js'

const summary = (m: Medication) => ({
  name: m.name,
  class: m.class,
  startDate: m.startDate,
  endDate: m.endDate,
})
const activeOn = (m: Medication, date: string) =>
  daysBetween(m.startDate, date) >= 0 && (m.endDate === null || daysBetween(date, m.endDate) >= 0)
const ofClasses = (meds: Medication[], classes: MedicationClass[]) =>
  meds.filter((m) => classes.includes(m.class))

/** Longest run of consecutive days of use of the classes inside the window. */
export function evalConcomitantUse(
  a: z.infer<typeof ConcomitantUseAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.medications === undefined) return unknown(['medications'])
  const end = toEpochDay(asOf)
  const start = end - a.withinDays
  const days = new Set<number>()
  const meds = ofClasses(profile.medications, a.classes)
  for (const m of meds) {
    const from = Math.max(start, toEpochDay(m.startDate))
    const to = Math.min(end, m.endDate === null ? end : toEpochDay(m.endDate))
    for (let d = from; d <= to; d++) days.add(d)
  }
  let longest = 0
  let run = 0
  for (let d = start; d <= end; d++) {
    run = days.has(d) ? run + 1 : 0
    longest = Math.max(longest, run)
  }
  return known(longest >= a.minConsecutiveDays, { medications: meds.map(summary), longestRunDays: longest })
}

export function evalOnMedication(
  a: z.infer<typeof OnMedicationAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.medications === undefined) return unknown(['medications'])
  const active = ofClasses(profile.medications, a.classes).filter((m) => activeOn(m, asOf))
  return known(active.length > 0, { medications: active.map(summary) })
}

/** Every current drug of the classes started (at its current dose) at least `minDays` before asOf. */
export function evalStableDose(
  a: z.infer<typeof StableDoseAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.medications === undefined) return unknown(['medications'])
  const active = ofClasses(profile.medications, a.classes).filter((m) => activeOn(m, asOf))
  return known(
    active.every((m) => daysBetween(m.startDate, asOf) >= a.minDays),
    { medications: active.map(summary) },
  )
}
