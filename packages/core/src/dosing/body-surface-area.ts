/**
 * Body surface area (BSA) for per-m2 chemotherapy dosing, Mosteller (default) or DuBois.
 *
 * Source: regimen-and-dosing.md §1.
 * - Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317(17):1098.
 *   BSA = sqrt(H[cm] x W[kg] / 3600)
 * - DuBois D, DuBois EF. A formula to estimate the approximate surface area if height and weight be known.
 *   Arch Intern Med 1916;17:863-871. BSA = 0.007184 x W^0.425 x H^0.725
 * PROTOCOL DECISIONS (§1): formula (default Mosteller); BSA rounding (default 2 decimals, half up, before
 * multiplying); BSA cap (default none). The weight source (default: actual weight measured within 7 days
 * before LD day 1) is chosen by the caller, see `select-weight.ts`.
 */
import { fail, ok, type Result } from '../result.js'
import { checkPositive, presentIssues, type InclusiveRange } from './dosing-issue.js'
import { formatHalfUp, roundHalfUp } from './round-half-up.js'
import { squareMetres, type Cm, type Kg, type SquareMetres } from './units.js'

export type BsaFormula = 'mosteller' | 'dubois'

export interface BsaOptions {
  /** PROTOCOL DECISION, default `mosteller` (§1) */
  formula?: BsaFormula
  /** decimals kept, half up, before multiplying; `null` = no rounding. PROTOCOL DECISION, default 2 (§1) */
  roundingDecimals?: number | null
  /** maximum BSA used for dosing; `null` = no cap. PROTOCOL DECISION, default none (§1) */
  capM2?: number | null
  /** protocol plausibility limits for the inputs (inclusive); default only "finite and > 0" */
  limits?: { heightCm?: InclusiveRange; weightKg?: InclusiveRange }
}

export interface BsaResult {
  formula: BsaFormula
  inputs: { heightCm: Cm; weightKg: Kg }
  /** unrounded formula value */
  rawM2: number
  /** value after rounding (equals raw when rounding is off) */
  roundedM2: number
  /** true when the cap replaced the rounded value */
  capped: boolean
  /** the BSA to multiply doses by: rounded, then capped */
  bsaM2: SquareMetres
  /** the formula written out */
  equation: string
  /** the calculation with the patient's numbers, for the dosing record */
  explanation: string
  source: string
}

const SOURCE = 'regimen-and-dosing.md §1 (Mosteller NEJM 1987; DuBois Arch Intern Med 1916)'

/** Mosteller BSA (m2) = sqrt(H x W / 3600). Source: Mosteller, N Engl J Med 1987;317:1098. */
export function mostellerBsa(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600)
}

/** DuBois BSA (m2) = 0.007184 x W^0.425 x H^0.725. Source: DuBois & DuBois, Arch Intern Med 1916;17:863. */
export function duBoisBsa(heightCm: number, weightKg: number): number {
  return 0.007184 * weightKg ** 0.425 * heightCm ** 0.725
}

/**
 * Body surface area with the protocol's formula, rounding and cap, and an explanation.
 * @returns the BSA, or issues `dosing.not_positive` / `dosing.out_of_range` for an invalid height or weight
 * @example bodySurfaceArea({ heightCm: 165, weightKg: 60 }) // bsaM2 1.66 (raw 1.6583)
 */
export function bodySurfaceArea(
  input: { heightCm: number; weightKg: number },
  { formula = 'mosteller', roundingDecimals = 2, capM2 = null, limits = {} }: BsaOptions = {},
): Result<BsaResult> {
  const issues = presentIssues(
    checkPositive(input.heightCm, ['heightCm'], 'height (cm)', SOURCE, limits.heightCm),
    checkPositive(input.weightKg, ['weightKg'], 'weight (kg)', SOURCE, limits.weightKg),
    capM2 === null ? undefined : checkPositive(capM2, ['capM2'], 'BSA cap (m2)', SOURCE),
  )
  if (issues.length > 0) return fail(issues)
  const { heightCm, weightKg } = input
  const rawM2 = formula === 'mosteller' ? mostellerBsa(heightCm, weightKg) : duBoisBsa(heightCm, weightKg)
  const roundedM2 = roundingDecimals === null ? rawM2 : roundHalfUp(rawM2, roundingDecimals)
  const capped = capM2 !== null && roundedM2 > capM2
  const bsaM2 = squareMetres(capped && capM2 !== null ? capM2 : roundedM2)
  const equation =
    formula === 'mosteller'
      ? 'BSA = sqrt(H[cm] x W[kg] / 3600)'
      : 'BSA = 0.007184 x W[kg]^0.425 x H[cm]^0.725'
  const substituted =
    formula === 'mosteller'
      ? `sqrt(${heightCm} x ${weightKg} / 3600)`
      : `0.007184 x ${weightKg}^0.425 x ${heightCm}^0.725`
  const steps = [
    `${formula === 'mosteller' ? 'Mosteller' : 'DuBois'} ${equation}: ${substituted} = ${formatHalfUp(rawM2, 4)} m2`,
  ]
  if (roundingDecimals !== null) steps.push(`rounded half up to ${roundingDecimals} dp = ${roundedM2} m2`)
  if (capped) steps.push(`capped at ${capM2} m2`)
  return ok({
    formula,
    inputs: { heightCm: heightCm as Cm, weightKg: weightKg as Kg },
    rawM2,
    roundedM2,
    capped,
    bsaM2,
    equation,
    explanation: steps.join('; '),
    source: SOURCE,
  })
}
