/**
 * Serum immunoglobulins (IgG, IgA, IgM) of the correlatives (issue 9 item 1): per test, the baseline (last
 * value on or before Day 0) and the post-infusion nadir as median (range), and the subjects whose nadir fell
 * below their laboratory's lower reference limit. Values are reported in g/L (interchange/ctgov-fhir-odm.md
 * LOINC / UCUM table: IGG 2465-3, IGA 2458-8, IGM 2472-9 in `mg/dL`; 1 g/L = 100 mg/dL).
 *
 * No hypogammaglobulinaemia threshold is applied: domain/safety-grading.md §3.2 (row "Hypogammaglobulinemia")
 * says there is no CTCAE v5.0 term and the IgG threshold is a PROTOCOL DECISION with none verified; its example
 * L18 (IgG 3.5 g/L after CD19 CAR-T) is an AE only if the investigator judges it one. The lab's own lower reference limit (LLN) is the only cut used here; a subject whose
 * nadir has no LLN is left out of that denominator.
 */
import { countOf, summaryOf } from './summaries.js'
import type { ReportImmunoglobulin, StudyReportSubjectInput } from './types.js'

export const IMMUNOGLOBULIN_TESTS = ['IGG', 'IGA', 'IGM'] as const
export type ImmunoglobulinTest = (typeof IMMUNOGLOBULIN_TESTS)[number]

/**
 * Conversion to g/L by UCUM unit (case-insensitive); a unit not listed leaves the sample out. Divisions stay
 * divisions (850 / 100, not 850 * 0.01) so values match a reference implementation to the last bit.
 */
const TO_G_PER_L: Record<string, (v: number) => number> = { 'g/l': (v) => v, 'mg/dl': (v) => v / 100, 'g/dl': (v) => v * 10, 'mg/l': (v) => v / 1000 }

/**
 * @returns `value` in `unit` converted to g/L, or null when the unit is not one of g/L, mg/dL, g/dL, mg/L
 * @example toGramsPerLitre(850, 'mg/dL') // 8.5
 */
export function toGramsPerLitre(value: number, unit: string): number | null {
  const f = TO_G_PER_L[unit.trim().toLowerCase()]
  return f === undefined ? null : f(value)
}

/** One subject's series for one test, in g/L: baseline value, and the nadir with its LLN. */
export interface ImmunoglobulinSeries {
  baseline: number | null
  nadir: { value: number; refLow: number | null } | null
}

/**
 * @param samples the subject's immunoglobulin samples (any units of TO_G_PER_L)
 * @returns per test with at least one sample in a known unit, the baseline and post-infusion nadir in g/L
 * @example immunoglobulinSeries([{ test: 'IGG', day: -3, value: 800, unit: 'mg/dL', refLow: 700 }]).get('IGG') // { baseline: 8, nadir: null }
 */
export function immunoglobulinSeries(samples: NonNullable<StudyReportSubjectInput['immunoglobulins']>): Map<ImmunoglobulinTest, ImmunoglobulinSeries> {
  const out = new Map<ImmunoglobulinTest, ImmunoglobulinSeries>()
  for (const test of IMMUNOGLOBULIN_TESTS) {
    const mine = samples
      .filter((s) => s.test === test && Number.isFinite(s.value) && toGramsPerLitre(s.value, s.unit) !== null)
      .map((s) => ({ day: s.day, value: toGramsPerLitre(s.value, s.unit)!, refLow: s.refLow === null ? null : toGramsPerLitre(s.refLow, s.unit) }))
      .sort((a, b) => a.day - b.day)
    if (mine.length === 0) continue
    const before = mine.filter((s) => s.day <= 0)
    // the earliest sample at the minimum; among equal minima, one with an LLN
    const after = mine.filter((s) => s.day > 0)
    const low = after.length === 0 ? null : Math.min(...after.map((s) => s.value))
    const atLow = after.filter((s) => s.value === low)
    const nadir = atLow.find((s) => s.refLow !== null) ?? atLow[0] ?? null
    out.set(test, { baseline: before.length > 0 ? before[before.length - 1]!.value : null, nadir: nadir && { value: nadir.value, refLow: nadir.refLow } })
  }
  return out
}

/**
 * @param ids the group's subjects
 * @param series each subject's series by test (from immunoglobulinSeries)
 * @returns one entry per test with data in the group, in the order IgG, IgA, IgM
 */
export function immunoglobulinSummaries(ids: readonly string[], series: (id: string) => Map<ImmunoglobulinTest, ImmunoglobulinSeries>): ReportImmunoglobulin[] {
  return IMMUNOGLOBULIN_TESTS.filter((test) => ids.some((id) => series(id).has(test))).map((test) => {
    const s = (id: string) => series(id).get(test)
    const withLln = ids.filter((id) => s(id)?.nadir?.refLow !== null && s(id)?.nadir?.refLow !== undefined)
    return {
      test,
      unit: 'g/L',
      baseline: summaryOf(ids, (id) => s(id)?.baseline),
      nadir: summaryOf(ids, (id) => s(id)?.nadir?.value),
      nadirBelowLln: countOf(withLln, (id) => s(id)!.nadir!.value < s(id)!.nadir!.refLow!),
    }
  })
}
