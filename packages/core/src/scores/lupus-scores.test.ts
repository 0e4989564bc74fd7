import { describe, expect, it } from 'vitest'
import { sledai2kScore, sledaiActivityCategory } from './sledai-2k.js'
import { parsePhysicianGlobalAssessment } from './selena-sledai-pga.js'
import { dorisRemission } from './doris-2021.js'
import { lldasStatus, type LldasInput } from './lldas-2016.js'
import { prednisoloneEquivalentMgPerDay } from './steroid-equivalence.js'

describe('SLEDAI-2K, bleeding-and-scores.md §4 worked examples', () => {
  const s = (present: Parameters<typeof sledai2kScore>[0]['present']) => sledai2kScore({ variant: 'SLEDAI-2K', present })
  it('SD1 → 9 / 5', () => expect(s(['thrombocytopenia', 'low-complement', 'increased-dna-binding', 'arthritis'])).toMatchObject({ sledai2k: 9, clinicalSledai: 5 }))
  it('SD2 → 2 / 0', () => expect(s(['low-complement'])).toMatchObject({ sledai2k: 2, clinicalSledai: 0 }))
  it('SD3 → 0 / 0', () => expect(s([])).toMatchObject({ sledai2k: 0, clinicalSledai: 0 }))
  it('SD4 → 13 / 13', () => expect(s(['seizure', 'proteinuria', 'fever'])).toMatchObject({ sledai2k: 13, clinicalSledai: 13 }))
  it('all 24 descriptors sum to 105; unassessed descriptors are not 0', () => {
    expect(sledai2kScore({ variant: 'SELENA-SLEDAI', present: ['seizure', 'psychosis', 'organic-brain-syndrome', 'visual-disturbance', 'cranial-nerve-disorder', 'lupus-headache', 'cerebrovascular-accident', 'vasculitis', 'arthritis', 'myositis', 'urinary-casts', 'haematuria', 'proteinuria', 'pyuria', 'rash', 'alopecia', 'mucosal-ulcers', 'pleurisy', 'pericarditis', 'low-complement', 'increased-dna-binding', 'fever', 'thrombocytopenia', 'leukopenia'] })).toMatchObject({ sledai2k: 105 })
    expect(sledai2kScore({ variant: 'SLEDAI-2K', present: ['arthritis'], notAssessed: ['proteinuria'] })).toMatchObject({ kind: 'not-evaluable', sledai2kAtLeast: 4 })
  })
  it('activity bands (registry text): 4 none, 5 mild, 14 moderate, 15 severe', () => {
    expect([4, 5, 9, 10, 14, 15].map((x) => sledaiActivityCategory(x))).toEqual(['basically no activity', 'mild', 'mild', 'moderate', 'moderate', 'severe'])
  })
})

describe('PGA and steroid equivalence', () => {
  it('PGA is 0-3 with one decimal place', () => {
    expect(parsePhysicianGlobalAssessment(0.3).ok).toBe(true)
    expect(parsePhysicianGlobalAssessment(3.1).ok).toBe(false)
    expect(parsePhysicianGlobalAssessment(0.35).ok).toBe(false)
  })
  it('methylprednisolone 8 mg = prednisolone 10 mg; dexamethasone 0.75 = 5', () => {
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'methylprednisolone', mgPerDay: 8 }])).toEqual({ kind: 'known', mgPerDay: 10 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'Dexamethasone', mgPerDay: 0.75 }])).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'hydrocortisone', mgPerDay: 20 }]).kind).toBe('not-evaluable')
  })
  it('a protocol table keyed in any case matches the drug name in any case (both sides normalised)', () => {
    const table = { Prednisone: 5, Hydrocortisone: 20, METHYLPREDNISOLONE: 4 }
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'hydrocortisone', mgPerDay: 20 }], table)).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'HYDROCORTISONE', mgPerDay: 10 }, { drug: 'prednisone', mgPerDay: 5 }], table)).toEqual({ kind: 'known', mgPerDay: 7.5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'Methylprednisolone', mgPerDay: 8 }], table)).toEqual({ kind: 'known', mgPerDay: 10 })
    // still own entries only, reported in lower case
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'Dexamethasone', mgPerDay: 0.75 }], table)).toEqual({ kind: 'not-evaluable', unknownDrugs: ['dexamethasone'] })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'constructor', mgPerDay: 5 }], table)).toEqual({ kind: 'not-evaluable', unknownDrugs: ['constructor'] })
  })
  it('a table listing one drug twice in different case: same amount accepted, different amounts refused as ambiguous', () => {
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'prednisone', mgPerDay: 5 }], { prednisone: 5, Prednisone: 5 })).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(() => prednisoloneEquivalentMgPerDay([{ drug: 'prednisone', mgPerDay: 5 }], { prednisone: 5, Prednisone: 4 })).toThrow(RangeError)
  })
})

describe('DORIS 2021, §6 worked examples', () => {
  const sd2 = { clinicalSledai: 0, pga: 0.3, prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true }
  it('SD2, PGA 0.3, prednisone 5, stable HCQ → remission', () => expect(dorisRemission(sd2).status).toBe('met'))
  it('same with PGA 0.5 → no', () => expect(dorisRemission({ ...sd2, pga: 0.5 })).toMatchObject({ status: 'not-met', failed: ['D2-pga'] }))
  it('SD1 → no (clinical SLEDAI 5)', () => expect(dorisRemission({ ...sd2, clinicalSledai: 5 }).failed).toEqual(['D1-clinical-sledai']))
  it('D3 comparator is a PROTOCOL DECISION (default ≤ 5)', () => expect(dorisRemission(sd2, { prednisoloneComparator: '<' }).failed).toEqual(['D3-prednisolone']))
  it('missing input → not evaluable', () => expect(dorisRemission({ ...sd2, pga: null })).toMatchObject({ status: 'not-evaluable', missing: ['D2-pga'] }))
})

describe('LLDAS, §7 worked examples', () => {
  const ll1: LldasInput = {
    current: { variant: 'SLEDAI-2K', present: ['low-complement', 'increased-dna-binding'] },
    previousPresent: ['low-complement', 'increased-dna-binding'],
    haemolyticAnaemia: false, giActivity: false, pga: 1.0, prednisoloneEquivalentMgPerDay: 7.5,
    maintenanceTherapyStandard: true, otherInvestigationalDrug: false, studyCellProductGiven: true,
  }
  it('LL1 → yes', () => expect(lldasStatus(ll1).status).toBe('met'))
  it('LL2 + pleurisy → no (L1)', () => {
    const r = lldasStatus({ ...ll1, current: { variant: 'SLEDAI-2K', present: ['low-complement', 'increased-dna-binding', 'pleurisy'] }, previousPresent: ['low-complement', 'increased-dna-binding', 'pleurisy'] })
    expect(r.failed).toEqual(['L1-sledai'])
  })
  it('LL3 thrombocytopenia only, PGA 0.8, prednisone 5 → yes', () =>
    expect(lldasStatus({ ...ll1, current: { variant: 'SLEDAI-2K', present: ['thrombocytopenia'] }, previousPresent: ['thrombocytopenia'], pga: 0.8, prednisoloneEquivalentMgPerDay: 5 }).status).toBe('met'))
  it('LL4 arthritis, PGA 1.2 → no (L3)', () =>
    expect(lldasStatus({ ...ll1, current: { variant: 'SLEDAI-2K', present: ['arthritis'] }, previousPresent: ['arthritis'], pga: 1.2 }).failed).toEqual(['L3-pga']))
  it('LL5 proteinuria only → no (renal activity)', () =>
    expect(lldasStatus({ ...ll1, current: { variant: 'SLEDAI-2K', present: ['proteinuria'] }, previousPresent: ['proteinuria'] }).failed).toEqual(['L1-sledai']))
  it('LL6 methylprednisolone 8 mg/day (= prednisolone 10) → no (L4)', () => {
    const pred = prednisoloneEquivalentMgPerDay([{ drug: 'methylprednisolone', mgPerDay: 8 }])
    expect(lldasStatus({ ...ll1, prednisoloneEquivalentMgPerDay: pred.kind === 'known' ? pred.mgPerDay : null }).failed).toEqual(['L4-prednisolone'])
  })
  it('L2: new activity fails; no previous assessment is not evaluable by default (PROTOCOL DECISION)', () => {
    expect(lldasStatus({ ...ll1, previousPresent: ['low-complement'] }).failed).toEqual(['L2-no-new-activity'])
    expect(lldasStatus({ ...ll1, previousPresent: null })).toMatchObject({ status: 'not-evaluable', missing: ['L2-no-new-activity'] })
    expect(lldasStatus({ ...ll1, previousPresent: null }, { noPreviousAssessment: 'no-new-activity' }).status).toBe('met')
  })
  it('L5: the study cell product does not violate L5 unless the protocol says so', () =>
    expect(lldasStatus(ll1, { studyCellProductViolatesL5: true }).failed).toEqual(['L5-medication']))
})
