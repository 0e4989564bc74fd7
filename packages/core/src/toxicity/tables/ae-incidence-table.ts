import { percentOf } from './descriptive.js'

/**
 * AEs by SOC and term with the worst grade per subject (each subject counted once per row, at its worst grade).
 * Denominator = subjects in the safety population of the column (dose level or overall).
 * Source: safety-grading.md §3.1 (SOC/term structure, grades 1-5); conventional ICH E3 §12.2 AE tables.
 */

export interface SafetyPopulationSubject<L extends string | number = string | number> {
  subjectId: string
  doseLevel: L
}

export interface AeRecord {
  subjectId: string
  soc: string
  term: string
  /** CTCAE grade 1-5; `null` = not graded yet */
  grade: number | null
}

export interface AeIncidenceCell {
  /** dose level, or `'overall'` */
  group: string | number
  denominator: number
  nSubjects: number
  percent: number | null
  /** subjects by worst known grade (1-5) */
  byWorstGrade: Record<1 | 2 | 3 | 4 | 5, number>
  /** subjects whose events in this row all lack a grade */
  gradeUnknown: number
  /** subjects with worst known grade ≥ 3 */
  nGrade3OrHigher: number
}

export interface AeIncidenceRow {
  /** `null` soc and term = "any AE"; `null` term = SOC total */
  soc: string | null
  term: string | null
  cells: AeIncidenceCell[]
}

function cell(group: string | number, subjects: readonly string[], events: readonly AeRecord[]): AeIncidenceCell {
  const inGroup = new Set(subjects)
  const worst = new Map<string, number | null>()
  for (const e of events) {
    if (!inGroup.has(e.subjectId)) continue
    const prev = worst.get(e.subjectId)
    if (prev === undefined) worst.set(e.subjectId, e.grade)
    else if (e.grade !== null && (prev === null || e.grade > prev)) worst.set(e.subjectId, e.grade)
  }
  const byWorstGrade = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }
  let gradeUnknown = 0
  for (const g of worst.values()) {
    if (g === null) gradeUnknown++
    else if (g >= 1 && g <= 5) byWorstGrade[g as 1 | 2 | 3 | 4 | 5]++
  }
  const nSubjects = worst.size
  return { group, denominator: inGroup.size, nSubjects, percent: percentOf(nSubjects, inGroup.size), byWorstGrade, gradeUnknown, nGrade3OrHigher: byWorstGrade[3] + byWorstGrade[4] + byWorstGrade[5] }
}

/**
 * Build the AE incidence table: an "any AE" row, then per SOC a total row and its terms (SOC and terms sorted by
 * overall subject count descending, then alphabetically). Columns: each dose level, then `overall`.
 * Events of subjects outside the population are ignored.
 * @example aeIncidenceTable(population, aes)[0].cells.at(-1).nSubjects // subjects with any AE
 */
export function aeIncidenceTable<L extends string | number>(population: readonly SafetyPopulationSubject<L>[], events: readonly AeRecord[]): AeIncidenceRow[] {
  const levels: L[] = []
  for (const s of population) if (!levels.includes(s.doseLevel)) levels.push(s.doseLevel)
  if (levels.every((l) => typeof l === 'number')) levels.sort((a, b) => (a) - (b))
  const groups: { group: string | number; subjects: string[] }[] = [
    ...levels.map((l) => ({ group: l, subjects: population.filter((s) => s.doseLevel === l).map((s) => s.subjectId) })),
    { group: 'overall', subjects: population.map((s) => s.subjectId) },
  ]
  const row = (soc: string | null, term: string | null, ev: readonly AeRecord[]): AeIncidenceRow => ({ soc, term, cells: groups.map((g) => cell(g.group, g.subjects, ev)) })
  const overallCount = (r: AeIncidenceRow) => (r.cells[r.cells.length - 1] as AeIncidenceCell).nSubjects
  const byCount = (a: AeIncidenceRow, b: AeIncidenceRow, key: (r: AeIncidenceRow) => string) => overallCount(b) - overallCount(a) || key(a).localeCompare(key(b))
  const rows: AeIncidenceRow[] = [row(null, null, events)]
  const socs = [...new Set(events.map((e) => e.soc))].map((soc) => row(soc, null, events.filter((e) => e.soc === soc)))
  socs.sort((a, b) => byCount(a, b, (r) => r.soc ?? ''))
  for (const socRow of socs) {
    rows.push(socRow)
    const socEvents = events.filter((e) => e.soc === socRow.soc)
    const terms = [...new Set(socEvents.map((e) => e.term))].map((t) => row(socRow.soc, t, socEvents.filter((e) => e.term === t)))
    terms.sort((a, b) => byCount(a, b, (r) => r.term ?? ''))
    rows.push(...terms)
  }
  return rows
}
