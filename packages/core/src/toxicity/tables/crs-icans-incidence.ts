import { medianRange, percentOf, type SafetyMedianRange } from './descriptive.js'
import type { SafetyPopulationSubject } from './ae-incidence-table.js'

/**
 * CRS / ICANS incidence by maximum ASTCT grade, time to onset and duration, per dose level and overall.
 * Source: Lee DW et al., BBMT 2019 (grades 1-5); safety-grading.md CRS-7 / ICANS-6 (onset, max grade, duration).
 */
export interface SyndromeCourseRecord {
  subjectId: string
  /** maximum grade over the course; 0 = none observed; `null` = not evaluable */
  maxGrade: number | null
  /** protocol day of first onset (Day 0 = infusion), `null` if none */
  onsetDay: number | null
  /** days from onset to resolution of the first episode, `null` if none or unresolved */
  durationDays: number | null
}

export interface SyndromeIncidenceColumn {
  group: string | number
  denominator: number
  nAnyGrade: number
  percentAnyGrade: number | null
  byMaxGrade: Record<1 | 2 | 3 | 4 | 5, { n: number; percent: number | null }>
  nGrade3OrHigher: number
  percentGrade3OrHigher: number | null
  /** subjects in the population without an evaluable course record */
  notEvaluable: number
  timeToOnsetDays: SafetyMedianRange
  durationDays: SafetyMedianRange
  /** subjects with the syndrome whose first episode had not resolved */
  unresolved: number
}

/**
 * One column per dose level plus `overall`.
 * @example syndromeIncidenceTable(population, crsRecords).at(-1).nAnyGrade // subjects with any CRS
 */
export function syndromeIncidenceTable<L extends string | number>(population: readonly SafetyPopulationSubject<L>[], records: readonly SyndromeCourseRecord[]): SyndromeIncidenceColumn[] {
  const bySubject = new Map(records.map((r) => [r.subjectId, r]))
  const levels: L[] = []
  for (const s of population) if (!levels.includes(s.doseLevel)) levels.push(s.doseLevel)
  if (levels.every((l) => typeof l === 'number')) levels.sort((a, b) => (a) - (b))
  const groups = [...levels.map((l) => ({ group: l, ids: population.filter((s) => s.doseLevel === l).map((s) => s.subjectId) })), { group: 'overall' as string | number, ids: population.map((s) => s.subjectId) }]
  return groups.map(({ group, ids }) => {
    const recs = ids.map((id) => bySubject.get(id))
    const known = recs.filter((r): r is SyndromeCourseRecord => r !== undefined && r.maxGrade !== null)
    const cases = known.filter((r) => (r.maxGrade as number) >= 1)
    const N = ids.length
    const count = (g: number) => cases.filter((r) => r.maxGrade === g).length
    const byMaxGrade = Object.fromEntries([1, 2, 3, 4, 5].map((g) => [g, { n: count(g), percent: percentOf(count(g), N) }])) as SyndromeIncidenceColumn['byMaxGrade']
    const g3 = cases.filter((r) => (r.maxGrade as number) >= 3).length
    return {
      group,
      denominator: N,
      nAnyGrade: cases.length,
      percentAnyGrade: percentOf(cases.length, N),
      byMaxGrade,
      nGrade3OrHigher: g3,
      percentGrade3OrHigher: percentOf(g3, N),
      notEvaluable: N - known.length,
      timeToOnsetDays: medianRange(cases.filter((r) => r.onsetDay !== null).map((r) => r.onsetDay as number)),
      durationDays: medianRange(cases.filter((r) => r.durationDays !== null).map((r) => r.durationDays as number)),
      unresolved: cases.filter((r) => r.durationDays === null).length,
    }
  })
}
