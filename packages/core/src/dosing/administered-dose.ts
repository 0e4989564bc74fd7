/**
 * The administered dose of a lymphodepleting drug against its prescription: the pharmacy may round the prescribed
 * dose to vial size within +-5 %; the record keeps the calculated, prescribed and administered dose.
 *
 * Source: regimen-and-dosing.md §1 PROTOCOL DECISIONS, dose rounding: "the calculated dose is shown unrounded to
 * 1 decimal, and the prescribed dose is rounded to the nearest 1 mg, half up; pharmacy may round to vial size
 * within ±5 % — record calculated, prescribed and administered dose". The pharmacy rounds the prescription, so the
 * tolerance is taken around the prescribed dose; "within" includes both bounds (domain README "Comparators").
 * The bounds are computed on the decimal value (`toPrecision(15)`, as delivered-cell-dose.ts) so that 50 mg x 1.05
 * is exactly 52.5 mg.
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { checkPositive } from './dosing-issue.js'

export interface AdministeredDoseInput {
  /** dose_mg_per_m2 x BSA, unrounded (ldDosePlan `dailyCalculatedMg`) */
  calculatedMg: number
  /** the prescribed dose (ldDosePlan `dailyPrescribedMg`) */
  prescribedMg: number
  /** what the pharmacy dispensed and the patient received; 0 = not given */
  administeredMg: number
}

export interface AdministeredDoseRecord extends AdministeredDoseInput {
  verdict: 'within-tolerance' | 'below-tolerance' | 'above-tolerance'
  /** prescribed x (1 - tolerance), prescribed x (1 + tolerance) */
  lowerMg: number
  upperMg: number
  /** (administered - prescribed) / prescribed x 100, unrounded */
  differencePercent: number
  explanation: string
  source: string
}

export interface AdministeredDoseOptions {
  /**
   * vial rounding allowed either side of the prescribed dose, inclusive. PROTOCOL DECISION, default 5 (§1); the
   * protocol's value is `lymphodepletion.vialRoundingPercent`
   */
  vialRoundingPercent?: number
}

const SOURCE = 'regimen-and-dosing.md §1 (dose rounding: vial size within +-5 %)'

/**
 * @returns the three doses with the verdict, or issues for a non-positive calculated or prescribed dose, a
 *   negative or non-finite administered dose, or a tolerance that is not a percent in [0, 100]
 * @example assessAdministeredDose({ calculatedMg: 49.8, prescribedMg: 50, administeredMg: 52.5 }) // within-tolerance (47.5-52.5)
 */
export function assessAdministeredDose(
  dose: AdministeredDoseInput,
  { vialRoundingPercent = 5 }: AdministeredDoseOptions = {},
): Result<AdministeredDoseRecord> {
  const issues: Issue[] = [
    checkPositive(dose.calculatedMg, ['calculatedMg'], 'calculated dose (mg)', SOURCE),
    checkPositive(dose.prescribedMg, ['prescribedMg'], 'prescribed dose (mg)', SOURCE),
  ].filter((i) => i !== undefined)
  if (!(Number.isFinite(dose.administeredMg) && dose.administeredMg >= 0))
    issues.push({
      code: 'dosing.not_positive',
      path: ['administeredMg'],
      message: `administered dose (mg) must be a finite number >= 0, got ${String(dose.administeredMg)}`,
      source: SOURCE,
    })
  if (!(Number.isFinite(vialRoundingPercent) && vialRoundingPercent >= 0 && vialRoundingPercent <= 100))
    issues.push({
      code: 'dosing.out_of_range',
      path: ['vialRoundingPercent'],
      message: `vialRoundingPercent must be a finite percent in [0, 100], got ${String(vialRoundingPercent)}`,
      source: SOURCE,
    })
  if (issues.length > 0) return fail(issues)
  const { calculatedMg, prescribedMg, administeredMg } = dose
  const lowerMg = Number((prescribedMg * (1 - vialRoundingPercent / 100)).toPrecision(15))
  const upperMg = Number((prescribedMg * (1 + vialRoundingPercent / 100)).toPrecision(15))
  const verdict =
    administeredMg < lowerMg
      ? 'below-tolerance'
      : administeredMg > upperMg
        ? 'above-tolerance'
        : 'within-tolerance'
  const differencePercent = ((administeredMg - prescribedMg) / prescribedMg) * 100
  return ok({
    calculatedMg,
    prescribedMg,
    administeredMg,
    verdict,
    lowerMg,
    upperMg,
    differencePercent,
    explanation:
      `calculated ${calculatedMg} mg, prescribed ${prescribedMg} mg, administered ${administeredMg} mg; ` +
      `vial rounding allowed ${lowerMg}..${upperMg} mg (+-${vialRoundingPercent} % of prescribed): ${verdict}`,
    source: SOURCE,
  })
}
