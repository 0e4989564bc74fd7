/**
 * CDISC ODM 1.3.2 exchange of a study's captured data: the Transactional export with the audit trail and
 * signatures (core `buildOdmCaptureExport`), and the import of ODM clinical data into an existing study (core
 * `readOdmClinicalData` validates everything first; then one transaction writes every subject, record and lab with
 * its audit record, or nothing). Source: interchange/ctgov-fhir-odm.md §3.
 */
import {
  buildOdmCaptureExport, canAccess, canonicalJson, datePart, deriveFormValues, formDateField, formatOdmIssue, readOdmClinicalData,
  type FormType, type OdmAuditStamp, type OdmCapturedRecord, type OdmCapturedStudy, type OdmCapturedSubject, type OdmIssue, type OdmRecordVersion,
} from '@celltrial/core'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { AppError } from '../errors.js'
import { json } from '../capture/common.js'
import { activeLockFor } from '../capture/active-lock.js'
import { runPostSaveHooks } from '../capture/post-save-hooks.js'
import { deriveSettingsFor } from '../capture/derive-options.js'
import { evaluateLabs } from '../safety/evaluate.js'
import { mailConfigFromEnv } from '../safety/notify.js'

const SYSTEM_USER = 'USR.SYSTEM'
const userOid = (id: number | null) => (id === null ? SYSTEM_USER : `USR.${id}`)

/**
 * The study's captured data as the ODM exporter takes it: every subject the caller may read, every record's
 * versions from the audit trail (create, update, void), labs, demographics and current signatures.
 * The last version always equals the record as stored: when the trail lacks a change, a version stamped with
 * the record's own updated_by / updated_at is added.
 */
async function capturedStudy(repo: ScopedRepo, studyId: number): Promise<OdmCapturedStudy> {
  const study = await repo.getStudy(studyId)
  repo.require('audit.read', undefined, 'export the audit trail')
  const subjects = (await repo.db.selectFrom('subject').innerJoin('site', 'site.id', 'subject.site_id').select(['subject.id', 'subject.code', 'subject.sex', 'subject.age_years', 'subject.site_id', 'subject.created_at', 'site.code as site_code']).where('subject.study_id', '=', studyId).orderBy('subject.code').execute())
    .filter((s) => canAccess(repo.who, 'subject.read', s.site_id))
  const ids = subjects.map((s) => s.id)
  const none = ids.length === 0
  const [records, labs, signatures] = none ? [[], [], []] : await Promise.all([
    repo.db.selectFrom('form_record').selectAll().where('subject_id', 'in', ids).orderBy('id').execute(),
    repo.db.selectFrom('lab_result').selectAll().where('subject_id', 'in', ids).orderBy('id').execute(),
    repo.db.selectFrom('e_signature').selectAll().where('subject_id', 'in', ids).where('voided_at', 'is', null).orderBy('id').execute(),
  ])
  const auditOf = async (entity: string, entityIds: number[]) =>
    entityIds.length === 0 ? [] : repo.db.selectFrom('audit_event').select(['id', 'at', 'actor_user_id', 'action', 'entity_id', 'new_value', 'reason']).where('entity', '=', entity).where('entity_id', 'in', entityIds.map(String)).orderBy('id').execute()
  const [recordAudit, labAudit, subjectAudit] = await Promise.all([auditOf('form_record', records.map((r) => r.id)), auditOf('lab_result', labs.map((l) => l.id)), auditOf('subject', ids)])
  const users = new Set<number | null>()
  const stamp = (a: { id: number; at: string; actor_user_id: number | null; reason: string | null }): OdmAuditStamp => {
    users.add(a.actor_user_id)
    return { userOid: userOid(a.actor_user_id), at: a.at, reason: a.reason, sourceId: String(a.id) }
  }
  const rowStamp = (userId: number, at: string, sourceId: string, reason: string | null = null): OdmAuditStamp => {
    users.add(userId)
    return { userOid: userOid(userId), at, reason, sourceId }
  }
  const out: OdmCapturedSubject[] = subjects.map((s) => {
    const created = subjectAudit.find((a) => a.entity_id === String(s.id) && a.action === 'create')
    const casebook = signatures.filter((g) => g.subject_id === s.id && g.scope === 'casebook').at(-1)
    if (casebook) users.add(casebook.signer_id)
    const recs: OdmCapturedRecord[] = records.filter((r) => r.subject_id === s.id).map((r) => {
      const trail = recordAudit.filter((a) => a.entity_id === String(r.id))
      const versions: OdmRecordVersion[] = []
      const visit = { visitDay: r.visit_day, visitLabel: r.visit_label }
      for (const a of trail) {
        const nv = json<{ data?: Record<string, unknown> } | null>(a.new_value)
        if (a.action === 'create' && nv?.data && versions.length === 0) versions.push({ transaction: 'Insert', data: nv.data, ...visit, audit: stamp(a) })
        else if (a.action === 'update' && nv?.data && versions.length > 0) versions.push({ transaction: 'Update', data: nv.data, ...visit, audit: stamp(a) })
      }
      const data = json<Record<string, unknown>>(r.data)
      if (versions.length === 0) versions.push({ transaction: 'Insert', data, ...visit, audit: rowStamp(r.created_by, r.created_at, `form_record/${r.id}`) })
      else if (canonicalJson(versions.at(-1)!.data) !== canonicalJson(data))
        versions.push({ transaction: 'Update', data, ...visit, audit: rowStamp(r.updated_by, r.updated_at, `form_record/${r.id}@${r.version}`) })
      const sig = signatures.filter((g) => g.scope === 'form' && g.form_record_id === r.id).at(-1)
      if (sig && !r.voided_at) {
        users.add(sig.signer_id)
        versions.at(-1)!.signature = { userOid: userOid(sig.signer_id), at: sig.signed_at, meaning: sig.meaning }
      }
      if (r.voided_at) {
        const v = trail.find((a) => a.action === 'void')
        versions.push({ transaction: 'Remove', data: null, ...visit, audit: v ? stamp(v) : rowStamp(r.voided_by ?? r.updated_by, r.voided_at, `form_record/${r.id}`, r.void_reason) })
      }
      return { formType: r.form_type as FormType, repeatKey: String(r.id), versions }
    })
    return {
      key: s.code, siteCode: s.site_code, sex: s.sex, age: s.age_years,
      audit: created ? stamp(created) : { userOid: SYSTEM_USER, at: s.created_at, reason: null, sourceId: `subject/${s.id}` },
      signature: casebook ? { userOid: userOid(casebook.signer_id), at: casebook.signed_at, meaning: casebook.meaning } : null,
      records: recs,
      labs: labs.filter((l) => l.subject_id === s.id).map((l) => {
        const trail = labAudit.filter((a) => a.entity_id === String(l.id))
        const last = trail.filter((a) => a.action === 'create' || a.action === 'update').at(-1)
        const voided = trail.find((a) => a.action === 'void')
        return {
          repeatKey: String(l.id), testCode: l.test_code, value: l.value, unit: l.unit, date: l.collected_on, refLow: l.ref_low, refHigh: l.ref_high,
          audit: last ? stamp(last) : { userOid: SYSTEM_USER, at: l.created_at, reason: null, sourceId: `lab_result/${l.id}` },
          voided: l.voided_at ? (voided ? stamp(voided) : { userOid: SYSTEM_USER, at: l.voided_at, reason: l.void_reason, sourceId: `lab_result/${l.id}` }) : null,
        }
      }),
    }
  })
  const known = [...users].filter((u): u is number => u !== null)
  const userRows = known.length === 0 ? [] : await repo.db.selectFrom('app_user').select(['id', 'username', 'display_name']).where('id', 'in', known).orderBy('id').execute()
  return {
    registryId: study.registry_id, title: study.title, protocolVersion: study.protocol_version,
    sites: study.sites.map((s) => ({ code: s.code, name: s.name })),
    users: [{ oid: SYSTEM_USER, loginName: 'system', displayName: 'CellTrial (system)' }, ...userRows.map((u) => ({ oid: userOid(u.id), loginName: u.username, displayName: u.display_name }))],
    subjects: out,
  }
}

/**
 * ODM 1.3.2 Transactional export of a study: metadata of the forms, admin data (users, sites, signature meanings)
 * and every record's history with AuditRecords and Signatures. Needs `audit.read` (admin, monitor, data manager);
 * a site-bound caller gets the subjects of their sites.
 */
export async function exportStudyOdm(repo: ScopedRepo, studyId: number): Promise<{ fileOid: string; xml: string }> {
  const study = await capturedStudy(repo, studyId)
  const now = repo.clock().toISOString()
  const fileOid = `CT.${study.registryId}.${now.replace(/[-:.]/g, '')}`
  return { fileOid, xml: buildOdmCaptureExport(study, { fileOid, creationDateTime: now }) }
}

const details = (issues: readonly OdmIssue[]) => issues.map((i) => ({ path: String(i.path[0] ?? ''), message: formatOdmIssue(i), line: i.line, oid: i.oid, code: i.code }))

/**
 * Import ODM clinical data into an existing study: data manager or admin (`form.lock`, the data-management
 * action of roles.ts). Everything is validated before anything is written; then one transaction inserts the new
 * subjects, the records (edit-check warnings saved over with the import as the reason) and the labs, each with
 * its audit record, and runs the save hooks and lab safety evaluation as a manual entry would.
 * @throws AppError validation_failed listing every problem (line, element path, OID); conflict when data are locked
 *   or the file (its FileOID) was imported before
 */
export async function importStudyOdm(repo: ScopedRepo, studyId: number, xml: string, { createSubjects = false }: { createSubjects?: boolean } = {}) {
  const study = await repo.getStudy(studyId)
  repo.require('form.lock', undefined, 'import data into this study')
  const subjects = await repo.db.selectFrom('subject').innerJoin('site', 'site.id', 'subject.site_id').select(['subject.id', 'subject.code', 'subject.site_id', 'subject.sex', 'subject.age_years', 'site.code as site_code']).where('subject.study_id', '=', studyId).execute()
  const consents = subjects.length === 0 ? [] : await repo.db.selectFrom('subject_event').select(['subject_id', 'occurred_on']).where('subject_id', 'in', subjects.map((s) => s.id)).where('event_type', '=', 'consent').where('voided_at', 'is', null).orderBy('occurred_on').execute()
  const today = new Date(repo.clock().getTime() + 14 * 3600_000).toISOString().slice(0, 10)
  const byCode = new Map(subjects.map((s) => [s.code, s]))
  const r = readOdmClinicalData(xml, {
    existingSubjects: new Map(subjects.map((s) => [s.code, s.site_code])),
    siteCodes: study.sites.map((s) => s.code),
    createSubjects,
    checkContext: (key) => {
      const s = byCode.get(key)
      return { consentDate: (s && consents.find((c) => c.subject_id === s.id)?.occurred_on) ?? null, today }
    },
  })
  if (!r.ok) throw new AppError('validation_failed', `${r.issues.length} problem(s) in the ODM file: nothing was imported`, details(r.issues))
  const data = r.value
  const problems: OdmIssue[] = []
  for (const s of data.subjects) {
    const row = byCode.get(s.key)
    if (!row) continue
    if ((s.sex !== null && s.sex !== row.sex) || (s.age !== null && s.age !== row.age_years))
      problems.push({ code: 'odm.demographics', path: [s.path], line: s.line, oid: 'F.DM', message: `subject ${s.key}: demographics in the file (sex ${s.sex ?? '-'}, age ${s.age ?? '-'}) differ from the study's (sex ${row.sex ?? '-'}, age ${row.age_years ?? '-'}); the import does not change them` })
    const lock = await activeLockFor(repo.db, { id: -1, subject_id: row.id, study_id: studyId })
    if (lock) throw new AppError('conflict', `data of subject ${s.key} are locked (${lock.scope} lock ${lock.id}): nothing was imported`)
  }
  if (problems.length > 0) throw new AppError('validation_failed', `${problems.length} problem(s) in the ODM file: nothing was imported`, details(problems))
  const studyLock = await activeLockFor(repo.db, { id: -1, subject_id: -1, study_id: studyId })
  if (studyLock) throw new AppError('conflict', `the study is locked (lock ${studyLock.id}): nothing was imported`)
  const siteId = new Map(study.sites.map((s) => [s.code, s.id]))
  const reason = `ODM import of file ${data.fileOid}`
  // ODM 1.3.2 §2.1: FileOID identifies one file. A second import of the same file (which would duplicate every
  // record) is refused, saying when it was imported: checked here, and by odm_import's unique key in the
  // transaction, where a concurrent import of the file waits for the first and is then refused (migration 0012)
  const refuseImported = async (db: Pick<ScopedRepo['db'], 'selectFrom'>) => {
    const earlier = await db.selectFrom('odm_import').select(['imported_at', 'imported_by_name']).where('file_oid', '=', data.fileOid).executeTakeFirst()
    if (earlier)
      throw new AppError('conflict', `ODM file ${data.fileOid} was imported on ${earlier.imported_at} by ${earlier.imported_by_name}: nothing was imported (export a new file to import data again)`)
  }
  await refuseImported(repo.db)
  const now = repo.clock().toISOString()
  return repo.write(async (tx, audit) => {
    const registered = await tx
      .insertInto('odm_import')
      .values({ file_oid: data.fileOid, study_id: studyId, imported_at: now, imported_by: repo.who.userId, imported_by_name: repo.who.username })
      .onConflict((oc) => oc.column('file_oid').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!registered) {
      await refuseImported(tx)
      throw new AppError('conflict', `ODM file ${data.fileOid} was imported meanwhile: nothing was imported`)
    }
    await audit({ action: 'create', entity: 'odm_import', entityId: registered.id, siteId: null, newValue: { fileOid: data.fileOid, studyId }, reason })
    const ids = new Map(subjects.map((s) => [s.code, { id: s.id, siteId: s.site_id }]))
    for (const s of data.subjects.filter((x) => x.create)) {
      const row = await tx
        .insertInto('subject')
        .values({ study_id: studyId, site_id: siteId.get(s.siteCode)!, code: s.key, status: 'consented', sex: s.sex, age_years: s.age, dose_level: null, ld_start_date: null, infusion_date: null })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'subject', entityId: row.id, siteId: row.site_id, newValue: row, reason })
      ids.set(s.key, { id: row.id, siteId: row.site_id })
    }
    for (const rec of data.records) {
      const s = ids.get(rec.subjectKey)!
      // lupus status derives with the settings of the subject's protocol version, as a manual entry does
      const settings = await deriveSettingsFor(tx, s.id, rec.formType)
      const derived = deriveFormValues(rec.formType, rec.data, settings.options) ?? {}
      const overrides = Object.fromEntries(rec.warnings.map((w) => [w.checkId, `${reason} (saved over at the source)`]))
      const row = await tx
        .insertInto('form_record')
        .values({
          subject_id: s.id, study_id: studyId, site_id: s.siteId, form_type: rec.formType, visit_day: rec.visitDay, visit_label: rec.visitLabel,
          observed_on: datePart(rec.data[formDateField(rec.formType)])!, data: JSON.stringify(rec.data), derived: JSON.stringify(derived), overrides: JSON.stringify(overrides),
          status: 'saved', version: 1, created_by: repo.who.userId, created_at: now, updated_by: repo.who.userId, updated_at: now, voided_at: null, voided_by: null, void_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit({
        action: 'create', entity: 'form_record', entityId: row.id, siteId: s.siteId, reason,
        newValue: { formType: rec.formType, visitDay: rec.visitDay, visitLabel: rec.visitLabel, data: rec.data, derived, ...(settings.derivedWith ? { derivedWith: settings.derivedWith } : {}), overrides, status: 'saved', odm: { fileOid: data.fileOid, formRepeatKey: rec.repeatKey, line: rec.line } },
      })
      await runPostSaveHooks(tx, audit, { now, subjectId: s.id, recordId: row.id, formType: rec.formType, action: 'create' })
    }
    const labSubjects = new Set<number>()
    for (const l of data.labs) {
      const s = ids.get(l.subjectKey)!
      const row = await tx
        .insertInto('lab_result')
        .values({ subject_id: s.id, test_code: l.testCode, value: l.value, unit: l.unit, collected_on: l.date, ref_low: l.refLow, ref_high: l.refHigh, voided_at: null, void_reason: null })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'lab_result', entityId: row.id, siteId: s.siteId, newValue: row, reason })
      labSubjects.add(s.id)
    }
    for (const subjectId of labSubjects) await evaluateLabs(tx, audit, { now, subjectId, mail: mailConfigFromEnv() })
    return { fileOid: data.fileOid, subjectsCreated: data.subjects.filter((s) => s.create).length, records: data.records.length, labs: data.labs.length }
  })
}
