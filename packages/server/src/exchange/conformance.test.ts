/**
 * Conformance of the server's FHIR R4 and ODM 1.3.2 exchange with /work/shared/interchange/ctgov-fhir-odm.md, through
 * the API: the ResearchStudy built from the study's registry record (§2), references and codes of the exported
 * Bundle (§2), the spec's example Bundle imported (§2), the Transactional ODM export's audit records and
 * date-times (§3), and a Transactional file without AuditRecords refused whole (§3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateFhirResource, validateOdmStructure, formatOdmIssue } from '@celltrial/core'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

let db: Db
let app: App
const clock = fixedClock()
let studyA: number
let studyB: number
let subjectA: number
let subjectB: number
let coord: Record<string, string>
let dm: Record<string, string>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources are read as untyped JSON in these assertions
type Res = Record<string, any>

const post = (url: string, headers: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url, headers, payload: payload as object })
const auditCount = async () => Number((await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const a = (await makeStudyAndSites(db, 'NCT09100001', ['CFA01'])) as { studyId: number; siteIds: [number] }
  studyA = a.studyId
  const site = a.siteIds[0]
  // study A: its protocol carries the registry status and phases (§1 statusModule.overallStatus, designModule.phases)
  await db.kysely.updateTable('study').set({ protocol: JSON.stringify({ identification: { registryId: 'NCT09100001', overallStatus: 'ACTIVE_NOT_RECRUITING', phases: ['PHASE1', 'PHASE2'] } }), phase: 'PHASE1/PHASE2' }).where('id', '=', studyA).execute()
  // study B: no registry record in the protocol, only the phase column
  const b = await db.kysely.insertInto('study').values({ registry_id: 'NCT09100002', title: 'Study B', product: 'CD19 CAR-NK', phase: 'EARLY_PHASE1', target_enrolment: 9, protocol: '{}', protocol_version: '1.0' }).returning('id').executeTakeFirstOrThrow()
  studyB = b.id
  await db.kysely.insertInto('study_site').values({ study_id: studyB, site_id: site }).execute()
  await makeUser(db, 'cf.coord', ['coordinator'], [site], clock.now())
  await makeUser(db, 'cf.dm', ['data_manager'], [], clock.now())
  coord = await login(app, 'cf.coord')
  dm = await login(app, 'cf.dm')
  const s = await post(`/api/studies/${studyA}/subjects`, coord, { siteId: site, code: 'CFA01-001', sex: 'M', ageYears: 41 })
  expect(s.statusCode, s.body).toBe(201)
  subjectA = s.json<{ id: number }>().id
  await db.kysely.updateTable('subject').set({ dose_level: 'DL2', infusion_date: '2025-06-01' }).where('id', '=', subjectA).execute()
  const sb = await post(`/api/studies/${studyB}/subjects`, coord, { siteId: site, code: 'CFA01-101', sex: 'F', ageYears: 30 })
  expect(sb.statusCode, sb.body).toBe(201)
  subjectB = sb.json<{ id: number }>().id
  const noSerious = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
  const ae = { ctcaeTerm: 'Cytokine release syndrome', grade: 3, serious: true, seriousness: { ...noSerious, lifeThreatening: true }, attribution: 'probable', outcome: 'recovering', start: '2025-06-02', end: null }
  const created = await post(`/api/subjects/${subjectA}/forms`, coord, { formType: 'adverse_event', data: ae, visitDay: 1, visitLabel: 'Day 1' })
  expect(created.statusCode, created.body).toBe(201)
  expect((await post(`/api/subjects/${subjectA}/labs`, coord, { testCode: 'PLAT', value: 14, unit: '10^9/L', collectedOn: '2025-05-30', refLow: 125, refHigh: 350 })).statusCode).toBe(201)
})
afterAll(async () => {
  await app.close()
  await db.close()
})

const exportFhir = async (subject: number) => {
  const res = await app.inject({ method: 'GET', url: `/api/subjects/${subject}/export/fhir`, headers: coord })
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  return res.json<{ resourceType: string; type: string; entry: { fullUrl: string; resource: Res }[] }>()
}

describe('FHIR R4 export of a subject (ctgov-fhir-odm.md §2)', () => {
  it('§2 ResearchStudy: NCT identifier, status from the registry status map, phase-1-phase-2 for PHASE1 + PHASE2, arm names the subject\'s arm', async () => {
    const b = await exportFhir(subjectA)
    expect(validateFhirResource(b, [], { strict: true })).toEqual([])
    const rs = b.entry.map((e) => e.resource).find((r) => r.resourceType === 'ResearchStudy')!
    expect(rs.identifier).toEqual([{ system: 'https://clinicaltrials.gov/nctid', value: 'NCT09100001' }])
    expect(rs.status).toBe('closed-to-accrual')
    expect(rs.phase).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/research-study-phase', code: 'phase-1-phase-2' }] })
    const subj = b.entry.map((e) => e.resource).find((r) => r.resourceType === 'ResearchSubject')!
    expect(subj.assignedArm).toBe('DL2')
    expect(rs.arm).toEqual([{ name: 'DL2' }])
  })

  it('§2 ResearchStudy without a registry record in the protocol: the study\'s phase column, status active', async () => {
    const rs = (await exportFhir(subjectB)).entry.map((e) => e.resource).find((r) => r.resourceType === 'ResearchStudy')!
    expect(rs.phase).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/research-study-phase', code: 'early-phase-1' }] })
    expect(rs.status).toBe('active')
    expect(rs.arm).toBeUndefined()
  })

  it('§2 every reference resolves in the Bundle; platelets in UCUM 10*9/L; AE grade 3 -> C41340 / severe / Serious', async () => {
    const b = await exportFhir(subjectA)
    const ids = new Set(b.entry.map((e) => `${String(e.resource.resourceType)}/${String(e.resource.id)}`))
    const refs = JSON.stringify(b).match(/"reference":"[^"]+"/g)!.map((m) => m.slice(13, -1))
    for (const r of refs) expect(ids.has(r), r).toBe(true)
    const plat = b.entry.map((e) => e.resource).find((r) => r.resourceType === 'Observation')!
    expect(plat.code.coding[0]).toEqual({ system: 'http://loinc.org', code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count' })
    expect(plat.valueQuantity).toEqual({ value: 14, unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' })
    expect(plat.referenceRange).toEqual([{ low: { value: 125, system: 'http://unitsofmeasure.org', code: '10*9/L' }, high: { value: 350, system: 'http://unitsofmeasure.org', code: '10*9/L' } }])
    const ae = b.entry.map((e) => e.resource).find((r) => r.resourceType === 'AdverseEvent')!
    expect(ae.extension[0].url).toBe('http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade')
    expect(ae.extension[0].valueCodeableConcept.coding[0]).toMatchObject({ system: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl', code: 'C41340' })
    expect(ae.severity.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: 'severe' }])
    expect(ae.seriousness.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness', code: 'Serious' }])
    expect(ae.event).toEqual({ text: 'Cytokine release syndrome' })
  })

  it('§2 import of the spec\'s example Bundle shape (10*3/uL accepted as the same number) writes the labs', async () => {
    const obs = (id: string, when: string, value: number, code: string) => ({
      fullUrl: `https://example.org/fhir/Observation/${id}`,
      resource: {
        resourceType: 'Observation', id, status: 'final', category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count' }], text: 'PLAT' },
        subject: { reference: 'Patient/cfa01-101' }, effectiveDateTime: when, valueQuantity: { value, unit: '10^9/L', system: 'http://unitsofmeasure.org', code },
      },
    })
    const bundle = {
      resourceType: 'Bundle', type: 'collection', entry: [
        { fullUrl: 'https://example.org/fhir/Patient/cfa01-101', resource: { resourceType: 'Patient', id: 'cfa01-101', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'CFA01-101' }], gender: 'female', birthDate: '1995' } },
        obs('plat-1', '2025-04-02T08:30:00+08:00', 12, '10*9/L'), obs('plat-2', '2025-06-25T08:10:00+08:00', 86, '10*3/uL'),
      ],
    }
    const res = await post(`/api/subjects/${subjectB}/import/fhir`, coord, bundle)
    expect(res.statusCode, res.body).toBe(201)
    const labs = await db.kysely.selectFrom('lab_result').select(['test_code', 'value', 'unit', 'collected_on']).where('subject_id', '=', subjectB).orderBy('collected_on').execute()
    expect(labs).toEqual([{ test_code: 'PLAT', value: 12, unit: '10^9/L', collected_on: '2025-04-02' }, { test_code: 'PLAT', value: 86, unit: '10^9/L', collected_on: '2025-06-25' }])
  })
})

describe('ODM 1.3.2 exchange (ctgov-fhir-odm.md §3)', () => {
  const exportOdm = async () => {
    const res = await app.inject({ method: 'GET', url: `/api/studies/${studyA}/export/odm`, headers: dm })
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    return res.body
  }

  it('§3 Transactional export: valid, ODMVersion 1.3.2, complete DateTimeStamps, every TransactionType covered by an AuditRecord', async () => {
    const xml = await exportOdm()
    expect(validateOdmStructure(xml).map(formatOdmIssue)).toEqual([])
    expect(xml).toMatch(/<ODM xmlns="http:\/\/www\.cdisc\.org\/ns\/odm\/v1\.3" ODMVersion="1\.3\.2" FileType="Transactional" FileOID="[^"]+" CreationDateTime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"/)
    const stamps = [...xml.matchAll(/<DateTimeStamp>([^<]*)<\/DateTimeStamp>/g)].map((m) => m[1]!)
    expect(stamps.length).toBeGreaterThan(2)
    for (const t of stamps) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
    // every FormData with a TransactionType opens with its AuditRecord
    const forms = [...xml.matchAll(/<FormData [^>]*TransactionType="[^"]+"[^>]*>(<[A-Za-z]+)/g)]
    expect(forms.length).toBeGreaterThan(2)
    for (const f of forms) expect(f[1]).toBe('<AuditRecord')
  })

  it('§3 import refuses a Transactional file whose TransactionTypes have no AuditRecord, writing nothing', async () => {
    const xml = (await exportOdm()).replace(/<AuditRecord [\s\S]*?<\/AuditRecord>/g, '')
    const before = await auditCount()
    const res = await app.inject({ method: 'POST', url: `/api/studies/${studyB}/import/odm?createSubjects=true`, headers: { ...dm, 'content-type': 'application/xml' }, payload: xml })
    expect(res.statusCode).toBe(400)
    const codes = new Set(res.json<{ error: { details: { code: string }[] } }>().error.details.map((d) => d.code))
    expect([...codes]).toEqual(['odm.missing_audit'])
    expect(await auditCount()).toBe(before)
  })
})
