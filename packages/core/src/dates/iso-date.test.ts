import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, daysBetween, fromEpochDay, isIsoDate, toEpochDay } from './iso-date.js'
import { protocolDay, sdtmStudyDay } from './study-day.js'

describe('calendar arithmetic (domain README, Dates)', () => {
  it('counts leap days', () => {
    expect(daysBetween('2024-02-20', '2024-03-05')).toBe(14)
    expect(daysBetween('2025-02-20', '2025-03-05')).toBe(13)
  })
  it('anchors the epoch', () => {
    expect(toEpochDay('1970-01-01')).toBe(0)
    expect(fromEpochDay(19782)).toBe('2024-02-29')
  })
  it('rejects impossible dates', () => {
    expect(isIsoDate('2025-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2024-13-01')).toBe(false)
    expect(isIsoDate('2024-1-01')).toBe(false)
    expect(() => toEpochDay('2024-04-31')).toThrow(/2024-04-31/)
  })
  it('round-trips every day for four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => toEpochDay(fromEpochDay(n)) === n),
    )
  })
  it('adds days across a month end', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01')
    expect(addDays('2024-03-01', -5)).toBe('2024-02-25')
  })
})

describe('study days', () => {
  it('protocol day has a day 0 at infusion', () => {
    expect(protocolDay('2024-03-01', '2024-03-01')).toBe(0)
    expect(protocolDay('2024-02-25', '2024-03-01')).toBe(-5)
  })
  it('SDTM --DY has no day 0', () => {
    expect(sdtmStudyDay('2024-03-01', '2024-03-01')).toBe(1)
    expect(sdtmStudyDay('2024-03-15', '2024-03-01')).toBe(15)
    expect(sdtmStudyDay('2024-02-29', '2024-03-01')).toBe(-1)
  })
})
