import type { Transaction } from 'kysely'
import {
  REASON_REQUIRED_EVENTS,
  SUBJECT_STATUSES,
  allowedJourneyEvents,
  daysBetween,
  isIsoDate,
  isoDate,
  startJourney,
  transitionJourney,
  type Issue,
  type JourneyEventType,
  type SubjectStatus,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { AppError } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'

/**
 * Subject lifecycle in the database: every status change goes through core's state machine
 * (regimen-and-dosing.md §5 workflow; packages/core/src/journey/subject-lifecycle.ts), is stored in
 * `subject_event` with who and when, and is audited in the same transaction.
 */

export type Tx = Transaction<Database>
export type Audit = Parameters<Parameters<ScopedRepo['write']>[0]>[1]

/**
 * The `subject.status` column keeps the foundation's spelling (`long_term_follow_up`, see the demo loader and
 * the `status.*` words of the web app); core names the same states with hyphens.
 */
export const statusToCore = (s: string): SubjectStatus => {
  const core = s.replace(/_/g, '-')
  if (!(SUBJECT_STATUSES as readonly string[]).includes(core)) throw new AppError('conflict', `subject status "${s}" is not a journey state`)
  return core as SubjectStatus
}
export const statusToDb = (s: SubjectStatus): string => s.replace(/-/g, '_')

/** Today's calendar date from the server clock (UTC). */
export const todayOf = (clock: () => Date): string => clock().toISOString().slice(0, 10)

/** Issues of core as error details. */
export const issueDetails = (issues: readonly Issue[]) => issues.map((i) => ({ path: i.path.join('.') || i.code, message: i.message }))

/** The subject with site and study, after the access check for `action` at the subject's site. */
export async function subjectFor(repo: ScopedRepo, subjectId: number, action: 'subject.read' | 'subject.write') {
  const subject = await repo.getSubject(subjectId)
  if (action === 'subject.write') repo.require('subject.write', subject.site_id, 'change data for this subject')
  return subject
}

export interface TransitionInput {
  type: JourneyEventType
  on: string
  reason?: string | null
}

/**
 * Apply one journey event inside `tx` (the subject row is locked): core decides whether it is legal.
 * @throws AppError `illegal_transition` (409) naming the state and the allowed events, `validation_failed` for a
 *   missing reason or a bad / future / out-of-order date
 */
export async function applyTransition(tx: Tx, audit: Audit, repo: ScopedRepo, subjectId: number, input: TransitionInput) {
  const subject = await tx.selectFrom('subject').selectAll().where('id', '=', subjectId).forUpdate().executeTakeFirstOrThrow()
  const last = await tx
    .selectFrom('subject_event')
    .select(['occurred_on'])
    .where('subject_id', '=', subjectId)
    .where('voided_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (!isIsoDate(input.on)) throw new AppError('validation_failed', `not a calendar date: ${input.on}`, [{ path: 'on', message: 'not a date' }])
  // no event yet: the consent date is not recorded as a date of its own, so the first event bounds itself
  const since = isoDate(last?.occurred_on ?? input.on)
  const journey = { ...startJourney(since), status: statusToCore(subject.status), since }
  const result = transitionJourney(journey, { type: input.type, on: input.on, reason: input.reason ?? undefined })
  if (!result.ok) {
    const illegal = result.issues.find((i) => i.code === 'journey.illegal_transition')
    if (illegal) throw new AppError('illegal_transition', illegal.message, issueDetails(result.issues))
    throw new AppError('validation_failed', result.issues.map((i) => i.message).join('; '), issueDetails(result.issues))
  }
  const today = todayOf(repo.clock)
  if (daysBetween(today, input.on) > 0)
    throw new AppError('validation_failed', `event date ${input.on} is after today (${today})`, [{ path: 'on', message: 'in the future' }])
  const to = result.value.status
  const reason = input.reason?.trim() || null
  await tx.updateTable('subject').set({ status: statusToDb(to) }).where('id', '=', subjectId).execute()
  const event = await tx
    .insertInto('subject_event')
    .values({
      subject_id: subjectId, event_type: input.type, from_status: subject.status, to_status: statusToDb(to), occurred_on: input.on,
      reason, recorded_by: repo.who.userId, recorded_by_name: repo.who.username, recorded_at: repo.clock().toISOString(),
      voided_at: null, void_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await audit({
    action: 'transition', entity: 'subject', entityId: subjectId, siteId: subject.site_id,
    oldValue: { status: subject.status }, newValue: { status: event.to_status, event: input.type, on: input.on }, reason,
  })
  return event
}

/** Record one lifecycle event (not `infuse`: the infusion record does that after the bedside check). */
export async function recordJourneyEvent(repo: ScopedRepo, subjectId: number, input: TransitionInput) {
  await subjectFor(repo, subjectId, 'subject.write')
  if (input.type === 'infuse')
    throw new AppError('illegal_transition', 'the infusion is recorded through the infusion record, after a matching bedside identity verification (regimen-and-dosing.md §5.1 rule 1)')
  return repo.write((tx, audit) => applyTransition(tx, audit, repo, subjectId, input))
}

/** The subject's journey: status, allowed next events, the event history, LD, infusion and the product's COI. */
export async function subjectJourney(repo: ScopedRepo, subjectId: number) {
  const subject = await subjectFor(repo, subjectId, 'subject.read')
  const status = statusToCore(subject.status)
  const events = await repo.db
    .selectFrom('subject_event')
    .select(['id', 'event_type', 'from_status', 'to_status', 'occurred_on', 'reason', 'recorded_by_name', 'recorded_at'])
    .where('subject_id', '=', subjectId)
    .where('voided_at', 'is', null)
    .orderBy('id')
    .execute()
  const product = await repo.db.selectFrom('cell_product').select(['id', 'coi_identifier', 'din', 'din_check_character']).where('subject_id', '=', subjectId).executeTakeFirst()
  const ld = await repo.db
    .selectFrom('ld_record')
    .select(['id', 'start_date', 'height_cm', 'weight_kg', 'bsa_m2', 'calculation', 'recorded_at'])
    .where('subject_id', '=', subjectId)
    .where('voided_at', 'is', null)
    .executeTakeFirst()
  const infusion = await repo.db
    .selectFrom('infusion_record')
    .select(['id', 'bag_id', 'infusion_date', 'target_cells', 'volume_ml', 'calculation', 'recorded_at'])
    .where('subject_id', '=', subjectId)
    .where('voided_at', 'is', null)
    .executeTakeFirst()
  const allowed: JourneyEventType[] = allowedJourneyEvents({ status }).filter((e) => e !== 'infuse')
  return {
    subjectId,
    code: subject.code,
    status,
    consentedOn: events.find((e) => e.event_type === 'consent')?.occurred_on ?? subject.created_at.slice(0, 10),
    allowedEvents: allowed,
    reasonRequired: REASON_REQUIRED_EVENTS.filter((e) => allowed.includes(e)),
    events,
    product: product ?? null,
    ld: ld ?? null,
    infusion: infusion ?? null,
  }
}
