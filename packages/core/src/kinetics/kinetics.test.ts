import { describe, expect, it } from 'vitest'
import { bCellAplasia } from './b-cell-aplasia.js'
import { carKinetics, type KineticsSample } from './car-kinetics.js'

// regimen-and-dosing.md §7 worked example (qPCR copies/ug gDNA)
const EXAMPLE: KineticsSample[] = [
  { day: 0, level: 0 },
  { day: 4, level: 1200 },
  { day: 7, level: 15000 },
  { day: 10, level: 42000 },
  { day: 14, level: 18000 },
  { day: 21, level: 5000 },
  { day: 28, level: 2100 },
]

describe('CAR kinetics (regimen-and-dosing.md §7)', () => {
  it('worked example: Cmax 42000, Tmax 10, AUC0-28 337550 with the doc trapezoids, Tlast 28', () => {
    const r = carKinetics([...EXAMPLE, { day: 56, level: 'BLQ' }, { day: 84, level: 'BLQ' }])
    expect(r.value).toMatchObject({
      cmax: 42000,
      tmax: 10,
      auc: 337550,
      aucEndDay: 28,
      tlast: 28,
      clast: 2100,
    })
    expect(r.value?.trapezoids).toEqual([2400, 24300, 85500, 120000, 80500, 24850])
  })
  it('takes the first Tmax on a tie', () => {
    const r = carKinetics([
      { day: 7, level: 10 },
      { day: 10, level: 10 },
      { day: 28, level: 1 },
    ])
    expect(r.value?.tmax).toBe(7)
  })
  it('sets BLQ before Tmax to 0 and drops BLQ after Tmax (LLOQ applied to numbers too)', () => {
    const r = carKinetics(
      [
        { day: 2, level: 'BLQ' },
        { day: 4, level: 100 },
        { day: 7, level: 50 },
        { day: 14, level: 3 },
        { day: 21, level: 20 },
        { day: 28, level: 'BLQ' },
      ],
      { lloq: 5 },
    )
    expect(r.value?.aucPoints).toEqual([
      { day: 0, level: 0 },
      { day: 2, level: 0 },
      { day: 4, level: 100 },
      { day: 7, level: 50 },
      { day: 21, level: 20 },
    ])
    expect(r.value?.auc).toBe(0 + 100 + 225 + 490)
    expect(r.value).toMatchObject({ tlast: 21, clast: 20, aucEndDay: 21 })
  })
  it('BLQ handling is a parameter: defaults zero/exclude; exclude before and zero after Tmax on request', () => {
    const samples: KineticsSample[] = [
      { day: 2, level: 'BLQ' },
      { day: 4, level: 100 },
      { day: 7, level: 50 },
      { day: 14, level: 3 },
      { day: 21, level: 20 },
      { day: 28, level: 'BLQ' },
    ]
    const byDefault = carKinetics(samples, { lloq: 5 })
    expect(carKinetics(samples, { lloq: 5, blqBeforeTmax: 'zero', blqAfterTmax: 'exclude' })).toEqual(byDefault)
    const other = carKinetics(samples, { lloq: 5, blqBeforeTmax: 'exclude', blqAfterTmax: 'zero' })
    expect(other.value?.aucPoints).toEqual([
      { day: 0, level: 0 },
      { day: 4, level: 100 },
      { day: 7, level: 50 },
      { day: 14, level: 0 },
      { day: 21, level: 20 },
      { day: 28, level: 0 },
    ])
    expect(other.value?.auc).toBe(200 + 225 + 175 + 70 + 70)
    expect(other.value).toMatchObject({ tlast: 21, clast: 20, aucEndDay: 28 })
  })
  it('anchors the curve at Day 0 with the pre-infusion level and ends at the sample closest to Day 28', () => {
    const r = carKinetics([
      { day: -1, level: 999 },
      { day: 10, level: 100 },
      { day: 27, level: 10 },
      { day: 29, level: 8 },
    ])
    expect(r.value?.aucPoints[0]).toEqual({ day: 0, level: 0 })
    expect(r.value?.aucEndDay).toBe(27) // 27 and 29 tie at 1 day from 28: the earlier wins
    expect(r.value?.auc).toBe(500 + 17 * 55)
    expect(r.value?.tlast).toBe(29)
  })
  it('computes no AUC without a sample within Day 28 +- 2, and refuses bad input', () => {
    const r = carKinetics([
      { day: 10, level: 100 },
      { day: 25, level: 10 },
      { day: 31, level: 5 },
    ])
    expect(r.value?.auc).toBeNull()
    expect(r.value?.notes[0]).toContain('Day 28 +- 2')
    expect(carKinetics([{ day: 4, level: -1 }]).issues?.[0]?.code).toBe('kinetics.invalid_level')
    expect(
      carKinetics([
        { day: 4, level: 1 },
        { day: 4, level: 2 },
      ]).issues?.[0]?.code,
    ).toBe('kinetics.duplicate_day')
  })
})

describe('B-cell aplasia (regimen-and-dosing.md §8 worked example)', () => {
  const samples = [
    [0, 12, 150],
    [7, 0.1, 2],
    [14, 0.0, 0],
    [28, 0.0, 0],
    [56, 0.4, 5],
    [84, 1.8, 40],
    [112, 3.5, 110],
  ].map(([day, pct, abs]) => ({
    day: day ?? 0,
    cd19PercentOfLymphocytes: pct ?? null,
    cd19PerUl: abs ?? null,
  }))
  it('onset Day 7, recovery Day 84 via the % criterion, duration 77 days', () => {
    const r = bCellAplasia(samples)
    expect(r.value?.classified.map((c) => c.class === 'below')).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
      false,
    ])
    expect(r.value).toMatchObject({ onsetDay: 7, recoveryDay: 84, durationDays: 77, censored: false })
  })
  it('censors at the last sample without recovery', () => {
    expect(bCellAplasia(samples.slice(0, 5)).value).toMatchObject({
      onsetDay: 7,
      recoveryDay: null,
      durationDays: 49,
      censored: true,
    })
    // one sample at/above (Day 84) is not yet a confirmed recovery: censored at Day 84
    expect(bCellAplasia(samples.slice(0, 6)).value).toMatchObject({
      onsetDay: 7,
      recoveryDay: null,
      durationDays: 77,
      censored: true,
    })
  })
  it('needs two consecutive samples and treats a missing measure as not evaluable', () => {
    const r = bCellAplasia([
      { day: 7, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 50 },
      { day: 14, cd19PercentOfLymphocytes: 2, cd19PerUl: 50 },
      { day: 21, cd19PercentOfLymphocytes: 0.5, cd19PerUl: null },
      { day: 28, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 10 },
      { day: 35, cd19PercentOfLymphocytes: 0.2, cd19PerUl: 10 },
    ])
    expect(r.value?.classified[2]?.class).toBe('not-evaluable')
    expect(r.value?.onsetDay).toBe(28)
    expect(bCellAplasia(samples, { absoluteCutoff: null, confirmations: 1 }).value?.recoveryDay).toBe(84)
    expect(bCellAplasia(samples, { percentCutoff: null }).value?.recoveryDay).toBeNull()
  })
})

describe('CAR kinetics: regression (regimen-and-dosing.md §7, a level of 0 is below any LLOQ)', () => {
  it('worked example with later samples reported as 0: Tlast stays Day 28 and the AUC is unchanged', () => {
    const r = carKinetics([...EXAMPLE, { day: 56, level: 0 }, { day: 84, level: 0 }])
    expect(r.value).toMatchObject({ cmax: 42000, tmax: 10, auc: 337550, tlast: 28, clast: 2100 })
  })
  it('a 0 after Tmax is excluded from the AUC like BLQ; a series of zeros has no Cmax', () => {
    const r = carKinetics([
      { day: 10, level: 100 },
      { day: 14, level: 0 },
      { day: 28, level: 10 },
    ])
    expect(r.value?.aucPoints).toEqual([
      { day: 0, level: 0 },
      { day: 10, level: 100 },
      { day: 28, level: 10 },
    ])
    expect(r.value?.auc).toBe(500 + 18 * 55)
    expect(
      carKinetics([
        { day: 4, level: 0 },
        { day: 28, level: 0 },
      ]).value,
    ).toMatchObject({ cmax: null, tmax: null, tlast: null, auc: 0 })
  })
})
