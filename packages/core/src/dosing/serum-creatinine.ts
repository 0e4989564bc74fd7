/**
 * Serum creatinine in mg/dL from a value reported in mg/dL or umol/L.
 *
 * Source: regimen-and-dosing.md §2.1 ("SCr in umol/L -> mg/dL: divide by 88.4"; 70 umol/L = 0.7919 mg/dL).
 */

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
