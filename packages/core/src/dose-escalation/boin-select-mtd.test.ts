import { describe, expect, it } from 'vitest'
import fixtures from './fixtures/boin-select-mtd.json' with { type: 'json' }
import { selectMtdBoin, type SelectMtdInput } from './boin-select-mtd.js'

const select = (input: SelectMtdInput) => {
  const r = selectMtdBoin(input)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}
const round4 = (v: (number | null)[]) => v.map((x) => (x === null ? null : Number(x.toFixed(4))))

describe('BOIN MTD selection (dose-escalation.md §2.6, examples §2.7)', () => {
  it('walk-through: p̂ = (0.0161, 0.3361), already monotone → MTD = D2', () => {
    const s = select({ target: 0.3, n: [3, 6], y: [0, 2] })
    expect(round4(s.isotonicEstimates)).toEqual([0.0161, 0.3361])
    expect(s.mtd).toBe(2)
  })
  it('M1: n (3, 6, 6), y (0, 1, 3) → dose 2', () => {
    const s = select({ target: 0.3, n: [3, 6, 6], y: [0, 1, 3] })
    expect(round4(s.isotonicEstimates)).toEqual([0.0161, 0.1721, 0.5])
    expect(s).toMatchObject({ mtd: 2, eliminated: [false, false, false] })
  })
  it('M2: n (3, 6, 3), y (0, 2, 0) → PAVA 0.0161, 0.0512, 0.0512; tie below φ → dose 3', () => {
    const s = select({ target: 0.3, n: [3, 6, 3], y: [0, 2, 0] })
    expect(round4(s.isotonicEstimates)).toEqual([0.0161, 0.0512, 0.0512])
    expect(s.mtd).toBe(3)
  })
  it('M3: n (3, 6, 4), y (0, 1, 3) → dose 3 eliminated (0.9692), MTD dose 2', () => {
    const s = select({ target: 0.3, n: [3, 6, 4], y: [0, 1, 3] })
    expect(round4(s.isotonicEstimates)).toEqual([0.0161, 0.1721, null])
    expect(s).toMatchObject({ mtd: 2, eliminated: [false, false, true] })
  })
  it('M4: n (6, 3), y (3, 3) → dose 2 eliminated, MTD dose 1; none with boundMTD (0.5 ≥ λd)', () => {
    const s = select({ target: 0.3, n: [6, 3], y: [3, 3] })
    expect(round4(s.isotonicEstimates)).toEqual([0.5, null])
    expect(s).toMatchObject({ mtd: 1, eliminated: [false, true] })
    expect(select({ target: 0.3, n: [6, 3], y: [3, 3], boundMtd: true })).toMatchObject({
      mtd: null,
      reason: 'no-dose-below-lambda-d',
    })
  })
  it('M5: φ = 0.25, n (3, 3, 0), y (0, 2, 0) → dose 1 (dose 3 untreated)', () => {
    const s = select({ target: 0.25, n: [3, 3, 0], y: [0, 2, 0] })
    expect(round4(s.isotonicEstimates)).toEqual([0.0161, 0.6613, null])
    expect(s).toMatchObject({ mtd: 1, eliminated: [false, false, false] })
  })
  it('tie above φ goes to the lower dose', () => {
    // 3/6 and 3/6: equal estimates 0.5 above 0.3 → lower dose
    expect(select({ target: 0.3, n: [6, 6], y: [3, 3] }).mtd).toBe(1)
  })
  it('no MTD when the lowest dose is eliminated, or by extrasafe', () => {
    expect(select({ target: 0.3, n: [3, 3], y: [3, 0] })).toMatchObject({
      mtd: null,
      reason: 'lowest-dose-eliminated',
      eliminated: [true, true],
    })
    expect(select({ target: 0.3, n: [3, 3], y: [2, 0], extrasafe: true })).toMatchObject({
      mtd: null,
      eliminated: [true, true],
    })
  })

  it('agrees with the BOIN select.mtd transcription in R on 400 random trials (MTD, estimates, eliminated)', () => {
    for (const f of fixtures) {
      const s = select({ target: f.target, n: f.n, y: f.y, extrasafe: f.extrasafe, boundMtd: f.boundMtd })
      const where = JSON.stringify(f)
      expect(s.mtd, where).toBe(f.mtd)
      expect(s.eliminated, where).toEqual(f.eliminated.map((e) => e === 1))
      f.estimates.forEach((e, i) => {
        const got = s.isotonicEstimates[i]
        if (e === null) expect(got, where).toBeNull()
        else expect(Math.abs(got! - e), where).toBeLessThanOrEqual(1e-15)
      })
    }
  })

  it('reports bad counts as issues', () => {
    const r = selectMtdBoin({ target: 0.3, n: [3, 2], y: [4, 0, 1] })
    expect(r.ok).toBe(false)
    expect(r.issues?.map((i) => i.code)).toEqual(['length_mismatch', 'invalid_count'])
  })
})
