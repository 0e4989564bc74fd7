import { sql, type Kysely } from 'kysely'
import {
  AdverseEventFormSchema, MedicationFormSchema, NeuroFormSchema, OxygenFormSchema, VasopressorFormSchema, VitalSignsFormSchema, analyteForTestCode,
  type AdverseEventForm, type Captured, type Issue, type LabSeriesSample, type SubjectBedsideData,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { byId, deepFreeze, KeyedCache, parseRevHeads, revHeads, RowVersionCache } from '../db/row-version-cache.js'

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
/** The current (not voided, not draft) records of these form types of a subject, as SQL. */
const currentRecords = (subjectId: number, formTypes: readonly string[]) =>
  sql`subject_id = ${subjectId} and voided_at is null and status <> 'draft' and form_type in (${sql.join(formTypes.map((t) => sql`${t}`))})`

type Loaded = { id: number; rev: number; form_type: string; data: unknown }
const loadVersions = (db: Db) => async (missing: readonly { id: number; rev: number }[]) =>
  (await sql<Loaded>`select id, rev, form_type, data from form_record
    where id in (${sql.join(missing.map((m) => sql`${m.id}`))}) and rev in (${sql.join(missing.map((m) => sql`${m.rev}`))})`.execute(db)).rows
const formRow = (r: Loaded): FormRow => ({ id: Number(r.id), rev: Number(r.rev), form_type: r.form_type, data: deepFreeze(typeof r.data === 'string' ? (JSON.parse(r.data) as unknown) : r.data) })

/**
 * Keep a record version just written (its `returning` row) as if read, so the bedside data of the save that wrote
 * it does not read it back. Its data is copied: the caller's row stays the caller's.
 */
export function keepRecordVersion(db: Db, row: { id: number; rev: number; form_type: string; data: unknown }): void {
  if (byRev.get(db, Number(row.id), Number(row.rev)) === undefined) byRev.set(db, Number(row.id), Number(row.rev), formRow({ ...row, data: structuredClone(row.data) }))
}

/** The (id, rev) of the current records, `id:rev,id:rev,...` in the order the database lists them (`null`: none). */
async function headsText(db: Db, subjectId: number, formTypes: readonly string[]): Promise<string | null> {
  // unordered in SQL: the database's sort of a long casebook cost more than the aggregate
  return (await sql<{ heads: string | null }>`select ${revHeads()} as heads from form_record where ${currentRecords(subjectId, formTypes)}`.execute(db)).rows[0]?.heads ?? null
}

/** The records of a heads text, in id order, from the versions kept or loaded. */
function rowsOfHeads(db: Db, subjectId: number, formTypes: readonly string[], heads: string | null): Promise<FormRow[]> {
  return byRev.read<Loaded>(
    db,
    byId(parseRevHeads(heads)),
    loadVersions(db),
    async () => (await sql<Loaded>`select id, rev, form_type, data from form_record where ${currentRecords(subjectId, formTypes)} order by id`.execute(db)).rows,
    formRow,
  )
}

/**
 * Current (not voided) records of the given form types of a subject, from the data-capture table `form_record`
 * (migration 0003; every migration is applied before the server starts), in id order. Rows are shared between
 * requests: their data is frozen.
 */
export async function capturedForms(db: Db, subjectId: number, formTypes: readonly string[]): Promise<FormRow[]> {
  return rowsOfHeads(db, subjectId, formTypes, await headsText(db, subjectId, formTypes))
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

/** The bedside data of a subject and the key that names it. */
export interface BedsideSnapshot {
  /**
   * `infusion date|age|,id:rev,id:rev,...,`: the subject facts and row versions (migration 0013) the data was built
   * from, in the order the database listed them. A row version never changes and is never handed out twice, so one
   * key is always the same data, read on whichever connection, committed or not.
   */
  key: string
  data: SubjectBedsideData
  issues: Issue[]
  /** the highest record id in it (-1: none) */
  maxId: number
}
type Lists = { [K in 'vitals' | 'oxygen' | 'vasopressors' | 'neuro' | 'medications']: SubjectBedsideData[K][number][] }

/** Snapshots by key (frozen, shared between requests). */
const snapshots = new KeyedCache<BedsideSnapshot>(64)

/** A record to its form's list (records in id order). */
function add(r: FormRow, data: Lists, issues: Issue[]) {
  switch (r.form_type) {
    case 'vital_signs':
      return collect(r, r.form_type, VitalSignsFormSchema, data.vitals, issues)
    case 'oxygen':
      return collect(r, r.form_type, OxygenFormSchema, data.oxygen, issues)
    case 'vasopressor':
      return collect(r, r.form_type, VasopressorFormSchema, data.vasopressors, issues)
    case 'neuro':
      return collect(r, r.form_type, NeuroFormSchema, data.neuro, issues)
    case 'medication':
      return collect(r, r.form_type, MedicationFormSchema, data.medications, issues)
  }
}

/** The key of a snapshot without one record (the same key when it is not in it). */
export function keyWithout(key: string, recordId: number): string {
  return key.replace(new RegExp(`,${recordId}:\\d+,`), ',')
}

/**
 * The bedside data of a subject. The safety course is graded on every bedside save and every safety page, over a
 * casebook that grows to hundreds of vital-sign records (bench/load, issue 10 item 5): the data of a set of row
 * versions is built once and kept by its key. After a save of a new record (`savedId`, the highest id), the data
 * is the one without it (kept from the previous save or page) plus that record.
 */
export async function loadBedsideData(
  db: Db,
  subject: { id: number; infusion_date: string; age_years: number | null },
  savedId?: number,
): Promise<BedsideSnapshot> {
  const heads = await headsText(db, subject.id, BEDSIDE_FORM_TYPES)
  const key = `${subject.infusion_date}|${subject.age_years}|,${heads ?? ''},`
  const kept = snapshots.get(db, key)
  if (kept) return kept
  const facts = { infusionDate: subject.infusion_date, ageYears: subject.age_years }
  const before = savedId === undefined ? undefined : snapshots.get(db, keyWithout(key, savedId))
  const head = savedId === undefined ? undefined : new RegExp(`,${savedId}:(\\d+),`).exec(key)
  if (before && head && savedId! > before.maxId) {
    const [row] = await byRev.read<Loaded>(db, [{ id: savedId!, rev: Number(head[1]) }], loadVersions(db), async () => [], formRow)
    if (row) {
      const b = before.data
      const data: Lists = { vitals: [...b.vitals], oxygen: [...b.oxygen], vasopressors: [...b.vasopressors], neuro: [...b.neuro], medications: [...b.medications] }
      const issues = [...before.issues]
      add(row, data, issues)
      return snapshots.set(db, key, freeze({ key, data: { ...facts, ...data }, issues, maxId: row.id }))
    }
  }
  return snapshots.set(db, key, freeze({ key, ...bedsideDataOf(await rowsOfHeads(db, subject.id, BEDSIDE_FORM_TYPES, heads), facts) }))
}

/** The bedside data of records in id order (as `capturedForms` lists them), built in one pass. */
export function bedsideDataOf(rows: readonly FormRow[], facts: { infusionDate: string; ageYears: number | null }): Omit<BedsideSnapshot, 'key'> {
  const issues: Issue[] = []
  const data: Lists = { vitals: [], oxygen: [], vasopressors: [], neuro: [], medications: [] }
  for (const r of rows) add(r, data, issues)
  return { data: { ...facts, ...data }, issues, maxId: rows.length === 0 ? -1 : rows[rows.length - 1]!.id }
}

/** A snapshot frozen: its lists and objects (the records in them are frozen already). */
function freeze(s: BedsideSnapshot): BedsideSnapshot {
  for (const list of [s.data.vitals, s.data.oxygen, s.data.vasopressors, s.data.neuro, s.data.medications, s.issues]) Object.freeze(list)
  Object.freeze(s.data)
  return Object.freeze(s)
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
