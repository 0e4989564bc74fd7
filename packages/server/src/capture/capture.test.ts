import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { verifyAuditChain } from '../audit/chain.js'

let db: Db
let app: App
let studyId: number
let siteA: number
let siteB: number
let subjectA: number
let subjectB: number
const clock = fixedClock('2025-03-20T08:00:00.000Z')
const H: Record<string, Record<string, string>> = {}

const vitals = (over: Record<string, unknown> = {}) => ({
  measuredAt: '2025-03-01T08:00', temperatureC: 37.2, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 84, spo2Percent: 98, ...over,
})

type Detail = { path: string; severity: string; checkId: string }
type Rec = { id: number; version: number; status: string; data: Record<string, unknown>; derived: Record<string, unknown> }

async function post(user: string, url: string, payload: unknown) {
  return app.inject({ method: 'POST', url, payload: payload as object, headers: H[user] })
}
async function put(user: string, url: string, payload: unknown) {
  return app.inject({ method: 'PUT', url, payload: payload as object, headers: H[user] })
}
async function get(user: string, url: string) {
  return app.inject({ url, headers: H[user] })
}
async function createVitals(over: Record<string, unknown> = {}, body: Record<string, unknown> = {}) {
  const res = await post('coord', `/api/subjects/${subjectA}/forms`, { formType: 'vital_signs', visitDay: 0, visitLabel: 'Day 0', data: vitals(over), ...body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Rec>()
}
const countRows = async (table: 'form_record' | 'audit_event') => Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT-CAPTURE', ['CPA', 'CPB'])
  studyId = made.studyId
  siteA = made.siteIds[0]!
  siteB = made.siteIds[1]!
  const mk = async (code: string, site: number) =>
    (await db.kysely.insertInto('subject').values({ study_id: studyId, site_id: site, code, status: 'short_term_follow_up', sex: 'F', age_years: 30, dose_level: 'DL1', ld_start_date: '2025-02-24', infusion_date: '2025-03-01' }).returning('id').executeTakeFirstOrThrow()).id
  subjectA = await mk('CPA-001', siteA)
  subjectB = await mk('CPB-001', siteB)
  await db.kysely.insertInto('subject_event').values({ subject_id: subjectA, event_type: 'consent', from_status: null, to_status: 'consented', occurred_on: '2025-02-10', reason: null, recorded_by: null, recorded_by_name: 'test', recorded_at: '2025-02-10T08:00:00Z', voided_at: null, void_reason: null }).execute()
  const users: [string, Parameters<typeof makeUser>[2], number[]][] = [
    ['coord', ['coordinator'], [siteA]],
    ['inv', ['investigator'], [siteA]],
    ['mon', ['monitor'], [siteA]],
    ['mon2', ['monitor'], [siteA]],
    ['dm', ['data_manager'], []],
    ['coordb', ['coordinator'], [siteB]],
  ]
  for (const [name, roles, sites] of users) {
    await makeUser(db, `${name}.capture`, roles, sites, clock.now())
    H[name] = await login(app, `${name}.capture`)
  }
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('form records and edit checks', () => {
  it('a save with a hard error writes nothing and returns every issue', async () => {
    const before = await Promise.all([countRows('form_record'), countRows('audit_event')])
    const res = await post('coord', `/api/subjects/${subjectA}/forms`, { formType: 'vital_signs', data: vitals({ temperatureC: 47, diastolicMmHg: 130, measuredAt: '2025-02-01T08:00' }) })
    expect(res.statusCode).toBe(400)
    const details = res.json<{ error: { code: string; details: Detail[] } }>().error.details
    expect(details.map((d) => d.checkId)).toEqual(expect.arrayContaining(['vs.temp.plausible', 'vs.dbp.below-sbp', 'vs.measuredAt.consent']))
    expect(details.find((d) => d.checkId === 'vs.temp.plausible')).toMatchObject({ path: 'data.temperatureC', severity: 'error' })
    expect(await Promise.all([countRows('form_record'), countRows('audit_event')])).toEqual(before)
  })

  it('a warning needs an override reason, which is stored and audited', async () => {
    const refused = await post('coord', `/api/subjects/${subjectA}/forms`, { formType: 'vital_signs', data: vitals({ temperatureC: 41.5 }) })
    expect(refused.statusCode).toBe(400)
    expect(refused.json<{ error: { details: Detail[] } }>().error.details).toMatchObject([{ checkId: 'vs.temp.unusual', severity: 'warning' }])
    const rec = await createVitals({ temperatureC: 41.5 }, { overrideReasons: { 'vs.temp.unusual': 'confirmed with a second thermometer' } })
    expect(rec.derived).toMatchObject({ fever: true })
    // Day 0 fever: the post-save hooks (safety grading) ran in the same transaction and raised a CRS grade 1 alert
    const alert = await db.kysely.selectFrom('safety_alert').select(['kind', 'grade', 'source_id']).where('source_entity', '=', 'form_record').where('source_id', '=', String(rec.id)).executeTakeFirst()
    expect(alert).toMatchObject({ kind: 'crs', grade: 1 })
    const audit = await db.kysely.selectFrom('audit_event').select(['new_value']).where('entity', '=', 'form_record').where('entity_id', '=', String(rec.id)).executeTakeFirstOrThrow()
    expect(audit.new_value).toMatchObject({ overrides: { 'vs.temp.unusual': 'confirmed with a second thermometer' } })
  })

  it('derives values on the server (ICE total, ICANS grade) and lists records by type', async () => {
    const items = { orientation: { year: true, month: true, city: true, hospital: false }, naming: [true, true, true], followsCommands: true, writesStandardSentence: false, countsBackwardsBy10: true }
    const res = await post('coord', `/api/subjects/${subjectA}/forms`, {
      formType: 'neuro', visitDay: 3, visitLabel: 'Day 3',
      data: { assessedAt: '2025-03-04T09:00', tool: 'ICE', iceItems: items, unableToPerform: false, capdTotal: null, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json<Rec>().derived).toMatchObject({ iceTotal: 8, icansGrade: 1 })
    const list = await get('coord', `/api/subjects/${subjectA}/forms?type=neuro`)
    expect(list.json<{ records: Rec[] }>().records).toHaveLength(1)
  })

  it('a change after the first save needs a reason, audited with old and new values', async () => {
    const rec = await createVitals()
    const noReason = await put('coord', `/api/forms/${rec.id}`, { data: vitals({ heartRate: 90 }) })
    expect(noReason.statusCode).toBe(400)
    const ok = await put('coord', `/api/forms/${rec.id}`, { data: vitals({ heartRate: 90 }), reason: 'transcription error', expectedVersion: 1 })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ version: 2, changedFields: ['heartRate'] })
    const audit = await db.kysely.selectFrom('audit_event').select(['old_value', 'new_value', 'reason']).where('entity', '=', 'form_record').where('entity_id', '=', String(rec.id)).where('action', '=', 'update').executeTakeFirstOrThrow()
    expect(audit.reason).toBe('transcription error')
    expect(audit.old_value).toMatchObject({ version: 1, data: { heartRate: 84 } })
    expect(audit.new_value).toMatchObject({ version: 2, data: { heartRate: 90 } })
    const stale = await put('coord', `/api/forms/${rec.id}`, { data: vitals({ heartRate: 91 }), reason: 'again', expectedVersion: 1 })
    expect(stale.statusCode).toBe(409)
  })

  it('monitors never enter data; other sites cannot see or write; void keeps the row with its reason', async () => {
    expect((await post('mon', `/api/subjects/${subjectA}/forms`, { formType: 'vital_signs', data: vitals() })).statusCode).toBe(403)
    expect((await post('coordb', `/api/subjects/${subjectA}/forms`, { formType: 'vital_signs', data: vitals() })).statusCode).toBe(404)
    const rec = await createVitals()
    expect((await post('coord', `/api/forms/${rec.id}/void`, { reason: '' })).statusCode).toBe(400)
    const voided = await post('coord', `/api/forms/${rec.id}/void`, { reason: 'entered for the wrong subject' })
    expect(voided.statusCode).toBe(200)
    const row = await db.kysely.selectFrom('form_record').select(['voided_at', 'void_reason']).where('id', '=', rec.id).executeTakeFirstOrThrow()
    expect(row.void_reason).toBe('entered for the wrong subject')
    const list = await get('coord', `/api/subjects/${subjectA}/forms`)
    expect(list.json<{ records: Rec[] }>().records.map((r) => r.id)).not.toContain(rec.id)
  })
})

describe('bedside sequence (the browser test, through the API)', () => {
  it('saves Day 0-14 vitals, Day 7 oxygen and a Day 3 ICE assessment', async () => {
    const sid = (await db.kysely.insertInto('subject').values({ study_id: studyId, site_id: siteA, code: 'CPA-002', status: 'short_term_follow_up', sex: 'M', age_years: 25, dose_level: 'DL1', ld_start_date: '2025-02-24', infusion_date: '2025-03-01' }).returning('id').executeTakeFirstOrThrow()).id
    const save = async (formType: string, data: Record<string, unknown>) => {
      const res = await post('coord', `/api/subjects/${sid}/forms`, { formType, data })
      expect(res.statusCode, res.body).toBe(201)
    }
    for (const [day, temp, hr] of [['01', 37.2, 88], ['08', 38.4, 104], ['15', 36.8, 76]] as const) await save('vital_signs', vitals({ measuredAt: `2025-03-${day}T08:00`, temperatureC: temp, heartRate: hr, diastolicMmHg: 74, spo2Percent: 97 }))
    await save('oxygen', { measuredAt: '2025-03-08T08:00', delivery: 'low_flow', flowLpm: 4 })
    const items = { orientation: { year: true, month: true, city: true, hospital: false }, naming: [true, true, true], followsCommands: true, writesStandardSentence: false, countsBackwardsBy10: true }
    await save('neuro', { assessedAt: '2025-03-04T08:00', tool: 'ICE', iceItems: items, unableToPerform: false, capdTotal: null, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false })
  }, 30_000)
})

describe('data queries', () => {
  it('monitor raises, site answers, only the author closes; open queries per site with age', async () => {
    const rec = await createVitals()
    expect((await post('coord', `/api/forms/${rec.id}/queries`, { fieldPath: 'heartRate', text: 'Please confirm' })).statusCode).toBe(403)
    expect((await post('mon', `/api/forms/${rec.id}/queries`, { fieldPath: 'noSuchField', text: 'x' })).statusCode).toBe(400)
    const raised = await post('mon', `/api/forms/${rec.id}/queries`, { fieldPath: 'heartRate', text: 'Source says 48 /min. Please confirm.' })
    expect(raised.statusCode, raised.body).toBe(201)
    const q = raised.json<{ id: number; status: string }>()
    expect(q.status).toBe('open')
    // the query was raised three days ago (moving the clock would end the test sessions)
    await db.kysely.updateTable('data_query').set({ raised_at: '2025-03-17T08:00:00.000Z' }).where('id', '=', q.id).execute()
    const open = await get('mon', `/api/sites/${siteA}/queries`)
    expect(open.json<{ id: number; ageDays: number; status: string }[]>().find((x) => x.id === q.id)).toMatchObject({ status: 'open', ageDays: 3 })
    expect((await post('mon', `/api/queries/${q.id}/answer`, { answer: 'x' })).statusCode).toBe(403)
    const answered = await post('coord', `/api/queries/${q.id}/answer`, { answer: 'Source checked: 84 is correct.' })
    expect(answered.json()).toMatchObject({ status: 'answered' })
    expect((await post('mon2', `/api/queries/${q.id}/close`, {})).statusCode).toBe(403)
    expect((await post('dm', `/api/queries/${q.id}/close`, {})).statusCode).toBe(403)
    const closed = await post('mon', `/api/queries/${q.id}/close`, { note: 'resolved' })
    expect(closed.json()).toMatchObject({ status: 'closed' })
    expect((await get('mon', `/api/sites/${siteA}/queries`)).json<{ id: number }[]>().map((x) => x.id)).not.toContain(q.id)
  })
})

describe('source data verification', () => {
  it('marks by monitors only; a change resets the marks of the changed field and whole-form marks', async () => {
    const rec = await createVitals()
    expect((await post('coord', `/api/forms/${rec.id}/sdv`, {})).statusCode).toBe(403)
    expect((await post('mon', `/api/forms/${rec.id}/sdv`, { fieldPaths: ['heartRate', 'temperatureC'] })).statusCode).toBe(201)
    expect((await post('mon', `/api/forms/${rec.id}/sdv`, {})).statusCode).toBe(201)
    const before = (await get('mon', `/api/subjects/${subjectA}/sdv`)).json<{ records: number; verified: number }>()
    expect(before.verified).toBeGreaterThanOrEqual(1)
    const res = await put('coord', `/api/forms/${rec.id}`, { data: vitals({ heartRate: 48 }), reason: 'query answered: source says 48' })
    expect(res.json()).toMatchObject({ sdvMarksReset: 2 })
    const marks = await db.kysely.selectFrom('sdv_mark').select(['field_path', 'reset_at']).where('form_record_id', '=', rec.id).orderBy('id').execute()
    expect(marks.map((m) => [m.field_path, m.reset_at !== null])).toEqual([['heartRate', true], ['temperatureC', false], ['', true]])
    const after = (await get('mon', `/api/subjects/${subjectA}/sdv`)).json<{ verified: number }>()
    expect(after.verified).toBe(before.verified - 1)
    const site = (await get('dm', `/api/sites/${siteA}/sdv`)).json<{ subjects: { subjectCode: string }[] }>()
    expect(site.subjects.map((s) => s.subjectCode)).toEqual(['CPA-001', 'CPA-002'])
  })
})

describe('signatures and locks', () => {
  it('signing needs the password and a meaning; an edit voids the signature', async () => {
    const rec = await createVitals()
    const url = `/api/subjects/${subjectA}/signatures`
    expect((await post('coord', url, { scope: 'form', recordId: rec.id, password: PASSWORD, meaning: 'approval' })).statusCode).toBe(403)
    expect((await post('inv', url, { scope: 'form', recordId: rec.id, password: 'wrong password!!', meaning: 'approval' })).statusCode).toBe(401)
    const signed = await post('inv', url, { scope: 'form', recordId: rec.id, password: PASSWORD, meaning: 'I approve these data as accurate' })
    expect(signed.statusCode, signed.body).toBe(201)
    const casebook = await post('inv', url, { scope: 'casebook', password: PASSWORD, meaning: 'casebook review' })
    expect(casebook.statusCode).toBe(201)
    expect((await get('inv', `/api/forms/${rec.id}`)).json()).toMatchObject({ status: 'signed' })
    const edit = await put('coord', `/api/forms/${rec.id}`, { data: vitals({ spo2Percent: 95 }), reason: 'late entry correction' })
    expect(edit.json()).toMatchObject({ status: 'saved', signaturesVoided: 2 })
    const sigs = (await get('inv', url)).json<{ scope: string; voided_at: string | null; void_reason: string | null }[]>()
    expect(sigs.every((s) => s.voided_at !== null && (s.void_reason ?? '').includes(`form record ${rec.id} changed`))).toBe(true)
  })

  it('a lock blocks edits until a data manager unlocks with a reason', async () => {
    const rec = await createVitals()
    expect((await post('coord', '/api/locks', { scope: 'form', id: rec.id })).statusCode).toBe(403)
    const locked = await post('dm', '/api/locks', { scope: 'subject', id: subjectA })
    expect(locked.statusCode, locked.body).toBe(201)
    const lockId = locked.json<{ id: number }>().id
    expect((await put('coord', `/api/forms/${rec.id}`, { data: vitals({ heartRate: 70 }), reason: 'r' })).statusCode).toBe(409)
    expect((await post('coord', `/api/subjects/${subjectA}/forms`, { formType: 'vital_signs', data: vitals() })).statusCode).toBe(409)
    expect((await post('coord', `/api/forms/${rec.id}/void`, { reason: 'r' })).statusCode).toBe(409)
    // labs are frozen with the subject too, on every entry path, and nothing is written
    const lab = { testCode: 'PLAT', value: 42, unit: '10^9/L', collectedOn: '2025-06-10' }
    const labsBefore = await db.kysely.selectFrom('lab_result').select('id').where('subject_id', '=', subjectA).execute()
    const refused = await post('coord', `/api/subjects/${subjectA}/labs`, lab)
    expect(refused.statusCode).toBe(409)
    expect(refused.json<{ error: { message: string } }>().error.message).toContain(`subject lock ${lockId}`)
    expect((await post('coord', `/api/subjects/${subjectA}/safety/labs`, lab)).statusCode).toBe(409)
    expect(await db.kysely.selectFrom('lab_result').select('id').where('subject_id', '=', subjectA).execute()).toEqual(labsBefore)
    expect((await post('dm', `/api/locks/${lockId}/unlock`, { reason: '' })).statusCode).toBe(400)
    expect((await post('dm', `/api/locks/${lockId}/unlock`, { reason: 'query on Day 0 vitals reopened' })).statusCode).toBe(200)
    expect((await put('coord', `/api/forms/${rec.id}`, { data: vitals({ heartRate: 70 }), reason: 'r' })).statusCode).toBe(200)
    expect((await post('coord', `/api/subjects/${subjectA}/labs`, lab)).statusCode).toBe(201)
    const formLock = await post('dm', '/api/locks', { scope: 'form', id: rec.id })
    expect((await get('coord', `/api/forms/${rec.id}`)).json()).toMatchObject({ status: 'locked' })
    expect((await post('dm', '/api/locks', { scope: 'form', id: rec.id })).statusCode).toBe(409)
    await post('dm', `/api/locks/${formLock.json<{ id: number }>().id}/unlock`, { reason: 'correction needed' })
    expect((await get('coord', `/api/forms/${rec.id}`)).json()).toMatchObject({ status: 'saved' })
    expect(subjectB).toBeGreaterThan(0)
  })

  it("lists each record with its own review state: open query, SDV, signature, form lock", async () => {
    const [plain, reviewed] = [await createVitals(), await createVitals({ heartRate: 77 })]
    expect((await post('mon', `/api/forms/${reviewed.id}/queries`, { fieldPath: 'heartRate', text: 'please check against the chart' })).statusCode).toBe(201)
    expect((await post('mon', `/api/forms/${reviewed.id}/sdv`, { fieldPaths: ['temperatureC'] })).statusCode).toBe(201)
    expect((await post('inv', `/api/subjects/${subjectA}/signatures`, { scope: 'form', recordId: reviewed.id, password: PASSWORD, meaning: 'approval' })).statusCode).toBe(201)
    const lock = await post('dm', '/api/locks', { scope: 'form', id: reviewed.id })
    expect(lock.statusCode, lock.body).toBe(201)
    type Listed = Rec & { openQueries: number; sdv: { wholeForm: boolean; fields: string[] }; signature: { meaning: string } | null; lock: { id: number; scope: string } | null }
    const records = (await get('coord', `/api/subjects/${subjectA}/forms`)).json<{ records: Listed[] }>().records
    const [p, r] = [records.find((x) => x.id === plain.id)!, records.find((x) => x.id === reviewed.id)!]
    expect(r).toMatchObject({ openQueries: 1, sdv: { wholeForm: false, fields: ['temperatureC'] }, signature: { meaning: 'approval' }, lock: { id: lock.json<{ id: number }>().id, scope: 'form' } })
    expect(p).toMatchObject({ openQueries: 0, sdv: { wholeForm: false, fields: [] }, signature: null, lock: null })
    await post('dm', `/api/locks/${lock.json<{ id: number }>().id}/unlock`, { reason: 'end of the listing check' })
  })

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true })
  })
})

describe('the record list a page at a time (the subject page asks for the latest of each form type)', () => {
  it('lists the latest `limit` of each form type in date order, all of the expanded ones, and totals over every record', async () => {
    const sid = (await db.kysely.insertInto('subject').values({ study_id: studyId, site_id: siteA, code: 'CPA-PAGE', status: 'short_term_follow_up', sex: 'F', age_years: 40, dose_level: 'DL1', ld_start_date: '2025-02-24', infusion_date: '2025-03-01' }).returning('id').executeTakeFirstOrThrow()).id
    const save = async (formType: string, data: Record<string, unknown>, visit: { visitDay: number; visitLabel: string } | null = null) => {
      const res = await post('coord', `/api/subjects/${sid}/forms`, { formType, data, ...(visit ?? {}) })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Rec>().id
    }
    // entered out of date order; two on 2025-03-05 (the later entry is the later record)
    const v = {
      d7: await save('vital_signs', vitals({ measuredAt: '2025-03-08T08:00' }), { visitDay: 7, visitLabel: 'Day 7' }),
      d0: await save('vital_signs', vitals({ measuredAt: '2025-03-01T08:00' }), { visitDay: 0, visitLabel: 'Day 0' }),
      d4a: await save('vital_signs', vitals({ measuredAt: '2025-03-05T08:00' })),
      d4b: await save('vital_signs', vitals({ measuredAt: '2025-03-05T20:00' })),
      d2: await save('vital_signs', vitals({ measuredAt: '2025-03-03T08:00' })),
    }
    const voided = await save('vital_signs', vitals({ measuredAt: '2025-03-09T08:00' }))
    expect((await post('coord', `/api/forms/${voided}/void`, { reason: 'wrong subject' })).statusCode).toBe(200)
    const o1 = await save('oxygen', { measuredAt: '2025-03-02T08:00', delivery: 'low_flow', flowLpm: 2 })
    const o2 = await save('oxygen', { measuredAt: '2025-03-04T08:00', delivery: 'low_flow', flowLpm: 3 })
    expect((await post('mon', `/api/forms/${v.d0}/queries`, { fieldPath: 'heartRate', text: 'Please confirm' })).statusCode).toBe(201)
    type Page = { records: (Rec & { openQueries: number })[]; totals: { records: Record<string, number>; openQueries: number; answeredQueries: number; visits: { label: string; day: number }[] } }
    const page = async (query: string) => {
      const res = await get('coord', `/api/subjects/${sid}/forms${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json<Page>()
    }
    const totals = { records: { vital_signs: 5, oxygen: 2 }, openQueries: 1, answeredQueries: 0, visits: [{ label: 'Day 0', day: 0 }, { label: 'Day 7', day: 7 }] }
    const first = await page('?limit=2')
    expect(first.records.map((r) => r.id)).toEqual([o1, o2, v.d4b, v.d7])
    // the query is on a record the page leaves out, and still counted
    expect(first.records.reduce((n, r) => n + r.openQueries, 0)).toBe(0)
    expect(first.totals).toEqual(totals)
    expect((await page('?limit=2&expand=vital_signs')).records.map((r) => r.id)).toEqual([v.d0, o1, v.d2, o2, v.d4a, v.d4b, v.d7])
    expect((await page('?limit=1&expand=oxygen,neuro')).records.map((r) => r.id)).toEqual([o1, o2, v.d7])
    const all = await page('')
    expect(all.records.map((r) => r.id)).toEqual([v.d0, o1, v.d2, o2, v.d4a, v.d4b, v.d7])
    expect(all.totals).toEqual(totals)
    expect((await page('?includeVoided=false')).records.map((r) => r.id)).not.toContain(voided)
    const withVoided = await page('?includeVoided=true&limit=1&type=vital_signs')
    expect(withVoided.records.map((r) => r.id)).toEqual([voided])
    expect(withVoided.totals.records).toEqual({ vital_signs: 6 })
    for (const bad of ['?limit=0', '?limit=x', '?expand=vitals', '?includeVoided=1', '?limit=1.5']) {
      const res = await get('coord', `/api/subjects/${sid}/forms${bad}`)
      expect(res.statusCode, bad).toBe(400)
    }
  })
})
