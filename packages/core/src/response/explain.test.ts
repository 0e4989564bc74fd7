import { describe, it, expect } from 'vitest'
import { addDays } from '../dates/index.js'
import { evaluateResponse } from './evaluate.js'
import { renderResponseExplanation } from './explain.js'
import { DEFAULT_RESPONSE_PARAMS as D, withResponseOverrides } from './params.js'
import type { ResponseInput } from './types.js'

const INF = '2024-06-01'
const d = (n: number) => addDays(INF, n)
const subject = (counts: [number, number][], extra: Partial<ResponseInput> = {}): ResponseInput => ({
  infusionDate: INF,
  ldStartDate: d(-5),
  plateletCounts: counts.map(([n, value]) => ({ date: d(n), value })),
  ...extra,
})

describe('renderResponseExplanation', () => {
  it('E11: baseline, the confirming pair, the loss pair and the best response', () => {
    const text = renderResponseExplanation(
      evaluateResponse(
        subject([
          [-5, 10],
          [14, 50],
          [21, 60],
          [28, 25],
          [29, 22],
        ]),
      ),
    )
    expect(text[0]).toBe(
      'Baseline 10 ×10⁹/L: 2024-05-27 (Day -5, 10 ×10⁹/L), the latest count from 2024-04-27 to 2024-05-27 (LD start).',
    )
    expect(text).toContain(
      'R: response on 2024-06-15 (Day 14, 50 ×10⁹/L) [50 >= 30 and 50 >= 20 (2 × baseline), no bleeding], confirmed by ' +
        '2024-06-22 (Day 21, 60 ×10⁹/L) 7 days later (>= 7) with no non-qualifying evaluable count between them.',
    )
    expect(text).toContain(
      'Loss of R confirmed by 2024-06-29 (Day 28, 25 ×10⁹/L) [25 < 30] and 2024-06-30 (Day 29, 22 ×10⁹/L) [22 < 30], ' +
        '1 day apart (>= 1) with no qualifying count between them: duration 14 days (event, loss on Day 28).',
    )
    expect(text.at(-1)).toBe('Best response: R.')
  })

  it('E9: names the rescue-excluded counts and the flag', () => {
    const text = renderResponseExplanation(
      evaluateResponse(
        subject(
          [
            [-5, 10],
            [14, 80],
            [21, 90],
            [28, 60],
            [35, 55],
          ],
          {
            rescueEvents: [{ type: 'IVIG', startDate: d(10), endDate: d(11) }],
          },
        ),
      ),
    )
    expect(text).toContain(
      'Not evaluable 2024-06-15 (Day 14, 80 ×10⁹/L): inside the rescue window IVIG 2024-06-11..2024-06-12 +14 d.',
    )
    expect(text).toContain(
      'Not evaluable 2024-05-27 (Day -5, 10 ×10⁹/L): before the evaluation window starts.',
    )
    expect(text.at(-1)).toBe('Flags: COUNTS_EXCLUDED_RESCUE(2).')
  })

  it('E15b: missing baseline and NE, with the protocol word', () => {
    const p = withResponseOverrides(D, { categoryNames: { R: 'PR' } })
    const text = renderResponseExplanation(
      evaluateResponse(
        subject([
          [-60, 10],
          [14, 50],
          [21, 60],
        ]),
        p,
      ),
    )
    expect(text[0]).toMatch(/^No baseline: no count from 2024-04-27 to 2024-05-27 \(LD start\)/)
    expect(text).toContain(
      'Best response: NE (no confirmed CR-level response and no baseline to assess the doubling).',
    )
    expect(text.join(' ')).toContain('PR requires a count >= 30')
  })

  it('E19 [K]: an indeterminate count is called indeterminate', () => {
    const K = withResponseOverrides(D, { rComparator: '>', crComparator: '>' })
    const text = renderResponseExplanation(
      evaluateResponse(
        subject([
          [-5, 10],
          [14, 50],
          [21, 60],
          [28, 25],
          [29, 30],
          [30, 24],
        ]),
        K,
      ),
    )
    expect(text.join('\n')).toContain(
      'Loss of R confirmed by 2024-06-29 (Day 28, 25 ×10⁹/L) [25 < 30] and 2024-07-01 (Day 30, 24 ×10⁹/L)',
    )
  })

  it('E22: CR episode lost, R censored', () => {
    const text = renderResponseExplanation(
      evaluateResponse(
        subject([
          [-5, 8],
          [14, 60],
          [21, 120],
          [28, 130],
          [35, 90],
          [36, 85],
          [42, 70],
        ]),
      ),
    )
    expect(text).toContain(
      'Loss of CR confirmed by 2024-07-06 (Day 35, 90 ×10⁹/L) [90 < 100] and 2024-07-07 (Day 36, 85 ×10⁹/L) [85 < 100], ' +
        '1 day apart (>= 1) with no qualifying count between them: duration 14 days (event, loss on Day 35).',
    )
    expect(text).toContain(
      'No confirmed loss of R: duration 28 days, censored at the last evaluable count (Day 42).',
    )
  })
})
