import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, clopperPearson, evaluateResponse, responseCountTable, type ResponseInput, type ResponseParams } from '@celltrial/core'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { verifyAuditChain } from '../audit/chain.js'

let db: Db
let app: App
let studyId: number
let siteA: number
let siteB: number
const subjects: Record<string, number> = {}
const clock = fixedClock()
const protocol = loadSeedProtocols().find((p) => p.identification.registryId === 'NCT06352281')!

/** [protocol day, value]: R confirmed from Day 21 (> 30 and >= 2 x baseline 10), still in response. */
const SERIES_A: [number, number][] = [[-5, 10], [0, 12], [14, 20], [21, 45], [28, 50], [35, 60]]
/** CR from Day 14 (> 100), confirmed Day 21, then a confirmed loss of R on Days 42 and 49. */
const SERIES_B: [number, number][] = [[-5, 8], [14, 150], [21, 160], [28, 120], [42, 20], [49, 18]]

async function addSubject(code: string, siteId: number, infusionDate: string, ldStartDate: string, series: [number, number][]) {
  const row = await db.kysely
    .insertInto('subject')
    .values({ study_id: studyId, site_id: siteId, code, status: 'short_term_follow_up', sex: 'F', age_years: 20, dose_level: 'DL1', ld_start_date: ldStartDate, infusion_date: infusionDate })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (series.length > 0)
    await db.kysely
      .insertInto('lab_result')
      .values(series.map(([day, value]) => ({ subject_id: row.id, test_code: 'PLAT', value, unit: '10^9/L', collected_on: addDays(infusionDate, day), ref_low: null, ref_high: null, voided_at: null, void_reason: null })))
      .execute()
  subjects[code] = row.id
  return row.id
}

interface SubjectResponseBody {
  protocolVersion: string
  sources: { plateletCounts: number }
  derived: { id: number; protocolVersion: string; params: ResponseParams; input: ResponseInput; inputFingerprint: string; result: ReturnType<typeof evaluateResponse>; countTable: ReturnType<typeof responseCountTable> } | null
}

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT06352281', ['RSA', 'RSB'])
  studyId = made.studyId
  siteA = made.siteIds[0]!
  siteB = made.siteIds[1]!
  await db.kysely.updateTable('study').set({ protocol: JSON.stringify(protocol), protocol_version: protocol.version.number }).where('id', '=', studyId).execute()
  await makeUser(db, 'coord.a', ['coordinator'], [siteA], clock.now())
  await makeUser(db, 'coord.b', ['coordinator'], [siteB], clock.now())
  await makeUser(db, 'stat', ['statistician'], [], clock.now())
  await addSubject('RSA-001', siteA, '2025-01-10', '2025-01-05', SERIES_A)
  await addSubject('RSA-002', siteA, '2025-02-10', '2025-02-05', SERIES_B)
  await addSubject('RSB-001', siteB, '2025-03-10', '2025-03-05', [[-5, 5], [14, 6], [21, 7]])
  await addSubject('RSB-002', siteB, '2025-04-10', '2025-04-05', [[-5, 10], [14, 40], [21, 50]])
  await db.kysely.insertInto('subject').values({ study_id: studyId, site_id: siteB, code: 'RSB-003', status: 'consented', sex: 'M', age_years: 30, dose_level: null, ld_start_date: null, infusion_date: null }).execute()
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('GET /api/subjects/:id/response', () => {
  it('returns exactly what core evaluateResponse gives on the same input, with the protocol parameters', async () => {
    const res = await app.inject({ url: `/api/subjects/${subjects['RSA-001']}/response`, headers: await login(app, 'coord.a') })
    expect(res.statusCode).toBe(200)
    const body = res.json<SubjectResponseBody>()
    const d = body.derived!
    const params = protocol.endpoints.response
    expect(d.input).toEqual({
      infusionDate: '2025-01-10',
      ldStartDate: '2025-01-05',
      plateletCounts: SERIES_A.map(([day, value]) => ({ date: addDays('2025-01-10', day), value })),
      rescueEvents: [],
      bleedingEvents: [],
      newItpTherapyStartDate: null,
    })
    expect(d.result).toEqual(JSON.parse(JSON.stringify(evaluateResponse(d.input, params))))
    expect(d.countTable).toEqual(JSON.parse(JSON.stringify(responseCountTable(d.input, params))))
    expect(d.result.bestResponse).toBe('R')
    expect(d.result.TTR).toBe(21)
    expect(d.result.explanation.thresholds.rComparator).toBe('>')
    expect(d.countTable.filter((r) => !r.evaluable).map((r) => r.exclusion)).toEqual(['BEFORE_EVAL_START', 'BEFORE_EVAL_START'])
  })

  it('records the protocol version and the exact parameters used, in the table too', async () => {
    const res = await app.inject({ url: `/api/subjects/${subjects['RSA-002']}/response`, headers: await login(app, 'coord.a') })
    const d = res.json<SubjectResponseBody>().derived!
    expect(d.protocolVersion).toBe(protocol.version.number)
    expect(d.params).toEqual(JSON.parse(JSON.stringify(protocol.endpoints.response)))
    expect(d.inputFingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(d.result.bestResponse).toBe('CR')
    expect(d.result.episodes.R[0]?.lossPair?.map((c) => c.day)).toEqual([42, 49])
    const row = await db.kysely.selectFrom('derived_response').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow()
    expect(row.protocol_version).toBe(protocol.version.number)
    expect(row.params).toEqual(d.params)
    expect(row.best_response).toBe('CR')
    expect(row.superseded_at).toBeNull()
  })

  it('keeps the stored result while nothing changed, and recomputes when a lab value is added', async () => {
    const h = await login(app, 'coord.a')
    const id = subjects['RSA-001']!
    const first = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody>().derived!
    const again = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody>().derived!
    expect(again.id).toBe(first.id)
    expect(first.result.DoREvent).toBe(false)
    // two counts below 30, at least one day apart: confirmed loss of R
    for (const [day, value] of [[42, 12], [49, 10]] as const) {
      const add = await app.inject({ method: 'POST', url: `/api/subjects/${id}/labs`, headers: h, payload: { testCode: 'PLAT', value, unit: '10^9/L', collectedOn: addDays('2025-01-10', day) } })
      expect(add.statusCode).toBe(201)
    }
    const after = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody>().derived!
    expect(after.id).not.toBe(first.id)
    expect(after.inputFingerprint).not.toBe(first.inputFingerprint)
    expect(after.result.relapse).toBe(true)
    expect(after.result.lossDay).toBe(42)
    expect(after.result).toEqual(JSON.parse(JSON.stringify(evaluateResponse(after.input, protocol.endpoints.response))))
    // the old row is superseded, not deleted, and both evaluations are in the audit trail
    const rows = await db.kysely.selectFrom('derived_response').select(['id', 'superseded_at']).where('subject_id', '=', id).orderBy('id').execute()
    expect(rows.map((r) => r.superseded_at === null)).toEqual([false, true])
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'reason']).where('entity', '=', 'derived_response').where('entity_id', '=', String(after.id)).execute()
    expect(audit).toEqual([{ action: 'derive', reason: 'response recomputed: inputs changed' }])
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })

  it('recomputes when a lab value is corrected or voided', async () => {
    const h = await login(app, 'coord.a')
    const id = subjects['RSA-001']!
    const labs = await db.kysely.selectFrom('lab_result').select(['id', 'collected_on']).where('subject_id', '=', id).orderBy('collected_on').execute()
    const day49 = labs.find((l) => l.collected_on === addDays('2025-01-10', 49))!
    const fix = await app.inject({ method: 'PUT', url: `/api/labs/${day49.id}`, headers: h, payload: { value: 70, reason: 'transcription error' } })
    expect(fix.statusCode).toBe(200)
    const corrected = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody>().derived!
    expect(corrected.result.relapse).toBe(false)
    await db.kysely.updateTable('lab_result').set({ voided_at: clock.now().toISOString(), void_reason: 'wrong patient' }).where('id', '=', day49.id).execute()
    const voided = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody>().derived!
    expect(voided.input.plateletCounts.map((c) => c.date)).not.toContain(day49.collected_on)
    expect(voided.id).not.toBe(corrected.id)
  })

  it('takes rescue therapy, new ITP therapy and bleeding from the capture forms (not voided, not drafts)', async () => {
    const h = await login(app, 'coord.a')
    const id = await addSubject('RSA-003', siteA, '2025-05-10', '2025-05-05', [[-5, 10], [14, 40], [21, 50], [28, 60], [35, 70], [60, 250]])
    const before = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody>().derived!
    expect(before.result.bestResponse).toBe('R')
    const userId = (await db.kysely.selectFrom('app_user').select('id').where('username', '=', 'coord.a').executeTakeFirstOrThrow()).id
    const now = clock.now().toISOString()
    const form = (form_type: string, observed_on: string, data: object, extra: { status?: 'draft' | 'saved'; voided?: boolean } = {}) => ({
      subject_id: id, study_id: studyId, site_id: siteA, form_type, visit_day: null, visit_label: null, observed_on, data: JSON.stringify(data),
      derived: '{}', overrides: '{}', status: extra.status ?? 'saved', version: 1, created_by: userId, created_at: now, updated_by: userId, updated_at: now,
      voided_at: extra.voided ? now : null, voided_by: extra.voided ? userId : null, void_reason: extra.voided ? 'entered in error' : null,
    })
    const d = (n: number) => addDays('2025-05-10', n)
    await db.kysely.insertInto('form_record').values([
      // IVIG on Days 12-13: the Day 14 and Day 21 counts fall in its 14-day window
      form('medication', d(12), { name: 'IVIG', category: 'RESCUE', rescueType: 'IVIG', dose: 1, unit: 'g/kg', start: d(12), end: d(13) }),
      // WHO grade 2 bleeding on Day 28: that count cannot qualify
      form('bleeding_event', d(28), { site: 'epistaxis', start: d(28), end: d(28), whoGrade: 2, itpBatGrade: 2, patientReportedOnly: false }),
      // daratumumab on Day 50: the Day 60 count is censored
      form('medication', d(50), { name: 'daratumumab', category: 'NEW_ITP_THERAPY', rescueType: null, dose: 16, unit: 'mg/kg', start: d(50), end: null }),
      // a voided record and a draft are not used
      form('medication', d(30), { name: 'rituximab', category: 'NEW_ITP_THERAPY', rescueType: null, dose: null, unit: null, start: d(30), end: null }, { voided: true }),
      form('medication', d(31), { name: 'TPO', category: 'RESCUE', rescueType: 'TPO_RA', dose: null, unit: null, start: d(31), end: d(31) }, { status: 'draft' }),
    ]).execute()
    const res = (await app.inject({ url: `/api/subjects/${id}/response`, headers: h })).json<SubjectResponseBody & { sources: { rescueEvents: number; bleedingEvents: number; newItpTherapyStartDate: string | null } }>()
    const after = res.derived!
    expect(after.id).not.toBe(before.id)
    expect(res.sources).toMatchObject({ rescueEvents: 1, bleedingEvents: 1, newItpTherapyStartDate: d(50) })
    expect(after.input.rescueEvents).toEqual([{ type: 'IVIG', startDate: d(12), endDate: d(13) }])
    expect(after.input.bleedingEvents).toEqual([{ startDate: d(28), endDate: d(28), scale: 'WHO', grade: 2 }])
    expect(after.countTable.filter((r) => !r.evaluable).map((r) => [r.day, r.exclusion])).toEqual([
      [-5, 'BEFORE_EVAL_START'], [14, 'RESCUE_WINDOW'], [21, 'RESCUE_WINDOW'], [60, 'NEW_ITP_THERAPY'],
    ])
    expect(after.result.flags).toContain('NEW_THERAPY_CENSORED')
    // Day 28 bleeding breaks the run: only Day 35 qualifies, so no confirmed response
    expect(after.result.bestResponse).toBe('NR')
    expect(after.result).toEqual(JSON.parse(JSON.stringify(evaluateResponse(after.input, protocol.endpoints.response))))
  })

  it("answers 404 for another site's subject and for no subject", async () => {
    const h = await login(app, 'coord.b')
    expect((await app.inject({ url: `/api/subjects/${subjects['RSA-001']}/response`, headers: h })).statusCode).toBe(404)
    expect((await app.inject({ url: '/api/subjects/999999/response', headers: h })).statusCode).toBe(404)
    expect((await app.inject({ url: `/api/subjects/${subjects['RSA-001']}/response` })).statusCode).toBe(401)
  })
})

describe('GET /api/studies/:id/efficacy', () => {
  it('summarises the infused subjects a cross-site reader may see: BOR, ORR and CR rate with exact CIs, TTR, DoR', async () => {
    const res = await app.inject({ url: `/api/studies/${studyId}/efficacy`, headers: await login(app, 'stat') })
    expect(res.statusCode).toBe(200)
    const s = res.json()
    // RSA-001 R, RSA-002 CR, RSA-003 NR (forms), RSB-001 NR, RSB-002 R (Day 14 40 > 30, Day 21 50: confirmed); RSB-003 not infused
    expect(s.n).toBe(5)
    expect(s.notInfused).toBe(1)
    expect(s.subjects.map((r: { code: string; bestResponse: string }) => [r.code, r.bestResponse])).toEqual([
      ['RSA-001', 'R'], ['RSA-002', 'CR'], ['RSA-003', 'NR'], ['RSB-001', 'NR'], ['RSB-002', 'R'],
    ])
    expect(s.bor).toEqual([
      { category: 'CR', label: 'CR', n: 1, percent: '20.0 %' },
      { category: 'R', label: 'R', n: 2, percent: '40.0 %' },
      { category: 'NR', label: 'NR', n: 2, percent: '40.0 %' },
      { category: 'NE', label: 'NE', n: 0, percent: '0.0 %' },
    ])
    const ci = clopperPearson(3, 5)
    expect(s.orr).toMatchObject({ x: 3, n: 5, display: '60.0 % (14.7–94.7)' })
    expect(s.orr.lower).toBeCloseTo(ci.lower, 12)
    expect(s.orr.upper).toBeCloseTo(ci.upper, 12)
    expect(s.crRate).toMatchObject({ x: 1, n: 5, display: '20.0 % (0.5–71.6)' })
    expect(s.ttr).toEqual({ n: 3, median: 14, min: 14, max: 21 })
    expect(s.dor).toMatchObject({ n: 3, confType: 'log-log', level: 0.95 })
    expect(s.protocolVersion).toBe(protocol.version.number)
  })

  it("counts only the caller's own site for a site-bound coordinator", async () => {
    const s = (await app.inject({ url: `/api/studies/${studyId}/efficacy`, headers: await login(app, 'coord.b') })).json()
    expect(s.subjects.map((r: { code: string }) => r.code)).toEqual(['RSB-001', 'RSB-002'])
    expect(s.n).toBe(2)
    expect(s.orr).toMatchObject({ x: 1, n: 2, display: '50.0 % (1.3–98.7)' })
    expect(s.crRate.x).toBe(0)
  })

  it('answers 404 for an unknown study', async () => {
    expect((await app.inject({ url: '/api/studies/999999/efficacy', headers: await login(app, 'stat') })).statusCode).toBe(404)
  })
})
