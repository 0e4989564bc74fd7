import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import { prescreen, ScreeningProfileSchema } from '@celltrial/core'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeUser, testApp } from '../testing/fixtures.js'
import { loadProtocols } from '../demo/load-protocols.js'
import { verifyAuditChain } from '../audit/chain.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

let db: Db
let app: App
let studyId: number
let siteA: number
let siteB: number
const clock = fixedClock('2025-06-15T08:00:00.000Z')

/** A refractory primary ITP candidate who meets every computable criterion of NCT06352281 (asOf 2025-06-15). */
const profile = (platelets = 12) => ({
  subjectId: 'ignored',
  birthDate: '1990-03-01',
  sex: 'female',
  diagnosis: { type: 'primary-itp', date: '2018-01-01' },
  labs: [
    { test: 'platelets', value: platelets, unit: '10^9/L', date: '2025-06-01' },
    { test: 'ALT', value: 20, unit: 'U/L', date: '2025-06-01', uln: 40 },
    { test: 'AST', value: 22, unit: 'U/L', date: '2025-06-01', uln: 40 },
    { test: 'creatinine', value: 0.7, unit: 'mg/dL', date: '2025-06-01', uln: 1.1 },
  ],
  therapies: [
    { class: 'corticosteroid', startDate: '2019-01-01', endDate: '2019-03-01', outcome: 'no-response' },
    { class: 'tpo-ra', startDate: '2020-01-01', endDate: '2022-01-01', outcome: 'no-response' },
    { class: 'rituximab', startDate: '2023-01-01', endDate: '2023-02-01', outcome: 'no-response' },
  ],
  medications: [],
  findings: Object.fromEntries(
    [
      'secondaryThrombocytopeniaCause', 'preventiveSplenectomy', 'otherHemostaticDisorder', 'plateletAgglutinationAbnormality',
      'concurrentMalignancy', 'historyOfCancerChemotherapyOrRadiotherapy', 'significantHeartDiseaseWithinOneYear',
      'thrombosisHistoryOrRisk', 'seriousActiveInfection', 'severeAllergyHistory', 'pregnant', 'lactating', 'mentalIllnessOrAddiction',
    ].map((n) => [n, false]),
  ),
  serology: ['HIV', 'HBsAg', 'anti-HBc', 'HCV-RNA'].map((test) => ({ test, result: 'negative', date: '2025-06-01' })),
  events: { otherTrialParticipation: null },
})
const ATTESTATIONS = ['INC-1', 'INC-4', 'INC-7', 'INC-8', 'EXC-9', 'EXC-12', 'EXC-17']

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  await loadProtocols(db.kysely, loadSeedProtocols(), clock.now())
  const study = await db.kysely.selectFrom('study').select('id').where('registry_id', '=', 'NCT06352281').executeTakeFirstOrThrow()
  studyId = study.id
  const own = await db.kysely.selectFrom('study_site').select('site_id').where('study_id', '=', studyId).orderBy('site_id').executeTakeFirstOrThrow()
  siteA = own.site_id
  const other = await db.kysely.insertInto('site').values({ code: 'SCR02', name: 'Second screening hospital', city: 'Suzhou', country: 'China' }).returning('id').executeTakeFirstOrThrow()
  siteB = other.id
  await db.kysely.insertInto('study_site').values({ study_id: studyId, site_id: siteB }).execute()
  await makeUser(db, 'scr.coord.a', ['coordinator'], [siteA], clock.now())
  await makeUser(db, 'scr.coord.b', ['coordinator'], [siteB], clock.now())
  await makeUser(db, 'scr.inv.a', ['investigator'], [siteA], clock.now())
  await makeUser(db, 'scr.inv.b', ['investigator'], [siteB], clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

async function screen(user: string, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: `/api/studies/${studyId}/screening`, headers: await login(app, user), payload: body })
}

describe('screening log', () => {
  it("stores the server's verdict, never the client's", async () => {
    const res = await screen('scr.coord.a', { siteId: siteA, screeningNumber: 'SCR-001', profile: profile(45), outcome: 'eligible', verdict: 'eligible' })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ outcome: 'ineligible', failed_criteria: ['INC-5'], screened_on: '2025-06-15', protocol_version: '1.0', site_id: siteA })
    const row = await db.kysely.selectFrom('screening_attempt').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(row.outcome).toBe('ineligible')
    expect(row.pending_attestations).toEqual(ATTESTATIONS)
    expect((row.profile as { subjectId: string }).subjectId).toBe('SCR-001')
  })

  it('refuses attestations sent with the profile and invalid profiles, naming the field', async () => {
    const withAtt = { ...profile(), attestations: [{ protocolId: 'NCT06352281', criterionId: 'INC-1', satisfied: true, signedBy: 'me', signedOn: '2025-06-15' }] }
    const res = await screen('scr.coord.a', { siteId: siteA, screeningNumber: 'SCR-009', profile: withAtt })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.details[0].path).toBe('profile.attestations')
    const bad = await screen('scr.coord.a', { siteId: siteA, screeningNumber: 'SCR-009', profile: { ...profile(), sex: 'x' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('profile.sex')
  })

  it('keeps the log per site: other sites neither see nor add to it', async () => {
    const hb = await login(app, 'scr.coord.b')
    const list = await app.inject({ url: `/api/studies/${studyId}/screening`, headers: hb })
    expect(list.statusCode).toBe(200)
    expect(list.json().attempts).toEqual([])
    const forced = await app.inject({ url: `/api/studies/${studyId}/screening?siteId=${siteA}`, headers: hb })
    expect(forced.statusCode).toBe(403)
    const ha = await login(app, 'scr.coord.a')
    const mine = (await app.inject({ url: `/api/studies/${studyId}/screening`, headers: ha })).json().attempts
    expect(mine.map((a: { screening_number: string }) => a.screening_number)).toEqual(['SCR-001'])
    const one = await app.inject({ url: `/api/screening/${mine[0].id}`, headers: hb })
    expect(one.statusCode).toBe(404)
    const elsewhere = await screen('scr.coord.b', { siteId: siteA, screeningNumber: 'SCR-002', profile: profile() })
    expect(elsewhere.statusCode).toBe(403)
  })

  it('links a re-screen of a screen failure to the failed attempt, once', async () => {
    const ha = await login(app, 'scr.coord.a')
    const first = (await app.inject({ url: `/api/studies/${studyId}/screening`, headers: ha })).json().attempts[0]
    const dup = await screen('scr.coord.a', { siteId: siteA, screeningNumber: 'SCR-001', profile: profile() })
    expect(dup.statusCode).toBe(409)
    const again = await screen('scr.coord.a', { siteId: siteA, previousAttemptId: first.id, profile: profile(12) })
    expect(again.statusCode).toBe(201)
    expect(again.json()).toMatchObject({ previous_attempt_id: first.id, screening_number: 'SCR-001', outcome: 'incomplete', failed_criteria: [] })
    const twice = await screen('scr.coord.a', { siteId: siteA, previousAttemptId: first.id, profile: profile(12) })
    expect(twice.statusCode).toBe(409)
    const log = (await app.inject({ url: `/api/studies/${studyId}/screening?siteId=${siteA}`, headers: ha })).json().attempts
    expect(log.map((a: { id: number; rescreened_by: number | null }) => [a.id, a.rescreened_by])).toEqual([
      [first.id, again.json().id],
      [again.json().id, null],
    ])
    const trail = await db.kysely.selectFrom('audit_event').select(['action', 'new_value']).where('entity', '=', 'screening_attempt').where('entity_id', '=', String(again.json().id)).execute()
    expect(trail[0]).toMatchObject({ action: 'rescreen', new_value: { previousAttemptId: first.id } })
  })

  it('lets only an investigator of the site sign attestations; the verdict is recomputed and audited', async () => {
    const ha = await login(app, 'scr.coord.a')
    const attempt = (await app.inject({ url: `/api/studies/${studyId}/screening`, headers: ha })).json().attempts.at(-1)
    expect(attempt.outcome).toBe('incomplete')
    const sign = async (user: string, criterionId: string, satisfied = true) =>
      app.inject({ method: 'POST', url: `/api/screening/${attempt.id}/attestations`, headers: await login(app, user), payload: { criterionId, satisfied } })
    expect((await sign('scr.coord.a', 'INC-1')).statusCode).toBe(403)
    expect((await sign('scr.inv.b', 'INC-1')).statusCode).toBe(404)
    expect((await sign('scr.inv.a', 'INC-5')).statusCode).toBe(400)
    const responses = []
    for (const id of ATTESTATIONS) responses.push(await sign('scr.inv.a', id))
    expect(responses.map((r) => r.statusCode)).toEqual(ATTESTATIONS.map(() => 201))
    expect(responses.at(-1)?.json()).toMatchObject({ outcome: 'eligible', pending_attestations: [] })
    expect((await sign('scr.inv.a', 'INC-1')).statusCode).toBe(409)
    const full = (await app.inject({ url: `/api/screening/${attempt.id}`, headers: ha })).json()
    expect(full.attestations.map((a: { criterion_id: string; signed_by_name: string }) => [a.criterion_id, a.signed_by_name])).toEqual(ATTESTATIONS.map((id) => [id, 'scr.inv.a']))
    const signs = await db.kysely.selectFrom('audit_event').select(['actor', 'action']).where('entity', '=', 'screening_attestation').execute()
    expect(signs).toHaveLength(ATTESTATIONS.length)
    expect(signs.every((s) => s.actor === 'scr.inv.a' && s.action === 'sign')).toBe(true)
    const change = await db.kysely.selectFrom('audit_event').select(['old_value', 'new_value']).where('entity', '=', 'screening_attempt').where('entity_id', '=', String(attempt.id)).where('action', '=', 'update').execute()
    expect(change).toEqual([{ old_value: { outcome: 'incomplete' }, new_value: { outcome: 'eligible' } }])
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })
})

describe('pre-screening', () => {
  it('ranks every loaded protocol, most promising first, as core does', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/screening/prescreen', headers: await login(app, 'scr.coord.b'), payload: { profile: profile(), asOf: '2025-06-15' } })
    expect(res.statusCode).toBe(200)
    const results = res.json().results as { protocolId: string; verdict: string; studyId: number }[]
    const expected = prescreen(ScreeningProfileSchema.parse(profile()), loadSeedProtocols(), { asOf: '2025-06-15' })
    expect(results.map((r) => [r.protocolId, r.verdict])).toEqual(expected.map((r) => [r.protocolId, r.verdict]))
    expect(results).toHaveLength(4)
    expect(results.find((r) => r.protocolId === 'NCT06352281')?.studyId).toBe(studyId)
  })
})

describe('protocol viewer', () => {
  it('returns the protocol, its endpoints in words and the changes between versions', async () => {
    const h = await login(app, 'scr.coord.b')
    const one = (await app.inject({ url: `/api/studies/${studyId}/protocol`, headers: h })).json()
    expect(one.protocol.identification.registryId).toBe('NCT06352281')
    expect(one.versions.map((v: { number: string }) => v.number)).toEqual(['1.0'])
    expect(one.diffs).toEqual([])
    expect(one.endpointText.en[0].text).toMatch(/^platelet count > 30 x10\^9\/L and at least doubling of baseline, confirmed on 2 counts >= 7 days apart/)
    const amended = { ...one.protocol, version: { ...one.protocol.version, number: '1.1', effectiveDate: '2025-07-01', supersedes: '1.0', summary: 'shorter lab lookback' }, screening: { ...one.protocol.screening, labLookbackDays: 14 } }
    await db.kysely.updateTable('study').set({ protocol: JSON.stringify(amended), protocol_version: '1.1' }).where('id', '=', studyId).execute()
    const two = (await app.inject({ url: `/api/studies/${studyId}/protocol`, headers: h })).json()
    expect(two.versions.map((v: { number: string }) => v.number)).toEqual(['1.0', '1.1'])
    expect(two.diffs[0].changes).toContainEqual({ path: ['screening', 'labLookbackDays'], old: 28, new: 14 })
  })
})
