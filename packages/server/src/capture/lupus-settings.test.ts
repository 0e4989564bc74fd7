import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

/**
 * Lupus status derived on the server with the DORIS / LLDAS PROTOCOL DECISIONs of the subject's protocol version
 * (bleeding-and-scores.md §6 D3, §7 L2 / L5; protocol `lupus` block), on manual entry and on ODM import; a study
 * whose protocol does not set them derives with the doc defaults, as before. The save's audit record names the
 * protocol version the derived values used (domain README "Configuration").
 */

let db: Db
let app: App
let defaultStudy: number
let customStudy: number
let defaultSubject: number
let customSubject: number
const clock = fixedClock('2025-12-10T08:00:00.000Z')
const H: Record<string, Record<string, string>> = {}

/** NCT06826430 1.0 (effective 2025-11-21) with D3 "< 5" and L2 "no previous assessment = no new activity". */
const custom = () => {
  const p = structuredClone(loadSeedProtocols().find((x) => x.identification.registryId === 'NCT06826430')!)
  p.lupus = {
    doris: { prednisoloneLimitMg: 5, prednisoloneComparator: '<' },
    lldas: { noPreviousAssessment: 'no-new-activity', studyCellProductViolatesL5: false },
    sources: [{ ref: 'test', decision: 'task-force table "< 5"; first assessment counts as no new activity' }],
  }
  return p
}

/** §6 SD2: low complement only, PGA 0.3, prednisone 5 mg, stable hydroxychloroquine; the first assessment. */
const sd2 = {
  assessedOn: '2025-12-05', pga: 0.3, sledai: { variant: 'SELENA-SLEDAI', present: ['low-complement'], notAssessed: [] }, previousPresent: null,
  prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true, haemolyticAnaemia: false, giActivity: false,
  maintenanceTherapyStandard: true, otherInvestigationalDrug: false, studyCellProductGiven: true,
}
type Verdict = { status: string; failed: string[]; missing: string[] }
type Rec = { id: number; derived: { doris: Verdict; lldas: Verdict } }

const post = (user: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers: H[user] })
const auditOf = async (recordId: number) =>
  (await db.kysely.selectFrom('audit_event').select(['new_value']).where('entity', '=', 'form_record').where('entity_id', '=', String(recordId)).where('action', '=', 'create').executeTakeFirstOrThrow()).new_value as Record<string, unknown>
async function enrol(studyId: number, siteId: number, code: string) {
  const res = await post('coord', `/api/studies/${studyId}/subjects`, { siteId, code, sex: 'F', ageYears: 35 })
  expect(res.statusCode, res.body).toBe(201)
  const id = res.json<{ id: number }>().id
  await db.kysely.insertInto('subject_event').values({ subject_id: id, event_type: 'consent', from_status: null, to_status: 'consented', occurred_on: '2025-12-01', reason: null, recorded_by: null, recorded_by_name: 'test', recorded_at: '2025-12-01T08:00:00Z', voided_at: null, void_reason: null }).execute()
  return id
}

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const a = await makeStudyAndSites(db, 'NCT09100001', ['LPA01'])
  const b = await makeStudyAndSites(db, 'NCT06826430', ['LPB01'])
  defaultStudy = a.studyId
  customStudy = b.studyId
  await db.kysely.updateTable('study').set({ protocol: JSON.stringify(custom()), protocol_version: '1.0' }).where('id', '=', customStudy).execute()
  await makeUser(db, 'lupus.coord', ['coordinator'], [a.siteIds[0]!, b.siteIds[0]!], clock.now())
  await makeUser(db, 'lupus.dm', ['data_manager'], [], clock.now())
  H.coord = await login(app, 'lupus.coord')
  H.dm = await login(app, 'lupus.dm')
  defaultSubject = await enrol(defaultStudy, a.siteIds[0]!, 'LPA01-001')
  customSubject = await enrol(customStudy, b.siteIds[0]!, 'LPB01-001')
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('lupus status derived with the protocol settings', () => {
  it('a study whose protocol sets nothing: the doc defaults (DORIS met at 5 mg; LLDAS not evaluable without a previous assessment)', async () => {
    const res = await post('coord', `/api/subjects/${defaultSubject}/forms`, { formType: 'lupus_status', data: sd2 })
    expect(res.statusCode, res.body).toBe(201)
    const rec = res.json<Rec>()
    expect(rec.derived.doris).toEqual({ status: 'met', failed: [], missing: [] })
    expect(rec.derived.lldas).toEqual({ status: 'not-evaluable', failed: [], missing: ['L2-no-new-activity'] })
    expect(await auditOf(rec.id)).toMatchObject({ derivedWith: { protocolVersion: '1.0' } })
  })

  it("the subject's protocol version with D3 '< 5' and L2 'no new activity': DORIS not met (D3), LLDAS met; the version is audited", async () => {
    const res = await post('coord', `/api/subjects/${customSubject}/forms`, { formType: 'lupus_status', data: sd2 })
    expect(res.statusCode, res.body).toBe(201)
    const rec = res.json<Rec>()
    expect(rec.derived.doris).toEqual({ status: 'not-met', failed: ['D3-prednisolone'], missing: [] })
    expect(rec.derived.lldas).toEqual({ status: 'met', failed: [], missing: [] })
    expect(await auditOf(rec.id)).toMatchObject({ derived: rec.derived, derivedWith: { protocolVersion: '1.0' } })
    // a correction derives again with the same settings
    const upd = await app.inject({ method: 'PUT', url: `/api/forms/${rec.id}`, headers: H.coord, payload: { data: { ...sd2, prednisoloneEquivalentMgPerDay: 4 }, reason: 'dose transcription error' } })
    expect(upd.statusCode, upd.body).toBe(200)
    expect(upd.json<Rec>().derived.doris.status).toBe('met')
  })

  it('forms that read no protocol settings are saved as before, without derivedWith', async () => {
    const res = await post('coord', `/api/subjects/${customSubject}/forms`, { formType: 'sledai', data: { assessedOn: '2025-12-05', variant: 'SELENA-SLEDAI', present: ['low-complement'], notAssessed: [] } })
    expect(res.statusCode, res.body).toBe(201)
    expect(await auditOf(res.json<Rec>().id)).not.toHaveProperty('derivedWith')
  })

  it('an invalid lupus block in the protocol refuses the save (conflict) and writes nothing', async () => {
    await db.kysely.updateTable('study').set({ protocol: JSON.stringify({ lupus: { doris: { prednisoloneComparator: '=<' } } }) }).where('id', '=', defaultStudy).execute()
    try {
      const before = await db.kysely.selectFrom('form_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const res = await post('coord', `/api/subjects/${defaultSubject}/forms`, { formType: 'lupus_status', data: sd2 })
      expect(res.statusCode).toBe(409)
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/invalid lupus settings/)
      const after = await db.kysely.selectFrom('form_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
    } finally {
      await db.kysely.updateTable('study').set({ protocol: '{}' }).where('id', '=', defaultStudy).execute()
    }
  })

  it('ODM import derives with the importing study protocol settings, and audits the version', async () => {
    const exported = await app.inject({ method: 'GET', url: `/api/studies/${defaultStudy}/export/odm`, headers: H.dm })
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200)
    // the default study's subject, imported as a new subject (LPB01-002) of the custom study's site
    const xml = exported.body.replaceAll('LPA01-001', 'LPB01-002').replaceAll('LPA01', 'LPB01')
    const res = await app.inject({ method: 'POST', url: `/api/studies/${customStudy}/import/odm?createSubjects=true`, headers: { ...H.dm, 'content-type': 'application/xml' }, payload: xml })
    expect(res.statusCode, res.body).toBe(200)
    const imported = await db.kysely
      .selectFrom('form_record')
      .innerJoin('subject', 'subject.id', 'form_record.subject_id')
      .select(['form_record.id', 'form_record.derived'])
      .where('subject.code', '=', 'LPB01-002')
      .where('form_record.form_type', '=', 'lupus_status')
      .execute()
    expect(imported).toHaveLength(1)
    const derived = (typeof imported[0]!.derived === 'string' ? JSON.parse(imported[0]!.derived) : imported[0]!.derived) as Rec['derived']
    expect(derived.doris).toMatchObject({ status: 'not-met', failed: ['D3-prednisolone'] })
    expect(derived.lldas.status).toBe('met')
    expect(await auditOf(imported[0]!.id)).toMatchObject({ derivedWith: { protocolVersion: '1.0' } })
  })
})
