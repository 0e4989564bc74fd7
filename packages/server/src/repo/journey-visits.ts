import { assessVisitCompliance, canAccess, daysBetween, recomputeVisitCalendar, visitsToICalendar, type ScheduledVisit } from '@celltrial/core'
import { AppError, notFound } from '../errors.js'
import type { ScopedRepo } from './scoped-repo.js'
import { issueDetails, subjectFor, todayOf, type Tx } from './journey.js'
import { protocolForSubject } from './protocol-versions.js'

/**
 * Visit schedule anchored to Day 0 = infusion (regimen-and-dosing.md §6): status and deviations as of the
 * server's today, recompute when the infusion date moves, per-site calendar and iCalendar (RFC 5545) export.
 */

type VisitRow = { visit_id: string; label: string; kind: 'lymphodepletion' | 'protocol'; day: number; target_date: string; window_start: string; window_end: string; assessments: string[]; done_on: string | null }

const scheduled = (v: VisitRow): ScheduledVisit => ({
  visitId: v.visit_id, label: v.label, kind: v.kind, day: v.day, targetDate: v.target_date as ScheduledVisit['targetDate'],
  windowStart: v.window_start as ScheduledVisit['windowStart'], windowEnd: v.window_end as ScheduledVisit['windowEnd'], assessments: v.assessments,
})

async function activeVisits(db: ScopedRepo['db'] | Tx, subjectIds: readonly number[]) {
  if (subjectIds.length === 0) return []
  return db
    .selectFrom('subject_visit')
    .select(['id', 'subject_id', 'visit_id', 'label', 'kind', 'day', 'target_date', 'window_start', 'window_end', 'assessments', 'done_on'])
    .where('subject_id', 'in', subjectIds)
    .where('voided_at', 'is', null)
    .orderBy('subject_id')
    .orderBy('day')
    .execute()
}

/** Compliance of one subject's visits as of `asOf` (assessVisitCompliance). */
function compliance(rows: readonly VisitRow[], asOf: string) {
  const recorded = Object.fromEntries(rows.filter((r) => r.done_on !== null).map((r) => [r.visit_id, r.done_on as string]))
  const result = assessVisitCompliance(rows.map(scheduled), recorded, asOf)
  if (!result.ok) throw new AppError('validation_failed', result.issues.map((i) => i.message).join('; '), issueDetails(result.issues))
  return result.value
}

export async function subjectVisits(repo: ScopedRepo, subjectId: number) {
  const subject = await subjectFor(repo, subjectId, 'subject.read')
  const asOf = todayOf(repo.clock)
  const rows = await activeVisits(repo.db, [subjectId])
  return { subjectId, infusionDate: subject.infusion_date, asOf, ...compliance(rows, asOf) }
}

/** Record the date a visit was done. */
export async function recordVisitDone(repo: ScopedRepo, subjectId: number, visitId: string, input: { doneOn: string }) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const today = todayOf(repo.clock)
  if (daysBetween(today, input.doneOn) > 0) throw new AppError('validation_failed', `visit date ${input.doneOn} is after today (${today})`, [{ path: 'doneOn', message: 'in the future' }])
  return repo.write(async (tx, audit) => {
    const visit = await tx.selectFrom('subject_visit').selectAll().where('subject_id', '=', subjectId).where('visit_id', '=', visitId).where('voided_at', 'is', null).executeTakeFirst()
    if (!visit) throw notFound(`visit ${visitId}`)
    const row = await tx.updateTable('subject_visit').set({ done_on: input.doneOn }).where('id', '=', visit.id).returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'update', entity: 'subject_visit', entityId: visit.id, siteId: subject.site_id, oldValue: { done_on: visit.done_on }, newValue: { done_on: input.doneOn } })
    return row
  })
}

/**
 * Move the infusion date (Day 0): the schedule is recomputed, every moved visit updated, the change audited
 * with its reason (recomputeVisitCalendar).
 */
export async function moveInfusionDate(repo: ScopedRepo, subjectId: number, input: { infusionDate: string; reason: string }) {
  const subject = await subjectFor(repo, subjectId, 'subject.write')
  const reason = input.reason.trim()
  if (reason === '') throw new AppError('validation_failed', 'a reason for the change is required', [{ path: 'reason', message: 'required' }])
  if (subject.infusion_date === null) throw new AppError('conflict', 'no infusion is recorded: record the infusion first')
  const protocol = (await protocolForSubject(repo.db, subject)).protocol
  return repo.write(async (tx, audit) => {
    const rows = await activeVisits(tx, [subjectId])
    const next = recomputeVisitCalendar(rows.map(scheduled), protocol.visitSchedule.visits, input.infusionDate, { lymphodepletion: protocol.lymphodepletion })
    if (!next.ok) throw new AppError('validation_failed', next.issues.map((i) => i.message).join('; '), issueDetails(next.issues))
    const now = repo.clock().toISOString()
    const byId = new Map(next.value.calendar.map((v) => [v.visitId, v]))
    for (const change of next.value.changes) {
      const row = rows.find((r) => r.visit_id === change.visitId)
      const v = byId.get(change.visitId)
      if (row && v) {
        await tx.updateTable('subject_visit').set({ target_date: v.targetDate, window_start: v.windowStart, window_end: v.windowEnd }).where('id', '=', row.id).execute()
      } else if (row) {
        await tx.updateTable('subject_visit').set({ voided_at: now, void_reason: `not in the recomputed schedule: ${reason}` }).where('id', '=', row.id).execute()
      } else if (v) {
        await tx
          .insertInto('subject_visit')
          .values({
            subject_id: subjectId, visit_id: v.visitId, label: v.label, kind: v.kind, day: v.day, target_date: v.targetDate, window_start: v.windowStart,
            window_end: v.windowEnd, assessments: JSON.stringify(v.assessments), done_on: null, created_at: now, voided_at: null, void_reason: null,
          })
          .execute()
      }
    }
    await tx.updateTable('subject').set({ infusion_date: input.infusionDate }).where('id', '=', subjectId).execute()
    await tx.updateTable('infusion_record').set({ infusion_date: input.infusionDate }).where('subject_id', '=', subjectId).where('voided_at', 'is', null).execute()
    await audit({
      action: 'reschedule', entity: 'subject', entityId: subjectId, siteId: subject.site_id,
      oldValue: { infusion_date: subject.infusion_date }, newValue: { infusion_date: input.infusionDate, changes: next.value.changes }, reason,
    })
    return { infusionDate: input.infusionDate, changes: next.value.changes }
  })
}

/** Sites whose subjects the caller may read. */
export async function calendarSites(repo: ScopedRepo) {
  repo.require('study.read')
  const sites = await repo.db.selectFrom('site').select(['id', 'code', 'name', 'city']).orderBy('code').execute()
  return sites.filter((s) => canAccess(repo.who, 'subject.read', s.id))
}

/**
 * One site's visits that are overdue, due, or upcoming within `horizonDays`, as of the server's today, with the
 * deviations (overdue, out of window).
 */
export async function siteCalendar(repo: ScopedRepo, siteId: number, { horizonDays = 28 }: { horizonDays?: number } = {}) {
  repo.require('subject.read', siteId, 'read this site')
  const site = await repo.db.selectFrom('site').select(['id', 'code', 'name']).where('id', '=', siteId).executeTakeFirst()
  if (!site) throw notFound(`site ${siteId}`)
  const asOf = todayOf(repo.clock)
  const subjects = await repo.db
    .selectFrom('subject')
    .innerJoin('study', 'study.id', 'subject.study_id')
    .select(['subject.id', 'subject.code', 'subject.is_demo', 'study.registry_id'])
    .where('subject.site_id', '=', siteId)
    .orderBy('subject.code')
    .execute()
  const rows = await activeVisits(repo.db, subjects.map((s) => s.id))
  const perSubject = subjects.map((s) => {
    const result = compliance(rows.filter((r) => r.subject_id === s.id), asOf)
    return { subjectId: s.id, code: s.code, registryId: s.registry_id, isDemo: s.is_demo, ...result }
  })
  const entries = perSubject.flatMap((s) =>
    s.visits
      .filter((v) => v.status === 'overdue' || v.status === 'due' || (v.status === 'upcoming' && daysBetween(asOf, v.targetDate) <= horizonDays))
      .map((v) => ({ subjectId: s.subjectId, code: s.code, registryId: s.registryId, isDemo: s.isDemo, ...v })),
  )
  entries.sort((a, b) => a.targetDate.localeCompare(b.targetDate) || a.code.localeCompare(b.code))
  return { site, asOf, horizonDays, visits: entries, deviations: perSubject.flatMap((s) => s.deviations.map((d) => ({ ...d, subjectCode: s.code }))), perSubject }
}

/** The site's calendar as iCalendar text (visits not yet done: upcoming, due, overdue). */
export async function siteICalendar(repo: ScopedRepo, siteId: number, uidDomain: string) {
  const cal = await siteCalendar(repo, siteId)
  const text = visitsToICalendar(
    // subject codes are unique within a study; a site's calendar spans studies, so the UID carries the study's id too
    { siteId: cal.site.code, subjects: cal.perSubject.map((s) => ({ subjectId: s.code, uidKey: `${s.registryId}.${s.code}`, visits: s.visits })) },
    { dtstamp: repo.clock().toISOString(), uidDomain },
  )
  if (!text.ok) throw new AppError('validation_failed', text.issues.map((i) => i.message).join('; '), issueDetails(text.issues))
  return { siteCode: cal.site.code, text: text.value }
}
