/**
 * Which encephalopathy tool grades ICANS: ICE for patients > 12 years, CAPD for ≤ 12 years (ICANS-5).
 * Age is in completed years on the assessment date (a birthday on Feb 29 is reached on Mar 1 in common years).
 * Source: Lee DW et al., BBMT 2019;25(4):625-638 (CAPD for young or developmentally delayed patients);
 * safety-grading.md §2.3-2.4 ICANS-5.
 */
import { isIsoDate } from '../dates/index.js'

export type IcansTool = 'ICE' | 'CAPD'

/**
 * Age in completed years on `onDate`.
 * @example ageInCompletedYears('2013-05-10', '2025-06-01') // 12
 * @throws RangeError when a date is not `YYYY-MM-DD`
 */
export function ageInCompletedYears(birthDate: string, onDate: string): number {
  if (!isIsoDate(birthDate) || !isIsoDate(onDate)) throw new RangeError(`ageInCompletedYears needs YYYY-MM-DD dates: ${birthDate}, ${onDate}`)
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number]
  const beforeBirthday = m < bm || (m === bm && d < bd)
  return y - by - (beforeBirthday ? 1 : 0)
}

export interface IcansToolInput {
  birthDate: string
  assessmentDate: string
  /** baseline developmental delay recorded at screening */
  developmentalDelay?: boolean
  /** ICANS-5 **PROTOCOL DECISION**: a developmental-delay flag forces CAPD at any age (default true) */
  developmentalDelayForcesCapd?: boolean
}

/**
 * Select the ICANS encephalopathy tool.
 * @example selectIcansTool({ birthDate: '2013-05-10', assessmentDate: '2025-06-01' }) // { tool: 'CAPD', ageYears: 12, ... } (N15)
 */
export function selectIcansTool(input: IcansToolInput): { tool: IcansTool; ageYears: number; reason: string } {
  const ageYears = ageInCompletedYears(input.birthDate, input.assessmentDate)
  const forces = input.developmentalDelayForcesCapd ?? true
  if (input.developmentalDelay === true && forces) return { tool: 'CAPD', ageYears, reason: 'baseline developmental delay forces CAPD (ICANS-5)' }
  return ageYears <= 12
    ? { tool: 'CAPD', ageYears, reason: `age ${ageYears} ≤ 12 years: CAPD` }
    : { tool: 'ICE', ageYears, reason: `age ${ageYears} > 12 years: ICE` }
}
