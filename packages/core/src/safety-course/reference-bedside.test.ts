/**
 * Differential check of bedside data → daily CRS grades (subjectSafetyCourse) against a reference written from
 * safety-grading.md §1 (CRS-1 fever ≥ 38.0 °C, CRS-2 masking after diagnosis, CRS-3 worst of hypotension/hypoxia,
 * CRS-6 vasopressin, CRS-7 worst of day and the default resolution rule), with records spread over the day and
 * protocol days that cross Feb 29 (README: Day 0 = infusion, calendar-date arithmetic).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Oxygen } from '../forms/oxygen.js'
import type { Vasopressor } from '../forms/vasopressor.js'
import type { VitalSigns } from '../forms/vital-signs.js'
import type { MedicationForm } from '../forms/medication.js'
import { subjectSafetyCourse } from './subject-safety-course.js'

const FC = { seed: 20261207, numRuns: 300 } as const
const DAY = 86_400_000
const addDaysRef = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00Z`) + n * DAY).toISOString().slice(0, 10)

type Deliv = Oxygen['delivery']
const O2_GRADE = (d: Deliv, flow: number | null): number =>
  // §1.1: nasal cannula ≤ 6 L/min is low-flow, > 6 high-flow, for a high-flow device too (third check)
  d === 'none' ? 1 : d === 'low_flow' || d === 'high_flow' ? ((flow as number) <= 6 ? 2 : 3) : d === 'cpap_bipap' || d === 'mechanical_ventilation' ? 4 : 3

describe('generated bedside courses: daily CRS grade = reference (§1.1-1.3, CRS-7)', () => {
  const reading = fc.record({
    hour: fc.integer({ min: 0, max: 23 }),
    temp: fc.constantFrom(36.5, 37.9, 38.0, 38.6, 39.4),
    sbp: fc.constantFrom(85, 89, 90, 95, 120),
    delivery: fc.constantFrom<Deliv>('none', 'none', 'low_flow', 'high_flow', 'facemask', 'non_rebreather', 'cpap_bipap', 'mechanical_ventilation'),
    flow: fc.constantFrom(2, 6, 6.5, 10),
  })
  const dayArb = fc.record({
    readings: fc.array(reading, { minLength: 1, maxLength: 3 }),
    pressors: fc.uniqueArray(fc.constantFrom<Vasopressor['agent']>('norepinephrine', 'epinephrine', 'vasopressin'), { maxLength: 2 }),
    toci: fc.nat(4).map((n) => n === 0),
  })
  it('adult subject, Day 0 near Feb 29', () => {
    fc.assert(
      fc.property(fc.constantFrom('2024-02-27', '2024-02-28', '2025-02-27', '2023-12-30'), fc.array(dayArb, { minLength: 1, maxLength: 6 }), (infusionDate, days) => {
        const vitals: { id: string; data: VitalSigns }[] = []
        const oxygen: { id: string; data: Oxygen }[] = []
        const vasopressors: { id: string; data: Vasopressor }[] = []
        const medications: { id: string; data: MedicationForm }[] = []
        days.forEach((d, day) => {
          const date = addDaysRef(infusionDate, day)
          d.readings.forEach((r, i) => {
            const at = `${date}T${String(r.hour).padStart(2, '0')}:00`
            vitals.push({ id: `v${day}-${i}`, data: { measuredAt: at, temperatureC: r.temp, systolicMmHg: r.sbp, diastolicMmHg: 50, heartRate: 90, spo2Percent: 95 } })
            oxygen.push({ id: `o${day}-${i}`, data: { measuredAt: at, delivery: r.delivery, flowLpm: r.delivery === 'none' || r.delivery === 'cpap_bipap' || r.delivery === 'mechanical_ventilation' ? null : r.flow } })
          })
          d.pressors.forEach((agent, i) => vasopressors.push({ id: `p${day}-${i}`, data: { agent, dose: 1, unit: 'ug/min', start: `${date}T01:00`, end: `${date}T23:00` } }))
          if (d.toci) medications.push({ id: `m${day}`, data: { name: 'Tocilizumab', category: 'CONCOMITANT', rescueType: null, dose: 8, unit: 'mg/kg', start: date, end: date } as MedicationForm })
        })
        const course = subjectSafetyCourse({ infusionDate, ageYears: 40, vitals, oxygen, vasopressors, neuro: [], medications })
        // reference
        let onset: number | null = null
        const expected: [number, number][] = []
        days.forEach((d, day) => {
          const tmax = Math.max(...d.readings.map((r) => r.temp))
          const hypotension = d.readings.some((r) => r.sbp < 90) || d.pressors.length > 0 // PROTOCOL DECISION default: SBP < 90 mmHg for adults
          const counted = d.pressors.filter((p) => p !== 'vasopressin').length // CRS-6
          const hyp = counted >= 2 ? 4 : d.pressors.length > 0 ? 3 : hypotension ? 2 : 1
          const oxy = Math.max(...d.readings.map((r) => O2_GRADE(r.delivery, r.flow)))
          const masked = onset !== null && days.some((x, i) => x.toci && i >= (onset as number) && i <= day) // CRS-2
          const feverOk = tmax >= 38.0 || (masked && (hyp > 1 || oxy > 1))
          const g = feverOk ? Math.max(hyp, oxy) : 0
          expected.push([day, g])
          if (g >= 1 && onset === null) onset = day
          else if (g === 0 && onset !== null && tmax < 38 && d.pressors.length === 0 && oxy === 1) onset = null // CRS-7 default
        })
        expect(course.crs.days.map((d) => [d.day, d.outcome.kind === 'graded' ? d.outcome.grade : -1])).toEqual(expected)
      }),
      FC,
    )
  })
})
