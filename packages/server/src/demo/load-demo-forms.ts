import type { Transaction } from 'kysely'
import { addDays, deriveFormValues, formSchema, type FormType, type RescueType } from '@celltrial/core'
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
 * Store a demo patient's rescue therapy, new ITP therapy and adverse events as captured forms, so the
 * response engine (rescue windows, censoring at new therapy) and the safety views see what the seed
 * abstract reports: IVIG before patient 1 became IVIG-independent, daratumumab at 9 months, CRS and ICANS.
 * Every record is checked against its form schema, as a typed entry would be.
 */
export async function loadDemoForms(
  tx: Transaction<Database>,
  p: DemoPatient,
  subject: { id: number; study_id: number; site_id: number },
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
  return records.length
}
