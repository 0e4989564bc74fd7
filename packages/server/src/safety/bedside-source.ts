import { sql, type Kysely } from 'kysely'
import {
  AdverseEventFormSchema, MedicationFormSchema, NeuroFormSchema, OxygenFormSchema, VasopressorFormSchema, VitalSignsFormSchema, analyteForTestCode,
  type AdverseEventForm, type Captured, type Issue, type LabSeriesSample, type SubjectBedsideData,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { byId, deepFreeze, parseRevHeads, revHeads, RowVersionCache } from '../db/row-version-cache.js'

type Db = Kysely<Database>

/** Form types of the data-capture feature (migration 0003) that feed CRS/ICANS grading. */
export const BEDSIDE_FORM_TYPES = ['vital_signs', 'oxygen', 'vasopressor', 'neuro', 'medication'] as const

interface FormRow {
  id: number
  /** the row version read (`form_record.rev`) */
  rev: number
  form_type: string
  data: unknown
  /** the record version checked by its form's schema, kept with it (see `parsed`) */
  checked?: { schema: unknown; captured: Captured<unknown> | null }
}

/**
 * Parsed records by row version (`form_record.rev`, migration 0013). The bedside safety course is computed on
 * every save of a bedside form and on every safety page: it read and parsed every record of the subject each
 * time, and a casebook grows to hundreds of vital-sign records (bench/load, issue 10 item 5). A record version
 * never changes, so its parse is kept: each read asks the database for the (id, rev) list only and loads the
 * versions this process has not seen.
 */
const byRev = new RowVersionCache<FormRow>(20_000)
/**
 * Current (not voided) records of the given form types of a subject, from the data-capture table `form_record`
 * (migration 0003; every migration is applied before the server starts). Rows are shared between requests:
 * their data is frozen.
 */
export async function capturedForms(db: Db, subjectId: number, formTypes: readonly string[]): Promise<FormRow[]> {
  const current = sql`subject_id = ${subjectId} and voided_at is null and status <> 'draft' and form_type in (${sql.join(formTypes.map((t) => sql`${t}`))})`
  type Loaded = { id: number; rev: number; form_type: string; data: unknown }
  // unordered in SQL, sorted here: the database's sort of a long casebook cost more than the aggregate
  const heads = await sql<{ heads: string | null }>`select ${revHeads()} as heads from form_record where ${current}`.execute(db)
  return byRev.read<Loaded>(
    db,
    byId(parseRevHeads(heads.rows[0]?.heads ?? null)),
    async (missing) =>
      (await sql<Loaded>`select id, rev, form_type, data from form_record
        where id in (${sql.join(missing.map((m) => sql`${m.id}`))}) and rev in (${sql.join(missing.map((m) => sql`${m.rev}`))})`.execute(db)).rows,
    async () => (await sql<Loaded>`select id, rev, form_type, data from form_record where ${current} order by id`.execute(db)).rows,
    (r) => ({ id: Number(r.id), rev: Number(r.rev), form_type: r.form_type, data: deepFreeze(typeof r.data === 'string' ? (JSON.parse(r.data) as unknown) : r.data) }),
  )
}

/** A record version as its form's schema reads it (null: it does not match), kept with the version. */
function checkedRecord<T>(r: FormRow, schema: Schema<T>): Captured<T> | null {
  let checked = r.checked
  if (checked?.schema !== schema) {
    const p = schema.safeParse(r.data)
    checked = { schema, captured: p.success ? deepFreeze({ id: String(r.id), data: p.data }) : null }
    r.checked = checked
  }
  return checked.captured as Captured<T> | null
}

type Schema<T> = { safeParse(d: unknown): { success: true; data: T } | { success: false } }

function parsed<T>(rows: FormRow[], type: string, schema: Schema<T>, issues: Issue[]): Captured<T>[] {
  const out: Captured<T>[] = []
  for (const r of rows) if (r.form_type === type) collect(r, type, schema, out, issues)
  return out
}

function collect<T>(r: FormRow, type: string, schema: Schema<T>, out: Captured<T>[], issues: Issue[]) {
  const c = checkedRecord(r, schema)
  if (c) out.push(c)
  else issues.push({ code: 'unreadable_record', path: ['form_record', r.id], message: `${type} record ${r.id} does not match its form schema and is not graded` })
}

/** The bedside data of a subject. */
export async function loadBedsideData(
  db: Db,
  subject: { id: number; infusion_date: string; age_years: number | null },
): Promise<{ data: SubjectBedsideData; issues: Issue[]; versions: readonly { id: number; rev: number }[] }> {
  const rows = await capturedForms(db, subject.id, BEDSIDE_FORM_TYPES)
  const issues: Issue[] = []
  type Lists = { [K in 'vitals' | 'oxygen' | 'vasopressors' | 'neuro' | 'medications']: SubjectBedsideData[K][number][] }
  const data: Lists = { vitals: [], oxygen: [], vasopressors: [], neuro: [], medications: [] }
  // one pass over the records (id order), each to its form's list
  for (const r of rows) {
    switch (r.form_type) {
      case 'vital_signs':
        collect(r, r.form_type, VitalSignsFormSchema, data.vitals, issues)
        break
      case 'oxygen':
        collect(r, r.form_type, OxygenFormSchema, data.oxygen, issues)
        break
      case 'vasopressor':
        collect(r, r.form_type, VasopressorFormSchema, data.vasopressors, issues)
        break
      case 'neuro':
        collect(r, r.form_type, NeuroFormSchema, data.neuro, issues)
        break
      case 'medication':
        collect(r, r.form_type, MedicationFormSchema, data.medications, issues)
        break
    }
  }
  return { data: { infusionDate: subject.infusion_date, ageYears: subject.age_years, ...data }, issues, versions: rows }
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
