/**
 * Vital signs. Fever (≥ 38.0 °C, CRS-1) is derived, never typed; BSA (Mosteller, the regimen default) is derived
 * from height and weight when both are recorded.
 * Source: safety-grading.md §1.2 CRS-1; regimen-and-dosing.md §1 (BSA).
 */
import { z } from 'zod'
import { bodySurfaceArea } from '../dosing/index.js'
import { dateChecks, FormDateTimeSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'

export const VitalSignsFormSchema = z.object({
  measuredAt: FormDateTimeSchema,
  temperatureC: measured,
  systolicMmHg: measured,
  diastolicMmHg: measured,
  heartRate: measured,
  spo2Percent: measured,
  weightKg: measured.optional(),
  heightCm: measured.optional(),
})
export type VitalSigns = z.infer<typeof VitalSignsFormSchema>

/** Fever threshold, CRS-1: temperature ≥ 38.0 °C. */
export const FEVER_THRESHOLD_C = 38.0

export const VITAL_SIGNS_CHECKS: readonly EditCheck[] = [
  ...dateChecks('vs', 'measuredAt', 'Measurement time'),
  { id: 'vs.temp.plausible', kind: 'range', path: ['temperatureC'], min: 30, max: 45, severity: 'error', message: 'Temperature must be within 30-45 °C (physiologically plausible)' },
  { id: 'vs.temp.unusual', kind: 'range', path: ['temperatureC'], min: 35, max: 41, severity: 'warning', message: 'Temperature outside 35-41 °C: please confirm' },
  { id: 'vs.sbp.range', kind: 'range', path: ['systolicMmHg'], min: 40, max: 300, severity: 'error', message: 'Systolic pressure must be within 40-300 mmHg' },
  { id: 'vs.sbp.unusual', kind: 'range', path: ['systolicMmHg'], min: 80, max: 200, severity: 'warning', message: 'Systolic pressure outside 80-200 mmHg: please confirm' },
  { id: 'vs.dbp.range', kind: 'range', path: ['diastolicMmHg'], min: 20, max: 200, severity: 'error', message: 'Diastolic pressure must be within 20-200 mmHg' },
  { id: 'vs.dbp.below-sbp', kind: 'less-than', path: ['diastolicMmHg'], other: ['systolicMmHg'], severity: 'error', message: 'Diastolic pressure must be below systolic' },
  { id: 'vs.hr.range', kind: 'range', path: ['heartRate'], min: 20, max: 250, severity: 'error', message: 'Heart rate must be within 20-250 /min' },
  { id: 'vs.hr.unusual', kind: 'range', path: ['heartRate'], min: 40, max: 160, severity: 'warning', message: 'Heart rate outside 40-160 /min: please confirm' },
  { id: 'vs.spo2.range', kind: 'range', path: ['spo2Percent'], min: 0, max: 100, severity: 'error', message: 'SpO2 must be within 0-100 %' },
  { id: 'vs.spo2.low', kind: 'range', path: ['spo2Percent'], min: 80, severity: 'warning', message: 'SpO2 below 80 %: please confirm' },
  { id: 'vs.weight.range', kind: 'range', path: ['weightKg'], min: 2, max: 300, severity: 'error', message: 'Weight must be within 2-300 kg' },
  { id: 'vs.height.range', kind: 'range', path: ['heightCm'], min: 40, max: 250, severity: 'error', message: 'Height must be within 40-250 cm' },
]

export interface VitalSignsDerived {
  fever: boolean | null
  bsaM2: number | null
}

/**
 * @example deriveVitalSigns({ measuredAt: '2025-03-01T08:00', temperatureC: 38.0, systolicMmHg: 110, diastolicMmHg: 70,
 *   heartRate: 96, spo2Percent: 97, heightCm: 165, weightKg: 60 }) // { fever: true, bsaM2: 1.66 }
 */
export function deriveVitalSigns(v: VitalSigns): VitalSignsDerived {
  const fever = v.temperatureC === null ? null : v.temperatureC >= FEVER_THRESHOLD_C
  let bsaM2: number | null = null
  if (typeof v.heightCm === 'number' && typeof v.weightKg === 'number') {
    const bsa = bodySurfaceArea({ heightCm: v.heightCm, weightKg: v.weightKg })
    bsaM2 = bsa.ok ? bsa.value.bsaM2 : null
  }
  return { fever, bsaM2 }
}
