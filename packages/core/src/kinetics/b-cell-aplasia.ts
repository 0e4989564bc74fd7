/**
 * B-cell aplasia after CD19-directed therapy: onset, recovery (loss of aplasia) and duration.
 *
 * Source: regimen-and-dosing.md §8: aplasia = CD19+ B cells below a protocol cutoff; onset = first of two
 * consecutive samples below cutoff (PROTOCOL DECISION); recovery = first of two consecutive samples at/above
 * cutoff; duration = recovery day - onset day, censored at the last sample if no recovery. Worked example
 * cutoffs (illustrative, PROTOCOL DECISION): 1 % of lymphocytes or 100 cells/uL, after the published paediatric
 * tisagenlecleucel series (loss of aplasia > 1 % CD19+ or 100 absolute CD19+ cells, confirmed on a
 * subsequent sample; Mueller et al. Clin Cancer Res 2018 report B-cell aplasia as the pharmacodynamic marker).
 * A sample is at/above when any configured measure is >= its cutoff, below when every configured measure is
 * present and < its cutoff, and not evaluable otherwise (skipped: it neither confirms nor breaks a run).
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { invalidDayIssue } from './car-kinetics.js'

export interface BCellSample {
  /** protocol day */
  day: number
  /** CD19+ cells, % of lymphocytes */
  cd19PercentOfLymphocytes?: number | null
  /** CD19+ cells per uL */
  cd19PerUl?: number | null
}

export interface BCellAplasiaOptions {
  /** % of lymphocytes; null disables. PROTOCOL DECISION, doc example 1 */
  percentCutoff?: number | null
  /** cells/uL; null disables. PROTOCOL DECISION, doc example 100 */
  absoluteCutoff?: number | null
  /** consecutive samples needed for onset and for recovery. PROTOCOL DECISION, default 2 */
  confirmations?: number
}

export type BCellSampleClass = 'below' | 'at-or-above' | 'not-evaluable'

export interface BCellAplasia {
  classified: { day: number; class: BCellSampleClass }[]
  onsetDay: number | null
  recoveryDay: number | null
  /** recovery - onset, or last evaluable sample - onset when censored; null without onset */
  durationDays: number | null
  censored: boolean
}

/**
 * @example bCellAplasia(samples) // onset Day 7, recovery Day 84, duration 77 (regimen-and-dosing.md §8)
 */
export function bCellAplasia(
  samples: readonly BCellSample[],
  { percentCutoff = 1, absoluteCutoff = 100, confirmations = 2 }: BCellAplasiaOptions = {},
): Result<BCellAplasia> {
  const source = 'regimen-and-dosing.md §8 (B-cell aplasia)'
  if (percentCutoff === null && absoluteCutoff === null) {
    return fail([
      {
        code: 'kinetics.no_cutoff',
        path: [],
        message: 'at least one B-cell cutoff (% or absolute) is required',
        source,
      },
    ])
  }
  // a NaN cutoff classed every sample 'below' (`v >= NaN` is false): aplasia from a configuration typo
  for (const [key, cutoff] of [
    ['percentCutoff', percentCutoff],
    ['absoluteCutoff', absoluteCutoff],
  ] as const) {
    if (cutoff !== null && !(Number.isFinite(cutoff) && cutoff > 0))
      return fail([
        {
          code: 'kinetics.invalid_cutoff',
          path: [key],
          message: `${key} must be a number > 0 or null, got ${String(cutoff)}`,
          source,
        },
      ])
  }
  if (!Number.isInteger(confirmations) || confirmations < 1) {
    return fail([
      {
        code: 'kinetics.invalid_confirmations',
        path: ['confirmations'],
        message: `confirmations must be an integer >= 1, got ${confirmations}`,
        source,
      },
    ])
  }
  // README "Platelet unit"/"Rounding": stored values are decimal numbers compared raw. A non-finite or negative
  // value is not a measurement: without this check NaN compared `>= cutoff` is false and was classed 'below'
  // (aplasia), and a NaN day broke the day order the consecutive-sample rule (§8) depends on.
  const invalid: Issue[] = []
  samples.forEach((s, i) => {
    const day = invalidDayIssue(s.day, i, source)
    if (day) invalid.push(day)
    for (const key of ['cd19PercentOfLymphocytes', 'cd19PerUl'] as const) {
      const v = s[key]
      if (v != null && !(Number.isFinite(v) && v >= 0))
        invalid.push({
          code: 'kinetics.invalid_b_cell_value',
          path: [i, key],
          message: `sample ${i + 1}: ${key} must be a number >= 0 or missing, got ${String(v)}`,
          source,
        })
    }
  })
  // §8 "two consecutive samples" / "confirmed on a subsequent sample" needs the samples in time order. Two on one
  // day have none: the result depended on the input order (at/above then below on Day 7 gave onset Day 7, the
  // reverse gave none), and a record entered twice confirmed itself. Refused as in carKinetics.
  const days = samples.map((s) => s.day).sort((a, b) => a - b)
  days.forEach((d, i) => {
    if (i > 0 && days[i - 1] === d)
      invalid.push({ code: 'kinetics.duplicate_day', path: [], message: `two samples on day ${d}`, source })
  })
  if (invalid.length > 0) return fail(invalid)
  const classify = (s: BCellSample): BCellSampleClass => {
    const checks: (boolean | null)[] = []
    if (percentCutoff !== null)
      checks.push(s.cd19PercentOfLymphocytes == null ? null : s.cd19PercentOfLymphocytes >= percentCutoff)
    if (absoluteCutoff !== null) checks.push(s.cd19PerUl == null ? null : s.cd19PerUl >= absoluteCutoff)
    if (checks.includes(true)) return 'at-or-above'
    return checks.includes(null) ? 'not-evaluable' : 'below'
  }
  const classified = [...samples]
    .sort((a, b) => a.day - b.day)
    .map((s) => ({ day: s.day, class: classify(s) }))
  const evaluable = classified.filter((c) => c.class !== 'not-evaluable')
  const firstRun = (cls: BCellSampleClass, from: number): number => {
    for (let i = from; i + confirmations <= evaluable.length; i++) {
      if (evaluable.slice(i, i + confirmations).every((c) => c.class === cls)) return i
    }
    return -1
  }
  const onset = firstRun('below', 0)
  if (onset < 0)
    return ok({ classified, onsetDay: null, recoveryDay: null, durationDays: null, censored: false })
  const onsetDay = evaluable[onset]?.day ?? 0
  const recovery = firstRun('at-or-above', onset + 1)
  if (recovery < 0) {
    const lastDay = evaluable[evaluable.length - 1]?.day ?? onsetDay
    return ok({ classified, onsetDay, recoveryDay: null, durationDays: lastDay - onsetDay, censored: true })
  }
  const recoveryDay = evaluable[recovery]?.day ?? onsetDay
  return ok({ classified, onsetDay, recoveryDay, durationDays: recoveryDay - onsetDay, censored: false })
}
