import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { PASSWORD, fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { newTotpSecret, totp } from '../auth/totp.js'
import { sealTotpSecret } from '../auth/totp-secret.js'

/** API tests of the subject journey (regimen-and-dosing.md §3, §5, §5.1, §6), on PGlite and PostgreSQL. */

let db: Db
let app: App
let siteId: number
let subjectId: number
let studyId: number
let h: Record<string, string>
let nurseId: number
const clock = fixedClock('2025-06-15T08:00:00.000Z')

const protocolJson = readFileSync(new URL('../../../protocols/NCT06352281/protocol.json', import.meta.url), 'utf8')
// regimen-and-dosing.md §3: the per-kg cell dose uses the weight at leukapheresis (the start-apheresis event below)
const adult = { heightCm: 165, weightKg: 60, ageYears: 40, sex: 'female', serumCreatinine: 0.8, creatinineUnit: 'mg/dL', doseLevelId: 'DL1', viableCellsPerMl: 1e6, carPositiveFraction: 0.5, weights: [{ date: '2025-06-03', weightKg: 60 }] }

const post = (url: string, payload: unknown, headers = h) => app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })
const event = (type: string, on: string, reason?: string) => post(`/api/subjects/${subjectId}/events`, { type, on, reason })

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT06352281', ['KUN01'])
  siteId = made.siteIds[0]!
  studyId = made.studyId
  await db.kysely.updateTable('study').set({ protocol: protocolJson }).where('id', '=', made.studyId).execute()
  await makeUser(db, 'coord', ['coordinator'], [siteId], clock.now())
  await makeUser(db, 'mon', ['monitor'], [siteId], clock.now())
  nurseId = await makeUser(db, 'nurse.li', ['coordinator'], [siteId], clock.now())
  await makeUser(db, 'nurse.lock', ['investigator'], [siteId], clock.now())
  const other = await db.kysely.insertInto('site').values({ code: 'SZ01', name: 'Hospital SZ01', city: 'Suzhou', country: 'China' }).returning('id').executeTakeFirstOrThrow()
  await makeUser(db, 'nurse.sz', ['coordinator'], [other.id], clock.now())
  h = await login(app, 'coord')
  const res = await post(`/api/studies/${made.studyId}/subjects`, { siteId, code: 'KUN01-001', sex: 'F', ageYears: 40 })
  expect(res.statusCode).toBe(201)
  subjectId = res.json<{ id: number }>().id
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('lifecycle through the state machine', () => {
  it('refuses an illegal transition with 409 naming the state and the allowed events', async () => {
    const res = await event('start-apheresis', '2025-06-01')
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('illegal_transition')
    expect(res.json().error.message).toContain('"consented"')
    expect(res.json().error.message).toContain('start-screening')
  })

  it('needs a reason to withdraw, and refuses infuse outside the infusion record', async () => {
    const res = await event('withdraw', '2025-06-01')
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toContain('needs a reason')
    expect((await event('infuse', '2025-06-01')).statusCode).toBe(409)
  })

  it('refuses a monitor (no data entry)', async () => {
    const res = await post(`/api/subjects/${subjectId}/events`, { type: 'start-screening', on: '2025-06-01' }, await login(app, 'mon'))
    expect(res.statusCode).toBe(403)
  })

  it('records legal events with date, author and an audit record', async () => {
    for (const [type, on] of [['start-screening', '2025-06-01'], ['enrol', '2025-06-02'], ['start-apheresis', '2025-06-03'], ['start-manufacturing', '2025-06-04']] as const) {
      expect((await event(type, on)).statusCode).toBe(201)
    }
    expect((await event('release', '2025-06-03')).statusCode).toBe(400) // before the previous step
    expect((await event('release', '2025-06-20')).statusCode).toBe(400) // after today
    expect((await event('release', '2025-06-05')).statusCode).toBe(201)
    const journey = (await app.inject({ url: `/api/subjects/${subjectId}/journey`, headers: h })).json()
    expect(journey.status).toBe('released')
    expect(journey.events.map((e: { event_type: string }) => e.event_type)).toEqual(['start-screening', 'enrol', 'start-apheresis', 'start-manufacturing', 'release'])
    expect(journey.events[0].recorded_by_name).toBe('coord')
    expect(journey.allowedEvents).toContain('start-lymphodepletion')
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('entity', '=', 'subject').where('action', '=', 'transition').execute()
    expect(audit).toHaveLength(5)
    expect(audit[4]?.new_value).toMatchObject({ status: 'released', event: 'release', on: '2025-06-05' })
  })
})

describe('chain of identity and custody', () => {
  it('assigns the COI identifier and refuses a DIN with a wrong check character', async () => {
    const bad = await post(`/api/subjects/${subjectId}/product`, { din: 'G123 498 654 321 A' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('check character A does not match H')
    const res = await post(`/api/subjects/${subjectId}/product`, { din: 'G123 498 654 321 H' })
    expect(res.statusCode).toBe(201)
    expect(res.json().coi_identifier).toMatch(/^NCT06352281-KUN01-0001-[0-9A-Z*]$/)
    expect(res.json()).toMatchObject({ din: 'G123498654321', din_check_character: 'H' })
  })

  it('validates the custody chain: a gap is refused, a broken seal is recorded and reported', async () => {
    const hand = (from: string, to: string, at: string, sealIntact = true) =>
      post(`/api/subjects/${subjectId}/product/hand-offs`, { materialId: 'BAG-1', from, to, place: 'Kunming', at, temperatureCondition: 'LN2 vapour <= -150 C', temperatureInRange: true, sealIntact })
    expect((await hand('manufacturer', 'courier', '2025-06-06T08:00+08:00')).statusCode).toBe(201)
    const gap = await hand('airline', 'KUN01 cell therapy lab', '2025-06-06T18:00+08:00')
    expect(gap.statusCode).toBe(409)
    expect(gap.json().error.message).toContain('previous hand-off ended with "courier"')
    const sealed = await hand('courier', 'KUN01 cell therapy lab', '2025-06-06T18:00+08:00', false)
    expect(sealed.statusCode).toBe(201)
    expect(sealed.json().chain.issues.map((i: { code: string }) => i.code)).toEqual(['custody.seal_broken'])
    const chain = (await app.inject({ url: `/api/subjects/${subjectId}/product`, headers: h })).json()
    expect(chain.handOffs).toHaveLength(2)
    expect(chain.custody.ok).toBe(false)
  })
})

describe('dosing, bedside verification and infusion', () => {
  /** A bedside check by coord (logged in) with nurse.li as the authenticated second verifier; the correct COI unless overridden. */
  const verify = async (scan: { scannedCoiIdentifier?: string }, secondVerifier: { username: string; password: string; totpCode?: string } = { username: 'nurse.li', password: PASSWORD }) => {
    const coi = (await app.inject({ url: `/api/subjects/${subjectId}/product`, headers: h })).json().product.coi_identifier as string
    return post(`/api/subjects/${subjectId}/product/bedside-verifications`, { bagId: 'BAG-1', scannedPatientId: 'KUN01-001', scannedCoiIdentifier: scan.scannedCoiIdentifier ?? coi, secondVerifier })
  }
  it('computes BSA, renal function, LD and cell doses with their formulas, and refuses values outside limits', async () => {
    const res = await post(`/api/subjects/${subjectId}/dosing/calculate`, adult)
    expect(res.statusCode).toBe(200)
    const d = res.json()
    expect(d.bsa.bsaM2).toBe(1.66)
    expect(d.bsa.equation).toContain('sqrt')
    expect(d.renal.value).toBeCloseTo(88.54, 2)
    expect(d.ld.drugs[0]).toMatchObject({ name: 'fludarabine', dailyCalculatedMg: 49.8, dailyPrescribedMg: 50 })
    expect(d.cellDose.targetCells).toBe(9e6)
    expect(d.volume.volumeMl).toBe(18)
    expect((await post(`/api/subjects/${subjectId}/dosing/calculate`, { ...adult, weightKg: 400 })).statusCode).toBe(400)
    const renal = await post(`/api/subjects/${subjectId}/dosing/calculate`, { ...adult, serumCreatinine: 5 })
    expect(renal.statusCode).toBe(400)
    expect(renal.json().error.message).toContain('do not administer')
  })

  it('calculates the per-kg cell dose from the weight at leukapheresis, not the LD weight (§3 default)', async () => {
    const weights = [{ date: '2025-06-01', weightKg: 58 }, { date: '2025-06-03', weightKg: 64 }, { date: '2025-06-10', weightKg: 60 }]
    const res = await post(`/api/subjects/${subjectId}/dosing/calculate`, { ...adult, weights })
    expect(res.statusCode, res.body).toBe(200)
    const d = res.json()
    expect(d.bsa.bsaM2).toBe(1.66) // the LD doses keep the entered 60 kg
    expect(d.cellDoseWeight).toEqual({ source: 'leukapheresis', date: '2025-06-03', weightKg: 64 })
    expect([d.cellDose.weightKg, d.cellDose.targetCells]).toEqual([64, 9.6e6]) // 1.5e5/kg x 64 kg
    // without it the calculator still gives the LD doses and says why there is no cell dose; the infusion is refused
    for (const missing of [undefined, [{ date: '2025-06-02', weightKg: 64 }]]) {
      const partial = await post(`/api/subjects/${subjectId}/dosing/calculate`, { ...adult, weights: missing })
      expect(partial.statusCode).toBe(200)
      expect([partial.json().bsa.bsaM2, partial.json().cellDose, partial.json().volume]).toEqual([1.66, null, null])
      expect(partial.json().cellDoseIssues).toEqual([expect.objectContaining({ code: 'dosing.no_weight_in_window', message: 'the per-kg cell dose uses the weight at leukapheresis (regimen-and-dosing.md §3): no weight measured on 2025-06-03 in "weights"' })])
    }
  })

  it('refuses a per-kg cell dose when no leukapheresis is recorded, rather than using another weight', async () => {
    const other = await post(`/api/studies/${studyId}/subjects`, { siteId, code: 'KUN01-002', sex: 'M', ageYears: 30 })
    expect(other.statusCode).toBe(201)
    const res = await post(`/api/subjects/${other.json().id}/dosing/calculate`, adult)
    expect(res.statusCode).toBe(200)
    expect(res.json().cellDose).toBeNull()
    expect(res.json().cellDoseIssues[0].message).toContain('no leukapheresis is recorded for this subject')
  })

  it('saves the LD record, sets ld_start_date and starts lymphodepletion', async () => {
    const res = await post(`/api/subjects/${subjectId}/lymphodepletion`, { ...adult, startDate: '2025-06-10' })
    expect(res.statusCode).toBe(201)
    const subject = (await app.inject({ url: `/api/subjects/${subjectId}`, headers: h })).json()
    expect(subject).toMatchObject({ status: 'lymphodepletion', ld_start_date: '2025-06-10' })
  })

  it('refuses the infusion after a mismatched bedside scan', async () => {
    const wrong = await verify({ scannedCoiIdentifier: 'NCT06352281-KUN01-0002-X' })
    expect(wrong.statusCode).toBe(201)
    expect(wrong.json()).toMatchObject({ result: 'mismatch', deviation: true, infusionAllowed: false, verifiers: ['coord', 'nurse.li'], second_verifier_id: nurseId })
    const refused = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, bagId: 'BAG-1', infusionDate: '2025-06-15' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.message).toContain('"mismatch"')
    const unverified = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, bagId: 'BAG-2', infusionDate: '2025-06-15' })
    expect(unverified.statusCode).toBe(409)
    expect(unverified.json().error.message).toContain('no bedside identity verification')
    const subject = (await app.inject({ url: `/api/subjects/${subjectId}`, headers: h })).json()
    expect(subject).toMatchObject({ status: 'lymphodepletion', infusion_date: null })
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('entity', '=', 'bedside_verification').where('entity_id', '=', String(wrong.json().id)).executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'deviation', actor: 'coord', new_value: { result: 'mismatch', secondVerifierUserId: nurseId, verifiers: ['coord', 'nurse.li'] } })
    // the second verifier's password check is audited as what it was, not as a login (no session was created)
    const checks = await db.kysely.selectFrom('audit_event').select('action').where('entity', '=', 'user').where('entity_id', '=', String(nurseId)).execute()
    expect(checks.map((c) => c.action)).toContain('second_verifier_authenticated')
    expect(checks.map((c) => c.action)).not.toContain('login')
    expect(await db.kysely.selectFrom('user_session').select('token_hash').where('user_id', '=', nurseId).execute()).toEqual([])
  })

  it('refuses a second verifier who is the logged-in user, not authenticated, or without a clinical role at the site', async () => {
    const count = async () => (await db.kysely.selectFrom('bedside_verification').select('id').where('subject_id', '=', subjectId).execute()).length
    const before = await count()
    const self = await verify({}, { username: 'coord', password: PASSWORD })
    expect(self.statusCode).toBe(400)
    expect(self.json().error.message).toContain('another person than the logged-in user coord')
    const typed = await post(`/api/subjects/${subjectId}/product/bedside-verifications`, { bagId: 'BAG-1', scannedPatientId: 'KUN01-001', scannedCoiIdentifier: 'x', secondVerifier: 'nurse Li' })
    expect(typed.statusCode).toBe(400) // a typed name is no longer accepted
    const badPassword = await verify({}, { username: 'nurse.li', password: 'not the password' })
    expect(badPassword.statusCode).toBe(401)
    expect(badPassword.json().error).toMatchObject({ code: 'invalid_credentials', message: 'second verifier: wrong username or password' })
    const nobody = await verify({}, { username: 'no.such.user', password: PASSWORD })
    expect(nobody.statusCode).toBe(401)
    const monitor = await verify({}, { username: 'mon', password: PASSWORD })
    expect(monitor.statusCode).toBe(403)
    expect(monitor.json().error.message).toBe('second verifier mon has no clinical role (investigator or coordinator) at site KUN01')
    const otherSite = await verify({}, { username: 'nurse.sz', password: PASSWORD })
    expect(otherSite.statusCode).toBe(403)
    expect(otherSite.json().error.message).toContain('at site KUN01')
    expect(await count()).toBe(before) // nothing stored for a refused request
    // the wrong password counted toward nurse.li's lockout and was audited; the later good one reset the count
    const li = await db.kysely.selectFrom('audit_event').select(['action']).where('entity', '=', 'user').where('entity_id', '=', String(nurseId)).orderBy('id').execute()
    expect(li.map((a) => a.action)).toContain('login_failed')
  })

  it('counts failed second-verifier attempts toward that user\'s login lockout', async () => {
    for (let i = 1; i <= 4; i++) expect((await verify({}, { username: 'nurse.lock', password: `wrong ${i}` })).statusCode).toBe(401)
    const user = await db.kysely.selectFrom('app_user').select(['id', 'failed_logins', 'locked_until']).where('username', '=', 'nurse.lock').executeTakeFirstOrThrow()
    expect(user).toMatchObject({ failed_logins: 4, locked_until: null })
    expect((await verify({}, { username: 'nurse.lock', password: 'wrong 5' })).statusCode).toBe(401) // the fifth failure locks
    const locked = await verify({}, { username: 'nurse.lock', password: PASSWORD })
    expect(locked.statusCode).toBe(423)
    expect(locked.json().error.message).toContain('second verifier nurse.lock: account locked')
    // the same account cannot log in either
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nurse.lock', password: PASSWORD } })
    expect(res.statusCode).toBe(423)
  })

  it('asks a second verifier with the TOTP second factor for their code, and accepts the right one', async () => {
    const id = await makeUser(db, 'nurse.totp', ['coordinator'], [siteId], clock.now())
    const secret = newTotpSecret()
    await db.kysely.insertInto('user_totp').values({ user_id: id, secret: sealTotpSecret(secret, id, undefined), created_at: clock.now().toISOString(), enabled_at: clock.now().toISOString(), last_used_step: null }).execute()
    const missing = await verify({}, { username: 'nurse.totp', password: PASSWORD })
    expect(missing.statusCode).toBe(401)
    expect(missing.json().error).toMatchObject({ code: 'totp_required', details: [{ path: 'secondVerifier.totpCode' }] })
    const wrong = await verify({}, { username: 'nurse.totp', password: PASSWORD, totpCode: totp(secret, clock.now().getTime() + 10 * 60_000) })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().error.message).toBe('second verifier nurse.totp: wrong or already used authentication code')
    const ok = await verify({}, { username: 'nurse.totp', password: PASSWORD, totpCode: totp(secret, clock.now().getTime()) })
    expect(ok.statusCode).toBe(201)
    expect(ok.json()).toMatchObject({ result: 'match', second_verifier_id: id, verifiers: ['coord', 'nurse.totp'] })
  })

  it('records the infusion after a matching two-person check and generates the schedule from Day 0', async () => {
    const ok = await verify({})
    expect(ok.statusCode).toBe(201)
    expect(ok.json()).toMatchObject({ result: 'match', recorded_by: expect.any(Number), second_verifier_id: nurseId, verifiers: ['coord', 'nurse.li'] })
    // §3: without the weight at leukapheresis there is no target cell dose to record
    const noWeight = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, weights: null, bagId: 'BAG-1', infusionDate: '2025-06-15' })
    expect(noWeight.statusCode).toBe(400)
    expect(noWeight.json().error.message).toContain('no weight measured on 2025-06-03')
    const res = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, bagId: 'BAG-1', infusionDate: '2025-06-15' })
    expect(res.statusCode).toBe(201)
    expect(res.json().dosing.cellDoseWeight).toEqual({ source: 'leukapheresis', date: '2025-06-03', weightKg: 60 })
    expect(res.json().record).toMatchObject({ target_cells: 9e6, volume_ml: 18, infusion_date: '2025-06-15' })
    const subject = (await app.inject({ url: `/api/subjects/${subjectId}`, headers: h })).json()
    expect(subject).toMatchObject({ status: 'infused', infusion_date: '2025-06-15', dose_level: 'DL1' })
    const visits = (await app.inject({ url: `/api/subjects/${subjectId}/visits`, headers: h })).json()
    expect(visits.asOf).toBe('2025-06-15')
    const d7 = visits.visits.find((v: { visitId: string }) => v.visitId === 'D7')
    expect(d7).toMatchObject({ targetDate: '2025-06-22', status: 'upcoming' })
  })
})

describe('visit schedule', () => {
  it('recomputes when the infusion date moves: reason required, change audited', async () => {
    const url = `/api/subjects/${subjectId}/infusion-date`
    expect((await app.inject({ method: 'PUT', url, headers: h, payload: { infusionDate: '2025-06-14', reason: ' ' } })).statusCode).toBe(400)
    const res = await app.inject({ method: 'PUT', url, headers: h, payload: { infusionDate: '2025-06-14', reason: 'infusion was given the day before; date entry error' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().changes.find((c: { visitId: string }) => c.visitId === 'D7')).toMatchObject({ previousTargetDate: '2025-06-22', newTargetDate: '2025-06-21', shiftDays: -1 })
    const visits = (await app.inject({ url: `/api/subjects/${subjectId}/visits`, headers: h })).json()
    expect(visits.visits.find((v: { visitId: string }) => v.visitId === 'D7').targetDate).toBe('2025-06-21')
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'reschedule').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ reason: 'infusion was given the day before; date entry error', old_value: { infusion_date: '2025-06-15' } })
  })

  it('flags overdue and out-of-window visits as of the server date', async () => {
    expect((await app.inject({ method: 'PUT', url: `/api/subjects/${subjectId}/visits/D2`, headers: h, payload: { doneOn: '2025-06-15' } })).statusCode).toBe(200)
    clock.advance(3 * 86_400_000) // 2025-06-18
    h = await login(app, 'coord') // the session has idled out
    const visits = (await app.inject({ url: `/api/subjects/${subjectId}/visits`, headers: h })).json()
    const status = (id: string) => visits.visits.find((v: { visitId: string }) => v.visitId === id).status
    expect(status('D2')).toBe('done-out-of-window') // Day 2 is 2025-06-16, window 0
    expect(status('D0')).toBe('overdue')
    expect(status('D4')).toBe('due')
    const codes = visits.deviations.map((d: { code: string }) => d.code)
    expect(codes).toContain('schedule.visit_overdue')
    expect(codes).toContain('schedule.visit_out_of_window')
    const cal = (await app.inject({ url: `/api/sites/${siteId}/calendar`, headers: h })).json()
    expect(cal.visits.some((v: { status: string; code: string }) => v.status === 'overdue' && v.code === 'KUN01-001')).toBe(true)
  })

  it('exports the site calendar as text/calendar', async () => {
    const res = await app.inject({ url: `/api/sites/${siteId}/calendar.ics`, headers: h })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/calendar/)
    expect(res.body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(res.body).toContain('SUMMARY:KUN01-001 Day 7')
    // a UID names the study too: a site's calendar spans studies whose subject codes may repeat (RFC 5545 §3.8.4.7)
    expect(res.body.replace(/\r\n /g, '')).toMatch(/\r\nUID:NCT\d{8}\.KUN01-001\.[^@\r]+@/)
    expect(res.body).toContain('DTSTART;VALUE=DATE:20250621')
    expect(res.body).not.toContain('SUMMARY:KUN01-001 Day 2\r\n') // done visits are not exported
    expect(res.body.trimEnd().endsWith('END:VCALENDAR')).toBe(true)
    const other = await app.inject({ url: `/api/sites/${siteId}/calendar.ics`, headers: await login(app, 'mon') })
    expect(other.statusCode).toBe(200)
  })
})
