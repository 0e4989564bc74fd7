import { describe, expect, it } from 'vitest'
import { parseXml, xmlElements, xmlSelect } from '../../figures/xml.js'
import type { ExchangeStudy } from './exchange-study.js'
import { buildOdmSnapshot } from './odm-1-3-2.js'
import { buildFhirBundle, readFhirBundle } from './fhir-r4.js'
import { validateOdmStructure } from './odm-structure.js'

const study: ExchangeStudy = {
  registryId: 'NCT06352281',
  title: 'CD19 CAR-T in refractory ITP <synthetic & test>',
  subjects: [
    {
      usubjid: 'NCT06352281-SITE01-001', siteId: 'SITE01', age: 13, sex: 'F', armCode: 'DL2', infusionDate: '2024-02-26',
      labs: [
        { testCode: 'PLAT', value: 8, text: '8', unit: '10^9/L', date: '2024-02-21', time: null, refLow: 125, refHigh: 350 },
        { testCode: 'PLAT', value: 33, text: '33', unit: '10^9/L', date: '2024-05-26', time: '08:30', refLow: 125, refHigh: 350 },
        { testCode: 'CARCN', value: 46800, text: '46800', unit: 'copies/ug gDNA', date: '2024-03-07', time: null, refLow: null, refHigh: null },
        { testCode: 'GPAB', value: null, text: 'POSITIVE', unit: null, date: '2024-02-19', time: null, refLow: null, refHigh: null },
      ],
      adverseEvents: [{ term: 'Cytokine release syndrome', grade: 1, gradingSystem: 'ASTCT 2019', serious: false, startDate: '2024-02-27', endDate: '2024-02-29' }],
    },
    {
      usubjid: 'NCT06352281-SITE01-004', siteId: 'SITE01', age: 25, sex: 'F', armCode: 'DL1', infusionDate: '2025-04-14',
      labs: [{ testCode: 'PLAT', value: 2, text: '2', unit: '10^9/L', date: '2025-04-11', time: null, refLow: null, refHigh: null }],
      adverseEvents: [{ term: 'Immune effector cell-associated neurotoxicity syndrome', grade: 3, gradingSystem: 'ASTCT 2019', serious: true, startDate: '2025-04-20', endDate: '2025-04-23' }],
    },
  ],
}

describe('CDISC ODM 1.3.2 Snapshot (ctgov-fhir-odm.md §3)', () => {
  const xml = buildOdmSnapshot(study, { fileOid: 'CT.NCT06352281.20250615', creationDateTime: '2025-06-15T08:00:00Z', protocolVersion: '1.0' })
  const odm = parseXml(xml)

  it('is well-formed with the required ODM attributes', () => {
    expect(odm.name).toBe('ODM')
    expect(odm.attrs).toMatchObject({ xmlns: 'http://www.cdisc.org/ns/odm/v1.3', ODMVersion: '1.3.2', FileType: 'Snapshot', FileOID: 'CT.NCT06352281.20250615', CreationDateTime: '2025-06-15T08:00:00Z' })
    expect(xmlSelect(odm, 'StudyDescription')[0]!.text).toBe(study.title)
  })

  it('orders the metadata as the XSD content model and resolves every OID reference', () => {
    const mdv = xmlSelect(odm, 'MetaDataVersion')[0]!
    const order = ['Protocol', 'StudyEventDef', 'FormDef', 'ItemGroupDef', 'ItemDef', 'CodeList']
    const kinds = mdv.children.map((c) => order.indexOf(c.name))
    expect(kinds).toEqual([...kinds].sort((a, b) => a - b))
    const defined = new Set(xmlElements(odm).filter((e) => e.attrs.OID).map((e) => e.attrs.OID!))
    for (const e of xmlElements(odm))
      for (const [k, v] of Object.entries(e.attrs)) if (k.endsWith('OID') && k !== 'OID' && k !== 'FileOID') expect(defined.has(v), `${e.name} ${k}=${v}`).toBe(true)
  })

  it('passes the ODM 1.3.2 structural validator (content models, required attributes, references)', () => {
    expect(validateOdmStructure(xml)).toEqual([])
  })

  it('carries every subject, lab result and adverse event; no audit records in a Snapshot', () => {
    expect(xmlSelect(odm, 'SubjectData').map((s) => s.attrs.SubjectKey)).toEqual(['NCT06352281-SITE01-001', 'NCT06352281-SITE01-004'])
    expect(xmlSelect(odm, 'ItemGroupData').filter((g) => g.attrs.ItemGroupOID === 'IG.LB')).toHaveLength(5)
    expect(xmlSelect(odm, 'ItemGroupData').filter((g) => g.attrs.ItemGroupOID === 'IG.AE')).toHaveLength(2)
    expect(xmlSelect(odm, 'AuditRecord')).toHaveLength(0)
    expect(xmlSelect(odm, 'ItemData').find((d) => d.attrs.ItemOID === 'IT.LB.LBTIM')!.attrs.Value).toBe('08:30:00')
    expect(() => buildOdmSnapshot(study, { fileOid: 'x', creationDateTime: '2025-06-15' })).toThrow(RangeError)
  })
})

describe('FHIR R4 Bundle (ctgov-fhir-odm.md §2)', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources are read as untyped JSON in these assertions
  type Res = Record<string, any>
  // the site's UTC offset: R4 dateTime needs a zone when it carries a time (without it only the date is written)
  const bundle = buildFhirBundle(study, { utcOffset: '+08:00' }) as { entry: { resource: Res }[] }
  const of = (type: string) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type)

  it('writes pseudonymous Patients, LOINC / UCUM platelets, platform codes for CARCN and GPAB, graded AEs', () => {
    expect(of('Patient')[0]).toEqual({ resourceType: 'Patient', id: 'nct06352281-site01-001', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'NCT06352281-SITE01-001' }], gender: 'female' })
    const plat = of('Observation')[1]!
    expect(plat.code.coding[0]).toMatchObject({ system: 'http://loinc.org', code: '777-3' })
    expect(plat.valueQuantity).toEqual({ value: 33, unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' })
    expect(plat.effectiveDateTime).toBe('2024-05-26T08:30:00+08:00')
    expect((buildFhirBundle(study) as { entry: { resource: Res }[] }).entry.map((e) => e.resource).filter((r) => r.resourceType === 'Observation')[1]!.effectiveDateTime).toBe('2024-05-26')
    expect(of('Observation')[2]!.code).toEqual({ coding: [{ system: 'https://celltrial.example/fhir/CodeSystem/lbtestcd', code: 'CARCN' }], text: 'CARCN' })
    expect(of('Observation')[2]!.valueQuantity.code).toBe('{copies}/ug')
    expect(of('Observation')[3]!.valueString).toBe('POSITIVE')
    const icans = of('AdverseEvent')[1]!
    expect(icans.extension[0].valueCodeableConcept.coding[0].code).toBe('C41340')
    expect(icans.severity.coding[0].code).toBe('severe')
    expect(icans.seriousness.coding[0].code).toBe('Serious')
    expect(of('ResearchStudy')[0]!.identifier[0]).toEqual({ system: 'https://clinicaltrials.gov/nctid', value: 'NCT06352281' })
  })

  it('reads its own export back to the same labs and adverse events', () => {
    const back = readFhirBundle(bundle)
    expect(back.issues).toEqual([])
    expect(back.study.registryId).toBe('NCT06352281')
    expect(back.study.subjects.map((s) => [s.usubjid, s.sex, s.armCode, s.infusionDate])).toEqual(study.subjects.map((s) => [s.usubjid, s.sex, s.armCode, s.infusionDate]))
    expect(back.study.subjects[0]!.labs.map((l) => [l.testCode, l.value, l.text, l.date, l.time])).toEqual(study.subjects[0]!.labs.map((l) => [l.testCode, l.value, l.text, l.date, l.time]))
    expect(back.study.subjects[1]!.adverseEvents.map((a) => [a.term, a.grade, a.serious])).toEqual([['Immune effector cell-associated neurotoxicity syndrome', 3, true]])
  })

  it('accepts 10*3/uL and the method-less alias, refuses other platelet units, and reports orphans', () => {
    const patient = { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'S-1' }] }
    const obs = (id: string, code: string, unit: string, subject = 'Patient/p1') => ({
      resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, subject: { reference: subject },
      effectiveDateTime: '2025-01-02T08:00:00+08:00', valueQuantity: { value: 45, system: 'http://unitsofmeasure.org', code: unit },
    })
    const r = readFhirBundle({
      resourceType: 'Bundle', type: 'collection',
      entry: [patient, obs('a', '26515-7', '10*3/uL'), obs('b', '777-3', '/uL'), obs('c', '777-3', '10*9/L', 'Patient/zz'), { resourceType: 'ResearchStudy', identifier: [{ system: 'http://clinicaltrials.gov/', value: 'NCT05315778' }] }].map((resource) => ({ resource })),
    })
    expect(r.study.subjects[0]!.labs.map((l) => [l.testCode, l.value, l.time])).toEqual([['PLAT', 45, '08:00']])
    expect(r.issues.map((i) => i.code)).toEqual(['fhir.platelet_unit', 'fhir.unknown_subject'])
    expect(r.study.registryId).toBe('NCT05315778')
    expect(readFhirBundle({ resourceType: 'Patient' }).issues[0]!.code).toBe('fhir.not_a_bundle')
  })
})
