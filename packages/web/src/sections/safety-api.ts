/** Shapes of the safety API (packages/server/src/repo/safety.ts), as the web reads them. */
export interface GradeDriver {
  component: string
  grade: number
  finding: string
}
export type GradeOutcome =
  | { kind: 'graded'; grade: number; drivers: GradeDriver[]; notes: string[] }
  | { kind: 'not-evaluable'; missing: string[]; atLeast: number | null; atMost: number | null; reason: string; drivers: GradeDriver[]; notes: string[] }
export interface DayResult {
  day: number
  outcome: GradeOutcome
  masked?: boolean
  episode: number | null
}
export interface Episode {
  onsetDay: number
  resolutionDay: number | null
  maxGrade: number
  maxGradeDay: number
  durationDays: number | null
  maxGradeIsLowerBound: boolean
  treatments: { day: number; class: string; name?: string; dose?: string }[]
}
export interface CourseSummary {
  days: DayResult[]
  episodes: Episode[]
  onsetDay: number | null
  maxGrade: number
  complete: boolean
}
export interface SafetyAlert {
  id: number
  subject_id: number
  subject_code?: string
  kind: 'crs' | 'icans' | 'lab'
  grade: number
  previous_grade: number | null
  protocol_day: number | null
  observed_on: string
  finding: string
  created_at: string
  acknowledged_at: string | null
}
export interface LabProposal {
  id: number
  analyte: string
  term: string
  soc: string
  baseline_grade: number | null
  onset_date: string
  end_date: string | null
  worst_grade: number
  worst_grade_date: string
  emergence_rule: string
  status: 'proposed' | 'confirmed' | 'rejected'
  decision_reason: string | null
}
export interface ReportClock {
  status: 'pending' | 'overdue' | 'submitted-on-time' | 'submitted-late'
}
export interface SaeReport {
  id: number
  term: string
  ctcae_grade: number | null
  serious: string
  criteria: string[]
  susar_category: string
  site_aware_at: string
  initial_sent_at: string | null
  sponsor_first_knowledge_at: string | null
  voided_at: string | null
  clocks: {
    /** the protocol's site rule: initial report due this many hours after site awareness (safety-grading.md §4.2) */
    siteInitialReportHours: number
    site: (ReportClock & { dueAt: string; minutesRemaining: number | null }) | null
    sponsor: { day0: string; initial: (ReportClock & { dueDate: string }) | null; followUp: (ReportClock & { dueDate: string }) | null } | null
    overdue: boolean
  }
  followUps: { id: number; sent_at: string; summary: string }[]
}
export interface SubjectSafety {
  subjectId: number
  infusionDate: string | null
  ageYears: number | null
  course: { crs: CourseSummary; icans: CourseSummary; icansTool: 'ICE' | 'CAPD' } | null
  issues: { code: string; message: string }[]
  alerts: SafetyAlert[]
  proposals: LabProposal[]
  saes: SaeReport[]
}
export interface MedianRange {
  n: number
  median: number | null
  min: number | null
  max: number | null
}
export interface AeCell {
  group: string | number
  denominator: number
  nSubjects: number
  percent: number | null
  byWorstGrade: Record<string, number>
  nGrade3OrHigher: number
}
export interface AeRow {
  soc: string | null
  term: string | null
  cells: AeCell[]
}
export interface SyndromeColumn {
  group: string | number
  denominator: number
  nAnyGrade: number
  percentAnyGrade: number | null
  byMaxGrade: Record<string, { n: number; percent: number | null }>
  nGrade3OrHigher: number
  percentGrade3OrHigher: number | null
  notEvaluable: number
  timeToOnsetDays: MedianRange
  durationDays: MedianRange
  unresolved: number
}
export interface SafetyTables {
  studyId: number
  population: { n: number; doseLevels: string[] }
  adverseEvents: AeRow[]
  crs: SyndromeColumn[]
  icans: SyndromeColumn[]
  cytopenias: AeRow[]
}

/** Grade text of an outcome: `2`, or `≥ 1 (1-4)` when not evaluable. */
export function gradeText(o: GradeOutcome): string {
  if (o.kind === 'graded') return String(o.grade)
  return `${o.atLeast ?? 0}–${o.atMost ?? '?'}`
}
/** n (x %) with one decimal, as safety tables print. */
export function nPercent(n: number, percent: number | null): string {
  return percent === null ? String(n) : `${n} (${percent.toFixed(1)}%)`
}
