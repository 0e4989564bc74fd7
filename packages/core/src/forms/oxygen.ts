/**
 * Oxygen support, with the ASTCT 2019 hypoxia category derived from the delivery mode.
 * Low-flow nasal cannula is ≤ 6 L/min; > 6 L/min is high-flow (C5/C6).
 * Source: safety-grading.md §1.1, §1.3, worked examples C5, C6, C11.
 */
import { z } from 'zod'
import { dateChecks, FormDateTimeSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'

export const OXYGEN_DELIVERY = ['none', 'low_flow', 'high_flow', 'facemask', 'non_rebreather', 'cpap_bipap', 'mechanical_ventilation'] as const
export type OxygenDeliveryMode = (typeof OXYGEN_DELIVERY)[number]

/** Low-flow limit, ASTCT 2019: nasal cannula ≤ 6 L/min. */
export const LOW_FLOW_MAX_LPM = 6

export const OxygenFormSchema = z.object({
  measuredAt: FormDateTimeSchema,
  delivery: z.enum(OXYGEN_DELIVERY),
  flowLpm: measured,
})
export type Oxygen = z.infer<typeof OxygenFormSchema>

export const OXYGEN_CHECKS: readonly EditCheck[] = [
  ...dateChecks('o2', 'measuredAt', 'Measurement time'),
  { id: 'o2.flow.range', kind: 'range', path: ['flowLpm'], min: 0, max: 80, severity: 'error', message: 'Flow must be within 0-80 L/min' },
  { id: 'o2.flow.none', kind: 'empty', path: ['flowLpm'], when: { path: ['delivery'], in: ['none'] }, severity: 'error', message: 'No flow is recorded on room air' },
  { id: 'o2.flow.required', kind: 'required', path: ['flowLpm'], when: { path: ['delivery'], in: ['low_flow', 'high_flow'] }, severity: 'error', message: 'Flow is required for nasal cannula' },
  { id: 'o2.low-flow.max', kind: 'range', path: ['flowLpm'], max: LOW_FLOW_MAX_LPM, when: { path: ['delivery'], in: ['low_flow'] }, severity: 'error', message: 'Low-flow is at most 6 L/min (ASTCT 2019); choose high-flow', source: 'safety-grading.md §1.1, C6' },
  { id: 'o2.high-flow.min', kind: 'range', path: ['flowLpm'], min: LOW_FLOW_MAX_LPM, minExclusive: true, when: { path: ['delivery'], in: ['high_flow'] }, severity: 'warning', message: 'High-flow is more than 6 L/min (ASTCT 2019): please confirm', source: 'safety-grading.md §1.1, C5' },
]

export type CrsHypoxiaCategory = 'NONE' | 'LOW_FLOW' | 'HIGH_FLOW' | 'POSITIVE_PRESSURE'

/**
 * The CRS hypoxia category of one oxygen record, as the grader reads it (toxicity/astct-crs-2019.ts): a nasal
 * cannula is low- or high-flow by its recorded flow (safety-grading.md §1.1 and the ASTCT 2019 footnote: low-flow
 * ≤ 6 L/min, high-flow > 6), whichever device box was ticked; without a flow, a high-flow device is high-flow and a
 * low-flow cannula is not evaluable (`null`: the grader's grade 2-3, as the flow decides low- vs high-flow, §1.1).
 * @example deriveOxygen({ measuredAt: '2025-03-01T08:00', delivery: 'cpap_bipap', flowLpm: null }) // { hypoxiaCategory: 'POSITIVE_PRESSURE', crsHypoxiaGrade: 4 }
 * @example deriveOxygen({ measuredAt: '2025-03-01T08:00', delivery: 'high_flow', flowLpm: 5 }) // { hypoxiaCategory: 'LOW_FLOW', crsHypoxiaGrade: 2 }
 * @example deriveOxygen({ measuredAt: '2025-03-01T08:00', delivery: 'low_flow', flowLpm: null }) // { hypoxiaCategory: null, crsHypoxiaGrade: null }
 */
export function deriveOxygen(o: Oxygen): { hypoxiaCategory: CrsHypoxiaCategory | null; crsHypoxiaGrade: number | null } {
  const cannula = o.delivery === 'low_flow' || o.delivery === 'high_flow'
  const byFlow = cannula && o.flowLpm !== null && Number.isFinite(o.flowLpm) ? (o.flowLpm <= LOW_FLOW_MAX_LPM ? 'LOW_FLOW' : 'HIGH_FLOW') : null
  // a low-flow cannula without a flow: ≤ 6 or > 6 L/min is unknown, so grade 2 or 3 (not evaluable, as the grader says)
  if (o.delivery === 'low_flow' && byFlow === null) return { hypoxiaCategory: null, crsHypoxiaGrade: null }
  const hypoxiaCategory: CrsHypoxiaCategory =
    o.delivery === 'none' ? 'NONE' : byFlow ?? (o.delivery === 'cpap_bipap' || o.delivery === 'mechanical_ventilation' ? 'POSITIVE_PRESSURE' : 'HIGH_FLOW')
  const crsHypoxiaGrade = { NONE: 1, LOW_FLOW: 2, HIGH_FLOW: 3, POSITIVE_PRESSURE: 4 }[hypoxiaCategory]
  return { hypoxiaCategory, crsHypoxiaGrade }
}
