import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { verifyAuditChain } from '../audit/chain.js'

let db: Db
let app: App
let studyId: number
let km: number
let sz: number
let subjectAtKm: number
const clock = fixedClock()

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT00000002', ['KM', 'SZ'])
  studyId = made.studyId
  km = made.siteIds[0]!
  sz = made.siteIds[1]!
  await makeUser(db, 'coord.km', ['coordinator'], [km], clock.now())
  await makeUser(db, 'coord.sz', ['coordinator'], [sz], clock.now())
  await makeUser(db, 'stat', ['statistician'], [], clock.now())
  await makeUser(db, 'mon.km', ['monitor'], [km], clock.now())
  const h = await login(app, 'coord.km')
  const res = await app.inject({ method: 'POST', url: `/api/studies/${studyId}/subjects`, headers: h, payload: { siteId: km, code: 'KM-001', sex: 'F', ageYears: 12 } })
  expect(res.statusCode).toBe(201)
  subjectAtKm = res.json().id
  await app.inject({ method: 'POST', url: `/api/subjects/${subjectAtKm}/labs`, headers: h, payload: { testCode: 'PLAT', value: 9, unit: '10^9/L', collectedOn: '2025-01-02' } })
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('site-scoped access, enforced by the server', () => {
  it("denies a coordinator another site's subject, as if it did not exist", async () => {
    const res = await app.inject({ url: `/api/subjects/${subjectAtKm}`, headers: await login(app, 'coord.sz') })
    expect(res.statusCode).toBe(404)
    const study = await app.inject({ url: `/api/studies/${studyId}`, headers: await login(app, 'coord.sz') })
    expect(study.json().subjects).toEqual([])
  })

  it("refuses to enrol at another site or enter another site's labs", async () => {
    const h = await login(app, 'coord.sz')
    const enrol = await app.inject({ method: 'POST', url: `/api/studies/${studyId}/subjects`, headers: h, payload: { siteId: km, code: 'KM-002' } })
    expect(enrol.statusCode).toBe(403)
    const lab = await app.inject({ method: 'POST', url: `/api/subjects/${subjectAtKm}/labs`, headers: h, payload: { testCode: 'PLAT', value: 50, unit: '10^9/L', collectedOn: '2025-01-03' } })
    expect(lab.statusCode).toBe(404)
  })

  it('lets the own-site coordinator read the subject and the platelet series', async () => {
    const res = await app.inject({ url: `/api/subjects/${subjectAtKm}`, headers: await login(app, 'coord.km') })
    expect(res.statusCode).toBe(200)
    expect(res.json().labs.map((l: { value: number; collected_on: string }) => [l.collected_on, l.value])).toEqual([['2025-01-02', 9]])
  })

  it('never lets a monitor enter data', async () => {
    const h = await login(app, 'mon.km')
    const res = await app.inject({ method: 'POST', url: `/api/subjects/${subjectAtKm}/labs`, headers: h, payload: { testCode: 'PLAT', value: 50, unit: '10^9/L', collectedOn: '2025-01-03' } })
    expect(res.statusCode).toBe(403)
  })

  it("audits a statistician's cross-site read of patient data", async () => {
    const res = await app.inject({ url: `/api/subjects/${subjectAtKm}`, headers: await login(app, 'stat') })
    expect(res.statusCode).toBe(200)
    const reads = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'read').where('entity_id', '=', String(subjectAtKm)).execute()
    expect(reads.map((r) => r.actor)).toContain('stat')
  })
})

describe('audit trail', () => {
  it('records who changed what, old and new value and the reason, and the chain verifies', async () => {
    const h = await login(app, 'coord.km')
    const labs = (await app.inject({ url: `/api/subjects/${subjectAtKm}`, headers: h })).json().labs
    const noReason = await app.inject({ method: 'PUT', url: `/api/labs/${labs[0].id}`, headers: h, payload: { value: 19, reason: '' } })
    expect(noReason.statusCode).toBe(400)
    const res = await app.inject({ method: 'PUT', url: `/api/labs/${labs[0].id}`, headers: h, payload: { value: 19, reason: 'transcription error, see lab printout' } })
    expect(res.statusCode).toBe(200)
    const trail = await db.kysely.selectFrom('audit_event').selectAll().where('entity', '=', 'lab_result').where('entity_id', '=', String(labs[0].id)).orderBy('id').execute()
    expect(trail.map((t) => t.action)).toEqual(['create', 'update'])
    expect(trail[1]).toMatchObject({ actor: 'coord.km', old_value: { value: 9 }, new_value: { value: 19 }, reason: 'transcription error, see lab printout' })
    const verdict = await verifyAuditChain(db.kysely)
    expect(verdict.ok).toBe(true)
    expect(verdict.checked).toBeGreaterThan(5)
  })

  it('refuses UPDATE and DELETE on the audit table at the database level', async () => {
    await expect(db.kysely.updateTable('audit_event').set({ actor: 'mallory' }).where('id', '=', 1).execute()).rejects.toThrow(/append-only/)
    await expect(db.kysely.deleteFrom('audit_event').where('id', '=', 1).execute()).rejects.toThrow(/append-only/)
  })

  it('names the first broken record when a row is tampered with behind the trigger', async () => {
    const { sql } = await import('kysely')
    await db.kysely.transaction().execute(async (tx) => {
      await sql`alter table audit_event disable trigger audit_event_no_update`.execute(tx)
      await sql`update audit_event set reason = 'forged' where id = 3`.execute(tx)
      await sql`alter table audit_event enable trigger audit_event_no_update`.execute(tx)
    })
    const verdict = await verifyAuditChain(db.kysely)
    expect(verdict).toMatchObject({ ok: false, firstBroken: { id: 3, reason: 'content does not match its hash' } })
  })
})
