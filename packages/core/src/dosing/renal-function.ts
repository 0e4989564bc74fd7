/**
 * Renal function for dosing: bedside Schwartz below the paediatric age cut-off, Cockcroft-Gault at or above it.
 *
 * Source: regimen-and-dosing.md §2.2 ("NCT06352281 enrols ages 8-75: select Schwartz for age < 18 and
 * Cockcroft-Gault for age >= 18", PROTOCOL DECISION). The two results carry different units
 * (mL/min/1.73 m2 vs mL/min); every renal threshold must state which unit it applies to.
 */
import type { Result } from '../result.js'
import { bedsideSchwartz, type BedsideSchwartzResult } from './bedside-schwartz.js'
import {
  cockcroftGault,
  type BiologicalSex,
  type BodyWeightType,
  type CockcroftGaultResult,
} from './cockcroft-gault.js'
import type { SerumCreatinine } from './serum-creatinine.js'

export type RenalFunctionResult = CockcroftGaultResult | BedsideSchwartzResult
export type RenalFunctionUnit = RenalFunctionResult['unit']

export interface RenalFunctionInput {
  ageYears: number
  sex: BiologicalSex
  heightCm: number
  weightKg: number
  idealWeightKg?: number
  adjustedWeightKg?: number
  serumCreatinine: SerumCreatinine
  /** required for children (bedside Schwartz); see bedside-schwartz.ts */
  idmsTraceable?: boolean
}

export interface RenalFunctionOptions {
  /** ages strictly below use bedside Schwartz. PROTOCOL DECISION, default 18 (§2.2) */
  pediatricBelowAgeYears?: number
  /** Cockcroft-Gault weight type. PROTOCOL DECISION, default actual (§2.1) */
  weightType?: BodyWeightType
}

/**
 * @example renalFunction({ ageYears: 40, sex: 'female', heightCm: 165, weightKg: 60, serumCreatinine: { value: 1.6, unit: 'mg/dL' } })
 *   // Cockcroft-Gault 44.27 mL/min
 */
export function renalFunction(
  input: RenalFunctionInput,
  { pediatricBelowAgeYears = 18, weightType = 'actual' }: RenalFunctionOptions = {},
): Result<RenalFunctionResult> {
  if (input.ageYears < pediatricBelowAgeYears) {
    return bedsideSchwartz({
      ageYears: input.ageYears,
      heightCm: input.heightCm,
      serumCreatinine: input.serumCreatinine,
      idmsTraceable: input.idmsTraceable === true,
    })
  }
  return cockcroftGault(input, { weightType })
}
