import type { Transaction } from 'kysely'
import { addDays, type EditCheckContext, type FormIssue } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import type { ScopedRepo } from '../repo/scoped-repo.js'
import { AppError, notFound, type ErrorDetail } from '../errors.js'
import { precompiled } from '../db/precompiled.js'

export type Tx = Transaction<Database>

/** jsonb comes back parsed from both engines; older drivers may hand back text. */
export function json<T = unknown>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T
}

/** `['iceItems', 'naming', 0]` -> `iceItems.naming.0` */
export const dotted = (path: readonly (string | number)[]): string => path.map(String).join('.')

/** Edit-check issues as error details: every issue, with its severity and check id. */
export function issueDetails(issues: readonly FormIssue[]): (ErrorDetail & { severity: string; checkId: string; code: string })[] {
  return issues.map((i) => ({ path: dotted(['data', ...i.path]), message: i.message, severity: i.severity, checkId: i.checkId, code: i.code, ...(i.params ? { params: i.params } : {}) }))
}

export function requireReason(reason: string | null | undefined, path = 'reason'): string {
  const r = (reason ?? '').trim()
  if (r.length === 0) throw new AppError('validation_failed', 'a reason is required', [{ path, message: 'required' }])
  return r
}

/** A subject the caller may read, with its study and site. */
export async function captureSubject(repo: ScopedRepo, subjectId: number) {
  const s = await repo.getSubject(subjectId)
  return { id: s.id, studyId: s.study_id, siteId: s.site_id, code: s.code, infusionDate: s.infusion_date }
}

const firstConsent = precompiled((db, subjectId: number) =>
  db.selectFrom('subject_event').select('occurred_on').where('subject_id', '=', subjectId).where('event_type', '=', 'consent').where('voided_at', 'is', null).orderBy('occurred_on').limit(1),
)

/**
 * Context for the edit checks: the consent date (journey event `consent`, not voided) and "today". Today is the
 * date in the most advanced time zone (UTC+14), so a site's own today is never refused as "in the future".
 */
export async function checkContext(repo: ScopedRepo, subjectId: number): Promise<EditCheckContext> {
  const consent = await firstConsent.first(repo.db, subjectId)
  const today = addDays(new Date(repo.clock().getTime() + 14 * 3600_000).toISOString().slice(0, 10), 0)
  return { consentDate: consent?.occurred_on ?? null, today }
}

/** A form record (any status) the caller may read. */
export async function loadRecord(repo: ScopedRepo, recordId: number) {
  const row = await repo.db.selectFrom('form_record').selectAll().where('id', '=', recordId).executeTakeFirst()
  if (!row) throw notFound(`form record ${recordId}`)
  await captureSubject(repo, row.subject_id)
  return row
}
