import { describe, it, expect } from 'vitest'
import { addDays, toEpochDay } from '../dates/index.js'
import { splitEvaluable } from './evaluability.js'
import { DEFAULT_RESCUE_WINDOW_DAYS } from './params.js'
import { prepareCounts } from './prepare-counts.js'
import { describeRescueWindow, prepareRescueWindows } from './rescue-windows.js'
import type { ResponseRescueEvent } from './types.js'

const INF = '2024-06-01'
const e0 = toEpochDay(INF)
const d = (n: number) => addDays(INF, n)
const opts = (
  rescues: ResponseRescueEvent[] = [],
  extra: { evalEndDay?: number | null; newTherapyEpoch?: number } = {},
) => ({
  infusionEpoch: e0,
  evalStartDay: 14,
  evalEndDay: extra.evalEndDay ?? null,
  rescues: prepareRescueWindows(rescues, DEFAULT_RESCUE_WINDOW_DAYS),
  newTherapyEpoch: extra.newTherapyEpoch ?? Infinity,
})

describe('splitEvaluable (response-itp.md §3.4)', () => {
  it('rule 1/2: evaluation window [evalStartDay, evalEndDay]', () => {
    const p = prepareCounts(
      [13, 14, 182, 183].map((n) => ({ date: d(n), value: 50 })),
      Infinity,
    )
    const s = splitEvaluable(p, opts([], { evalEndDay: 182 }))
    expect(s.days).toEqual([14, 182])
    expect(s.excludedReason).toEqual(['BEFORE_EVAL_START', 'AFTER_EVAL_END'])
  })
  it('rule 3, E9: IVIG Days 10-11 with window 14 excludes Days 10-25', () => {
    const p = prepareCounts(
      [14, 21, 25, 26].map((n) => ({ date: d(n), value: 50 })),
      Infinity,
    )
    const s = splitEvaluable(p, opts([{ type: 'IVIG', startDate: d(10), endDate: d(11) }]))
    expect(s.days).toEqual([26])
    expect(s.rescueExcluded).toBe(3)
  })
  it('rule 3: open rescue end = start date; window per type', () => {
    const p = prepareCounts(
      [15, 22, 23].map((n) => ({ date: d(n), value: 50 })),
      Infinity,
    )
    const s = splitEvaluable(p, opts([{ type: 'PLATELET_TRANSFUSION', startDate: d(15), endDate: null }]))
    expect(s.days).toEqual([23])
  })
  it('rule 3: on the rescue start date, only a sample timed before a timed rescue stays', () => {
    const rescue: ResponseRescueEvent = {
      type: 'PLATELET_TRANSFUSION',
      startDate: d(20),
      startTime: '10:00',
      endDate: null,
    }
    const p = prepareCounts(
      [
        { date: d(20), time: '09:00', value: 40 },
        { date: d(20), time: '11:00', value: 90 },
      ],
      Infinity,
    )
    expect(splitEvaluable(p, opts([rescue])).days).toEqual([20])
    const untimed = prepareCounts([{ date: d(20), value: 40 }], Infinity)
    expect(splitEvaluable(untimed, opts([rescue])).days).toEqual([])
    const noRescueTime = prepareCounts([{ date: d(20), time: '09:00', value: 40 }], Infinity)
    expect(splitEvaluable(noRescueTime, opts([{ ...rescue, startTime: null }])).days).toEqual([])
  })
  it('rule 4: counts on/after the new ITP therapy start are excluded', () => {
    const p = prepareCounts(
      [20, 274, 275].map((n) => ({ date: d(n), value: 50 })),
      Infinity,
    )
    const s = splitEvaluable(p, opts([], { newTherapyEpoch: e0 + 275 }))
    expect(s.days).toEqual([20, 274])
    expect(s.excludedReason).toEqual(['NEW_ITP_THERAPY'])
  })
  it('describes a rescue window for the explanation', () => {
    const [w] = prepareRescueWindows(
      [{ type: 'IVIG', startDate: d(10), endDate: d(11) }],
      DEFAULT_RESCUE_WINDOW_DAYS,
    )
    expect(w && describeRescueWindow(w)).toBe('IVIG 2024-06-11..2024-06-12 +14 d')
  })
})
