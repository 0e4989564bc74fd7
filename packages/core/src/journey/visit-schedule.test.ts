import { describe, expect, it } from 'vitest'
import type { Lymphodepletion } from '../protocol/lymphodepletion.js'
import { assignObservationsToVisits } from './assign-observations.js'
import { defaultVisitTemplate } from '../protocol/visit-template.js'
import { recomputeVisitCalendar, visitCalendar } from './visit-calendar.js'
import { assessVisitCompliance } from './visit-compliance.js'
import { escapeICalendarText, foldICalendarLine, visitsToICalendar } from './visits-icalendar.js'

const sources = [{ ref: 'fixture' }]
const ld: Pick<Lymphodepletion, 'drugs'> = {
  drugs: [
    { name: 'fludarabine', doseMgPerM2PerDay: 30, days: [-5, -4, -3], renalAdjustment: null, sources },
    { name: 'cyclophosphamide', doseMgPerM2PerDay: 300, days: [-5, -4, -3], renalAdjustment: null, sources },
  ],
}
const template = defaultVisitTemplate({ assessments: ['platelets', 'CRS/ICANS'] })

describe('default template (regimen-and-dosing.md §6)', () => {
  it('has daily Days 0-14, Days 21/28, weekly to 84, monthly to 168, 3-monthly to 672 with the doc windows', () => {
    expect(template.map((v) => [v.day, v.windowBefore])).toEqual([
      ...Array.from({ length: 15 }, (_, d) => [d, 0]),
      [21, 2],
      [28, 2],
      [35, 3],
      [42, 3],
      [49, 3],
      [56, 3],
      [63, 3],
      [70, 3],
      [77, 3],
      [84, 3],
      [112, 7],
      [140, 7],
      [168, 7],
      [252, 14],
      [336, 14],
      [420, 14],
      [504, 14],
      [588, 14],
      [672, 14],
    ])
  })
})

describe('visit calendar from Day 0 = infusion', () => {
  const cal = visitCalendar(template, '2024-02-20', { lymphodepletion: ld })
  it('places LD days and visits on calendar dates across a leap day', () => {
    expect(cal.ok).toBe(true)
    const byId = new Map(cal.value?.map((v) => [v.visitId, v]))
    expect(byId.get('ld-day--5')).toMatchObject({
      kind: 'lymphodepletion',
      targetDate: '2024-02-15',
      assessments: ['fludarabine', 'cyclophosphamide'],
    })
    expect(byId.get('day-14')?.targetDate).toBe('2024-03-05') // README: 2024-02-20 -> 2024-03-05 is 14 days
    expect(byId.get('day-21')).toMatchObject({
      targetDate: '2024-03-12',
      windowStart: '2024-03-10',
      windowEnd: '2024-03-14',
    })
    expect(cal.value?.[0]?.day).toBe(-5)
  })
  it('recomputes when the infusion date moves and returns what changed', () => {
    const moved = recomputeVisitCalendar(cal.value ?? [], template, '2024-02-23', { lymphodepletion: ld })
    expect(moved.value?.changes).toHaveLength((cal.value ?? []).length)
    expect(moved.value?.changes[0]).toEqual({
      visitId: 'ld-day--5',
      previousTargetDate: '2024-02-15',
      newTargetDate: '2024-02-18',
      shiftDays: 3,
    })
    const amended = recomputeVisitCalendar(cal.value ?? [], template.slice(0, 20), '2024-02-20', {
      lymphodepletion: ld,
    })
    expect(amended.value?.changes.every((c) => c.newTargetDate === null)).toBe(true)
    expect(amended.value?.changes).toHaveLength(template.length - 20)
  })
  it('refuses a bad infusion date', () => {
    expect(visitCalendar(template, '2024-02-30').issues?.[0]?.code).toBe('schedule.invalid_date')
  })
})

describe('visit compliance as of a date', () => {
  const cal =
    visitCalendar(
      template.filter((v) => [0, 7, 21, 28, 35].includes(v.day)),
      '2024-03-01',
    ).value ?? []
  it('flags out-of-window and overdue visits as deviations', () => {
    const r = assessVisitCompliance(
      cal,
      { 'day-0': '2024-03-01', 'day-7': '2024-03-09', 'day-21': '2024-03-23' },
      '2024-04-01',
    )
    const status = Object.fromEntries(
      r.value?.visits.map((v) => [v.visitId, [v.status, v.daysOutsideWindow]]) ?? [],
    )
    expect(status).toEqual({
      'day-0': ['done-in-window', 0],
      'day-7': ['done-out-of-window', 1],
      'day-21': ['done-in-window', 0], // target 03-22, +-2
      'day-28': ['overdue', 0], // window closed 03-31
      'week-5': ['upcoming', 0], // target 04-05 +-3: window opens 04-02
    })
    expect(r.value?.deviations.map((d) => d.code)).toEqual([
      'schedule.visit_out_of_window',
      'schedule.visit_overdue',
    ])
    expect(r.value?.deviations[0]?.message).toBe(
      'Day 7 done on 2024-03-09, 1 day(s) after its window 2024-03-08 to 2024-03-08',
    )
  })
  it('calls a visit due on the first and last day of its window', () => {
    expect(
      assessVisitCompliance(cal, {}, '2024-04-02').value?.visits.find((v) => v.visitId === 'week-5')?.status,
    ).toBe('due')
    expect(
      assessVisitCompliance(cal, {}, '2024-04-08').value?.visits.find((v) => v.visitId === 'week-5')?.status,
    ).toBe('due')
    expect(
      assessVisitCompliance(cal, {}, '2024-04-09').value?.visits.find((v) => v.visitId === 'week-5')?.status,
    ).toBe('overdue')
  })
})

describe('observation assignment (regimen-and-dosing.md §6 example)', () => {
  it('Day 33 -> Week 5 (target 35); Day 31 -> unscheduled', () => {
    const r = assignObservationsToVisits(template, [
      { id: 'a', day: 33 },
      { id: 'b', day: 31 },
    ])
    expect(r.byVisit.get('week-5')?.id).toBe('a')
    expect(r.unscheduled.map((o) => o.id)).toEqual(['b'])
  })
  it('keeps the closest candidate, the earlier on a tie', () => {
    const r = assignObservationsToVisits(template, [
      { id: 'late', day: 37 },
      { id: 'early', day: 33 },
      { id: 'far', day: 38 },
    ])
    expect(r.byVisit.get('week-5')?.id).toBe('early')
    expect(r.superseded.map((o) => o.id)).toEqual(['late', 'far'])
  })
})

describe('iCalendar export (RFC 5545)', () => {
  const cal =
    visitCalendar(
      template.filter((v) => v.day === 21 || v.day === 28),
      '2024-03-01',
    ).value ?? []
  const visits = assessVisitCompliance(cal, { 'day-21': '2024-03-22' }, '2024-03-20').value?.visits ?? []
  it('exports the visits still to do with DTSTAMP passed in, CRLF and escaping', () => {
    const r = visitsToICalendar(
      { siteId: 'S01', subjects: [{ subjectId: 'S01-007', visits }] },
      { dtstamp: '2024-03-20T09:30+08:00', uidDomain: 'celltrial.example.org' },
    )
    const text = r.value ?? ''
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1)
    expect(text).toContain(
      'UID:S01-007.day-28@celltrial.example.org\r\nDTSTAMP:20240320T013000Z\r\nDTSTART;VALUE=DATE:20240329\r\nDTEND;VALUE=DATE:20240330\r\n',
    )
    expect(text).toContain('SUMMARY:S01-007 Day 28')
    expect(text.split('\r\n').every((l) => l.length <= 75)).toBe(true)
    // a UID key given for the subject replaces its code in the UID only
    const keyed = visitsToICalendar(
      { siteId: 'S01', subjects: [{ subjectId: 'S01-007', uidKey: 'NCT06352281.S01-007', visits }] },
      { dtstamp: '2024-03-20T09:30+08:00', uidDomain: 'celltrial.example.org' },
    ).value ?? ''
    expect(keyed.replace(/\r\n /g, '')).toContain('UID:NCT06352281.S01-007.day-28@celltrial.example.org\r\n')
    expect(keyed).toContain('SUMMARY:S01-007 Day 28')
    expect(text.replace(/\r\n /g, '')).toContain(
      'DESCRIPTION:Subject S01-007\\, Day 28 (Day 28)\\, upcoming. Window 2024-03-27 to 2024-03-31. Assessments: platelets\\, CRS/ICANS.',
    )
  })
  it('escapes and folds by octets', () => {
    expect(escapeICalendarText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne')
    const folded = foldICalendarLine(`DESCRIPTION:${'é'.repeat(60)}`)
    const [first, second] = folded.split('\r\n')
    const octets = (t: string) => t.length + (t.match(/é/g)?.length ?? 0) // é is 2 octets in UTF-8
    expect(octets(first ?? '')).toBeLessThanOrEqual(75)
    expect(octets(first ?? '')).toBeGreaterThanOrEqual(74)
    expect(second?.startsWith(' ')).toBe(true)
  })
  it('refuses a DTSTAMP without offset', () => {
    expect(
      visitsToICalendar({ siteId: 'S01', subjects: [] }, { dtstamp: '2024-03-20T09:30', uidDomain: 'x' }).ok,
    ).toBe(false)
  })
})
