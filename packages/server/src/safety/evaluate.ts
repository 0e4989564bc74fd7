import type { Kysely } from 'kysely'
import {
  CTCAE_V5_LAB_TERMS, daysBetween, gradeCtcaeLab, gradeRises, proposeLabAes, subjectSafetyCourse, subjectSafetyOptionsOf,
  type GradeRise, type Issue, type LabSeriesSample, type SafetySettings, type SubjectBedsideData, type SubjectSafetyCourse,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import type { AuditInput } from '../audit/chain.js'
import { keyWithout, labSamples, loadBedsideData } from './bedside-source.js'
import { queueAlertNotifications, type MailConfig } from './notify.js'
import { courseSettingsKey, safetySettingsForSubject, type SubjectSafetySettings } from './settings.js'
import { precompiled } from '../db/precompiled.js'
import { deepFreeze, KeyedCache } from '../db/row-version-cache.js'

type Db = Kysely<Database>
export type Audit = (e: Omit<AuditInput, 'actorUserId' | 'actor'>) => Promise<void>

export interface SafetySubject {
  id: number
  study_id: number
  site_id: number
  code: string
  age_years: number | null
  infusion_date: string | null
  ld_start_date: string | null
  /** picks the subject's protocol version when no consent row names one (protocol-versions.ts) */
  created_at: string
}

export async function loadSafetySubject(db: Db, subjectId: number): Promise<SafetySubject | undefined> {
  return safetySubject.first(db, subjectId)
}
/** Every bedside save and lab change: compiled once. */
const safetySubject = precompiled((db, subjectId: number) =>
  db.selectFrom('subject').select(['id', 'study_id', 'site_id', 'code', 'age_years', 'infusion_date', 'ld_start_date', 'created_at']).where('id', '=', subjectId),
)

/**
 * Safety courses by the key of the bedside data they were graded from (`BedsideSnapshot.key`: the subject facts
 * and record versions; one key is always the same data) and of the protocol's CRS / ICANS settings they were graded
 * with (`courseSettingsKey`: an amendment or another study grades the same data anew). A save of a bedside record
 * grades the course without and with it (`alertOnBedsideSave`): the course without it is the one the previous save
 * or page graded, and the course with it is the one the subject's safety page asks for next.
 */
const courses = new KeyedCache<SubjectSafetyCourse>(64)
const cachedCourse = (db: Db, key: string, settings: SafetySettings, data: () => SubjectBedsideData): SubjectSafetyCourse => {
  const k = `${key}#${courseSettingsKey(settings)}`
  return courses.get(db, k) ?? courses.set(db, k, deepFreeze(subjectSafetyCourse(data(), subjectSafetyOptionsOf(settings.crs, settings.icans))))
}

/**
 * CRS/ICANS course of a subject, graded with the `safety` settings of its protocol version (CRS-2 masking, CRS-7
 * resolution, hypotension rule, ICANS-5), and that version's number; `null` without an infusion date (no Day 0).
 * `read`: the subject's settings when the caller has them already. Shared between requests: frozen.
 */
export async function subjectCourse(db: Db, s: SafetySubject, read?: SubjectSafetySettings): Promise<{ course: SubjectSafetyCourse; issues: Issue[]; protocolVersion: string } | null> {
  if (!s.infusion_date) return null
  const { settings, protocolVersion } = read ?? (await safetySettingsForSubject(db, s))
  const { key, data, issues } = await loadBedsideData(db, { id: s.id, infusion_date: s.infusion_date, age_years: s.age_years })
  const course = cachedCourse(db, key, settings, () => data)
  return { course, issues: [...issues, ...course.issues], protocolVersion }
}

export interface AlertRow {
  id: number
  kind: 'crs' | 'icans' | 'lab'
  grade: number
}

async function insertAlert(
  tx: Db,
  audit: Audit,
  now: string,
  s: SafetySubject,
  a: { kind: 'crs' | 'icans' | 'lab'; grade: number; previousGrade: number | null; day: number | null; date: string; finding: string; sourceEntity: string; sourceId: string | null },
  mail: MailConfig | null,
): Promise<AlertRow> {
  const row = await tx
    .insertInto('safety_alert')
    .values({
      subject_id: s.id, study_id: s.study_id, site_id: s.site_id, kind: a.kind, grade: a.grade, previous_grade: a.previousGrade,
      protocol_day: a.day, observed_on: a.date, finding: a.finding, source_entity: a.sourceEntity, source_id: a.sourceId,
      created_at: now, acknowledged_at: null, acknowledged_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await audit({ action: 'create', entity: 'safety_alert', entityId: row.id, siteId: s.site_id, newValue: row })
  await queueAlertNotifications(tx, now, row, s.code, mail)
  return row
}

/**
 * The post-save hook of bedside data: grade the subject's CRS and ICANS courses without and with the record just
 * saved, and raise an alert (with its notifications) for every day whose grade rose to ≥ 1, unless an alert of that
 * kind and day at that grade or higher exists already. Runs inside the caller's transaction.
 * Source: safety-grading.md CRS-7, ICANS-6 (per-day grades).
 */
export async function alertOnBedsideSave(
  tx: Db,
  audit: Audit,
  ctx: { now: string; subjectId: number; recordId: string; sourceEntity: string; mail: MailConfig | null },
): Promise<AlertRow[]> {
  const s = await loadSafetySubject(tx, ctx.subjectId)
  if (!s?.infusion_date) return []
  // one read of the bedside forms: the course before the save is the same data without the saved record
  const recordId = Number(ctx.recordId)
  // both courses with the subject's protocol settings: a rise is never an artefact of two rule sets
  const { settings } = await safetySettingsForSubject(tx, s)
  const { key, data } = await loadBedsideData(tx, { id: s.id, infusion_date: s.infusion_date, age_years: s.age_years }, recordId)
  const without = <T extends { id: string }>(records: readonly T[]): T[] => records.filter((r) => r.id !== ctx.recordId)
  const before = cachedCourse(tx, keyWithout(key, recordId), settings, () => ({
    ...data,
    vitals: without(data.vitals), oxygen: without(data.oxygen), vasopressors: without(data.vasopressors), neuro: without(data.neuro), medications: without(data.medications),
  }))
  const after = cachedCourse(tx, key, settings, () => data)
  return raiseForRises(tx, audit, ctx, s, gradeRises(before, after, s.infusion_date))
}

async function raiseForRises(tx: Db, audit: Audit, ctx: { now: string; recordId: string; sourceEntity: string; mail: MailConfig | null }, s: SafetySubject, rises: GradeRise[]) {
  const out: AlertRow[] = []
  for (const r of rises) {
    const existing = await tx
      .selectFrom('safety_alert')
      .select('id')
      .where('subject_id', '=', s.id)
      .where('kind', '=', r.kind)
      .where('protocol_day', '=', r.day)
      .where('grade', '>=', r.grade)
      .executeTakeFirst()
    if (existing) continue
    out.push(await insertAlert(tx, audit, ctx.now, s, { kind: r.kind, grade: r.grade, previousGrade: r.previousGrade, day: r.day, date: r.date, finding: r.finding, sourceEntity: ctx.sourceEntity, sourceId: ctx.recordId }, ctx.mail))
  }
  return out
}

/**
 * Lab side: refresh the subject's lab-derived AE proposals (core `proposeLabAes`, LAB-7 baseline rule for the
 * protocol's `safety.lab.worseningOnlyAnalytes`, default platelets) and raise an alert for each lab value graded ≥ 3
 * that has none yet. For analytes graded by worsening from baseline (ITP platelets by default), a grade ≥ 3 alerts
 * only when it is worse than the baseline grade (LAB-7).
 * Source: safety-grading.md §3.2 LAB-1…LAB-7 (LAB-7 PROTOCOL DECISION).
 */
export async function evaluateLabs(tx: Db, audit: Audit, ctx: { now: string; subjectId: number; mail: MailConfig | null }): Promise<{ alerts: AlertRow[]; proposalsChanged: number }> {
  const s = await loadSafetySubject(tx, ctx.subjectId)
  if (!s) return { alerts: [], proposalsChanged: 0 }
  const samples = (await labSamples(tx, [s.id])).get(s.id) ?? []
  const baselineDate = s.ld_start_date ?? s.infusion_date
  if (!baselineDate) return { alerts: [], proposalsChanged: 0 }
  const worseningOnly = (await safetySettingsForSubject(tx, s)).settings.lab.worseningOnlyAnalytes
  const proposed = proposeLabAes(samples, { baselineDate, worseningOnlyAnalytes: worseningOnly })
  const changed = await syncProposals(tx, audit, ctx.now, s, proposed.proposals)
  const alerts: AlertRow[] = []
  const existing = await tx.selectFrom('safety_alert').select('source_id').where('subject_id', '=', s.id).where('kind', '=', 'lab').execute()
  const alerted = new Set(existing.map((e) => e.source_id))
  for (const sample of samples) {
    if (sample.value === null || alerted.has(sample.sampleId ?? '') || sample.date <= baselineDate) continue
    const baseline = proposed.baselines[sample.analyte]
    const o = gradeCtcaeLab({ ...sample, value: sample.value, baseline: baselineSample(samples, sample.analyte, baseline?.date) })
    const grade = o.kind === 'graded' ? o.grade : (o.atLeast ?? 0)
    if (grade < 3) continue
    const rule = proposed.proposals.find((p) => p.analyte === sample.analyte)?.rule ?? (worseningOnly.includes(sample.analyte) ? 'worsening-from-baseline' : 'any-abnormal')
    if (rule === 'worsening-from-baseline' && baseline?.grade != null && grade <= baseline.grade) continue
    const finding = `${CTCAE_V5_LAB_TERMS[sample.analyte].term}: ${sample.value} ${sample.unit} -> CTCAE v5.0 grade ${grade} (${o.drivers.map((d) => d.finding).join('; ')})`
    alerts.push(await insertAlert(tx, audit, ctx.now, s, { kind: 'lab', grade, previousGrade: baseline?.grade ?? null, day: s.infusion_date ? daysBetween(s.infusion_date, sample.date) : null, date: sample.date, finding, sourceEntity: 'lab_result', sourceId: sample.sampleId ?? null }, ctx.mail))
  }
  return { alerts, proposalsChanged: changed }
}

function baselineSample(samples: LabSeriesSample[], analyte: string, date: string | undefined) {
  if (!date) return null
  const b = [...samples].reverse().find((x) => x.analyte === analyte && x.date === date && x.value !== null)
  return b ? { value: b.value as number, unit: b.unit, lln: b.lln ?? null, uln: b.uln ?? null } : null
}

/**
 * Keep `lab_ae_proposal` in step with the engine: a proposal is keyed by (analyte, onset date). New ones are inserted
 * as `proposed`; open ones are updated (worst grade, end); open ones the engine no longer proposes become `superseded`.
 * Decided proposals (confirmed/rejected) are never changed by the engine: the investigator's decision stands.
 */
async function syncProposals(tx: Db, audit: Audit, now: string, s: SafetySubject, proposals: ReturnType<typeof proposeLabAes>['proposals']): Promise<number> {
  const rows = await tx.selectFrom('lab_ae_proposal').selectAll().where('subject_id', '=', s.id).where('status', '!=', 'superseded').execute()
  let changed = 0
  const keep = new Set<number>()
  for (const p of proposals) {
    const match = rows.find((r) => r.analyte === p.analyte && r.onset_date === p.onsetDate)
    const values = {
      term: p.term, soc: p.soc, ctcae_version: p.ctcaeVersion, emergence_rule: p.rule, baseline_grade: p.baselineGrade, onset_date: p.onsetDate,
      last_abnormal_date: p.lastAbnormalDate, end_date: p.endDate, worst_grade: p.worstGrade, worst_grade_date: p.worstGradeDate, sample_ids: JSON.stringify(p.sampleIds),
    }
    if (!match) {
      const row = await tx.insertInto('lab_ae_proposal').values({ subject_id: s.id, analyte: p.analyte, status: 'proposed', decided_by: null, decided_at: null, decision_reason: null, created_at: now, ...values }).returningAll().executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'lab_ae_proposal', entityId: row.id, siteId: s.site_id, newValue: row, reason: 'proposed by CTCAE v5.0 lab grading' })
      changed++
      continue
    }
    keep.add(match.id)
    if (match.status !== 'proposed') continue
    if (match.worst_grade === p.worstGrade && match.end_date === p.endDate && match.last_abnormal_date === p.lastAbnormalDate) continue
    await tx.updateTable('lab_ae_proposal').set(values).where('id', '=', match.id).execute()
    await audit({ action: 'update', entity: 'lab_ae_proposal', entityId: match.id, siteId: s.site_id, oldValue: { worst_grade: match.worst_grade, end_date: match.end_date }, newValue: { worst_grade: p.worstGrade, end_date: p.endDate }, reason: 'new lab values' })
    changed++
  }
  for (const r of rows) {
    if (keep.has(r.id) || r.status !== 'proposed') continue
    await tx.updateTable('lab_ae_proposal').set({ status: 'superseded' }).where('id', '=', r.id).execute()
    await audit({ action: 'update', entity: 'lab_ae_proposal', entityId: r.id, siteId: s.site_id, oldValue: { status: 'proposed' }, newValue: { status: 'superseded' }, reason: 'no longer proposed after lab changes' })
    changed++
  }
  return changed
}
