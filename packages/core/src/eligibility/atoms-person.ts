/**
 * Atoms about the person and recorded facts: age, sex, diagnosis, disease duration, findings, serology,
 * ECOG, LVEF, dated events.
 *
 * Source: expression-schema.ts (each atom's definition); ../shared/domain/README.md "Dates", "Comparators".
 */
import { daysBetween } from '../dates/index.js'
import { addMonths, completedYears } from './calendar.js'
import type {
  AgeAtomSchema,
  DiagnosisAtomSchema,
  DiseaseDurationAtomSchema,
  EcogAtomSchema,
  EventWithinAtomSchema,
  FindingAtomSchema,
  LvefAtomSchema,
  SerologyAtomSchema,
  SexAtomSchema,
} from './expression-schema.js'
import {
  compareNumbers,
  known,
  unknown,
  type EligibilityEvaluation,
  type EligibilityContext,
} from './tri-state.js'
import type { z } from 'zod'

type A<S extends z.ZodType> = z.infer<S>

export function evalAge(
  a: A<typeof AgeAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.birthDate === undefined) return unknown(['birthDate'])
  const age = completedYears(profile.birthDate, asOf)
  return known(compareNumbers(age, a.cmp, a.years), { ageYears: age, birthDate: profile.birthDate })
}

export function evalSex(a: A<typeof SexAtomSchema>, { profile }: EligibilityContext): EligibilityEvaluation {
  if (profile.sex === undefined) return unknown(['sex'])
  return known(a.in.includes(profile.sex), { sex: profile.sex })
}

export function evalDiagnosis(
  a: A<typeof DiagnosisAtomSchema>,
  { profile }: EligibilityContext,
): EligibilityEvaluation {
  const type = profile.diagnosis?.type
  if (type === undefined) return unknown(['diagnosis.type'])
  return known(a.in.includes(type), { 'diagnosis.type': type })
}

/** Exact calendar comparison: duration `cmp` n months iff `asOf cmp diagnosisDate + n months`. */
export function evalDiseaseDuration(
  a: A<typeof DiseaseDurationAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  const date = profile.diagnosis?.date
  if (date === undefined) return unknown(['diagnosis.date'])
  const mark = addMonths(date, a.months)
  return known(compareNumbers(daysBetween(mark, asOf), a.cmp, 0), {
    'diagnosis.date': date,
    [`diagnosis.date + ${a.months} months`]: mark,
  })
}

export function evalFinding(
  a: A<typeof FindingAtomSchema>,
  { profile }: EligibilityContext,
): EligibilityEvaluation {
  const v = profile.findings[a.name]
  if (v === undefined) return unknown([`findings.${a.name}`])
  return known(v, { [`findings.${a.name}`]: v })
}

/**
 * Latest result of the test; `indeterminate` decides nothing. Results on the same date have no order, so
 * same-date results that disagree decide nothing either (the answer must not depend on the list order).
 */
export function evalSerology(
  a: A<typeof SerologyAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  const results = profile.serology.filter((s) => s.test === a.test && daysBetween(s.date, asOf) >= 0)
  // newest first (SerologyAtomSchema: "the latest result"); the comparator was reversed (oldest first)
  const latest = results.sort((x, y) => daysBetween(x.date, y.date))[0]
  if (latest === undefined) return unknown([`serology.${a.test}`])
  const used = { [`serology.${a.test}`]: { result: latest.result, date: latest.date } }
  if (results.some((s) => s.date === latest.date && s.result !== latest.result))
    return unknown([`serology.${a.test} (results on ${latest.date} disagree)`], used)
  if (latest.result === 'indeterminate')
    return unknown([`serology.${a.test} (latest result indeterminate)`], used)
  return known(latest.result === a.result, used)
}

export function evalEcog(
  a: A<typeof EcogAtomSchema>,
  { profile }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.ecog === undefined) return unknown(['ecog'])
  return known(compareNumbers(profile.ecog, a.cmp, a.value), { ecog: profile.ecog })
}

export function evalLvef(
  a: A<typeof LvefAtomSchema>,
  { profile }: EligibilityContext,
): EligibilityEvaluation {
  if (profile.lvefPercent === undefined) return unknown(['lvefPercent'])
  return known(compareNumbers(profile.lvefPercent, a.cmp, a.percent), { lvefPercent: profile.lvefPercent })
}

/** Event date in `[asOf - within, asOf]`; a recorded `null` means the event never happened. */
export function evalEventWithin(
  a: A<typeof EventWithinAtomSchema>,
  { profile, asOf }: EligibilityContext,
): EligibilityEvaluation {
  if (!(a.event in profile.events)) return unknown([`events.${a.event}`])
  const date = profile.events[a.event] ?? null
  if (date === null) return known(false, { [`events.${a.event}`]: null })
  const ago = daysBetween(date, asOf)
  const from = a.unit === 'days' ? null : addMonths(asOf, -a.within)
  const inside = ago >= 0 && (from === null ? ago <= a.within : daysBetween(from, date) >= 0)
  return known(inside, { [`events.${a.event}`]: date, daysBeforeAsOf: ago })
}
