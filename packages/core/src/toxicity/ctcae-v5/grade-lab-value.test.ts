import { describe, expect, it } from 'vitest'
import { gradeCtcaeLab, type CtcaeLabInput } from './grade-lab-value.js'

const grade = (i: CtcaeLabInput) => {
  const o = gradeCtcaeLab(i)
  return o.kind === 'graded' ? o.grade : `NE>=${o.atLeast}`
}
const plt = (value: number, lln: number | null = 150) => grade({ analyte: 'platelets', value, unit: '10^9/L', lln })

describe('CTCAE v5.0 lab grading, safety-grading.md §3.3 worked examples', () => {
  it('L1 platelets 88, LLN 125 → 1', () => expect(plt(88, 125)).toBe(1))
  it('L2 platelets 75.0, LLN 150 → 1 (75 is not < 75)', () => expect(plt(75.0)).toBe(1))
  it('L3 platelets 25.0 → 3, 24.9 → 4', () => {
    expect(plt(25.0)).toBe(3)
    expect(plt(24.9)).toBe(4)
    expect(plt(74.9)).toBe(2)
  })
  it('L4 ANC 0.50 → 3, 0.49 → 4', () => {
    expect(grade({ analyte: 'neutrophils', value: 0.5, unit: '10^9/L', lln: 2 })).toBe(3)
    expect(grade({ analyte: 'neutrophils', value: 0.49, unit: '10^9/L', lln: 2 })).toBe(4)
  })
  it('L5 WBC 2.0 → 2', () => expect(grade({ analyte: 'leukocytes', value: 2.0, unit: '10^9/L', lln: 4 })).toBe(2))
  it('L6 lymphocytes 0.15 → 4', () => expect(grade({ analyte: 'lymphocytes', value: 0.15, unit: '10^9/L', lln: 1 })).toBe(4))
  it('L7 Hb 10.0 g/dL, LLN 12.0 → 1; 7.9 g/dL → 3', () => {
    expect(grade({ analyte: 'hemoglobin', value: 10.0, unit: 'g/dL', lln: 12.0 })).toBe(1)
    expect(grade({ analyte: 'hemoglobin', value: 7.9, unit: 'g/dL', lln: 12.0 })).toBe(3)
    expect(grade({ analyte: 'hemoglobin', value: 79, unit: 'g/L', lln: 120 })).toBe(3)
    expect(grade({ analyte: 'hemoglobin', value: 100, unit: 'g/L', lln: 120 })).toBe(1)
  })
  const alt = (value: number, baseline: number) => grade({ analyte: 'alt', value, unit: 'U/L', uln: 40, baseline: { value: baseline, unit: 'U/L', uln: 40 } })
  it('L8 ALT 120, ULN 40, baseline 25 → 1 (exactly 3.0 × ULN)', () => expect(alt(120, 25)).toBe(1))
  it('L9 ALT 130, baseline normal → 2', () => expect(alt(130, 25)).toBe(2))
  it('L10 ALT 100, baseline 80 (abnormal) → 0 (1.25 × baseline)', () => expect(alt(100, 80)).toBe(0))
  it('L11 ALT 120, baseline 80 → 1 (1.5 × baseline, inclusive)', () => expect(alt(120, 80)).toBe(1))
  it('L12 ALT 1700, baseline 80 → 4', () => expect(alt(1700, 80)).toBe(4))
  it('L13 bilirubin 1.9 mg/dL, ULN 1.2, baseline 0.6 → 2', () => {
    expect(grade({ analyte: 'bilirubin', value: 1.9, unit: 'mg/dL', uln: 1.2, baseline: { value: 0.6, unit: 'mg/dL' } })).toBe(2)
    // exactly 1.5 × ULN stays grade 1 (upper end inclusive), despite 1.5 × 1.2 = 1.7999999999999998 in floating point
    expect(grade({ analyte: 'bilirubin', value: 1.8, unit: 'mg/dL', uln: 1.2, baseline: { value: 0.6, unit: 'mg/dL' } })).toBe(1)
  })
  it('L14 creatinine 1.2, ULN 1.0, baseline 0.6 → 2 (2.0 × baseline beats 1.2 × ULN)', () => {
    const o = gradeCtcaeLab({ analyte: 'creatinine', value: 1.2, unit: 'mg/dL', uln: 1.0, baseline: { value: 0.6, unit: 'mg/dL' } })
    expect(o.kind === 'graded' && o.grade).toBe(2)
    expect(o.drivers.map((d) => [d.component, d.grade])).toEqual([['baseline-criterion', 2], ['uln-criterion', 1]])
  })
  it('L15 fibrinogen 0.9 g/L, LLN 2.0 → 3', () => expect(grade({ analyte: 'fibrinogen', value: 0.9, unit: 'g/L', lln: 2.0 })).toBe(3))
  it('L16 fibrinogen 0.45 g/L → 4 (absolute, even without LLN)', () => {
    expect(grade({ analyte: 'fibrinogen', value: 0.45, unit: 'g/L' })).toBe(4)
    expect(grade({ analyte: 'fibrinogen', value: 45, unit: 'mg/dL' })).toBe(4)
  })
  it('L17 fibrinogen 1.0, LLN 2.0, baseline 1.6 → 2 (0.5 × LLN not < 0.5; 37.5 % decrease)', () => {
    const o = gradeCtcaeLab({ analyte: 'fibrinogen', value: 1.0, unit: 'g/L', lln: 2.0, baseline: { value: 1.6, unit: 'g/L' } })
    expect(o.kind === 'graded' && o.grade).toBe(2)
    expect(o.drivers.map((d) => d.grade)).toEqual([2, 2])
  })
  it('fibrinogen %-decrease drives the grade when baseline is abnormal', () => {
    // baseline 1.6 (< LLN 2.0), value 0.4×1.6=0.64 → 60 % decrease → 3; ×LLN 0.32 → 2 … max 3
    expect(grade({ analyte: 'fibrinogen', value: 0.8, unit: 'g/L', lln: 2.0, baseline: { value: 1.6, unit: 'g/L' } })).toBe(3)
    expect(grade({ analyte: 'fibrinogen', value: 0.6, unit: 'g/L', lln: 4.0, baseline: { value: 2.4, unit: 'g/L' } })).toBe(4) // 75 % decrease
  })
})

describe('missing inputs are not grade 0 (LAB-2, STYLE §8.2)', () => {
  it('platelets ≥ 75 without LLN are not evaluable; < 75 are graded', () => {
    expect(plt(100, null)).toBe('NE>=0')
    expect(plt(60, null)).toBe(2)
  })
  it('ALT above ULN without a baseline is not evaluable; at or below ULN is 0 either way', () => {
    expect(grade({ analyte: 'alt', value: 50, unit: 'U/L', uln: 40 })).toBe('NE>=0')
    expect(grade({ analyte: 'alt', value: 40, unit: 'U/L', uln: 40 })).toBe(0)
  })
  it('creatinine without ULN keeps the baseline floor', () => {
    expect(grade({ analyte: 'creatinine', value: 2.0, unit: 'mg/dL', baseline: { value: 0.6, unit: 'mg/dL' } })).toBe('NE>=3')
  })
  it('unknown unit is not evaluable', () => {
    expect(grade({ analyte: 'platelets', value: 20, unit: 'furlongs' })).toBe('NE>=null')
  })
  it('converts /mm3 and µmol/L', () => {
    expect(plt(30000 / 1000)).toBe(3)
    expect(grade({ analyte: 'platelets', value: 30000, unit: '/mm3', lln: 150000 })).toBe(3)
    expect(grade({ analyte: 'creatinine', value: 106.08, unit: 'µmol/L', uln: 88.4, baseline: { value: 88.4, unit: 'umol/L' } })).toBe(1)
  })
  it('SI units: a value exactly on a × ULN / × baseline boundary keeps the less severe grade (LAB-1, LAB-6, README rounding)', () => {
    // 153.9 = 3.0 × 51.3 µmol/L (baseline abnormal, > ULN 20.52): "> 3.0 × baseline" is not met → grade 2, not 3
    expect(grade({ analyte: 'bilirubin', value: 153.9, unit: 'µmol/L', uln: 20.52, baseline: { value: 51.3, unit: 'µmol/L' } })).toBe(2)
    // 583.44 = 6.0 × ULN 97.24 µmol/L: "> 6.0 × ULN" is not met → grade 3, not 4
    expect(grade({ analyte: 'creatinine', value: 583.44, unit: 'µmol/L', uln: 97.24 })).toBe(3)
    expect(grade({ analyte: 'creatinine', value: 583.44, unit: 'µmol/L', uln: 97.24, baseline: { value: 97.24, unit: 'µmol/L' } })).toBe(3)
  })
})
