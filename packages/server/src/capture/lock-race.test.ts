// A lock and a save of the same data run one after the other (capture/active-lock.ts `activeLockInTx`, signoff.ts
// `lock`). Only PostgreSQL runs transactions side by side; PGlite is one session, where the race cannot occur.
// A second connection plays the other transaction and holds it open, so the test does not depend on timing luck:
// the request under test must wait for that transaction and then see what it committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { freshPostgresUrl, TEST_ENGINE } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import { openDb, type Db } from '../db/connect.js'
import type { App } from '../app.js'

const onPostgres = TEST_ENGINE === 'postgres'
const clock = fixedClock('2025-03-20T08:00:00.000Z')
let db: Db
let app: App
let other: pg.Client
let drop: () => Promise<void>
let studyId: number
let subjectId: number
const H: Record<string, Record<string, string>> = {}

const vitals = { measuredAt: '2025-03-01T08:00', temperatureC: 37.2, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 84, spo2Percent: 98 }
const saveVitals = () => app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/forms`, headers: H.coord, payload: { formType: 'vital_signs', visitDay: 0, visitLabel: 'Day 0', data: vitals } })

/** Whether `p` is still pending after `ms` (the request is waiting for the other transaction). */
async function stillWaiting(p: Promise<unknown>, ms = 400): Promise<boolean> {
  const pending = Symbol('pending')
  return (await Promise.race([p, new Promise((r) => setTimeout(() => r(pending), ms))])) === pending
}

beforeAll(async () => {
  if (!onPostgres) return
  const made = await freshPostgresUrl()
  drop = made.drop
  db = await openDb({ engine: 'postgres', url: made.url })
  app = await testApp(db, clock)
  const study = await makeStudyAndSites(db, 'NCT-LOCKRACE', ['LRA'])
  studyId = study.studyId
  subjectId = (await db.kysely.insertInto('subject').values({ study_id: studyId, site_id: study.siteIds[0]!, code: 'LRA-001', status: 'short_term_follow_up', sex: 'F', age_years: 30, dose_level: 'DL1', ld_start_date: '2025-02-24', infusion_date: '2025-03-01' }).returning('id').executeTakeFirstOrThrow()).id
  await makeUser(db, 'coord.lockrace', ['coordinator'], [study.siteIds[0]!], clock.now())
  await makeUser(db, 'dm.lockrace', ['data_manager'], [], clock.now())
  H.coord = await login(app, 'coord.lockrace')
  H.dm = await login(app, 'dm.lockrace')
  const { default: pgModule } = await import('pg')
  other = new pgModule.Client({ connectionString: made.url })
  await other.connect()
})
afterAll(async () => {
  if (!onPostgres) return
  await other.end()
  await app.close()
  await db.close()
  await drop()
})

describe.runIf(onPostgres)('a lock and a save of the same data do not interleave (PostgreSQL)', () => {
  it('a form save and a lab save wait for a lock being taken on their subject and are then refused', async () => {
    await other.query('begin')
    // what signoff.ts `lock` does in its transaction: the subject's row FOR UPDATE, then the lock row
    await other.query('select id from subject where id = $1 for update', [subjectId])
    const lockId = (await other.query<{ id: number }>(
      `insert into data_lock (scope, study_id, subject_id, form_record_id, locked_by, locked_at) values ('subject', $1, $2, null, (select id from app_user where username = 'dm.lockrace'), now()) returning id`,
      [studyId, subjectId],
    )).rows[0]!.id
    const save = saveVitals()
    const lab = app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/labs`, headers: H.coord, payload: { testCode: 'PLAT', value: 42, unit: '10^9/L', collectedOn: '2025-03-02' } })
    const waited = await stillWaiting(Promise.race([save, lab]))
    await other.query('commit')
    const res = await save
    expect(waited, 'the save did not wait for the lock transaction').toBe(true)
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json<{ error: { message: string } }>().error.message).toContain(`subject lock ${lockId}`)
    const labRes = await lab
    expect(labRes.statusCode, labRes.body).toBe(409)
    expect(Number((await db.kysely.selectFrom('lab_result').select((eb) => eb.fn.countAll<number>().as('n')).where('subject_id', '=', subjectId).executeTakeFirstOrThrow()).n)).toBe(0)
    expect(Number((await db.kysely.selectFrom('form_record').select((eb) => eb.fn.countAll<number>().as('n')).where('subject_id', '=', subjectId).executeTakeFirstOrThrow()).n)).toBe(0)
    await other.query('update data_lock set unlocked_at = now(), unlock_reason = $2 where id = $1', [lockId, 'test: lifted'])
  })

  it.each(['subject', 'study'] as const)('a %s lock waits for a save in progress; saves after it are refused', async (scope) => {
    await other.query('begin')
    // what a save does in its transaction before it writes (active-lock.ts `activeLockInTx`)
    await other.query('select subject.id from subject join study on study.id = subject.study_id where subject.id = $1 for share', [subjectId])
    const lockReq = app.inject({ method: 'POST', url: '/api/locks', headers: H.dm, payload: { scope, id: scope === 'study' ? studyId : subjectId } })
    const waited = await stillWaiting(lockReq)
    await other.query('commit')
    const res = await lockReq
    expect(waited, `the ${scope} lock did not wait for the save transaction`).toBe(true)
    expect(res.statusCode, res.body).toBe(201)
    expect((await saveVitals()).statusCode).toBe(409)
    await other.query('update data_lock set unlocked_at = now(), unlock_reason = $2 where id = $1', [res.json<{ id: number }>().id, 'test: lifted'])
  })
})
