import { sql, type Kysely } from 'kysely'
import {
  AdverseEventFormSchema, MedicationFormSchema, NeuroFormSchema, OxygenFormSchema, VasopressorFormSchema, VitalSignsFormSchema, analyteForTestCode,
  type AdverseEventForm, type Captured, type Issue, type LabSeriesSample, type SubjectBedsideData,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'

type Db = Kysely<Database>

/** Form types of the data-capture feature (migration 0003) that feed CRS/ICANS grading. */
export const BEDSIDE_FORM_TYPES = ['vital_signs', 'oxygen', 'vasopressor', 'neuro', 'medication'] as const

interface FormRow {
  id: number
  form_type: string
  data: unknown
}

/**
 * Current (not voided) records of the given form types of a subject, from the data-capture table `form_record`
 * (migration 0003; every migration is applied before the server starts).
 */
export async function capturedForms(db: Db, subjectId: number, formTypes: readonly string[]): Promise<FormRow[]> {
  const rows = await sql<FormRow>`
    select id, form_type, data from form_record
    where subject_id = ${subjectId} and voided_at is null and status <> 'draft' and form_type in (${sql.join(formTypes.map((t) => sql`${t}`))})
    order by id`.execute(db)
  return rows.rows.map((r) => ({ ...r, id: Number(r.id), data: typeof r.data === 'string' ? (JSON.parse(r.data) as unknown) : r.data }))
}

function parsed<T>(rows: FormRow[], type: string, schema: { safeParse(d: unknown): { success: true; data: T } | { success: false } }, issues: Issue[]): Captured<T>[] {
  const out: Captured<T>[] = []
  for (const r of rows) {
    if (r.form_type !== type) continue
    const p = schema.safeParse(r.data)
    if (p.success) out.push({ id: String(r.id), data: p.data })
    else issues.push({ code: 'unreadable_record', path: ['form_record', r.id], message: `${type} record ${r.id} does not match its form schema and is not graded` })
  }
  return out
}

/** The bedside data of a subject. */
export async function loadBedsideData(
  db: Db,
  subject: { id: number; infusion_date: string; age_years: number | null },
): Promise<{ data: SubjectBedsideData; issues: Issue[] }> {
  const rows = await capturedForms(db, subject.id, BEDSIDE_FORM_TYPES)
  const issues: Issue[] = []
  return {
    data: {
      infusionDate: subject.infusion_date,
      ageYears: subject.age_years,
      vitals: parsed(rows, 'vital_signs', VitalSignsFormSchema, issues),
      oxygen: parsed(rows, 'oxygen', OxygenFormSchema, issues),
      vasopressors: parsed(rows, 'vasopressor', VasopressorFormSchema, issues),
      neuro: parsed(rows, 'neuro', NeuroFormSchema, issues),
      medications: parsed(rows, 'medication', MedicationFormSchema, issues),
    },
    issues,
  }
}

/** Investigator-reported adverse events of a subject (data-capture form `adverse_event`). */
export async function adverseEvents(db: Db, subjectId: number): Promise<Captured<AdverseEventForm>[]> {
  const rows = await capturedForms(db, subjectId, ['adverse_event'])
  return parsed(rows, 'adverse_event', AdverseEventFormSchema, [])
}

/** Current lab results of subjects as CTCAE samples (test codes without a CTCAE term are left out, §3.2). */
export async function labSamples(db: Db, subjectIds: readonly number[]): Promise<Map<number, LabSeriesSample[]>> {
  const out = new Map<number, LabSeriesSample[]>()
  if (subjectIds.length === 0) return out
  const rows = await db
    .selectFrom('lab_result')
    .select(['id', 'subject_id', 'test_code', 'value', 'unit', 'collected_on', 'ref_low', 'ref_high'])
    .where('subject_id', 'in', [...subjectIds])
    .where('voided_at', 'is', null)
    .orderBy('collected_on')
    .orderBy('id')
    .execute()
  for (const r of rows) {
    const analyte = analyteForTestCode(r.test_code)
    if (!analyte) continue
    const list = out.get(r.subject_id) ?? []
    list.push({ analyte, date: r.collected_on, value: r.value, unit: r.unit, lln: r.ref_low, uln: r.ref_high, sampleId: String(r.id) })
    out.set(r.subject_id, list)
  }
  return out
}
