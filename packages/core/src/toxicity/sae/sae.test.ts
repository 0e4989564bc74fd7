import { describe, expect, it } from 'vitest'
import { assessSeriousness, classifySusar, type SeriousnessAnswers } from './ich-e2a-seriousness.js'
import { siteInitialReportClock, sponsorExpeditedClocks } from './expedited-reporting-clocks.js'
import { formatZonedDateTime, localDateAt, parseZonedDateTime } from './zoned-date-time.js'

const no: SeriousnessAnswers = { resultsInDeath: false, lifeThreatening: false, hospitalisation: 'none', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }
const value = <T>(r: { ok: boolean; value?: unknown }): T => r.value as T

describe('ICH E2A seriousness, safety-grading.md §4.3', () => {
  it('S1 ICANS 3 with ICU transfer of an admitted patient → SAE (prolonged hospitalisation)', () =>
    expect(assessSeriousness({ ...no, hospitalisation: 'prolongs-existing' })).toEqual({ serious: true, criteria: ['hospitalisation'] }))
  it('S2 grade 4 neutropenia, outpatient → not serious', () => expect(assessSeriousness(no)).toEqual({ serious: false }))
  it('S3 grade 2 CRS re-admission → SAE', () => expect(assessSeriousness({ ...no, hospitalisation: 'requires-admission' }).serious).toBe(true))
  it('unanswered criteria → unknown, never "not serious"', () => expect(assessSeriousness({ ...no, importantMedicalEvent: null })).toEqual({ serious: 'unknown', unanswered: ['important-medical-event'] }))
  it('S7 expected serious reaction → not a SUSAR; fatal unexpected related → 7-day', () => {
    expect(classifySusar({ seriousness: { serious: true, criteria: ['hospitalisation'] }, related: true, unexpected: false })).toBe('not-expedited')
    expect(classifySusar({ seriousness: { serious: true, criteria: ['death'] }, related: true, unexpected: true })).toBe('susar-fatal-or-life-threatening')
    expect(classifySusar({ seriousness: { serious: true, criteria: ['hospitalisation'] }, related: true, unexpected: true })).toBe('susar-other')
    expect(classifySusar({ seriousness: { serious: true, criteria: ['hospitalisation'] }, related: null, unexpected: true })).toBe('unknown')
    // serious by hospitalisation, but "results in death" not answered: the 7-day clock until it is, not the 15-day one
    const deathUnanswered = assessSeriousness({ resultsInDeath: null, lifeThreatening: false, hospitalisation: 'requires-admission', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: null })
    expect(deathUnanswered).toEqual({ serious: true, criteria: ['hospitalisation'], unanswered: ['death', 'important-medical-event'] })
    expect(classifySusar({ seriousness: deathUnanswered, related: true, unexpected: true })).toBe('unknown')
    // an unanswered criterion other than death / life-threatening does not change the clock
    const imeUnanswered = assessSeriousness({ resultsInDeath: false, lifeThreatening: false, hospitalisation: 'requires-admission', persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: null })
    expect(classifySusar({ seriousness: imeUnanswered, related: true, unexpected: true })).toBe('susar-other')
  })
})

describe('ISO 8601 date-times with offsets', () => {
  it('parses to epoch minutes independent of the offset', () => {
    const a = value<{ epochMinutes: number }>(parseZonedDateTime('2025-03-03T10:00+08:00'))
    const b = value<{ epochMinutes: number }>(parseZonedDateTime('2025-03-03T02:00Z'))
    const c = value<{ epochMinutes: number }>(parseZonedDateTime('2025-03-02T21:00:00.000-05:00'))
    expect(a.epochMinutes).toBe(b.epochMinutes)
    expect(c.epochMinutes).toBe(b.epochMinutes)
    expect(b.epochMinutes).toBe(20150 * 1440 + 120)
  })
  it('rejects timestamps without an offset or with impossible fields', () => {
    expect(parseZonedDateTime('2025-03-03T10:00').ok).toBe(false)
    expect(parseZonedDateTime('2025-02-29T10:00Z').ok).toBe(false)
    expect(parseZonedDateTime('2025-03-03T24:00Z').ok).toBe(false)
  })
  it('formats and finds local dates across the date line', () => {
    const t = value<{ epochMinutes: number }>(parseZonedDateTime('2025-03-03T23:30-05:00'))
    expect(localDateAt(t.epochMinutes, 480)).toBe('2025-03-04')
    expect(localDateAt(t.epochMinutes, -300)).toBe('2025-03-03')
    expect(formatZonedDateTime(t.epochMinutes, 480)).toBe('2025-03-04T12:30+08:00')
    expect(formatZonedDateTime(t.epochMinutes, -330)).toBe('2025-03-03T23:00-05:30')
  })
})

describe('site 24-hour clock (S4)', () => {
  it('S4 aware 2025-03-03 10:00 → due 2025-03-04 10:00', () => {
    const r = value<{ dueAt: string; status: string; minutesRemaining: number }>(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-03T12:00+08:00' }))
    expect(r).toEqual({ dueAt: '2025-03-04T10:00+08:00', status: 'pending', minutesRemaining: 1320 })
  })
  it('is elapsed time: a report sent from another time zone is compared as an instant', () => {
    const onTime = value<{ status: string }>(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', sentToSponsorAt: '2025-03-04T03:00+01:00', asOf: '2025-03-05T00:00Z' }))
    expect(onTime.status).toBe('submitted-on-time') // 02:00Z = 10:00+08:00 exactly
    const late = value<{ status: string }>(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', sentToSponsorAt: '2025-03-04T03:01+01:00', asOf: '2025-03-05T00:00Z' }))
    expect(late.status).toBe('submitted-late')
    const overdue = value<{ status: string; minutesRemaining: number }>(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-04T02:01Z' }))
    expect(overdue).toMatchObject({ status: 'overdue', minutesRemaining: -1 })
  })
  it('reports an unparseable timestamp as an issue', () => expect(siteInitialReportClock({ siteAwareAt: 'yesterday', asOf: '2025-03-04T02:01Z' }).ok).toBe(false))
})

describe('sponsor expedited clocks (S5, S6)', () => {
  it('S5 fatal SUSAR, Day 0 2025-03-03 → initial by 2025-03-10, follow-up by 2025-03-18', () => {
    const r = value<{ day0: string; initial: { dueDate: string; status: string; daysRemaining: number }; followUp: { dueDate: string } }>(
      sponsorExpeditedClocks({ category: 'susar-fatal-or-life-threatening', sponsorFirstKnowledgeAt: '2025-03-03T09:00+01:00', asOf: '2025-03-05T09:00+01:00' }),
    )
    expect(r.day0).toBe('2025-03-03')
    expect(r.initial).toEqual({ dueDate: '2025-03-10', status: 'pending', daysRemaining: 5 })
    expect(r.followUp.dueDate).toBe('2025-03-18')
  })
  it('S6 other SUSAR → due 2025-03-18', () => {
    const r = value<{ initial: { dueDate: string }; followUp: null }>(sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: '2025-03-03T16:00+08:00', asOf: '2025-03-03T16:00+08:00' }))
    expect(r.initial.dueDate).toBe('2025-03-18')
    expect(r.followUp).toBeNull()
  })
  it('S7 not expedited → no clock', () => {
    const r = value<{ initial: null }>(sponsorExpeditedClocks({ category: 'not-expedited', sponsorFirstKnowledgeAt: '2025-03-03T16:00+08:00', asOf: '2025-03-03T16:00+08:00' }))
    expect(r.initial).toBeNull()
  })
  it('Day 0 is the sponsor calendar day: 23:30 in New York is already the next day in Beijing', () => {
    const input = { category: 'susar-other' as const, sponsorFirstKnowledgeAt: '2025-03-03T23:30-05:00', asOf: '2025-03-19T01:00+08:00' }
    const ny = value<{ day0: string; initial: { dueDate: string; status: string } }>(sponsorExpeditedClocks(input))
    expect(ny.day0).toBe('2025-03-03')
    expect(ny.initial).toMatchObject({ dueDate: '2025-03-18', status: 'pending' }) // asOf is 2025-03-18 12:00 in New York
    const bj = value<{ day0: string; initial: { dueDate: string; status: string } }>(sponsorExpeditedClocks({ ...input, reportingOffsetMinutes: 480 }))
    expect(bj.day0).toBe('2025-03-04')
    expect(bj.initial.dueDate).toBe('2025-03-19')
  })
  it('submission on the due date in the reporting zone is on time; the next day is late', () => {
    const base = { category: 'susar-fatal-or-life-threatening' as const, sponsorFirstKnowledgeAt: '2025-03-03T09:00+08:00', asOf: '2025-03-20T00:00+08:00' }
    const onTime = value<{ initial: { status: string }; followUp: { status: string } }>(sponsorExpeditedClocks({ ...base, initialSubmittedAt: '2025-03-10T15:59Z' }))
    expect(onTime.initial.status).toBe('submitted-on-time') // 23:59 on 2025-03-10 in +08:00
    expect(onTime.followUp.status).toBe('overdue')
    const late = value<{ initial: { status: string } }>(sponsorExpeditedClocks({ ...base, initialSubmittedAt: '2025-03-10T16:00Z' }))
    expect(late.initial.status).toBe('submitted-late')
  })
})
