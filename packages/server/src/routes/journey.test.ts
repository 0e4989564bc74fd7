import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

/** API tests of the subject journey (regimen-and-dosing.md §3, §5, §5.1, §6), on PGlite and PostgreSQL. */

let db: Db
let app: App
let siteId: number
let subjectId: number
let h: Record<string, string>
const clock = fixedClock('2025-06-15T08:00:00.000Z')

const protocolJson = readFileSync(new URL('../../../protocols/NCT06352281/protocol.json', import.meta.url), 'utf8')
const adult = { heightCm: 165, weightKg: 60, ageYears: 40, sex: 'female', serumCreatinine: 0.8, creatinineUnit: 'mg/dL', doseLevelId: 'DL1', viableCellsPerMl: 1e6, carPositiveFraction: 0.5 }

const post = (url: string, payload: unknown, headers = h) => app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })
const event = (type: string, on: string, reason?: string) => post(`/api/subjects/${subjectId}/events`, { type, on, reason })

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT06352281', ['KUN01'])
  siteId = made.siteIds[0]!
  await db.kysely.updateTable('study').set({ protocol: protocolJson }).where('id', '=', made.studyId).execute()
  await makeUser(db, 'coord', ['coordinator'], [siteId], clock.now())
  await makeUser(db, 'mon', ['monitor'], [siteId], clock.now())
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

  it('saves the LD record, sets ld_start_date and starts lymphodepletion', async () => {
    const res = await post(`/api/subjects/${subjectId}/lymphodepletion`, { ...adult, startDate: '2025-06-10' })
    expect(res.statusCode).toBe(201)
    const subject = (await app.inject({ url: `/api/subjects/${subjectId}`, headers: h })).json()
    expect(subject).toMatchObject({ status: 'lymphodepletion', ld_start_date: '2025-06-10' })
  })

  it('refuses the infusion after a mismatched bedside scan', async () => {
    const product = (await app.inject({ url: `/api/subjects/${subjectId}/product`, headers: h })).json().product
    const wrong = await post(`/api/subjects/${subjectId}/product/bedside-verifications`, { bagId: 'BAG-1', scannedPatientId: 'KUN01-001', scannedCoiIdentifier: 'NCT06352281-KUN01-0002-X', secondVerifier: 'nurse Li' })
    expect(wrong.statusCode).toBe(201)
    expect(wrong.json()).toMatchObject({ result: 'mismatch', deviation: true, infusionAllowed: false })
    const refused = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, bagId: 'BAG-1', infusionDate: '2025-06-15' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.message).toContain('"mismatch"')
    const unverified = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, bagId: 'BAG-2', infusionDate: '2025-06-15' })
    expect(unverified.statusCode).toBe(409)
    expect(unverified.json().error.message).toContain('no bedside identity verification')
    const subject = (await app.inject({ url: `/api/subjects/${subjectId}`, headers: h })).json()
    expect(subject).toMatchObject({ status: 'lymphodepletion', infusion_date: null })
    // one verifier is not enough
    const alone = await post(`/api/subjects/${subjectId}/product/bedside-verifications`, { bagId: 'BAG-1', scannedPatientId: 'KUN01-001', scannedCoiIdentifier: product.coi_identifier, secondVerifier: 'coord' })
    expect(alone.json().result).toBe('incomplete')
  })

  it('records the infusion after a matching two-person check and generates the schedule from Day 0', async () => {
    const product = (await app.inject({ url: `/api/subjects/${subjectId}/product`, headers: h })).json().product
    const ok = await post(`/api/subjects/${subjectId}/product/bedside-verifications`, { bagId: 'BAG-1', scannedPatientId: 'KUN01-001', scannedCoiIdentifier: product.coi_identifier, secondVerifier: 'nurse Li' })
    expect(ok.json().result).toBe('match')
    const res = await post(`/api/subjects/${subjectId}/infusion`, { ...adult, bagId: 'BAG-1', infusionDate: '2025-06-15' })
    expect(res.statusCode).toBe(201)
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
    expect(res.body).toContain('DTSTART;VALUE=DATE:20250621')
    expect(res.body).not.toContain('SUMMARY:KUN01-001 Day 2\r\n') // done visits are not exported
    expect(res.body.trimEnd().endsWith('END:VCALENDAR')).toBe(true)
    const other = await app.inject({ url: `/api/sites/${siteId}/calendar.ics`, headers: await login(app, 'mon') })
    expect(other.statusCode).toBe(200)
  })
})
