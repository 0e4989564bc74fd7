/**
 * Day-by-day episode tracking shared by the CRS and ICANS course summaries (safety-grading.md CRS-7, ICANS-6):
 * onset = first day the syndrome is present; event grade = maximum over the episode; resolution = first later
 * day meeting the resolution criterion; a new onset after resolution opens a new episode.
 */

/** One graded day as the tracker sees it. */
export interface EpisodeDayInput {
  day: number
  /** `true` present (grade ≥ 1 or a floor ≥ 1), `false` absent, `null` unknown */
  present: boolean | null
  /** known grade, or the floor when not evaluable */
  gradeFloor: number
  /** highest grade still possible on this day */
  gradeCeiling: number
  /** whether this day meets the resolution criterion (only read when `present` is false) */
  resolves: boolean
}

export interface ToxicityEpisode {
  onsetDay: number
  /** first day meeting the resolution criterion; `null` = not resolved by the last observed day */
  resolutionDay: number | null
  /** last day on which the syndrome was present */
  lastActiveDay: number
  maxGrade: number
  maxGradeDay: number
  /** true when a not-evaluable day inside the episode could have exceeded `maxGrade` */
  maxGradeIsLowerBound: boolean
  /** `resolutionDay − onsetDay` in days; `null` while unresolved */
  durationDays: number | null
}

/** Stateful tracker; feed days in ascending order. */
export class EpisodeTracker {
  readonly episodes: ToxicityEpisode[] = []
  private open: ToxicityEpisode | null = null
  /** highest grade a not-evaluable day of the open episode could have had (0 = none yet) */
  private openCeiling = 0

  /** true while an episode is open (e.g. to apply the CRS masking rule) */
  get active(): boolean {
    return this.open !== null
  }

  get onsetDay(): number | null {
    return this.open?.onsetDay ?? null
  }

  push(d: EpisodeDayInput): void {
    if (d.present === true) {
      if (this.open === null) {
        this.open = { onsetDay: d.day, resolutionDay: null, lastActiveDay: d.day, maxGrade: d.gradeFloor, maxGradeDay: d.day, maxGradeIsLowerBound: false, durationDays: null }
        this.episodes.push(this.open)
        this.openCeiling = 0
      }
      this.open.lastActiveDay = d.day
      if (d.gradeFloor > this.open.maxGrade) {
        this.open.maxGrade = d.gradeFloor
        this.open.maxGradeDay = d.day
      }
    } else if (this.open !== null && d.present === false && d.resolves) {
      this.open.resolutionDay = d.day
      this.open.durationDays = d.day - this.open.onsetDay
      this.open = null
      return
    }
    if (this.open === null) return
    if (d.gradeCeiling > d.gradeFloor) this.openCeiling = Math.max(this.openCeiling, d.gradeCeiling)
    // CRS-7 / ICANS-6 event grade = maximum: re-judged every day, so a later, higher known grade settles an earlier
    // not-evaluable day that could not exceed it
    this.open.maxGradeIsLowerBound = this.openCeiling > this.open.maxGrade
  }
}
