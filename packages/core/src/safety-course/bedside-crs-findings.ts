/**
 * Worst-of-day CRS findings from bedside records (vital signs, oxygen, vasopressors), per protocol day.
 * CRS-7: record per time point, grade per day = the worst findings of the day; Day 0 = infusion.
 * Source: safety-grading.md §1.2 (CRS-1, CRS-3, CRS-6, CRS-7), §1.3; ../shared/domain/README.md (Day numbering).
 */
import { protocolDay } from '../dates/index.js'
import type { Oxygen } from '../forms/oxygen.js'
import type { Vasopressor } from '../forms/vasopressor.js'
import type { VitalSigns } from '../forms/vital-signs.js'
import type { CrsDailyFindings, OxygenSupport, VasopressorUse } from '../toxicity/index.js'

/** A captured record with the id it was saved under (echoed in drivers and alerts). */
export interface Captured<T> {
  id: string
  data: T
}

export interface CrsBedsideInput {
  /** Day 0 calendar date `YYYY-MM-DD` */
  infusionDate: string
  /** age in completed years; picks the hypotension threshold */
  ageYears: number | null
  vitals: readonly Captured<VitalSigns>[]
  oxygen: readonly Captured<Oxygen>[]
  vasopressors: readonly Captured<Vasopressor>[]
}

/**
 * Systolic hypotension threshold (mmHg). ASTCT 2019 does not define hypotension numerically; **PROTOCOL DECISION**
 * default after the PALS limits: age ≥ 10 (or unknown) < 90 mmHg; 1-9 years < 70 + 2 × age; infants (< 1 year) < 70.
 * Source: American Heart Association PALS (hypotension by age); safety-grading.md §1.1 "hypotension".
 * @example hypotensionThresholdMmHg(8) // 86
 */
export function hypotensionThresholdMmHg(ageYears: number | null): number {
  if (ageYears === null || ageYears >= 10) return 90
  // PALS: infants 1-12 months < 70 mmHg (70 + 2 × 0), not the 1-year value 72
  return 70 + 2 * Math.max(0, ageYears)
}

const dateOf = (localDateTime: string) => localDateTime.slice(0, 10)

/** The core delivery of a captured oxygen record (form enum -> ASTCT delivery). Source: safety-grading.md §1.1. */
export function oxygenSupportOf(o: Oxygen): OxygenSupport {
  switch (o.delivery) {
    case 'none':
      return { delivery: 'none' }
    case 'low_flow':
      return { delivery: 'nasal-cannula', flowLPerMin: o.flowLpm }
    case 'high_flow':
      return { delivery: 'high-flow-nasal-cannula', flowLPerMin: o.flowLpm }
    case 'facemask':
      return { delivery: 'facemask', flowLPerMin: o.flowLpm }
    case 'non_rebreather':
      return { delivery: 'non-rebreather', flowLPerMin: o.flowLpm }
    case 'cpap_bipap':
      return { delivery: 'bipap' }
    case 'mechanical_ventilation':
      return { delivery: 'mechanical-ventilation' }
  }
}

/** Rank of an oxygen support by the hypoxia grade it gives (CRS §1.1); the worst of the day wins. */
function oxygenRank(o: OxygenSupport): number {
  switch (o.delivery) {
    case 'none':
      return 1
    case 'blow-by':
      return 2
    case 'nasal-cannula':
      return o.flowLPerMin == null ? 2.5 : o.flowLPerMin <= 6 ? 2 : 3
    case 'high-flow-nasal-cannula':
      // §1.1: a nasal cannula at ≤ 6 L/min is low-flow whatever the device (core gradeCrsDay)
      return o.flowLPerMin != null && o.flowLPerMin <= 6 ? 2 : 3
    case 'facemask':
    case 'non-rebreather':
    case 'venturi-mask':
      return 3
    case 'cpap':
    case 'bipap':
    case 'mechanical-ventilation':
      return 4
  }
}

/**
 * Build one `CrsDailyFindings` per protocol day ≥ 0 that has any bedside record. Temperature = the day's maximum;
 * hypotension = any systolic below the age threshold, or any vasopressor running that day (CRS-3); oxygen = the most
 * intensive support of the day; vasopressors = every agent running that day (an infusion without end date runs to the
 * last recorded day). A component with no record that day stays `null` (not assessed, never normal; STYLE.md §8.2).
 * @example crsFindingsFromBedside({ infusionDate: '2025-03-01', ageYears: 40, vasopressors: [],
 *   vitals: [{ id: '1', data: { measuredAt: '2025-03-02T08:00', temperatureC: 38.6, systolicMmHg: 120, diastolicMmHg: 70, heartRate: 90, spo2Percent: 97 } }],
 *   oxygen: [{ id: '2', data: { measuredAt: '2025-03-02T08:00', delivery: 'none', flowLpm: null } }] })
 *   // [{ day: 1, maxTemperatureC: 38.6, hypotension: false, vasopressors: [], oxygen: { delivery: 'none' } }] (C1: grade 1)
 */
export function crsFindingsFromBedside(
  input: CrsBedsideInput,
  /** the protocol's hypotension rule (PROTOCOL DECISION); default: the PALS-based thresholds above */
  { hypotensionThreshold = hypotensionThresholdMmHg }: { hypotensionThreshold?: (ageYears: number | null) => number } = {},
): CrsDailyFindings[] {
  const threshold = hypotensionThreshold(input.ageYears)
  const days = new Map<number, CrsDailyFindings>()
  const day = (d: number): CrsDailyFindings => {
    let f = days.get(d)
    if (!f) {
      f = { day: d, maxTemperatureC: null, hypotension: null, vasopressors: [], oxygen: null }
      days.set(d, f)
    }
    return f
  }
  const dayOf = (dt: string) => protocolDay(dateOf(dt), input.infusionDate)
  for (const { data: v } of input.vitals) {
    const d = dayOf(v.measuredAt)
    if (d < 0) continue
    const f = day(d)
    if (v.temperatureC !== null) f.maxTemperatureC = f.maxTemperatureC === null ? v.temperatureC : Math.max(f.maxTemperatureC, v.temperatureC)
    if (v.systolicMmHg !== null) f.hypotension = f.hypotension === true || v.systolicMmHg < threshold
  }
  for (const { data: o } of input.oxygen) {
    const d = dayOf(o.measuredAt)
    if (d < 0) continue
    const f = day(d)
    const support = oxygenSupportOf(o)
    if (f.oxygen === null || oxygenRank(support) > oxygenRank(f.oxygen)) f.oxygen = support
  }
  const lastDay = Math.max(-1, ...days.keys(), ...input.vasopressors.map((v) => dayOf(v.data.start)))
  for (const { data: v } of input.vasopressors) {
    const from = Math.max(0, dayOf(v.start))
    // an infusion runs over [start, end): one stopped at exactly 00:00 did not run on the end date, so that day is
    // "off vasopressors" (CRS-7 resolution); a zero-length record stays on its own day
    const endsAtMidnight = v.end !== null && /T00:00(:00)?$/.test(v.end) && dateOf(v.end) > dateOf(v.start)
    const to = v.end === null ? lastDay : dayOf(v.end) - (endsAtMidnight ? 1 : 0)
    for (let d = from; d <= to; d++) {
      const f = day(d)
      const use: VasopressorUse = { agent: v.agent, ...(v.dose !== null ? { dose: v.dose } : {}), ...(v.unit !== null ? { doseUnit: v.unit } : {}) }
      f.vasopressors = [...(f.vasopressors ?? []), use]
      f.hypotension = true
    }
  }
  return [...days.values()].sort((a, b) => a.day - b.day)
}
