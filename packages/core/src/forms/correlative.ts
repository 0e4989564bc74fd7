/**
 * Correlative laboratory results: CAR transgene copies, CD19+ B cells, immunoglobulins, anti-GP autoantibodies,
 * anti-dsDNA and complement. Values are stored as measured; B-cell aplasia and kinetics are computed by
 * `kinetics/` from the series, not from one record.
 * Source: regimen-and-dosing.md §5-§6 (CAR kinetics, B-cell aplasia).
 */
import { z } from 'zod'
import { dateChecks, FormDateSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'

export const GP_ANTIBODY_RESULTS = ['positive', 'negative', 'indeterminate'] as const
const gp = z.enum(GP_ANTIBODY_RESULTS).nullable()

export const CorrelativeFormSchema = z.object({
  collectedOn: FormDateSchema,
  carCopiesPerUgGdna: measured,
  cd19BCellsPerUl: measured,
  igGgPerL: measured,
  igAgPerL: measured,
  igMgPerL: measured,
  antiGpIIbIIIa: gp,
  antiGpIbIX: gp,
  antiDsDnaIuPerMl: measured,
  c3gPerL: measured,
  c4gPerL: measured,
})
export type CorrelativeForm = z.infer<typeof CorrelativeFormSchema>

const nonNeg = (id: string, path: string, label: string): EditCheck => ({ id, kind: 'range', path: [path], min: 0, severity: 'error', message: `${label} cannot be negative` })

export const CORRELATIVE_CHECKS: readonly EditCheck[] = [
  ...dateChecks('corr', 'collectedOn', 'Collection date'),
  nonNeg('corr.car.nonneg', 'carCopiesPerUgGdna', 'CAR copies'),
  nonNeg('corr.cd19.nonneg', 'cd19BCellsPerUl', 'CD19+ B cells'),
  nonNeg('corr.igg.nonneg', 'igGgPerL', 'IgG'),
  nonNeg('corr.iga.nonneg', 'igAgPerL', 'IgA'),
  nonNeg('corr.igm.nonneg', 'igMgPerL', 'IgM'),
  nonNeg('corr.dsdna.nonneg', 'antiDsDnaIuPerMl', 'Anti-dsDNA'),
  nonNeg('corr.c3.nonneg', 'c3gPerL', 'C3'),
  nonNeg('corr.c4.nonneg', 'c4gPerL', 'C4'),
  { id: 'corr.igg.unusual', kind: 'range', path: ['igGgPerL'], max: 40, severity: 'warning', message: 'IgG above 40 g/L: check the unit (g/L, not mg/dL)' },
  { id: 'corr.c3.unusual', kind: 'range', path: ['c3gPerL'], max: 5, severity: 'warning', message: 'C3 above 5 g/L: check the unit (g/L, not mg/dL)' },
  { id: 'corr.c4.unusual', kind: 'range', path: ['c4gPerL'], max: 2, severity: 'warning', message: 'C4 above 2 g/L: check the unit (g/L, not mg/dL)' },
]

/** Nothing is derived from a single correlative record. */
export function deriveCorrelative(c: CorrelativeForm): { carDetected: boolean | null } {
  return { carDetected: c.carCopiesPerUgGdna === null ? null : c.carCopiesPerUgGdna > 0 }
}
