import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD, testApp } from '../../testing/fixtures.js'
import type { Db } from '../../db/connect.js'
import type { App } from '../../app.js'
import { verifyAuditChain } from '../../audit/chain.js'

// Clock 2025-06-15: a subject infused before 2025-05-18 has completed the 28-day DLT window (safety-grading.md §5).
const clock = fixedClock('2025-06-15T08:00:00.000Z')
const src = [{ ref: 'test fixture' }]
const arms = [
  {
    id: 'A', label: 'CAR-T', type: 'EXPERIMENTAL', description: 'test arm', infusions: 1, sources: src,
    doseLevels: ['DL1', 'DL2', 'DL3'].map((id, i) => ({ id, label: `${id} label`, dose: { kind: 'per-kg', cellsPerKg: (i + 1) * 1e5, maxWeightKg: null }, sources: src })),
  },
]
const boinProtocol = {
  arms,
  escalation: { design: 'BOIN', targetToxicity: 0.3, cohortSize: 3, phi1Ratio: 0.6, phi2Ratio: 1.4, eliminationCutoff: 0.95, nEarlyStop: 100, dltWindowDays: 28, maxSampleSize: 12, startingDoseLevelId: 'DL1', sources: src },
}
const threeProtocol = {
  arms,
  escalation: { design: '3+3', cohortSize: 3, requireSixAtMtd: false, dltWindowDays: 28, maxSampleSize: 18, startingDoseLevelId: 'DL1', sources: src },
}

let db: Db
let app: App
let boin: number
let three: number
let km: number
let sz: number
const sign = { password: PASSWORD, meaning: 'I adjudicated this DLT assessment' }
let seq = 0

async function subject(studyId: number, siteId: number, doseLevel: string | null, infusionDate: string) {
  const row = await db.kysely
    .insertInto('subject')
    .values({ study_id: studyId, site_id: siteId, code: `S-${++seq}`, status: 'infused', sex: 'F', age_years: 30, dose_level: doseLevel, ld_start_date: null, infusion_date: infusionDate })
    .returning(['id', 'dose_level'])
    .executeTakeFirstOrThrow()
  return row
}
const noDlt = { evaluable: true, dlt: false, ...sign }
const aDlt = (onsetDate: string) => ({ evaluable: true, dlt: true, eventDescription: 'ICANS grade 3, probably related', dltGrade: 3, onsetDate, ...sign })

async function adjudicate(subjectId: number, body: object, user = 'inv.km') {
  return app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/dlt-assessment`, headers: await login(app, user), payload: body })
}
async function panel(studyId: number, user = 'inv.km') {
  const res = await app.inject({ url: `/api/studies/${studyId}/escalation`, headers: await login(app, user) })
  expect(res.statusCode).toBe(200)
  return res.json()
}
async function decide(studyId: number, body: object, user = 'safety') {
  return app.inject({ method: 'POST', url: `/api/studies/${studyId}/escalation/decisions`, headers: await login(app, user), payload: { meaning: 'SRC decision', password: PASSWORD, ...body } })
}

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const a = await makeStudyAndSites(db, 'NCT09990001', ['EKM', 'ESZ'])
  boin = a.studyId
  km = a.siteIds[0]!
  sz = a.siteIds[1]!
  await db.kysely.updateTable('study').set({ protocol: JSON.stringify(boinProtocol) }).where('id', '=', boin).execute()
  const b = await db.kysely.insertInto('study').values({ registry_id: 'NCT09990002', title: '3+3 test', product: 'CD19 CAR-T', phase: 'PHASE1', target_enrolment: 18, protocol: JSON.stringify(threeProtocol), protocol_version: '1.0' }).returning('id').executeTakeFirstOrThrow()
  three = b.id
  await db.kysely.insertInto('study_site').values({ study_id: three, site_id: km }).execute()
  await makeUser(db, 'inv.km', ['investigator'], [km], clock.now())
  await makeUser(db, 'inv.sz', ['investigator'], [sz], clock.now())
  await makeUser(db, 'coord.km', ['coordinator'], [km], clock.now())
  await makeUser(db, 'stat', ['statistician'], [], clock.now())
  await makeUser(db, 'safety', ['sponsor_safety'], [], clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('BOIN protocol: DLT counts from the database drive the recommendation', () => {
  const cohort1: number[] = []
  it('shows the boundary table and no recommendation until the cohort is adjudicated', async () => {
    for (let i = 0; i < 3; i++) cohort1.push((await subject(boin, km, 'DL1', '2025-04-01')).id)
    const p = await panel(boin)
    expect(p.design).toBe('BOIN')
    expect(p.currentDoseLevel).toBe('DL1')
    // dose-escalation.md §2.4, φ = 0.30, n = 3
    expect(p.boundaries.table[2]).toEqual({ n: 3, escalateIfDltLe: 0, deescalateIfDltGe: 2, eliminateIfDltGe: 3 })
    expect(p.recommendation).toBeNull()
    expect(p.noRecommendation).toBe('window-open')
    expect(p.pending.map((x: { reason: string }) => x.reason)).toEqual(['awaiting-adjudication', 'awaiting-adjudication', 'awaiting-adjudication'])
  })

  it('refuses adjudication by a coordinator, another site, or with a wrong password', async () => {
    expect((await adjudicate(cohort1[0]!, noDlt, 'coord.km')).statusCode).toBe(403)
    expect((await adjudicate(cohort1[0]!, noDlt, 'inv.sz')).statusCode).toBe(404)
    const wrong = await adjudicate(cohort1[0]!, { ...noDlt, password: 'not my password at all' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().error.code).toBe('invalid_credentials')
    expect((await adjudicate(cohort1[0]!, aDlt('2025-05-20'))).statusCode).toBe(400) // Day 49: outside the window
    expect((await adjudicate(cohort1[0]!, { evaluable: false, ...sign })).statusCode).toBe(400) // reason required
  })

  it('0/3 at DL1 -> escalate to DL2 (rule D1, §2.5 rule 3)', async () => {
    for (const id of cohort1) expect((await adjudicate(id, noDlt)).statusCode).toBe(201)
    const p = await panel(boin)
    expect(p.levels[0]).toMatchObject({ doseLevel: 'DL1', nEvaluable: 3, nDlt: 0, pending: [] })
    expect(p.recommendation).toMatchObject({ action: 'escalate', nextDoseLevel: 'DL2', rule: { id: 'escalate' } })
  })

  it('a later change voids the signature: the subject no longer counts until re-signed', async () => {
    const a = await app.inject({ url: `/api/subjects/${cohort1[2]}/dlt-assessment`, headers: await login(app, 'inv.km') })
    const id = a.json().assessment.id
    const h = await login(app, 'inv.km')
    const changed = await app.inject({ method: 'PUT', url: `/api/dlt-assessments/${id}`, headers: h, payload: { evaluable: true, dlt: false, reason: 'source document re-checked' } })
    expect(changed.statusCode).toBe(200)
    expect(changed.json().signed_at).toBeNull()
    const p = await panel(boin)
    expect(p.levels[0].nEvaluable).toBe(2)
    expect(p.noRecommendation).toBe('window-open')
    expect((await app.inject({ method: 'POST', url: `/api/dlt-assessments/${id}/sign`, headers: h, payload: { ...sign, password: 'wrong password here' } })).statusCode).toBe(401)
    expect((await app.inject({ method: 'POST', url: `/api/dlt-assessments/${id}/sign`, headers: h, payload: sign })).statusCode).toBe(200)
    expect((await panel(boin)).levels[0].nEvaluable).toBe(3)
    const actions = (await db.kysely.selectFrom('audit_event').select('action').where('entity', '=', 'dlt_assessment').where('entity_id', '=', String(id)).orderBy('id').execute()).map((r) => r.action)
    expect(actions).toEqual(['create', 'sign', 'update', 'signature_voided', 'signature_failed', 'sign'])
  })

  it('committee: only escalation.decide roles; override needs a reason; signature verified', async () => {
    expect((await decide(boin, { action: 'escalate', nextDoseLevel: 'DL2' }, 'coord.km')).statusCode).toBe(403)
    expect((await decide(boin, { action: 'escalate', nextDoseLevel: 'DL2' }, 'stat')).statusCode).toBe(403)
    expect((await panel(boin, 'stat')).canDecide).toBe(false)
    const noReason = await decide(boin, { action: 'stay', nextDoseLevel: 'DL1' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.details[0].path).toBe('reason')
    expect((await decide(boin, { action: 'escalate', nextDoseLevel: 'DL3' })).statusCode).toBe(400) // no dose skipping (§2.5: d + 1)
    expect((await decide(boin, { action: 'escalate', nextDoseLevel: 'DL2', password: 'wrong password here' })).statusCode).toBe(401)
    const ok = await decide(boin, { action: 'escalate', nextDoseLevel: 'DL2' })
    expect(ok.statusCode).toBe(201)
    expect(ok.json()).toMatchObject({ follows_recommendation: true, recommended_action: 'escalate', next_dose_level: 'DL2', signed_by_name: 'safety' })
    const p = await panel(boin)
    expect(p.currentDoseLevel).toBe('DL2')
    expect(p.noRecommendation).toBe('no-evaluable-at-current-dose')
  })

  it('the next subject defaults to the decided dose level; its open window blocks any recommendation', async () => {
    const s = await subject(boin, km, null, '2025-06-01')
    expect(s.dose_level).toBe('DL2')
    const p = await panel(boin)
    expect(p.noRecommendation).toBe('window-open')
    expect(p.pending).toEqual([expect.objectContaining({ subjectId: s.id, doseLevel: 'DL2', reason: 'in-window', windowEndsOn: '2025-06-29' })])
    expect(p.recommendation).toBeNull()
    // an early DLT makes the subject evaluable before the window ends (§5)
    expect((await adjudicate(s.id, aDlt('2025-06-05'))).statusCode).toBe(201)
    const q = await panel(boin)
    expect(q.pending).toEqual([])
    expect(q.levels[1]).toMatchObject({ nEvaluable: 1, nDlt: 1 })
  })

  it('2/3 at DL2 -> de-escalate (D4); the committee may stay with a reason', async () => {
    for (const [i, body] of [aDlt('2025-05-03'), noDlt].entries()) {
      const s = await subject(boin, sz, 'DL2', '2025-05-01')
      expect((await adjudicate(s.id, body, 'inv.sz')).statusCode, `subject ${i}`).toBe(201)
    }
    const p = await panel(boin)
    expect(p.levels[1]).toMatchObject({ nEvaluable: 3, nDlt: 2 })
    expect(p.recommendation).toMatchObject({ action: 'deescalate', nextDoseLevel: 'DL1', rule: { id: 'deescalate' } })
    // the KM investigator sees codes of KM subjects only; counts cover both sites
    expect((await panel(boin)).levels[1].nEvaluable).toBe(3)
    const res = await decide(boin, { action: 'stay', nextDoseLevel: 'DL2', reason: 'second DLT judged unrelated on review' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ follows_recommendation: false, recommended_action: 'deescalate', action: 'stay' })
    expect((await panel(boin)).noRecommendation).toBe('no-new-data')
  })

  it('MTD / RP2D only after a stop decision; isotonic estimates shown', async () => {
    const early = await app.inject({ method: 'POST', url: `/api/studies/${boin}/escalation/rp2d`, headers: await login(app, 'safety'), payload: { mtdDoseLevel: 'DL1', rp2dDoseLevel: 'DL1', rationale: 'x', ...sign } })
    expect(early.statusCode).toBe(409)
    expect((await decide(boin, { action: 'stop', reason: 'sponsor decision to stop escalation at DL2' })).statusCode).toBe(201)
    const p = await panel(boin)
    expect(p.ended).toBe(true)
    expect(p.mtdSuggestion).toEqual({ doseLevel: 'DL1', reason: 'selected' }) // p̂ 0.016 vs 0.661 (§2.6, as M5)
    expect(p.levels[0].isotonicEstimate).toBeCloseTo(0.0161, 3)
    const h = await login(app, 'safety')
    expect((await app.inject({ method: 'POST', url: `/api/studies/${boin}/escalation/rp2d`, headers: h, payload: { mtdDoseLevel: 'DL1', rp2dDoseLevel: 'DL2', rationale: 'x', ...sign } })).statusCode).toBe(400)
    const rec = await app.inject({ method: 'POST', url: `/api/studies/${boin}/escalation/rp2d`, headers: h, payload: { mtdDoseLevel: 'DL2', rp2dDoseLevel: 'DL1', rationale: 'DL1 had no DLT and similar platelet responses', ...sign } })
    expect(rec.statusCode).toBe(201)
    expect((await panel(boin)).rp2d).toMatchObject({ mtd_dose_level: 'DL2', rp2d_dose_level: 'DL1' })
    const again = { mtdDoseLevel: 'DL2', rp2dDoseLevel: 'DL2', rationale: 'revised', ...sign }
    expect((await app.inject({ method: 'POST', url: `/api/studies/${boin}/escalation/rp2d`, headers: h, payload: again })).statusCode).toBe(400)
    expect((await app.inject({ method: 'POST', url: `/api/studies/${boin}/escalation/rp2d`, headers: h, payload: { ...again, supersedeReason: 'new safety data' } })).statusCode).toBe(201)
    expect(await db.kysely.selectFrom('rp2d_decision').select('id').where('study_id', '=', boin).where('voided_at', 'is not', null).execute()).toHaveLength(1)
  })
})

describe('3+3 protocol', () => {
  it('3 evaluable, 1 DLT -> treat 3 more at the same dose (§1.1); a 4th evaluable makes counts invalid for 3+3', async () => {
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push((await subject(three, km, 'DL1', '2025-03-01')).id)
    await adjudicate(ids[0]!, aDlt('2025-03-10'))
    await adjudicate(ids[1]!, noDlt)
    await adjudicate(ids[2]!, noDlt)
    const p = await panel(three)
    expect(p.design).toBe('3+3')
    expect(p.boundaries).toBeNull()
    expect(p.recommendation).toMatchObject({ action: 'stay', nextDoseLevel: 'DL1', rule: { id: 'expand', source: 'dose-escalation.md §1.1' } })
    const extra = await subject(three, km, 'DL1', '2025-03-02')
    await adjudicate(extra.id, noDlt)
    const q = await panel(three)
    expect(q.recommendation).toBeNull()
    expect(q.noRecommendation).toBe('invalid-counts')
  })
  it('a subject adjudicated not evaluable leaves n; the audit chain verifies', async () => {
    const s = await subject(three, km, 'DL1', '2025-03-03')
    expect((await adjudicate(s.id, { evaluable: false, notEvaluableReason: 'withdrew on Day 5 without DLT', ...sign })).statusCode).toBe(201)
    const p = await panel(three)
    expect(p.levels[0]).toMatchObject({ nEvaluable: 4, nNotEvaluable: 1 })
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })
})
