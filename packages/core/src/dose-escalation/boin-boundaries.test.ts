import { describe, expect, it } from 'vitest'
import fixtures from './fixtures/boin-boundaries.json' with { type: 'json' }
import { boinBoundaries, boinLambdas } from './boin-boundaries.js'

describe('BOIN boundaries (dose-escalation.md §2.2-2.4)', () => {
  it('λe and λd as tabulated in §2.2', () => {
    const table: [number, number, number][] = [
      [0.25, 0.196801, 0.298392],
      [0.3, 0.236491, 0.358519],
      [0.2, 0.157242, 0.238462],
    ]
    for (const [phi, e, d] of table) {
      const { lambdaE, lambdaD } = boinLambdas(phi, 0.6 * phi, 1.4 * phi)
      expect(lambdaE).toBeCloseTo(e, 6)
      expect(lambdaD).toBeCloseTo(d, 6)
    }
  })

  const rows = (target: number) => {
    const r = boinBoundaries({ target, nCohort: 4, cohortSize: 3 })
    if (!r.ok) throw new Error('boundaries failed')
    return r.value.table
  }

  it('reproduces the §2.4 table for φ = 0.25', () => {
    const t = rows(0.25)
    expect(t.map((r) => r.escalateIfDltLe)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2])
    expect(t.map((r) => r.deescalateIfDltGe)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4])
    expect(t.map((r) => r.eliminateIfDltGe)).toEqual([null, null, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6])
  })

  it('reproduces the §2.4 table for φ = 0.30', () => {
    const t = rows(0.3)
    expect(t.map((r) => r.escalateIfDltLe)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    expect(t.map((r) => r.deescalateIfDltGe)).toEqual([1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5])
    expect(t.map((r) => r.eliminateIfDltGe)).toEqual([null, null, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7])
  })

  it('matches the BOIN get.boundary transcription in R for n = 1..30 (targets 0.2/0.25/0.3/0.33, custom φ₁/φ₂, cutoff.eli, extrasafe)', () => {
    for (const f of fixtures) {
      const r = boinBoundaries({
        target: f.target,
        pSaf: f.pSaf,
        pTox: f.pTox,
        cutoffEli: f.cutoffEli,
        extrasafe: f.extrasafe,
        offset: f.offset,
        nCohort: 10,
        cohortSize: 3,
      })
      expect(r.ok, `target ${f.target}`).toBe(true)
      if (!r.ok) continue
      expect(r.value.lambdaE).toBeCloseTo(f.lambdaE, 14)
      expect(r.value.lambdaD).toBeCloseTo(f.lambdaD, 14)
      const t = r.value.table
      expect(t.map((x) => x.n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
      expect(t.map((x) => x.escalateIfDltLe)).toEqual(f.escalate)
      expect(t.map((x) => x.deescalateIfDltGe)).toEqual(f.deescalate)
      expect(t.map((x) => x.eliminateIfDltGe)).toEqual(f.eliminate)
      if (f.extrasafe) expect(t.map((x) => x.stopIfLowestDoseDltGe)).toEqual(f.stop)
      else expect(t[0]).not.toHaveProperty('stopIfLowestDoseDltGe')
    }
  })

  it('caps de-escalation at elimination (§2.3): φ = 0.2, n = 3 de-escalates and eliminates at 2 DLTs', () => {
    const r = boinBoundaries({ target: 0.2, nCohort: 1, cohortSize: 3 })
    expect(r.value?.table[2]).toEqual({ n: 3, escalateIfDltLe: 0, deescalateIfDltGe: 1, eliminateIfDltGe: 2 })
  })

  it('reports every invalid parameter as an issue (the package refuses the same)', () => {
    const r = boinBoundaries({ target: 0.7, pSaf: 0.69, cohortSize: 0 })
    expect(r.ok).toBe(false)
    expect(r.issues?.map((i) => i.path.join('.'))).toContain('cohortSize')
    const r2 = boinBoundaries({ target: 0.3, pSaf: 0.29 })
    expect(r2.issues?.map((i) => i.path.join('.'))).toEqual(['pSaf'])
    const r3 = boinBoundaries({ target: 0.02 })
    expect(r3.issues?.[0]?.message).toMatch(/too low/)
  })
})
