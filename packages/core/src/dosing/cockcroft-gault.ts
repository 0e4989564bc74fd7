/**
 * Cockcroft-Gault creatinine clearance (adults), mL/min.
 *
 * Source: regimen-and-dosing.md §2.1. Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum
 * creatinine. Nephron 1976;16(1):31-41.
 *   CrCl = (140 - age[y]) x weight[kg] / (72 x SCr[mg/dL]), x 0.85 if female
 * PROTOCOL DECISION (§2.1): weight type actual / ideal / adjusted, default actual. The doc gives no formula for
 * ideal or adjusted weight, so the caller supplies that weight; this function does not invent one.
 */
import type { Issue } from '../result.js'
import { fail, ok, type Result } from '../result.js'
import { checkPositive, presentIssues } from './dosing-issue.js'
import { formatHalfUp } from './round-half-up.js'
import { checkSerumCreatinine, creatinineMgPerDl, type SerumCreatinine } from './serum-creatinine.js'

export type BodyWeightType = 'actual' | 'ideal' | 'adjusted'
export type BiologicalSex = 'female' | 'male'

export interface CockcroftGaultInput {
  ageYears: number
  sex: BiologicalSex
  /** actual body weight (kg) */
  weightKg: number
  /** ideal body weight (kg), required when `weightType` is `ideal` */
  idealWeightKg?: number
  /** adjusted body weight (kg), required when `weightType` is `adjusted` */
  adjustedWeightKg?: number
  serumCreatinine: SerumCreatinine
}

export interface CockcroftGaultResult {
  method: 'cockcroft-gault'
  /** creatinine clearance, unrounded */
  value: number
  unit: 'mL/min'
  weightType: BodyWeightType
  weightUsedKg: number
  scrMgPerDl: number
  equation: string
  explanation: string
  source: string
}

const SOURCE = 'regimen-and-dosing.md §2.1 (Cockcroft & Gault, Nephron 1976)'
const EQUATION = 'CrCl = (140 - age) x weight / (72 x SCr[mg/dL]) x 0.85 if female'

/**
 * @returns CrCl in mL/min, or issues for a missing/invalid input or an age >= 140 (no positive clearance)
 * @example cockcroftGault({ ageYears: 40, sex: 'female', weightKg: 60, serumCreatinine: { value: 0.8, unit: 'mg/dL' } }) // 88.54
 */
export function cockcroftGault(
  input: CockcroftGaultInput,
  { weightType = 'actual' }: { weightType?: BodyWeightType } = {},
): Result<CockcroftGaultResult> {
  const weight =
    weightType === 'actual'
      ? input.weightKg
      : weightType === 'ideal'
        ? input.idealWeightKg
        : input.adjustedWeightKg
  const weightPath =
    weightType === 'actual' ? 'weightKg' : weightType === 'ideal' ? 'idealWeightKg' : 'adjustedWeightKg'
  const issues: Issue[] = presentIssues(
    checkPositive(input.ageYears, ['ageYears'], 'age (years)', SOURCE, { max: 139 }),
    weight === undefined
      ? {
          code: 'dosing.missing_value',
          path: [weightPath],
          message: `${weightType} body weight is required by the protocol's weight type`,
          source: SOURCE,
        }
      : checkPositive(weight, [weightPath], `${weightType} weight (kg)`, SOURCE),
    checkSerumCreatinine(input.serumCreatinine, SOURCE),
  )
  if (input.sex !== 'female' && input.sex !== 'male') {
    issues.push({
      code: 'dosing.invalid_sex',
      path: ['sex'],
      message: `sex must be female or male, got ${String(input.sex)}`,
      source: SOURCE,
    })
  }
  if (issues.length > 0 || weight === undefined) return fail(issues)
  const scrMgPerDl = creatinineMgPerDl(input.serumCreatinine)
  const sexFactor = input.sex === 'female' ? 0.85 : 1
  const value = (((140 - input.ageYears) * weight) / (72 * scrMgPerDl)) * sexFactor
  const scrText =
    input.serumCreatinine.unit === 'mg/dL'
      ? `${scrMgPerDl}`
      : `(${input.serumCreatinine.value} umol/L / 88.4 = ${formatHalfUp(scrMgPerDl, 4)})`
  return ok({
    method: 'cockcroft-gault',
    value,
    unit: 'mL/min',
    weightType,
    weightUsedKg: weight,
    scrMgPerDl,
    equation: EQUATION,
    explanation:
      `Cockcroft-Gault ${EQUATION}: (140 - ${input.ageYears}) x ${weight} kg (${weightType}) / (72 x ${scrText})` +
      `${sexFactor === 1 ? '' : ' x 0.85'} = ${formatHalfUp(value, 2)} mL/min`,
    source: SOURCE,
  })
}
