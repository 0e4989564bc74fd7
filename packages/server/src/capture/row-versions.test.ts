import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD, testApp } from '../testing/fixtures.js'
import type { App } from '../app.js'
import type { Db } from '../db/connect.js'
import { bedsideDataOf, capturedForms, keyWithout, loadBedsideData, BEDSIDE_FORM_TYPES } from '../safety/bedside-source.js'
import { loadSafetySubject, subjectCourse } from '../safety/evaluate.js'
import { parseRevHeads, revHeads } from '../db/row-version-cache.js'

/**
 * Row versions (migration 0013) and what the server keeps by them: the subject's record list and bedside safety
 * course must show every change at once, on the database it was made in.
 */

interface World {
  db: Db
  app: App
  inv: Record<string, string>
  studyId: number
  siteId: number
}
const clock = fixedClock('2025-06-15T08:00:00.000Z')

async function world(registryId: string): Promise<World> {
  const user = `inv.${registryId.slice(-1).toLowerCase()}`
  const db = await freshDb()
  const app = await testApp(db, clock)
  const { studyId, siteIds } = await makeStudyAndSites(db, registryId, ['RV01'])
  const siteId = siteIds[0]!
  await makeUser(db, user, ['investigator'], [siteId])
  return { db, app, studyId, siteId, inv: await login(app, user) }
}

async function subject(w: World, code: string) {
  const row = await w.db.kysely
    .insertInto('subject')
    .values({ study_id: w.studyId, site_id: w.siteId, code, status: 'infused', sex: 'F', age_years: 40, dose_level: 'DL1', ld_start_date: '2025-06-05', infusion_date: '2025-06-10' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

const vitals = (temperatureC: number, heartRate = 90) => ({ measuredAt: '2025-06-11T08:00', temperatureC, systolicMmHg: 118, diastolicMmHg: 70, heartRate, spo2Percent: 97 })
const rev = async (w: World, id: number) => Number((await w.db.kysely.selectFrom('form_record').select('rev').where('id', '=', id).executeTakeFirstOrThrow()).rev)

async function safety(w: World, id: number) {
  const r = await w.app.inject({ url: `/api/subjects/${id}/safety`, headers: w.inv })
  expect(r.statusCode, r.body).toBe(200)
  return r.json<Safety>()
}
type Safety = { course: { crs: { maxGrade: number | null; days: { day: number; outcome: { kind: string; grade?: number; drivers?: { component: string; finding: string }[] } }[] } } }
/** Each CRS day: day, fever finding. */
const days = (s: Safety) => s.course.crs.days.map((d) => [d.day, d.outcome.drivers?.find((x) => x.component === 'fever')?.finding])
async function records(w: World, id: number) {
  const r = await w.app.inject({ url: `/api/subjects/${id}/forms`, headers: w.inv })
  expect(r.statusCode, r.body).toBe(200)
  return r.json<{ records: { id: number; version: number; status: string; data: { temperatureC: number; heartRate: number }; signature: unknown }[] }>().records
}

let a: World
let b: World
beforeAll(async () => {
  a = await world('NCT-REV-A')
  b = await world('NCT-REV-B')
})
afterAll(async () => {
  for (const w of [a, b]) {
    if (!w) continue
    await w.app.close()
    await w.db.close()
  }
})

describe('form_record.rev (migration 0013)', () => {
  it('is new on every insert and on every update of the row, whatever changed, and cannot be chosen', async () => {
    const id = await subject(a, 'REV-001')
    const saved = await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/forms`, payload: { formType: 'vital_signs', data: vitals(37) }, headers: a.inv })
    expect(saved.statusCode, saved.body).toBe(201)
    const recordId = saved.json<{ id: number }>().id
    const seen = [await rev(a, recordId)]
    // a status-only change (no new version number) gives a new rev too
    await a.db.kysely.updateTable('form_record').set({ status: 'signed' }).where('id', '=', recordId).execute()
    seen.push(await rev(a, recordId))
    // an update naming a rev of its own gets the trigger's
    await a.db.kysely.updateTable('form_record').set({ status: 'saved', rev: seen[0]! } as never).where('id', '=', recordId).execute()
    seen.push(await rev(a, recordId))
    expect(new Set(seen).size).toBe(3)
    expect(seen[1]).toBeGreaterThan(seen[0]!)
    expect(seen[2]).toBeGreaterThan(seen[1]!)
    // unique across the table
    await expect(sql`update form_record set rev = ${seen[2]!} where id <> ${recordId}`.execute(a.db.kysely)).resolves.toBeDefined()
    const dup = await sql<{ n: number }>`select count(*)::int as n from (select rev from form_record group by rev having count(*) > 1) d`.execute(a.db.kysely)
    expect(dup.rows[0]!.n).toBe(0)
  })

  it('study_protocol_version.protocol_md5 is the MD5 of the stored JSON, set by the database', async () => {
    const rows = await sql<{ ok: boolean; n: number }>`select bool_and(protocol_md5 = md5(protocol::text)) as ok, count(*)::int as n from study_protocol_version`.execute(a.db.kysely)
    expect(rows.rows[0]).toEqual({ ok: true, n: 1 })
    await sql`update study_protocol_version set protocol_md5 = 'not a digest'`.execute(a.db.kysely)
    const after = await sql<{ ok: boolean }>`select bool_and(protocol_md5 = md5(protocol::text)) as ok from study_protocol_version`.execute(a.db.kysely)
    expect(after.rows[0]!.ok).toBe(true)
  })
})

describe('record versions kept between requests', () => {
  it('a changed, signed or voided record shows at once on the record list and in the bedside safety course', async () => {
    const id = await subject(a, 'REV-002')
    const saved = await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/forms`, payload: { formType: 'vital_signs', data: vitals(38.6) }, headers: a.inv })
    const recordId = saved.json<{ id: number }>().id
    // read twice: the second read comes from what the first kept
    for (let i = 0; i < 2; i++) {
      expect((await safety(a, id)).course.crs.maxGrade).toBe(1)
      expect((await records(a, id)).map((r) => [r.id, r.version, r.data.temperatureC])).toEqual([[recordId, 1, 38.6]])
    }
    // fever gone: the day graded 0 from the new value, version 2 on the list
    const changed = await a.app.inject({ method: 'PUT', url: `/api/forms/${recordId}`, payload: { data: vitals(37.2), reason: 'transcription error' }, headers: a.inv })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(days(await safety(a, id))).toEqual([[1, 'afebrile 37.2 °C']])
    expect((await safety(a, id)).course.crs.maxGrade).toBe(0)
    expect((await records(a, id)).map((r) => [r.version, r.status, r.data.temperatureC])).toEqual([[2, 'saved', 37.2]])
    // a signature changes the status without a new version
    const signed = await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/signatures`, payload: { scope: 'form', recordId, password: PASSWORD, meaning: 'approval' }, headers: a.inv })
    expect(signed.statusCode, signed.body).toBe(201)
    expect((await records(a, id)).map((r) => [r.version, r.status, r.signature !== null])).toEqual([[2, 'signed', true]])
    // back to fever in a second record, then the first voided: only the second is graded and listed
    const second = (await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/forms`, payload: { formType: 'vital_signs', data: vitals(39.1, 120) }, headers: a.inv })).json<{ id: number }>().id
    expect((await safety(a, id)).course.crs.maxGrade).toBe(1)
    const voided = await a.app.inject({ method: 'POST', url: `/api/forms/${recordId}/void`, payload: { reason: 'entered for the wrong subject' }, headers: a.inv })
    expect(voided.statusCode, voided.body).toBe(200)
    expect((await records(a, id)).map((r) => r.id)).toEqual([second])
    expect((await safety(a, id)).course.crs.maxGrade).toBe(1)
  })

  it('the bedside records come in id order, whatever order the database returns their versions in', async () => {
    const id = await subject(a, 'REV-ORDER')
    const ids: number[] = []
    // later records measured earlier: the subject's index (subject, form type, observed on, id) runs against ids
    for (const [t, day] of [[36.6, 13], [37.1, 12], [37.4, 11]] as const) {
      const data = { ...vitals(t), measuredAt: `2025-06-${day}T08:00` }
      const r = await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/forms`, payload: { formType: 'vital_signs', data }, headers: a.inv })
      expect(r.statusCode, r.body).toBe(201)
      ids.push(r.json<{ id: number }>().id)
    }
    // and an update writes a new version of the first after the others
    await a.db.kysely.updateTable('form_record').set({ status: 'signed' }).where('id', '=', ids[0]!).execute()
    const unordered = await sql<{ heads: string }>`select ${revHeads()} as heads from form_record where subject_id = ${id}`.execute(a.db.kysely)
    expect(parseRevHeads(unordered.rows[0]!.heads).map((h) => h.id)).not.toEqual(ids)
    expect((await capturedForms(a.db.kysely, id, ['vital_signs'])).map((r) => r.id)).toEqual(ids)
  })

  it('a safety course is computed once for a set of record versions, and anew when one changes', async () => {
    const id = await subject(a, 'REV-COURSE')
    const save = async (t: number) => {
      const r = await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/forms`, payload: { formType: 'vital_signs', data: vitals(t) }, headers: a.inv })
      expect(r.statusCode, r.body).toBe(201)
      return r.json<{ id: number }>().id
    }
    const recordId = await save(37.2)
    const s = (await loadSafetySubject(a.db.kysely, id))!
    const first = (await subjectCourse(a.db.kysely, s))!.course
    expect((await subjectCourse(a.db.kysely, s))!.course).toBe(first)
    expect(Object.isFrozen(first.crs)).toBe(true)
    expect(first.crs.maxGrade).toBe(0)
    await save(38.6)
    const second = (await subjectCourse(a.db.kysely, s))!.course
    expect(second).not.toBe(first)
    expect(second.crs.maxGrade).toBe(1)
    // a change of the first record (a new row version) is a new course, though the records are the same ones
    await a.db.kysely.updateTable('form_record').set({ data: JSON.stringify(vitals(36.5)) }).where('id', '=', recordId).execute()
    const third = (await subjectCourse(a.db.kysely, s))!.course
    expect(third).not.toBe(second)
    expect(third.crs.maxGrade).toBe(1)
    // and another age grades another course (the ICANS tool is chosen by age)
    expect((await subjectCourse(a.db.kysely, { ...s, age_years: 10 }))!.course).not.toBe(third)
  })

  it('a snapshot key without a record drops exactly the version of that record', () => {
    const key = '2025-06-10|40|,112:5,12:7,1:9,'
    expect(keyWithout(key, 12)).toBe('2025-06-10|40|,112:5,1:9,')
    expect(keyWithout(key, 1)).toBe('2025-06-10|40|,112:5,12:7,')
    expect(keyWithout(key, 112)).toBe('2025-06-10|40|,12:7,1:9,')
    expect(keyWithout(key, 2)).toBe(key)
    expect(keyWithout('2025-06-10|40|,,', 1)).toBe('2025-06-10|40|,,')
  })

  it('the bedside data after each save, built from the previous data plus the record, equals the data built in one pass', async () => {
    const id = await subject(a, 'REV-SNAPSHOT')
    const s = (await loadSafetySubject(a.db.kysely, id))!
    const subj = { id, infusion_date: s.infusion_date!, age_years: s.age_years }
    const onePass = async () => bedsideDataOf(await capturedForms(a.db.kysely, id, BEDSIDE_FORM_TYPES), { infusionDate: subj.infusion_date, ageYears: subj.age_years })
    const check = async () => {
      const snap = await loadBedsideData(a.db.kysely, subj)
      expect({ data: snap.data, issues: snap.issues, maxId: snap.maxId }).toEqual(await onePass())
      return snap
    }
    const post = async (formType: string, data: unknown, draft = false) => {
      const r = await a.app.inject({ method: 'POST', url: `/api/subjects/${id}/forms`, payload: { formType, data, draft }, headers: a.inv })
      expect(r.statusCode, r.body).toBe(201)
      return r.json<{ id: number }>().id
    }
    expect((await check()).maxId).toBe(-1)
    const first = await post('vital_signs', vitals(37.0))
    await check()
    await post('oxygen', { measuredAt: '2025-06-11T09:00', delivery: 'low_flow', flowLpm: 2 })
    await post('vital_signs', vitals(38.4, 112))
    const afterThree = await check()
    expect([afterThree.data.vitals.length, afterThree.data.oxygen.length]).toEqual([2, 1])
    // a draft is not bedside data; an adverse event is not a bedside form
    await post('vital_signs', vitals(39.9), true)
    expect((await check()).key).toBe(afterThree.key)
    // an edit of the first record (not the newest id) and a void: built in one pass again, and still equal
    const edited = await a.app.inject({ method: 'PUT', url: `/api/forms/${first}`, payload: { data: vitals(36.4), reason: 'transcription error' }, headers: a.inv })
    expect(edited.statusCode, edited.body).toBe(200)
    const afterEdit = await check()
    expect(afterEdit.data.vitals.map((v) => v.data.temperatureC)).toEqual([36.4, 38.4])
    await post('vital_signs', vitals(37.8))
    const voided = await a.app.inject({ method: 'POST', url: `/api/forms/${first}/void`, payload: { reason: 'entered for the wrong subject' }, headers: a.inv })
    expect(voided.statusCode, voided.body).toBe(200)
    expect((await check()).data.vitals.map((v) => v.data.temperatureC)).toEqual([38.4, 37.8])
    // a save after all that is built from the data before it
    await post('vital_signs', vitals(38.1))
    expect((await check()).data.vitals.map((v) => v.data.temperatureC)).toEqual([38.4, 37.8, 38.1])
  })

  it('two databases in one process keep their own versions, even of rows with the same id and rev', async () => {
    // the same subject id, record id and rev in both databases, with different data
    const [ia, ib] = [await subject(a, 'REV-SAME'), await subject(b, 'REV-SAME')]
    const next = Math.max(ia, ib) + 1
    for (const w of [a, b]) await sql`select setval('subject_id_seq', ${next}::int, false)`.execute(w.db.kysely)
    const [sa, sb] = [await subject(a, 'REV-SAME-2'), await subject(b, 'REV-SAME-2')]
    expect(sa).toBe(sb)
    for (const w of [a, b]) {
      await sql`select setval('form_record_id_seq', 500, false)`.execute(w.db.kysely)
      await sql`select setval('form_record_rev_seq', 900, false)`.execute(w.db.kysely)
    }
    await a.app.inject({ method: 'POST', url: `/api/subjects/${sa}/forms`, payload: { formType: 'vital_signs', data: vitals(38.9) }, headers: a.inv })
    await b.app.inject({ method: 'POST', url: `/api/subjects/${sb}/forms`, payload: { formType: 'vital_signs', data: vitals(36.5) }, headers: b.inv })
    const [ra, rb] = [await records(a, sa), await records(b, sb)]
    expect(ra.map((r) => r.id)).toEqual(rb.map((r) => r.id))
    expect(await rev(b, rb[0]!.id)).toBe(await rev(a, ra[0]!.id))
    expect(ra[0]!.data.temperatureC).toBe(38.9)
    expect(rb[0]!.data.temperatureC).toBe(36.5)
    expect((await safety(a, sa)).course.crs.maxGrade).toBe(1)
    expect(days(await safety(a, sa))).toEqual([[1, 'fever 38.9 °C (≥ 38.0)']])
    expect(days(await safety(b, sb))).toEqual([[1, 'afebrile 36.5 °C']])
  })
})
