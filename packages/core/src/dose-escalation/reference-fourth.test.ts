/**
 * Round 4: line-by-line audit of dose-escalation.md. Each test pins one normative statement that the earlier
 * reference tests left unpinned (a deliberate change of the engine on that statement left them green).
 * Expected values were computed with R 4.2.2 (`1 - pbeta(...)`, the BOIN 2.7.2 `select.mtd` transcription in
 * fixtures/r/runner.R) and by hand; the tests do not call R.
 */
import { describe, expect, it } from 'vitest'
import { resolveBoinDesign } from './boin-design.js'
import { decideBoin } from './boin-decision.js'
import { probabilityAboveTarget } from './boin-posterior.js'
import { selectMtdBoin } from './boin-select-mtd.js'
import { simulateBoin } from './boin-simulate.js'
import { simulateThreePlusThree } from './three-plus-three-simulate.js'

describe('§2.1 parameter defaults (each PROTOCOL DECISION with the doc default)', () => {
  it('only φ is required: φ₁ = 0.6 φ, φ₂ = 1.4 φ, cutoff.eli 0.95, n.earlystop 100, extrasafe off (offset 0.05), boundMTD off', () => {
    const d = resolveBoinDesign({ target: 0.3 }).value!
    expect(d.pSaf).toBe(0.6 * 0.3)
    expect(d.pTox).toBe(1.4 * 0.3)
    expect(d).toMatchObject({ cutoffEli: 0.95, nEarlystop: 100, extrasafe: false, offset: 0.05, boundMtd: false, startDose: 1 })
  })

  it('n.earlystop default 100: 99 patients at the dose go on, the 100th stops the trial (§2.5 rule 6)', () => {
    // cohorts of 1 and room for 150 patients, so that only n.earlystop can stop; φ = 0.30, y = 30: stay
    // (floor(0.2365 n) = 23 < 30 < ceil(0.3585 n) = 36 at n = 99 and 100; P(p > 0.3 | 30/n) ≈ 0.5, no elimination)
    const base = { target: 0.3, cohortSize: 1, nCohort: 150, currentDose: 1 }
    const at99 = decideBoin({ ...base, n: [99], y: [30] }).value!
    expect(at99.action).toBe('stay')
    expect(at99.stopReason).toBeNull()
    const at100 = decideBoin({ ...base, n: [100], y: [30] }).value!
    expect(at100.action).toBe('stop')
    expect(at100.stopReason).toBe('n-earlystop')
  })
})

describe('§2.5 extrasafe: stop if n₁ ≥ 3 and P(p₁ > φ | data) > 0.95 − offset (default offset 0.05)', () => {
  // R: 1 - pbeta(0.3, 5, 5) = 0.901191 (φ 0.30, 4/8); 1 - pbeta(0.25, 3, 3) = 0.896484 (φ 0.25, 2/4)
  it('posteriors next to the 0.90 threshold', () => {
    expect(probabilityAboveTarget(4, 8, 0.3)).toBeCloseTo(0.901191, 6)
    expect(probabilityAboveTarget(2, 4, 0.25)).toBeCloseTo(0.896484, 6)
  })

  it('0.9012 > 0.95 − 0.05 stops at the lowest dose with the default offset; not with offset 0.04 (0.91)', () => {
    const base = { target: 0.3, cohortSize: 4, nCohort: 10, extrasafe: true, n: [8, 0], y: [4, 0], currentDose: 1 }
    const d = decideBoin(base).value!
    expect(d.action).toBe('stop')
    expect(d.stopReason).toBe('extrasafe')
    expect(d.rule.id).toBe('extrasafe-stop')
    const tighter = decideBoin({ ...base, offset: 0.04 }).value!
    expect(tighter.stopReason).toBeNull()
    // 4/8 at φ 0.30 is a de-escalation count (≥ ceil(0.3585 × 8) = 3) at the lowest dose: stay
    expect(tighter.rule.id).toBe('stay-at-lowest-dose')
  })

  it('0.8965 is not > 0.90: no stop with the default offset; stop with offset 0.06 (0.89)', () => {
    const base = { target: 0.25, cohortSize: 2, nCohort: 10, extrasafe: true, n: [4, 0], y: [2, 0], currentDose: 1 }
    const d = decideBoin(base).value!
    expect(d.stopReason).toBeNull()
    expect(d.action).toBe('stay')
    expect(decideBoin({ ...base, offset: 0.06 }).value!.stopReason).toBe('extrasafe')
  })

  it('selection (§2.6 step 1, as select.mtd with extrasafe) uses the same default threshold 0.90', () => {
    // R select.mtd: (8, 3)/(4, 0) at φ 0.30 with extrasafe → 99 (no MTD); without extrasafe → dose 2
    const stopped = selectMtdBoin({ target: 0.3, extrasafe: true, n: [8, 3], y: [4, 0] }).value!
    expect(stopped.mtd).toBeNull()
    expect(stopped.reason).toBe('lowest-dose-eliminated')
    expect(selectMtdBoin({ target: 0.3, n: [8, 3], y: [4, 0] }).value!.mtd).toBe(2)
    // R: (4, 3)/(2, 0) at φ 0.25 with extrasafe (0.8965 ≤ 0.90) → dose 2
    expect(selectMtdBoin({ target: 0.25, extrasafe: true, n: [4, 3], y: [2, 0] }).value!.mtd).toBe(2)
  })
})

describe('§2.6 step 1: elimination re-applied at selection needs n ≥ 3 (§2.3)', () => {
  // P(p > 0.30 | 2/2) = 1 − 0.3³ = 0.973 > 0.95, but only 2 patients: never eliminated
  it('a dose with 2/2 DLTs is kept (R select.mtd: MTD 1, est 2.05/2.1)', () => {
    expect(probabilityAboveTarget(2, 2, 0.3)).toBeCloseTo(0.973, 12)
    const one = selectMtdBoin({ target: 0.3, n: [2], y: [2] }).value!
    expect(one.mtd).toBe(1)
    expect(one.reason).toBe('selected')
    expect(one.eliminated).toEqual([false])
    expect(one.isotonicEstimates[0]).toBeCloseTo(0.976190476190476, 14)
  })

  it('a 2/2 dose above a treated dose is kept too (R: eliminated 0 0, estimates 0.3387, 0.9762)', () => {
    const s = selectMtdBoin({ target: 0.3, n: [3, 2], y: [1, 2] }).value!
    expect(s.eliminated).toEqual([false, false])
    expect(s.isotonicEstimates.map((v) => Number(v!.toFixed(6)))).toEqual([0.33871, 0.97619])
    expect(s.mtd).toBe(1)
  })

  it('3/3 is eliminated at selection (P = 0.9919), with every higher dose', () => {
    const s = selectMtdBoin({ target: 0.3, n: [3, 3, 3], y: [0, 3, 0] }).value!
    expect(s.eliminated).toEqual([false, true, true])
    expect(s.mtd).toBe(1)
  })
})

/**
 * §3 "Overdosing risk: probability that > 60 % (or > 80 %) of patients are treated above the MTD" — strictly more
 * than. One trial per seed (nTrial = 1), so the simulator's OC are that trial's counts and 0 % / 100 % flags; the
 * flags are checked against the counts for trials that land exactly on 60 % or 80 %.
 */
describe('§3 overdosing risk in the Monte Carlo simulators: strictly more than 60 % / 80 %', () => {
  const flags = (above: number, denominator: number) => [above > 0.6 * denominator ? 100 : 0, above > 0.8 * denominator ? 100 : 0]

  it('BOIN (denominator nCohort × cohortSize = 15): 9 and 12 patients above the MTD are not > 60 % / > 80 %', () => {
    const seen = new Set<number>()
    for (let seed = 1; seed <= 300; seed++) {
      const oc = simulateBoin({ target: 0.3, pTrue: [0.3, 0.45], nCohort: 5, cohortSize: 3, nTrial: 1, seed }).value!
      const above = oc.patientsPerDose[1]!
      seen.add(above)
      expect([oc.overdosingRisk60, oc.overdosingRisk80], `seed ${seed}: ${above} of 15 above`).toEqual(flags(above, 15))
    }
    expect(seen.has(9)).toBe(true)
    expect(seen.has(12)).toBe(true)
  })

  it('3+3 (denominator = patients enrolled in the trial): exactly 60 % and 80 % are not overdosing', () => {
    const ratios = new Set<string>()
    for (const target of [0.1, 0.3])
      for (let seed = 1; seed <= 400; seed++) {
        const oc = simulateThreePlusThree({ pTrue: [0.1, 0.3, 0.5, 0.6], target, nTrial: 1, seed }).value!
        const n = oc.patientsPerDose
        const above = n.reduce((s, v, j) => s + ([0.1, 0.3, 0.5, 0.6][j]! > target ? v : 0), 0)
        const total = n.reduce((s, v) => s + v, 0)
        ratios.add(`${above}/${total}`)
        expect([oc.overdosingRisk60, oc.overdosingRisk80], `target ${target}, seed ${seed}: ${above}/${total}`).toEqual(flags(above, total))
      }
    expect([...ratios].some((r) => ['9/15', '12/20'].includes(r))).toBe(true)
    expect([...ratios].some((r) => ['12/15', '24/30'].includes(r))).toBe(true)
  })
})
