/**
 * Serum creatinine in mg/dL from a value reported in mg/dL or umol/L.
 *
 * Source: regimen-and-dosing.md §2.1 ("SCr in umol/L -> mg/dL: divide by 88.4"; 70 umol/L = 0.7919 mg/dL).
 */
import type { Issue } from '../result.js'
import { checkPositive } from './dosing-issue.js'

export type CreatinineUnit = 'mg/dL' | 'umol/L'

/** A serum creatinine result as reported by the laboratory. */
export interface SerumCreatinine {
  value: number
  unit: CreatinineUnit
}

/** umol/L per mg/dL of creatinine (regimen-and-dosing.md §2.1). */
export const CREATININE_UMOL_PER_MG_DL = 88.4

/**
 * @example creatinineMgPerDl({ value: 70, unit: 'umol/L' }) // 0.79185...
 */
export function creatinineMgPerDl(scr: SerumCreatinine): number {
  return scr.unit === 'mg/dL' ? scr.value : scr.value / CREATININE_UMOL_PER_MG_DL
}

/**
 * Check a creatinine result before it is converted: a finite value > 0 in one of the two units §2.1 names.
 * Any other unit (e.g. a lower-case "mg/dl" from a file) is refused rather than read as umol/L, which would
 * divide a mg/dL value by 88.4 and overstate the renal function 88-fold.
 * @returns an Issue `dosing.invalid_unit` / `dosing.not_positive`, or undefined when valid
 */
export function checkSerumCreatinine(scr: SerumCreatinine, source: string): Issue | undefined {
  if (scr.unit !== 'mg/dL' && scr.unit !== 'umol/L') {
    return {
      code: 'dosing.invalid_unit',
      path: ['serumCreatinine', 'unit'],
      message: `serum creatinine unit must be mg/dL or umol/L, got ${String(scr.unit)}`,
      source,
    }
  }
  return checkPositive(scr.value, ['serumCreatinine', 'value'], 'serum creatinine', source)
}
