/**
 * Study-level review lists: open queries per site with their age, and SDV progress per site and subject
 * (GET /api/studies/:id/queries, GET /api/studies/:id/sdv). Site-bound roles see their own sites only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

let db: Db
let app: App
let studyId: number
let siteA: number
let siteB: number
let otherSite: number
const recordOf: Record<string, number> = {}
const clock = fixedClock('2025-03-20T08:00:00.000Z')
const H: Record<string, Record<string, string>> = {}
const USERS: [string, Parameters<typeof makeUser>[2], () => number[]][] = [
  ['coord', ['coordinator'], () => [siteA]],
  ['coordb', ['coordinator'], () => [siteB]],
  ['mon', ['monitor'], () => [siteA]],
  ['dm', ['data_manager'], () => []],
]

interface QueryRow { id: number; site_code: string; subject_code: string; subject_id: number; form_record_id: number; form_type: string; field_path: string; status: string; ageDays: number; raised_by_name: string; visit_label: string | null }
interface QueryList { studyId: number; status: string; sites: { id: number; code: string }[]; queries: QueryRow[] }
interface SdvSite { siteId: number; siteCode: string; records: number; verified: number; percent: number | null; subjects: { subjectCode: string; records: number; verified: number; percent: number | null }[] }

const post = (user: string, url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers: H[user] })
const get = (user: string, url: string) => app.inject({ url, headers: H[user] })
async function loginAll() {
  for (const [name] of USERS) H[name] = await login(app, `${name}.lists`)
}
async function queries(user: string, qs = '') {
  const res = await get(user, `/api/studies/${studyId}/queries${qs}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<QueryList>()
}

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT-REVIEW-LISTS', ['RLA', 'RLB'])
  studyId = made.studyId
  siteA = made.siteIds[0]!
  siteB = made.siteIds[1]!
  otherSite = (await makeStudyAndSites(db, 'NCT-REVIEW-OTHER', ['RLX'])).siteIds[0]!
  const mk = async (code: string, site: number) =>
    (await db.kysely.insertInto('subject').values({ study_id: studyId, site_id: site, code, status: 'short_term_follow_up', sex: 'F', age_years: 30, dose_level: 'DL1', ld_start_date: '2025-02-24', infusion_date: '2025-03-01' }).returning('id').executeTakeFirstOrThrow()).id
  const subjects = { 'RLA-001': await mk('RLA-001', siteA), 'RLA-002': await mk('RLA-002', siteA), 'RLB-001': await mk('RLB-001', siteB) }
  for (const [name, roles, sites] of USERS) await makeUser(db, `${name}.lists`, roles, sites(), clock.now())
  await loginAll()
  const vitals = { measuredAt: '2025-03-01T08:00', temperatureC: 37.2, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 84, spo2Percent: 98 }
  for (const [code, id] of Object.entries(subjects)) {
    const res = await post(code.startsWith('RLA') ? 'coord' : 'coordb', `/api/subjects/${id}/forms`, { formType: 'vital_signs', visitDay: 0, visitLabel: 'Day 0', data: vitals })
    expect(res.statusCode, res.body).toBe(201)
    recordOf[code] = res.json<{ id: number }>().id
  }
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('open queries of a study', () => {
  it('lists unresolved queries of every readable site, oldest first, with their age in days open', async () => {
    expect((await post('mon', `/api/forms/${recordOf['RLA-001']}/queries`, { fieldPath: 'temperatureC', text: 'Source says 37.4' })).statusCode).toBe(201)
    clock.advance(3 * 86_400_000)
    await loginAll()
    expect((await post('dm', `/api/forms/${recordOf['RLB-001']}/queries`, { fieldPath: 'heartRate', text: 'HR missing on source?' })).statusCode).toBe(201)
    const list = await queries('dm')
    expect(list.status).toBe('unresolved')
    expect(list.sites.map((s) => s.code)).toEqual(['RLA', 'RLB'])
    expect(list.queries.map((q) => [q.site_code, q.subject_code, q.field_path, q.status, q.ageDays, q.raised_by_name])).toEqual([
      ['RLA', 'RLA-001', 'temperatureC', 'open', 3, 'mon.lists'],
      ['RLB', 'RLB-001', 'heartRate', 'open', 0, 'dm.lists'],
    ])
    expect(list.queries[0]).toMatchObject({ form_record_id: recordOf['RLA-001'], form_type: 'vital_signs', visit_label: 'Day 0' })
  })

  it('filters by site and by status; a closed query keeps the days it was open', async () => {
    expect((await queries('dm', `?siteId=${siteB}`)).queries.map((q) => q.subject_code)).toEqual(['RLB-001'])
    const [q] = (await queries('dm', `?siteId=${siteA}`)).queries
    expect((await post('coord', `/api/queries/${q!.id}/answer`, { answer: 'Corrected on source review' })).statusCode).toBe(200)
    expect((await queries('dm', '?status=answered')).queries.map((x) => x.id)).toEqual([q!.id])
    expect((await queries('dm', '?status=open')).queries.map((x) => x.subject_code)).toEqual(['RLB-001'])
    clock.advance(2 * 86_400_000)
    await loginAll()
    expect((await post('mon', `/api/queries/${q!.id}/close`, { note: 'ok' })).statusCode).toBe(200)
    clock.advance(4 * 86_400_000)
    await loginAll()
    const closed = (await queries('dm', '?status=closed')).queries
    expect(closed.map((x) => [x.id, x.ageDays])).toEqual([[q!.id, 5]])
    expect((await queries('dm')).queries.map((x) => x.subject_code)).toEqual(['RLB-001'])
  })

  it('site-bound roles see their own sites only; another site, or a site outside the study, is refused', async () => {
    const mine = await queries('mon', '?status=closed')
    expect(mine.sites.map((s) => s.code)).toEqual(['RLA'])
    expect((await queries('mon')).queries).toEqual([])
    expect((await get('mon', `/api/studies/${studyId}/queries?siteId=${siteB}`)).statusCode).toBe(403)
    expect((await get('dm', `/api/studies/${studyId}/queries?siteId=${otherSite}`)).statusCode).toBe(404)
    expect((await get('dm', `/api/studies/${studyId}/queries?status=pending`)).statusCode).toBe(400)
  })
})

describe('SDV progress of a study', () => {
  it('counts whole-form verified records per site and subject, and an edit takes the record out again', async () => {
    expect((await post('mon', `/api/forms/${recordOf['RLA-001']}/sdv`, {})).statusCode).toBe(201)
    expect((await post('mon', `/api/forms/${recordOf['RLA-002']}/sdv`, { fieldPaths: ['temperatureC'] })).statusCode).toBe(201)
    const res = await get('dm', `/api/studies/${studyId}/sdv`)
    expect(res.statusCode, res.body).toBe(200)
    const sites = res.json<{ sites: SdvSite[] }>().sites
    expect(sites.map((s) => [s.siteCode, s.records, s.verified, s.percent])).toEqual([['RLA', 2, 1, 50], ['RLB', 1, 0, 0]])
    expect(sites[0]!.subjects.map((s) => [s.subjectCode, s.verified, s.percent])).toEqual([['RLA-001', 1, 100], ['RLA-002', 0, 0]])

    const rec = (await get('coord', `/api/forms/${recordOf['RLA-001']}`)).json<{ version: number; data: Record<string, unknown> }>()
    const upd = await app.inject({ method: 'PUT', url: `/api/forms/${recordOf['RLA-001']}`, headers: H.coord, payload: { data: { ...rec.data, heartRate: 90 }, reason: 'transcription error', expectedVersion: rec.version } })
    expect(upd.statusCode, upd.body).toBe(200)
    const after = (await get('dm', `/api/studies/${studyId}/sdv`)).json<{ sites: SdvSite[] }>().sites
    expect(after[0]!.verified).toBe(0)
    // the subject's form list says which verifications the change reset
    const subjectId = (await get('coord', `/api/forms/${recordOf['RLA-001']}`)).json<{ subjectId: number }>().subjectId
    const list = (await get('coord', `/api/subjects/${subjectId}/forms`)).json<{ records: { id: number; sdv: { wholeForm: boolean; fields: string[]; reset: string[] } }[] }>()
    expect(list.records.find((x) => x.id === recordOf['RLA-001'])!.sdv).toEqual({ wholeForm: false, fields: [], reset: [''] })
    expect((await post('mon', `/api/forms/${recordOf['RLA-001']}/sdv`, {})).statusCode).toBe(201)
    const again = (await get('coord', `/api/subjects/${subjectId}/forms`)).json<{ records: { id: number; sdv: { wholeForm: boolean; reset: string[] } }[] }>()
    expect(again.records.find((x) => x.id === recordOf['RLA-001'])!.sdv).toMatchObject({ wholeForm: true, reset: [] })
  })

  it('a site-bound monitor sees the sites they monitor only', async () => {
    const res = await get('mon', `/api/studies/${studyId}/sdv`)
    expect(res.json<{ sites: SdvSite[] }>().sites.map((s) => s.siteCode)).toEqual(['RLA'])
  })
})
