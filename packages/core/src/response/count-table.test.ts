import { describe, it, expect } from 'vitest'
import { addDays } from '../dates/index.js'
import { responseCountTable } from './count-table.js'

const INF = '2024-06-01'
const d = (n: number) => addDays(INF, n)

describe('responseCountTable', () => {
  it('E9: baseline, rescue exclusions and statuses per count, in time order', () => {
    const rows = responseCountTable({
      infusionDate: INF,
      ldStartDate: d(-5),
      plateletCounts: [
        [35, 55],
        [-5, 10],
        [14, 80],
        [21, 90],
        [28, 60],
      ].map(([n, value]) => ({ date: d(n as number), value: value as number })),
      rescueEvents: [{ type: 'IVIG', startDate: d(10), endDate: d(11) }],
    })
    expect(rows.map((r) => [r.day, r.isBaseline, r.exclusion, r.statusR, r.statusCR])).toEqual([
      [-5, true, 'BEFORE_EVAL_START', null, null],
      [14, false, 'RESCUE_WINDOW', null, null],
      [21, false, 'RESCUE_WINDOW', null, null],
      [28, false, null, 'Q', 'F'],
      [35, false, null, 'Q', 'F'],
    ])
    expect(rows[0]?.index).toBe(1)
    expect(rows[1]?.exclusionDetail).toBe('IVIG 2024-06-11..2024-06-12 +14 d')
  })
})
