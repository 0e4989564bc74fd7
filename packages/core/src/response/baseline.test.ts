import { describe, it, expect } from 'vitest'
import { addDays, toEpochDay } from '../dates/index.js'
import { selectBaseline } from './baseline.js'
import { DEFAULT_RESCUE_WINDOW_DAYS } from './params.js'
import { prepareCounts } from './prepare-counts.js'
import { prepareRescueWindows } from './rescue-windows.js'
import type { ResponsePlateletCount } from './types.js'

const LD = '2024-05-27'
const at = (d: number, value: number, time?: string): ResponsePlateletCount => ({
  date: addDays(LD, d),
  value,
  time: time ?? null,
})
const anchor = toEpochDay(LD)
const none = prepareRescueWindows([], DEFAULT_RESCUE_WINDOW_DAYS)

describe('selectBaseline (response-itp.md §3.5)', () => {
  it('latest count in [anchor - 30, anchor], same-day included', () => {
    const p = prepareCounts([at(-31, 5), at(-30, 6), at(-2, 7), at(0, 8), at(1, 9)], Infinity)
    expect(selectBaseline(p, anchor, 30, true, none)).toMatchObject({ value: 8, rule: 'LATEST_CANDIDATE' })
  })
  it('no candidate: missing (E15)', () => {
    const p = prepareCounts([at(-55, 5), at(19, 150)], Infinity)
    expect(selectBaseline(p, anchor, 30, true, none)).toMatchObject({ value: null, pos: -1, rule: 'MISSING' })
  })
  it('several samples on the latest date: latest time if all timed, else lowest value', () => {
    const timed = prepareCounts([at(0, 20, '08:00'), at(0, 12, '16:00')], Infinity)
    expect(selectBaseline(timed, anchor, 30, true, none).value).toBe(12)
    const timed2 = prepareCounts([at(0, 12, '08:00'), at(0, 20, '16:00')], Infinity)
    expect(selectBaseline(timed2, anchor, 30, true, none).value).toBe(20)
    const mixed = prepareCounts([at(0, 12, '08:00'), at(0, 20)], Infinity)
    expect(selectBaseline(mixed, anchor, 30, true, none).value).toBe(12)
  })
  it('baselineSameDateTie (§3.5 step 4 PROTOCOL DECISION): latest time by default, LOWEST_VALUE ignores times', () => {
    const timed = prepareCounts([at(-3, 5), at(0, 12, '08:00'), at(0, 20, '16:00')], Infinity)
    expect(selectBaseline(timed, anchor, 30, true, none, 'LATEST_TIME_ELSE_LOWEST_VALUE').value).toBe(20)
    expect(selectBaseline(timed, anchor, 30, true, none).value).toBe(20)
    expect(selectBaseline(timed, anchor, 30, true, none, 'LOWEST_VALUE').value).toBe(12)
    // a date with an untimed sample: the lowest value under both rules
    const mixed = prepareCounts([at(0, 20, '08:00'), at(0, 12)], Infinity)
    expect(selectBaseline(mixed, anchor, 30, true, none, 'LATEST_TIME_ELSE_LOWEST_VALUE').value).toBe(12)
    expect(selectBaseline(mixed, anchor, 30, true, none, 'LOWEST_VALUE').value).toBe(12)
  })
  it('E24: rescue-affected candidates dropped; all dropped -> latest anyway, flagged', () => {
    const tx = prepareRescueWindows(
      [{ type: 'PLATELET_TRANSFUSION', startDate: addDays(LD, -2), endDate: null }],
      DEFAULT_RESCUE_WINDOW_DAYS,
    )
    const p = prepareCounts([at(-5, 9), at(0, 45)], Infinity)
    expect(selectBaseline(p, anchor, 30, true, tx)).toMatchObject({
      value: 9,
      rule: 'LATEST_CANDIDATE',
      dropped: [1],
    })
    expect(selectBaseline(p, anchor, 30, false, tx)).toMatchObject({
      value: 45,
      rule: 'LATEST_CANDIDATE',
      dropped: [],
    })
    const only = prepareCounts([at(0, 45), at(-1, 50)], Infinity)
    expect(selectBaseline(only, anchor, 30, true, tx)).toMatchObject({
      value: 45,
      rule: 'RESCUE_AFFECTED_FALLBACK',
    })
  })
  it('a count taken before the rescue start time on the start day is not rescue-affected', () => {
    const tx = prepareRescueWindows(
      [{ type: 'IVIG', startDate: LD, startTime: '10:00', endDate: null }],
      DEFAULT_RESCUE_WINDOW_DAYS,
    )
    const p = prepareCounts([at(-3, 9), at(0, 12, '07:30')], Infinity)
    expect(selectBaseline(p, anchor, 30, true, tx).value).toBe(12)
    const q = prepareCounts([at(-3, 9), at(0, 12)], Infinity)
    expect(selectBaseline(q, anchor, 30, true, tx).value).toBe(9)
  })
})
