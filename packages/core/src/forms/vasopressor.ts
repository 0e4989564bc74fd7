/**
 * Vasopressor administration. Vasopressin does not count toward "multiple vasopressors" (CRS-6).
 * Source: safety-grading.md §1.2 CRS-6, examples C8/C9.
 */
import { z } from 'zod'
import { dateChecks, endNotBeforeStart, FormDateTimeSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'

export const VASOPRESSOR_AGENTS = ['norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin', 'other'] as const
export const VASOPRESSOR_UNITS = ['ug/kg/min', 'ug/min', 'units/min', 'mg/h'] as const

export const VasopressorFormSchema = z.object({
  agent: z.enum(VASOPRESSOR_AGENTS),
  dose: measured,
  unit: z.enum(VASOPRESSOR_UNITS).nullable(),
  start: FormDateTimeSchema,
  end: FormDateTimeSchema.nullable(),
})
export type Vasopressor = z.infer<typeof VasopressorFormSchema>

export const VASOPRESSOR_CHECKS: readonly EditCheck[] = [
  ...dateChecks('vp', 'start', 'Start'),
  ...dateChecks('vp', 'end', 'End', { required: false }),
  endNotBeforeStart('vp'),
  { id: 'vp.dose.required', kind: 'required', path: ['dose'], severity: 'error', message: 'Dose is required' },
  { id: 'vp.dose.positive', kind: 'range', path: ['dose'], min: 0, minExclusive: true, severity: 'error', message: 'Dose must be above 0' },
  { id: 'vp.unit.required', kind: 'required', path: ['unit'], severity: 'error', message: 'Unit is required' },
]

/** @example deriveVasopressor({ agent: 'vasopressin', dose: 0.03, unit: 'units/min', start: '2025-03-03T10:00', end: null }) // { countsTowardMultiple: false } */
export function deriveVasopressor(v: Vasopressor): { countsTowardMultiple: boolean } {
  return { countsTowardMultiple: v.agent !== 'vasopressin' }
}
