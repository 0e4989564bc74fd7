/**
 * Bedside Schwartz eGFR for children 1-18 years, mL/min/1.73 m2.
 *
 * Source: regimen-and-dosing.md §2.2. Schwartz GJ, Munoz A, Schneider MF, et al. New equations to estimate GFR
 * in children with CKD. J Am Soc Nephrol 2009;20(3):629-637.
 *   eGFR = 0.413 x height[cm] / SCr[mg/dL]
 * Valid only with IDMS-traceable (enzymatic) creatinine, which the caller must assert.
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { checkPositive, presentIssues } from './dosing-issue.js'
import { formatHalfUp } from './round-half-up.js'
import { checkSerumCreatinine, creatinineMgPerDl, type SerumCreatinine } from './serum-creatinine.js'

export interface BedsideSchwartzInput {
  ageYears: number
  heightCm: number
  serumCreatinine: SerumCreatinine
  /** the creatinine assay is IDMS-traceable (enzymatic); the equation is invalid otherwise (§2.2) */
  idmsTraceable: boolean
}

export interface BedsideSchwartzResult {
  method: 'bedside-schwartz'
  /** eGFR, unrounded */
  value: number
  unit: 'mL/min/1.73m2'
  scrMgPerDl: number
  equation: string
  explanation: string
  source: string
}

const SOURCE = 'regimen-and-dosing.md §2.2 (Schwartz et al., J Am Soc Nephrol 2009)'
const EQUATION = 'eGFR = 0.413 x height[cm] / SCr[mg/dL]'

/**
 * @returns eGFR, or issues for invalid inputs, an age outside 1-18 years, or a non-IDMS creatinine
 * @example bedsideSchwartz({ ageYears: 10, heightCm: 128, serumCreatinine: { value: 0.45, unit: 'mg/dL' }, idmsTraceable: true }) // 117.48
 */
export function bedsideSchwartz(input: BedsideSchwartzInput): Result<BedsideSchwartzResult> {
  const issues: Issue[] = presentIssues(
    checkPositive(input.heightCm, ['heightCm'], 'height (cm)', SOURCE),
    checkSerumCreatinine(input.serumCreatinine, SOURCE),
  )
  if (!(input.ageYears >= 1 && input.ageYears <= 18)) {
    issues.push({
      code: 'dosing.out_of_range',
      path: ['ageYears'],
      message: `bedside Schwartz is validated for children 1-18 years, got age ${String(input.ageYears)}`,
      source: SOURCE,
    })
  }
  if (input.idmsTraceable !== true) {
    issues.push({
      code: 'dosing.creatinine_not_idms',
      path: ['idmsTraceable'],
      message:
        'bedside Schwartz requires an IDMS-traceable (enzymatic) creatinine; this result is not marked as such',
      source: SOURCE,
    })
  }
  if (issues.length > 0) return fail(issues)
  const scrMgPerDl = creatinineMgPerDl(input.serumCreatinine)
  const value = (0.413 * input.heightCm) / scrMgPerDl
  return ok({
    method: 'bedside-schwartz',
    value,
    unit: 'mL/min/1.73m2',
    scrMgPerDl,
    equation: EQUATION,
    explanation: `bedside Schwartz ${EQUATION}: 0.413 x ${input.heightCm} / ${formatHalfUp(scrMgPerDl, 4)} = ${formatHalfUp(value, 2)} mL/min/1.73m2`,
    source: SOURCE,
  })
}
