/**
 * Fourth round: a line-by-line audit of safety-grading.md §3 (CTCAE v5.0 structure, lab thresholds, LAB-1…LAB-7).
 * Each test names the sentence it checks. Statements already pinned by reference-lab / reference-second /
 * reference-third are not repeated here; this file holds the ones that were untested or wrong.
 */
import { describe, expect, it } from 'vitest'
import { gradeCtcaeLab, type CtcaeLabInput } from './grade-lab-value.js'
import { CTCAE_V5_LAB_TERMS, type CtcaeLabAnalyte } from './lab-terms.js'
import { proposeLabAes, type LabSeriesSample } from './propose-lab-aes.js'

const grade = (i: CtcaeLabInput) => {
  const o = gradeCtcaeLab(i)
  return o.kind === 'graded' ? o.grade : `NE>=${o.atLeast}`
}

describe('§3.1 structure: term names and SOCs of the graded lab terms (§3.2 table)', () => {
  it('"Investigations" holds the lab-based terms; Anemia is in "Blood and lymphatic system disorders"', () => {
    const expected: Record<CtcaeLabAnalyte, [string, string]> = {
      platelets: ['Platelet count decreased', 'Investigations'],
      neutrophils: ['Neutrophil count decreased', 'Investigations'],
      leukocytes: ['White blood cell decreased', 'Investigations'],
      lymphocytes: ['Lymphocyte count decreased', 'Investigations'],
      hemoglobin: ['Anemia', 'Blood and lymphatic system disorders'],
      alt: ['Alanine aminotransferase increased', 'Investigations'],
      ast: ['Aspartate aminotransferase increased', 'Investigations'],
      bilirubin: ['Blood bilirubin increased', 'Investigations'],
      creatinine: ['Creatinine increased', 'Investigations'],
      fibrinogen: ['Fibrinogen decreased', 'Investigations'],
    }
    for (const [analyte, [term, soc]] of Object.entries(expected) as [CtcaeLabAnalyte, [string, string]][]) {
      expect([CTCAE_V5_LAB_TERMS[analyte].term, CTCAE_V5_LAB_TERMS[analyte].soc]).toEqual([term, soc])
      // the outcome names the term it graded
      expect(gradeCtcaeLab({ analyte, value: 1, unit: canonicalUnit(analyte), lln: 1, uln: 1 }).term).toBe(term)
    }
  })
  it('"grade 5 does not exist for lab terms": the highest lab-derived grade is 4 (Anemia 3)', () => {
    const lows: [CtcaeLabAnalyte, number][] = [['platelets', 0], ['neutrophils', 0], ['leukocytes', 0], ['lymphocytes', 0], ['hemoglobin', 0], ['fibrinogen', 0]]
    expect(lows.map(([a, v]) => grade({ analyte: a, value: v, unit: canonicalUnit(a), lln: 2 }))).toEqual([4, 4, 4, 4, 3, 4])
    const highs: CtcaeLabAnalyte[] = ['alt', 'ast', 'bilirubin', 'creatinine']
    expect(highs.map((a) => grade({ analyte: a, value: 1e6, unit: canonicalUnit(a), uln: 1, baseline: { value: 0.5, unit: canonicalUnit(a) } }))).toEqual([4, 4, 4, 4])
  })
})

function canonicalUnit(a: CtcaeLabAnalyte): string {
  return { platelets: '10^9/L', neutrophils: '10^9/L', leukocytes: '10^9/L', lymphocytes: '10^9/L', hemoglobin: 'g/dL', alt: 'U/L', ast: 'U/L', bilirubin: 'mg/dL', creatinine: 'mg/dL', fibrinogen: 'g/L' }[a]
}

describe('§3.2: the count terms and Anemia are graded from the value and the LLN alone (a baseline plays no part)', () => {
  // §3.2 rows Platelet/Neutrophil/WBC/Lymphocyte/Anemia mention no baseline; only LAB-3, LAB-4 and LAB-5 use one.
  const bad = [
    ['unknown baseline unit', { value: 100, unit: 'bogus' }],
    ['negative baseline', { value: -1, unit: '10^9/L' }],
    ['non-finite baseline', { value: Number.NaN, unit: '10^9/L' }],
  ] as const
  it.each(bad)('platelets 10 ×10⁹/L is grade 4 whatever the baseline (%s)', (_n, baseline) => {
    expect(grade({ analyte: 'platelets', value: 10, unit: '10^9/L', lln: 150, baseline })).toBe(4)
  })
  it('the same for ANC, WBC, lymphocytes and Hb, and a usable baseline changes nothing either', () => {
    expect(grade({ analyte: 'neutrophils', value: 0.3, unit: '10^9/L', lln: 2, baseline: { value: 3, unit: '?' } })).toBe(4)
    expect(grade({ analyte: 'leukocytes', value: 3.5, unit: '10^9/L', lln: 4, baseline: { value: 3, unit: 'furlong' } })).toBe(1)
    expect(grade({ analyte: 'lymphocytes', value: 0.6, unit: '10^9/L', baseline: { value: -2, unit: '10^9/L' } })).toBe(2)
    expect(grade({ analyte: 'hemoglobin', value: 7.9, unit: 'g/dL', lln: 12, baseline: { value: 13, unit: 'mmol/L' } })).toBe(3)
    expect(grade({ analyte: 'platelets', value: 100, unit: '10^9/L', lln: 150, baseline: { value: 20, unit: '10^9/L' } })).toBe(1)
    // a baseline never stands in for a missing LLN (LAB-2: grade 1 needs the LLN)
    expect(grade({ analyte: 'platelets', value: 100, unit: '10^9/L', baseline: { value: 20, unit: '10^9/L', lln: 150 } })).toBe('NE>=0')
  })
  it('terms that use a baseline still refuse an unusable one (LAB-3, LAB-4, LAB-5)', () => {
    expect(grade({ analyte: 'alt', value: 130, unit: 'U/L', uln: 40, baseline: { value: 80, unit: 'bogus' } })).toBe('NE>=null')
    expect(grade({ analyte: 'creatinine', value: 2, unit: 'mg/dL', uln: 1, baseline: { value: -1, unit: 'mg/dL' } })).toBe('NE>=null')
    expect(grade({ analyte: 'fibrinogen', value: 1, unit: 'g/L', lln: 2, baseline: { value: 1.6, unit: 'bogus' } })).toBe('NE>=null')
  })
})

describe('LAB-4 creatinine: a baseline of 0 is no reference for "× baseline"', () => {
  // every value is "> 3.0 × 0": a 0 baseline (a data error, never a creatinine) must not make 0.5 mg/dL grade 3,
  // just as a ULN of 0 is no reference limit (grade-lab-value `canon`)
  it('0.5 mg/dL, ULN 1.0, baseline 0 → graded by × ULN alone (0), as without a baseline', () => {
    const o = gradeCtcaeLab({ analyte: 'creatinine', value: 0.5, unit: 'mg/dL', uln: 1.0, baseline: { value: 0, unit: 'mg/dL' } })
    expect(o.kind === 'graded' && o.grade).toBe(0)
    expect(grade({ analyte: 'creatinine', value: 1.2, unit: 'mg/dL', uln: 1.0, baseline: { value: 0, unit: 'µmol/L' } })).toBe(1)
    expect(grade({ analyte: 'creatinine', value: 7, unit: 'mg/dL', uln: 1.0, baseline: { value: 0, unit: 'mg/dL' } })).toBe(4)
  })
  it('without a ULN the 0 baseline gives no floor', () => {
    expect(grade({ analyte: 'creatinine', value: 0.5, unit: 'mg/dL', baseline: { value: 0, unit: 'mg/dL' } })).toBe('NE>=0')
  })
})

describe('LAB-7 baseline = the last EVALUABLE sample on or before the baseline date (README glossary "Baseline")', () => {
  const anc = (date: string, value: number | null, unit = '10^9/L'): LabSeriesSample => ({ analyte: 'neutrophils', date, value, unit, lln: 2 })
  const plt = (date: string, value: number | null, unit = '10^9/L'): LabSeriesSample => ({ analyte: 'platelets', date, value, unit, lln: 150 })
  it('a later pre-treatment sample in an unknown unit is not the baseline; the LD-induced neutropenia is proposed', () => {
    const r = proposeLabAes([anc('2025-01-01', 3), anc('2025-01-02', 3, 'bogus'), anc('2025-01-06', 0.3)], { baselineDate: '2025-01-03' })
    expect(r.baselines.neutrophils).toEqual({ date: '2025-01-01', grade: 0 })
    expect(r.proposals.map((p) => [p.onsetDate, p.worstGrade])).toEqual([['2025-01-06', 4]])
    expect(r.undecided).toEqual([])
  })
  it('ITP platelets: an unusable last pre-treatment value does not hide the baseline grade 3 (worsening to 4 is an AE)', () => {
    const r = proposeLabAes([plt('2025-01-01', 40), plt('2025-01-02', -40), plt('2025-01-03', 38, 'furlongs'), plt('2025-01-08', 10)], { baselineDate: '2025-01-03' })
    expect(r.baselines.platelets).toEqual({ date: '2025-01-01', grade: 3 })
    expect(r.proposals.map((p) => [p.rule, p.baselineGrade, p.onsetDate, p.worstGrade])).toEqual([['worsening-from-baseline', 3, '2025-01-08', 4]])
  })
  it('only unusable pre-treatment values: no baseline (the worsening rule cannot decide; any-abnormal still proposes)', () => {
    const r = proposeLabAes([plt('2025-01-01', 40, 'bogus'), plt('2025-01-08', 10), anc('2025-01-01', Number.NaN), anc('2025-01-08', 0.2)], { baselineDate: '2025-01-03' })
    expect(r.baselines).toEqual({ platelets: null, neutrophils: null })
    expect(r.proposals.map((p) => [p.analyte, p.worstGrade])).toEqual([['neutrophils', 4]])
    expect(r.undecided.map((u) => [u.analyte, u.date])).toEqual([['platelets', '2025-01-08']])
  })
  it('a usable value whose grade needs a missing LLN is still the baseline (its count is evaluable)', () => {
    const r = proposeLabAes([plt('2025-01-01', 40), { analyte: 'platelets', date: '2025-01-02', value: 100, unit: '10^9/L' }], { baselineDate: '2025-01-03' })
    expect(r.baselines.platelets).toEqual({ date: '2025-01-02', grade: null })
  })
})
