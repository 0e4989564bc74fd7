import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { App } from '../app.js'
import type { Db } from '../db/connect.js'
import { sendQueuedEmails, mailConfigFromEnv } from '../safety/notify.js'
import { startSmtpTestServer, type SmtpTestServer } from '../safety/smtp-test-server.js'

let db: Db
let app: App
let inv: Record<string, string>
let studyId: number
let siteId: number
const clock = fixedClock('2025-06-15T08:00:00.000Z')

async function subject(code: string, o: { age: number; infusion: string; ld: string; dose: string }) {
  const row = await db.kysely
    .insertInto('subject')
    .values({ study_id: studyId, site_id: siteId, code, status: 'infused', sex: 'F', age_years: o.age, dose_level: o.dose, ld_start_date: o.ld, infusion_date: o.infusion })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
const post = (url: string, payload: unknown, headers = inv) => app.inject({ method: 'POST', url, payload: payload as object, headers })
const form = (id: number, formType: string, data: unknown) => post(`/api/subjects/${id}/forms`, { formType, data })
const vitals = (at: string, temperatureC: number, systolicMmHg = 118) => ({ measuredAt: at, temperatureC, systolicMmHg, diastolicMmHg: 70, heartRate: 100, spo2Percent: 95 })
const audits = (entity: string, id: number) => db.kysely.selectFrom('audit_event').selectAll().where('entity', '=', entity).where('entity_id', '=', String(id)).orderBy('id').execute()

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  ;({ studyId, siteIds: [siteId] } = (await makeStudyAndSites(db, 'NCT-SAFETY', ['SAF01'])) as { studyId: number; siteIds: [number] })
  await makeUser(db, 'inv.safety', ['investigator'], [siteId])
  inv = await login(app, 'inv.safety')
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('CRS alerts from bedside records', () => {
  let id: number
  it('fever on Day 1 opens CRS grade 1; a low-flow oxygen record the same day raises it to grade 2 with an alert', async () => {
    id = await subject('S-001', { age: 40, infusion: '2025-06-10', ld: '2025-06-05', dose: 'DL1' })
    expect((await form(id, 'vital_signs', vitals('2025-06-11T08:00', 38.6))).statusCode).toBe(201)
    expect((await form(id, 'oxygen', { measuredAt: '2025-06-11T08:05', delivery: 'none', flowLpm: null })).statusCode).toBe(201)
    let view = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json()
    expect(view.course.crs.days).toHaveLength(1)
    expect(view.course.crs.days[0].outcome).toMatchObject({ kind: 'graded', grade: 1 })
    expect(view.alerts.map((a: { kind: string; grade: number }) => [a.kind, a.grade])).toEqual([['crs', 1]])

    const o2 = await form(id, 'oxygen', { measuredAt: '2025-06-11T14:00', delivery: 'low_flow', flowLpm: 4 })
    expect(o2.statusCode).toBe(201)
    view = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json()
    expect(view.course.crs.days[0].outcome).toMatchObject({ kind: 'graded', grade: 2 })
    expect(view.course.crs.maxGrade).toBe(2)
    const top = view.alerts[0]
    expect(top).toMatchObject({ kind: 'crs', grade: 2, previous_grade: 1, protocol_day: 1, observed_on: '2025-06-11', source_entity: 'form_record', source_id: String(o2.json().id) })
    expect(top.finding).toContain('nasal cannula 4 L/min')
    // the alert and its audit record were written with the oxygen record
    expect((await audits('safety_alert', top.id)).map((a) => a.action)).toEqual(['create'])
    const notes = await db.kysely.selectFrom('notification').selectAll().where('alert_id', '=', top.id).execute()
    expect(notes.map((n) => n.channel)).toEqual(['in_app'])
  })

  it('the same grade saved again raises no second alert; the study lists open alerts; acknowledging is audited', async () => {
    await form(id, 'oxygen', { measuredAt: '2025-06-11T20:00', delivery: 'low_flow', flowLpm: 3 })
    const alerts = (await app.inject({ url: `/api/studies/${studyId}/safety/alerts`, headers: inv })).json()
    expect(alerts.map((a: { grade: number }) => a.grade)).toEqual([2, 1])
    expect(alerts[0].subject_code).toBe('S-001')
    const ack = await post(`/api/safety-alerts/${alerts[0].id}/acknowledge`, {})
    expect(ack.statusCode).toBe(200)
    expect(ack.json().acknowledged_at).toBe('2025-06-15T08:00:00.000Z')
    expect((await audits('safety_alert', alerts[0].id)).map((a) => a.action)).toEqual(['create', 'acknowledge'])
    expect((await post(`/api/safety-alerts/${alerts[0].id}/acknowledge`, {})).statusCode).toBe(409)
    expect((await app.inject({ url: `/api/studies/${studyId}/safety/alerts`, headers: inv })).json()).toHaveLength(1)
  })

  it('ICANS uses CAPD for a 9-year-old and alerts on grade 3', async () => {
    const child = await subject('S-002', { age: 9, infusion: '2025-06-10', ld: '2025-06-05', dose: 'DL2' })
    const neuro = { assessedAt: '2025-06-14T09:00', tool: 'CAPD', iceItems: null, unableToPerform: false, capdTotal: 12, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false }
    expect((await form(child, 'neuro', neuro)).statusCode).toBe(201)
    const view = (await app.inject({ url: `/api/subjects/${child}/safety`, headers: inv })).json()
    expect(view.course.icansTool).toBe('CAPD')
    expect(view.course.icans.maxGrade).toBe(3)
    expect(view.alerts[0]).toMatchObject({ kind: 'icans', grade: 3, protocol_day: 4 })
  })
})

describe('lab-derived AE proposals', () => {
  let id: number
  const lab = (testCode: string, value: number, collectedOn: string, refLow: number | null, unit = '10^9/L') => post(`/api/subjects/${id}/safety/labs`, { testCode, value, unit, collectedOn, refLow, refHigh: null })
  it('baseline ITP thrombocytopenia is no AE unless it worsens; a grade 4 neutropenia is proposed and alerts', async () => {
    id = await subject('S-003', { age: 30, infusion: '2025-06-05', ld: '2025-06-02', dose: 'DL1' })
    await lab('PLAT', 20, '2025-06-01', 125)
    await lab('NEUT', 3.0, '2025-06-01', 1.8)
    const plt = await lab('PLAT', 15, '2025-06-08', 125)
    expect(plt.json().alerts).toEqual([])
    const anc = await lab('NEUT', 0.4, '2025-06-08', 1.8)
    expect(anc.statusCode).toBe(201)
    expect(anc.json().alerts).toMatchObject([{ kind: 'lab', grade: 4 }])
    const view = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json()
    expect(view.proposals.map((p: { analyte: string; worst_grade: number; status: string }) => [p.analyte, p.worst_grade, p.status])).toEqual([['neutrophils', 4, 'proposed']])
  })

  it('the investigator confirms or rejects, each audited; a rejection needs a reason; a decision stands', async () => {
    const [p] = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json().proposals
    expect((await post(`/api/lab-ae-proposals/${p.id}/decision`, { decision: 'rejected', reason: '' })).statusCode).toBe(400)
    const ok = await post(`/api/lab-ae-proposals/${p.id}/decision`, { decision: 'confirmed' })
    expect(ok.json()).toMatchObject({ status: 'confirmed', decided_at: '2025-06-15T08:00:00.000Z' })
    expect((await post(`/api/lab-ae-proposals/${p.id}/decision`, { decision: 'rejected', reason: 'x' })).statusCode).toBe(409)
    expect((await audits('lab_ae_proposal', p.id)).map((a) => a.action)).toEqual(['create', 'confirm'])
    // a new ALT rise: proposed, then rejected with a reason
    await lab('ALT', 30, '2025-06-01', null, 'U/L')
    const alt = await post(`/api/subjects/${id}/safety/labs`, { testCode: 'ALT', value: 130, unit: 'U/L', collectedOn: '2025-06-09', refLow: 7, refHigh: 40 })
    expect(alt.json().proposalsChanged).toBe(1)
    const altP = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json().proposals.find((x: { analyte: string }) => x.analyte === 'alt')
    expect(altP.worst_grade).toBe(2)
    const rej = await post(`/api/lab-ae-proposals/${altP.id}/decision`, { decision: 'rejected', reason: 'haemolysed sample' })
    expect(rej.json().status).toBe('rejected')
    const trail = await audits('lab_ae_proposal', altP.id)
    expect(trail.at(-1)).toMatchObject({ action: 'reject', reason: 'haemolysed sample' })
  })
})

describe('SAE reports and clocks across time zones', () => {
  let id: number
  const no = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
  it('site 24 h clock is elapsed time from awareness in Beijing; overdue when not sent', async () => {
    id = await subject('S-004', { age: 50, infusion: '2025-06-08', ld: '2025-06-03', dose: 'DL2' })
    const res = await post(`/api/subjects/${id}/sae`, {
      aeSource: 'other', term: 'Cytokine release syndrome', ctcaeGrade: 3, onsetDate: '2025-06-10',
      seriousness: { ...no, hospitalisation: 'prolongs-existing' }, related: true, unexpected: false, siteAwareAt: '2025-06-14T10:00+08:00',
    })
    expect(res.statusCode).toBe(201)
    const sae = res.json()
    expect(sae).toMatchObject({ serious: 'yes', criteria: ['hospitalisation'], susar_category: 'not-expedited', site_aware_instant: '2025-06-14T02:00:00.000Z' })
    // clock now 2025-06-15T08:00Z = 16:00 in Beijing, 6 h past due
    expect(sae.clocks.site).toEqual({ dueAt: '2025-06-15T10:00+08:00', status: 'overdue', minutesRemaining: -360 })
    expect(sae.clocks.overdue).toBe(true)
    const sent = await app.inject({ method: 'PATCH', url: `/api/sae/${sae.id}`, headers: inv, payload: { initialSentAt: '2025-06-15T03:30+02:00', reason: 'sent by fax' } })
    expect(sent.statusCode).toBe(200)
    const after = (await app.inject({ url: `/api/sae/${sae.id}`, headers: inv })).json()
    expect(after.clocks.site.status).toBe('submitted-on-time') // 01:30Z, before 02:00Z
    expect(after.clocks.overdue).toBe(false)
    expect((await audits('sae_report', sae.id)).map((a) => a.action)).toEqual(['create', 'update'])
  })

  it('sponsor SUSAR clock counts calendar days from Day 0 in the sponsor zone (New York)', async () => {
    const res = await post(`/api/subjects/${id}/sae`, {
      aeSource: 'other', term: 'Encephalopathy', ctcaeGrade: 3, seriousness: { ...no, hospitalisation: 'requires-admission' }, related: true, unexpected: true,
      siteAwareAt: '2025-06-14T09:00+08:00', initialSentAt: '2025-06-14T11:00+08:00', sponsorFirstKnowledgeAt: '2025-06-13T23:30-04:00',
    })
    const sae = res.json()
    expect(sae.susar_category).toBe('susar-other')
    expect(sae.clocks.sponsor).toMatchObject({ day0: '2025-06-13', initial: { dueDate: '2025-06-28', status: 'pending', daysRemaining: 13 }, followUp: null })
    expect((await post(`/api/subjects/${id}/sae`, { ...{ aeSource: 'other', term: 'x', seriousness: no, related: null, unexpected: null }, siteAwareAt: '2025-06-14T09:00' })).statusCode).toBe(400)
    const fu = await post(`/api/sae/${sae.id}/follow-ups`, { sentAt: '2025-06-15T09:00+08:00', summary: 'MRI normal' })
    expect(fu.statusCode).toBe(201)
    const html = await app.inject({ url: `/api/sae/${sae.id}/form.html`, headers: inv })
    expect(html.headers['content-type']).toContain('text/html')
    expect(html.body).toContain('Encephalopathy')
    expect(html.body).toContain('@media print')
    expect(html.body).toContain('MRI normal')
    const voided = await post(`/api/sae/${sae.id}/void`, { reason: 'duplicate' })
    expect(voided.json().void_reason).toBe('duplicate')
  })
})

describe('study safety tables', () => {
  it('counts subjects by dose level and overall', async () => {
    // the four subjects above: DL1 x2 (S-001 CRS 2, S-003 confirmed neutropenia 4), DL2 x2 (S-002 ICANS 3, S-004 none)
    const t = (await app.inject({ url: `/api/studies/${studyId}/safety/tables`, headers: inv })).json()
    expect(t.population).toEqual({ n: 4, doseLevels: ['DL1', 'DL2'] })
    const overall = (cols: { group: string }[]) => cols.find((c) => c.group === 'overall')!
    expect(overall(t.crs)).toMatchObject({ denominator: 4, nAnyGrade: 1, percentAnyGrade: 25, byMaxGrade: { 2: { n: 1, percent: 25 } } })
    expect(t.crs.find((c: { group: string }) => c.group === 'DL1')).toMatchObject({ denominator: 2, nAnyGrade: 1, percentAnyGrade: 50, timeToOnsetDays: { median: 1 } })
    expect(overall(t.icans)).toMatchObject({ nAnyGrade: 1, nGrade3OrHigher: 1 })
    const any = t.adverseEvents[0]
    expect(any.soc).toBeNull()
    expect(overall(any.cells)).toMatchObject({ nSubjects: 1, byWorstGrade: { 4: 1 } })
    const neut = t.cytopenias.find((r: { term: string }) => r.term === 'Neutrophil count decreased')
    expect(overall(neut.cells)).toMatchObject({ nSubjects: 1, byWorstGrade: { 4: 1 } })
  })
})

describe('every lab entry path grades the lab and alerts in the same transaction', () => {
  let id: number
  const alertsOf = (labId: number) => db.kysely.selectFrom('safety_alert').selectAll().where('source_entity', '=', 'lab_result').where('source_id', '=', String(labId)).execute()
  const inAppNotes = (alertId: number) => db.kysely.selectFrom('notification').selectAll().where('alert_id', '=', alertId).where('channel', '=', 'in_app').execute()

  it('POST /api/subjects/:id/labs (the original lab route) raises a grade 4 neutropenia alert and queues its notification', async () => {
    id = await subject('S-006', { age: 45, infusion: '2025-06-05', ld: '2025-06-02', dose: 'DL1' })
    const baseline = await post(`/api/subjects/${id}/labs`, { testCode: 'NEUT', value: 3.1, unit: '10^9/L', collectedOn: '2025-06-01', refLow: 1.8, refHigh: null })
    expect(baseline.statusCode).toBe(201)
    expect(baseline.json()).toMatchObject({ test_code: 'NEUT', value: 3.1, alerts: [] })
    const grade2 = await post(`/api/subjects/${id}/labs`, { testCode: 'NEUT', value: 1.2, unit: '10^9/L', collectedOn: '2025-06-07', refLow: 1.8, refHigh: null })
    expect(grade2.json().alerts).toEqual([]) // CTCAE grade 2 (< 1.5 - 1.0): proposed, not alerted
    const res = await post(`/api/subjects/${id}/labs`, { testCode: 'NEUT', value: 0.3, unit: '10^9/L', collectedOn: '2025-06-09', refLow: 1.8, refHigh: null })
    expect(res.statusCode).toBe(201)
    const lab = res.json()
    expect(lab).toMatchObject({ test_code: 'NEUT', value: 0.3, collected_on: '2025-06-09', alerts: [{ kind: 'lab', grade: 4 }] })
    const [alert] = await alertsOf(lab.id)
    expect(alert).toMatchObject({ kind: 'lab', grade: 4, protocol_day: 4, observed_on: '2025-06-09', subject_id: id })
    expect(alert!.finding).toContain('Neutrophil count decreased')
    expect(await inAppNotes(alert!.id)).toMatchObject([{ status: 'queued' }])
    // the lab, the proposal and the alert were audited together by the same user
    const trail = await db.kysely
      .selectFrom('audit_event')
      .select(['entity', 'action', 'actor', 'at'])
      .where((eb) => eb.or([eb.and([eb('entity', '=', 'lab_result'), eb('entity_id', '=', String(lab.id))]), eb.and([eb('entity', '=', 'safety_alert'), eb('entity_id', '=', String(alert!.id))])]))
      .orderBy('id')
      .execute()
    expect(trail.map((t) => [t.entity, t.action, t.actor])).toEqual([['lab_result', 'create', 'inv.safety'], ['safety_alert', 'create', 'inv.safety']])
    expect(trail[0]!.at).toBe(trail[1]!.at)
    const view = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json()
    expect(view.alerts[0]).toMatchObject({ kind: 'lab', grade: 4, source_id: String(lab.id) })
    expect(view.proposals.map((p: { analyte: string; worst_grade: number }) => [p.analyte, p.worst_grade])).toEqual([['neutrophils', 4]])
  })

  it('PUT /api/labs/:id (a correction) re-grades: a value corrected into grade 4 alerts, a corrected value already alerted does not alert twice', async () => {
    await post(`/api/subjects/${id}/labs`, { testCode: 'ALT', value: 30, unit: 'U/L', collectedOn: '2025-06-01', refLow: 7, refHigh: 40 }) // baseline normal (LAB-3)
    const alt = await post(`/api/subjects/${id}/labs`, { testCode: 'ALT', value: 50, unit: 'U/L', collectedOn: '2025-06-10', refLow: 7, refHigh: 40 })
    expect(alt.json().alerts).toEqual([]) // grade 1 (> ULN - 3 x ULN)
    const put = (labId: number, value: number) => app.inject({ method: 'PUT', url: `/api/labs/${labId}`, headers: inv, payload: { value, reason: 'transcription error, see lab printout' } })
    const corrected = await put(alt.json().id, 900)
    expect(corrected.statusCode).toBe(200)
    expect(corrected.json()).toMatchObject({ id: alt.json().id, value: 900, alerts: [{ kind: 'lab', grade: 4 }] }) // > 20 x ULN
    expect(await alertsOf(alt.json().id)).toHaveLength(1)
    const again = await put(alt.json().id, 950)
    expect(again.json().alerts).toEqual([])
    expect(await alertsOf(alt.json().id)).toHaveLength(1)
  })

  it('a monitor cannot enter labs, and nothing is graded for a refused write', async () => {
    await makeUser(db, 'mon.safety', ['monitor'], [siteId])
    const before = (await db.kysely.selectFrom('safety_alert').select('id').execute()).length
    const res = await post(`/api/subjects/${id}/labs`, { testCode: 'NEUT', value: 0.1, unit: '10^9/L', collectedOn: '2025-06-11', refLow: 1.8, refHigh: null }, await login(app, 'mon.safety'))
    expect(res.statusCode).toBe(403)
    expect((await db.kysely.selectFrom('safety_alert').select('id').execute()).length).toBe(before)
  })
})

describe('e-mail notifications over SMTP', () => {
  let smtp: SmtpTestServer
  beforeAll(async () => {
    smtp = await startSmtpTestServer()
    process.env.CELLTRIAL_SMTP_URL = `smtp://127.0.0.1:${smtp.port}?from=celltrial@site.test&to=safety@site.test`
  })
  afterAll(async () => {
    delete process.env.CELLTRIAL_SMTP_URL
    await smtp.close()
  })

  it('queues an e-mail with the alert and the sender delivers it', async () => {
    const id = await subject('S-005', { age: 60, infusion: '2025-06-10', ld: '2025-06-05', dose: 'DL1' })
    await form(id, 'vital_signs', vitals('2025-06-12T08:00', 39.2, 80))
    const alert = (await app.inject({ url: `/api/subjects/${id}/safety`, headers: inv })).json().alerts[0]
    const queued = await db.kysely.selectFrom('notification').selectAll().where('alert_id', '=', alert.id).where('channel', '=', 'email').execute()
    expect(queued).toMatchObject([{ recipient: 'safety@site.test', status: 'queued' }])
    expect(await sendQueuedEmails(db.kysely, mailConfigFromEnv()!, clock.now)).toEqual({ sent: 1, failed: 0 })
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.messages[0]!.data).toContain('Subject: [CellTrial safety] S-005: CRS')
    expect(smtp.messages[0]!.data).toContain('To: safety@site.test')
    const sent = await db.kysely.selectFrom('notification').selectAll().where('id', '=', queued[0]!.id).executeTakeFirstOrThrow()
    expect(sent.status).toBe('sent')
  })

  it('the server e-mails a lab alert by itself (background sender every 15 s) when CELLTRIAL_SMTP_URL is set', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const mailApp = await testApp(db, clock) // built with the variable set: the sender starts when the app is ready
    try {
      await mailApp.ready()
      const h = await login(mailApp, 'inv.safety')
      const id = await subject('S-007', { age: 52, infusion: '2025-06-05', ld: '2025-06-02', dose: 'DL1' })
      const lab = (testCode: string, value: number, collectedOn: string) =>
        mailApp.inject({ method: 'POST', url: `/api/subjects/${id}/labs`, headers: h, payload: { testCode, value, unit: '10^9/L', collectedOn, refLow: 150, refHigh: 400 } })
      await lab('PLAT', 180, '2025-06-01')
      const low = await lab('PLAT', 20, '2025-06-10') // not ITP-like baseline: grade 4 (< 25)
      expect(low.json().alerts).toMatchObject([{ kind: 'lab', grade: 4 }])
      const alertId = low.json().alerts[0].id as number
      const email = () => db.kysely.selectFrom('notification').selectAll().where('alert_id', '=', alertId).where('channel', '=', 'email').executeTakeFirstOrThrow()
      expect((await email()).status).toBe('queued')
      const before = smtp.messages.length
      vi.advanceTimersByTime(15_000)
      for (let i = 0; i < 100 && (await email()).status === 'queued'; i++) await new Promise((r) => setTimeout(r, 50))
      expect(await email()).toMatchObject({ status: 'sent', recipient: 'safety@site.test' })
      expect(smtp.messages).toHaveLength(before + 1)
      expect(smtp.messages.at(-1)!.data).toContain('Subject: [CellTrial safety] S-007: Lab grade 4 on Day 5')
    } finally {
      vi.useRealTimers()
      await mailApp.close()
    }
  })
})
