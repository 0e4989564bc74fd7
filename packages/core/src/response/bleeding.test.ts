import { describe, it, expect } from 'vitest'
import { toEpochDay } from '../dates/index.js'
import { bleedingAtCounts, prepareBleedingIntervals } from './bleeding.js'

const e = toEpochDay
const ev = (startDate: string, endDate: string | null, grade: number) => ({ startDate, endDate, grade })

describe('bleeding predicate (response-itp.md §3.6)', () => {
  it('E8: grade 2 counts (threshold 2), grade 1 does not', () => {
    const b2 = prepareBleedingIntervals([ev('2024-06-15', '2024-06-15', 2)], 2, 'ONGOING', Infinity)
    const b1 = prepareBleedingIntervals([ev('2024-06-15', '2024-06-15', 1)], 2, 'ONGOING', Infinity)
    const counts = [e('2024-06-15'), e('2024-06-22')]
    expect(bleedingAtCounts(b2, counts, 'COUNT_DATES')).toEqual([true, false])
    expect(bleedingAtCounts(b1, counts, 'COUNT_DATES')).toEqual([false, false])
  })
  it('open end: ONGOING until the cut-off, or START_DAY_ONLY', () => {
    const counts = [e('2024-06-15'), e('2024-06-20'), e('2024-06-30')]
    const ongoing = prepareBleedingIntervals([ev('2024-06-15', null, 3)], 2, 'ONGOING', e('2024-06-25'))
    expect(bleedingAtCounts(ongoing, counts, 'COUNT_DATES')).toEqual([true, true, false])
    const noCutoff = prepareBleedingIntervals([ev('2024-06-15', null, 3)], 2, 'ONGOING', Infinity)
    expect(bleedingAtCounts(noCutoff, counts, 'COUNT_DATES')).toEqual([true, true, true])
    const startOnly = prepareBleedingIntervals([ev('2024-06-15', null, 3)], 2, 'START_DAY_ONLY', Infinity)
    expect(bleedingAtCounts(startOnly, counts, 'COUNT_DATES')).toEqual([true, false, false])
  })
  it('WHOLE_CONFIRMATION_INTERVAL: a bleed between two counts marks the later count', () => {
    const b = prepareBleedingIntervals([ev('2024-06-18', '2024-06-18', 2)], 2, 'ONGOING', Infinity)
    const counts = [e('2024-06-15'), e('2024-06-22'), e('2024-06-29')]
    expect(bleedingAtCounts(b, counts, 'COUNT_DATES')).toEqual([false, false, false])
    expect(bleedingAtCounts(b, counts, 'WHOLE_CONFIRMATION_INTERVAL')).toEqual([false, true, false])
  })
})
