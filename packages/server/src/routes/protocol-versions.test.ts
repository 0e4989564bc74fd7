import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, type Protocol } from '@celltrial/core'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { verifyAuditChain } from '../audit/chain.js'
import { studyReportFromDb } from '../report/study-report.js'

/**
 * Protocol amendments (issue 3 item 1): upload of a new version (validated, audited, nothing overwritten), the
 * changes in words, and each subject staying on the version of its consent until re-consented, on PGlite and
 * PostgreSQL. Version 1.0 of NCT06352281 is effective 2025-06-20 with R = count > 30 x10^9/L (and doubling).
 */

let db: Db
let app: App
let studyId: number
let siteId: number
let otherSiteId: number
const clock = fixedClock('2025-07-01T08:00:00.000Z')
const DAY = 86_400_000
const v1 = loadSeedProtocols().find((p) => p.identification.registryId === 'NCT06352281')!

/** Version 2.0, effective 2025-08-01: R needs a count >= 50 and the DLT window is 21 days. */
function amended(): Protocol {
  const p = structuredClone(v1)
  p.version = { number: '2.0', effectiveDate: '2025-08-01', status: 'approved', supersedes: '1.0', summary: 'Amendment 1: higher response threshold' }
  p.endpoints.response.rThreshold = 50
  p.endpoints.response.rComparator = '>='
  if (p.escalation.design !== 'none') p.escalation.dltWindowDays = 21
  return p
}

/** Baseline 10 before LD, then 40-45 from Day 14: a response under 1.0 (> 30), none under 2.0 (>= 50). */
const SERIES: [number, number][] = [[-6, 10], [14, 40], [21, 45], [28, 42]]

const as = async (user: string) => login(app, user)
const post = async (user: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: await as(user), payload: payload as Record<string, unknown> })
const get = async (user: string, url: string) => app.inject({ url, headers: await as(user) })

/** Enrol a subject through the API (today's consent), then give it an infusion and platelet counts. */
async function enrol(code: string, infusionDate: string): Promise<number> {
  const res = await post('coord', `/api/studies/${studyId}/subjects`, { siteId, code, sex: 'F', ageYears: 40 })
  expect(res.statusCode).toBe(201)
  const id = res.json<{ id: number }>().id
  await db.kysely.updateTable('subject').set({ infusion_date: infusionDate, ld_start_date: addDays(infusionDate, -5), dose_level: 'DL1' }).where('id', '=', id).execute()
  await db.kysely
    .insertInto('lab_result')
    .values(SERIES.map(([day, value]) => ({ subject_id: id, test_code: 'PLAT', value, unit: '10^9/L', collected_on: addDays(infusionDate, day), ref_low: null, ref_high: null, voided_at: null, void_reason: null })))
    .execute()
  return id
}

async function response(subjectId: number) {
  const res = await get('coord', `/api/subjects/${subjectId}/response`)
  expect(res.statusCode).toBe(200)
  const body = res.json<{ protocolVersion: string; derived: { params: { rThreshold: number; rComparator: string }; result: { bestResponse: string } } }>()
  return { version: body.protocolVersion, rThreshold: body.derived.params.rThreshold, rComparator: body.derived.params.rComparator, best: body.derived.result.bestResponse }
}

/** Best response of one subject in the study results report (evaluated per subject on its own version). */
async function reportBest(code: string): Promise<string> {
  const { report } = await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-08-10' })
  return report.subjects.find((r) => r.id === code)!.result.bestResponse
}

let early: number

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT06352281', ['KUN01', 'SZ01'])
  studyId = made.studyId
  siteId = made.siteIds[0]!
  otherSiteId = made.siteIds[1]!
  await db.kysely.updateTable('study').set({ protocol: JSON.stringify(v1), protocol_version: '1.0' }).where('id', '=', studyId).execute()
  await makeUser(db, 'admin', ['admin'], [], clock.now())
  await makeUser(db, 'coord', ['coordinator'], [siteId], clock.now())
  await makeUser(db, 'coord.sz', ['coordinator'], [otherSiteId], clock.now())
  await makeUser(db, 'mon', ['monitor'], [siteId], clock.now())
  await makeUser(db, 'inv', ['investigator'], [siteId], clock.now())
  early = await enrol('KUN01-001', '2025-05-01')
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('uploading an amended protocol', () => {
  it('is for roles that may configure a study only', async () => {
    for (const user of ['coord', 'inv', 'mon']) expect((await post(user, `/api/studies/${studyId}/protocol-versions`, { protocol: amended() })).statusCode).toBe(403)
  })

  it('reports every schema error of the file with its path, and stores nothing', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately breaking fields of the JSON
    const bad = structuredClone(amended()) as Record<string, any>
    bad.identification.registryId = 'NCT123'
    bad.arms[0].doseLevels[1].dose.cellsPerKg = -1
    delete bad.version.effectiveDate
    const res = await post('admin', `/api/studies/${studyId}/protocol-versions`, { protocol: bad })
    expect(res.statusCode).toBe(400)
    const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['protocol.identification.registryId', 'protocol.arms.0.doseLevels.1.dose.cellsPerKg', 'protocol.version.effectiveDate']))
    expect(paths).toHaveLength(3)
    expect((await get('admin', `/api/studies/${studyId}/protocol-versions`)).json<{ versions: unknown[] }>().versions).toHaveLength(1)
  })

  it('refuses a file that is not an amendment of the current version, naming each rule broken', async () => {
    const p = amended()
    p.identification.registryId = 'NCT05315778'
    p.version = { ...p.version, effectiveDate: '2025-06-19', supersedes: '0.9' }
    const res = await post('admin', `/api/studies/${studyId}/protocol-versions`, { protocol: p })
    expect(res.statusCode).toBe(400)
    const error = res.json<{ error: { message: string; details: { path: string; message: string }[] } }>().error
    expect(error.message).toContain('NCT06352281 version 1.0')
    expect(error.details.map((d) => d.path)).toEqual(['protocol.identification.registryId', 'protocol.version.supersedes', 'protocol.version.effectiveDate'])
    expect(error.details[2]!.message).toContain('before 2025-06-20')
  })

  it('stores a new version beside the old one, audited with the changes in words', async () => {
    const res = await post('admin', `/api/studies/${studyId}/protocol-versions`, { protocol: amended(), note: 'IRB approval 2025-06-28' })
    expect(res.statusCode).toBe(201)
    const body = res.json<{ version: { id: number; number: string }; changes: { text: string }[] }>()
    expect(body.version.number).toBe('2.0')
    expect(body.changes.map((c) => c.text)).toEqual([
      'Escalation dltWindowDays: 28 -> 21',
      'Endpoint parameter rThreshold: 30 -> 50',
      'Endpoint parameter rComparator: > -> >=',
    ])
    const list = (await get('coord', `/api/studies/${studyId}/protocol-versions`)).json<{ versions: { id: number; number: string; effectiveDate: string; inForce: boolean; latest: boolean }[] }>()
    expect(list.versions.map((v) => [v.number, v.effectiveDate, v.inForce, v.latest])).toEqual([
      ['1.0', '2025-06-20', true, false],
      ['2.0', '2025-08-01', false, true],
    ])
    const rows = await db.kysely.selectFrom('study_protocol_version').select(['version_number', 'protocol']).where('study_id', '=', studyId).orderBy('id').execute()
    expect(rows.map((r) => r.version_number)).toEqual(['1.0', '1.0', '2.0'])
    expect((rows[1]!.protocol as Protocol).endpoints.response.rThreshold).toBe(30)
    expect((rows[2]!.protocol as Protocol).endpoints.response.rThreshold).toBe(50)
    const audit = await db.kysely.selectFrom('audit_event').select(['actor', 'new_value', 'reason']).where('entity', '=', 'study_protocol_version').where('entity_id', '=', String(body.version.id)).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor).toBe('admin')
    expect(audit[0]!.reason).toBe('IRB approval 2025-06-28')
    expect((audit[0]!.new_value as { changes: string[] }).changes).toContain('Endpoint parameter rThreshold: 30 -> 50')

    const diff = (await get('mon', `/api/studies/${studyId}/protocol-versions/diff?from=${list.versions[1]!.id}&to=${list.versions[0]!.id}`)).json<{ from: { number: string }; changes: { text: string }[] }>()
    expect(diff.from.number).toBe('2.0')
    expect(diff.changes.map((c) => c.text)).toContain('Endpoint parameter rThreshold: 50 -> 30')
    expect((await get('mon', `/api/studies/${studyId}/protocol-versions/diff?from=999999`)).statusCode).toBe(400)
  })

  it('refuses the same version twice', async () => {
    const res = await post('admin', `/api/studies/${studyId}/protocol-versions`, { protocol: amended() })
    expect(res.statusCode).toBe(400)
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['protocol.version.supersedes', 'protocol.version.number'])
  })
})

describe('each subject stays on the version of its consent', () => {
  let late: number

  it('keeps a subject consented under 1.0 on 1.0 after 2.0 takes effect: its thresholds, its DLT window', async () => {
    clock.advance(40 * DAY) // 2025-08-10: version 2.0 is in force
    expect(await response(early)).toEqual({ version: '1.0', rThreshold: 30, rComparator: '>', best: 'R' })
    expect(await reportBest('KUN01-001')).toBe('R') // the study report, too, keeps 1.0's threshold for it
    expect((await get('coord', `/api/subjects/${early}/dlt-assessment`)).json<{ windowDays: number }>().windowDays).toBe(28)
    const consent = (await get('coord', `/api/subjects/${early}/consent`)).json<{ current: { number: string; consentedOn: string; pinned: boolean }; laterVersions: { number: string }[] }>()
    expect(consent.current).toMatchObject({ number: '1.0', consentedOn: '2025-07-01', pinned: true })
    expect(consent.laterVersions.map((v) => v.number)).toEqual(['2.0'])
  })

  it('puts a subject consenting after 2.0 took effect on 2.0', async () => {
    late = await enrol('KUN01-002', '2025-05-01')
    expect(await response(late)).toEqual({ version: '2.0', rThreshold: 50, rComparator: '>=', best: 'NR' })
    expect([await reportBest('KUN01-001'), await reportBest('KUN01-002')]).toEqual(['R', 'NR']) // same counts, own versions
    expect((await get('coord', `/api/subjects/${late}/dlt-assessment`)).json<{ windowDays: number }>().windowDays).toBe(21)
    expect((await get('coord', `/api/subjects/${late}/consent`)).json<{ laterVersions: unknown[] }>().laterVersions).toEqual([])
  })

  it('counts each subject in the DLT panel against its own version\'s window: a signed Day 25 DLT under 1.0 stays a DLT', async () => {
    const sign = { password: PASSWORD, meaning: 'I adjudicated this DLT assessment' }
    const adjudicate = (id: number, body: object) => post('inv', `/api/subjects/${id}/dlt-assessment`, { ...body, ...sign })
    // early (1.0, 28 days): a DLT on Day 25 is inside its window; late (2.0, 21 days) completed its window without DLT
    expect((await adjudicate(early, { evaluable: true, dlt: true, eventDescription: 'ICANS grade 3', dltGrade: 3, onsetDate: '2025-05-26' })).statusCode).toBe(201)
    expect((await adjudicate(late, { evaluable: true, dlt: true, eventDescription: 'ICANS grade 3', dltGrade: 3, onsetDate: '2025-05-26' })).statusCode).toBe(400)
    expect((await adjudicate(late, { evaluable: true, dlt: false })).statusCode).toBe(201)
    const panel = (await get('inv', `/api/studies/${studyId}/escalation`)).json<{ levels: { doseLevel: string; nEvaluable: number; nDlt: number }[] }>()
    expect(panel.levels.find((l) => l.doseLevel === 'DL1')).toMatchObject({ nEvaluable: 2, nDlt: 1 })
  })

  it('re-consents only at the subject site, to a later version in force on the date, not in the future', async () => {
    const versions = (await get('coord', `/api/studies/${studyId}/protocol-versions`)).json<{ versions: { id: number; number: string }[] }>().versions
    const v2 = versions.find((v) => v.number === '2.0')!.id
    const v1id = versions.find((v) => v.number === '1.0')!.id
    const url = `/api/subjects/${early}/consent`
    expect((await post('mon', url, { versionId: v2, on: '2025-08-05' })).statusCode).toBe(403)
    expect((await post('coord.sz', url, { versionId: v2, on: '2025-08-05' })).statusCode).toBe(404)
    const notYet = await post('coord', url, { versionId: v2, on: '2025-07-31' })
    expect(notYet.statusCode).toBe(400)
    expect(notYet.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([{ path: 'on', message: 'version 2.0 takes effect on 2025-08-01, after 2025-07-31' }])
    expect((await post('coord', url, { versionId: v2, on: '2025-08-11' })).json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe('on')
    expect((await post('coord', url, { versionId: v1id, on: '2025-08-05' })).json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe('versionId')
    expect(await response(early)).toMatchObject({ version: '1.0', rThreshold: 30 })
  })

  it('switches the subject to 2.0 after re-consent: thresholds, verdict and DLT window, audited', async () => {
    const versions = (await get('coord', `/api/studies/${studyId}/protocol-versions`)).json<{ versions: { id: number; number: string }[] }>().versions
    const v2 = versions.find((v) => v.number === '2.0')!.id
    const res = await post('coord', `/api/subjects/${early}/consent`, { versionId: v2, on: '2025-08-05', note: 'amendment 1 consent form signed' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ kind: 're-consent', version_number: '2.0', consented_on: '2025-08-05', from: { number: '1.0' } })
    expect(await response(early)).toEqual({ version: '2.0', rThreshold: 50, rComparator: '>=', best: 'NR' })
    expect(await reportBest('KUN01-001')).toBe('NR')
    expect((await get('coord', `/api/subjects/${early}/dlt-assessment`)).json<{ windowDays: number }>().windowDays).toBe(21)
    const consent = (await get('coord', `/api/subjects/${early}/consent`)).json<{ current: { number: string }; history: { kind: string; version_number: string }[] }>()
    expect(consent.current.number).toBe('2.0')
    expect(consent.history.map((h) => [h.kind, h.version_number])).toEqual([['consent', '1.0'], ['re-consent', '2.0']])
    const audit = await db.kysely.selectFrom('audit_event').select(['action', 'actor', 'reason']).where('entity', '=', 'subject_consent').where('action', '=', 're-consent').execute()
    expect(audit).toEqual([{ action: 're-consent', actor: 'coord', reason: 'amendment 1 consent form signed' }])
    expect((await post('coord', `/api/subjects/${early}/consent`, { versionId: v2, on: '2025-08-06' })).statusCode).toBe(400)
  })

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })
})

describe('subjects recorded without a consent row', () => {
  it('are pinned to the version in force at their consent when an amendment is uploaded', async () => {
    const loaded = await db.kysely
      .insertInto('subject')
      .values({ study_id: studyId, site_id: siteId, code: 'KUN01-003', status: 'consented', sex: 'M', age_years: 30, dose_level: null, ld_start_date: null, infusion_date: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.kysely
      .insertInto('subject_event')
      .values({ subject_id: loaded.id, event_type: 'consent', from_status: null, to_status: 'consented', occurred_on: '2025-07-10', reason: null, recorded_by: null, recorded_by_name: 'loader', recorded_at: clock.now().toISOString(), voided_at: null, void_reason: null })
      .execute()
    expect((await get('coord', `/api/subjects/${loaded.id}/consent`)).json()).toMatchObject({ current: { number: '1.0', consentedOn: '2025-07-10', pinned: false } })
    const v3 = amended()
    v3.version = { ...v3.version, number: '3.0', supersedes: '2.0', effectiveDate: '2025-08-01', summary: 'same-day amendment' }
    v3.screening.labLookbackDays = 14
    const res = await post('admin', `/api/studies/${studyId}/protocol-versions`, { protocol: v3 })
    expect(res.statusCode).toBe(201)
    expect(res.json<{ pinnedSubjects: number }>().pinnedSubjects).toBe(1)
    expect((await get('coord', `/api/subjects/${loaded.id}/consent`)).json()).toMatchObject({ current: { number: '1.0', consentedOn: '2025-07-10', pinned: true } })
  })
})

describe('screening', () => {
  it("re-screens a subject against its consented version, a new candidate against the version in force", async () => {
    const screen = async (body: object) => {
      const res = await post('coord', `/api/studies/${studyId}/screening`, { siteId, profile: { subjectId: 'ignored', sex: 'female' }, ...body })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<{ protocol_version: string }>().protocol_version
    }
    expect(await screen({ screeningNumber: 'KUN01-001', subjectId: early })).toBe('2.0')
    expect(await screen({ screeningNumber: 'KUN01-003' })).toBe('3.0')
  })
})
