/**
 * The report from the database on the loaded demo cohort reproduces the seed abstract's figures
 * (shared/seeds/004_*.txt) from the captured data: AE, medication and correlative forms, the screening
 * profile, the subject record; and editing an AE's grade through the API changes the report's safety table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import type { StudyReport } from '@celltrial/core'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { loadProtocols } from '../demo/load-protocols.js'
import { loadDemoCohort } from '../demo/load-demo.js'
import { readStudyReportInputs } from './study-report-inputs.js'
import { studyReportFromDb } from './study-report.js'

let db: Db
let app: App
let studyId: number
const clock = fixedClock('2025-06-15T08:00:00.000Z')

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  await loadProtocols(db.kysely, loadSeedProtocols(), clock.now())
  await loadDemoCohort(db.kysely, clock.now())
  const s = await db.kysely.selectFrom('subject').select(['study_id', 'site_id']).orderBy('id').executeTakeFirstOrThrow()
  studyId = s.study_id
  await makeUser(db, 'coord.rpt', ['coordinator'], [s.site_id], clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('results report from the database (demo cohort, cut-off 2025-06-15)', () => {
  let report: StudyReport
  beforeAll(async () => {
    const r = await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-06-15' })
    report = r.report
    expect(r.demo).toBe(true)
    expect(r.registryId).toBe('NCT06352281')
  })
  const all = () => report.groups.at(-1)!

  it('reads prior therapies, diagnosis, LD and dose from captured data: the baseline and exposure of the abstract', () => {
    const b = all().baseline
    expect(report.groups.map((g) => [g.id, g.n])).toEqual([['DL1', 2], ['DL2', 2], ['overall', 4]])
    expect([b.age!.median, b.age!.min, b.age!.max, b.female.x]).toEqual([12.5, 8, 25, 3])
    expect([b.baselinePlatelets!.median, b.baselinePlatelets!.min, b.baselinePlatelets!.max]).toEqual([9, 2, 24])
    expect([b.diseaseDurationYears!.median, b.diseaseDurationYears!.min, b.diseaseDurationYears!.max]).toEqual([7.5, 5, 20])
    expect([b.priorTherapies!.median, b.priorTherapies!.min, b.priorTherapies!.max]).toEqual([4, 3, 5])
    expect(b.priorTherapyClasses.filter((c) => c.count.x === 4).map((c) => c.therapyClass).sort()).toEqual(['GLUCOCORTICOID', 'IVIG', 'TPO-RA'])
    expect(b.gpAutoantibodyPositive.x).toBe(3)
    const e = all().exposure
    expect(e.ldStandardSchedule.x).toBe(3)
    expect([e.cellDose!.min, e.cellDose!.max, e.cellDoseUnit]).toEqual([150000, 300000, 'cells/kg'])
    expect([Math.round(e.followUpMonths!.min), Math.round(e.followUpMonths!.max)]).toEqual([2, 16])
  })

  it('reads AEs, CRS / ICANS and rescue from the forms: the safety of the abstract', () => {
    const s = all().safety
    expect([s.crs.any.x, s.crs.byGrade[1].x, s.crs.byGrade[2].x + s.crs.byGrade[3].x]).toEqual([3, 3, 0])
    expect([s.icans.any.x, s.icans.byGrade[3].x]).toEqual([2, 2])
    expect(s.icans.corticosteroids.treatments).toEqual(['METHYLPREDNISOLONE'])
    expect(s.anyAe.x).toBe(4)
    expect(s.seriousAe.x).toBe(2)
    const crsRow = report.aeTable.find((r) => r.term === 'Cytokine release syndrome')!
    expect(crsRow.soc).toBe('Immune system disorders')
    expect(crsRow.cells.at(-1)!.nSubjects).toBe(3)
  })

  it('reproduces the efficacy: ORR 3/4 with its exact CI, one CR at 3 months, daratumumab censoring, IVIG before independence', async () => {
    const e = all().efficacy
    expect([e.orr.x, e.orr.n, e.orr.display]).toEqual([3, 4, '75.0 % (19.4–99.4)'])
    expect([e.crRate.x, e.bor.NR.x, e.ttcr!.median, e.dor.n]).toEqual([1, 1, 90, 3])
    expect(e.newItpTherapy.x).toBe(1)
    const first = report.subjects.find((s) => s.medications.some((m) => m.kind === 'NEW_ITP_THERAPY'))!
    expect(first.result.flags).toContain('NEW_THERAPY_CENSORED')
    const ivig = first.medications.filter((m) => m.kind === 'IVIG')
    expect(ivig.map((m) => m.startDay)).toEqual([12, 40, 68])
    expect(Math.max(...ivig.map((m) => m.endDay))).toBeLessThan(90)
    // "became IVIG-independent 3 months after CAR-T": IVIG-free from Day 70 to daratumumab on Day 275
    expect([e.ivigIndependent.x, e.ivigIndependent.n, e.ivigIndependent.ids, e.ivigIndependenceDay!.median]).toEqual([1, 1, [first.id], 70])
    expect(report.narrative.en).toContain('One of one patient given IVIG after infusion became IVIG-independent from a median of day 70.')
  })

  it('reads CAR copies, B cells and GP autoantibodies from the correlative forms', () => {
    const c = all().correlatives!
    expect([c.carExpansion.x, c.carTmax!.median, c.bCellElimination.x, c.sustainedAplasia.x, c.bCellRecovery.x, c.bCellRecoveryDay!.median]).toEqual([4, 10, 4, 3, 1, 28])
    expect([c.gpTurnedNegative.x, c.gpTurnedNegative.n]).toEqual([3, 3])
  })

  it('writes the abstract paragraph', () => {
    expect(report.narrative.en).toContain('Three of four patients (75.0%; 95% CI 19.4–99.4) achieved an objective response')
    expect(report.narrative.en).toContain('The median disease duration was 7.5 years (range, 5 to 20), and patients had received a median of 4 prior therapies (range, 3 to 5).')
    expect(report.narrative.en).toContain('Grade 1 CRS occurred in three patients; no grade 2 or higher CRS was observed.')
    expect(report.narrative.en).toContain('Grade 3 ICANS occurred in two patients, treated with high-dose methylprednisolone in two')
  })

  it('applies the protocol\'s kinetics and B-cell aplasia settings (regimen-and-dosing.md §7, §8 PROTOCOL DECISIONS)', async () => {
    const stored = (await db.kysely.selectFrom('study').select('protocol').where('id', '=', studyId).executeTakeFirstOrThrow()).protocol
    const json = structuredClone(typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored) as { endpoints: Record<string, unknown> }
    // an LLOQ above every CAR level: no quantifiable expansion; 3 confirming B-cell samples
    json.endpoints.kinetics = { lloq: 1e12 }
    json.endpoints.bCellAplasia = { confirmations: 3 }
    await db.kysely.updateTable('study').set({ protocol: JSON.stringify(json) }).where('id', '=', studyId).execute()
    try {
      const r = (await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-06-15' })).report
      expect(r.groups.at(-1)!.correlatives!.carExpansion.x).toBe(0)
      expect(r.methods).toMatchObject({ bCellCutoffPerUl: 100, bCellConfirmations: 3 })
    } finally {
      await db.kysely.updateTable('study').set({ protocol: typeof stored === 'string' ? stored : JSON.stringify(stored) }).where('id', '=', studyId).execute()
    }
    expect((await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-06-15' })).report.groups.at(-1)!.correlatives!.carExpansion.x).toBe(4)
  })

  it('reads only the subjects asked for, and names an unknown study', async () => {
    const ids = (await db.kysely.selectFrom('subject').select('id').where('study_id', '=', studyId).orderBy('code').execute()).map((s) => s.id)
    const two = await readStudyReportInputs(db.kysely, studyId, { subjectIds: ids.slice(0, 2) })
    expect(two.inputs).toHaveLength(2)
    expect((await readStudyReportInputs(db.kysely, studyId, { subjectIds: [] })).inputs).toEqual([])
    await expect(readStudyReportInputs(db.kysely, 999_999)).rejects.toThrow(/study 999999/)
  })
})

describe('the in-app report follows the captured data', () => {
  it('changes the safety table when an AE grade is edited through the API', async () => {
    const H = await login(app, 'coord.rpt')
    const before = (await app.inject({ url: `/api/studies/${studyId}/report?cutoff=2025-06-15`, headers: H })).json<{ report: StudyReport }>().report
    expect([before.groups.at(-1)!.safety.icans.byGrade[3].x, before.groups.at(-1)!.safety.icans.byGrade[4].x]).toEqual([2, 0])
    const rows = await db.kysely.selectFrom('form_record').select(['id', 'data', 'version', 'subject_id']).where('form_type', '=', 'adverse_event').where('study_id', '=', studyId).orderBy('id').execute()
    const icans = rows.find((r) => (r.data as { ctcaeTerm: string }).ctcaeTerm === 'Immune effector cell-associated neurotoxicity syndrome')!
    const code = (await db.kysely.selectFrom('subject').select('code').where('id', '=', icans.subject_id).executeTakeFirstOrThrow()).code
    const data = { ...(icans.data as Record<string, unknown>), grade: 4 }
    const upd = await app.inject({ method: 'PUT', url: `/api/forms/${icans.id}`, headers: H, payload: { data, reason: 'grade corrected after source review', expectedVersion: icans.version } })
    expect(upd.statusCode, upd.body).toBe(200)
    const after = (await app.inject({ url: `/api/studies/${studyId}/report?cutoff=2025-06-15`, headers: H })).json<{ report: StudyReport }>().report
    const icansAfter = after.groups.at(-1)!.safety.icans
    expect([icansAfter.byGrade[3].x, icansAfter.byGrade[4].x, icansAfter.byGrade[4].ids]).toEqual([1, 1, [code]])
    const page = await app.inject({ url: `/api/studies/${studyId}/report.html?cutoff=2025-06-15`, headers: H })
    const safety = /<table class="report-table" data-table="safety">[\s\S]*?<\/table>/.exec(page.body)![0]
    const row = (label: string) => new RegExp(`<th scope="row">${label}</th>(.*?)</tr>`).exec(safety)![1]!.replace(/<[^>]+>/g, '|')
    expect(row('ICANS, grade 4')).toContain('1 (25.0%)')
    expect(row('ICANS, grade 3')).toContain('1 (25.0%)')
    // the subject lists link to the subject pages of the app
    const id = (await db.kysely.selectFrom('subject').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id
    expect(page.body).toContain(`<a href="/subjects/${id}" target="_top">${code}</a>`)
  })

  it('reads IgG / IgA / IgM lab results into the immunoglobulins, in g/L, leaving out voided rows', async () => {
    const subj = await db.kysely.selectFrom('subject').select(['id', 'code', 'infusion_date']).where('study_id', '=', studyId).orderBy('code').executeTakeFirstOrThrow()
    const lab = (test_code: string, collected_on: string, value: number, unit: string, ref_low: number | null, voided_at: string | null = null) =>
      ({ subject_id: subj.id, test_code, value, unit, collected_on, ref_low, ref_high: null, voided_at, void_reason: voided_at === null ? null : 'entry error' })
    const inf = subj.infusion_date!
    const at = (days: number) => new Date(Date.parse(`${inf}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    await db.kysely
      .insertInto('lab_result')
      .values([lab('IGG', at(-2), 900, 'mg/dL', 700), lab('IGG', at(30), 450, 'mg/dL', 700), lab('IGG', at(20), 100, 'mg/dL', 700, clock.now().toISOString()), lab('IGM', at(30), 0.5, 'g/L', null)])
      .execute()
    const inputs = await readStudyReportInputs(db.kysely, studyId, { subjectIds: [subj.id] })
    expect(inputs.inputs[0]!.immunoglobulins).toEqual([
      { test: 'IGG', day: -2, value: 900, unit: 'mg/dL', refLow: 700 },
      { test: 'IGG', day: 30, value: 450, unit: 'mg/dL', refLow: 700 },
      { test: 'IGM', day: 30, value: 0.5, unit: 'g/L', refLow: null },
    ])
    const report = (await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-06-15' })).report
    const [igg, igm] = report.groups.at(-1)!.correlatives!.immunoglobulins
    expect(igg).toMatchObject({ test: 'IGG', baseline: { n: 1, median: 9, ids: [subj.code] }, nadir: { n: 1, median: 4.5 }, nadirBelowLln: { x: 1, n: 1, ids: [subj.code] } })
    expect(igm).toMatchObject({ test: 'IGM', baseline: null, nadir: { median: 0.5 }, nadirBelowLln: { x: 0, n: 0 } })
  })

  it('ends follow-up at a recorded death (with its day for the swimmer plot) or withdrawal, not at a voided one', async () => {
    const subjects = await db.kysely.selectFrom('subject').select(['id', 'code', 'infusion_date', 'status']).where('study_id', '=', studyId).orderBy('code').execute()
    const [a, b, c] = subjects.slice(1, 4)
    const at = (s: { infusion_date: string | null }, days: number) => new Date(Date.parse(`${s.infusion_date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
    const exit = (s: { id: number; status: string }, to: string, on: string, voided = false) => ({
      subject_id: s.id, event_type: to === 'died' ? 'die' : 'withdraw', from_status: s.status, to_status: to, occurred_on: on, reason: 'test', recorded_by: null,
      recorded_by_name: 'test', recorded_at: clock.now().toISOString(), voided_at: voided ? clock.now().toISOString() : null, void_reason: voided ? 'entered for the wrong subject' : null,
    })
    await db.kysely.insertInto('subject_event').values([exit(a!, 'died', at(a!, 40)), exit(b!, 'withdrawn', at(b!, 50)), exit(c!, 'died', at(c!, 20), true)]).execute()
    const rows = new Map((await studyReportFromDb(db.kysely, studyId, { cutoff: '2025-06-15' })).report.subjects.map((r) => [r.id, r]))
    expect([rows.get(a!.code)!.followUpDay, rows.get(a!.code)!.deathDay]).toEqual([40, 40])
    expect([rows.get(b!.code)!.followUpDay, rows.get(b!.code)!.deathDay]).toEqual([50, null])
    expect(rows.get(c!.code)!.deathDay).toBeNull()
    expect(rows.get(c!.code)!.followUpDay).toBeGreaterThan(20)
  })
})
