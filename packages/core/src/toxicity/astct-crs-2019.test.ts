import { describe, expect, it } from 'vitest'
import { gradeCrsDay, type CrsDailyFindings } from './astct-crs-2019.js'

const day = (f: Partial<CrsDailyFindings>): CrsDailyFindings => ({ day: 1, maxTemperatureC: 37.0, hypotension: false, oxygen: { delivery: 'none' }, ...f })
const g = (f: Partial<CrsDailyFindings>, masked = false) => {
  const o = gradeCrsDay(day(f), { crsAlreadyDiagnosed: masked, maskingTherapyGivenSinceOnset: masked })
  return o.kind === 'graded' ? o.grade : `NE ${o.atLeast}-${o.atMost}`
}

describe('ASTCT 2019 CRS, safety-grading.md §1.4 worked examples', () => {
  it('C1 38.6 °C, normal BP, room air → 1', () => expect(g({ maxTemperatureC: 38.6 })).toBe(1))
  it('C2 38.0 °C exactly → 1', () => expect(g({ maxTemperatureC: 38.0 })).toBe(1))
  it('C3 37.9 °C, no prior CRS, 2 L/min → 0', () => expect(g({ maxTemperatureC: 37.9, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } })).toBe(0))
  it('C4 39.1 °C, fluid bolus only, 2 L/min → 2', () => expect(g({ maxTemperatureC: 39.1, hypotension: true, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } })).toBe(2))
  it('C5 38.4 °C, 6 L/min → 2', () => expect(g({ maxTemperatureC: 38.4, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 6 } })).toBe(2))
  it('C6 38.4 °C, 7 L/min → 3', () => expect(g({ maxTemperatureC: 38.4, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 7 } })).toBe(3))
  it('C7 39.5 °C, one vasopressor, low-flow → 3 and names both drivers', () => {
    const o = gradeCrsDay(day({ maxTemperatureC: 39.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine', dose: 0.05, doseUnit: 'µg/kg/min' }], oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }))
    expect(o.kind === 'graded' && o.grade).toBe(3)
    expect(o.drivers.map((d) => d.component)).toEqual(['fever', 'hypotension'])
  })
  it('C8 masked (tocilizumab), 36.8 °C, norepinephrine + vasopressin → 3', () =>
    expect(g({ maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'vasopressin' }] }, true)).toBe(3))
  it('C9 as C8 with norepinephrine + epinephrine → 4', () =>
    expect(g({ maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'epinephrine' }] }, true)).toBe(4))
  it('C10 masked by paracetamol, 37.3 °C, fluid bolus → 2', () => expect(g({ maxTemperatureC: 37.3, hypotension: true }, true)).toBe(2))
  it('C11 38.9 °C, BiPAP → 4', () => expect(g({ maxTemperatureC: 38.9, oxygen: { delivery: 'bipap' } })).toBe(4))
  it('C12 39 °C with a grade 3 transaminase rise → 1 (CRS-5: organ toxicity is CTCAE)', () => expect(g({ maxTemperatureC: 39 })).toBe(1))
})

describe('CRS rules beyond the table', () => {
  it('masked day without hypotension or hypoxia is 0 (CRS-7)', () => expect(g({ maxTemperatureC: 36.9 }, true)).toBe(0))
  it('fever attributed to another cause does not diagnose CRS (CRS-1)', () => expect(g({ maxTemperatureC: 39, feverAttributableToOtherCause: true })).toBe(0))
  it('comfort oxygen is not hypoxia (CRS-8); other-cause hypotension not counted (CRS-4)', () => {
    expect(g({ maxTemperatureC: 38.5, oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2, forComfortOnly: true } })).toBe(1)
    expect(g({ maxTemperatureC: 38.5, hypotension: true, hypotensionAttributableToOtherCause: true })).toBe(1)
  })
  it('vasopressin alone is one vasopressor → 3; death → 5', () => {
    expect(g({ maxTemperatureC: 38.5, hypotension: true, vasopressors: [{ agent: 'vasopressin' }] })).toBe(3)
    expect(g({ deathDueToCrs: true })).toBe(5)
  })
  it('unknown findings are not grade 0', () => {
    expect(g({ maxTemperatureC: null })).toBe('NE 0-1')
    expect(g({ maxTemperatureC: 38.5, oxygen: null })).toBe('NE 1-4')
    expect(g({ maxTemperatureC: 38.5, oxygen: { delivery: 'nasal-cannula' } })).toBe('NE 2-3')
    expect(g({ maxTemperatureC: 38.5, oxygen: { delivery: 'cpap' }, hypotension: null })).toBe(4)
  })
})
