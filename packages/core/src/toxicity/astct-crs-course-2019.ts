import type { Issue } from '../result.js'
import { gradeCrsDay, type CrsDailyFindings, type CrsOutcome } from './astct-crs-2019.js'
import { EpisodeTracker, type ToxicityEpisode } from './toxicity-episodes.js'

export type CrsTreatmentClass = 'antipyretic' | 'tocilizumab' | 'corticosteroid' | 'anti-cytokine-other' | 'vasopressor' | 'oxygen' | 'fluids' | 'other'

export interface CrsTreatment {
  day: number
  class: CrsTreatmentClass
  /** e.g. `paracetamol`, `dexamethasone` */
  name?: string
  dose?: string
}

/**
 * Resolution criterion (CRS-7 **PROTOCOL DECISION**). Default `afebrile-off-vasopressors-off-oxygen`: the first day
 * (24 h) with temperature < 38.0 °C, no vasopressor and no supplemental oxygen of any kind. `grade-0`: the first day
 * graded 0.
 */
export type CrsResolutionRule = 'afebrile-off-vasopressors-off-oxygen' | 'grade-0'

export interface CrsCourseOptions {
  /** therapy classes that trigger the CRS-2 masking rule (default antipyretic, tocilizumab, corticosteroid, other anti-cytokine) */
  maskingTherapyClasses?: readonly CrsTreatmentClass[]
  resolutionRule?: CrsResolutionRule
}

export interface CrsDayResult {
  day: number
  outcome: CrsOutcome
  masked: boolean
  /** episode number (1-based) the day belongs to, `null` outside an episode */
  episode: number | null
}

export interface CrsEpisodeSummary extends ToxicityEpisode {
  treatments: CrsTreatment[]
}

export interface CrsCourseSummary {
  days: CrsDayResult[]
  episodes: CrsEpisodeSummary[]
  /** first onset day, `null` = no CRS observed */
  onsetDay: number | null
  /** maximum grade over the course (0 = none observed) */
  maxGrade: number
  /** false when a not-evaluable day could hide a higher grade or an onset */
  complete: boolean
  issues: Issue[]
}

const DEFAULT_MASKING: readonly CrsTreatmentClass[] = ['antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other']

function resolves(f: CrsDailyFindings, o: CrsOutcome, rule: CrsResolutionRule): boolean {
  if (o.kind !== 'graded' || o.grade !== 0) return false
  if (rule === 'grade-0') return true
  const afebrile = f.maxTemperatureC != null && f.maxTemperatureC < 38.0
  const offPressors = (f.vasopressors ?? []).length === 0
  const offOxygen = f.oxygen !== null && f.oxygen.delivery === 'none'
  return afebrile && offPressors && offOxygen
}

/**
 * Grade a CRS course day by day and summarise it: onset day, maximum grade, duration, resolution and the
 * treatments given in each episode. The CRS-2 masking state is carried from day to day: once CRS is diagnosed and
 * a masking therapy is given on or after the onset day, later days need no fever while hypotension or hypoxia persists.
 * Source: Lee DW et al., BBMT 2019;25(4):625-638; safety-grading.md §1.2 (CRS-2, CRS-7), §1.3.
 * @example gradeCrsCourse(days, [{ day: 2, class: 'tocilizumab' }]).maxGrade // C8 → 3
 */
export function gradeCrsCourse(findings: readonly CrsDailyFindings[], treatments: readonly CrsTreatment[], options: CrsCourseOptions = {}): CrsCourseSummary {
  const masking = options.maskingTherapyClasses ?? DEFAULT_MASKING
  const rule = options.resolutionRule ?? 'afebrile-off-vasopressors-off-oxygen'
  const issues: Issue[] = []
  const sorted = [...findings].sort((a, b) => a.day - b.day)
  sorted.forEach((f, i) => {
    if (i > 0 && sorted[i - 1]?.day === f.day) issues.push({ code: 'duplicate_day', path: ['findings', f.day], message: `two CRS records for Day ${f.day}; give one worst-of-day record`, source: 'safety-grading.md CRS-7' })
  })
  const tracker = new EpisodeTracker()
  const days: CrsDayResult[] = []
  for (const f of sorted) {
    const onset = tracker.onsetDay
    const given = onset === null ? [] : treatments.filter((t) => masking.includes(t.class) && t.day >= onset && t.day <= f.day)
    const label = given.map((t) => `${t.name ?? t.class} Day ${t.day}`).join(', ')
    const ctx = { crsAlreadyDiagnosed: tracker.active, maskingTherapyGivenSinceOnset: given.length > 0, ...(label ? { maskingTherapyLabel: label } : {}) }
    const outcome = gradeCrsDay(f, ctx)
    const floor = outcome.kind === 'graded' ? outcome.grade : (outcome.atLeast ?? 0)
    const ceiling = outcome.kind === 'graded' ? outcome.grade : (outcome.atMost ?? 5)
    const present = floor >= 1 ? true : outcome.kind === 'graded' ? false : null
    tracker.push({ day: f.day, present, gradeFloor: floor, gradeCeiling: ceiling, resolves: resolves(f, outcome, rule) })
    days.push({ day: f.day, outcome, masked: ctx.crsAlreadyDiagnosed && ctx.maskingTherapyGivenSinceOnset, episode: tracker.active || present ? tracker.episodes.length : null })
  }
  const lastDay = sorted.length > 0 ? (sorted[sorted.length - 1] as CrsDailyFindings).day : 0
  const episodes = tracker.episodes.map((e) => ({
    ...e,
    treatments: treatments.filter((t) => t.day >= e.onsetDay && t.day <= (e.resolutionDay ?? lastDay)),
  }))
  const maxGrade = Math.max(0, ...episodes.map((e) => e.maxGrade))
  // incomplete when a not-evaluable day could hide a higher grade, or an onset: outside an episode it may have been CRS
  // (CRS-7 onset = first day meeting CRS-1; ICANS-6 style "not assessed, never 0")
  const complete =
    days.every((d) => d.outcome.kind === 'graded' || ((d.outcome.atMost ?? 5) <= maxGrade && d.episode !== null)) && episodes.every((e) => !e.maxGradeIsLowerBound)
  return { days, episodes, onsetDay: episodes[0]?.onsetDay ?? null, maxGrade, complete, issues }
}
