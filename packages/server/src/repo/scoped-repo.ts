import type { Kysely, Selectable, Transaction } from 'kysely'
import { canAccess, isCrossSiteRead, isIsoDate, type Action } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { appendAuditRecords, type AuditInput } from '../audit/chain.js'
import { AppError, forbidden, notFound } from '../errors.js'
import type { SessionUser } from '../users/principal.js'
import { recordInitialConsent } from './protocol-versions.js'
import { activeLockInTx } from '../capture/active-lock.js'
import { precompiled } from '../db/precompiled.js'

type Tx = Transaction<Database>
type AuditFn = (e: Omit<AuditInput, 'actorUserId' | 'actor'>) => Promise<void>
/** Work done in a lab write's transaction after the row is saved (the lab's subject id is `row.subject_id`). */
export type LabAfterSave<R> = (tx: Tx, audit: AuditFn, row: Selectable<Database['lab_result']>) => Promise<R>

/** A subject with its site's code and name and its study's registry id and title (every subject page request). */
const subjectWithSiteAndStudy = precompiled((db, subjectId: number) =>
  db
    .selectFrom('subject')
    .innerJoin('site', 'site.id', 'subject.site_id')
    .innerJoin('study', 'study.id', 'subject.study_id')
    .selectAll('subject')
    .select(['site.code as site_code', 'site.name as site_name', 'study.registry_id', 'study.title as study_title'])
    .where('subject.id', '=', subjectId),
)

/**
 * The data access layer: every read and write of study data goes through a repository scoped to
 * the caller (user, roles, sites). It applies the access policy of `@celltrial/core` and writes the
 * audit record in the same transaction as the change (cf. Medplum `getRepoForLogin`), so no route
 * can forget either.
 */
export class ScopedRepo {
  constructor(
    readonly db: Kysely<Database>,
    readonly who: SessionUser,
    readonly clock: () => Date,
  ) {}

  /** Throw `forbidden` unless the caller may perform `action` (at `siteId`). */
  require(action: Action, siteId?: number, what: string = action): void {
    if (!canAccess(this.who, action, siteId)) throw forbidden(what)
  }

  /** Run `fn` in a transaction; `audit` appends records to the chain inside it. */
  async write<T>(fn: (tx: Tx, audit: (e: Omit<AuditInput, 'actorUserId' | 'actor'>) => Promise<void>) => Promise<T>): Promise<T> {
    const now = this.clock()
    return this.db.transaction().execute(async (tx) => {
      // the records are appended, in order, when `fn` has done its work and right before the commit: the
      // same transaction (both commit or neither), but the audit-chain lock is held only for the append
      const records: AuditInput[] = []
      const result = await fn(tx, async (e) => {
        records.push({ ...e, actorUserId: this.who.userId, actor: this.who.username })
      })
      await appendAuditRecords(tx, now, records)
      return result
    })
  }

  /** Reads of a site's patient data by someone outside that site are audited (issue 10, ALCOA+). */
  private async auditRead(entity: string, entityId: number, siteId: number) {
    if (!isCrossSiteRead(this.who, siteId)) return
    await this.write((_tx, audit) => audit({ action: 'read', entity, entityId, siteId }))
  }

  // ---- studies ----------------------------------------------------------------------------

  async listStudies() {
    this.require('study.read')
    const studies = await this.db
      .selectFrom('study')
      .select(['id', 'registry_id', 'title', 'product', 'phase', 'target_enrolment', 'protocol_version', 'is_demo'])
      .orderBy('registry_id')
      .execute()
    const sites = await this.db
      .selectFrom('study_site')
      .innerJoin('site', 'site.id', 'study_site.site_id')
      .select(['study_site.study_id', 'site.id', 'site.code', 'site.name', 'site.city'])
      .orderBy('site.code')
      .execute()
    const counts = await this.db
      .selectFrom('subject')
      .select(['study_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('study_id')
      .execute()
    return studies.map((s) => ({
      ...s,
      sites: sites.filter((x) => x.study_id === s.id).map(({ study_id: _, ...site }) => site),
      subjectCount: Number(counts.find((c) => c.study_id === s.id)?.n ?? 0),
    }))
  }

  async getStudy(studyId: number) {
    this.require('study.read')
    const study = await this.db.selectFrom('study').selectAll().where('id', '=', studyId).executeTakeFirst()
    if (!study) throw notFound(`study ${studyId}`)
    const sites = await this.db
      .selectFrom('study_site')
      .innerJoin('site', 'site.id', 'study_site.site_id')
      .select(['site.id', 'site.code', 'site.name', 'site.city'])
      .where('study_site.study_id', '=', studyId)
      .orderBy('site.code')
      .execute()
    return { ...study, sites }
  }

  /** Subjects of a study the caller may read (their sites, or all for cross-site roles). */
  async listSubjects(studyId: number) {
    this.require('study.read')
    const rows = await this.db
      .selectFrom('subject')
      .innerJoin('site', 'site.id', 'subject.site_id')
      .select([
        'subject.id', 'subject.code', 'subject.status', 'subject.sex', 'subject.age_years', 'subject.dose_level',
        'subject.infusion_date', 'subject.is_demo', 'subject.site_id', 'site.code as site_code',
      ])
      .where('subject.study_id', '=', studyId)
      .orderBy('subject.code')
      .execute()
    return rows.filter((r) => canAccess(this.who, 'subject.read', r.site_id))
  }

  // ---- subjects ---------------------------------------------------------------------------

  async getSubject(subjectId: number) {
    const subject = await subjectWithSiteAndStudy.first(this.db, subjectId)
    // the same answer for "absent" and "not yours": no probing of other sites' subject ids
    if (!subject || !canAccess(this.who, 'subject.read', subject.site_id)) throw notFound(`subject ${subjectId}`)
    await this.auditRead('subject', subjectId, subject.site_id)
    return subject
  }

  /** A subject's lab results; `subject` as read (and access-checked) by `getSubject`. */
  async listLabs(subject: { id: number }, testCode?: string) {
    let q = this.db
      .selectFrom('lab_result')
      .select(['id', 'test_code', 'value', 'unit', 'collected_on', 'ref_low', 'ref_high', 'voided_at', 'void_reason'])
      .where('subject_id', '=', subject.id)
    if (testCode) q = q.where('test_code', '=', testCode)
    return q.orderBy('collected_on').orderBy('id').execute()
  }

  async createSubject(studyId: number, input: { siteId: number; code: string; sex?: 'F' | 'M' | 'U' | null; ageYears?: number | null }) {
    this.require('subject.enrol', input.siteId, 'enrol subjects at this site')
    const link = await this.db
      .selectFrom('study_site')
      .select('site_id')
      .where('study_id', '=', studyId)
      .where('site_id', '=', input.siteId)
      .executeTakeFirst()
    if (!link) throw new AppError('validation_failed', `site ${input.siteId} does not take part in study ${studyId}`, [{ path: 'siteId', message: 'not a site of this study' }])
    return this.write(async (tx, audit) => {
      const clash = await tx.selectFrom('subject').select('id').where('study_id', '=', studyId).where('code', '=', input.code).executeTakeFirst()
      if (clash) throw new AppError('conflict', `subject code ${input.code} already exists in this study`)
      const row = await tx
        .insertInto('subject')
        .values({
          study_id: studyId, site_id: input.siteId, code: input.code, status: 'consented',
          sex: input.sex ?? null, age_years: input.ageYears ?? null, dose_level: null, ld_start_date: null, infusion_date: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'subject', entityId: row.id, siteId: row.site_id, newValue: row })
      // the protocol version of the subject's consent (issue 3 item 1), audited in this transaction
      await recordInitialConsent(tx, audit, this, row, this.clock().toISOString().slice(0, 10))
      return row
    })
  }

  /**
   * Save a lab result; `afterSave` runs in the same transaction after the row and its audit record are written
   * (safety grading: packages/server/src/repo/safety.ts `addLabWithSafety`), so its writes commit with the lab.
   */
  async addLab<R>(
    subjectId: number,
    input: { testCode: string; value: number; unit: string; collectedOn: string; refLow?: number | null; refHigh?: number | null },
    afterSave: LabAfterSave<R>,
  ) {
    const subject = await this.getSubject(subjectId)
    this.require('subject.write', subject.site_id, 'enter data for this subject')
    if (!isIsoDate(input.collectedOn))
      throw new AppError('validation_failed', 'invalid lab', [{ path: 'collectedOn', message: `not a date YYYY-MM-DD: ${JSON.stringify(input.collectedOn)}` }])
    return this.write(async (tx, audit) => {
      await refuseIfLocked(tx, subject)
      const row = await tx
        .insertInto('lab_result')
        .values({
          subject_id: subjectId, test_code: input.testCode, value: input.value, unit: input.unit, collected_on: input.collectedOn,
          ref_low: input.refLow ?? null, ref_high: input.refHigh ?? null, voided_at: null, void_reason: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit({ action: 'create', entity: 'lab_result', entityId: row.id, siteId: subject.site_id, newValue: row })
      return { lab: row, after: await afterSave(tx, audit, row) }
    })
  }

  /** Correct a lab value: the old and new values and the reason go to the audit trail; `afterSave` as in addLab. */
  async correctLab<R>(labId: number, input: { value: number; reason: string }, afterSave: LabAfterSave<R>) {
    const lab = await this.db.selectFrom('lab_result').selectAll().where('id', '=', labId).executeTakeFirst()
    if (!lab) throw notFound(`lab result ${labId}`)
    const subject = await this.getSubject(lab.subject_id)
    this.require('subject.write', subject.site_id, 'change data for this subject')
    if (input.reason.trim().length === 0)
      throw new AppError('validation_failed', 'a reason for change is required', [{ path: 'reason', message: 'required' }])
    return this.write(async (tx, audit) => {
      await refuseIfLocked(tx, subject)
      const row = await tx.updateTable('lab_result').set({ value: input.value }).where('id', '=', labId).returningAll().executeTakeFirstOrThrow()
      await audit({ action: 'update', entity: 'lab_result', entityId: labId, siteId: subject.site_id, oldValue: { value: lab.value }, newValue: { value: row.value }, reason: input.reason })
      return { lab: row, after: await afterSave(tx, audit, row) }
    })
  }

  // ---- audit ------------------------------------------------------------------------------

  async auditTrail(entity: string, entityId: string) {
    this.require('audit.read')
    return this.db
      .selectFrom('audit_event')
      .select(['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'site_id', 'old_value', 'new_value', 'reason'])
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute()
  }
}

/**
 * Labs are frozen with their subject and study: a subject or study lock (issue 6 item 5) refuses new and
 * corrected lab values, as it refuses form saves, until a data manager unlocks with a reason. Checked in the
 * save's transaction, waiting for a lock being taken on the same subject or study (active-lock.ts `activeLockInTx`).
 */
async function refuseIfLocked(tx: Transaction<Database>, subject: { id: number; study_id: number }): Promise<void> {
  const lock = await activeLockInTx(tx, { id: -1, subject_id: subject.id, study_id: subject.study_id })
  if (lock) throw new AppError('conflict', `data are locked (${lock.scope} lock ${lock.id}): a data manager must unlock them first`)
}
