import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Bundle } from 'fhir/r4.js'
import { buildFhirBundle } from './fhir-r4.js'
import { formatFhirIssue, readFhirLabBundle } from './fhir-lab-import.js'
import { validateFhirResource } from './fhir-r4-structure.js'
import type { ExchangeStudy } from './exchange-study.js'

const UCUM = 'http://unitsofmeasure.org'
const patient = { resourceType: 'Patient', id: 'exitp-01-003', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'EXITP-01-003' }], gender: 'female', birthDate: '1981' }
const obs = (id: string, loinc: string, value: number, code: string, extra: Record<string, unknown> = {}) => ({
  fullUrl: `https://example.org/fhir/Observation/${id}`,
  resource: {
    resourceType: 'Observation', id, status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] }, subject: { reference: 'Patient/exitp-01-003' },
    effectiveDateTime: '2025-04-02T08:30:00+08:00', valueQuantity: { value, system: UCUM, code }, ...extra,
  },
})
const bundle = (...entries: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'https://example.org/fhir/Patient/exitp-01-003', resource: patient }, ...entries] })

describe('FHIR R4 lab import (ctgov-fhir-odm.md §2)', () => {
  it('maps LOINC codes and UCUM units to the platform tests and units', () => {
    const r = readFhirLabBundle(
      bundle(
        obs('p1', '777-3', 12, '10*9/L', { referenceRange: [{ low: { value: 125, system: UCUM, code: '10*9/L' }, high: { value: 350, system: UCUM, code: '10*9/L' } }] }),
        obs('p2', '26515-7', 45000, '/uL'),
        obs('h', '718-7', 95, 'g/L'),
        obs('c', '2160-0', 88.4, 'umol/L'),
        obs('g', '2465-3', 1200, 'mg/dL'),
        obs('b', '8116-6', 3, '/uL'),
      ),
      { subjectCode: 'EXITP-01-003' },
    )
    if (!r.ok) throw new Error(r.issues.map(formatFhirIssue).join('\n'))
    expect(r.value.labs.map((l) => [l.entry, l.testCode, l.value, l.unit, l.collectedOn, l.refLow, l.refHigh])).toEqual([
      [1, 'PLAT', 12, '10^9/L', '2025-04-02', 125, 350],
      [2, 'PLAT', 45, '10^9/L', '2025-04-02', null, null],
      [3, 'HGB', 9.5, 'g/dL', '2025-04-02', null, null],
      [4, 'CREAT', 1, 'mg/dL', '2025-04-02', null, null],
      [5, 'IGG', 12, 'g/L', '2025-04-02', null, null],
      [6, 'CD19', 3, '/uL', '2025-04-02', null, null],
    ])
  })

  it('lists every problem with its entry index and path, and returns nothing', () => {
    const r = readFhirLabBundle(
      bundle(
        obs('u', '777-3', 12, 'mmol/L'),
        obs('x', '1234-5', 1, 'U/L'),
        obs('s', '777-3', 12, '10*9/L', { subject: { reference: 'Patient/other' } }),
        obs('d', '718-7', 10, 'g/dL', { effectiveDateTime: undefined }),
        obs('t', '777-3', 12, '10*9/L', { valueQuantity: undefined, valueString: 'clumped' }),
        { resource: { resourceType: 'Condition', id: 'c' } },
        obs('ok', '777-3', 12, '10*9/L'),
      ),
      { subjectCode: 'EXITP-01-003' },
    )
    expect(r.ok).toBe(false)
    expect(r.issues!.map((i) => [i.code, i.path.join('.')])).toEqual(expect.arrayContaining([
      ['fhir.unit', 'entry.1.resource.valueQuantity.code'],
      ['fhir.unknown_code', 'entry.2.resource.code.coding'],
      ['fhir.unknown_subject', 'entry.3.resource.subject.reference'],
      ['fhir.no_date', 'entry.4.resource.effectiveDateTime'],
      ['fhir.no_value', 'entry.5.resource.valueQuantity'],
      ['fhir.resource_type', 'entry.6.resource.resourceType'],
    ]))
    expect(r.issues!.some((i) => i.path[1] === 7)).toBe(false)
  })

  it('refuses a Patient who is another subject, two Patients, and what is not a Bundle', () => {
    expect(readFhirLabBundle(bundle(obs('a', '777-3', 1, '10*9/L')), { subjectCode: 'OTHER' }).issues!.map((i) => i.code)).toEqual(['fhir.wrong_patient'])
    const two = bundle({ resource: { ...patient, id: 'p2' } }, obs('a', '777-3', 1, '10*9/L'))
    expect(readFhirLabBundle(two, { subjectCode: 'EXITP-01-003' }).issues!.map((i) => i.code)).toContain('fhir.patient_count')
    expect(readFhirLabBundle([], { subjectCode: 'S' }).issues![0]!.code).toBe('fhir.not_a_bundle')
    expect(readFhirLabBundle({ resourceType: 'Bundle', entry: 'x' }, { subjectCode: 'S' }).issues!.map((i) => i.code)).toEqual(expect.arrayContaining(['fhir.required', 'fhir.cardinality']))
  })
})

describe('FHIR R4 structure of the export (R4 4.0.1 cardinalities and required bindings)', () => {
  const study: ExchangeStudy = {
    registryId: 'NCT06352281', title: 'CD19 CAR-T in ITP',
    subjects: [{
      usubjid: 'S-001', siteId: 'KUN01', age: 30, sex: 'F', armCode: 'DL1', infusionDate: '2025-01-10',
      labs: [{ testCode: 'PLAT', value: 20, text: '20', unit: '10^9/L', date: '2025-01-01', time: '08:00', refLow: 125, refHigh: 350 }, { testCode: 'GPAB', value: null, text: 'POSITIVE', unit: null, date: '2025-01-01', time: null, refLow: null, refHigh: null }],
      adverseEvents: [{ term: 'Cytokine release syndrome', grade: 2, gradingSystem: 'ASTCT 2019', serious: false, startDate: '2025-01-11', endDate: null }],
    }],
  }
  it('is typed as an R4 Bundle and every resource passes the strict runtime check', () => {
    const b = buildFhirBundle(study)
    expectTypeOf(b).toEqualTypeOf<Bundle>()
    expect(validateFhirResource(b, [], { strict: true })).toEqual([])
    expect(new Set(b.entry!.map((e) => e.resource!.resourceType))).toEqual(new Set(['ResearchStudy', 'Patient', 'ResearchSubject', 'Observation', 'AdverseEvent']))
  })
  it('catches missing required elements, wrong cardinality and codes outside required bindings', () => {
    const issues = validateFhirResource({ resourceType: 'Bundle', type: 'collection', entry: [
      { resource: { resourceType: 'ResearchSubject', status: 'enrolled', study: { reference: 'ResearchStudy/x' } } },
      { resource: { resourceType: 'AdverseEvent', actuality: 'actual', subject: { reference: 'Patient/p' }, severity: { coding: [{ code: 'grade-3' }] }, study: { reference: 'x' } } },
      { resource: { resourceType: 'Observation', status: 'final', code: {}, effectiveDateTime: '2025-13-01' } },
      { resource: { resourceType: 'Patient', gender: 'F', name: [{ text: 'x' }] } },
      { resource: { resourceType: 'ResearchStudy', status: 'active', arm: [{ type: {} }] } },
    ] }, [], { strict: true })
    expect(issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual([
      'fhir.code entry.0.resource.status', 'fhir.required entry.0.resource.individual',
      'fhir.cardinality entry.1.resource.study', 'fhir.code entry.1.resource.severity.coding.0.code',
      'fhir.type entry.2.resource.effectiveDateTime',
      'fhir.code entry.3.resource.gender',
      'fhir.required entry.4.resource.arm.0.name',
    ])
  })
})
