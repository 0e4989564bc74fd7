import { addDays, daysBetween, type IsoDate } from '../../dates/index.js'
import { fail, ok, type Issue, type Result } from '../../result.js'
import type { ExpeditedCategory } from './ich-e2a-seriousness.js'
import { formatZonedDateTime, localDateAt, parseZonedDateTime, type ZonedInstant } from './zoned-date-time.js'

/**
 * Reporting clocks: the site's initial SAE report to the sponsor and the sponsor's expedited SUSAR reports.
 * Jurisdiction-configurable; defaults are ICH E2A plus the common 24-hour site convention.
 * Source: ICH E2A (1994) §III.A.1-2; safety-grading.md §4.2.
 */
export interface ExpeditedReportingRules {
  jurisdiction: string
  /** site → sponsor initial SAE report, hours after site awareness (**PROTOCOL DECISION**, default 24) */
  siteInitialReportHours: number
  /** fatal or life-threatening SUSAR: calendar days after Day 0 (ICH E2A: 7) */
  fatalOrLifeThreateningDays: number
  /** its completing follow-up report: additional calendar days after the 7-day report's due date (ICH E2A: 8) */
  fatalOrLifeThreateningFollowUpAdditionalDays: number
  /** any other SUSAR: calendar days after Day 0 (ICH E2A: 15) */
  otherSusarDays: number
}

export const ICH_E2A_REPORTING_RULES: Readonly<ExpeditedReportingRules> = {
  jurisdiction: 'ICH E2A',
  siteInitialReportHours: 24,
  fatalOrLifeThreateningDays: 7,
  fatalOrLifeThreateningFollowUpAdditionalDays: 8,
  otherSusarDays: 15,
}

export type ReportClockStatus = 'pending' | 'overdue' | 'submitted-on-time' | 'submitted-late'

export interface SiteReportClock {
  /** due instant, written in the offset of the awareness timestamp */
  dueAt: string
  status: ReportClockStatus
  /** minutes from `asOf` to the due instant (negative once overdue); `null` once submitted */
  minutesRemaining: number | null
}

function parseAll(fields: Record<string, string | null | undefined>): Result<Record<string, ZonedInstant | null>> {
  const out: Record<string, ZonedInstant | null> = {}
  const issues: Issue[] = []
  for (const [k, v] of Object.entries(fields)) {
    if (v == null) {
      out[k] = null
      continue
    }
    const r = parseZonedDateTime(v)
    if (r.ok) out[k] = r.value
    else issues.push(...r.issues.map((i) => ({ ...i, path: [k] })))
  }
  return issues.length > 0 ? fail(issues) : ok(out)
}

/**
 * Site → sponsor initial report clock: exact elapsed hours (a 24-hour clock is 1440 minutes whatever the offsets),
 * decided at millisecond resolution.
 * @example siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-03T12:00+08:00' })
 *   // ok { dueAt: '2025-03-04T10:00+08:00', status: 'pending', minutesRemaining: 1320 } (S4)
 */
export function siteInitialReportClock(
  input: { siteAwareAt: string; sentToSponsorAt?: string | null; asOf: string },
  rules: Pick<ExpeditedReportingRules, 'siteInitialReportHours'> = ICH_E2A_REPORTING_RULES,
): Result<SiteReportClock> {
  const parsed = parseAll({ siteAwareAt: input.siteAwareAt, sentToSponsorAt: input.sentToSponsorAt, asOf: input.asOf })
  if (!parsed.ok) return fail(parsed.issues)
  const aware = parsed.value.siteAwareAt as ZonedInstant
  const sent = parsed.value.sentToSponsorAt ?? null
  const asOf = parsed.value.asOf as ZonedInstant
  // compare on whole milliseconds: epoch minutes carry seconds as a binary fraction (x/60), so "aware + 24 h" and a
  // report stamped exactly 24 h later can differ in the last bit (2033-10-17T16:32:00.3Z + 24 h read as late)
  const ms = (epochMinutes: number) => Math.round(epochMinutes * 60_000)
  const dueMs = ms(aware.epochMinutes) + Math.round(rules.siteInitialReportHours * 3_600_000)
  const dueAt = formatZonedDateTime(dueMs / 60_000, aware.offsetMinutes)
  if (sent !== null) return ok({ dueAt, status: ms(sent.epochMinutes) <= dueMs ? 'submitted-on-time' : 'submitted-late', minutesRemaining: null })
  const remainingMs = dueMs - ms(asOf.epochMinutes)
  return ok({ dueAt, status: remainingMs < 0 ? 'overdue' : 'pending', minutesRemaining: remainingMs / 60_000 })
}

export interface ReportCalendarClock {
  /** the last calendar day on which the report is on time (inclusive), in the reporting time zone */
  dueDate: IsoDate
  status: ReportClockStatus
  /** calendar days from the `asOf` date to the due date (negative once overdue); `null` once submitted */
  daysRemaining: number | null
}

export interface SponsorExpeditedClocks {
  category: ExpeditedCategory
  /** Day 0: calendar day the sponsor first received the minimum reportable information */
  day0: IsoDate
  initial: ReportCalendarClock | null
  /** fatal/life-threatening only: the completing follow-up report (7 + 8 days) */
  followUp: ReportCalendarClock | null
}

export interface SponsorClockInput {
  category: ExpeditedCategory
  /** first knowledge by the sponsor, with offset */
  sponsorFirstKnowledgeAt: string
  initialSubmittedAt?: string | null
  followUpSubmittedAt?: string | null
  asOf: string
  /** UTC offset (minutes) of the sponsor's reporting calendar; default: the offset of `sponsorFirstKnowledgeAt` */
  reportingOffsetMinutes?: number
}

function reportCalendarClock(dueDate: IsoDate, submitted: ZonedInstant | null, asOf: ZonedInstant, offset: number): ReportCalendarClock {
  if (submitted !== null) {
    const d = localDateAt(submitted.epochMinutes, offset)
    return { dueDate, status: daysBetween(dueDate, d) <= 0 ? 'submitted-on-time' : 'submitted-late', daysRemaining: null }
  }
  const today = localDateAt(asOf.epochMinutes, offset)
  const daysRemaining = daysBetween(today, dueDate)
  return { dueDate, status: daysRemaining < 0 ? 'overdue' : 'pending', daysRemaining }
}

/**
 * Sponsor → regulator expedited clocks in calendar days from Day 0 (the sponsor's local calendar day of first
 * knowledge). Fatal/life-threatening SUSAR: initial by Day 7, completing follow-up by Day 7 + 8; other SUSAR: by Day 15;
 * not expedited: no clock. `unknown` category: the 7-day clock is shown (strictest) until the answers are in.
 * @example sponsorExpeditedClocks({ category: 'susar-fatal-or-life-threatening', sponsorFirstKnowledgeAt: '2025-03-03T09:00+01:00',
 *   asOf: '2025-03-05T09:00+01:00' }) // initial due 2025-03-10, follow-up due 2025-03-18 (S5)
 */
export function sponsorExpeditedClocks(input: SponsorClockInput, rules: ExpeditedReportingRules = ICH_E2A_REPORTING_RULES): Result<SponsorExpeditedClocks> {
  const parsed = parseAll({ first: input.sponsorFirstKnowledgeAt, initial: input.initialSubmittedAt, followUp: input.followUpSubmittedAt, asOf: input.asOf })
  if (!parsed.ok) return fail(parsed.issues)
  const first = parsed.value.first as ZonedInstant
  const asOf = parsed.value.asOf as ZonedInstant
  const offset = input.reportingOffsetMinutes ?? first.offsetMinutes
  const day0 = localDateAt(first.epochMinutes, offset)
  const initialSub = parsed.value.initial ?? null
  const followSub = parsed.value.followUp ?? null
  switch (input.category) {
    case 'not-expedited':
      return ok({ category: input.category, day0, initial: null, followUp: null })
    case 'susar-other':
      return ok({ category: input.category, day0, initial: reportCalendarClock(addDays(day0, rules.otherSusarDays), initialSub, asOf, offset), followUp: null })
    case 'susar-fatal-or-life-threatening':
    case 'unknown': {
      const initialDue = addDays(day0, rules.fatalOrLifeThreateningDays)
      const followDue = addDays(initialDue, rules.fatalOrLifeThreateningFollowUpAdditionalDays)
      return ok({ category: input.category, day0, initial: reportCalendarClock(initialDue, initialSub, asOf, offset), followUp: reportCalendarClock(followDue, followSub, asOf, offset) })
    }
  }
}
