/**
 * Medication: concomitant, rescue (typed with the response engine's RESCUE_TYPES so the record feeds the rescue
 * exclusion windows) or a new ITP therapy (ends the response follow-up per protocol).
 * Source: response-itp.md §3.1 (`rescueEvents[].type`), §3.2 (rescue windows).
 */
import { z } from 'zod'
import { DEFAULT_RESCUE_WINDOW_DAYS, RESCUE_TYPES, type RescueType } from '../response/index.js'
import { dateChecks, endNotBeforeStart, FormDateSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'

export const MEDICATION_CATEGORIES = ['CONCOMITANT', 'RESCUE', 'NEW_ITP_THERAPY'] as const

export const MedicationFormSchema = z.object({
  name: z.string().trim().min(1).max(200),
  category: z.enum(MEDICATION_CATEGORIES),
  rescueType: z.enum(RESCUE_TYPES).nullable(),
  dose: measured,
  unit: z.string().max(30).nullable(),
  start: FormDateSchema,
  end: FormDateSchema.nullable(),
})
export type MedicationForm = z.infer<typeof MedicationFormSchema>

export const MEDICATION_CHECKS: readonly EditCheck[] = [
  ...dateChecks('med', 'start', 'Start'),
  ...dateChecks('med', 'end', 'End', { required: false }),
  endNotBeforeStart('med'),
  { id: 'med.rescue.type', kind: 'required', path: ['rescueType'], when: { path: ['category'], in: ['RESCUE'] }, severity: 'error', message: 'Rescue therapy needs its type', source: 'response-itp.md §3.1' },
  { id: 'med.rescue.type.only', kind: 'empty', path: ['rescueType'], when: { path: ['category'], in: ['CONCOMITANT', 'NEW_ITP_THERAPY'] }, severity: 'error', message: 'Rescue type applies to rescue therapy only' },
  { id: 'med.dose.positive', kind: 'range', path: ['dose'], min: 0, minExclusive: true, severity: 'error', message: 'Dose must be above 0' },
  { id: 'med.unit.required', kind: 'required', path: ['unit'], when: { path: ['doseRecorded'], in: [true] }, severity: 'error', message: 'A dose needs its unit' },
]

/** Values the checks read that the user does not type. */
export function medicationCheckView(m: MedicationForm): Record<string, unknown> {
  return { ...m, doseRecorded: m.dose !== null && m.dose !== undefined }
}

/** @example deriveMedication({ name: 'IVIG', category: 'RESCUE', rescueType: 'IVIG', dose: 1, unit: 'g/kg', start: '2025-03-10', end: '2025-03-11' }) // { rescueWindowDays: 14 } */
export function deriveMedication(m: MedicationForm): { rescueWindowDays: number | null } {
  const t: RescueType | null = m.category === 'RESCUE' ? m.rescueType : null
  return { rescueWindowDays: t === null ? null : DEFAULT_RESCUE_WINDOW_DAYS[t] }
}
