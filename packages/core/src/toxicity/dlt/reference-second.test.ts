/**
 * Second independent reference check of safety-grading.md §4 (SAE seriousness, SUSAR, reporting clocks) and §5
 * (DLT window, evaluability, per-dose-level counts). The reference below was written from the doc prose alone
 * (plus README.md conventions: Day 0 = infusion, calendar-date arithmetic), before reading the engine, and is kept
 * deliberately different in method: dates via `Date.UTC`, instants via its own ISO parser.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assessSeriousness, classifySusar, ICH_E2A_REPORTING_RULES, parseZonedDateTime, siteInitialReportClock, sponsorExpeditedClocks,
  type ExpeditedCategory, type ExpeditedReportingRules, type SeriousnessAnswers,
} from '../sae/index.js'
import { dltStatus, illustrativeDltRule, summariseDltByDoseLevel, type AeAttribution, type DltCandidateEvent, type DltSubject, type DltWindowOptions } from './index.js'

const SEED = 20261207

// ───────────────────────────── reference: calendar and instants ─────────────────────────────
const MS_DAY = 86_400_000
const MS_MIN = 60_000
function refIsoToMs(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}
/** README "Dates": calendar-date arithmetic. */
function refAddDays(iso: string, days: number): string {
  return new Date(refIsoToMs(iso) + days * MS_DAY).toISOString().slice(0, 10)
}
/** Instant of `YYYY-MM-DDTHH:MM[:SS[.f]](Z|±HH:MM)` in ms since epoch, and its offset in minutes. */
function refInstant(s: string): { ms: number; offsetMin: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|([+-])(\d{2}):?(\d{2}))$/.exec(s)
  if (!m) throw new Error(`bad instant ${s}`)
  const offsetMin = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]))
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) + Number(m[6] ?? 0) * 1000 - offsetMin * MS_MIN
  return { ms, offsetMin }
}
/** Local calendar date of an instant at an offset (README: study day in the site's time zone). */
function refLocalDate(ms: number, offsetMin: number): string {
  return new Date(ms + offsetMin * MS_MIN).toISOString().slice(0, 10)
}
function refDaysBetween(a: string, b: string): number {
  return Math.round((refIsoToMs(b) - refIsoToMs(a)) / MS_DAY)
}

// ───────────────────────────── reference: §4.1 seriousness and SUSAR ─────────────────────────────
type Tri = boolean | null
/** §4.1: serious if ANY of the six criteria holds (severity/grade irrelevant); not serious only if all six are "no". */
function refSeriousness(a: SeriousnessAnswers): Tri {
  const hosp: Tri = a.hospitalisation === null ? null : a.hospitalisation !== 'none' // requires OR prolongs hospitalisation
  const all: Tri[] = [a.resultsInDeath, a.lifeThreatening, hosp, a.persistentOrSignificantDisability, a.congenitalAnomaly, a.importantMedicalEvent]
  if (all.includes(true)) return true
  return all.includes(null) ? null : false
}
/** §4.1 SUSAR = serious ∧ related ∧ unexpected (three-valued: one known "no" settles it). §4.2: fatal/LT → 7-day clock. */
function refCategory(a: SeriousnessAnswers, related: Tri, unexpected: Tri): ExpeditedCategory {
  const serious = refSeriousness(a)
  if (serious === false || related === false || unexpected === false) return 'not-expedited'
  if (serious === null || related === null || unexpected === null) return 'unknown'
  if (a.resultsInDeath === true || a.lifeThreatening === true) return 'susar-fatal-or-life-threatening'
  // serious on another criterion, death / life-threatening not answered: not known to be the 15-day kind (an
  // unanswered question is not a "no", README cross-cutting conventions)
  return a.resultsInDeath === null || a.lifeThreatening === null ? 'unknown' : 'susar-other'
}

// ───────────────────────────── reference: §4.2 clocks ─────────────────────────────
/** Site → sponsor: due `hours` elapsed hours after awareness; on time iff sent at or before the due instant. */
function refSiteClock(aware: string, hours: number, sent: string | null, asOf: string) {
  const dueMs = refInstant(aware).ms + hours * 3_600_000
  if (sent !== null) return { dueMs, status: refInstant(sent).ms <= dueMs ? 'submitted-on-time' : 'submitted-late', minutesRemaining: null }
  const asOfMs = refInstant(asOf).ms
  return { dueMs, status: asOfMs > dueMs ? 'overdue' : 'pending', minutesRemaining: (dueMs - asOfMs) / MS_MIN }
}
/** Sponsor → regulator: Day 0 = sponsor's local calendar day of first knowledge; due = Day 0 + N calendar days (inclusive). */
function refSponsorDue(category: ExpeditedCategory, day0: string, r: ExpeditedReportingRules): { initial: string | null; followUp: string | null } {
  if (category === 'not-expedited') return { initial: null, followUp: null }
  if (category === 'susar-other') return { initial: refAddDays(day0, r.otherSusarDays), followUp: null }
  // fatal/LT (and 'unknown', shown at the strictest clock): 7 days, then "8 additional calendar days" (S5: 03-10 → 03-18)
  const initial = refAddDays(day0, r.fatalOrLifeThreateningDays)
  return { initial, followUp: refAddDays(initial, r.fatalOrLifeThreateningFollowUpAdditionalDays) }
}
function refCalendarStatus(due: string, submittedLocal: string | null, todayLocal: string) {
  if (submittedLocal !== null) return { status: submittedLocal <= due ? 'submitted-on-time' : 'submitted-late', daysRemaining: null }
  const daysRemaining = refDaysBetween(todayLocal, due)
  return { status: daysRemaining < 0 ? 'overdue' : 'pending', daysRemaining }
}

// ───────────────────────────── reference: §5 DLT ─────────────────────────────
interface RefDltOptions { start: number; end: number; anchor: 'onset' | 'qualifying-grade'; minGrade: number; includeHaem: boolean; offStudy: 'not-evaluable' | 'evaluable-no-dlt' }
const REF_DLT_DEFAULT: RefDltOptions = { start: 0, end: 28, anchor: 'onset', minGrade: 3, includeHaem: false, offStudy: 'not-evaluable' }
const AT_LEAST_POSSIBLE = new Set<AeAttribution>(['possible', 'probable', 'definite']) // §5 "Attribution"
/** §5 illustrative definition: grade ≥ 3 non-haematological, at least possibly related; window Day 0–28 inclusive. */
function refIsDlt(e: DltCandidateEvent, o: RefDltOptions, subjectEnd?: number): boolean {
  const end = subjectEnd ?? o.end
  // §5 "Onset rule" (PROTOCOL DECISION): the onset day decides by default; the variant needs the qualifying grade inside
  const day = o.anchor === 'onset' ? e.onsetDay : (e.qualifyingDay ?? e.onsetDay)
  if (!(day >= o.start && day <= end)) return false
  if (e.adjudicatedDlt !== undefined) return e.adjudicatedDlt
  return e.grade >= o.minGrade && (o.includeHaem || e.category === 'non-haematological') && e.attribution !== null && AT_LEAST_POSSIBLE.has(e.attribution)
}
type RefDltKind = 'dlt' | 'no-dlt' | 'not-evaluable' | 'pending'
/** §5 "DLT-evaluable patient": received the assigned dose AND (completed the window OR had a DLT within it). */
function refDltKind(s: DltSubject, o: RefDltOptions): RefDltKind {
  if (s.receivedAssignedDose === false) return 'not-evaluable'
  if (s.receivedAssignedDose === null) return 'pending'
  const end = s.windowEndDay ?? o.end
  if (s.events.some((e) => refIsDlt(e, o, s.windowEndDay))) return 'dlt'
  if (s.observedThroughDay >= end) return 'no-dlt' // followed through the last window day, inclusive
  if (s.offStudy) return o.offStudy === 'evaluable-no-dlt' ? 'no-dlt' : 'not-evaluable' // lost before window end → replaced
  return 'pending'
}
function refSummary(subjects: readonly DltSubject<number>[], o: RefDltOptions) {
  const levels = [...new Set(subjects.map((s) => s.doseLevel))].sort((a, b) => a - b)
  return levels.map((doseLevel) => {
    const kinds = subjects.filter((s) => s.doseLevel === doseLevel).map((s) => [s.subjectId, refDltKind(s, o)] as const)
    return {
      doseLevel,
      nEvaluable: kinds.filter(([, k]) => k === 'dlt' || k === 'no-dlt').length,
      nDlt: kinds.filter(([, k]) => k === 'dlt').length, // a subject with several DLTs counts once ("n with ≥1 DLT")
      pendingSubjects: kinds.filter(([, k]) => k === 'pending').map(([id]) => id),
    }
  })
}
function toEngineOptions(o: RefDltOptions): DltWindowOptions {
  return { windowStartDay: o.start, windowEndDay: o.end, anchor: o.anchor, isDlt: illustrativeDltRule({ minGrade: o.minGrade, includeHaematological: o.includeHaem }), offStudyBeforeWindowEnd: o.offStudy }
}

// ───────────────────────────── fixtures ─────────────────────────────
const NO: SeriousnessAnswers = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
const ev = (over: Partial<DltCandidateEvent>): DltCandidateEvent => ({ term: 'AE', grade: 3, category: 'non-haematological', attribution: 'possible', onsetDay: 10, ...over })
const subj = (id: string, events: DltCandidateEvent[], over: Partial<DltSubject<number>> = {}): DltSubject<number> => ({
  subjectId: id, doseLevel: 1, receivedAssignedDose: true, observedThroughDay: 28, offStudy: false, events, ...over,
})
const kindOf = (s: DltSubject, o: DltWindowOptions = {}): RefDltKind => {
  const st = dltStatus(s, o)
  return st.kind === 'evaluable' ? (st.dlt ? 'dlt' : 'no-dlt') : st.kind
}

// ═════════════════════════════ §4.1 ═════════════════════════════
describe('§4.1 seriousness and SUSAR, beyond the worked examples', () => {
  it('a grade 5 (fatal) event with only "death" answered yes is serious on that criterion alone', () => {
    expect(assessSeriousness({ ...NO, resultsInDeath: true })).toEqual({ serious: true, criteria: ['death'] })
  })
  it('one "yes" settles seriousness even when the other five are unanswered', () => {
    const a: SeriousnessAnswers = { resultsInDeath: null, lifeThreatening: null, hospitalisation: null, persistentOrSignificantDisability: null, congenitalAnomaly: true, importantMedicalEvent: null }
    expect(assessSeriousness(a)).toEqual({ serious: true, criteria: ['congenital-anomaly'], unanswered: ['death', 'life-threatening', 'hospitalisation', 'disability', 'important-medical-event'] })
  })
  it('all criteria met are listed, in the §4.1 order', () => {
    const a: SeriousnessAnswers = { resultsInDeath: true, lifeThreatening: true, hospitalisation: 'prolongs-existing', persistentOrSignificantDisability: true, congenitalAnomaly: true, importantMedicalEvent: true }
    expect(assessSeriousness(a)).toEqual({ serious: true, criteria: ['death', 'life-threatening', 'hospitalisation', 'disability', 'congenital-anomaly', 'important-medical-event'] })
  })
  it('an unanswered hospitalisation question with all else "no" is unknown, not "not serious"', () => {
    expect(assessSeriousness({ ...NO, hospitalisation: null })).toEqual({ serious: 'unknown', unanswered: ['hospitalisation'] })
  })
  it('an important medical event alone (criterion 6) is a SUSAR on the 15-day clock when related and unexpected', () => {
    expect(classifySusar({ seriousness: assessSeriousness({ ...NO, importantMedicalEvent: true }), related: true, unexpected: true })).toBe('susar-other')
  })
  it('life-threatening without death runs the 7-day clock', () => {
    expect(classifySusar({ seriousness: assessSeriousness({ ...NO, lifeThreatening: true, hospitalisation: 'requires-admission' }), related: true, unexpected: true })).toBe('susar-fatal-or-life-threatening')
  })
  it('a known "not related" settles "not expedited" even while seriousness is unknown', () => {
    expect(classifySusar({ seriousness: assessSeriousness({ ...NO, lifeThreatening: null }), related: false, unexpected: null })).toBe('not-expedited')
  })

  const tri = fc.constantFrom<Tri>(true, false, null)
  const answers = fc.record<SeriousnessAnswers>({
    resultsInDeath: tri, lifeThreatening: tri, hospitalisation: fc.constantFrom('none' as const, 'requires-admission' as const, 'prolongs-existing' as const, null),
    persistentOrSignificantDisability: tri, congenitalAnomaly: tri, importantMedicalEvent: tri,
  })
  it('property: seriousness and category agree with the reference on every case, answered or not', () => {
    fc.assert(
      fc.property(answers, tri, tri, (a, related, unexpected) => {
        const s = assessSeriousness(a)
        expect(s.serious).toBe(refSeriousness(a) ?? 'unknown')
        expect(classifySusar({ seriousness: s, related, unexpected })).toBe(refCategory(a, related, unexpected))
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})

// ═════════════════════════════ §4.2 clocks ═════════════════════════════
describe('§4.2 site → sponsor clock (24 h, PROTOCOL DECISION)', () => {
  it('sent at exactly 24 h 00 min is on time; one second later is late', () => {
    const aware = '2025-03-03T10:00+08:00'
    expect(siteInitialReportClock({ siteAwareAt: aware, sentToSponsorAt: '2025-03-04T10:00+08:00', asOf: '2025-03-05T00:00+08:00' })).toMatchObject({ ok: true, value: { status: 'submitted-on-time' } })
    expect(siteInitialReportClock({ siteAwareAt: aware, sentToSponsorAt: '2025-03-04T10:00:01+08:00', asOf: '2025-03-05T00:00+08:00' })).toMatchObject({ ok: true, value: { status: 'submitted-late' } })
  })
  it('at exactly the due instant the clock is still pending with 0 minutes left; seconds count (15 s late is overdue)', () => {
    expect(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-04T02:00Z' })).toEqual({ ok: true, value: { dueAt: '2025-03-04T10:00+08:00', status: 'pending', minutesRemaining: 0 } })
    expect(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00:30+08:00', asOf: '2025-03-04T02:00:45Z' })).toMatchObject({ ok: true, value: { status: 'overdue', minutesRemaining: -0.25 } })
  })
  it('24 elapsed hours across a daylight-saving change (offset +01:00 → +02:00): wall clock 11:00 is the deadline', () => {
    // 2025-03-29T10:00+01:00 = 09:00Z; +24 h = 2025-03-30T09:00Z = 11:00 at +02:00. Sent at 10:30 local summer time: on time.
    const r = siteInitialReportClock({ siteAwareAt: '2025-03-29T10:00+01:00', sentToSponsorAt: '2025-03-30T10:30+02:00', asOf: '2025-03-31T00:00+02:00' })
    expect(r).toEqual({ ok: true, value: { dueAt: '2025-03-30T10:00+01:00', status: 'submitted-on-time', minutesRemaining: null } })
  })
  it('a non-default site rule (72 h) moves the deadline across a month and a leap day', () => {
    expect(siteInitialReportClock({ siteAwareAt: '2024-02-27T18:45-05:00', asOf: '2024-02-28T00:00-05:00' }, { siteInitialReportHours: 72 })).toEqual({
      ok: true, value: { dueAt: '2024-03-01T18:45-05:00', status: 'pending', minutesRemaining: 72 * 60 - 315 },
    })
  })
  it('a sub-second awareness just before midnight never yields an invalid "T24:00" due time', () => {
    // 23:59:59.6 + 24 h = 2025-03-04T23:59:59.6Z; shown to the second it is 2025-03-05T00:00, a real instant.
    const r = siteInitialReportClock({ siteAwareAt: '2025-03-03T23:59:59.6Z', asOf: '2025-03-03T23:59:59.6Z' })
    expect(r.ok).toBe(true)
    const dueAt = r.value!.dueAt
    expect(dueAt).toBe('2025-03-05T00:00+00:00')
    expect(parseZonedDateTime(dueAt).ok).toBe(true)
  })
  it('property: due instant, status and minutes agree with the reference over offsets, seconds and rule hours', () => {
    const offset = fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15)
    const fmt = (ms: number, off: number, withSec: boolean) => {
      const local = new Date(ms + off * MS_MIN).toISOString()
      const sign = off < 0 ? '-' : '+'
      const a = Math.abs(off)
      return `${local.slice(0, withSec ? 23 : 16)}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
    }
    const base = Date.UTC(2023, 0, 1)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 * 1440 }), fc.integer({ min: 0, max: 59_999 }), offset, offset, offset,
        fc.option(fc.integer({ min: -3 * 1440, max: 4 * 1440 }), { nil: null }), fc.integer({ min: -3 * 1440, max: 4 * 1440 }), fc.constantFrom(24, 12, 48, 72),
        (awareMin, ms, o1, o2, o3, sentDelta, asOfDelta, hours) => {
          const awareMs = base + awareMin * MS_MIN + ms // awareness carries seconds and milliseconds
          const aware = fmt(awareMs, o1, true)
          const sent = sentDelta === null ? null : fmt(awareMs - ms + sentDelta * MS_MIN, o2, false)
          const asOf = fmt(awareMs - ms + asOfDelta * MS_MIN, o3, false)
          const ref = refSiteClock(aware, hours, sent, asOf)
          const r = siteInitialReportClock({ siteAwareAt: aware, sentToSponsorAt: sent, asOf }, { siteInitialReportHours: hours })
          expect(r.ok).toBe(true)
          expect(r.value!.status).toBe(ref.status)
          if (ref.minutesRemaining === null) expect(r.value!.minutesRemaining).toBeNull()
          else expect(r.value!.minutesRemaining).toBeCloseTo(ref.minutesRemaining, 6)
          // the due instant is a valid date-time in the awareness offset and denotes the reference instant (to the second)
          expect(parseZonedDateTime(r.value!.dueAt).ok).toBe(true)
          expect(refInstant(r.value!.dueAt).offsetMin).toBe(o1)
          expect(Math.abs(refInstant(r.value!.dueAt).ms - ref.dueMs)).toBeLessThanOrEqual(500)
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

describe('§4.2 sponsor → regulator clocks (7 + 8 / 15 calendar days from Day 0)', () => {
  const ok = (category: ExpeditedCategory, first: string, extra: Partial<Parameters<typeof sponsorExpeditedClocks>[0]> = {}, rules?: ExpeditedReportingRules) => {
    const r = sponsorExpeditedClocks({ category, sponsorFirstKnowledgeAt: first, asOf: first, ...extra }, rules)
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    return r.value
  }
  it('S5 with the clock started late in the sponsor day: Day 0 is the calendar day, not +7 × 24 h', () => {
    const v = ok('susar-fatal-or-life-threatening', '2025-03-03T23:59+08:00')
    expect([v.day0, v.initial?.dueDate, v.followUp?.dueDate]).toEqual(['2025-03-03', '2025-03-10', '2025-03-18'])
  })
  it('Day 0 in a reporting calendar west of UTC: 01:30Z on 03-04 is still 03-03 at −07:00', () => {
    const v = ok('susar-other', '2025-03-04T01:30Z', { reportingOffsetMinutes: -420 })
    expect([v.day0, v.initial?.dueDate, v.followUp]).toEqual(['2025-03-03', '2025-03-18', null])
  })
  it('month, year and leap-day rollovers', () => {
    expect(ok('susar-fatal-or-life-threatening', '2024-02-22T09:00Z').initial?.dueDate).toBe('2024-02-29')
    expect(ok('susar-fatal-or-life-threatening', '2025-02-22T09:00Z').initial?.dueDate).toBe('2025-03-01')
    const ny = ok('susar-fatal-or-life-threatening', '2024-12-28T09:00Z')
    expect([ny.initial?.dueDate, ny.followUp?.dueDate]).toEqual(['2025-01-04', '2025-01-12'])
    expect(ok('susar-other', '2024-02-20T09:00Z').initial?.dueDate).toBe('2024-03-06')
  })
  it('sponsor west of UTC: submitted 05:30Z on 03-19 is still the due date 03-18 locally (on time)', () => {
    const first = '2025-03-03T09:00-07:00'
    expect(ok('susar-other', first, { initialSubmittedAt: '2025-03-19T05:30Z' }).initial).toEqual({ dueDate: '2025-03-18', status: 'submitted-on-time', daysRemaining: null })
    expect(ok('susar-other', first, { initialSubmittedAt: '2025-03-19T07:00Z' }).initial?.status).toBe('submitted-late') // 00:00 on 03-19 at −07:00
  })
  it('asOf on the due date: pending with 0 days; next day overdue with −1; the follow-up runs independently', () => {
    const first = '2025-03-03T09:00+01:00'
    const onDue = ok('susar-fatal-or-life-threatening', first, { asOf: '2025-03-10T23:00+01:00' })
    expect(onDue.initial).toEqual({ dueDate: '2025-03-10', status: 'pending', daysRemaining: 0 })
    const after = ok('susar-fatal-or-life-threatening', first, { asOf: '2025-03-11T00:00+01:00', initialSubmittedAt: '2025-03-05T12:00+01:00' })
    expect(after.initial?.status).toBe('submitted-on-time')
    expect(after.followUp).toEqual({ dueDate: '2025-03-18', status: 'pending', daysRemaining: 7 })
  })
  it('not expedited (S7) has no clock; unknown category shows the strictest (7 + 8) clock', () => {
    const n = ok('not-expedited', '2025-03-03T09:00Z')
    expect([n.initial, n.followUp]).toEqual([null, null])
    const u = ok('unknown', '2025-03-03T09:00Z')
    expect([u.initial?.dueDate, u.followUp?.dueDate]).toEqual(['2025-03-10', '2025-03-18'])
  })
  it('a jurisdiction with other day counts (configurable, §4.2 "jurisdiction-configurable")', () => {
    const rules: ExpeditedReportingRules = { jurisdiction: 'test', siteInitialReportHours: 48, fatalOrLifeThreateningDays: 5, fatalOrLifeThreateningFollowUpAdditionalDays: 10, otherSusarDays: 30 }
    const f = ok('susar-fatal-or-life-threatening', '2025-12-29T09:00Z', {}, rules)
    expect([f.initial?.dueDate, f.followUp?.dueDate]).toEqual(['2026-01-03', '2026-01-13'])
    expect(ok('susar-other', '2025-12-29T09:00Z', {}, rules).initial?.dueDate).toBe('2026-01-28')
  })
  it('a time without an offset is rejected (Day 0 cannot be placed on a calendar)', () => {
    expect(sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: '2025-03-03T09:00', asOf: '2025-03-03T09:00Z' }).ok).toBe(false)
  })
  it('property: Day 0, due dates, statuses and days remaining agree with the reference', () => {
    const offset = fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15)
    const at = (ms: number, off: number) => {
      const sign = off < 0 ? '-' : '+'
      const a = Math.abs(off)
      return `${new Date(ms + off * MS_MIN).toISOString().slice(0, 16)}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
    }
    const base = Date.UTC(2023, 0, 1)
    const rulesArb = fc.oneof(
      fc.constant({ ...ICH_E2A_REPORTING_RULES }),
      fc.record({ jurisdiction: fc.constant('x'), siteInitialReportHours: fc.constant(24), fatalOrLifeThreateningDays: fc.integer({ min: 1, max: 10 }), fatalOrLifeThreateningFollowUpAdditionalDays: fc.integer({ min: 1, max: 10 }), otherSusarDays: fc.integer({ min: 1, max: 30 }) }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom<ExpeditedCategory>('susar-fatal-or-life-threatening', 'susar-other', 'not-expedited', 'unknown'),
        fc.integer({ min: 0, max: 3 * 365 * 1440 }), offset, fc.option(offset, { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 25 * 1440 }), { nil: null }), fc.option(fc.integer({ min: 0, max: 25 * 1440 }), { nil: null }), fc.integer({ min: 0, max: 30 * 1440 }), offset, rulesArb,
        (category, firstMin, o1, reportingOff, initD, followD, asOfD, o2, rules) => {
          const firstMs = base + firstMin * MS_MIN
          const first = at(firstMs, o1)
          const initialSubmittedAt = initD === null ? null : at(firstMs + initD * MS_MIN, o2)
          const followUpSubmittedAt = followD === null ? null : at(firstMs + followD * MS_MIN, o2)
          const asOf = at(firstMs + asOfD * MS_MIN, o2)
          const r = sponsorExpeditedClocks({ category, sponsorFirstKnowledgeAt: first, initialSubmittedAt, followUpSubmittedAt, asOf, reportingOffsetMinutes: reportingOff }, rules)
          expect(r.ok).toBe(true)
          const off = reportingOff ?? o1
          const day0 = refLocalDate(firstMs, off)
          const due = refSponsorDue(category, day0, rules)
          const local = (s: string | null) => (s === null ? null : refLocalDate(refInstant(s).ms, off))
          const today = refLocalDate(refInstant(asOf).ms, off)
          expect(r.value!.day0).toBe(day0)
          expect(r.value!.initial).toEqual(due.initial === null ? null : { dueDate: due.initial, ...refCalendarStatus(due.initial, local(initialSubmittedAt), today) })
          expect(r.value!.followUp).toEqual(due.followUp === null ? null : { dueDate: due.followUp, ...refCalendarStatus(due.followUp, local(followUpSubmittedAt), today) })
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

// ═════════════════════════════ §5 DLT ═════════════════════════════
describe('§5 DLT window boundaries and variants', () => {
  it('Day 0 and Day 28 are inside (inclusive); Day −1 (lymphodepletion) and Day 29 are outside', () => {
    expect([-1, 0, 28, 29].map((d) => kindOf(subj('X', [ev({ onsetDay: d })], { observedThroughDay: 40 })))).toEqual(['no-dlt', 'dlt', 'dlt', 'no-dlt'])
  })
  it('followed through Day 27 only and off study → not evaluable; through Day 28 → evaluable without DLT', () => {
    expect(dltStatus(subj('X', [], { observedThroughDay: 27, offStudy: true }))).toEqual({ kind: 'not-evaluable', reason: 'off-study-before-window-end' })
    expect(kindOf(subj('X', [], { observedThroughDay: 28, offStudy: true }))).toBe('no-dlt')
    expect(kindOf(subj('X', [], { observedThroughDay: 27 }))).toBe('pending')
  })
  it('a DLT on the day the subject leaves the study makes it evaluable with a DLT (no need to finish the window)', () => {
    expect(kindOf(subj('X', [ev({ onsetDay: 12, grade: 5 })], { observedThroughDay: 12, offStudy: true }))).toBe('dlt')
  })
  it('a non-default window (Day 0–21): Day 21 in, Day 22 out; follow-up to Day 21 completes it', () => {
    const o = { windowEndDay: 21 }
    expect(kindOf(subj('X', [ev({ onsetDay: 21 })], { observedThroughDay: 21 }), o)).toBe('dlt')
    expect(kindOf(subj('X', [ev({ onsetDay: 22 })], { observedThroughDay: 21 }), o)).toBe('no-dlt')
  })
  it('a per-subject window (protocol amendment) overrides the study option in both directions', () => {
    expect(kindOf(subj('X', [ev({ onsetDay: 30 })], { observedThroughDay: 35, windowEndDay: 35 }), { windowEndDay: 21 })).toBe('dlt')
    expect(kindOf(subj('X', [], { observedThroughDay: 20, windowEndDay: 14, offStudy: true }), { windowEndDay: 28 })).toBe('no-dlt')
  })
  it('window starting Day 1: an event on the infusion day does not count', () => {
    expect(kindOf(subj('X', [ev({ onsetDay: 0 })]), { windowStartDay: 1 })).toBe('no-dlt')
    expect(kindOf(subj('X', [ev({ onsetDay: 1 })]), { windowStartDay: 1 })).toBe('dlt')
  })
  it('onset rule (default): onset Day 27 at grade 2, grade 3 only on Day 31 → DLT; variant `qualifying-grade` → not', () => {
    const e = ev({ onsetDay: 27, qualifyingDay: 31 })
    expect(kindOf(subj('X', [e], { observedThroughDay: 35 }))).toBe('dlt')
    expect(kindOf(subj('X', [e], { observedThroughDay: 35 }), { anchor: 'qualifying-grade' })).toBe('no-dlt')
  })
  it('onset during lymphodepletion (Day −2), grade 3 reached Day 3: only the qualifying-grade variant counts it', () => {
    const e = ev({ onsetDay: -2, qualifyingDay: 3 })
    expect(kindOf(subj('X', [e]))).toBe('no-dlt')
    expect(kindOf(subj('X', [e]), { anchor: 'qualifying-grade' })).toBe('dlt')
  })
  it('attribution: unrelated/unlikely/unassessed do not count, possible/probable/definite do', () => {
    const atts: (AeAttribution | null)[] = ['unrelated', 'unlikely', null, 'possible', 'probable', 'definite']
    expect(atts.map((a) => kindOf(subj('X', [ev({ attribution: a })])))).toEqual(['no-dlt', 'no-dlt', 'no-dlt', 'dlt', 'dlt', 'dlt'])
  })
  it('grade threshold is ≥ (grade 3 counts, grade 2 does not); minGrade 4 variant; haematological opt-in', () => {
    expect(kindOf(subj('X', [ev({ grade: 2 })]))).toBe('no-dlt')
    expect(kindOf(subj('X', [ev({ grade: 3 })]), { isDlt: illustrativeDltRule({ minGrade: 4 }) })).toBe('no-dlt')
    expect(kindOf(subj('X', [ev({ grade: 4 })]), { isDlt: illustrativeDltRule({ minGrade: 4 }) })).toBe('dlt')
    const haem = ev({ grade: 4, category: 'haematological' })
    expect(kindOf(subj('X', [haem]))).toBe('no-dlt')
    expect(kindOf(subj('X', [haem]), { isDlt: illustrativeDltRule({ includeHaematological: true }) })).toBe('dlt')
  })
  it('adjudication overrides the rule but not the window', () => {
    expect(kindOf(subj('X', [ev({ grade: 1, adjudicatedDlt: true })]))).toBe('dlt')
    expect(kindOf(subj('X', [ev({ grade: 4, adjudicatedDlt: false })]))).toBe('no-dlt')
    expect(kindOf(subj('X', [ev({ onsetDay: 29, adjudicatedDlt: true })], { observedThroughDay: 35 }))).toBe('no-dlt')
  })
  it('dose not received → not evaluable even with a DLT; dose receipt unknown → pending', () => {
    expect(dltStatus(subj('X', [ev({})], { receivedAssignedDose: false }))).toEqual({ kind: 'not-evaluable', reason: 'dose-not-received' })
    expect(kindOf(subj('X', [ev({})], { receivedAssignedDose: null }))).toBe('pending')
  })
  it('off-study variant `evaluable-no-dlt` counts the early leaver as evaluable without DLT', () => {
    expect(summariseDltByDoseLevel([subj('A', [], { observedThroughDay: 3, offStudy: true })], { offStudyBeforeWindowEnd: 'evaluable-no-dlt' })).toEqual([{ doseLevel: 1, nEvaluable: 1, nDlt: 0, pendingSubjects: [] }])
  })
})

describe('§5 per-dose-level output', () => {
  it('no subjects → no rows', () => expect(summariseDltByDoseLevel([])).toEqual([]))
  it('a subject with two DLTs counts once; numeric levels sort numerically (2 before 10); pending subjects are listed, not counted', () => {
    const subjects = [
      subj('A', [ev({ onsetDay: 3 }), ev({ onsetDay: 9, grade: 4 })], { doseLevel: 10 }),
      subj('B', [], { doseLevel: 10, observedThroughDay: 5 }),
      subj('C', [], { doseLevel: 2, observedThroughDay: 2, offStudy: true }),
      subj('D', [], { doseLevel: 2 }),
    ]
    expect(summariseDltByDoseLevel(subjects)).toEqual([
      { doseLevel: 2, nEvaluable: 1, nDlt: 0, pendingSubjects: [] },
      { doseLevel: 10, nEvaluable: 1, nDlt: 1, pendingSubjects: ['B'] },
    ])
  })
  it('string dose levels keep their order of first appearance', () => {
    const s = (id: string, doseLevel: string): DltSubject<string> => ({ subjectId: id, doseLevel, receivedAssignedDose: true, observedThroughDay: 28, offStudy: false, events: [] })
    expect(summariseDltByDoseLevel([s('a', 'DL2'), s('b', 'DL1'), s('c', 'DL2')]).map((r) => [r.doseLevel, r.nEvaluable])).toEqual([['DL2', 2], ['DL1', 1]])
  })

  const attribution = fc.constantFrom<AeAttribution | null>('unrelated', 'unlikely', 'possible', 'probable', 'definite', null)
  const eventArb = fc.record({
    term: fc.constant('AE'), grade: fc.integer({ min: 1, max: 5 }), category: fc.constantFrom('haematological' as const, 'non-haematological' as const), attribution,
    onsetDay: fc.integer({ min: -7, max: 40 }), qualifyingDay: fc.option(fc.integer({ min: -7, max: 45 }), { nil: undefined }),
    adjudicatedDlt: fc.option(fc.boolean(), { freq: 4, nil: undefined }),
  }).map((e) => {
    const out: DltCandidateEvent = { term: e.term, grade: e.grade, category: e.category, attribution: e.attribution, onsetDay: e.onsetDay }
    if (e.qualifyingDay !== undefined) out.qualifyingDay = Math.max(e.onsetDay, e.qualifyingDay)
    if (e.adjudicatedDlt !== undefined) out.adjudicatedDlt = e.adjudicatedDlt
    return out
  })
  const subjectArb = fc.record({
    doseLevel: fc.integer({ min: 1, max: 12 }), receivedAssignedDose: fc.constantFrom<boolean | null>(true, true, true, false, null),
    observedThroughDay: fc.integer({ min: 0, max: 40 }), offStudy: fc.boolean(), events: fc.array(eventArb, { maxLength: 4 }), windowEndDay: fc.option(fc.integer({ min: 14, max: 35 }), { freq: 5, nil: undefined }),
  })
  const optionsArb = fc.record<RefDltOptions>({
    start: fc.constantFrom(0, 0, 1), end: fc.constantFrom(28, 28, 21, 14, 30), anchor: fc.constantFrom('onset' as const, 'qualifying-grade' as const),
    minGrade: fc.constantFrom(3, 3, 4), includeHaem: fc.boolean(), offStudy: fc.constantFrom('not-evaluable' as const, 'evaluable-no-dlt' as const),
  })
  it('property: per-level (n evaluable, n with DLT, pending) agrees with the reference over all protocol variants', () => {
    fc.assert(
      fc.property(fc.array(subjectArb, { maxLength: 12 }), fc.option(optionsArb, { freq: 3, nil: undefined }), (raw, o) => {
        const subjects: DltSubject<number>[] = raw.map((r, i) => {
          const s: DltSubject<number> = { subjectId: `S${i}`, doseLevel: r.doseLevel, receivedAssignedDose: r.receivedAssignedDose, observedThroughDay: r.observedThroughDay, offStudy: r.offStudy, events: r.events }
          if (r.windowEndDay !== undefined) s.windowEndDay = r.windowEndDay
          return s
        })
        const engine = o === undefined ? summariseDltByDoseLevel(subjects) : summariseDltByDoseLevel(subjects, toEngineOptions(o))
        expect(engine).toEqual(refSummary(subjects, o ?? REF_DLT_DEFAULT))
      }),
      { seed: SEED, numRuns: 1500 },
    )
  })
})
