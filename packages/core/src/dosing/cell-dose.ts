/**
 * Target cell dose of a dose level: per kg (`cells = dose_per_kg x weight`, weight optionally capped) or flat.
 *
 * Source: regimen-and-dosing.md §3 (per kg: NCT06352281, NCT05315778; flat: NCT06337474 KN5501; worked table
 * 25 / 60 / 70 kg x 1.5e5, 3e5, 1.0e7, 2.0e7 per kg). PROTOCOL DECISIONS (§3): weight used (default weight at
 * leukapheresis, see select-dosing-weight.ts); maximum weight for per-kg dosing (`maxWeightKg`, default none).
 * The dose definition is the protocol's `CellDose` (packages/core/src/protocol/arms.ts).
 */
import type { ProtocolCellDose as CellDose } from '../protocol/arms.js'
import { fail, ok, type Result } from '../result.js'
import { checkPositive, type InclusiveRange } from './dosing-issue.js'
import { cellCount, type CellCount, type CellsPerKg, type Kg } from './units.js'

export interface CellDoseTarget {
  kind: 'per-kg' | 'flat'
  targetCells: CellCount
  /** per-kg dose level; null for a flat dose */
  cellsPerKg: CellsPerKg | null
  /** weight given; null for a flat dose */
  weightKg: Kg | null
  /** weight multiplied (after the cap); null for a flat dose */
  weightUsedKg: Kg | null
  capped: boolean
  explanation: string
  source: string
}

const SOURCE = 'regimen-and-dosing.md §3 (cell dose per kg or flat)'

/** Scientific notation for explanations: 6e8 -> "6.00e+8". */
export const formatCells = (n: number): string => n.toExponential(2)

/**
 * @param dose the protocol dose level's dose
 * @param weightKg the dosing weight; required for a per-kg dose, ignored for a flat dose
 * @returns the target number of cells, or issues for a missing/invalid weight or a level without a dose
 *   (`unspecified` in the protocol)
 * @example cellDoseTarget({ kind: 'per-kg', cellsPerKg: 1e7, maxWeightKg: null }, 60) // 6.0e8 cells
 */
export function cellDoseTarget(
  dose: CellDose,
  weightKg: number | null,
  { weightLimitsKg = {} }: { weightLimitsKg?: InclusiveRange } = {},
): Result<CellDoseTarget> {
  if (dose.kind === 'flat') {
    return ok({
      kind: 'flat',
      targetCells: cellCount(dose.cells),
      cellsPerKg: null,
      weightKg: null,
      weightUsedKg: null,
      capped: false,
      explanation: `flat dose: ${formatCells(dose.cells)} cells`,
      source: SOURCE,
    })
  }
  if (dose.kind === 'unspecified') {
    return fail([
      {
        code: 'dosing.dose_not_defined',
        path: ['dose'],
        message: `the protocol defines no cell dose for this level (${dose.note})`,
        source: SOURCE,
      },
    ])
  }
  if (weightKg === null) {
    return fail([
      {
        code: 'dosing.missing_value',
        path: ['weightKg'],
        message: 'a per-kg cell dose needs the dosing weight',
        source: SOURCE,
      },
    ])
  }
  const invalid = checkPositive(weightKg, ['weightKg'], 'weight (kg)', SOURCE, weightLimitsKg)
  if (invalid) return fail([invalid])
  const capped = dose.maxWeightKg !== null && weightKg > dose.maxWeightKg
  const weightUsedKg = capped && dose.maxWeightKg !== null ? dose.maxWeightKg : weightKg
  const targetCells = Number((dose.cellsPerKg * weightUsedKg).toPrecision(15))
  return ok({
    kind: 'per-kg',
    targetCells: cellCount(targetCells),
    cellsPerKg: dose.cellsPerKg as CellsPerKg,
    weightKg: weightKg as Kg,
    weightUsedKg: weightUsedKg as Kg,
    capped,
    explanation:
      `cells = dose_per_kg x weight_kg: ${formatCells(dose.cellsPerKg)}/kg x ${weightUsedKg} kg` +
      `${capped ? ` (weight ${weightKg} kg capped at ${dose.maxWeightKg} kg)` : ''} = ${formatCells(targetCells)} cells`,
    source: SOURCE,
  })
}
