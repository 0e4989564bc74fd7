/**
 * WHO bleeding scale (0-4) and the engine rules BL-1…BL-3 that use it.
 * Source: Miller AB, Hoogstraten B, Staquet M, Winkler A. Reporting results of cancer treatment. Cancer
 * 1981;47(1):207-214 (WHO haemorrhage item); bleeding-and-scores.md §1.
 */
import { toEpochDay } from '../dates/index.js'

export type WhoBleedingGrade = 0 | 1 | 2 | 3 | 4

/** Findings of the original WHO scale, most severe first. */
export interface WhoBleedingFindings {
  /** debilitating blood loss, retinal or cerebral bleeding, or fatal bleeding → 4 */
  debilitatingRetinalCerebralOrFatal: boolean
  /** gross blood loss requiring red-cell transfusion → 3 */
  redCellTransfusionRequired: boolean
  /** mild, clinically significant blood loss not needing transfusion → 2 */
  clinicallySignificantBloodLoss: boolean
  /** petechiae / minor skin bleeding → 1 */
  petechialBleeding: boolean
}

/**
 * Grade by the original WHO scale: the most severe finding present.
 * @example whoBleedingGrade({ debilitatingRetinalCerebralOrFatal: false, redCellTransfusionRequired: true,
 *   clinicallySignificantBloodLoss: true, petechialBleeding: false }) // 3 (GI bleed needing red cells)
 */
export function whoBleedingGrade(f: WhoBleedingFindings): WhoBleedingGrade {
  if (f.debilitatingRetinalCerebralOrFatal) return 4
  if (f.redCellTransfusionRequired) return 3
  if (f.clinicallySignificantBloodLoss) return 2
  if (f.petechialBleeding) return 1
  return 0
}

/**
 * "Modified WHO" grading from a protocol-attached item list (item code → grade). The item list is the protocol's,
 * not shipped here (bleeding-and-scores.md §1: original publication **UNVERIFIED**). Unknown item codes make the
 * result not evaluable.
 */
export function modifiedWhoBleedingGrade(itemCodes: readonly string[], itemList: Readonly<Record<string, WhoBleedingGrade>>): { kind: 'graded'; grade: WhoBleedingGrade } | { kind: 'not-evaluable'; unknownItems: string[] } {
  const unknownItems = itemCodes.filter((c) => !Object.hasOwn(itemList, c))
  if (unknownItems.length > 0) return { kind: 'not-evaluable', unknownItems }
  return { kind: 'graded', grade: Math.max(0, ...itemCodes.map((c) => itemList[c] as number)) as WhoBleedingGrade }
}

/** BL-1: one stored bleeding event. */
export interface BleedingEvent {
  site: string
  startDate: string
  /** `null` = ongoing */
  endDate: string | null
  scale: 'WHO' | 'modified-WHO' | 'ITP-BAT' | 'other'
  grade: number
  medicallyDocumented: boolean
}

export type DailyBleedingGrade = { kind: 'graded'; grade: number; activeEvents: BleedingEvent[] } | { kind: 'not-assessed' }

/**
 * How BL-2/BL-3 read stored events (response-itp.md §3.1 `bleedingEvents[]` / `dataCutoffDate`, §3.2 parameters).
 */
export interface BleedingDayOptions {
  /**
   * Scales whose grades are read (response-itp.md §3.1: grades are on the protocol's `bleedingScale`, default WHO
   * 0-4). Default: the WHO 0-4 scale, original or modified. An ITP-BAT (0-5) or other grade is never compared with a
   * WHO threshold nor folded into a WHO daily maximum.
   */
  bleedingScales?: readonly BleedingEvent['scale'][]
  /** §3.2 `bleedingMissingEndDate` (**PROTOCOL DECISION**, default `ONGOING`): an event with no end date is active until the data cut-off, or on its start day only. */
  missingEndDate?: 'ONGOING' | 'START_DAY_ONLY'
  /** §3.1 `dataCutoffDate`: an `ONGOING` event with no end date is active up to and including this day; `null`/absent = no cut-off. */
  dataCutoffDate?: string | null
}

const WHO_SCALES: readonly BleedingEvent['scale'][] = ['WHO', 'modified-WHO']

/**
 * BL-3: bleeding grade on a date = maximum grade of events active that day (start ≤ date ≤ end).
 * With no active event the day is 0 only when it was assessed; otherwise it is not assessed (never 0).
 */
export function bleedingGradeOnDate(date: string, events: readonly BleedingEvent[], assessed: boolean, options: BleedingDayOptions = {}): DailyBleedingGrade {
  const d = toEpochDay(date)
  const scales = options.bleedingScales ?? WHO_SCALES
  const missingEnd = options.missingEndDate ?? 'ONGOING'
  const cutoff = options.dataCutoffDate === undefined || options.dataCutoffDate === null ? Infinity : toEpochDay(options.dataCutoffDate)
  // response-itp.md §3.6: startDate ≤ date ≤ endDate, a null endDate handled per §3.2 `bleedingMissingEndDate`
  const lastDay = (e: BleedingEvent) => (e.endDate !== null ? toEpochDay(e.endDate) : missingEnd === 'ONGOING' ? cutoff : toEpochDay(e.startDate))
  const active = events.filter((e) => scales.includes(e.scale) && toEpochDay(e.startDate) <= d && d <= lastDay(e))
  if (active.length === 0) return assessed ? { kind: 'graded', grade: 0, activeEvents: [] } : { kind: 'not-assessed' }
  return { kind: 'graded', grade: Math.max(...active.map((e) => e.grade)), activeEvents: active }
}

/**
 * BL-2: "bleeding" for response assessment = any event with grade ≥ `bleedingGradeThreshold` active on the date.
 * `bleedingGradeThreshold` is a **PROTOCOL DECISION**, default 2 (response-itp.md §3.6). `null` = not assessed.
 * @example bleedingForResponse('2025-01-05', [petechiaeGrade1], true) // false: grade-1 petechiae do not invalidate a response
 */
export function bleedingForResponse(date: string, events: readonly BleedingEvent[], assessed: boolean, bleedingGradeThreshold = 2, options: BleedingDayOptions = {}): boolean | null {
  const g = bleedingGradeOnDate(date, events, assessed, options)
  if (g.kind === 'not-assessed') return null
  // "any event with grade ≥ threshold": a day without events is no bleeding even for a threshold of 0
  return g.activeEvents.some((e) => e.grade >= bleedingGradeThreshold)
}
