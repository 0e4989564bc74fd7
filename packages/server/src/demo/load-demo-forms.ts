import type { Transaction } from 'kysely'
import { addDays, deriveFormValues, formSchema, parseProtocol, ScreeningProfileSchema, screenSubject, type FormType, type RescueType, type TherapyClass } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { appendAudit } from '../audit/chain.js'
import type { DemoPatient } from './nct06352281-cohort.js'

const RESCUE_TYPE: Record<DemoPatient['rescue'][number]['kind'], RescueType> = {
  IVIG: 'IVIG',
  'HIGH DOSE CORTICOSTEROID': 'HIGH_DOSE_CORTICOSTEROID',
  'PLATELET TRANSFUSION': 'PLATELET_TRANSFUSION',
  'TPO-RA': 'TPO_RA',
}

/**
 * The account demo data is attributed to: disabled, without password or role, so nobody can log in as it.
 * Captured forms name who entered them (`form_record.created_by`).
 */
export async function demoAccount(tx: Transaction<Database>): Promise<number> {
  const found = await tx.selectFrom('app_user').select('id').where('username', '=', 'demo-data').executeTakeFirst()
  if (found) return found.id
  const row = await tx
    .insertInto('app_user')
    .values({ username: 'demo-data', display_name: 'Synthetic demo data', password_hash: null, locked_until: null, disabled_at: new Date(0).toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Store a demo patient's rescue therapy, new ITP therapy, adverse events and correlative samples as captured
 * forms, and its diagnosis and prior therapies as a screening attempt, so the response engine (rescue windows,
 * censoring at new therapy), the safety views and the results report see what the seed abstract reports:
 * IVIG before patient 1 became IVIG-independent, daratumumab at 9 months, CRS and ICANS, prior therapies,
 * CAR-T expansion, B-cell aplasia and GP autoantibody conversion.
 * Every record is checked against its form schema, as a typed entry would be.
 */
export async function loadDemoForms(
  tx: Transaction<Database>,
  p: DemoPatient,
  subject: { id: number; study_id: number; site_id: number; code: string },
  userId: number,
  now: Date,
) {
  const day = (d: number) => addDays(p.infusionDate, d)
  const records: { type: FormType; observedOn: string; data: Record<string, unknown> }[] = []
  for (const r of p.rescue)
    records.push({
      type: 'medication',
      observedOn: day(r.days[0]!),
      data: { name: r.treatment, category: 'RESCUE', rescueType: RESCUE_TYPE[r.kind], dose: r.doseMg, unit: r.doseMg === null ? null : 'mg', start: day(r.days[0]!), end: day(r.days.at(-1)!) },
    })
  if (p.newItpTherapy) {
    const t = p.newItpTherapy
    records.push({
      type: 'medication',
      observedOn: day(t.days[0]!),
      data: { name: t.treatment, category: 'NEW_ITP_THERAPY', rescueType: null, dose: t.doseMg, unit: t.doseMg === null ? null : 'mg', start: day(t.days[0]!), end: day(t.days.at(-1)!) },
    })
  }
  for (const ae of p.adverseEvents)
    records.push({
      type: 'adverse_event',
      observedOn: day(ae.startDay),
      data: {
        ctcaeTerm: ae.term, meddraCode: null, grade: ae.grade, serious: ae.serious,
        seriousness: { resultsInDeath: false, lifeThreatening: false, hospitalisation: ae.serious ? 'prolongs-existing' : 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: ae.serious },
        attribution: 'probable', outcome: 'recovered', start: day(ae.startDay), end: day(ae.endDay),
      },
    })
  records.push(...correlativeRecords(p), ...bedsideRecords(p))
  for (const r of records) {
    const data = formSchema(r.type).parse(r.data) as Record<string, unknown>
    const row = await tx
      .insertInto('form_record')
      .values({
        subject_id: subject.id, study_id: subject.study_id, site_id: subject.site_id, form_type: r.type, visit_day: null, visit_label: null,
        observed_on: r.observedOn, data: JSON.stringify(data), derived: JSON.stringify(deriveFormValues(r.type, data) ?? {}), overrides: '{}',
        status: 'saved', version: 1, created_by: userId, created_at: now.toISOString(), updated_by: userId, updated_at: now.toISOString(),
        voided_at: null, voided_by: null, void_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await appendAudit(tx, now, { actorUserId: userId, actor: 'demo', action: 'create', entity: 'form_record', entityId: row.id, siteId: subject.site_id, newValue: { formType: r.type, data }, reason: 'synthetic demo cohort' })
  }
  await demoScreening(tx, p, subject, userId, now)
  return records.length
}

/**
 * One correlative form per sampling day: CAR copies/µg gDNA, CD19+ B cells/µL and the anti-GPIIb/IIIa
 * ELISA result of the day (regimen-and-dosing.md §7-§8), as the results report and the abstract read them.
 */
function correlativeRecords(p: DemoPatient): { type: FormType; observedOn: string; data: Record<string, unknown> }[] {
  const days = [...new Set([...p.carCopies.map(([d]) => d), ...p.bCells.map(([d]) => d), ...p.gpAntibody.map(([d]) => d)])].sort((a, b) => a - b)
  return days.map((d) => {
    const on = addDays(p.infusionDate, d)
    const gp = p.gpAntibody.find(([x]) => x === d)
    return {
      type: 'correlative' as const,
      observedOn: on,
      data: {
        collectedOn: on, carCopiesPerUgGdna: p.carCopies.find(([x]) => x === d)?.[1] ?? null, cd19BCellsPerUl: p.bCells.find(([x]) => x === d)?.[1] ?? null,
        igGgPerL: null, igAgPerL: null, igMgPerL: null, antiGpIIbIIIa: gp === undefined ? null : gp[1] ? 'positive' : 'negative', antiGpIbIX: null,
        antiDsDnaIuPerMl: null, c3gPerL: null, c4gPerL: null,
      },
    }
  })
}

const CRS_TERM = 'Cytokine release syndrome'
const ICANS_TERM = 'Immune effector cell-associated neurotoxicity syndrome'
/** Days 0-14 after infusion: the bedside monitoring window of the demo (safety-grading.md §1.2 CRS-7, §2.6). */
const BEDSIDE_DAYS = 15

/**
 * Bedside monitoring Days 0-14 that agrees with the patient's CRS and ICANS adverse events, so the subject page's
 * CRS and ICANS courses (graded by core from these records) show what the abstract reports: vital signs at 08:00
 * and 20:00 (38.4 °C at 20:00 on each CRS day, no hypotension), room air each morning, and a neurological assessment
 * at 09:00 with the tool of the patient's age (ICE > 12 years, CAPD <= 12: safety-grading.md §2.3, ICANS-5).
 * An ICANS adverse event of grade 3 is grade 3 on its first two days (ICE 2 / CAPD 12, awakens to voice) and
 * grade 1 on the rest (ICE 8 / CAPD 4); any other grade is not drawn (the demo has none).
 */
function bedsideRecords(p: DemoPatient): { type: FormType; observedOn: string; data: Record<string, unknown> }[] {
  const crsDays = new Set(p.adverseEvents.filter((a) => a.term === CRS_TERM).flatMap((a) => range(a.startDay, a.endDay)))
  const icans = new Map<number, 1 | 3>()
  for (const a of p.adverseEvents.filter((e) => e.term === ICANS_TERM && e.grade === 3))
    for (const d of range(a.startDay, a.endDay)) icans.set(d, d <= a.startDay + 1 ? 3 : 1)
  const tool = p.ageYears <= 12 ? 'CAPD' : 'ICE'
  const out: { type: FormType; observedOn: string; data: Record<string, unknown> }[] = []
  for (let d = 0; d < BEDSIDE_DAYS; d++) {
    const on = addDays(p.infusionDate, d)
    const fever = crsDays.has(d)
    for (const [time, temperatureC, heartRate] of [['08:00', 36.8, 84], ['20:00', fever ? 38.4 : 37.0, fever ? 108 : 86]] as const)
      out.push({ type: 'vital_signs', observedOn: on, data: { measuredAt: `${on}T${time}`, temperatureC, systolicMmHg: 112, diastolicMmHg: 70, heartRate, spo2Percent: 98 } })
    out.push({ type: 'oxygen', observedOn: on, data: { measuredAt: `${on}T08:00`, delivery: 'none', flowLpm: null } })
    const grade = icans.get(d) ?? 0
    const passed = grade === 3 ? 2 : grade === 1 ? 8 : 10
    out.push({
      type: 'neuro',
      observedOn: on,
      data: {
        assessedAt: `${on}T09:00`, tool, iceItems: tool === 'ICE' ? iceItemsPassing(passed) : null, unableToPerform: false,
        capdTotal: tool === 'CAPD' ? (grade === 3 ? 12 : grade === 1 ? 4 : 0) : null, consciousness: grade === 3 ? 'awakens-to-voice' : 'normal',
        seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false,
      },
    })
  }
  return out
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** ICE items with the first `n` of the ten (orientation x4, naming x3, command, writing, counting) passed. */
function iceItemsPassing(n: number) {
  const ok = Array.from({ length: 10 }, (_, i) => i < n)
  return {
    orientation: { year: ok[0], month: ok[1], city: ok[2], hospital: ok[3] },
    naming: [ok[4], ok[5], ok[6]],
    followsCommands: ok[7],
    writesStandardSentence: ok[8],
    countsBackwardsBy10: ok[9],
  }
}

/** Screening classes (eligibility profile) of the demo's prior therapies. */
const PRIOR_CLASS: Record<string, TherapyClass> = {
  PREDNISONE: 'corticosteroid', DEXAMETHASONE: 'corticosteroid', 'IMMUNOGLOBULIN (IVIG)': 'ivig', ELTROMBOPAG: 'tpo-ra', AVATROMBOPAG: 'tpo-ra',
  RITUXIMAB: 'rituximab', CICLOSPORIN: 'immunosuppressant',
}

/**
 * The demo subject's screening attempt, 40 days before LD (the consent date of journey-demo.ts): diagnosis
 * (primary ITP, with its date) and prior therapies as screening data; the verdict is computed by core's
 * `screenSubject` as for any attempt (with the demo's partial profile it is usually `incomplete`).
 */
async function demoScreening(tx: Transaction<Database>, p: DemoPatient, subject: { id: number; study_id: number; site_id: number; code: string }, userId: number, now: Date) {
  const study = await tx.selectFrom('study').select(['protocol']).where('id', '=', subject.study_id).executeTakeFirstOrThrow()
  const protocol = parseProtocol(study.protocol)
  if (!protocol.ok) throw new Error('demo screening: the study protocol does not parse')
  const version = await tx.selectFrom('study_protocol_version').select('id').where('study_id', '=', subject.study_id).orderBy('id', 'desc').executeTakeFirst()
  const screenedOn = addDays(p.ldStartDate, -40)
  const number = subject.code
  const profile = ScreeningProfileSchema.parse({
    subjectId: number,
    sex: p.sex === 'F' ? 'female' : 'male',
    diagnosis: { type: 'primary-itp', date: p.itpDiagnosisDate },
    therapies: p.priorTherapies.map((name) => ({ class: PRIOR_CLASS[name] ?? 'other', name, outcome: 'unknown' })),
  })
  const result = screenSubject(profile, protocol.value, { asOf: screenedOn })
  const row = await tx
    .insertInto('screening_attempt')
    .values({
      study_id: subject.study_id, site_id: subject.site_id, screening_number: number, subject_id: subject.id, screened_on: screenedOn,
      profile: JSON.stringify(profile), protocol_version: protocol.value.version.number, protocol_version_id: version?.id ?? null,
      outcome: result.verdict, failed_criteria: JSON.stringify(result.unmet), missing_fields: JSON.stringify(result.missing),
      pending_attestations: JSON.stringify(result.pendingAttestations), result: JSON.stringify(result.criteria),
      previous_attempt_id: null, created_by: userId, voided_at: null, void_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await appendAudit(tx, now, { actorUserId: userId, actor: 'demo', action: 'create', entity: 'screening_attempt', entityId: row.id, siteId: subject.site_id, newValue: { screeningNumber: number, outcome: result.verdict }, reason: 'synthetic demo cohort' })
}
