/**
 * CAR persistence at a timepoint: is the CAR transgene (or CAR+ cell count) detectable on that sampling day.
 *
 * Source: regimen-and-dosing.md §7, metric table: "Persistence | detectable (≥ LLOQ) at a given timepoint; or
 * Tlast" (Tlast: see car-kinetics.ts). "Nominal vs actual time: use actual sampling day" (§7 PROTOCOL DECISIONS):
 * the timepoint is a sampling day; to ask about a nominal visit, assign the samples to visits first
 * (journey/assign-observations.ts, §6). A level of 0 is below any LLOQ (an LLOQ is positive), as in carKinetics.
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import type { KineticsSample } from './car-kinetics.js'

export interface CarPersistence {
  day: number
  /** true: a level >= LLOQ on that day; false: sampled but BLQ; null: no sample on that day */
  detectable: boolean | null
  /** the level sampled that day, null when none */
  level: number | 'BLQ' | null
}

const SOURCE = 'regimen-and-dosing.md §7 (persistence)'

/**
 * @param lloq numeric levels strictly below are BLQ; null = only `BLQ` entries (and 0) are BLQ
 * @returns the persistence at `day`, or issues for an invalid day, level, LLOQ, or two samples on that day
 * @example carPersistence([{ day: 28, level: 2100 }], 28, { lloq: 50 }) // { day: 28, detectable: true, level: 2100 }
 */
export function carPersistence(
  samples: readonly KineticsSample[],
  day: number,
  { lloq = null }: { lloq?: number | null } = {},
): Result<CarPersistence> {
  const issues: Issue[] = []
  if (!Number.isFinite(day))
    issues.push({
      code: 'kinetics.invalid_day',
      path: ['day'],
      message: `day must be a number, got ${String(day)}`,
      source: SOURCE,
    })
  if (lloq !== null && !(Number.isFinite(lloq) && lloq > 0))
    issues.push({
      code: 'kinetics.invalid_option',
      path: ['lloq'],
      message: `lloq must be a number > 0 or null, got ${String(lloq)}`,
      source: SOURCE,
    })
  const onDay = samples.filter((s) => s.day === day)
  onDay.forEach((s) => {
    if (s.level !== 'BLQ' && !(Number.isFinite(s.level) && s.level >= 0))
      issues.push({
        code: 'kinetics.invalid_level',
        path: [samples.indexOf(s), 'level'],
        message: `level must be a number >= 0 or BLQ, got ${String(s.level)}`,
        source: SOURCE,
      })
  })
  if (onDay.length > 1)
    issues.push({
      code: 'kinetics.duplicate_day',
      path: [],
      message: `two samples on day ${day}`,
      source: SOURCE,
    })
  if (issues.length > 0) return fail(issues)
  const sample = onDay[0]
  if (!sample) return ok({ day, detectable: null, level: null })
  const detectable = sample.level !== 'BLQ' && sample.level > 0 && (lloq === null || sample.level >= lloq)
  return ok({ day, detectable, level: sample.level })
}
