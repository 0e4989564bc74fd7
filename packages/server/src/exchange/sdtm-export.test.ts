/**
 * SDTM export of captured data (issue 9 item 5) on the SYNTHETIC NCT06352281 demo cohort loaded into a fresh
 * database: every file reads back through core's SDTM readers without an issue; the report built from the
 * exported files gives each subject the best response the in-app report gives (ORR 3/4, 1 CR, as the seed
 * abstract); the platelet counts equal the committed demo-sdtm/lb.csv; the route keeps other sites' subjects out.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedProtocols } from '@celltrial/protocols'
import {
  buildStudyReport,
  createResponseInputCollector,
  readSdtmText,
  sdtmAeDomain,
  sdtmCeDomain,
  sdtmCmDomain,
  sdtmDmDomain,
  sdtmExDomain,
  sdtmLbDomain,
  studyReportSubjectsFromSdtm,
  type SdtmDomainSpec,
  type StudyReport,
} from '@celltrial/core'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { loadProtocols } from '../demo/load-protocols.js'
import { loadDemoCohort } from '../demo/load-demo.js'
import { NCT06352281_DEMO } from '../demo/nct06352281-cohort.js'
import { studyReportFromDb } from '../report/study-report.js'
import { exportStudySdtm } from './sdtm-export.js'

const CUTOFF = '2025-06-15'
const DEATH = '2025-06-01'
const DEMO_LB = fileURLToPath(new URL('../../../protocols/NCT06352281/demo-sdtm/lb.csv', import.meta.url))

let db: Db
let app: App
let studyId: number
let files: Record<string, string>
/** the demo site's code (the first site of the study, as loadDemoCohort picks it) */
let site: string
const clock = fixedClock('2025-06-15T08:00:00.000Z')

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  await loadProtocols(db.kysely, loadSeedProtocols(), clock.now())
  expect(await loadDemoCohort(db.kysely, clock.now())).toBe(4)
  const first = await db.kysely.selectFrom('subject').innerJoin('site', 'site.id', 'subject.site_id').select(['subject.study_id', 'site.code']).orderBy('subject.id').executeTakeFirstOrThrow()
  studyId = first.study_id
  site = first.code
  const other = await db.kysely.insertInto('site').values({ code: 'SITE99', name: 'Other hospital', city: 'Kunming', country: 'China' }).returning('id').executeTakeFirstOrThrow()
  await db.kysely.insertInto('study_site').values({ study_id: studyId, site_id: other.id }).execute()
  await makeUser(db, 'coord.other', ['coordinator'], [other.id], clock.now())
  const enteredBy = await makeUser(db, 'stat.sdtm', ['statistician'], [], clock.now())
  // a concomitant medication (not rescue, not ITP-directed) of the first subject, as a coordinator enters it
  const subject = await db.kysely.selectFrom('subject').select(['id', 'site_id', 'infusion_date']).where('study_id', '=', studyId).orderBy('id').executeTakeFirstOrThrow()
  const med = { name: 'Tocilizumab', category: 'CONCOMITANT', rescueType: null, dose: 8, unit: 'mg/kg', start: subject.infusion_date!, end: null }
  await db.kysely
    .insertInto('form_record')
    .values({
      subject_id: subject.id, study_id: studyId, site_id: subject.site_id, form_type: 'medication', visit_day: 0, visit_label: 'Day 0', observed_on: med.start,
      data: JSON.stringify(med), derived: '{}', overrides: '{}', status: 'saved', version: 1, created_by: enteredBy, created_at: clock.now().toISOString(),
      updated_by: enteredBy, updated_at: clock.now().toISOString(), voided_at: null, voided_by: null, void_reason: null,
    })
    .execute()
  // the fourth subject died on 2025-06-01 (a journey exit event): DM DTHDTC / DTHFL
  const fourth = await db.kysely.selectFrom('subject').select(['id', 'status']).where('study_id', '=', studyId).orderBy('id').offset(3).limit(1).executeTakeFirstOrThrow()
  await db.kysely
    .insertInto('subject_event')
    .values({
      subject_id: fourth.id, event_type: 'die', from_status: fourth.status, to_status: 'died', occurred_on: DEATH, reason: 'test', recorded_by: null,
      recorded_by_name: 'test', recorded_at: clock.now().toISOString(), voided_at: null, void_reason: null,
    })
    .execute()
  files = await exportStudySdtm(db.kysely, studyId)
}, 120_000)
afterAll(async () => {
  await app.close()
  await db.close()
})

/** Read one exported file with core's reader of its domain; the issues and the import log come back too. */
const read = <T,>(spec: SdtmDomainSpec<T>) => readSdtmText(spec, files[spec.file]!)

describe('SDTM export of the captured data (demo cohort)', () => {
  it('writes dm, ex, lb, cm, ce and ae, each read back by core without an issue or an unknown column', () => {
    expect(Object.keys(files).sort()).toEqual(['ae.csv', 'ce.csv', 'cm.csv', 'dm.csv', 'ex.csv', 'lb.csv'])
    for (const spec of [sdtmDmDomain, sdtmExDomain, sdtmLbDomain, sdtmCmDomain, sdtmCeDomain, sdtmAeDomain] as SdtmDomainSpec<unknown>[]) {
      const r = read(spec)
      expect(r.issues, spec.file).toEqual([])
      expect(r.log.unknownColumns, spec.file).toEqual([])
      expect(r.log.accepted, spec.file).toBe(r.log.rows)
      expect(r.log.rows, spec.file).toBeGreaterThan(0)
    }
    const dm = read(sdtmDmDomain).records
    // USUBJID = registry id + subject code (site code + number); RFXSTDTC = the infusion date of the source
    expect(dm.map((d) => [d.usubjid, d.siteId, d.armCode, d.infusionDate, d.age, d.sex, d.deathDate])).toEqual(
      NCT06352281_DEMO.map((p, i) => [`NCT06352281-${site}-00${i + 1}`, site, p.doseLevelId, p.infusionDate, p.ageYears, p.sex, i === 3 ? DEATH : null]),
    )
    expect(files['dm.csv']!.split(/\r?\n/).filter((l) => l.endsWith(`,${DEATH},Y`))).toHaveLength(1)
  })

  it('exports concomitant medications as CMCAT CONCOMITANT (ongoing: CMENDTC empty), after the rescue rows', () => {
    const cm = read(sdtmCmDomain).records
    const first = `NCT06352281-${site}-001`
    const mine = cm.filter((r) => r.usubjid === first)
    expect(mine.at(-1)).toMatchObject({ treatment: 'TOCILIZUMAB', category: 'CONCOMITANT', startDate: NCT06352281_DEMO[0]!.infusionDate, endDate: null })
    expect(cm.filter((r) => r.category === 'CONCOMITANT')).toHaveLength(1)
    expect(files['cm.csv']).toMatch(new RegExp(`^NCT06352281,CM,${first},${mine.length},TOCILIZUMAB,CONCOMITANT,,${NCT06352281_DEMO[0]!.infusionDate},$`, 'm'))
  })

  it('gives every subject the best response of the in-app report when the files are evaluated (ORR 3/4, 1 CR)', async () => {
    const dm = read(sdtmDmDomain).records
    const collector = createResponseInputCollector(dm)
    const ex = read(sdtmExDomain).records
    const lb = read(sdtmLbDomain).records
    const cm = read(sdtmCmDomain).records
    const ce = read(sdtmCeDomain).records
    const ae = read(sdtmAeDomain).records
    ex.forEach((r) => collector.addEx(r))
    lb.forEach((r) => collector.addLb(r))
    cm.forEach((r) => collector.addCm(r))
    ce.forEach((r) => collector.addCe(r))
    expect(collector.issues).toEqual([])
    const { report: inApp, registryId } = await studyReportFromDb(db.kysely, studyId, { cutoff: CUTOFF })
    const protocol = loadSeedProtocols().find((p) => p.identification.registryId === registryId)!
    const subjects = studyReportSubjectsFromSdtm(collector.subjects(CUTOFF), { ex, lb: lb.filter((r) => r.testCode !== 'PLAT'), cm, ce, ae })
    const fromSdtm = buildStudyReport(subjects, { cutoff: CUTOFF, protocol })
    const bor = (r: StudyReport, prefix: string) => {
      const all = r.groups.at(-1)!.efficacy.bor
      return Object.fromEntries((['CR', 'R', 'NR', 'NE'] as const).map((c) => [c, all[c].ids.map((id) => id.replace(prefix, '')).sort()]))
    }
    expect(bor(fromSdtm, `${registryId}-`)).toEqual(bor(inApp, ''))
    // the death read back ends follow-up where the in-app report ends it
    expect(fromSdtm.subjects.map((r) => [r.followUpDay, r.deathDay])).toEqual(inApp.subjects.map((r) => [r.followUpDay, r.deathDay]))
    expect(fromSdtm.subjects.filter((r) => r.deathDay !== null)).toHaveLength(1)
    const orr = fromSdtm.groups.at(-1)!.efficacy.orr
    expect([orr.x, orr.n, fromSdtm.groups.at(-1)!.efficacy.crRate.x]).toEqual([3, 4, 1])
  })

  it('exports the platelet counts of the committed demo-sdtm/lb.csv, no more and no fewer', () => {
    // the committed files name the site SITE01; the database's demo site has its own code: compare by patient number
    const key = (r: { usubjid: string; date: string; result: string; unit: string }) =>
      `${r.usubjid.replace(new RegExp(`^NCT06352281-(SITE01|${site})-`), 'NCT06352281-<site>-')}|${r.date}|${Number(r.result)}|${r.unit}`
    const committed = readSdtmText(sdtmLbDomain, readFileSync(DEMO_LB, 'utf8'))
    expect(committed.issues).toEqual([])
    const want = committed.records.filter((r) => r.testCode === 'PLAT').map(key).sort()
    const got = read(sdtmLbDomain).records.filter((r) => r.testCode === 'PLAT').map(key).sort()
    expect(want.length).toBeGreaterThan(0)
    expect(got).toEqual(want)
  })

  it('GET /api/studies/:id/export/sdtm: a statistician gets every subject, a coordinator of another site none, anonymous 401', async () => {
    const stat = await app.inject({ method: 'GET', url: `/api/studies/${studyId}/export/sdtm`, headers: await login(app, 'stat.sdtm') })
    expect(stat.statusCode, stat.body).toBe(200)
    expect(stat.json().files).toEqual(files)
    const coord = await app.inject({ method: 'GET', url: `/api/studies/${studyId}/export/sdtm`, headers: await login(app, 'coord.other') })
    expect(coord.statusCode, coord.body).toBe(200)
    const seen = coord.json().files as Record<string, string>
    expect(Object.keys(seen).sort()).toEqual(Object.keys(files).sort())
    for (const [name, text] of Object.entries(seen)) {
      expect(text.trimEnd().split('\n'), name).toHaveLength(1)
      expect(text, name).not.toContain(`${site}-`)
    }
    expect((await app.inject({ method: 'GET', url: `/api/studies/${studyId}/export/sdtm` })).statusCode).toBe(401)
  })

  it('names the subject and the variable when a required value is missing, and exports nothing', async () => {
    await db.kysely.updateTable('subject').set({ age_years: null }).where('code', '=', `${site}-002`).execute()
    try {
      await expect(exportStudySdtm(db.kysely, studyId)).rejects.toThrow(`NCT06352281-${site}-002: dm AGE: age not recorded`)
    } finally {
      await db.kysely.updateTable('subject').set({ age_years: 8 }).where('code', '=', `${site}-002`).execute()
    }
  })
})
