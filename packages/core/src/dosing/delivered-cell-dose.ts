/**
 * Whether a delivered (or manufactured) cell dose lies within the protocol's acceptable range around target.
 *
 * Source: regimen-and-dosing.md §3 PROTOCOL DECISIONS: "acceptable delivered range (e.g. +-20 % of target) and
 * what happens when the manufactured product is below target (infuse as out-of-specification, re-manufacture,
 * or lower dose level)". The default tolerance is the doc's example, 20 % either side, bounds inclusive; the
 * below-target action is the protocol's and is returned as given, never chosen here.
 */
import { fail, ok, type Result } from '../result.js'
import { checkPositive } from './dosing-issue.js'
import { formatCells } from './cell-dose.js'

export type BelowTargetAction = 'infuse-out-of-specification' | 're-manufacture' | 'lower-dose-level'

export interface DeliveredDoseVerdict {
  verdict: 'within-range' | 'below-range' | 'above-range'
  /** delivered / target */
  ratio: number
  lowerCells: number
  upperCells: number
  /** the protocol's action when below range; null when within/above or not configured */
  belowTargetAction: BelowTargetAction | null
  explanation: string
}

export interface DeliveredDoseOptions {
  /** % below target still acceptable, inclusive. PROTOCOL DECISION, doc example 20 */
  lowerTolerancePercent?: number
  /** % above target still acceptable, inclusive. PROTOCOL DECISION, doc example 20 */
  upperTolerancePercent?: number
  belowTargetAction?: BelowTargetAction | null
}

/**
 * @example assessDeliveredCellDose(6e8, 4.7e8) // below-range (lower bound 4.8e8)
 */
export function assessDeliveredCellDose(
  targetCells: number,
  deliveredCells: number,
  {
    lowerTolerancePercent = 20,
    upperTolerancePercent = 20,
    belowTargetAction = null,
  }: DeliveredDoseOptions = {},
): Result<DeliveredDoseVerdict> {
  const source = 'regimen-and-dosing.md §3 (acceptable delivered range)'
  const invalid = [
    checkPositive(targetCells, ['targetCells'], 'target cells', source),
    checkPositive(deliveredCells, ['deliveredCells'], 'delivered cells', source),
  ].filter((i) => i !== undefined)
  // §3: the range is "+-X % of target". A tolerance that is not a finite percent (NaN, negative, or more than
  // 100 % below target) would make a bound NaN or negative, and every delivery would pass as within range.
  const tolerances: [string, number, number][] = [
    ['lowerTolerancePercent', lowerTolerancePercent, 100],
    ['upperTolerancePercent', upperTolerancePercent, Number.POSITIVE_INFINITY],
  ]
  for (const [name, pct, max] of tolerances) {
    if (!(Number.isFinite(pct) && pct >= 0 && pct <= max)) {
      invalid.push({
        code: 'dosing.out_of_range',
        path: [name],
        message: `${name} must be a finite percent >= 0${max === 100 ? ' and <= 100' : ''}, got ${String(pct)}`,
        source,
      })
    }
  }
  if (invalid.length > 0) return fail(invalid)
  const lowerCells = Number((targetCells * (1 - lowerTolerancePercent / 100)).toPrecision(15))
  const upperCells = Number((targetCells * (1 + upperTolerancePercent / 100)).toPrecision(15))
  const verdict =
    deliveredCells < lowerCells ? 'below-range' : deliveredCells > upperCells ? 'above-range' : 'within-range'
  return ok({
    verdict,
    ratio: deliveredCells / targetCells,
    lowerCells,
    upperCells,
    belowTargetAction: verdict === 'below-range' ? belowTargetAction : null,
    explanation:
      `delivered ${formatCells(deliveredCells)} vs target ${formatCells(targetCells)}; acceptable ` +
      `${formatCells(lowerCells)}..${formatCells(upperCells)} (-${lowerTolerancePercent} %/+${upperTolerancePercent} %): ${verdict}`,
  })
}
