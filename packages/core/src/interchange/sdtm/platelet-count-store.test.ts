import { describe, expect, it } from 'vitest'
import { PlateletCountStore } from './platelet-count-store.js'

describe('PlateletCountStore (typed-array columns for streamed lb.csv counts)', () => {
  it('gives each subject its counts in the order added, timed and untimed, across chunks', () => {
    const dates = ['2024-03-01', '2024-03-02']
    const store = new PlateletCountStore(dates, 3)
    const expected: { date: string; time: string | null; value: number }[][] = [[], [], []]
    for (let i = 0; i < 70_000; i++) {
      const subject = i % 3 === 2 ? 2 : i % 2
      const time = subject === 1 && i % 5 === 0 ? '08:30' : null
      store.add(subject, i % 2, time, i + 0.5)
      expected[subject]!.push({ date: dates[i % 2]!, time, value: i + 0.5 })
    }
    for (let s = 0; s < 3; s++) expect(store.countsOf(s)).toEqual(expected[s])
    store.add(0, 1, null, -0)
    expect(store.countsOf(0).at(-1)).toEqual({ date: '2024-03-02', time: null, value: -0 })
  })
  it('a subject without counts has none', () => {
    expect(new PlateletCountStore([], 2).countsOf(1)).toEqual([])
  })
})
