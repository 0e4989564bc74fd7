import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Protocol } from '@celltrial/core'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { App } from '../app.js'
import type { Db } from '../db/connect.js'

/**
 * The `safety` settings of a subject's protocol version (core protocol/safety.ts) reach every safety result of the
 * API: the CRS course (CRS-7 resolution, CRS-2 masking) and its post-save alerts, the LAB-7 lab proposals and
 * alerts, the SAE site clock (§4.2) and the DLT count (§5). Study A runs the seed protocol NCT06352281 as published
 * (no `safety` block: the doc defaults, the results as before); study B the same protocol with non-default settings.
 * Source: safety-grading.md §1.2 CRS-2 / CRS-7, §3.2 LAB-7, §4.2, §5 (PROTOCOL DECISIONs).
 */

let db: Db
let app: App
let inv: Record<string, string>
let invId: number
let siteId: number
let studyA: number
let studyB: number
const clock = fixedClock('2025-06-15T08:00:00.000Z')
const seed = loadSeedProtocols().find((p) => p.identification.registryId === 'NCT06352281')!
const { safety: _defaults, ...published } = seed
const nonDefault = {
  crs: { resolutionRule: 'grade-0', maskingTherapyClasses: ['tocilizumab', 'corticosteroid', 'anti-cytokine-other'] },
  lab: { worseningOnlyAnalytes: [] },
  sae: { siteInitialReportHours: 48 },
  dlt: { offStudyBeforeWindowEnd: 'evaluable-no-dlt' },
}

let seq = 0
async function subject(studyId: number, o: { infusion: string; ld: string; dose?: string; status?: string }) {
  const row = await db.kysely
    .insertInto('subject')
    .values({ study_id: studyId, site_id: siteId, code: `PS-${++seq}`, status: o.status ?? 'infused', sex: 'F', age_years: 40, dose_level: o.dose ?? 'DL1', ld_start_date: o.ld, infusion_date: o.infusion })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object, headers: inv })
const form = async (id: number, formType: string, data: unknown) => expect((await post(`/api/subjects/${id}/forms`, { formType, data })).statusCode).toBe(201)
const vitals = (measuredAt: string, temperatureC: number, systolicMmHg = 118) => ({ measuredAt, temperatureC, systolicMmHg, diastolicMmHg: 60, heartRate: 100, spo2Percent: 96 })
const oxygen = (measuredAt: string, delivery: string, flowLpm: number | null = null) => ({ measuredAt, delivery, flowLpm })
type View = {
  protocolVersion: string
  course: { crs: { days: { day: number; outcome: { kind: string; grade?: number } }[]; episodes: { onsetDay: number; resolutionDay: number | null }[] } }
  alerts: { kind: string; grade: number; protocol_day: number }[]
  proposals: { analyte: string; emergence_rule: string; worst_grade: number }[]
}
const view = async (id: number) => (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json<View>()
const crsGrades = (v: View) => v.course.crs.days.map((d) => [d.day, d.outcome.kind === 'graded' ? d.outcome.grade : null])

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  ;({ studyId: studyA, siteIds: [siteId] } = (await makeStudyAndSites(db, 'NCT-SETTINGS-A', ['PS01'])) as { studyId: number; siteIds: [number] })
  // each protocol is recorded as version 1.0 by the study's trigger (migration 0002)
  await db.kysely.updateTable('study').set({ protocol: JSON.stringify(published), protocol_version: '1.0' }).where('id', '=', studyA).execute()
  studyB = (
    await db.kysely
      .insertInto('study')
      .values({ registry_id: 'NCT-SETTINGS-B', title: 'Test study B', product: 'CD19 CAR-T', phase: 'PHASE1', target_enrolment: 10, protocol: JSON.stringify({ ...published, safety: nonDefault }), protocol_version: '1.0' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  await db.kysely.insertInto('study_site').values({ study_id: studyB, site_id: siteId }).execute()
  invId = await makeUser(db, 'inv.settings', ['investigator'], [siteId])
  inv = await login(app, 'inv.settings')
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('CRS course with the protocol settings', () => {
  // Day 1 fever (grade 1); Day 2 afebrile on 2 L/min (grade 0: not CRS); Day 3 afebrile on room air
  const resolving = async (id: number) => {
    await form(id, 'oxygen', oxygen('2025-06-11T08:00', 'none'))
    await form(id, 'vital_signs', vitals('2025-06-11T08:00', 38.5))
    await form(id, 'oxygen', oxygen('2025-06-12T08:00', 'low_flow', 2))
    await form(id, 'vital_signs', vitals('2025-06-12T08:00', 37.0))
    await form(id, 'oxygen', oxygen('2025-06-13T08:00', 'none'))
    await form(id, 'vital_signs', vitals('2025-06-13T08:00', 36.8))
  }
  let onA: number
  it('CRS-7: the published protocol resolves CRS when afebrile off O2 (Day 3); resolution `grade-0` on the first grade-0 day (Day 2)', async () => {
    onA = await subject(studyA, { infusion: '2025-06-10', ld: '2025-06-05' })
    const onB = await subject(studyB, { infusion: '2025-06-10', ld: '2025-06-05' })
    await resolving(onA)
    await resolving(onB)
    const [a, b] = [await view(onA), await view(onB)]
    expect(crsGrades(a)).toEqual([[1, 1], [2, 0], [3, 0]])
    expect(crsGrades(b)).toEqual(crsGrades(a))
    expect(a.course.crs.episodes.map((e) => [e.onsetDay, e.resolutionDay])).toEqual([[1, 3]])
    expect(b.course.crs.episodes.map((e) => [e.onsetDay, e.resolutionDay])).toEqual([[1, 2]])
    // the configuration version used is reported with the course (domain README "Configuration")
    expect([a.protocolVersion, b.protocolVersion]).toEqual(['1.0', '1.0'])
  })

  it('CRS-2 (C10): paracetamol masks fever and the post-save alert reaches grade 2 on Day 2; not where the protocol counts anti-cytokine therapy only', async () => {
    const c10 = async (id: number) => {
      await form(id, 'oxygen', oxygen('2025-06-11T18:00', 'none'))
      await form(id, 'vital_signs', vitals('2025-06-11T18:00', 38.3))
      await form(id, 'medication', { name: 'Paracetamol', category: 'CONCOMITANT', rescueType: null, dose: 1, unit: 'g', start: '2025-06-11', end: '2025-06-11' })
      await form(id, 'oxygen', oxygen('2025-06-12T08:00', 'none'))
      await form(id, 'vital_signs', vitals('2025-06-12T08:00', 37.3, 84))
    }
    const [a, b] = [await subject(studyA, { infusion: '2025-06-10', ld: '2025-06-05' }), await subject(studyB, { infusion: '2025-06-10', ld: '2025-06-05' })]
    await c10(a)
    await c10(b)
    const [va, vb] = [await view(a), await view(b)]
    expect(crsGrades(va)).toEqual([[1, 1], [2, 2]])
    expect(va.alerts.map((x) => [x.kind, x.protocol_day, x.grade])).toEqual([['crs', 2, 2], ['crs', 1, 1]])
    expect(crsGrades(vb)).toEqual([[1, 1], [2, 0]])
    expect(vb.alerts.map((x) => [x.kind, x.protocol_day, x.grade])).toEqual([['crs', 1, 1]])
  })

  it('an amendment changing the rule regrades the same records for a subject re-consented to it (the course cache keys on the settings)', async () => {
    const before = await view(onA)
    expect(before.course.crs.episodes[0]!.resolutionDay).toBe(3)
    const v2 = { ...published, version: { ...published.version, number: '2.0', effectiveDate: '2025-06-25', supersedes: '1.0', summary: 'CRS resolution on the first grade-0 day' }, safety: { crs: { resolutionRule: 'grade-0' } } }
    await db.kysely.updateTable('study').set({ protocol: JSON.stringify(v2), protocol_version: '2.0' }).where('id', '=', studyA).execute()
    const version = await db.kysely.selectFrom('study_protocol_version').select('id').where('study_id', '=', studyA).where('version_number', '=', '2.0').executeTakeFirstOrThrow()
    await db.kysely
      .insertInto('subject_consent')
      .values({ subject_id: onA, protocol_version_id: version.id, version_number: '2.0', consented_on: '2025-06-14', kind: 're-consent', note: null, recorded_by: invId, recorded_by_name: 'inv.settings', recorded_at: '2025-06-14T08:00:00.000Z' })
      .execute()
    const after = await view(onA)
    expect(after.protocolVersion).toBe('2.0')
    expect(after.course.crs.episodes.map((e) => [e.onsetDay, e.resolutionDay])).toEqual([[1, 2]])
    expect(crsGrades(after)).toEqual(crsGrades(before))
  })
})

describe('LAB-7, SAE clock and DLT count with the protocol settings', () => {
  it('LAB-7: baseline grade 4 thrombocytopenia at grade 4 again is no AE by default; with no worsening-only analytes it is proposed and alerted', async () => {
    const labs = async (id: number) => {
      await post(`/api/subjects/${id}/safety/labs`, { testCode: 'PLAT', value: 12, unit: '10^9/L', collectedOn: '2025-06-01', refLow: 150, refHigh: 400 })
      return (await post(`/api/subjects/${id}/safety/labs`, { testCode: 'PLAT', value: 5, unit: '10^9/L', collectedOn: '2025-06-14', refLow: 150, refHigh: 400 })).json<{ alerts: { kind: string; grade: number }[] }>()
    }
    const [a, b] = [await subject(studyA, { infusion: '2025-06-10', ld: '2025-06-05' }), await subject(studyB, { infusion: '2025-06-10', ld: '2025-06-05' })]
    expect((await labs(a)).alerts).toEqual([])
    expect((await view(a)).proposals).toEqual([])
    expect((await labs(b)).alerts).toMatchObject([{ kind: 'lab', grade: 4 }])
    expect((await view(b)).proposals.map((p) => [p.analyte, p.emergence_rule, p.worst_grade])).toEqual([['platelets', 'any-abnormal', 4]])
  })

  it('§4.2: the site report is due 24 h after awareness by default, 48 h where the protocol says so (list, detail and form)', async () => {
    const no = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'requires-admission', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
    const sae = async (id: number) =>
      (await post(`/api/subjects/${id}/sae`, { aeSource: 'other', term: 'Cytokine release syndrome', ctcaeGrade: 3, seriousness: no, related: true, unexpected: false, siteAwareAt: '2025-06-14T10:00+08:00' })).json<{
        id: number
        clocks: { siteInitialReportHours: number; site: { dueAt: string; status: string } }
      }>()
    const [a, b] = [await subject(studyA, { infusion: '2025-06-08', ld: '2025-06-03' }), await subject(studyB, { infusion: '2025-06-08', ld: '2025-06-03' })]
    const [sa, sb] = [await sae(a), await sae(b)]
    expect(sa.clocks).toMatchObject({ siteInitialReportHours: 24, site: { dueAt: '2025-06-15T10:00+08:00', status: 'overdue' } })
    expect(sb.clocks).toMatchObject({ siteInitialReportHours: 48, site: { dueAt: '2025-06-16T10:00+08:00', status: 'pending' } })
    expect((await app.inject({ url: `/api/sae/${sb.id}`, headers: inv })).json()).toMatchObject({ clocks: { site: { dueAt: '2025-06-16T10:00+08:00' } } })
    expect((await view(b)) as unknown).toMatchObject({ saes: [{ clocks: { siteInitialReportHours: 48 } }] })
    expect((await app.inject({ url: `/api/sae/${sb.id}/form.html`, headers: inv })).body).toContain('Due (48 h)')
    expect((await app.inject({ url: `/api/sae/${sa.id}/form.html`, headers: inv })).body).toContain('Due (24 h)')
  })

  it('§5: a patient who died on Day 10 without DLT is replaced by default (not evaluable); `evaluable-no-dlt` counts it', async () => {
    const died = async (studyId: number) => {
      const id = await subject(studyId, { infusion: '2025-06-01', ld: '2025-05-27', dose: 'DL2', status: 'died' })
      await db.kysely
        .insertInto('subject_event')
        .values({ subject_id: id, event_type: 'die', from_status: 'short_term_follow_up', to_status: 'died', occurred_on: '2025-06-11', reason: 'test', recorded_by: null, recorded_by_name: 'test', recorded_at: '2025-06-11T12:00:00.000Z' })
        .execute()
      await db.kysely
        .insertInto('dlt_assessment')
        .values({
          subject_id: id, evaluable: true, not_evaluable_reason: null, dlt: false, event_description: null, dlt_grade: null, onset_date: null,
          signed_by: invId, signed_by_name: 'inv.settings', signature_meaning: 'adjudicated', signed_at: '2025-06-12T00:00:00.000Z', updated_at: null,
        })
        .execute()
      return id
    }
    await died(studyA)
    const onB = await died(studyB)
    const dl2 = async (studyId: number) => {
      const res = await app.inject({ url: `/api/studies/${studyId}/escalation`, headers: inv })
      expect(res.statusCode, res.body).toBe(200)
      const l = res.json<{ levels: { doseLevel: string; nInfused: number; nEvaluable: number; nDlt: number; nNotEvaluable: number }[] }>().levels.find((x) => x.doseLevel === 'DL2')!
      return [l.nInfused, l.nEvaluable, l.nDlt, l.nNotEvaluable]
    }
    expect(await dl2(studyA)).toEqual([1, 0, 0, 1])
    expect(await dl2(studyB)).toEqual([1, 1, 0, 0])
    const assessment = (await app.inject({ url: `/api/subjects/${onB}/dlt-assessment`, headers: inv })).json<{ dltRules: Protocol['safety']['dlt'] }>()
    expect(assessment.dltRules).toEqual({ offStudyBeforeWindowEnd: 'evaluable-no-dlt', anchor: 'onset' })
  })
})
