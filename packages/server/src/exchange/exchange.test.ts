import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFhirLabBundle, validateFhirResource, validateOdmStructure, formatOdmIssue } from '@celltrial/core'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

/**
 * ODM 1.3.2 and FHIR R4 exchange through the API (issue 9 items 5-6): export of a study with captured data, audit
 * records and signatures passes the structural validator; its import into a fresh study with the same forms gives
 * identical clinical data, every row audited; bad files are refused whole with located errors.
 */
let db: Db
let app: App
const clock = fixedClock()
let studyA: number
let studyB: number
let site: number
let subject: number
let dm: Record<string, string>
let coord: Record<string, string>
let pi: Record<string, string>

const auditCount = async () => Number((await db.kysely.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
const post = (url: string, headers: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url, headers, payload: payload as object })

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  ;({ studyId: studyA, siteIds: [site] } = (await makeStudyAndSites(db, 'NCT09000001', ['EXA01'])) as { studyId: number; siteIds: [number] })
  const b = await db.kysely.insertInto('study').values({ registry_id: 'NCT09000002', title: 'Fresh study, same forms', product: 'CD19 CAR-T', phase: 'PHASE1', target_enrolment: 10, protocol: '{}', protocol_version: '1.0' }).returning('id').executeTakeFirstOrThrow()
  studyB = b.id
  await db.kysely.insertInto('study_site').values({ study_id: studyB, site_id: site }).execute()
  await makeUser(db, 'ex.coord', ['coordinator'], [site], clock.now())
  await makeUser(db, 'ex.pi', ['investigator'], [site], clock.now())
  await makeUser(db, 'ex.dm', ['data_manager'], [], clock.now())
  coord = await login(app, 'ex.coord')
  pi = await login(app, 'ex.pi')
  dm = await login(app, 'ex.dm')
  const s = await post(`/api/studies/${studyA}/subjects`, coord, { siteId: site, code: 'EXA01-001', sex: 'F', ageYears: 34 })
  subject = s.json<{ id: number }>().id
  const noSerious = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
  const ae = { ctcaeTerm: 'Cytokine release syndrome', grade: 2, serious: true, seriousness: { ...noSerious, hospitalisation: 'requires-admission' }, attribution: 'probable', outcome: 'recovering', start: '2025-06-01', end: null }
  const created = await post(`/api/subjects/${subject}/forms`, coord, { formType: 'adverse_event', data: ae, visitDay: 2, visitLabel: 'Day 2' })
  expect(created.statusCode, created.body).toBe(201)
  const aeId = created.json<{ id: number }>().id
  const upd = await app.inject({ method: 'PUT', url: `/api/forms/${aeId}`, headers: coord, payload: { data: { ...ae, outcome: 'recovered', end: '2025-06-04' }, reason: 'resolved' } })
  expect(upd.statusCode, upd.body).toBe(200)
  const neuro = { assessedAt: '2025-06-02T09:00', tool: 'ICE', iceItems: { orientation: { year: true, month: true, city: true, hospital: false }, naming: [true, true, true], followsCommands: true, writesStandardSentence: false, countsBackwardsBy10: true }, unableToPerform: false, capdTotal: null, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false }
  expect((await post(`/api/subjects/${subject}/forms`, coord, { formType: 'neuro', data: neuro })).statusCode).toBe(201)
  const vs = await post(`/api/subjects/${subject}/forms`, coord, { formType: 'vital_signs', data: { measuredAt: '2025-06-01T08:00', temperatureC: 38.6, systolicMmHg: 110, diastolicMmHg: 70, heartRate: 100, spo2Percent: 97 } })
  expect((await post(`/api/forms/${vs.json<{ id: number }>().id}/void`, coord, { reason: 'wrong subject' })).statusCode).toBe(200)
  const sig = await post(`/api/subjects/${subject}/signatures`, pi, { scope: 'form', recordId: aeId, password: 'correct horse battery staple', meaning: 'Investigator approval' })
  expect(sig.statusCode, sig.body).toBe(201)
  expect((await post(`/api/subjects/${subject}/labs`, coord, { testCode: 'PLAT', value: 14, unit: '10^9/L', collectedOn: '2025-05-30', refLow: 125, refHigh: 350 })).statusCode).toBe(201)
})
afterAll(async () => {
  await app.close()
  await db.close()
})

const exportOdm = async (studyId: number, headers = dm) => {
  const res = await app.inject({ method: 'GET', url: `/api/studies/${studyId}/export/odm`, headers })
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  return res.body
}
const importOdm = (studyId: number, xml: string, headers = dm, createSubjects = true) =>
  app.inject({ method: 'POST', url: `/api/studies/${studyId}/import/odm?createSubjects=${createSubjects}`, headers: { ...headers, 'content-type': 'application/xml' }, payload: xml })
const clinical = async (studyId: number) => {
  const subjects = await db.kysely.selectFrom('subject').select(['id', 'code', 'sex', 'age_years']).where('study_id', '=', studyId).orderBy('code').execute()
  const ids = subjects.map((s) => s.id)
  if (ids.length === 0) return { subjects: [], forms: [], labs: [] }
  const forms = await db.kysely.selectFrom('form_record').select(['subject_id', 'form_type', 'visit_day', 'visit_label', 'observed_on', 'data']).where('subject_id', 'in', ids).where('voided_at', 'is', null).orderBy('form_type').orderBy('observed_on').execute()
  const labs = await db.kysely.selectFrom('lab_result').select(['subject_id', 'test_code', 'value', 'unit', 'collected_on', 'ref_low', 'ref_high']).where('subject_id', 'in', ids).where('voided_at', 'is', null).orderBy('collected_on').execute()
  const code = (id: number) => subjects.find((s) => s.id === id)!.code
  return {
    subjects: subjects.map(({ id: _, ...s }) => s),
    forms: forms.map(({ subject_id, ...f }) => ({ ...f, subject: code(subject_id) })),
    labs: labs.map(({ subject_id, ...l }) => ({ ...l, subject: code(subject_id) })),
  }
}

describe('ODM 1.3.2 export of captured data', () => {
  it('validates structurally and carries AuditRecords, the signature and the void', async () => {
    const xml = await exportOdm(studyA)
    expect(validateOdmStructure(xml).map(formatOdmIssue)).toEqual([])
    expect(xml).toContain('FileType="Transactional"')
    expect(xml.match(/<AuditRecord /g)!.length).toBeGreaterThanOrEqual(6)
    expect(xml).toContain('<ReasonForChange>resolved</ReasonForChange>')
    expect(xml).toContain('<ReasonForChange>wrong subject</ReasonForChange>')
    expect(xml).toMatch(/<Signature><UserRef UserOID="USR\.\d+"\/><LocationRef LocationOID="LOC\.EXA01"\/><SignatureRef SignatureOID="SD\.1"\/>/)
    expect(xml).toContain('<Meaning>Investigator approval</Meaning>')
  })

  it('is refused to a coordinator (no audit.read)', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/studies/${studyA}/export/odm`, headers: coord })).statusCode).toBe(403)
  })
})

describe('ODM import into a fresh study with the same forms', () => {
  it('refuses a coordinator before reading the file, and writes nothing', async () => {
    const before = await auditCount()
    const res = await importOdm(studyB, await exportOdm(studyA), coord)
    expect(res.statusCode).toBe(403)
    expect(await auditCount()).toBe(before)
  })

  it('lists every error with line, element path and OID, and writes nothing', async () => {
    const xml = (await exportOdm(studyA)).replace('<ItemData ItemOID="IT.NEURO.seizure" Value="none"/>', '<ItemData ItemOID="IT.NEURO.seizure" Value="fits"/>').replace('<ItemData ItemOID="IT.LB.LBTESTCD" Value="PLAT"/>', '<ItemData ItemOID="IT.LB.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LB.X" Value="1"/>')
    const before = await auditCount()
    const res = await importOdm(studyB, xml)
    expect(res.statusCode).toBe(400)
    const body = res.json<{ error: { code: string; details: { oid: string; line: number; path: string }[] } }>()
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.details.map((d) => d.oid).sort()).toEqual(['IT.LB.X', 'IT.NEURO.seizure'])
    for (const d of body.error.details) {
      expect(d.line).toBeGreaterThan(1)
      expect(d.path).toMatch(/^\/ODM\/ClinicalData\/SubjectData\[@SubjectKey="EXA01-001"\]/)
    }
    expect(await auditCount()).toBe(before)
    expect((await clinical(studyB)).subjects).toEqual([])
  })

  it('refuses unknown subjects unless asked to create them', async () => {
    const res = await importOdm(studyB, await exportOdm(studyA), dm, false)
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('odm.unknown_subject')
  })

  it('round trip: export -> import gives identical clinical data, every inserted row audited', async () => {
    const xml = await exportOdm(studyA)
    const before = await auditCount()
    const res = await importOdm(studyB, xml)
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200)
    expect(res.json()).toMatchObject({ subjectsCreated: 1, records: 2, labs: 1 })
    const a = await clinical(studyA)
    const b = await clinical(studyB)
    expect(a.forms).toHaveLength(2)
    expect(b).toEqual(a)
    const imported = await db.kysely.selectFrom('audit_event').select(['entity', 'action']).where('id', '>', before).where('reason', 'like', 'ODM import of file %').execute()
    expect(imported.filter((e) => e.action === 'create').map((e) => e.entity).sort()).toEqual(['form_record', 'form_record', 'lab_result', 'odm_import', 'subject'])
    // and the import's own export carries the same data again
    expect(validateOdmStructure(await exportOdm(studyB))).toEqual([])
    // the same file again would duplicate every record: refused, naming the earlier import, nothing written
    const beforeAgain = await auditCount()
    const again = await importOdm(studyB, xml)
    expect(again.statusCode).toBe(409)
    expect(again.json<{ error: { message: string } }>().error.message).toMatch(/^ODM file CT\.\S+ was imported on \S+ by \S+: nothing was imported/)
    expect(await auditCount()).toBe(beforeAgain)
    expect(await clinical(studyB)).toEqual(a)
  })

  it('two imports of one file at once: one imports, the other is refused and nothing is duplicated', async () => {
    const c = await db.kysely.insertInto('study').values({ registry_id: 'NCT09000003', title: 'Second fresh study', product: 'CD19 CAR-T', phase: 'PHASE1', target_enrolment: 10, protocol: '{}', protocol_version: '1.0' }).returning('id').executeTakeFirstOrThrow()
    await db.kysely.insertInto('study_site').values({ study_id: c.id, site_id: site }).execute()
    const xml = (await exportOdm(studyA)).replace(/FileOID="[^"]+"/, 'FileOID="CT.concurrent.1"')
    const results = await Promise.all([importOdm(c.id, xml), importOdm(c.id, xml)])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
    expect(results.find((r) => r.statusCode === 409)!.json<{ error: { message: string } }>().error.message).toMatch(/^ODM file CT\.concurrent\.1 was imported (on \S+ by \S+|meanwhile): nothing was imported/)
    expect(await clinical(c.id)).toEqual(await clinical(studyA))
    const registered = await db.kysely.selectFrom('odm_import').select(['study_id', 'imported_by_name']).where('file_oid', '=', 'CT.concurrent.1').execute()
    expect(registered).toEqual([{ study_id: c.id, imported_by_name: 'ex.dm' }])
  })

  it('takes an ODM file over the 1 MiB app limit on this route only', async () => {
    const xml = (await exportOdm(studyA)).replace('<ClinicalData', `<!-- ${'x'.repeat(1_200_000)} --><ClinicalData`)
    const res = await importOdm(studyB, xml, dm, false)
    expect(res.statusCode).not.toBe(413)
    const big = await app.inject({ method: 'POST', url: `/api/subjects/${subject}/import/fhir`, headers: coord, payload: { resourceType: 'Bundle', type: 'collection', pad: 'x'.repeat(1_200_000) } })
    expect(big.statusCode).toBe(413)
  })
})

describe('FHIR R4 import of a subject labs', () => {
  const bundle = (code = 'EXA01-001') => ({
    resourceType: 'Bundle', type: 'collection',
    entry: [
      { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: code }], gender: 'female' } },
      { resource: { resourceType: 'Observation', id: 'o1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] }, subject: { reference: 'urn:uuid:p' }, effectiveDateTime: '2025-06-10T08:00:00+08:00', valueQuantity: { value: 48, system: 'http://unitsofmeasure.org', code: '10*3/uL' } } },
      { resource: { resourceType: 'Observation', id: 'o2', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] }, subject: { reference: 'Patient/p' }, effectiveDateTime: '2025-06-10', valueQuantity: { value: 105, system: 'http://unitsofmeasure.org', code: 'g/L' }, referenceRange: [{ low: { value: 115, system: 'http://unitsofmeasure.org', code: 'g/L' } }] } },
    ],
  })

  it('refuses a bad Bundle whole, with entry indexes and paths, writing nothing', async () => {
    const bad = bundle()
    ;(bad.entry[1]!.resource as { valueQuantity: { code: string } }).valueQuantity.code = 'mmol/L'
    ;(bad.entry[2]!.resource as { subject: { reference: string } }).subject.reference = 'Patient/zz'
    const before = await auditCount()
    const res = await post(`/api/subjects/${subject}/import/fhir`, coord, bad)
    expect(res.statusCode).toBe(400)
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['entry.1.resource.valueQuantity.code', 'entry.2.resource.subject.reference'])
    expect(await auditCount()).toBe(before)
    expect((await post(`/api/subjects/${subject}/import/fhir`, coord, bundle('EXA01-999'))).statusCode).toBe(400)
  })

  it('round trip: import -> export -> the same labs, converted to platform units, audited', async () => {
    const before = await auditCount()
    const res = await post(`/api/subjects/${subject}/import/fhir`, coord, bundle())
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ labs: 2 })
    const audited = await db.kysely.selectFrom('audit_event').select(['entity']).where('id', '>', before).where('reason', '=', 'FHIR R4 Bundle import').execute()
    expect(audited).toHaveLength(2)
    const out = await app.inject({ method: 'GET', url: `/api/subjects/${subject}/export/fhir`, headers: coord })
    expect(out.statusCode).toBe(200)
    const exported = out.json<{ entry: { resource: { resourceType: string } }[] }>()
    expect(validateFhirResource(exported, [], { strict: true })).toEqual([])
    const labsOnly = { ...exported, entry: exported.entry.filter((e) => ['Patient', 'Observation'].includes(e.resource.resourceType)) }
    const back = readFhirLabBundle(labsOnly, { subjectCode: 'EXA01-001' })
    if (!back.ok) throw new Error(JSON.stringify(back.issues))
    expect(back.value.labs.filter((l) => l.collectedOn === '2025-06-10').map((l) => [l.testCode, l.value, l.unit, l.refLow])).toEqual([['PLAT', 48, '10^9/L', null], ['HGB', 10.5, 'g/dL', 11.5]])
  })
})

describe('operator imports (`celltrial import odm|fhir`)', () => {
  it('run as the named user: the access policy applies and the audit trail names them', async () => {
    const { importFhirAs, importOdmAs } = await import('./operator.js')
    const xml = await exportOdm(studyA)
    await expect(importOdmAs(db.kysely, { username: 'ex.coord', study: 'NCT09000002', xml, createSubjects: true })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(importOdmAs(db.kysely, { username: 'nobody', study: 'NCT09000002', xml, createSubjects: true })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(importOdmAs(db.kysely, { username: 'ex.dm', study: 'NCT00000000', xml, createSubjects: true })).rejects.toMatchObject({ code: 'not_found' })
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [
      { resource: { resourceType: 'Patient', id: 'p' } },
      { resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '751-8' }] }, subject: { reference: 'Patient/p' }, effectiveDateTime: '2025-06-11', valueQuantity: { value: 1.2, system: 'http://unitsofmeasure.org', code: '10*9/L' } } },
    ] }
    const r = await importFhirAs(db.kysely, { username: 'ex.coord', study: String(studyA), subjectCode: 'EXA01-001', bundle, now: () => clock.now() })
    expect(r.labs).toBe(1)
    const last = await db.kysely.selectFrom('audit_event').select(['actor', 'entity']).where('entity', '=', 'lab_result').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(last.actor).toBe('ex.coord')
  })
})
