import type { Transaction } from 'kysely'
import {
  addDays,
  daysBetween,
  isoDate,
  parseProtocol,
  platformCoiIdentifier,
  startJourney,
  transitionJourney,
  validateCustodyChain,
  verifyBedsideIdentity,
  visitCalendar,
  type JourneyEventType,
  type SubjectJourney,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { appendAudit } from '../audit/chain.js'
import { statusToDb } from '../repo/journey.js'

/**
 * A consistent journey for one synthetic demo subject (already inserted, status short- or long-term follow-up):
 * the lifecycle events replayed through core's state machine, a product with its COI identifier, a gap-free
 * custody chain, a matching bedside verification, the infusion record and the visit schedule from Day 0, with
 * visits done up to the demo data cut-off. Dates before LD are invented (consent 40 days before LD).
 */
export async function seedDemoJourney(
  tx: Transaction<Database>,
  now: Date,
  demo: { subjectId: number; subjectCode: string; siteId: number; siteCode: string; studyId: number; subjectNumber: number; ldStartDate: string; infusionDate: string; status: string; cutoff: string },
): Promise<void> {
  const study = await tx.selectFrom('study').select(['registry_id', 'protocol']).where('id', '=', demo.studyId).executeTakeFirstOrThrow()
  const protocol = parseProtocol(study.protocol)
  if (!protocol.ok) throw new Error(`demo journey: protocol of ${study.registry_id} does not parse`)
  const at = now.toISOString()
  const consent = addDays(demo.ldStartDate, -40)
  const steps: [JourneyEventType, string][] = [
    ['start-screening', consent],
    ['enrol', addDays(consent, 7)],
    ['start-apheresis', addDays(consent, 10)],
    ['start-manufacturing', addDays(consent, 11)],
    ['release', addDays(demo.ldStartDate, -3)],
    ['start-lymphodepletion', demo.ldStartDate],
    ['infuse', demo.infusionDate],
    ['start-short-term-follow-up', addDays(demo.infusionDate, 1)],
  ]
  if (demo.status === 'long_term_follow_up') steps.push(['start-long-term-follow-up', addDays(demo.infusionDate, 91)])
  let journey: SubjectJourney = startJourney(isoDate(consent))
  const events = [{ subject_id: demo.subjectId, event_type: 'consent', from_status: null as string | null, to_status: 'consented', occurred_on: consent as string }]
  for (const [type, on] of steps) {
    const next = transitionJourney(journey, { type, on })
    if (!next.ok) throw new Error(`demo journey: ${next.issues.map((i) => i.message).join('; ')}`)
    events.push({ subject_id: demo.subjectId, event_type: type, from_status: statusToDb(journey.status), to_status: statusToDb(next.value.status), occurred_on: on })
    journey = next.value
  }
  if (statusToDb(journey.status) !== demo.status) throw new Error(`demo journey ends in ${journey.status}, the subject is ${demo.status}`)
  await tx
    .insertInto('subject_event')
    .values(events.map((e) => ({ ...e, reason: null, recorded_by: null, recorded_by_name: 'demo', recorded_at: at, voided_at: null, void_reason: null })))
    .execute()

  const coi = platformCoiIdentifier({ registryId: study.registry_id, siteCode: demo.siteCode, subjectNumber: demo.subjectNumber })
  if (!coi.ok) throw new Error(`demo journey: ${coi.issues.map((i) => i.message).join('; ')}`)
  const stamp = { created_by: null, created_at: at }
  const product = await tx
    .insertInto('cell_product')
    .values({ subject_id: demo.subjectId, coi_identifier: coi.value, din: null, din_check_character: null, product_description: 'autologous CD19 CAR-T (demo)', ...stamp })
    .returning('id')
    .executeTakeFirstOrThrow()
  const apheresisDay = addDays(consent, 10)
  await tx
    .insertInto('apheresis_collection')
    .values({ product_id: product.id, collected_at: `${apheresisDay}T09:00:00+08:00`, facility: `${demo.siteCode} apheresis unit`, volume_ml: 180, din: null, notes: null, ...stamp, voided_at: null, void_reason: null })
    .execute()
  const lot = await tx
    .insertInto('manufacturing_lot')
    .values({ product_id: product.id, lot_number: `DEMO-${demo.subjectCode}`, manufacturer: 'demo manufacturer', started_on: addDays(consent, 11), ended_on: addDays(demo.ldStartDate, -4), batch_record_ref: null, deviations: null, ...stamp, voided_at: null, void_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const released = addDays(demo.ldStartDate, -4)
  await tx
    .insertInto('release_test')
    .values(['sterility', 'mycoplasma', 'endotoxin', 'viability', 'CAR expression'].map((test) => ({ product_id: product.id, lot_id: lot.id, test, result: 'meets specification', passed: true, tested_on: released, ...stamp, voided_at: null, void_reason: null })))
    .execute()
  const bag = `${demo.subjectCode}-BAG1`
  const lab = `${demo.siteCode} cell therapy lab`
  const handOffs = [
    { from: `${demo.siteCode} apheresis unit`, to: 'courier', place: `${demo.siteCode} apheresis unit`, at: `${apheresisDay}T11:00:00+08:00`, cond: '2-8 C' },
    { from: 'courier', to: 'demo manufacturer', place: 'manufacturing site', at: `${apheresisDay}T17:00:00+08:00`, cond: '2-8 C' },
    { from: 'demo manufacturer', to: 'courier', place: 'manufacturing site', at: `${addDays(released, 1)}T08:00:00+08:00`, cond: 'LN2 vapour <= -150 C' },
    { from: 'courier', to: lab, place: `${demo.siteCode} cell therapy lab`, at: `${addDays(released, 1)}T16:00:00+08:00`, cond: 'LN2 vapour <= -150 C' },
  ].map((h) => ({ materialId: bag, from: h.from, to: h.to, place: h.place, at: h.at, temperatureCondition: h.cond, temperatureInRange: true, sealIntact: true }))
  if (!validateCustodyChain(handOffs).ok) throw new Error('demo journey: custody chain does not validate')
  await tx
    .insertInto('custody_handoff')
    .values(handOffs.map((h) => ({
      product_id: product.id, material_id: h.materialId, from_holder: h.from, to_holder: h.to, place: h.place, handed_at: h.at,
      temperature_condition: h.temperatureCondition, temperature_in_range: true, seal_intact: true, ...stamp, voided_at: null, void_reason: null,
    })))
    .execute()
  const verifiedAt = `${demo.infusionDate}T09:30:00+08:00`
  const check = verifyBedsideIdentity({ subjectId: demo.subjectCode, coiIdentifier: coi.value }, { patientId: demo.subjectCode, productCoiIdentifier: coi.value, bagId: bag }, ['demo nurse A', 'demo nurse B'], verifiedAt)
  const verification = await tx
    .insertInto('bedside_verification')
    .values({
      product_id: product.id, subject_id: demo.subjectId, bag_id: bag, scanned_patient_id: demo.subjectCode, scanned_coi_identifier: coi.value,
      verifiers: JSON.stringify(check.verifiers), result: check.result, deviation: check.deviation, issues: JSON.stringify(check.issues), verified_at: verifiedAt, recorded_by: null, created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await tx
    .insertInto('infusion_record')
    .values({
      subject_id: demo.subjectId, product_id: product.id, verification_id: verification.id, bag_id: bag, infusion_date: demo.infusionDate, target_cells: null, volume_ml: null,
      calculation: JSON.stringify({ note: 'demo record: dosing inputs are not part of the synthetic cohort' }), recorded_by: null, recorded_at: at, voided_at: null, void_reason: null,
    })
    .execute()
  const calendar = visitCalendar(protocol.value.visitSchedule.visits, demo.infusionDate, { lymphodepletion: protocol.value.lymphodepletion })
  if (!calendar.ok) throw new Error('demo journey: visit calendar')
  const followUp = daysBetween(demo.infusionDate, demo.cutoff)
  await tx
    .insertInto('subject_visit')
    .values(calendar.value.map((v) => ({
      subject_id: demo.subjectId, visit_id: v.visitId, label: v.label, kind: v.kind, day: v.day, target_date: v.targetDate, window_start: v.windowStart, window_end: v.windowEnd,
      assessments: JSON.stringify(v.assessments), done_on: v.day <= followUp ? v.targetDate : null, created_at: at, voided_at: null, void_reason: null,
    })))
    .execute()
  await appendAudit(tx, now, {
    actorUserId: null, actor: 'demo', action: 'create', entity: 'subject_journey', entityId: demo.subjectId, siteId: demo.siteId,
    newValue: { events: events.length, coi: coi.value, handOffs: handOffs.length, visits: calendar.value.length }, reason: 'synthetic demo cohort',
  })
}
