import type { Kysely } from 'kysely'
import { canAccess, type Action } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import type { SessionUser } from '../users/principal.js'
import { forbidden, notFound } from '../errors.js'
import { precompiled } from '../db/precompiled.js'

/**
 * What the `:id` of a write route's path names, so the route's site can be found before its input is
 * validated; `body.siteId` for routes that act at the site named in the body (enrolment, screening).
 */
export const ROUTE_TARGETS = [
  'subject', 'lab_result', 'form_record', 'data_query', 'data_lock', 'lab_ae_proposal', 'safety_alert', 'sae_report',
  'dlt_assessment', 'screening_attempt', 'body.siteId',
] as const
export type RouteTarget = (typeof ROUTE_TARGETS)[number]

/** The access a write route declares in its `config`, next to `access: 'user'`. */
export interface RouteGuard {
  /** every core action the route requires (all of them, at the target's site when there is one) */
  action?: Action | readonly Action[]
  target?: RouteTarget
}

/** Largest id a `serial` column holds; a larger id names nothing. */
export const MAX_ID = 2_147_483_647

type Db = Kysely<Database>
const subjectSite = precompiled((db, id: number) => db.selectFrom('subject').select('site_id').where('id', '=', id))
/** The site of each target row; `null` for a row that belongs to no site (a study-wide lock). */
const SITE_OF: Record<Exclude<RouteTarget, 'body.siteId'>, (db: Db, id: number) => Promise<{ site_id: number | null } | undefined>> = {
  // the target of most writes (every form save): compiled once
  subject: (db, id) => subjectSite.first(db, id),
  lab_result: (db, id) => db.selectFrom('lab_result').innerJoin('subject', 'subject.id', 'lab_result.subject_id').select('subject.site_id').where('lab_result.id', '=', id).executeTakeFirst(),
  form_record: (db, id) => db.selectFrom('form_record').select('site_id').where('id', '=', id).executeTakeFirst(),
  data_query: (db, id) => db.selectFrom('data_query').innerJoin('form_record', 'form_record.id', 'data_query.form_record_id').select('form_record.site_id').where('data_query.id', '=', id).executeTakeFirst(),
  data_lock: (db, id) => db.selectFrom('data_lock').leftJoin('subject', 'subject.id', 'data_lock.subject_id').select('subject.site_id').where('data_lock.id', '=', id).executeTakeFirst(),
  lab_ae_proposal: (db, id) => db.selectFrom('lab_ae_proposal').innerJoin('subject', 'subject.id', 'lab_ae_proposal.subject_id').select('subject.site_id').where('lab_ae_proposal.id', '=', id).executeTakeFirst(),
  safety_alert: (db, id) => db.selectFrom('safety_alert').select('site_id').where('id', '=', id).executeTakeFirst(),
  sae_report: (db, id) => db.selectFrom('sae_report').innerJoin('subject', 'subject.id', 'sae_report.subject_id').select('subject.site_id').where('sae_report.id', '=', id).executeTakeFirst(),
  dlt_assessment: (db, id) => db.selectFrom('dlt_assessment').innerJoin('subject', 'subject.id', 'dlt_assessment.subject_id').select('subject.site_id').where('dlt_assessment.id', '=', id).executeTakeFirst(),
  screening_attempt: (db, id) => db.selectFrom('screening_attempt').select('site_id').where('id', '=', id).executeTakeFirst(),
}

/**
 * Every row id is a `serial`: a path `:id` of digits beyond its range names nothing, on any route (404), and
 * never reaches a query that PostgreSQL would refuse with "out of range for type integer".
 * @throws AppError `not_found`
 */
export function checkPathId(params: unknown): void {
  const id = (params as { id?: unknown } | undefined)?.id
  if (typeof id === 'string' && /^\d+$/.test(id) && Number(id) > MAX_ID) throw notFound(`id ${id.length > 20 ? `${id.slice(0, 20)}…` : id} (beyond ${MAX_ID})`)
}

/** A positive integer id as sent (path or body), or undefined when it is not one (validation reports it). */
function rawId(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(v) : v
  if (typeof s !== 'string' || !/^[1-9]\d{0,15}$/.test(s)) return undefined
  return Number(s)
}

/**
 * Check a write route's declared access before its input is validated, so a caller who may not write gets
 * 403 (or 404 for another site's data, as the repository answers) whatever they send, and never learns the
 * route's input rules. The repository checks again with the validated input (defence in depth).
 *
 * @param input.params the raw path parameters; `id` names the target
 * @param input.body the raw body; only `siteId` is read, for `target: 'body.siteId'`
 * @throws AppError `not_found` when the target does not exist or the caller may not read its site,
 *   `forbidden` when the caller lacks one of the actions (at that site)
 */
export async function checkRouteGuard(db: Db, who: SessionUser, guard: RouteGuard, input: { params: unknown; body: unknown }): Promise<void> {
  const actions: readonly Action[] = guard.action === undefined ? [] : typeof guard.action === 'string' ? [guard.action] : guard.action
  if (actions.length === 0) return
  let siteId: number | undefined
  if (guard.target === 'body.siteId') {
    const id = rawId((input.body as { siteId?: unknown } | null | undefined)?.siteId)
    if (id !== undefined) siteId = id
  } else if (guard.target) {
    const id = rawId((input.params as { id?: unknown } | undefined)?.id)
    if (id !== undefined) {
      const label = guard.target.replaceAll('_', ' ')
      const row = id > MAX_ID ? undefined : await SITE_OF[guard.target](db, id)
      // the same answer for "absent" and "not yours": no probing of other sites' ids
      if (!row || (row.site_id !== null && !canAccess(who, 'subject.read', row.site_id))) throw notFound(`${label} ${id}`)
      siteId = row.site_id ?? undefined
    }
  }
  for (const action of actions) if (!canAccess(who, action, siteId)) throw forbidden(siteId === undefined ? action : `${action} at this site`)
}
