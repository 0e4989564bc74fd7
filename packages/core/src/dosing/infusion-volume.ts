/**
 * Volume of product to infuse for a target cell dose, from the product's viable CAR+ cell concentration.
 *
 * Source: regimen-and-dosing.md §3 PROTOCOL DECISION "what is counted (CAR-positive viable cells vs total
 * viable cells - product specification)", §5 (certificate of analysis: viability, cell count, CAR expression).
 *   volume_mL = target_cells / concentration_cells_per_mL
 * where the concentration is of the counted population: viable CAR+ cells/mL (default, as the task states),
 * or total viable cells/mL. Viable CAR+ concentration may be derived as viable cells/mL x CAR+ fraction.
 * No rounding is applied: the volume is drawn by the pharmacy to its own syringe resolution.
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { checkPositive } from './dosing-issue.js'
import { formatHalfUp } from './round-half-up.js'
import { formatCells } from './cell-dose.js'

export type CountedCells = 'car-positive-viable' | 'total-viable'

/** Product concentration from the certificate of analysis. */
export interface ProductConcentration {
  /** viable cells per mL */
  viableCellsPerMl: number
  /** fraction (0-1] of viable cells that are CAR+; required when CAR+ viable cells are counted */
  carPositiveFraction?: number
}

export interface InfusionVolume {
  counted: CountedCells
  /** concentration of the counted population, cells/mL */
  countedCellsPerMl: number
  volumeMl: number
  explanation: string
}

/**
 * @param availableVolumeMl volume in the bag(s); when given, a larger required volume is refused (product below target)
 * @example infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 0.3 }) // 100 mL
 */
export function infusionVolume(
  targetCells: number,
  product: ProductConcentration,
  {
    counted = 'car-positive-viable',
    availableVolumeMl = null,
  }: { counted?: CountedCells; availableVolumeMl?: number | null } = {},
): Result<InfusionVolume> {
  const source = 'regimen-and-dosing.md §3, §5 (counted cells; certificate of analysis)'
  const issues: Issue[] = [
    checkPositive(targetCells, ['targetCells'], 'target cells', source),
    checkPositive(product.viableCellsPerMl, ['viableCellsPerMl'], 'viable cells per mL', source),
  ].filter((i) => i !== undefined)
  if (counted === 'car-positive-viable') {
    const f = product.carPositiveFraction
    if (f === undefined || !(f > 0 && f <= 1)) {
      issues.push({
        code: 'dosing.out_of_range',
        path: ['carPositiveFraction'],
        message: `CAR+ fraction must be in (0, 1] when CAR+ viable cells are counted, got ${String(f)}`,
        source,
      })
    }
  }
  if (issues.length > 0) return fail(issues)
  const fraction = counted === 'car-positive-viable' ? (product.carPositiveFraction ?? 1) : 1
  const countedCellsPerMl = Number((product.viableCellsPerMl * fraction).toPrecision(15))
  const volumeMl = targetCells / countedCellsPerMl
  const explanation =
    `volume = target / concentration: ${formatCells(targetCells)} cells / ${formatCells(countedCellsPerMl)} ${counted} cells/mL` +
    `${counted === 'car-positive-viable' ? ` (${formatCells(product.viableCellsPerMl)} viable/mL x ${fraction} CAR+)` : ''} = ${formatHalfUp(volumeMl, 2)} mL`
  if (availableVolumeMl !== null && volumeMl > availableVolumeMl) {
    return fail([
      {
        code: 'dosing.insufficient_product',
        path: ['availableVolumeMl'],
        message: `${explanation}, more than the ${availableVolumeMl} mL available: the product is below target`,
        source,
      },
    ])
  }
  return ok({ counted, countedCellsPerMl, volumeMl, explanation })
}
