/**
 * Renal dose adjustment of a lymphodepleting drug (fludarabine): `adjustedDose = baseDose x factor(band)`, with
 * the bands and factors taken from the protocol as data.
 *
 * Source: regimen-and-dosing.md §2.3 (renal adjustment is protocol-defined; Fludara IV label bands
 * >= 80 / 50-79 / 30-49 / < 30 mL/min; worked example CrCl 44.27 -> 0.6 x 30 = 18 mg/m2), §2.1-§2.2 for the
 * renal function (Cockcroft & Gault, Nephron 1976; Schwartz et al., J Am Soc Nephrol 2009).
 * Band semantics follow the protocol schema (`packages/core/src/protocol/lymphodepletion.ts`): a band applies
 * when `min <= value < max`, `null` bounds are open, `factor: null` means "do not administer". The raw,
 * unrounded renal value is compared (domain README "Rounding").
 */
import type { RenalAdjustment, RenalBand } from '../protocol/lymphodepletion.js'
import { withoutBinaryNoise } from './round-half-up.js'
import { fail, ok, type Result } from '../result.js'
import { checkPositive } from './dosing-issue.js'
import { renalFunction, type RenalFunctionInput, type RenalFunctionResult } from './renal-function.js'
import { formatHalfUp } from './round-half-up.js'

export interface RenalDoseAdjustment {
  renal: RenalFunctionResult
  band: RenalBand
  /** multiplier of the base dose; null = do not administer */
  factor: number | null
  baseDoseMgPerM2: number
  /** base x factor; null when the band says do not administer */
  adjustedDoseMgPerM2: number | null
  explanation: string
  source: string
}

const SOURCE = 'regimen-and-dosing.md §2.3 (protocol-defined renal bands)'

/**
 * True when `value` lies in `band` (`min <= value < max`).
 * The comparison is on the decimal value the inputs define (regimen-and-dosing.md §2.3 bands, "CrCl >= 80";
 * README "Comparators": equality cases count): Cockcroft-Gault and Schwartz are rational in decimal inputs, so
 * binary noise is removed first (`withoutBinaryNoise`, as roundHalfUp does). Without it a man of 20 y, 62.4 kg,
 * SCr 1.3 mg/dL, CrCl (140 - 20) x 62.4 / (72 x 1.3) = 80 exactly, computed 79.99999999999999 and fell in 50-79.
 */
export function inRenalBand(value: number, band: RenalBand): boolean {
  const v = withoutBinaryNoise(value)
  return (band.min === null || v >= band.min) && (band.max === null || v < band.max)
}

function describeBand(band: RenalBand, unit: string): string {
  if (band.min !== null && band.max !== null) return `${band.min} <= value < ${band.max} ${unit}`
  if (band.min !== null) return `>= ${band.min} ${unit}`
  if (band.max !== null) return `< ${band.max} ${unit}`
  return 'any value'
}

/**
 * Compute the renal function the rule asks for (Schwartz below `pediatricBelowAgeYears`, else Cockcroft-Gault
 * with the rule's weight type), find its band and apply the factor.
 * @returns the adjustment (possibly "do not administer"), or issues for invalid inputs or an uncovered value
 * @example with Fludara IV bands as factors 1.0/0.8/0.6/null and base 30 mg/m2, CrCl 44.27 mL/min -> 18 mg/m2
 */
export function renalDoseAdjustment(
  patient: RenalFunctionInput,
  baseDoseMgPerM2: number,
  rule: RenalAdjustment,
): Result<RenalDoseAdjustment> {
  const invalidDose = checkPositive(baseDoseMgPerM2, ['baseDoseMgPerM2'], 'base dose (mg/m2/day)', SOURCE)
  if (invalidDose) return fail([invalidDose])
  const renal = renalFunction(patient, {
    pediatricBelowAgeYears: rule.pediatricBelowAgeYears,
    weightType: rule.weightType,
  })
  if (!renal.ok) return renal
  const band = rule.bands.find((b) => inRenalBand(renal.value.value, b))
  if (!band) {
    return fail([
      {
        code: 'dosing.renal_band_not_found',
        path: ['renalAdjustment', 'bands'],
        message: `no protocol renal band covers ${renal.value.value} ${renal.value.unit}`,
        source: SOURCE,
      },
    ])
  }
  const adjusted = band.factor === null ? null : Number((baseDoseMgPerM2 * band.factor).toPrecision(15))
  const renalText = `${renal.value.method} ${formatHalfUp(renal.value.value, 2)} ${renal.value.unit}`
  const explanation =
    adjusted === null
      ? `${renalText} is in band ${describeBand(band, renal.value.unit)}: do not administer`
      : `${renalText} is in band ${describeBand(band, renal.value.unit)}: ${baseDoseMgPerM2} mg/m2 x ${band.factor} = ${adjusted} mg/m2`
  return ok({
    renal: renal.value,
    band,
    factor: band.factor,
    baseDoseMgPerM2,
    adjustedDoseMgPerM2: adjusted,
    explanation,
    source: SOURCE,
  })
}
