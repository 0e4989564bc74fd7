/**
 * Independent reference check of the server's DLT assembly (dlt-assessment.ts, dlt-counts.ts, panel.ts): subject
 * rows (dose level, infusion date = Day 0, off-study exit with its date), signed DLT assessments and the protocol's
 * window become (n DLT-evaluable, n with ≥ 1 DLT) per dose level and the 3+3 recommendation.
 * The reference below is written from ../shared/domain/safety-grading.md §5 and the README conventions:
 * only a signed assessment counts (the adjudication is the DLT definition's output); an evaluable subject without
 * DLT needs the window completed; "patients lost before window end without DLT are replaced" (not evaluable).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD, testApp } from '../../testing/fixtures.js'
import type { Db } from '../../db/connect.js'
import type { App } from '../../app.js'

const clock = fixedClock('2025-06-15T08:00:00.000Z')
const AS_OF = '2025-06-15'
const src = [{ ref: 'test fixture' }]
const arms = [
  {
    id: 'A', label: 'CAR-T', type: 'EXPERIMENTAL', description: 'test arm', infusions: 1, sources: src,
    doseLevels: ['DL1', 'DL2'].map((id, i) => ({ id, label: id, dose: { kind: 'per-kg', cellsPerKg: (i + 1) * 1e5, maxWeightKg: null }, sources: src })),
  },
]
const protocol = (dltWindowDays: number) => ({
  arms,
  escalation: { design: '3+3', cohortSize: 3, requireSixAtMtd: false, dltWindowDays, maxSampleSize: 18, startingDoseLevelId: 'DL1', sources: src },
})

let db: Db
let app: App
let site: number
let inv: number
let studySeq = 0
let seq = 0
const sign = { password: PASSWORD, meaning: 'I adjudicated this DLT assessment' }

const DAY = 86_400_000
const utcDay = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY
const plus = (d: string, n: number) => new Date((utcDay(d) + n) * DAY).toISOString().slice(0, 10)
const studyDay = (date: string, infusion: string) => utcDay(date) - utcDay(infusion)

async function newStudy(windowDays = 28) {
  const s = await db.kysely
    .insertInto('study')
    .values({ registry_id: `NCT0888${String(++studySeq).padStart(4, '0')}`, title: 'DLT reference', product: 'CD19 CAR-T', phase: 'PHASE1', target_enrolment: 18, protocol: JSON.stringify(protocol(windowDays)), protocol_version: '1.0' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.kysely.insertInto('study_site').values({ study_id: s.id, site_id: site }).execute()
  return s.id
}
const OFF = { died: 'die', withdrawn: 'withdraw', lost_to_follow_up: 'lose-to-follow-up' } as const
type Off = keyof typeof OFF
/** A subject infused on `infusionDate`; `exit` puts it off study on that date (subject_event, as journey.ts does). */
async function subject(studyId: number, doseLevel: string, infusionDate: string, exit?: { status: Off; on: string }) {
  const row = await db.kysely
    .insertInto('subject')
    .values({ study_id: studyId, site_id: site, code: `R-${++seq}`, status: exit?.status ?? 'short_term_follow_up', sex: 'F', age_years: 40, dose_level: doseLevel, ld_start_date: null, infusion_date: infusionDate })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (exit)
    await db.kysely
      .insertInto('subject_event')
      .values({ subject_id: row.id, event_type: OFF[exit.status], from_status: 'short_term_follow_up', to_status: exit.status, occurred_on: exit.on, reason: 'test', recorded_by: null, recorded_by_name: 'test', recorded_at: `${exit.on}T12:00:00.000Z` })
      .execute()
  return row.id
}
/** A signed assessment written straight to the table (the API path is exercised in the explicit cases). */
async function signedRow(subjectId: number, a: { evaluable: boolean; dlt: boolean | null; onsetDate: string | null }) {
  await db.kysely
    .insertInto('dlt_assessment')
    .values({
      subject_id: subjectId, evaluable: a.evaluable, not_evaluable_reason: a.evaluable ? null : 'not evaluable', dlt: a.evaluable ? a.dlt : null,
      event_description: a.dlt ? 'ICANS grade 3' : null, dlt_grade: a.dlt ? 3 : null, onset_date: a.dlt ? a.onsetDate : null,
      signed_by: inv, signed_by_name: 'inv', signature_meaning: 'adjudicated', signed_at: '2025-06-01T00:00:00.000Z', updated_at: null,
    })
    .execute()
}
const adjudicate = async (subjectId: number, body: object) =>
  app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/dlt-assessment`, headers: await login(app, 'inv'), payload: { ...body, ...sign } })
async function panel(studyId: number) {
  const res = await app.inject({ url: `/api/studies/${studyId}/escalation`, headers: await login(app, 'inv') })
  expect(res.statusCode).toBe(200)
  return res.json<{ levels: { doseLevel: string; nInfused: number; nEvaluable: number; nDlt: number; nNotEvaluable: number; pending: { subjectId: number; reason: string }[] }[]; recommendation: { action: string; nextDoseLevel: string | null } | null; noRecommendation: string | null }>()
}
const pairs = async (studyId: number) => (await panel(studyId)).levels.map((l) => [l.doseLevel, l.nEvaluable, l.nDlt, l.nNotEvaluable, l.pending.length])

// ---------------------------------------------------------------------------------------------------------------
// Reference (§5)
// ---------------------------------------------------------------------------------------------------------------

interface RefSubject {
  id: number
  doseLevel: string
  infusionDate: string
  exitOn: string | null
  assessment: null | { evaluable: false } | { evaluable: true; dlt: false } | { evaluable: true; dlt: true; onsetDate: string }
}
type RefStatus = 'dlt' | 'no-dlt' | 'pending' | 'not-evaluable'
function refStatus(s: RefSubject, asOf: string, windowDays: number): RefStatus {
  const a = s.assessment
  if (a === null) return 'pending' // not adjudicated: never counted
  if (!a.evaluable) return 'not-evaluable'
  if (a.dlt) {
    const d = studyDay(a.onsetDate, s.infusionDate)
    if (d >= 0 && d <= windowDays) return 'dlt' // §5 window Day 0..W inclusive, onset rule
  }
  const last = s.exitOn !== null && s.exitOn < asOf ? s.exitOn : asOf
  if (studyDay(last, s.infusionDate) >= windowDays) return 'no-dlt' // completed the window
  return s.exitOn !== null ? 'not-evaluable' : 'pending' // lost before window end without DLT -> replaced
}
function refLevels(subjects: readonly RefSubject[], asOf: string, windowDays: number) {
  return ['DL1', 'DL2'].map((l) => {
    const st = subjects.filter((s) => s.doseLevel === l).map((s) => refStatus(s, asOf, windowDays))
    const count = (...k: RefStatus[]) => st.filter((x) => k.includes(x)).length
    return [l, count('dlt', 'no-dlt'), count('dlt'), count('not-evaluable'), count('pending')]
  })
}

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  site = (await makeStudyAndSites(db, 'NCT08880000', ['RKM'])).siteIds[0]!
  inv = await makeUser(db, 'inv', ['investigator'], [site], clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('explicit cases (safety-grading.md §5)', () => {
  it('onset Day 0 and Day 28 are accepted as DLTs; Day −1 and Day 29 are refused', async () => {
    const study = await newStudy()
    const inf = '2025-02-01' // 2025: Day 28 = 2025-03-01
    for (const [onset, code] of [['2025-01-31', 400], ['2025-03-02', 400], ['2025-02-01', 201], ['2025-03-01', 201]] as const) {
      const id = await subject(study, 'DL1', inf)
      const res = await adjudicate(id, { evaluable: true, dlt: true, eventDescription: 'CRS grade 3, possibly related', dltGrade: 3, onsetDate: onset })
      expect(res.statusCode, onset).toBe(code)
    }
    expect(await pairs(study)).toEqual([['DL1', 2, 2, 0, 2], ['DL2', 0, 0, 0, 0]])
  })

  // §5 "completed the window" with the window "Day 0 to Day 28 inclusive": the server takes today's study day as
  // followed through, so a subject is complete on Day 28 itself (AMBIGUOUS in the doc; this pins current behaviour)
  it('window completion: Day 27 pending (in-window), Day 28 evaluable; a DLT makes a subject evaluable early', async () => {
    const study = await newStudy()
    const d27 = await subject(study, 'DL1', plus(AS_OF, -27))
    const d28 = await subject(study, 'DL1', plus(AS_OF, -28))
    const early = await subject(study, 'DL1', plus(AS_OF, -5))
    expect((await adjudicate(d27, { evaluable: true, dlt: false })).statusCode).toBe(201)
    expect((await adjudicate(d28, { evaluable: true, dlt: false })).statusCode).toBe(201)
    expect((await adjudicate(early, { evaluable: true, dlt: true, eventDescription: 'ICANS grade 3', dltGrade: 3, onsetDate: plus(AS_OF, -3) })).statusCode).toBe(201)
    const p = await panel(study)
    expect(p.levels[0]).toMatchObject({ nEvaluable: 2, nDlt: 1, pending: [{ subjectId: d27, reason: 'in-window' }] })
  })

  it('died on Day 10 without DLT: not evaluable (replaced), and stays so after Day 28', async () => {
    const study = await newStudy()
    const inf = '2025-06-05' // Day 10 today
    const died = await subject(study, 'DL1', inf, { status: 'died', on: AS_OF })
    for (let i = 0; i < 3; i++) await signedRow(await subject(study, 'DL1', '2025-04-01'), { evaluable: true, dlt: false, onsetDate: null })
    // the investigator signs "evaluable, no DLT" although the subject left the study inside the window
    expect((await adjudicate(died, { evaluable: true, dlt: false })).statusCode).toBe(201)
    expect(await pairs(study)).toEqual([['DL1', 3, 0, 1, 0], ['DL2', 0, 0, 0, 0]])
    clock.advance(30 * DAY) // Day 40: the exit date, not today, bounds the follow-up
    try {
      expect(await pairs(study)).toEqual([['DL1', 3, 0, 1, 0], ['DL2', 0, 0, 0, 0]])
      // 0/3 at DL1 -> escalate (dose-escalation.md §1.1); a 4th "evaluable" would make 3+3 counts invalid
      expect((await panel(study)).recommendation).toMatchObject({ action: 'escalate', nextDoseLevel: 'DL2' })
    } finally {
      clock.advance(-30 * DAY)
    }
  })

  it('withdrew on Day 35 (after the window) without DLT: evaluable; withdrew Day 20 after a Day 6 DLT: DLT', async () => {
    const study = await newStudy()
    const late = await subject(study, 'DL2', '2025-05-01', { status: 'withdrawn', on: '2025-06-05' })
    const dlt = await subject(study, 'DL2', '2025-05-26', { status: 'lost_to_follow_up', on: '2025-06-14' })
    expect((await adjudicate(late, { evaluable: true, dlt: false })).statusCode).toBe(201)
    expect((await adjudicate(dlt, { evaluable: true, dlt: true, eventDescription: 'ICANS grade 3', dltGrade: 3, onsetDate: '2025-06-01' })).statusCode).toBe(201)
    expect(await pairs(study)).toEqual([['DL1', 0, 0, 0, 0], ['DL2', 2, 1, 0, 0]])
  })

  it('a corrected assessment counts only once re-signed; DLT -> no DLT changes the pair', async () => {
    const study = await newStudy()
    const id = await subject(study, 'DL1', '2025-04-01')
    expect((await adjudicate(id, { evaluable: true, dlt: true, eventDescription: 'ALT grade 3', dltGrade: 3, onsetDate: '2025-04-10' })).statusCode).toBe(201)
    expect(await pairs(study)).toEqual([['DL1', 1, 1, 0, 0], ['DL2', 0, 0, 0, 0]])
    const h = await login(app, 'inv')
    const aid = (await app.inject({ url: `/api/subjects/${id}/dlt-assessment`, headers: h })).json<{ assessment: { id: number } }>().assessment.id
    const changed = await app.inject({ method: 'PUT', url: `/api/dlt-assessments/${aid}`, headers: h, payload: { evaluable: true, dlt: false, reason: 'ALT judged unrelated on review' } })
    expect(changed.statusCode).toBe(200)
    const p = await panel(study)
    expect(p.levels[0]).toMatchObject({ nEvaluable: 0, nDlt: 0, pending: [{ subjectId: id, reason: 'awaiting-adjudication' }] })
    expect((await app.inject({ method: 'POST', url: `/api/dlt-assessments/${aid}/sign`, headers: h, payload: sign })).statusCode).toBe(200)
    expect(await pairs(study)).toEqual([['DL1', 1, 0, 0, 0], ['DL2', 0, 0, 0, 0]])
  })

  it('window parameter 21 days: Day 22 onset refused, Day 21 accepted; Day 21 of follow-up completes the window', async () => {
    const study = await newStudy(21)
    const inf = plus(AS_OF, -21)
    const a = await subject(study, 'DL1', inf)
    const b = await subject(study, 'DL1', inf)
    expect((await adjudicate(a, { evaluable: true, dlt: true, eventDescription: 'CRS grade 3', dltGrade: 3, onsetDate: plus(inf, 22) })).statusCode).toBe(400)
    expect((await adjudicate(a, { evaluable: true, dlt: true, eventDescription: 'CRS grade 3', dltGrade: 3, onsetDate: plus(inf, 21) })).statusCode).toBe(201)
    expect((await adjudicate(b, { evaluable: true, dlt: false })).statusCode).toBe(201)
    expect(await pairs(study)).toEqual([['DL1', 2, 1, 0, 0], ['DL2', 0, 0, 0, 0]])
  })
})

describe('generated studies (fast-check, seed 20261207): panel counts == reference', () => {
  it('per dose level (n evaluable, n DLT, n not evaluable, n pending)', async () => {
    const subjectArb = fc.record({
      doseLevel: fc.constantFrom('DL1', 'DL2'),
      infusionAgo: fc.oneof(fc.constantFrom(0, 20, 21, 22, 27, 28, 29, 45), fc.integer({ min: 0, max: 60 })),
      exitDay: fc.option(fc.oneof(fc.constantFrom(0, 10, 20, 21, 27, 28), fc.integer({ min: 0, max: 60 })), { nil: null, freq: 2 }),
      exitStatus: fc.constantFrom<Off>('died', 'withdrawn', 'lost_to_follow_up'),
      assessment: fc.constantFrom('none', 'not-evaluable', 'no-dlt', 'no-dlt', 'dlt', 'dlt'),
      onsetDay: fc.oneof(fc.constantFrom(0, 21, 28), fc.integer({ min: 0, max: 28 })),
    })
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(28, 21), fc.array(subjectArb, { minLength: 1, maxLength: 6 }), async (windowDays, raw) => {
        const study = await newStudy(windowDays)
        const ref: RefSubject[] = []
        for (const r of raw) {
          const inf = plus(AS_OF, -r.infusionAgo)
          // an exit is a past event; it cannot precede the infusion
          const exitOn = r.exitDay === null || r.exitDay > r.infusionAgo ? null : plus(inf, r.exitDay)
          const id = await subject(study, r.doseLevel, inf, exitOn === null ? undefined : { status: r.exitStatus, on: exitOn })
          const onsetDay = Math.min(r.onsetDay, windowDays, r.infusionAgo)
          const assessment: RefSubject['assessment'] =
            r.assessment === 'none' ? null : r.assessment === 'not-evaluable' ? { evaluable: false } : r.assessment === 'no-dlt' ? { evaluable: true, dlt: false } : { evaluable: true, dlt: true, onsetDate: plus(inf, onsetDay) }
          if (assessment !== null) await signedRow(id, { evaluable: assessment.evaluable, dlt: assessment.evaluable ? assessment.dlt : null, onsetDate: 'onsetDate' in assessment ? assessment.onsetDate : null })
          ref.push({ id, doseLevel: r.doseLevel, infusionDate: inf, exitOn, assessment })
        }
        expect(await pairs(study)).toEqual(refLevels(ref, AS_OF, windowDays))
      }),
      { seed: 20261207, numRuns: 25 },
    )
  })
})
