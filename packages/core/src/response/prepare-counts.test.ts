import { describe, it, expect } from 'vitest'
import { toEpochDay } from '../dates/index.js'
import { prepareCounts, timeOfDaySeconds } from './prepare-counts.js'

describe('timeOfDaySeconds', () => {
  it('parses HH:MM and HH:MM:SS, -1 when absent', () => {
    expect(timeOfDaySeconds('08:30')).toBe(30600)
    expect(timeOfDaySeconds('23:59:59')).toBe(86399)
    expect(timeOfDaySeconds(null)).toBe(-1)
    expect(timeOfDaySeconds(undefined)).toBe(-1)
    expect(() => timeOfDaySeconds('8am')).toThrow(RangeError)
  })
})

describe('prepareCounts (response-itp.md §3.1, §3.4 same-date samples)', () => {
  it('sorts by date then time and keeps input positions', () => {
    const p = prepareCounts(
      [
        { date: '2024-01-03', value: 3 },
        { date: '2024-01-01', time: '16:00', value: 2 },
        { date: '2024-01-01', time: '08:00', value: 1 },
      ],
      Infinity,
    )
    expect(p.value).toEqual([1, 2, 3])
    expect(p.src).toEqual([2, 1, 0])
    expect(p.kept).toEqual([true, true, true])
  })
  it('same date with an untimed sample: only the lowest value is used', () => {
    const p = prepareCounts(
      [
        { date: '2024-01-01', time: '08:00', value: 40 },
        { date: '2024-01-01', value: 35 },
        { date: '2024-01-01', time: '16:00', value: 50 },
        { date: '2024-01-02', value: 60 },
      ],
      Infinity,
    )
    expect(p.kept).toEqual([true, false, false, true])
    expect(p.value[0]).toBe(35)
  })
  it('sameDateUntimedPolicy (§3.4 PROTOCOL DECISION): LOWEST_VALUE default vs KEEP_ALL', () => {
    const counts = [
      { date: '2024-01-01', time: '08:00', value: 40 },
      { date: '2024-01-01', value: 35 },
      { date: '2024-01-01', time: '16:00', value: 50 },
    ]
    const dflt = prepareCounts(counts, Infinity, 'LOWEST_VALUE')
    expect(dflt.kept).toEqual(prepareCounts(counts, Infinity).kept)
    expect(dflt.kept).toEqual([true, false, false])
    // KEEP_ALL: every sample kept, the untimed one first on that date, then by time
    const all = prepareCounts(counts, Infinity, 'KEEP_ALL')
    expect(all.kept).toEqual([true, true, true])
    expect(all.value).toEqual([35, 40, 50])
  })
  it('drops counts after the data cut-off', () => {
    const p = prepareCounts(
      [
        { date: '2024-01-01', value: 1 },
        { date: '2024-01-05', value: 2 },
      ],
      toEpochDay('2024-01-04'),
    )
    expect(p.n).toBe(1)
    expect(p.afterCutoff).toEqual([1])
  })
})
