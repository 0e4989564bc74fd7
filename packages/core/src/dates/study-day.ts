import { daysBetween } from './iso-date.js'

/**
 * Protocol study day with Day 0 = day of cell infusion; lymphodepletion days are negative.
 * Source: ../shared/domain/README.md, "Cross-cutting conventions: Day numbering".
 * @example protocolDay('2024-03-06', '2024-03-01') // 5
 */
export function protocolDay(date: string, infusionDate: string): number {
  return daysBetween(infusionDate, date)
}

/**
 * SDTM `--DY`: there is no day 0. `date - RFSTDTC + 1` on or after the reference date, else `date - RFSTDTC`.
 * Source: ../shared/domain/README.md, "CDISC study day differs" (SDTM IG study-day rule).
 * @example sdtmStudyDay('2024-03-01', '2024-03-01') // 1
 * @example sdtmStudyDay('2024-02-29', '2024-03-01') // -1
 */
export function sdtmStudyDay(date: string, referenceStart: string): number {
  const diff = daysBetween(referenceStart, date)
  return diff >= 0 ? diff + 1 : diff
}
