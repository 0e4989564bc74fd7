import type { Issue } from '../result.js'
import { addDays } from '../dates/index.js'
import { gradeIcansDay, type IcansDailyFindings, type IcansOutcome } from './astct-icans-2019.js'
import { selectIcansTool, type IcansToolInput } from './astct-icans-tool-2019.js'
import { EpisodeTracker, type ToxicityEpisode } from './toxicity-episodes.js'

export type IcansTreatmentClass = 'corticosteroid' | 'anti-seizure' | 'anakinra' | 'tocilizumab' | 'icu-transfer' | 'other'

export interface IcansTreatment {
  day: number
  class: IcansTreatmentClass
  name?: string
  dose?: string
}

export interface IcansSubject extends Omit<IcansToolInput, 'assessmentDate'> {
  /** Day 0 calendar date, to convert protocol days to assessment dates for the ICE/CAPD check */
  infusionDate: string
}

export interface IcansDayResult {
  day: number
  outcome: IcansOutcome
  episode: number | null
}

export interface IcansEpisodeSummary extends ToxicityEpisode {
  treatments: IcansTreatment[]
}

export interface IcansCourseSummary {
  days: IcansDayResult[]
  episodes: IcansEpisodeSummary[]
  onsetDay: number | null
  maxGrade: number
  complete: boolean
  /** e.g. `wrong_icans_tool` when ICE was used for a child ≤ 12 (ICANS-5) */
  issues: Issue[]
}

/**
 * Grade an ICANS course day by day: onset (first day grade ≥ 1), maximum grade, resolution (first later day graded 0),
 * duration (resolution − onset, days) and the treatments given in each episode. When `subject` is given, each day's
 * tool is checked against the age rule (ICANS-5).
 * Source: Lee DW et al., BBMT 2019;25(4):625-638; safety-grading.md §2.4 (ICANS-5, ICANS-6).
 * @example gradeIcansCourse(days, [{ day: 5, class: 'corticosteroid', name: 'methylprednisolone' }]).maxGrade // 3
 */
export function gradeIcansCourse(findings: readonly IcansDailyFindings[], treatments: readonly IcansTreatment[], subject?: IcansSubject): IcansCourseSummary {
  const issues: Issue[] = []
  const sorted = [...findings].sort((a, b) => a.day - b.day)
  const tracker = new EpisodeTracker()
  const days: IcansDayResult[] = []
  sorted.forEach((f, i) => {
    if (i > 0 && sorted[i - 1]?.day === f.day) issues.push({ code: 'duplicate_day', path: ['findings', f.day], message: `two ICANS records for Day ${f.day}; give one worst-of-day record`, source: 'safety-grading.md ICANS-6' })
    if (subject && f.encephalopathy) {
      const expected = selectIcansTool({ ...subject, assessmentDate: addDays(subject.infusionDate, f.day) })
      if (expected.tool !== f.encephalopathy.tool)
        issues.push({ code: 'wrong_icans_tool', path: ['findings', f.day, 'encephalopathy', 'tool'], message: `Day ${f.day}: ${f.encephalopathy.tool} recorded but ${expected.reason}`, source: 'safety-grading.md ICANS-5' })
    }
    const outcome = gradeIcansDay(f)
    const floor = outcome.kind === 'graded' ? outcome.grade : (outcome.atLeast ?? 0)
    const ceiling = outcome.kind === 'graded' ? outcome.grade : (outcome.atMost ?? 5)
    const present = floor >= 1 ? true : outcome.kind === 'graded' ? false : null
    tracker.push({ day: f.day, present, gradeFloor: floor, gradeCeiling: ceiling, resolves: outcome.kind === 'graded' && outcome.grade === 0 })
    days.push({ day: f.day, outcome, episode: tracker.active || present ? tracker.episodes.length : null })
  })
  const lastDay = sorted.length > 0 ? (sorted[sorted.length - 1] as IcansDailyFindings).day : 0
  const episodes = tracker.episodes.map((e) => ({ ...e, treatments: treatments.filter((t) => t.day >= e.onsetDay && t.day <= (e.resolutionDay ?? lastDay)) }))
  const maxGrade = Math.max(0, ...episodes.map((e) => e.maxGrade))
  // incomplete when a not-evaluable day could hide a higher grade, or an onset (a day outside an episode; ICANS-6)
  const complete = days.every((d) => d.outcome.kind === 'graded' || ((d.outcome.atMost ?? 5) <= maxGrade && d.episode !== null))
  return { days, episodes, onsetDay: episodes[0]?.onsetDay ?? null, maxGrade, complete, issues }
}
