/**
 * Independent conformance check of the FHIR R4 and CDISC ODM 1.3.2 exchange against
 * /work/shared/interchange/ctgov-fhir-odm.md. Expected values (systems, codes, displays, maps) are copied from the
 * spec text here, not imported from the implementation, so a drift in either shows up. Each check names its section.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ExchangeAdverseEvent, ExchangeLab, ExchangeStudy, ExchangeSubject } from './exchange-study.js'
import { buildFhirBundle, readFhirBundle } from './fhir-r4.js'
import { readFhirLabBundle } from './fhir-lab-import.js'
import { validateFhirResource } from './fhir-r4-structure.js'
import { buildOdmSnapshot } from './odm-1-3-2.js'
import { buildOdmCaptureExport } from './odm-capture-export.js'
import { capturedStudy, stamp } from './odm-capture-fixture.js'
import { readOdmClinicalData } from './odm-capture-import.js'
import { validateOdmStructure } from './odm-structure.js'
import { localName, readOdmXml, type OdmNode } from './odm-xml.js'

const FC = { seed: 20261207, numRuns: 200 }

// ---- spec constants (ctgov-fhir-odm.md §2), written out independently ----
const LOINC = 'http://loinc.org'
const UCUM = 'http://unitsofmeasure.org'
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category'
const PHASE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/research-study-phase'
const SERIOUSNESS = 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness'
const SEVERITY = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity'
const NCIT = 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl'
const NCT_WRITE = 'https://clinicaltrials.gov/nctid'
const USUBJID = 'https://celltrial.example/fhir/sid/usubjid'
const LBTESTCD_SYSTEM = 'https://celltrial.example/fhir/CodeSystem/lbtestcd'
const AE_GRADE = 'http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade'
/** §2 lab table: LBTESTCD -> [LOINC, long common name, UCUM of the platform unit sent] */
const SPEC_LABS: Record<string, [string, string]> = {
  PLAT: ['777-3', 'Platelets [#/volume] in Blood by Automated count'],
  WBC: ['6690-2', 'Leukocytes [#/volume] in Blood by Automated count'],
  NEUT: ['751-8', 'Neutrophils [#/volume] in Blood by Automated count'],
  LYM: ['731-0', 'Lymphocytes [#/volume] in Blood by Automated count'],
  HGB: ['718-7', 'Hemoglobin [Mass/volume] in Blood'],
  ALT: ['1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma'],
  AST: ['1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma'],
  BILI: ['1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma'],
  CREAT: ['2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'],
  FIBRINO: ['3255-7', 'Fibrinogen [Mass/volume] in Platelet poor plasma by Coagulation assay'],
  IGG: ['2465-3', 'IgG [Mass/volume] in Serum or Plasma'],
  IGA: ['2458-8', 'IgA [Mass/volume] in Serum or Plasma'],
  IGM: ['2472-9', 'IgM [Mass/volume] in Serum or Plasma'],
  CD19: ['8116-6', 'CD19 cells [#/volume] in Blood'],
}
/** §2 "The UCUM column gives LOINC's example unit"; platelets are sent in 10*9/L */
const SPEC_UCUM: Record<string, [platformUnit: string, ucum: string]> = {
  PLAT: ['10^9/L', '10*9/L'], WBC: ['10^3/uL', '10*3/uL'], NEUT: ['10^3/uL', '10*3/uL'], LYM: ['10^3/uL', '10*3/uL'], HGB: ['g/dL', 'g/dL'],
  ALT: ['U/L', 'U/L'], AST: ['U/L', 'U/L'], BILI: ['mg/dL', 'mg/dL'], CREAT: ['mg/dL', 'mg/dL'], FIBRINO: ['mg/dL', 'mg/dL'],
  IGG: ['mg/dL', 'mg/dL'], IGA: ['mg/dL', 'mg/dL'], IGM: ['mg/dL', 'mg/dL'], CD19: ['/uL', '/uL'],
}
const SPEC_GRADE_NCIT: Record<number, string> = { 1: 'C41338', 2: 'C41339', 3: 'C41340', 4: 'C41337', 5: 'C48275' }
const SPEC_STATUS: Record<string, string> = {
  RECRUITING: 'active', ENROLLING_BY_INVITATION: 'active', NOT_YET_RECRUITING: 'approved', ACTIVE_NOT_RECRUITING: 'closed-to-accrual',
  SUSPENDED: 'temporarily-closed-to-accrual', TERMINATED: 'administratively-completed', COMPLETED: 'completed', WITHDRAWN: 'withdrawn',
}
const SPEC_PHASE: [string[], string][] = [
  [['NA'], 'n-a'], [['EARLY_PHASE1'], 'early-phase-1'], [['PHASE1'], 'phase-1'], [['PHASE1', 'PHASE2'], 'phase-1-phase-2'], [['PHASE2', 'PHASE1'], 'phase-1-phase-2'],
  [['PHASE2'], 'phase-2'], [['PHASE2', 'PHASE3'], 'phase-2-phase-3'], [['PHASE3'], 'phase-3'], [['PHASE4'], 'phase-4'],
]
const R4_RESEARCH_STUDY_STATUS = ['active', 'administratively-completed', 'approved', 'closed-to-accrual', 'closed-to-accrual-and-intervention', 'completed', 'disapproved', 'in-review', 'temporarily-closed-to-accrual', 'temporarily-closed-to-accrual-and-intervention', 'withdrawn']
const R4_RESEARCH_SUBJECT_STATUS = ['candidate', 'eligible', 'follow-up', 'ineligible', 'not-registered', 'off-study', 'on-study', 'on-study-intervention', 'on-study-observation', 'pending-on-study', 'potential-candidate', 'screening', 'withdrawn']

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources are read as untyped JSON in these assertions
type Res = Record<string, any>
const lab = (testCode: string, value: number | null, unit: string | null, extra: Partial<ExchangeLab> = {}): ExchangeLab =>
  ({ testCode, value, text: value === null ? 'POSITIVE' : String(value), unit, date: '2025-04-02', time: null, refLow: null, refHigh: null, ...extra })
const ae = (grade: number | null, serious = false, extra: Partial<ExchangeAdverseEvent> = {}): ExchangeAdverseEvent =>
  ({ term: 'Cytokine release syndrome', grade, gradingSystem: 'ASTCT 2019', serious, startDate: '2025-04-03', endDate: null, ...extra })
const subject = (usubjid: string, extra: Partial<ExchangeSubject> = {}): ExchangeSubject =>
  ({ usubjid, siteId: 'SITE01', age: 40, sex: 'F', armCode: 'DL1', infusionDate: '2025-04-01', labs: [], adverseEvents: [], ...extra })
const studyOf = (subjects: ExchangeSubject[], extra: Partial<ExchangeStudy> = {}): ExchangeStudy => ({ registryId: 'NCT99999901', title: 'EXAMPLE-ITP', subjects, ...extra })
const resources = (s: ExchangeStudy) => (buildFhirBundle(s) as { entry: { fullUrl: string; resource: Res }[] }).entry.map((e) => e.resource)
const ofType = (s: ExchangeStudy, t: string) => resources(s).filter((r) => r.resourceType === t)

describe('FHIR R4 export (ctgov-fhir-odm.md §2)', () => {
  const full = studyOf([
    subject('EXITP-01-003', { sex: 'F', armCode: 'DL2', labs: Object.entries(SPEC_UCUM).map(([code, [unit]]) => lab(code, 12, unit, { refLow: 1, refHigh: 20 })), adverseEvents: [ae(1), ae(3, true)] }),
    subject('EXITP-01-004', { sex: 'M', armCode: 'DL1', labs: [lab('CARCN', 46800, 'copies/ug gDNA'), lab('GPAB', null, null)] }),
    subject('EXITP-02-001', { sex: 'U', armCode: null, infusionDate: null }),
    subject('EXITP-02-002', { sex: 'UNDIFFERENTIATED' }),
  ], { overallStatus: 'RECRUITING', phases: ['PHASE1', 'PHASE2'] })
  const bundle = buildFhirBundle(full, { baseUrl: 'https://example.org/fhir' }) as { resourceType: string; type: string; entry: { fullUrl: string; resource: Res }[] }

  it('§2: a Bundle of type collection whose fullUrls are <base>/<type>/<id>, valid against the R4 rules (strict)', () => {
    expect(bundle.resourceType).toBe('Bundle')
    expect(bundle.type).toBe('collection')
    for (const e of bundle.entry) expect(e.fullUrl).toBe(`https://example.org/fhir/${String(e.resource.resourceType)}/${String(e.resource.id)}`)
    expect(new Set(bundle.entry.map((e) => e.fullUrl)).size).toBe(bundle.entry.length)
    expect(validateFhirResource(bundle, [], { strict: true })).toEqual([])
  })

  it('§2 references: every Reference names a resource of the Bundle', () => {
    const ids = new Set(bundle.entry.map((e) => `${String(e.resource.resourceType)}/${String(e.resource.id)}`))
    const refs: string[] = []
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === 'reference' && typeof x === 'string') refs.push(x)
          else walk(x)
        }
    }
    walk(bundle.entry.map((e) => e.resource))
    expect(refs.length).toBeGreaterThan(10)
    for (const r of refs) expect(ids.has(r), r).toBe(true)
  })

  it('§2 Patient: pseudonymous, USUBJID identifier, R4 gender codes', () => {
    const patients = ofType(full, 'Patient')
    expect(patients.map((p) => p.gender)).toEqual(['female', 'male', 'unknown', 'other'])
    for (const p of patients) {
      expect(p.identifier).toEqual([{ system: USUBJID, value: expect.stringMatching(/^EXITP-/) }])
      for (const k of ['name', 'telecom', 'address']) expect(p[k]).toBeUndefined()
    }
  })

  it('§2 Observation: status, laboratory category, LOINC code and long common name, code.text = LBTESTCD, UCUM quantity, reference range', () => {
    const obs = ofType(full, 'Observation')
    for (const [code, [unit, ucum]] of Object.entries(SPEC_UCUM)) {
      const o = obs.find((x) => x.code.text === code)!
      expect(o.status).toBe('final')
      expect(o.category).toEqual([{ coding: [{ system: OBS_CATEGORY, code: 'laboratory' }] }])
      expect(o.code).toEqual({ coding: [{ system: LOINC, code: SPEC_LABS[code]![0], display: SPEC_LABS[code]![1] }], text: code })
      expect(o.valueQuantity).toEqual({ value: 12, unit, system: UCUM, code: ucum })
      expect(o.effectiveDateTime).toBe('2025-04-02')
      expect(o.subject).toEqual({ reference: 'Patient/exitp-01-003' })
      expect(o.referenceRange).toEqual([{ low: { value: 1, system: UCUM, code: ucum }, high: { value: 20, system: UCUM, code: ucum } }])
    }
  })

  it('§2 CARCN and GPAB: platform code system, code.text = LBTESTCD, CARCN in {copies}/ug; never a guessed LOINC code', () => {
    const [carcn, gpab] = ofType(full, 'Observation').filter((o) => o.code.text === 'CARCN' || o.code.text === 'GPAB')
    expect(carcn!.code).toEqual({ coding: [{ system: LBTESTCD_SYSTEM, code: 'CARCN' }], text: 'CARCN' })
    expect(carcn!.valueQuantity).toMatchObject({ value: 46800, system: UCUM, code: '{copies}/ug' })
    expect(gpab!.code).toEqual({ coding: [{ system: LBTESTCD_SYSTEM, code: 'GPAB' }], text: 'GPAB' })
    for (const c of ['48594-6', '63478-2', '63479-0']) expect(JSON.stringify(bundle)).not.toContain(c)
  })

  it('§2 platelets: sent as 10*9/L with the display 10^9/L, whatever platform spelling the unit has', () => {
    for (const unit of ['10^9/L', 'x10^9/L', '10^3/uL', null]) {
      const [o] = ofType(studyOf([subject('S-1', { labs: [lab('PLAT', 30, unit)] })]), 'Observation')
      expect(o!.valueQuantity).toEqual({ value: 30, unit: '10^9/L', system: UCUM, code: '10*9/L' })
    }
  })

  it('§2 AdverseEvent: actuality, event.text = AEDECOD, date, seriousness Serious / Non-serious, study, ae-grade with NCIt codes, severity by grade', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.string({ minLength: 1, maxLength: 40 }), (grade, serious, term) => {
        const [a] = ofType(studyOf([subject('S-1', { adverseEvents: [ae(grade, serious, { term })] })]), 'AdverseEvent')
        expect(a!.actuality).toBe('actual')
        expect(a!.event).toEqual({ text: term })
        expect(a!.subject).toEqual({ reference: 'Patient/s-1' })
        expect(a!.date).toBe('2025-04-03')
        expect(a!.study).toEqual([{ reference: 'ResearchStudy/nct99999901' }])
        expect(a!.seriousness).toEqual({ coding: [{ system: SERIOUSNESS, code: serious ? 'Serious' : 'Non-serious' }] })
        expect(a!.severity).toEqual({ coding: [{ system: SEVERITY, code: grade === 1 ? 'mild' : grade === 2 ? 'moderate' : 'severe' }] })
        expect(a!.extension).toHaveLength(1)
        expect(a!.extension[0].url).toBe(AE_GRADE)
        expect(a!.extension[0].valueCodeableConcept.coding).toEqual([expect.objectContaining({ system: NCIT, code: SPEC_GRADE_NCIT[grade] })])
      }),
      FC,
    )
  })

  it('§2 AdverseEvent: no grade -> neither ae-grade nor severity; grade 0 is not mild (the convention starts at grade 1)', () => {
    for (const g of [null, 0]) {
      const [a] = ofType(studyOf([subject('S-1', { adverseEvents: [ae(g)] })]), 'AdverseEvent')
      expect(a!.extension).toBeUndefined()
      expect(a!.severity).toBeUndefined()
    }
  })

  it('§2 ResearchStudy: NCT identifier in https://clinicaltrials.gov/nctid, status from the registry status map', () => {
    for (const [status, fhir] of Object.entries(SPEC_STATUS)) {
      const [rs] = ofType(studyOf([], { overallStatus: status }), 'ResearchStudy')
      expect(rs!.identifier).toEqual([{ system: NCT_WRITE, value: 'NCT99999901' }])
      expect(rs!.status, status).toBe(fhir)
    }
    // status is 1..1: a study with no registry status still gets a valid code
    expect(R4_RESEARCH_STUDY_STATUS).toContain(ofType(studyOf([]), 'ResearchStudy')[0]!.status)
  })

  it('§2 ResearchStudy.phase: one CodeableConcept of research-study-phase; PHASE1 + PHASE2 -> phase-1-phase-2; no enrollment count on the study', () => {
    for (const [phases, code] of SPEC_PHASE) {
      const [rs] = ofType(studyOf([], { phases }), 'ResearchStudy')
      expect(rs!.phase, phases.join()).toEqual({ coding: [{ system: PHASE_SYSTEM, code }] })
      expect(rs!.enrollment).toBeUndefined()
    }
    expect(ofType(studyOf([]), 'ResearchStudy')[0]!.phase).toBeUndefined()
  })

  it('§2 ResearchSubject: R4 status, study and individual references, arm strings equal ResearchStudy.arm.name', () => {
    const [rs] = ofType(full, 'ResearchStudy')
    const armNames = (rs!.arm as { name: string }[]).map((a) => a.name)
    expect(armNames).toEqual(['DL2', 'DL1'])
    for (const s of ofType(full, 'ResearchSubject')) {
      expect(R4_RESEARCH_SUBJECT_STATUS).toContain(s.status)
      expect(s.study).toEqual({ reference: 'ResearchStudy/nct99999901' })
      expect(s.individual.reference).toMatch(/^Patient\//)
      for (const k of ['assignedArm', 'actualArm']) if (s[k] !== undefined) expect(armNames).toContain(s[k])
    }
  })
})

describe('FHIR R4 import (ctgov-fhir-odm.md §2)', () => {
  // the spec's example Bundle, verbatim
  const specBundle = {
    resourceType: 'Bundle', type: 'collection', entry: [
      { fullUrl: 'https://example.org/fhir/Patient/exitp-01-003', resource: { resourceType: 'Patient', id: 'exitp-01-003', identifier: [{ system: USUBJID, value: 'EXITP-01-003' }], gender: 'female', birthDate: '1981' } },
      ...[['plat-1', '2025-04-02T08:30:00+08:00', 12], ['plat-2', '2025-06-25T08:10:00+08:00', 86]].map(([id, when, value]) => ({
        fullUrl: `https://example.org/fhir/Observation/${String(id)}`,
        resource: {
          resourceType: 'Observation', id, status: 'final', category: [{ coding: [{ system: OBS_CATEGORY, code: 'laboratory' }] }],
          code: { coding: [{ system: LOINC, code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count' }], text: 'PLAT' },
          subject: { reference: 'Patient/exitp-01-003' }, effectiveDateTime: when, valueQuantity: { value, unit: '10^9/L', system: UCUM, code: '10*9/L' },
        },
      })),
    ],
  }

  it('§2 example Bundle: passes the R4 rules and imports as two platelet counts in 10^9/L', () => {
    expect(validateFhirResource(specBundle)).toEqual([])
    const r = readFhirLabBundle(specBundle, { subjectCode: 'EXITP-01-003' })
    expect(r.ok).toBe(true)
    expect(r.value!.labs.map((l) => [l.testCode, l.value, l.unit, l.collectedOn])).toEqual([['PLAT', 12, '10^9/L', '2025-04-02'], ['PLAT', 86, '10^9/L', '2025-06-25']])
    const b = readFhirBundle(specBundle)
    expect(b.issues).toEqual([])
    expect(b.study.subjects[0]!.labs.map((l) => [l.testCode, l.value, l.date, l.time])).toEqual([['PLAT', 12, '2025-04-02', '08:30'], ['PLAT', 86, '2025-06-25', '08:10']])
  })

  const plt = (code: string, unit: string, value = 45) => ({
    resource: { resourceType: 'Observation', id: `o-${code}-${unit}`, status: 'final', code: { coding: [{ system: LOINC, code }] }, subject: { reference: 'Patient/p' }, effectiveDateTime: '2025-01-02', valueQuantity: { value, system: UCUM, code: unit } },
  })
  const withPatient = (...entries: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p', identifier: [{ system: USUBJID, value: 'S-1' }] } }, ...entries] })

  it('§2 platelet units: 10*9/L and 10*3/uL accepted as the same number, others refused (both importers)', () => {
    for (const unit of ['10*9/L', '10*3/uL']) {
      expect(readFhirBundle(withPatient(plt('777-3', unit))).study.subjects[0]!.labs[0]!.value).toBe(45)
      expect(readFhirLabBundle(withPatient(plt('777-3', unit)), { subjectCode: 'S-1' }).value!.labs[0]!.value).toBe(45)
    }
    for (const unit of ['mmol/L', '10*9', 'g/L']) {
      expect(readFhirBundle(withPatient(plt('777-3', unit))).issues.map((i) => i.code)).toEqual(['fhir.platelet_unit'])
      expect(readFhirLabBundle(withPatient(plt('777-3', unit)), { subjectCode: 'S-1' }).ok).toBe(false)
    }
  })

  it('§2 import aliases: 26515-7, 26464-8, 26499-4, 26474-7 read as PLAT, WBC, NEUT, LYM; wrong public pairings (8124-0) refused', () => {
    const r = readFhirLabBundle(withPatient(plt('26515-7', '10*9/L'), plt('26464-8', '10*9/L'), plt('26499-4', '10*9/L'), plt('26474-7', '10*9/L')), { subjectCode: 'S-1' })
    expect(r.value!.labs.map((l) => l.testCode)).toEqual(['PLAT', 'WBC', 'NEUT', 'LYM'])
    const bad = readFhirLabBundle(withPatient(plt('8124-0', '/uL')), { subjectCode: 'S-1' })
    expect(bad.issues!.map((i) => i.code)).toEqual(['fhir.unknown_code'])
  })

  it('§2 NCT identifier: all four systems read, matched on an NCT\\d{8} value; other systems and values ignored', () => {
    const read = (system: string, value: string) => readFhirBundle({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'ResearchStudy', status: 'active', identifier: [{ system, value }] } }] }).study.registryId
    for (const system of ['https://clinicaltrials.gov/nctid', 'http://clinicaltrials.gov', 'http://clinicaltrials.gov/', 'https://clinicaltrials.gov']) expect(read(system, 'NCT06352281'), system).toBe('NCT06352281')
    expect(read('https://example.org/nct', 'NCT06352281')).toBe('')
    expect(read(NCT_WRITE, 'NCT0635228')).toBe('')
  })

  it('§2 seriousness and grade read back: Serious / serious (THO) / Serious… sub-codes true, Non-serious / non-serious false; NCIt grade codes', () => {
    const aeRes = (code: string, ncit: string) => ({
      resource: { resourceType: 'AdverseEvent', actuality: 'actual', subject: { reference: 'Patient/p' }, date: '2025-01-03', event: { text: 'CRS' }, seriousness: { coding: [{ system: SERIOUSNESS, code }] }, extension: [{ url: AE_GRADE, valueCodeableConcept: { coding: [{ system: NCIT, code: ncit }] } }] },
    })
    const r = readFhirBundle(withPatient(aeRes('Serious', 'C41338'), aeRes('serious', 'C41339'), aeRes('SeriousResultsInDeath', 'C48275'), aeRes('Non-serious', 'C41340'), aeRes('non-serious', 'C41337')))
    expect(r.study.subjects[0]!.adverseEvents.map((a) => [a.serious, a.grade])).toEqual([[true, 1], [true, 2], [true, 5], [false, 3], [false, 4]])
  })

  it('round trip: export then import gives the same labs (table tests, platelet units) and adverse events', () => {
    const codes = Object.keys(SPEC_UCUM)
    const labArb = fc.record({ code: fc.constantFrom(...codes), value: fc.double({ min: 0, max: 1e6, noNaN: true }), day: fc.integer({ min: 1, max: 28 }), time: fc.option(fc.constantFrom('08:30', '23:59', '00:00')) })
    const aeArb = fc.record({ grade: fc.integer({ min: 1, max: 5 }), serious: fc.boolean(), term: fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== '') })
    fc.assert(
      fc.property(fc.array(labArb, { maxLength: 6 }), fc.array(aeArb, { maxLength: 4 }), (labs, aes) => {
        const s = studyOf([subject('EXITP-01-003', {
          labs: labs.map((l) => lab(l.code, l.value, SPEC_UCUM[l.code]![0], { date: `2025-03-${String(l.day).padStart(2, '0')}`, time: l.time })),
          adverseEvents: aes.map((a) => ae(a.grade, a.serious, { term: a.term })),
        })])
        const back = readFhirBundle(buildFhirBundle(s, { utcOffset: '+08:00' }))
        expect(back.issues).toEqual([])
        expect(back.study.registryId).toBe('NCT99999901')
        const got = back.study.subjects[0]!
        expect(got.labs.map((l) => [l.testCode, l.value, l.date, l.time])).toEqual(s.subjects[0]!.labs.map((l) => [l.testCode, l.value, l.date, l.time]))
        expect(got.adverseEvents.map((a) => [a.term, a.grade, a.serious, a.startDate])).toEqual(s.subjects[0]!.adverseEvents.map((a) => [a.term, a.grade, a.serious, a.startDate]))
      }),
      FC,
    )
  })
})

// ---- ODM helpers ----
const root = (xml: string): OdmNode => {
  const r = readOdmXml(xml)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.root
}
const all = (n: OdmNode, name: string): OdmNode[] => [...(localName(n.name) === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))]
const DATETIME_FULL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

describe('ODM 1.3.2 Snapshot export (ctgov-fhir-odm.md §3)', () => {
  const s = studyOf([
    subject('EXITP-01-003', { labs: [lab('PLAT', 12, '10^9/L', { time: '08:30', refLow: 125, refHigh: 350 }), lab('GPAB', null, null)], adverseEvents: [ae(2, true), ae(null)] }),
    subject('EXITP-02-001', { siteId: 'SITE02', sex: 'UNDIFFERENTIATED', armCode: null, infusionDate: null, age: null }),
  ])
  const xml = buildOdmSnapshot(s, { fileOid: 'EXITP.20250402.1', creationDateTime: '2025-04-02T10:15:00+08:00' })
  const odm = root(xml)

  it('§3 ODM: namespace, FileOID, FileType Snapshot, CreationDateTime, ODMVersion 1.3.2 (convention), enumerated Granularity', () => {
    expect(odm.name).toBe('ODM')
    expect(odm.attrs).toMatchObject({ xmlns: 'http://www.cdisc.org/ns/odm/v1.3', FileOID: 'EXITP.20250402.1', FileType: 'Snapshot', CreationDateTime: '2025-04-02T10:15:00+08:00', ODMVersion: '1.3.2' })
    expect(['All', 'Metadata', 'AdminData', 'ReferenceData', 'AllClinicalData', 'SingleSite', 'SingleSubject']).toContain(odm.attrs.Granularity)
    expect(odm.attrs.Archival).toBeUndefined()
    expect(validateOdmStructure(xml)).toEqual([])
  })

  it('§3 Snapshot: no TransactionType other than Insert, no AuditRecord, one ItemData per data point', () => {
    for (const n of [...all(odm, 'SubjectData'), ...all(odm, 'StudyEventData'), ...all(odm, 'FormData'), ...all(odm, 'ItemGroupData'), ...all(odm, 'ItemData')])
      expect([undefined, 'Insert']).toContain(n.attrs.TransactionType)
    expect(all(odm, 'AuditRecord')).toEqual([])
    for (const g of all(odm, 'ItemGroupData')) {
      const oids = g.children.map((c) => c.attrs.ItemOID)
      expect(new Set(oids).size).toBe(oids.length)
    }
  })

  it('§3 Study: GlobalVariables StudyName, StudyDescription, ProtocolName all present and non-empty; MetaDataVersion OID and Name', () => {
    const gv = all(odm, 'GlobalVariables')[0]!
    expect(gv.children.map((c) => c.name)).toEqual(['StudyName', 'StudyDescription', 'ProtocolName'])
    for (const c of gv.children) expect(c.text).not.toBe('')
    const mdv = all(odm, 'MetaDataVersion')[0]!
    expect(mdv.attrs.OID).toBeTruthy()
    expect(mdv.attrs.Name).toBeTruthy()
  })

  it('§3 OIDs: unique per kind, every …OID reference resolves, ClinicalData names the Study and MetaDataVersion', () => {
    const defs = new Map<string, string>()
    for (const d of ['Study', 'MetaDataVersion', 'StudyEventDef', 'FormDef', 'ItemGroupDef', 'ItemDef', 'CodeList', 'Location', 'User', 'SignatureDef'])
      for (const n of all(odm, d)) {
        expect(defs.has(`${d}:${n.attrs.OID}`), `${d} ${n.attrs.OID}`).toBe(false)
        defs.set(`${d}:${n.attrs.OID}`, d)
      }
    const refKinds: Record<string, string> = { StudyEventOID: 'StudyEventDef', FormOID: 'FormDef', ItemGroupOID: 'ItemGroupDef', ItemOID: 'ItemDef', CodeListOID: 'CodeList', LocationOID: 'Location', StudyOID: 'Study', MetaDataVersionOID: 'MetaDataVersion' }
    const walk = (n: OdmNode): void => {
      for (const [a, kind] of Object.entries(refKinds)) if (n.attrs[a] !== undefined) expect(defs.has(`${kind}:${n.attrs[a]}`), `${n.name} ${a}=${n.attrs[a]}`).toBe(true)
      n.children.forEach(walk)
    }
    walk(odm)
  })

  it('§3 ItemDef DataType and CodeList values: coded ItemData values are in their CodeList; date / time / integer / float values fit their type', () => {
    const itemDefs = new Map(all(odm, 'ItemDef').map((d) => [d.attrs.OID!, d]))
    const lists = new Map(all(odm, 'CodeList').map((c) => [c.attrs.OID!, new Set(all(c, 'CodeListItem').map((i) => i.attrs.CodedValue))]))
    for (const c of all(odm, 'CodeList')) expect(['integer', 'float', 'text', 'string']).toContain(c.attrs.DataType)
    const fits: Record<string, RegExp> = { integer: /^-?\d+$/, float: /^-?\d+(\.\d+)?$/, date: /^\d{4}-\d{2}-\d{2}$/, time: /^\d{2}:\d{2}:\d{2}$/, text: /[\s\S]*/ }
    for (const d of all(odm, 'ItemData')) {
      const def = itemDefs.get(d.attrs.ItemOID!)!
      expect(d.attrs.Value).toMatch(fits[def.attrs.DataType!]!)
      const cl = all(def, 'CodeListRef')[0]?.attrs.CodeListOID
      if (cl) expect(lists.get(cl)!.has(d.attrs.Value), `${d.attrs.ItemOID}=${d.attrs.Value}`).toBe(true)
    }
  })

  it('§3 CreationDateTime: a complete ISO 8601 date-time even when given without seconds', () => {
    const x = buildOdmSnapshot(s, { fileOid: 'F.1', creationDateTime: '2025-04-02T10:15+08:00' })
    expect(root(x).attrs.CreationDateTime).toBe('2025-04-02T10:15:00+08:00')
    expect(validateOdmStructure(x)).toEqual([])
    expect(() => buildOdmSnapshot(s, { fileOid: 'F.1', creationDateTime: 'yesterday' })).toThrow(RangeError)
  })

  it('§3 ItemData Value: any text (tabs, line breaks, markup characters) reads back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom('a', 'Z', ' ', '\t', '\n', '\r', '<', '&', '"', "'", '>', 'é', '中') }), (term) => {
        const x = buildOdmSnapshot(studyOf([subject('S-1', { adverseEvents: [ae(1, false, { term })] })]), { fileOid: 'F.1', creationDateTime: '2025-04-02T10:15:00Z' })
        const v = all(root(x), 'ItemData').find((d) => d.attrs.ItemOID === 'IT.AE.AEDECOD')!.attrs.Value
        expect(v).toBe(term)
      }),
      FC,
    )
  })
})

describe('ODM 1.3.2 structure rules (ctgov-fhir-odm.md §3) on the spec example and variants', () => {
  // the spec's example, verbatim
  const example = `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Transactional"
     FileOID="EXITP.20250402.1" CreationDateTime="2025-04-02T10:15:00+08:00" Granularity="SingleSubject">
  <Study OID="ST.EXITP">
    <GlobalVariables><StudyName>EXAMPLE-ITP</StudyName><StudyDescription>CD19 CAR-T in ITP</StudyDescription><ProtocolName>EXITP-001</ProtocolName></GlobalVariables>
    <MetaDataVersion OID="MDV.1" Name="Protocol v1.0">
      <Protocol><StudyEventRef StudyEventOID="SE.D0" Mandatory="Yes" OrderNumber="1"/></Protocol>
      <StudyEventDef OID="SE.D0" Name="Day 0" Repeating="No" Type="Scheduled"><FormRef FormOID="F.LB" Mandatory="Yes"/></StudyEventDef>
      <FormDef OID="F.LB" Name="Local labs" Repeating="Yes"><ItemGroupRef ItemGroupOID="IG.LB" Mandatory="Yes"/></FormDef>
      <ItemGroupDef OID="IG.LB" Name="Lab result" Repeating="Yes" Domain="LB">
        <ItemRef ItemOID="IT.LBTESTCD" Mandatory="Yes"/><ItemRef ItemOID="IT.LBORRES" Mandatory="Yes"/></ItemGroupDef>
      <ItemDef OID="IT.LBTESTCD" Name="LBTESTCD" DataType="text" Length="8"><CodeListRef CodeListOID="CL.LBTESTCD"/></ItemDef>
      <ItemDef OID="IT.LBORRES" Name="LBORRES" DataType="float"/>
      <CodeList OID="CL.LBTESTCD" Name="Lab test code" DataType="text">
        <CodeListItem CodedValue="PLAT"><Decode><TranslatedText xml:lang="en">Platelets</TranslatedText></Decode></CodeListItem></CodeList>
    </MetaDataVersion>
  </Study>
  <AdminData StudyOID="ST.EXITP">
    <User OID="USR.1" UserType="Investigator"><FullName>Site investigator 1</FullName></User>
    <Location OID="LOC.01" Name="Site 01" LocationType="Site"><MetaDataVersionRef StudyOID="ST.EXITP" MetaDataVersionOID="MDV.1" EffectiveDate="2025-01-15"/></Location>
    <SignatureDef OID="SD.PI" Methodology="Electronic"><Meaning>Investigator approval</Meaning><LegalReason>21 CFR Part 11</LegalReason></SignatureDef>
  </AdminData>
  <ClinicalData StudyOID="ST.EXITP" MetaDataVersionOID="MDV.1">
    <SubjectData SubjectKey="EXITP-01-003" TransactionType="Insert">
      <AuditRecord><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.01"/><DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp><SourceID>lab-import-17</SourceID></AuditRecord>
      <StudyEventData StudyEventOID="SE.D0"><FormData FormOID="F.LB" FormRepeatKey="1">
        <Signature><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.01"/><SignatureRef SignatureOID="SD.PI"/><DateTimeStamp>2025-04-02T10:15:00+08:00</DateTimeStamp></Signature>
        <ItemGroupData ItemGroupOID="IG.LB" ItemGroupRepeatKey="1">
          <ItemData ItemOID="IT.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LBORRES" Value="12"/></ItemGroupData>
      </FormData></StudyEventData>
    </SubjectData>
  </ClinicalData>
</ODM>`
  const codes = (xml: string) => validateOdmStructure(xml).map((i) => i.code)

  it('§3 example: the spec example (checked against the XSD) is valid', () => {
    expect(validateOdmStructure(example)).toEqual([])
  })

  it('§3 Transactional: an element with an (inherited) TransactionType needs an AuditRecord, its own or an ancestor\'s', () => {
    const noAudit = example.replace(/<AuditRecord>[\s\S]*?<\/AuditRecord>/, '')
    expect(codes(noAudit)).toContain('odm.missing_audit')
    // the audit moved down to the FormData still leaves SubjectData and StudyEventData without one
    expect(codes(noAudit.replace('<FormData FormOID="F.LB" FormRepeatKey="1">', '<FormData FormOID="F.LB" FormRepeatKey="1"><AuditRecord><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.01"/><DateTimeStamp>2025-04-02T10:14:00+08:00</DateTimeStamp></AuditRecord>'))).toContain('odm.missing_audit')
  })

  it('§3 Snapshot: only Insert and no AuditRecord; Archival="Yes" only on Transactional files', () => {
    const snap = example.replace('FileType="Transactional"', 'FileType="Snapshot"')
    expect(codes(snap)).toContain('odm.snapshot_audit')
    expect(codes(snap.replace('TransactionType="Insert"', 'TransactionType="Update"'))).toContain('odm.snapshot_transaction')
    expect(codes(example.replace('Granularity="SingleSubject"', 'Granularity="SingleSubject" Archival="Yes"'))).toEqual([])
    expect(codes(snap.replace(/<AuditRecord>[\s\S]*?<\/AuditRecord>/, '').replace('Granularity="SingleSubject"', 'Granularity="SingleSubject" Archival="Yes"'))).toEqual(['odm.archival'])
  })

  it('§3 Remove: descendants of a Remove are Remove or omit the attribute', () => {
    const rm = example.replace('TransactionType="Insert"', 'TransactionType="Remove"')
    expect(codes(rm)).toEqual([])
    expect(codes(rm.replace('<FormData FormOID="F.LB" FormRepeatKey="1">', '<FormData FormOID="F.LB" FormRepeatKey="1" TransactionType="Update">'))).toContain('odm.remove_descendant')
  })

  it('§3 AuditRecord and Signature: child order, EditPoint / UsedImputationMethod enumerations, complete DateTimeStamp, references to AdminData', () => {
    expect(codes(example.replace('<UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.01"/><DateTimeStamp>2025-04-02T10:14', '<LocationRef LocationOID="LOC.01"/><UserRef UserOID="USR.1"/><DateTimeStamp>2025-04-02T10:14'))).toContain('odm.missing_element')
    expect(codes(example.replace('<AuditRecord>', '<AuditRecord EditPoint="Site">'))).toContain('odm.enumeration')
    expect(codes(example.replace('<AuditRecord>', '<AuditRecord UsedImputationMethod="Y">'))).toContain('odm.enumeration')
    expect(codes(example.replace('2025-04-02T10:14:00+08:00', '2025-04-02'))).toContain('odm.date_time')
    expect(codes(example.replace('<SignatureRef SignatureOID="SD.PI"/>', '<SignatureRef SignatureOID="SD.X"/>'))).toContain('odm.unresolved_oid')
    expect(codes(example.replace('<SignatureRef SignatureOID="SD.PI"/>', ''))).toContain('odm.missing_element')
  })

  it('§3 ItemData: typed ItemDataFloat / ItemDataString are valid, never mixed with ItemData in one ItemGroupData', () => {
    const typed = example.replace('<ItemData ItemOID="IT.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LBORRES" Value="12"/>', '<ItemDataString ItemOID="IT.LBTESTCD">PLAT</ItemDataString><ItemDataFloat ItemOID="IT.LBORRES">12</ItemDataFloat>')
    expect(codes(typed)).toEqual([])
    const mixed = example.replace('<ItemData ItemOID="IT.LBORRES" Value="12"/>', '<ItemDataFloat ItemOID="IT.LBORRES">12</ItemDataFloat>')
    expect(codes(mixed)).toEqual(['odm.mixed_item_data'])
  })

  it('§3 required attributes and enumerations of ODM', () => {
    expect(codes(example.replace(' FileOID="EXITP.20250402.1"', ''))).toContain('odm.required_attribute')
    expect(codes(example.replace('FileType="Transactional"', 'FileType="Full"'))).toContain('odm.enumeration')
    expect(codes(example.replace('ODMVersion="1.3.2"', 'ODMVersion="2.0"'))).toContain('odm.enumeration')
    expect(codes(example.replace('Granularity="SingleSubject"', 'Granularity="Subject"'))).toContain('odm.enumeration')
    expect(codes(example.replace('CreationDateTime="2025-04-02T10:15:00+08:00"', 'CreationDateTime="2025-04-02"'))).toContain('odm.date_time')
  })
})

describe('ODM 1.3.2 Transactional capture export and import (ctgov-fhir-odm.md §3)', () => {
  const xml = buildOdmCaptureExport(capturedStudy, { fileOid: 'CT.NCT06352281.1', creationDateTime: '2025-06-15T08:00:00Z' })
  const odm = root(xml)

  it('§3 Transactional export: valid, Archival only here, every TransactionType covered by an AuditRecord with children in order', () => {
    expect(validateOdmStructure(xml)).toEqual([])
    expect(odm.attrs).toMatchObject({ FileType: 'Transactional', ODMVersion: '1.3.2' })
    const walk = (n: OdmNode, audited: boolean): void => {
      const a = audited || n.children.some((c) => c.name === 'AuditRecord')
      if (n.attrs.TransactionType !== undefined) expect(a, n.path).toBe(true)
      n.children.forEach((c) => walk(c, a))
    }
    walk(odm, false)
    for (const ar of all(odm, 'AuditRecord')) {
      const names = ar.children.map((c) => c.name)
      expect(names.slice(0, 3)).toEqual(['UserRef', 'LocationRef', 'DateTimeStamp'])
      expect(names.slice(3).every((c, i, xs) => ['ReasonForChange', 'SourceID'].includes(c) && (i === 0 || (xs[i - 1] === 'ReasonForChange' && c === 'SourceID')))).toBe(true)
    }
    for (const sg of all(odm, 'Signature')) expect(sg.children.map((c) => c.name)).toEqual(['UserRef', 'LocationRef', 'SignatureRef', 'DateTimeStamp'])
  })

  it('§3 AuditRecord / Signature DateTimeStamp: complete date-times even when the stamps lack seconds', () => {
    const s = structuredClone(capturedStudy)
    s.subjects[0]!.audit = stamp('1', '2025-03-10T09:00Z')
    s.subjects[0]!.signature = { userOid: 'USR.3', at: '2025-03-20T10:00+08:00', meaning: 'Casebook approved' }
    const x = buildOdmCaptureExport(s, { fileOid: 'F.2', creationDateTime: '2025-06-15T08:00Z' })
    const r = root(x)
    expect(r.attrs.CreationDateTime).toBe('2025-06-15T08:00:00Z')
    for (const d of all(r, 'DateTimeStamp')) expect(d.text).toMatch(DATETIME_FULL)
    expect(validateOdmStructure(x)).toEqual([])
  })

  const lbFile = (attrs: string, formData: string, items = '<ItemData ItemOID="IT.LB.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LB.LBORRES" Value="12"/><ItemData ItemOID="IT.LB.LBORRESU" Value="10^9/L"/><ItemData ItemOID="IT.LB.LBDTC" Value="2025-04-02"/>') =>
    `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" FileOID="F.IMP" CreationDateTime="2025-06-15T08:00:00Z" ${attrs}><ClinicalData StudyOID="ST.X" MetaDataVersionOID="MDV.1"><SubjectData SubjectKey="KUN01-001"><StudyEventData StudyEventOID="SE.CAPTURE">${formData}<ItemGroupData ItemGroupOID="IG.LB">${items}</ItemGroupData></FormData></StudyEventData></SubjectData></ClinicalData></ODM>`
  const audit = '<AuditRecord><UserRef UserOID="USR.1"/><LocationRef LocationOID="LOC.1"/><DateTimeStamp>2025-04-02T10:14:00Z</DateTimeStamp></AuditRecord>'
  const opts = { existingSubjects: new Map([['KUN01-001', 'KUN01']]), siteCodes: ['KUN01'] }
  const importCodes = (x: string) => {
    const r = readOdmClinicalData(x, opts)
    return r.ok ? [] : r.issues.map((i) => i.code)
  }

  it('§3 import: a valid Snapshot and a Transactional file with AuditRecords are read', () => {
    expect(importCodes(lbFile('FileType="Snapshot"', '<FormData FormOID="F.LB" FormRepeatKey="1">'))).toEqual([])
    expect(importCodes(lbFile('FileType="Transactional"', `<FormData FormOID="F.LB" FormRepeatKey="1" TransactionType="Insert">${audit}`))).toEqual([])
    const r = readOdmClinicalData(lbFile('FileType="Snapshot" ODMVersion="1.3.2"', '<FormData FormOID="F.LB" FormRepeatKey="1" TransactionType="Insert">'), opts)
    expect(r.value!.labs.map((l) => [l.testCode, l.value, l.unit, l.date])).toEqual([['PLAT', 12, '10^9/L', '2025-04-02']])
  })

  it('§3 import: a Transactional element with a TransactionType and no AuditRecord is refused', () => {
    expect(importCodes(lbFile('FileType="Transactional"', '<FormData FormOID="F.LB" FormRepeatKey="1" TransactionType="Insert">'))).toEqual(['odm.missing_audit'])
  })

  it('§3 import: required ODM attributes and their enumerations (FileType, ODMVersion, CreationDateTime)', () => {
    const fd = '<FormData FormOID="F.LB" FormRepeatKey="1">'
    expect(importCodes(lbFile('', fd))).toEqual(['odm.required_attribute'])
    expect(importCodes(lbFile('FileType="Full"', fd))).toEqual(['odm.enumeration'])
    expect(importCodes(lbFile('FileType="Snapshot" ODMVersion="2.0"', fd))).toEqual(['odm.enumeration'])
    expect(importCodes(lbFile('FileType="Snapshot"', fd).replace('2025-06-15T08:00:00Z', 'June 15'))).toEqual(['odm.date_time'])
  })

  it('§3 import: Snapshot TransactionType only Insert; descendants of a Remove are Remove', () => {
    expect(importCodes(lbFile('FileType="Snapshot"', '<FormData FormOID="F.LB" FormRepeatKey="1" TransactionType="Update">'))).toContain('odm.snapshot_transaction')
    expect(importCodes(lbFile('FileType="Transactional"', `<FormData FormOID="F.LB" FormRepeatKey="1" TransactionType="Insert">${audit}`).replace('<ItemGroupData ItemGroupOID="IG.LB">', '<ItemGroupData ItemGroupOID="IG.LB" TransactionType="Remove">').replace('<ItemData ItemOID="IT.LB.LBTESTCD"', '<ItemData TransactionType="Update" ItemOID="IT.LB.LBTESTCD"'))).toContain('odm.remove_descendant')
  })

  it('§3 import: typed ItemData read as ItemData; mixing the two in one ItemGroupData is refused', () => {
    const typed = '<ItemDataString ItemOID="IT.LB.LBTESTCD">PLAT</ItemDataString><ItemDataFloat ItemOID="IT.LB.LBORRES">12</ItemDataFloat><ItemDataString ItemOID="IT.LB.LBORRESU">10^9/L</ItemDataString><ItemDataDate ItemOID="IT.LB.LBDTC">2025-04-02</ItemDataDate>'
    const r = readOdmClinicalData(lbFile('FileType="Snapshot"', '<FormData FormOID="F.LB" FormRepeatKey="1">', typed), opts)
    expect(r.ok ? r.value.labs.map((l) => [l.testCode, l.value, l.unit, l.date]) : r.issues).toEqual([['PLAT', 12, '10^9/L', '2025-04-02']])
    const mixed = typed.replace('<ItemDataFloat ItemOID="IT.LB.LBORRES">12</ItemDataFloat>', '<ItemData ItemOID="IT.LB.LBORRES" Value="12"/>')
    expect(importCodes(lbFile('FileType="Snapshot"', '<FormData FormOID="F.LB" FormRepeatKey="1">', mixed))).toEqual(['odm.mixed_item_data'])
  })

  it('§3 round trip: the Transactional export imports into the same forms', () => {
    const r = readOdmClinicalData(xml, { existingSubjects: new Map([['KUN01-001', 'KUN01']]), siteCodes: ['KUN01'] })
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual([])
    expect(r.value!.labs.map((l) => [l.testCode, l.value])).toEqual([['PLAT', 12]])
  })
})
