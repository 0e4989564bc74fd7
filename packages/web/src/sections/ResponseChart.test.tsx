import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { evaluateResponse, responseCountTable, withResponseOverrides, DEFAULT_RESPONSE_PARAMS, addDays } from '@celltrial/core'
import i18n from '../i18n'
import { PlateletChart } from '../components/PlateletChart/PlateletChart'
import { chartMarks, chartPoints, chartThresholds, currentStatus } from './response-view'

const t = i18n.t.bind(i18n) as unknown as (key: string, options?: Record<string, unknown>) => string
const params = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>', crComparator: '>', categoryNames: { R: 'PR' } })
const day = (d: number) => addDays('2025-01-10', d)
// baseline 10 (Day -5); Day 7 before the window; R from Day 21 confirmed Day 28; lost Days 42 and 49; IVIG Day 55-56
const input = {
  infusionDate: '2025-01-10',
  ldStartDate: '2025-01-05',
  plateletCounts: [[-5, 10], [7, 12], [21, 45], [28, 50], [42, 20], [49, 18], [60, 90]].map(([d, value]) => ({ date: day(d!), value: value! })),
  rescueEvents: [{ type: 'IVIG' as const, startDate: day(55), endDate: day(56) }],
}

describe('response chart marks', () => {
  const r = evaluateResponse(input, params)
  const rows = responseCountTable(input, params)

  it('greys the excluded counts with their reason, marks the confirming and loss pairs and draws 2 x baseline', () => {
    void i18n.changeLanguage('en')
    const { getAllByTestId, getByTestId, container } = render(
      <PlateletChart
        points={chartPoints(rows, t)}
        thresholds={chartThresholds(r)}
        baselineLine={{ value: r.explanation.thresholds.doublingValue!, label: '>= 2 × baseline (20)' }}
        marks={chartMarks(r, t)}
      />,
    )
    expect(getAllByTestId('platelet-point')).toHaveLength(7)
    const excluded = container.querySelectorAll('[data-excluded="true"]')
    expect([...excluded].map((e) => e.querySelector('title')?.textContent)).toEqual([
      `${day(-5)} (Day -5): 10 ×10⁹/L. before the evaluation window`,
      `${day(7)} (Day 7): 12 ×10⁹/L. before the evaluation window`,
      expect.stringMatching(new RegExp(`^${day(60)} \\(Day 60\\): 90 ×10⁹/L\\. within a rescue therapy window \\(IVIG`)),
    ])
    expect(getAllByTestId('threshold').map((g) => g.textContent)).toEqual(['PR > 30', 'CR > 100'])
    expect(getByTestId('baseline-line').textContent).toContain('2 × baseline (20)')
    const confirming = getAllByTestId('mark-confirming').map((m) => m.querySelector('title')?.textContent)
    expect(confirming).toEqual(['PR confirmed: Day 21 and Day 28', 'PR confirmed: Day 21 and Day 28'])
    const loss = getAllByTestId('mark-loss').map((m) => m.querySelector('title')?.textContent)
    expect(loss).toEqual(['PR lost: Day 42 and Day 49', 'PR lost: Day 42 and Day 49'])
  })

  it("states the current status in the protocol's words", () => {
    expect(currentStatus(r, t)).toEqual({ code: 'LOST', text: 'Response lost (PR) on Day 42' })
    const ongoing = evaluateResponse({ ...input, plateletCounts: input.plateletCounts.slice(0, 4) }, params)
    expect(currentStatus(ongoing, t).text).toBe('In response: PR')
  })
})
