import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { deriveFormValues, deriveOptionsFromProtocol, editChecksFor, FORM_TYPES, formSchema, formUsesProtocolSettings, runEditChecks, splitIssues } from './registry.js'
import type { FormIssue } from './edit-check.js'
import { QUESTIONNAIRE_INSTRUMENTS, SF36_NOT_SCORED_REASON, type QuestionnaireDerived } from './questionnaire.js'
import { SEED_PROTOCOLS } from '../protocol/fixtures/seed-protocols.js'
import type { Sf36ScoringConfig } from '../scores/index.js'
import type { Oxygen } from './oxygen.js'
import { oxygenSupportOf } from '../safety-course/bedside-crs-findings.js'
import { gradeCrsDay } from '../toxicity/astct-crs-2019.js'

const ids = (issues: FormIssue[]) => issues.map((i) => i.checkId)
const ice = (score: number) => {
  // the first `score` of the ten items done correctly
  const v = Array.from({ length: 10 }, (_, i) => i < score)
  return {
    orientation: { year: v[0]!, month: v[1]!, city: v[2]!, hospital: v[3]! },
    naming: [v[4]!, v[5]!, v[6]!] as [boolean, boolean, boolean],
    followsCommands: v[7]!,
    writesStandardSentence: v[8]!,
    countsBackwardsBy10: v[9]!,
  }
}
const neuro = (over: Record<string, unknown> = {}) => ({
  assessedAt: '2025-03-04T09:00',
  tool: 'ICE',
  iceItems: ice(10),
  unableToPerform: false,
  capdTotal: null,
  consciousness: 'normal',
  seizure: 'none',
  deepFocalMotorWeakness: false,
  raisedIcp: 'none',
  intracranialHaemorrhage: false,
  ...over,
})
const vitals = (over: Record<string, unknown> = {}) => ({
  measuredAt: '2025-03-01T08:00',
  temperatureC: 37.0,
  systolicMmHg: 118,
  diastolicMmHg: 72,
  heartRate: 84,
  spo2Percent: 98,
  ...over,
})
const ctx = { consentDate: '2025-02-01', today: '2025-03-20' }

describe('form registry', () => {
  it('has a schema and checks for every form type, with unique check ids', () => {
    expect(FORM_TYPES).toHaveLength(11)
    for (const t of FORM_TYPES) {
      expect(formSchema(t)).toBeDefined()
      const checkIds = editChecksFor(t).map((c) => c.id)
      expect(new Set(checkIds).size).toBe(checkIds.length)
    }
  })
  it('derives nothing from invalid data', () => {
    expect(deriveFormValues('vital_signs', { measuredAt: 'yesterday' })).toBeNull()
  })
})

describe('vital signs', () => {
  it('accepts a normal set and derives fever at exactly 38.0 °C (CRS-1, C2)', () => {
    expect(runEditChecks('vital_signs', vitals(), ctx)).toEqual([])
    expect(deriveFormValues('vital_signs', vitals({ temperatureC: 38.0 }))).toMatchObject({ fever: true })
    expect(deriveFormValues('vital_signs', vitals({ temperatureC: 37.9 }))).toMatchObject({ fever: false })
    expect(deriveFormValues('vital_signs', vitals({ temperatureC: null }))).toMatchObject({ fever: null })
  })
  it('derives BSA with Mosteller, 165 cm 60 kg -> 1.66 m2 (regimen-and-dosing.md §1)', () => {
    expect(deriveFormValues('vital_signs', vitals({ heightCm: 165, weightKg: 60 }))).toMatchObject({ bsaM2: 1.66 })
  })
  it('refuses an implausible temperature (30-45 °C) and warns outside 35-41', () => {
    const hot = runEditChecks('vital_signs', vitals({ temperatureC: 46 }), ctx)
    expect(hot.find((i) => i.checkId === 'vs.temp.plausible')).toMatchObject({ severity: 'error', path: ['temperatureC'] })
    const warm = splitIssues(runEditChecks('vital_signs', vitals({ temperatureC: 41.5 }), ctx))
    expect(warm.errors).toEqual([])
    expect(ids(warm.warnings)).toEqual(['vs.temp.unusual'])
  })
  it('needs diastolic below systolic', () => {
    expect(ids(runEditChecks('vital_signs', vitals({ diastolicMmHg: 120, systolicMmHg: 110 }), ctx))).toContain('vs.dbp.below-sbp')
  })
  it('refuses dates before consent or in the future', () => {
    expect(ids(runEditChecks('vital_signs', vitals({ measuredAt: '2025-01-31T08:00' }), ctx))).toEqual(['vs.measuredAt.consent'])
    expect(ids(runEditChecks('vital_signs', vitals({ measuredAt: '2025-03-21T08:00' }), ctx))).toEqual(['vs.measuredAt.future'])
  })
  it('reports schema problems as errors with their path', () => {
    const issues = runEditChecks('vital_signs', vitals({ heartRate: 'fast' }), ctx)
    expect(issues[0]).toMatchObject({ severity: 'error', path: ['heartRate'] })
  })
})

describe('oxygen (ASTCT 2019 §1.1)', () => {
  const o2 = (delivery: string, flowLpm: number | null) => ({ measuredAt: '2025-03-03T10:00', delivery, flowLpm })
  it('C5: 6 L/min nasal cannula is still low-flow, grade 2 hypoxia', () => {
    expect(runEditChecks('oxygen', o2('low_flow', 6), ctx)).toEqual([])
    expect(deriveFormValues('oxygen', o2('low_flow', 6))).toEqual({ hypoxiaCategory: 'LOW_FLOW', crsHypoxiaGrade: 2 })
  })
  it('C6: 7 L/min cannot be entered as low-flow; as high-flow it is grade 3', () => {
    expect(runEditChecks('oxygen', o2('low_flow', 7), ctx)).toMatchObject([{ checkId: 'o2.low-flow.max', severity: 'error', path: ['flowLpm'] }])
    expect(runEditChecks('oxygen', o2('high_flow', 7), ctx)).toEqual([])
    expect(deriveFormValues('oxygen', o2('high_flow', 7))).toMatchObject({ crsHypoxiaGrade: 3 })
  })
  it('C11: BiPAP is positive pressure, grade 4; high-flow at 6 L/min is a warning', () => {
    expect(deriveFormValues('oxygen', o2('cpap_bipap', null))).toMatchObject({ hypoxiaCategory: 'POSITIVE_PRESSURE', crsHypoxiaGrade: 4 })
    expect(splitIssues(runEditChecks('oxygen', o2('high_flow', 6), ctx)).warnings.map((i) => i.checkId)).toEqual(['o2.high-flow.min'])
    // a high-flow device at ≤ 6 L/min is low-flow by the ASTCT definition, as the CRS grader reads it (grade 2)
    expect(deriveFormValues('oxygen', o2('high_flow', 6))).toEqual({ hypoxiaCategory: 'LOW_FLOW', crsHypoxiaGrade: 2 })
    expect(ids(runEditChecks('oxygen', o2('none', 2), ctx))).toEqual(['o2.flow.none'])
  })
  it('a low-flow cannula without a flow is not evaluable (the grader: grade 2-3), a high-flow device without one is high-flow', () => {
    expect(ids(runEditChecks('oxygen', o2('low_flow', null), ctx))).toEqual(['o2.flow.required'])
    expect(deriveFormValues('oxygen', o2('low_flow', null))).toEqual({ hypoxiaCategory: null, crsHypoxiaGrade: null })
    expect(gradeCrsDay({ day: 1, maxTemperatureC: 38.5, hypotension: false, vasopressors: [], oxygen: oxygenSupportOf(o2('low_flow', null) as Oxygen) }, { crsAlreadyDiagnosed: false, maskingTherapyGivenSinceOnset: false })).toMatchObject({ kind: 'not-evaluable', atLeast: 2, atMost: 3 })
    expect(deriveFormValues('oxygen', o2('high_flow', null))).toEqual({ hypoxiaCategory: 'HIGH_FLOW', crsHypoxiaGrade: 3 })
  })
})

describe('vasopressor (CRS-6)', () => {
  it('vasopressin does not count toward multiple vasopressors; end before start is an error', () => {
    const v = { agent: 'vasopressin', dose: 0.03, unit: 'units/min', start: '2025-03-03T10:00', end: null }
    expect(deriveFormValues('vasopressor', v)).toEqual({ countsTowardMultiple: false })
    expect(ids(runEditChecks('vasopressor', { ...v, end: '2025-03-03T09:00' }, ctx))).toEqual(['vp.end.order'])
  })
})

describe('neuro: ICE total and ICANS grade derived (safety-grading.md §2.6)', () => {
  it.each([
    ['N1', 8, {}, 1],
    ['N2', 10, {}, 0],
    ['N3', 5, { consciousness: 'awakens-to-voice' }, 2],
    ['N4', 2, {}, 3],
    ['N7', 9, { seizure: 'rapidly-resolving' }, 3],
    ['N8', 7, { raisedIcp: 'diffuse-oedema-or-signs' }, 4],
    ['N16', 6, {}, 2],
  ] as const)('%s: ICE %i -> ICANS %i', (_n, score, over, grade) => {
    const d = deriveFormValues('neuro', neuro({ iceItems: ice(score), ...over }))
    expect(d).toMatchObject({ iceTotal: score, icansGrade: grade })
  })
  it('N6: unarousable -> grade 4 with no ICE total', () => {
    expect(deriveFormValues('neuro', neuro({ iceItems: null, unableToPerform: true, consciousness: 'unarousable' }))).toMatchObject({ iceTotal: null, icansGrade: 4 })
  })
  it('N10: haemorrhage does not change the ICANS grade (ICANS-4) and must be answered', () => {
    expect(deriveFormValues('neuro', neuro({ iceItems: ice(6), intracranialHaemorrhage: true }))).toMatchObject({ icansGrade: 2 })
    expect(ids(runEditChecks('neuro', neuro({ intracranialHaemorrhage: null }), ctx))).toEqual(['neuro.ich.required'])
  })
  it('N11-N13: CAPD totals', () => {
    expect(deriveFormValues('neuro', neuro({ tool: 'CAPD', iceItems: null, capdTotal: 6, consciousness: 'awakens-spontaneously' }))).toMatchObject({ icansGrade: 1, iceTotal: null })
    expect(deriveFormValues('neuro', neuro({ tool: 'CAPD', iceItems: null, capdTotal: 6, consciousness: 'awakens-to-voice' }))).toMatchObject({ icansGrade: 2 })
    expect(deriveFormValues('neuro', neuro({ tool: 'CAPD', iceItems: null, capdTotal: 12 }))).toMatchObject({ icansGrade: 3 })
  })
  it('an ICE total copied from the worksheet must equal the sum of its items', () => {
    expect(runEditChecks('neuro', neuro({ iceItems: ice(8), iceTotalOnSource: 8 }), ctx)).toEqual([])
    expect(runEditChecks('neuro', neuro({ iceItems: ice(8), iceTotalOnSource: 9 }), ctx)).toMatchObject([{ checkId: 'neuro.ice.sum', severity: 'error', path: ['iceTotalOnSource'] }])
  })
  it('an unassessed item leaves the ICE total not evaluable, never 0 (ICANS-6)', () => {
    const items = { ...ice(10), followsCommands: null }
    expect(deriveFormValues('neuro', neuro({ iceItems: items }))).toMatchObject({ iceTotal: null, iceMissingItems: ['followsCommands'], icansGrade: null })
  })
})

describe('bleeding event (ITP-BAT, WHO)', () => {
  it('B3-style: epistaxis ITP-BAT 3 -> S0M3O0', () => {
    const b = { site: 'epistaxis', start: '2025-03-02', end: null, whoGrade: 2, itpBatGrade: 3, patientReportedOnly: false }
    expect(runEditChecks('bleeding_event', b, ctx)).toEqual([])
    expect(deriveFormValues('bleeding_event', b)).toEqual({ domain: 'M', itpBatLabel: 'S0M3O0', ongoing: true })
  })
  it('WHO grade out of 0-4 is a schema error', () => {
    const b = { site: 'petechiae', start: '2025-03-02', end: null, whoGrade: 5, itpBatGrade: 1, patientReportedOnly: false }
    expect(runEditChecks('bleeding_event', b, ctx)[0]).toMatchObject({ severity: 'error', path: ['whoGrade'] })
  })
})

describe('adverse event (ICH E2A, safety-grading.md §4.3)', () => {
  const noSerious = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
  const ae = (over: Record<string, unknown> = {}) => ({
    ctcaeTerm: 'Cytokine release syndrome',
    grade: 2,
    serious: true,
    seriousness: { ...noSerious, hospitalisation: 'requires-admission' },
    attribution: 'probable',
    outcome: 'recovered',
    start: '2025-03-10',
    end: '2025-03-12',
    ...over,
  })
  it('S3: grade 2 CRS with re-admission is serious (hospitalisation)', () => {
    expect(runEditChecks('adverse_event', ae(), ctx)).toEqual([])
    expect(deriveFormValues('adverse_event', ae())).toMatchObject({ seriousness: { serious: true, criteria: ['hospitalisation'] }, seriousAnswerAgrees: true })
  })
  it('S2: grade 4 neutropenia without a criterion is not serious; calling it serious needs a criterion', () => {
    const s2 = ae({ ctcaeTerm: 'Neutrophil count decreased', grade: 4, serious: false, seriousness: noSerious })
    expect(deriveFormValues('adverse_event', s2)).toMatchObject({ seriousness: { serious: false }, seriousAnswerAgrees: true })
    expect(ids(runEditChecks('adverse_event', { ...s2, serious: true }, ctx))).toEqual(['ae.serious.criterion'])
  })
  it('grade 5 needs death and a fatal outcome; a MedDRA code is an 8-digit hook', () => {
    const issues = ids(runEditChecks('adverse_event', ae({ grade: 5, seriousness: { ...noSerious, resultsInDeath: null, hospitalisation: 'requires-admission' } }), ctx))
    expect(issues).toEqual(expect.arrayContaining(['ae.grade5.fatal', 'ae.grade5.outcome']))
    expect(runEditChecks('adverse_event', ae({ meddraCode: '1234' }), ctx)[0]).toMatchObject({ path: ['meddraCode'] })
  })
})

describe('medication', () => {
  const med = (over: Record<string, unknown> = {}) => ({ name: 'IVIG', category: 'RESCUE', rescueType: 'IVIG', dose: 1, unit: 'g/kg', start: '2025-03-10', end: '2025-03-11', ...over })
  it('rescue therapy needs a RESCUE_TYPES type and gets its exclusion window (response-itp.md §3.2)', () => {
    expect(runEditChecks('medication', med(), ctx)).toEqual([])
    expect(deriveFormValues('medication', med())).toEqual({ rescueWindowDays: 14 })
    expect(ids(runEditChecks('medication', med({ rescueType: null }), ctx))).toEqual(['med.rescue.type'])
    expect(ids(runEditChecks('medication', med({ category: 'CONCOMITANT' }), ctx))).toEqual(['med.rescue.type.only'])
    expect(runEditChecks('medication', med({ rescueType: 'PLASMA' }), ctx)[0]).toMatchObject({ path: ['rescueType'] })
  })
  it('end before start is an error on the end field', () => {
    expect(runEditChecks('medication', med({ end: '2025-03-09' }), ctx)).toMatchObject([{ checkId: 'med.end.order', path: ['end'] }])
  })
})

describe('correlative, questionnaire, SLEDAI, lupus status', () => {
  it('correlative values cannot be negative; implausible units warn', () => {
    const c = { collectedOn: '2025-03-14', carCopiesPerUgGdna: 12000, cd19BCellsPerUl: 0, igGgPerL: 55, igAgPerL: 1.2, igMgPerL: 0.4, antiGpIIbIIIa: 'negative', antiGpIbIX: null, antiDsDnaIuPerMl: null, c3gPerL: -1, c4gPerL: 0.2 }
    expect(ids(runEditChecks('correlative', c, ctx))).toEqual(['corr.c3.nonneg', 'corr.igg.unusual'])
  })
  it('RAND-36: scale score = mean of answered recoded items (bleeding-and-scores.md §9)', () => {
    const q = { instrument: 'RAND-36', instrumentVersion: '1.0', language: 'en', completedOn: '2025-03-14', items: { '3': 3, '4': 2, '5': null } }
    const d = deriveFormValues('questionnaire', q) as { scaleScores: Record<string, number | null> }
    expect(d.scaleScores.PF).toBe(75)
    expect(ids(runEditChecks('questionnaire', q, ctx))).toEqual(['qol.items.unanswered'])
    expect(ids(runEditChecks('questionnaire', { ...q, items: { '37': 1 } }, ctx))).toEqual(['qol.items.ids.rand36'])
  })
  it('ITP-PAQ is not scored without the licensed config', () => {
    const q = { instrument: 'ITP-PAQ', instrumentVersion: 'v1', language: 'zh-CN', completedOn: '2025-03-14', items: { q1: 3 } }
    expect(deriveFormValues('questionnaire', q)).toEqual({ scaleScores: {}, scoredWith: null })
  })
  it('SD1: thrombocytopenia + low complement + DNA binding + arthritis = 9, clinical 5', () => {
    const s = { assessedOn: '2025-03-01', variant: 'SLEDAI-2K', present: ['thrombocytopenia', 'low-complement', 'increased-dna-binding', 'arthritis'], notAssessed: [] }
    expect(runEditChecks('sledai', s, ctx)).toEqual([])
    expect(deriveFormValues('sledai', s)).toMatchObject({ sledai2k: 9, clinicalSledai: 5 })
    expect(ids(runEditChecks('sledai', { ...s, notAssessed: ['arthritis'] }, ctx))).toEqual(['sledai.overlap', 'sledai.not-assessed'])
  })
  it('LL1: serology only, PGA 1.0, prednisolone 7.5 -> LLDAS met, DORIS not met (PGA)', () => {
    const l = {
      assessedOn: '2025-06-01',
      pga: 1.0,
      sledai: { variant: 'SLEDAI-2K', present: ['low-complement', 'increased-dna-binding'], notAssessed: [] },
      previousPresent: ['low-complement', 'increased-dna-binding'],
      prednisoloneEquivalentMgPerDay: 7.5,
      backgroundTherapyStable: true,
      haemolyticAnaemia: false,
      giActivity: false,
      maintenanceTherapyStandard: true,
      otherInvestigationalDrug: false,
      studyCellProductGiven: true,
    }
    expect(runEditChecks('lupus_status', l, { ...ctx, today: '2025-06-30' })).toEqual([])
    const d = deriveFormValues('lupus_status', l) as { clinicalSledai: number; doris: { status: string }; lldas: { status: string } }
    expect(d.clinicalSledai).toBe(0)
    expect(d.lldas.status).toBe('met')
    expect(d.doris.status).toBe('not-met')
    expect(ids(runEditChecks('lupus_status', { ...l, pga: 0.25 }, { ...ctx, today: '2025-06-30' }))).toEqual(['lupus.pga.precision'])
  })
})

describe('lupus status with the protocol settings (bleeding-and-scores.md §6, §7 PROTOCOL DECISIONs)', () => {
  // SD2 (§6): low complement only, PGA 0.3, prednisone 5 mg, stable background therapy; first assessment
  const sd2 = {
    assessedOn: '2025-06-01',
    pga: 0.3,
    sledai: { variant: 'SLEDAI-2K', present: ['low-complement'], notAssessed: [] },
    previousPresent: null,
    prednisoloneEquivalentMgPerDay: 5,
    backgroundTherapyStable: true,
    haemolyticAnaemia: false,
    giActivity: false,
    maintenanceTherapyStandard: true,
    otherInvestigationalDrug: false,
    studyCellProductGiven: true,
  }
  type Derived = { doris: { status: string; failed: string[] }; lldas: { status: string; failed: string[]; missing: string[] } }
  const derive = (data: unknown, options?: Parameters<typeof deriveFormValues>[2]) => deriveFormValues('lupus_status', data, options) as Derived

  it('without settings, and with the doc defaults, the result is the same: DORIS met at 5 mg, LLDAS not evaluable (no previous assessment)', () => {
    const plain = derive(sd2)
    expect(plain.doris.status).toBe('met')
    expect(plain.lldas).toMatchObject({ status: 'not-evaluable', missing: ['L2-no-new-activity'] })
    expect(derive(sd2, deriveOptionsFromProtocol({})!)).toEqual(plain)
    expect(derive(sd2, deriveOptionsFromProtocol(SEED_PROTOCOLS.NCT06826430)!)).toEqual(plain)
  })
  it('D3 "< 5" (task-force table): 5 mg fails DORIS; a 7.5 mg limit passes 7.5 mg', () => {
    const lt = deriveOptionsFromProtocol({ lupus: { doris: { prednisoloneComparator: '<' } } })!
    expect(derive(sd2, lt).doris).toMatchObject({ status: 'not-met', failed: ['D3-prednisolone'] })
    const limit = deriveOptionsFromProtocol({ lupus: { doris: { prednisoloneLimitMg: 7.5 } } })!
    expect(derive({ ...sd2, prednisoloneEquivalentMgPerDay: 7.5 }, limit).doris.status).toBe('met')
    expect(derive({ ...sd2, prednisoloneEquivalentMgPerDay: 7.5 }).doris.status).toBe('not-met')
  })
  it('L2 with no previous assessment treated as no new activity: LLDAS met', () => {
    expect(derive(sd2, deriveOptionsFromProtocol({ lupus: { lldas: { noPreviousAssessment: 'no-new-activity' } } })!).lldas.status).toBe('met')
  })
  it('L5: the once-given study cell product violates L5 when the protocol says so', () => {
    const withPrevious = { ...sd2, previousPresent: ['low-complement'] }
    expect(derive(withPrevious).lldas.status).toBe('met')
    const strict = deriveOptionsFromProtocol({ lupus: { lldas: { studyCellProductViolatesL5: true } } })!
    expect(derive(withPrevious, strict).lldas).toMatchObject({ status: 'not-met', failed: ['L5-medication'] })
    expect(derive({ ...withPrevious, studyCellProductGiven: false }, strict).lldas.status).toBe('met')
  })
  it('only lupus status reads protocol settings; an invalid lupus block gives no options', () => {
    expect(FORM_TYPES.filter(formUsesProtocolSettings)).toEqual(['lupus_status'])
    expect(deriveOptionsFromProtocol({ lupus: { doris: { prednisoloneComparator: '=<' } } })).toBeNull()
    // other forms ignore the settings
    const q = { instrument: 'RAND-36', instrumentVersion: '1.0', language: 'en', completedOn: '2025-03-14', items: { '3': 3 } }
    expect(deriveFormValues('questionnaire', q, deriveOptionsFromProtocol({ lupus: { doris: { prednisoloneComparator: '<' } } })!)).toEqual(deriveFormValues('questionnaire', q))
  })
})

describe('questionnaire: SF-36 (bleeding-and-scores.md §9; NCT06826430)', () => {
  const sf36 = (items: Record<string, number | null>) => ({ instrument: 'SF-36', instrumentVersion: 'v2 standard recall', language: 'zh-CN', completedOn: '2025-03-14', items })
  const SCALES = ['PF', 'RP', 'BP', 'GH', 'VT', 'SF', 'RE', 'MH'] as const
  const qol = (data: unknown, options?: Parameters<typeof deriveFormValues>[2]) => deriveFormValues('questionnaire', data, options) as QuestionnaireDerived | null
  // TEST STAND-IN, not the licensed algorithm: two items per scale, raw score = sum of the codes (2..10)
  const scales = {} as Record<(typeof SCALES)[number], { itemIds: string[]; minPossible: number; maxPossible: number }>
  for (const s of SCALES) scales[s] = { itemIds: [`${s}1`, `${s}2`], minPossible: 2, maxPossible: 10 }
  const config: Sf36ScoringConfig = {
    source: 'TEST STAND-IN, not the licensed SF-36 algorithm',
    scales,
    rawScaleScore: (_s, rs) => (rs.some((x) => x === null) ? null : (rs as number[]).reduce((a, b) => a + b, 0)),
  }

  it('is offered as an instrument and stores responses by item id only', () => {
    expect(QUESTIONNAIRE_INSTRUMENTS).toContain('SF-36')
    const q = sf36({ PF1: 5, PF2: 5 })
    expect(runEditChecks('questionnaire', q, ctx)).toEqual([])
    expect(formSchema('questionnaire').parse(q)).toEqual(q)
  })
  it('without the licensed configuration: every scale null, with the reason, never scored the RAND-36 way', () => {
    const d = qol(sf36({ '3': 3, '4': 2 }))
    expect(d).toEqual({ scaleScores: { PF: null, RP: null, BP: null, GH: null, VT: null, SF: null, RE: null, MH: null }, scoredWith: null, notScoredReason: SF36_NOT_SCORED_REASON })
    expect(d?.notScoredReason).toMatch(/licensed SF-36 scoring configuration/)
  })
  it('with the licensed configuration: scale scores through the hook, 0-100 transformed, and the edition logged', () => {
    const d = qol(sf36({ PF1: 5, PF2: 5, BP1: 1, BP2: 1, GH1: 3 }), { sf36Scoring: config })
    expect(d).toEqual({ scaleScores: { PF: 100, RP: null, BP: 0, GH: null, VT: null, SF: null, RE: null, MH: null }, scoredWith: config.source })
  })
  it('SF-36 has 36 items; the ITP-PAQ and RAND-36 results are unchanged by the SF-36 hook', () => {
    const items = Object.fromEntries(Array.from({ length: 37 }, (_, i) => [`i${i}`, 1]))
    expect(ids(runEditChecks('questionnaire', sf36(items), ctx))).toEqual(['qol.items.count.sf36'])
    const itp = { instrument: 'ITP-PAQ', instrumentVersion: 'v1', language: 'zh-CN', completedOn: '2025-03-14', items: { q1: 3 } }
    expect(deriveFormValues('questionnaire', itp, { sf36Scoring: config })).toEqual({ scaleScores: {}, scoredWith: null })
    const rand = { instrument: 'RAND-36', instrumentVersion: '1.0', language: 'en', completedOn: '2025-03-14', items: { '3': 3, '4': 2 } }
    expect(qol(rand, { sf36Scoring: config })?.scoredWith).toBe('RAND-36 1.0 public-domain scoring')
  })
})

describe('edit-check codes for translation', () => {
  it('every check id is unique across the form library (translations key on it)', () => {
    const all = FORM_TYPES.flatMap((t) => editChecksFor(t).map((c) => c.id))
    expect(new Set(all).size).toBe(all.length)
  })
  it('issues carry the values their English detail was built from', () => {
    const temp = runEditChecks('vital_signs', vitals({ temperatureC: 46 }), ctx).find((i) => i.checkId === 'vs.temp.plausible')
    expect(temp).toMatchObject({ code: 'edit_check.range', params: { value: 46 } })
    const dbp = runEditChecks('vital_signs', vitals({ diastolicMmHg: 130, systolicMmHg: 120 }), ctx).find((i) => i.checkId === 'vs.dbp.below-sbp')
    expect(dbp?.params).toEqual({ value: 130, other: 120 })
    const consent = runEditChecks('vital_signs', vitals({ measuredAt: '2025-01-15T08:00' }), ctx).find((i) => i.checkId === 'vs.measuredAt.consent')
    expect(consent?.params).toEqual({ date: '2025-01-15', consent: '2025-02-01' })
    const future = runEditChecks('vital_signs', vitals({ measuredAt: '2025-04-01T08:00' }), ctx).find((i) => i.checkId === 'vs.measuredAt.future')
    expect(future?.params).toEqual({ date: '2025-04-01', today: '2025-03-20' })
    const sum = runEditChecks('neuro', neuro({ iceItems: ice(7), iceTotalOnSource: 9 }), ctx).find((i) => i.checkId === 'neuro.ice.sum')
    expect(sum?.params).toEqual({ total: 9, sum: 7 })
  })
})

describe('edit checks on data of any shape (issues while typing, imported files)', () => {
  // every field a form's schema or checks name, each given arbitrary JSON: the checks report issues, never throw
  // (an ODM fuzz run found `present: "0"` crashing the SLEDAI view)
  const fieldsOf = (type: (typeof FORM_TYPES)[number]): string[] => {
    const schema = formSchema(type) as { shape?: Record<string, unknown> }
    // the first segment of every path a check reads, whatever its kind
    const fromChecks = editChecksFor(type).flatMap((c) =>
      Object.values(c).flatMap((v) => (Array.isArray(v) ? (Array.isArray(v[0]) ? (v as unknown[][]).map((p) => String(p[0])) : [String(v[0])]) : [])),
    )
    return [...new Set([...Object.keys(schema.shape ?? {}), ...fromChecks])]
  }
  it.each(FORM_TYPES)('%s', (type) => {
    const fields = fieldsOf(type)
    expect(fields.length).toBeGreaterThan(0)
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 2 })), (data) => {
        const issues = runEditChecks(type, data, { consentDate: '2025-01-01', today: '2025-06-01' })
        expect(Array.isArray(issues)).toBe(true)
        deriveFormValues(type, data)
      }),
      { numRuns: 300 },
    )
  })
})
