import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import '../../i18n'
import { PlateletChart } from './PlateletChart'
import { dayTicks, logDomain } from './scale'

describe('PlateletChart', () => {
  it('draws one mark per count and one line per threshold, labelled for screen readers', () => {
    const points = [
      { day: -5, date: '2024-02-21', value: 8 },
      { day: 0, date: '2024-02-26', value: 12 },
      { day: 90, date: '2024-05-26', value: 33 },
    ]
    const { getByRole, getAllByTestId } = render(<PlateletChart points={points} />)
    expect(getByRole('img', { name: 'Platelet count' })).toBeTruthy()
    expect(getAllByTestId('platelet-point')).toHaveLength(3)
    expect(getAllByTestId('threshold')).toHaveLength(2)
  })
  it('says so when there is no count', () => {
    const { getByText } = render(<PlateletChart points={[]} />)
    expect(getByText('No platelet count recorded.')).toBeTruthy()
  })
})

describe('chart scales', () => {
  it('covers the counts and thresholds on the log axis', () => {
    const [lo, hi] = logDomain([2, 250], [30, 100])
    expect(lo).toBeLessThanOrEqual(2)
    expect(hi).toBeGreaterThanOrEqual(250)
  })
  it('picks round day ticks', () => {
    expect(dayTicks(-5, 28)).toEqual([-5, 0, 5, 10, 15, 20, 25])
    expect(dayTicks(0, 470)).toEqual([0, 60, 120, 180, 240, 300, 360, 420])
  })
})
