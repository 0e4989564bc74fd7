/**
 * Third independent reference check of the dose-escalation engines against dose-escalation.md.
 * The reference below was written from the doc prose alone (section numbers cited), before the
 * engine code was read; it is then compared with the engine on the doc's worked examples, on
 * hand-picked boundary cases and with fast-check properties (fixed seed 20261208).
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { boinBoundaries, boinLambdas } from './boin-boundaries.js'
import { decideBoin, type BoinDecision, type BoinDecisionInput } from './boin-decision.js'
import { exactBoin } from './boin-exact.js'
import { simulateBoin } from './boin-simulate.js'
import { probabilityAboveTarget } from './boin-posterior.js'
import { selectMtdBoin, type SelectMtdInput } from './boin-select-mtd.js'
import { exactThreePlusThree } from './three-plus-three-exact.js'
import { decideThreePlusThree } from './three-plus-three.js'
import { simulateThreePlusThree } from './three-plus-three-simulate.js'
import { summariseDltByDoseLevel, type DltSubject } from '../toxicity/dlt/dlt-window.js'
import { lnCorrectlyRounded } from './stats/log-correctly-rounded.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------
// Reference: BOIN (§2)
// ---------------------------------------------------------------------------------------------

interface RefParams {
  readonly target: number
  /** §2.1 φ₁, default 0.6 φ. */
  readonly phi1?: number
  /** §2.1 φ₂, default 1.4 φ. */
  readonly phi2?: number
  /** §2.1 cutoff.eli, default 0.95. */
  readonly cutoffEli?: number
  /** §2.5 optional stricter stop on the lowest dose, default off, with offset default 0.05. */
  readonly extrasafe?: boolean
  readonly offset?: number
}

const phi1Of = (p: RefParams): number => p.phi1 ?? 0.6 * p.target
const phi2Of = (p: RefParams): number => p.phi2 ?? 1.4 * p.target
const cutoffOf = (p: RefParams): number => p.cutoffEli ?? 0.95

/**
 * ln x rounded to the nearest double, as R's C library returns it (V8's Math.log can be 1 ulp off, which
 * matters for floor/ceil(λ n) when λ n is an integer in exact arithmetic). Independent method: Newton
 * iterations y ← y + 2(x − eʸ)/(x + eʸ) with eʸ from its Taylor series, in 200-bit BigInt fixed point.
 */
const refLnMemo = new Map<number, number>()
function refLn(x: number): number {
  const hit = refLnMemo.get(x)
  if (hit !== undefined) return hit
  const v = refLnUncached(x)
  refLnMemo.set(x, v)
  return v
}
function refLnUncached(x: number): number {
  const F = 200n
  const one = 1n << F
  const toFixed = (v: number): bigint => {
    // exact: v = mant · 2^exp
    let e = 0
    let m = v
    while (!Number.isInteger(m)) {
      m *= 2
      e++
    }
    return (BigInt(m) << F) >> BigInt(e)
  }
  const exp = (y: bigint): bigint => {
    // e^y = (e^(y / 2^r))^(2^r), Taylor series on the reduced argument
    const r = 16n
    const z = y >> r
    let term = one
    let sum = one
    for (let k = 1n; term !== 0n; k++) {
      term = (term * z) / (k << F)
      sum += term
    }
    for (let i = 0n; i < r; i++) sum = (sum * sum) >> F
    return sum
  }
  const X = toFixed(x)
  let y = toFixed(Math.log(x))
  for (let i = 0; i < 3; i++) {
    const ey = exp(y)
    y += (2n * (X - ey) * one) / (X + ey)
  }
  return Number(y) / 2 ** Number(F)
}

/** §2.2 λe, in double arithmetic written as the doc formula (R's `get.boundary` expression). */
function refLambdaE(phi: number, phi1: number): number {
  return refLn((1 - phi1) / (1 - phi)) / refLn((phi * (1 - phi1)) / (phi1 * (1 - phi)))
}
/** §2.2 λd. */
function refLambdaD(phi: number, phi2: number): number {
  return refLn((1 - phi) / (1 - phi2)) / refLn((phi2 * (1 - phi)) / (phi * (1 - phi2)))
}

/** Exact rational of a decimal double via its shortest decimal string ("0.3" → 3/10). */
function toRational(x: number): { num: bigint; den: bigint } {
  const s = x.toString()
  if (s.includes('e')) throw new Error(`reference: exponent form not supported: ${s}`)
  const [intPart = '0', frac = ''] = s.split('.')
  const den = 10n ** BigInt(frac.length)
  return { num: BigInt(intPart) * den + BigInt(frac === '' ? '0' : frac), den }
}

function binom(n: number, k: number): bigint {
  let r = 1n
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i)
  return r
}

/**
 * §2.3 P(p > φ | y, n) with posterior Beta(y+1, n−y+1), computed EXACTLY as a rational:
 * for integer shapes 1 − I_φ(y+1, n−y+1) = P(Binomial(n+1, φ) ≤ y).
 * Returns the comparison `posterior > cutoff` decided exactly, and the double value for display.
 */
function refPosteriorExceeds(y: number, n: number, phi: number, cutoff: number): boolean {
  const { num: a, den: b } = toRational(phi)
  const { num: cn, den: cd } = toRational(cutoff)
  const m = n + 1
  let s = 0n
  for (let k = 0; k <= y; k++) s += binom(m, k) * a ** BigInt(k) * (b - a) ** BigInt(m - k)
  // s / b^m > cn / cd
  return s * cd > cn * b ** BigInt(m)
}
function refPosterior(y: number, n: number, phi: number): number {
  const m = n + 1
  let s = 0
  for (let k = 0; k <= y; k++) s += Number(binom(m, k)) * phi ** k * (1 - phi) ** (m - k)
  return s
}

interface RefBoundary {
  readonly n: number
  readonly escalate: number
  readonly deescalate: number
  readonly eliminate: number | null
}

/** §2.2–§2.4: count boundaries for n patients, de-escalation capped at elimination (§2.3). */
function refBoundary(p: RefParams, n: number): RefBoundary {
  const le = refLambdaE(p.target, phi1Of(p))
  const ld = refLambdaD(p.target, phi2Of(p))
  let eliminate: number | null = null
  if (n >= 3) {
    for (let y = 0; y <= n; y++) {
      if (refPosteriorExceeds(y, n, p.target, cutoffOf(p))) {
        eliminate = y
        break
      }
    }
  }
  let deescalate = Math.ceil(ld * n)
  if (eliminate !== null && deescalate > eliminate) deescalate = eliminate
  return { n, escalate: Math.floor(le * n), deescalate, eliminate }
}

type RefMove = 'escalate' | 'stay' | 'deescalate' | 'stop'

interface RefStep {
  readonly move: RefMove
  readonly next: number | null
  /** Lowest dose index (0-based) eliminated after this step, or null. */
  readonly eliminatedFrom: number | null
}

/**
 * §2.5 conduct rule at current dose d (0-based) of `nDoses`, with the cumulative (n, y) at d and
 * the lowest already-eliminated dose (or null).
 */
function refStep(
  p: RefParams,
  nDoses: number,
  d: number,
  n: number,
  y: number,
  eliminatedFrom: number | null,
): RefStep {
  const b = refBoundary(p, n)
  let elim = eliminatedFrom
  if (b.eliminate !== null && y >= b.eliminate) {
    elim = elim === null ? d : Math.min(elim, d)
    if (d === 0) return { move: 'stop', next: null, eliminatedFrom: 0 }
  }
  // §2.5 extrasafe: n₁ ≥ 3 and P(p₁ > φ | data) > cutoff − offset (data at dose 1 only change there)
  if (
    p.extrasafe === true &&
    d === 0 &&
    n >= 3 &&
    refPosteriorExceeds(y, n, p.target, cutoffOf(p) - (p.offset ?? 0.05))
  )
    return { move: 'stop', next: null, eliminatedFrom: elim }
  if (y <= b.escalate && d < nDoses - 1) {
    if (elim !== null && d + 1 >= elim) return { move: 'stay', next: d, eliminatedFrom: elim }
    return { move: 'escalate', next: d + 1, eliminatedFrom: elim }
  }
  if (y >= b.deescalate && d > 0) return { move: 'deescalate', next: d - 1, eliminatedFrom: elim }
  return { move: 'stay', next: d, eliminatedFrom: elim }
}

interface RefSelectOptions {
  /** filled with the isotonic estimate of each kept dose (others left untouched) */
  readonly estimates?: (number | null)[]
  readonly cutoffEli?: number
  readonly extrasafe?: boolean
  readonly offset?: number
  readonly boundMtd?: boolean
  readonly phi2?: number
}

/** §2.6 PAVA: first adjacent violation, pool the two whole blocks with weights. */
function refPava(x: readonly number[], w: readonly number[]): number[] {
  const v = [...x]
  const lvl = v.map((_, i) => i)
  for (;;) {
    let i = -1
    for (let j = 0; j + 1 < v.length; j++) {
      if ((v[j + 1] as number) - (v[j] as number) < 0) {
        i = j
        break
      }
    }
    if (i < 0) return v
    const l1 = lvl[i] as number
    const l2 = lvl[i + 1] as number
    let sw = 0
    let sxw = 0
    for (let j = 0; j < v.length; j++) {
      if (lvl[j] === l1 || lvl[j] === l2) {
        sxw += (v[j] as number) * (w[j] as number)
        sw += w[j] as number
      }
    }
    const m = sxw / sw
    for (let j = 0; j < v.length; j++) {
      if (lvl[j] === l1 || lvl[j] === l2) {
        v[j] = m
        lvl[j] = l1
      }
    }
  }
}

/** §2.6 MTD selection; returns a 0-based dose index or null (no MTD). */
function refSelectMtd(
  target: number,
  n: readonly number[],
  y: readonly number[],
  o: RefSelectOptions = {},
): number | null {
  const cutoff = o.cutoffEli ?? 0.95
  const k = n.length
  let elimFrom = k
  for (let j = 0; j < k; j++) {
    if ((n[j] as number) >= 3 && refPosteriorExceeds(y[j] as number, n[j] as number, target, cutoff)) {
      elimFrom = j
      break
    }
  }
  // §2.5 extrasafe also applies at selection: the lowest dose counts as too toxic
  if (
    o.extrasafe === true &&
    (n[0] as number) >= 3 &&
    refPosteriorExceeds(y[0] as number, n[0] as number, target, cutoff - (o.offset ?? 0.05))
  )
    return null
  if (elimFrom === 0) return null
  const kept: number[] = []
  for (let j = 0; j < elimFrom; j++) if ((n[j] as number) > 0) kept.push(j)
  if (kept.length === 0) return null
  const ph = kept.map((j) => ((y[j] as number) + 0.05) / ((n[j] as number) + 0.1))
  const w = kept.map((j) => {
    const nj = n[j] as number
    const yj = y[j] as number
    return 1 / (((yj + 0.05) * (nj - yj + 0.05)) / ((nj + 0.1) ** 2 * (nj + 1.1)))
  })
  const iso = refPava(ph, w)
  if (o.estimates) kept.forEach((j, i) => (o.estimates![j] = iso[i] as number))
  // §2.5 ties: add j·1e-10 (1-based position among kept doses), then closest to target,
  // first index on exact ties.
  const adj = iso.map((v, i) => v + (i + 1) * 1e-10)
  const ld = refLambdaD(target, o.phi2 ?? 1.4 * target)
  let best = -1
  let bestDist = Infinity
  for (let i = 0; i < adj.length; i++) {
    if (o.boundMtd === true && !((iso[i] as number) < ld)) continue
    const dist = Math.abs((adj[i] as number) - target)
    if (dist < bestDist) {
      bestDist = dist
      best = i
    }
  }
  return best < 0 ? null : (kept[best] as number)
}

const selOf = (p: RefParams): RefSelectOptions => ({
  cutoffEli: p.cutoffEli,
  extrasafe: p.extrasafe,
  offset: p.offset,
})

interface RefTrial {
  readonly n: number[]
  readonly y: number[]
  readonly stoppedEarly: boolean
  readonly mtd: number | null
}

/** §2.5 + §2.6: run a BOIN trial given per-cohort DLT counts (consumed in order). */
function refRunBoin(
  p: RefParams,
  nDoses: number,
  cohortSize: number,
  nCohorts: number,
  dlts: readonly number[],
  nEarlystop = 100,
  startDose = 0,
): RefTrial {
  const n = Array.from({ length: nDoses }, () => 0)
  const y = Array.from({ length: nDoses }, () => 0)
  let d = startDose
  let elim: number | null = null
  for (let c = 0; c < nCohorts; c++) {
    const x = dlts[c] ?? 0
    n[d] = (n[d] as number) + cohortSize
    y[d] = (y[d] as number) + x
    const s = refStep(p, nDoses, d, n[d] as number, y[d] as number, elim)
    elim = s.eliminatedFrom
    if (s.move === 'stop') return { n, y, stoppedEarly: true, mtd: null }
    // §2.5 rule 6: n_d (the dose just treated) ≥ n.earlystop ends the trial; MTD selected as usual
    if ((n[d] as number) >= nEarlystop) break
    d = s.next as number
  }
  return { n, y, stoppedEarly: false, mtd: refSelectMtd(p.target, n, y, selOf(p)) }
}

// ---------------------------------------------------------------------------------------------
// Reference: 3+3 (§1.1)
// ---------------------------------------------------------------------------------------------

interface Ref33 {
  readonly n: number[]
  readonly y: number[]
  readonly mtd: number | null
}

/** §1.1 default variant; `next()` gives the DLT count of each 3-patient cohort. */
function refRun33(nDoses: number, next: (dose: number) => number, confirmTop = false): Ref33 {
  const n = Array.from({ length: nDoses }, () => 0)
  const y = Array.from({ length: nDoses }, () => 0)
  const treat = (d: number): void => {
    n[d] = (n[d] as number) + 3
    y[d] = (y[d] as number) + next(d)
  }
  // "exceeded at d" (recursive)
  const exceeded = (d: number): number | null => {
    if (d === 0) return null
    const b = d - 1
    if (n[b] === 6) return b
    treat(b)
    return (y[b] as number) <= 1 ? b : exceeded(b)
  }
  let d = 0
  for (;;) {
    treat(d)
    if (y[d] === 0) {
      if (d < nDoses - 1) {
        d++
        continue
      }
      // §1.1: 0/3 at the top dose → MTD = top; variant (PROTOCOL DECISION): 6 at the MTD first
      if (!confirmTop) return { n, y, mtd: d }
    }
    if ((y[d] as number) <= 1) {
      treat(d)
      if ((y[d] as number) <= 1) {
        if (d === nDoses - 1) return { n, y, mtd: d }
        d++
        continue
      }
    }
    return { n, y, mtd: exceeded(d) }
  }
}

/** Exact enumeration helper: binomial pmf. */
function pmf(k: number, size: number, p: number): number {
  return Number(binom(size, k)) * p ** k * (1 - p) ** (size - k)
}

interface RefOc {
  readonly select: number[]
  none: number
  readonly meanN: number[]
  readonly meanY: number[]
  /** §3 overdosing: P(> 60 % / > 80 % of the maximum sample size treated above the true MTD) */
  over60: number
  over80: number
}

function refExactBoin(
  p: RefParams,
  probs: readonly number[],
  cohortSize: number,
  nCohorts: number,
  nEarlystop = 100,
  startDose = 0,
): RefOc {
  const k = probs.length
  const out: RefOc = {
    select: probs.map(() => 0),
    none: 0,
    meanN: probs.map(() => 0),
    meanY: probs.map(() => 0),
    over60: 0,
    over80: 0,
  }
  const rec = (c: number, d: number, n: number[], y: number[], elim: number | null, w: number): void => {
    if (c === nCohorts) {
      const m = refSelectMtd(p.target, n, y, selOf(p))
      finish(m, n, y, w)
      return
    }
    for (let x = 0; x <= cohortSize; x++) {
      const w2 = w * pmf(x, cohortSize, probs[d] as number)
      const n2 = [...n]
      const y2 = [...y]
      n2[d] = (n2[d] as number) + cohortSize
      y2[d] = (y2[d] as number) + x
      const s = refStep(p, k, d, n2[d], y2[d], elim)
      if (s.move === 'stop') finish(null, n2, y2, w2)
      else if (n2[d] >= nEarlystop) finish(refSelectMtd(p.target, n2, y2, selOf(p)), n2, y2, w2)
      else rec(c + 1, s.next as number, n2, y2, s.eliminatedFrom, w2)
    }
  }
  const finish = (m: number | null, n: number[], y: number[], w: number): void => {
    if (m === null) out.none += w
    else out.select[m] = (out.select[m] as number) + w
    let above = 0
    for (let j = 0; j < k; j++) {
      out.meanN[j] = (out.meanN[j] as number) + w * (n[j] as number)
      out.meanY[j] = (out.meanY[j] as number) + w * (y[j] as number)
      if ((probs[j] as number) > p.target) above += n[j] as number
    }
    // BOIN get.oc (what §3 reports): share of the maximum sample size nCohort × cohortSize
    if (above > 0.6 * cohortSize * nCohorts) out.over60 += w
    if (above > 0.8 * cohortSize * nCohorts) out.over80 += w
  }
  rec(
    0,
    startDose,
    probs.map(() => 0),
    probs.map(() => 0),
    null,
    1,
  )
  return out
}

function refExact33(probs: readonly number[], confirmTop = false): RefOc {
  const k = probs.length
  const out: RefOc = {
    select: probs.map(() => 0),
    none: 0,
    meanN: probs.map(() => 0),
    meanY: probs.map(() => 0),
    over60: 0,
    over80: 0,
  }
  // enumerate all cohort outcome sequences by replaying with a scripted sequence (DFS on prefixes)
  const explore = (prefix: number[]): void => {
    let i = 0
    let w = 1
    let branch = -1
    let branchDose = -1
    const r = (() => {
      try {
        return refRun33(
          k,
          (dose) => {
            if (i < prefix.length) {
              const x = prefix[i++] as number
              w *= pmf(x, 3, probs[dose] as number)
              return x
            }
            branch = i
            branchDose = dose
            throw new Error('branch')
          },
          confirmTop,
        )
      } catch {
        return null
      }
    })()
    if (r === null) {
      void branchDose
      for (let x = 0; x <= 3; x++) explore([...prefix.slice(0, branch), x])
      return
    }
    if (r.mtd === null) out.none += w
    else out.select[r.mtd] = (out.select[r.mtd] as number) + w
    for (let j = 0; j < k; j++) {
      out.meanN[j] = (out.meanN[j] as number) + w * (r.n[j] as number)
      out.meanY[j] = (out.meanY[j] as number) + w * (r.y[j] as number)
    }
  }
  explore([])
  return out
}

// ---------------------------------------------------------------------------------------------
// The reference reproduces the doc's own numbers (self-check of the reference)
// ---------------------------------------------------------------------------------------------

describe('reference self-check against dose-escalation.md', () => {
  it('§2.2 λ table', () => {
    for (const [phi, le, ld] of [
      [0.25, 0.196801, 0.298392],
      [0.3, 0.236491, 0.358519],
      [0.2, 0.157242, 0.238462],
    ] as const) {
      expect(refLambdaE(phi, 0.6 * phi)).toBeCloseTo(le, 6)
      expect(refLambdaD(phi, 1.4 * phi)).toBeCloseTo(ld, 6)
    }
  })
  it('§2.4 boundary tables', () => {
    const t25 = {
      esc: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2],
      de: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4],
      el: [null, null, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6],
    }
    const t30 = {
      esc: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
      de: [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5],
      el: [null, null, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7],
    }
    for (const [phi, t] of [
      [0.25, t25],
      [0.3, t30],
    ] as const) {
      for (let n = 1; n <= 12; n++) {
        const b = refBoundary({ target: phi }, n)
        expect([b.escalate, b.deescalate, b.eliminate]).toEqual([t.esc[n - 1], t.de[n - 1], t.el[n - 1]])
      }
    }
  })
  it('§2.3 posterior values', () => {
    expect(refPosterior(3, 3, 0.3)).toBeCloseTo(0.9919, 4)
    expect(refPosterior(2, 3, 0.3)).toBeCloseTo(0.9163, 4)
    expect(refPosterior(3, 4, 0.3)).toBeCloseTo(0.9692, 4)
    expect(refPosterior(3, 6, 0.3)).toBeCloseTo(0.874, 4)
    expect(refPosterior(2, 3, 0.25)).toBeCloseTo(0.9492, 4)
    expect(refPosterior(3, 3, 0.25)).toBeCloseTo(0.9961, 4)
  })
  it('§2.7 M1–M5 and the walk-through', () => {
    expect(refSelectMtd(0.3, [3, 6, 6], [0, 1, 3])).toBe(1)
    expect(refSelectMtd(0.3, [3, 6, 3], [0, 2, 0])).toBe(2)
    expect(refSelectMtd(0.3, [3, 6, 4], [0, 1, 3])).toBe(1)
    expect(refSelectMtd(0.3, [6, 3], [3, 3])).toBe(0)
    expect(refSelectMtd(0.3, [6, 3], [3, 3], { boundMtd: true })).toBeNull()
    expect(refSelectMtd(0.25, [3, 3, 0], [0, 2, 0])).toBe(0)
    expect(refRunBoin({ target: 0.3 }, 2, 3, 3, [0, 1, 1]).mtd).toBe(1)
  })
  it('§1.2 T1–T5', () => {
    const script = (xs: number[]) => {
      let i = 0
      return () => xs[i++] as number
    }
    expect(refRun33(2, script([0, 0]))).toMatchObject({ mtd: 1, n: [3, 3] })
    expect(refRun33(2, script([0, 1, 0]))).toMatchObject({ mtd: 1, n: [3, 6] })
    expect(refRun33(2, script([0, 2, 1]))).toMatchObject({ mtd: 0, n: [6, 3] })
    expect(refRun33(2, script([1, 1]))).toMatchObject({ mtd: null, n: [6, 0] })
    expect(refRun33(2, script([0, 1, 1, 0]))).toMatchObject({ mtd: 0, n: [6, 6] })
  })
  it('§3 exact OC table', () => {
    const rows = [
      [
        [0.1, 0.3],
        [29.6, 70.2, 0.2],
        [4.56, 4.43],
        [0.46, 1.33],
        [44.8, 44.8, 10.4],
        [4.84, 3.92],
      ],
      [
        [0.05, 0.15],
        [8.6, 91.3, 0.0],
        [3.66, 5.34],
        [0.18, 0.8],
        [18.0, 79.2, 2.8],
        [3.89, 3.87],
      ],
      [
        [0.3, 0.5],
        [64.6, 23.1, 12.3],
        [6.68, 2.0],
        [2.0, 1.0],
        [34.8, 8.5, 56.7],
        [5.18, 2.04],
      ],
      [
        [0.5, 0.65],
        [43.6, 4.0, 52.3],
        [6.93, 0.62],
        [3.46, 0.4],
        [10.4, 0.9, 88.7],
        [4.48, 0.64],
      ],
    ] as const
    for (const [pr, bs, bn, by, ts, tn] of rows) {
      const b = refExactBoin({ target: 0.3 }, pr, 3, 3)
      expect(100 * (b.select[0] as number)).toBeCloseTo(bs[0], 1)
      expect(100 * (b.select[1] as number)).toBeCloseTo(bs[1], 1)
      expect(100 * b.none).toBeCloseTo(bs[2], 1)
      expect(b.meanN[0]).toBeCloseTo(bn[0], 2)
      expect(b.meanN[1]).toBeCloseTo(bn[1], 2)
      expect(b.meanY[0]).toBeCloseTo(by[0], 2)
      expect(b.meanY[1]).toBeCloseTo(by[1], 2)
      const t = refExact33(pr)
      expect(100 * (t.select[0] as number)).toBeCloseTo(ts[0], 1)
      expect(100 * (t.select[1] as number)).toBeCloseTo(ts[1], 1)
      expect(100 * t.none).toBeCloseTo(ts[2], 1)
      expect(t.meanN[0]).toBeCloseTo(tn[0], 2)
      expect(t.meanN[1]).toBeCloseTo(tn[1], 2)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Engine vs reference
// ---------------------------------------------------------------------------------------------

const must = <T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}
const decide = (input: BoinDecisionInput): BoinDecision => must(decideBoin(input))
const select = (input: SelectMtdInput): number | null => must(selectMtdBoin(input)).mtd

/** design parameter variants: targets other than 0.25/0.30, φ₁/φ₂ multiples, cutoffs (§2.1) */
const designArb = fc
  .record({
    target: fc.integer({ min: 5, max: 60 }).map((k) => k / 100),
    r1: fc.integer({ min: 30, max: 85 }).map((k) => k / 100),
    r2: fc.integer({ min: 115, max: 250 }).map((k) => k / 100),
    cutoffEli: fc.constantFrom(0.85, 0.9, 0.95, 0.99),
    defaults: fc.boolean(),
  })
  .map(({ target, r1, r2, cutoffEli, defaults }) =>
    defaults
      ? { target, pSaf: undefined, pTox: undefined, cutoffEli }
      : { target, pSaf: r1 * target, pTox: r2 * target, cutoffEli },
  )
  .filter((d) => d.pTox === undefined || d.pTox < 1)

const refParamsOf = (d: { target: number; pSaf?: number; pTox?: number; cutoffEli: number }): RefParams => ({
  target: d.target,
  phi1: d.pSaf,
  phi2: d.pTox,
  cutoffEli: d.cutoffEli,
})

describe('§2.2–2.4 boundaries: engine vs reference', () => {
  it('doc tables for φ = 0.25 and 0.30 (n = 1 … 12)', () => {
    for (const target of [0.25, 0.3]) {
      const t = must(boinBoundaries({ target, nCohort: 12, cohortSize: 1 })).table
      for (let n = 1; n <= 12; n++) {
        const r = refBoundary({ target }, n)
        expect(t[n - 1]).toEqual({
          n,
          escalateIfDltLe: r.escalate,
          deescalateIfDltGe: r.deescalate,
          eliminateIfDltGe: r.eliminate,
        })
      }
    }
  })

  it('φ = 0.20 λ and non-default φ₁/φ₂ reach the λ formulas unchanged', () => {
    const l = boinLambdas(0.2, 0.12, 0.28)
    expect(l.lambdaE).toBeCloseTo(0.157242, 6)
    expect(l.lambdaD).toBeCloseTo(0.238462, 6)
    const b = must(boinBoundaries({ target: 0.3, pSaf: 0.15, pTox: 0.5, nCohort: 1, cohortSize: 1 }))
    expect(b.lambdaE).toBe(refLambdaE(0.3, 0.15))
    expect(b.lambdaD).toBe(refLambdaD(0.3, 0.5))
  })

  it('φ₂ = 1 − φ gives λd = ½ exactly: at n = 2, 4, … the count ceil(λd n) is n/2 (equality case)', () => {
    // ln[(1−φ)/φ] / ln[((1−φ)/φ)²] = ½; for φ = 0.3 the double is exactly 0.5
    const b = must(boinBoundaries({ target: 0.3, pTox: 0.7, nCohort: 12, cohortSize: 1 }))
    expect(b.lambdaD).toBe(0.5)
    for (const n of [2, 4, 6, 8, 10, 12]) {
      const row = b.table[n - 1]
      // not capped by elimination for these n
      expect(row?.deescalateIfDltGe).toBe(Math.min(n / 2, row?.eliminateIfDltGe ?? Infinity))
    }
    // y = n/2 de-escalates (≥), y = n/2 − 1 does not
    expect(decide({ target: 0.3, pTox: 0.7, n: [0, 4, 0], y: [0, 2, 0], currentDose: 2 }).action).toBe(
      'deescalate',
    )
    expect(decide({ target: 0.3, pTox: 0.7, n: [0, 4, 0], y: [0, 1, 0], currentDose: 2 }).action).toBe('stay')
  })

  it('λ equal to R bit for bit where n·λ is (nearly) an integer: φ₂ = 1 − φ or φ₁ = 1 − φ', () => {
    // Values printed by R 4.2.2 (glibc libm) with the get.boundary expression (sprintf %.17g). Here λ is ½ in
    // exact arithmetic, so floor/ceil(λ n) at even n hinge on the last bit of λ; V8's Math.log is not
    // correctly rounded (ln 3 and ln 1.857… are 1 ulp off), which moved these boundaries away from R's.
    const cases = [
      // target, pSaf, pTox, λe (R), λd (R), R's escalate / de-escalate boundaries at n = 2, 4, 6
      [0.35, 0.6 * 0.35, 0.65, 0.27633431680651976, 0.5, [0, 1, 1], [1, 2, 3]],
      [0.19, 0.6 * 0.19, 0.81, 0.14934464511216455, 0.5, [0, 0, 0], [1, 2, 3]],
      [0.4, 0.6 * 0.4, 1.5 * 0.4, 0.31636004001692369, 0.50000000000000011, [0, 1, 1], [2, 3, 4]],
      [0.4, 0.6 * 0.4, 0.6, 0.31636004001692369, 0.49999999999999994, [0, 1, 1], [1, 2, 3]],
      [0.56, 0.44, 0.7, 0.49999999999999994, 0.63185881777675967, [0, 1, 2], [2, 3, 4]],
      [0.3, 0.18, 0.7, 0.23649068523646805, 0.5, [0, 0, 1], [1, 2, 3]],
      [0.25, 0.15, 0.75, 0.19680087055548712, 0.5, [0, 0, 1], [1, 2, 3]],
      [0.3, 0.18, 0.42, 0.23649068523646805, 0.35851946464092954, [0, 0, 1], [1, 2, 3]],
      [0.25, 0.15, 0.35, 0.19680087055548712, 0.29839215237545968, [0, 0, 1], [1, 2, 2]],
    ] as const
    const ulp = (v: number) => 2 ** (Math.floor(Math.log2(v)) - 52)
    for (const [target, pSaf, pTox, le, ld, esc, de] of cases) {
      const b = must(boinBoundaries({ target, pSaf, pTox, nCohort: 6, cohortSize: 1 }))
      // the λ that is ½ in exact arithmetic is R's to the bit
      if (Math.abs(le - 0.5) < 1e-12) expect(b.lambdaE).toBe(le)
      if (Math.abs(ld - 0.5) < 1e-12) expect(b.lambdaD).toBe(ld)
      // the others within 1 ulp (glibc's log is itself 1 ulp off for ln(0.82/0.7), the default φ = 0.3 design)
      expect(Math.abs(b.lambdaE - le)).toBeLessThanOrEqual(ulp(le))
      expect(Math.abs(b.lambdaD - ld)).toBeLessThanOrEqual(ulp(ld))
      expect([b.lambdaE, b.lambdaD]).toEqual([refLambdaE(target, pSaf), refLambdaD(target, pTox)])
      expect([2, 4, 6].map((n) => b.table[n - 1]?.escalateIfDltLe)).toEqual(esc)
      // de-escalation boundary before the elimination cap (no elimination boundary below it here)
      expect([2, 4, 6].map((n) => Math.ceil(b.lambdaD * n))).toEqual(de)
    }
    // the decision reads the same boundary: φ = 0.35, φ₂ = 0.65, n = 2 → 1 DLT de-escalates (R: ceil(1) = 1)
    expect(
      decide({ target: 0.35, pTox: 0.65, cohortSize: 2, n: [0, 2, 0], y: [0, 1, 0], currentDose: 2 }).action,
    ).toBe('deescalate')
    // φ = 0.56, φ₁ = 0.44, n = 4: R escalates only with ≤ 1 DLT (floor(1.9999999999999998) = 1)
    expect(
      decide({
        target: 0.56,
        pSaf: 0.44,
        pTox: 0.7,
        cohortSize: 2,
        n: [0, 4, 0],
        y: [0, 2, 0],
        currentDose: 2,
      }).action,
    ).toBe('stay')
  })

  it('the logarithm behind λ is the correctly rounded one (independent Newton/exp reference)', () => {
    expect(lnCorrectlyRounded(3)).toBe(1.0986122886681098)
    expect(lnCorrectlyRounded(1)).toBe(0)
    expect(lnCorrectlyRounded(0.5)).toBe(-Math.LN2)
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (x) => {
        expect(lnCorrectlyRounded(x)).toBe(refLn(x))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('property: every row for random targets, φ₁/φ₂ multiples and cutoffs', () => {
    fc.assert(
      fc.property(designArb, fc.integer({ min: 1, max: 40 }), (d, nMax) => {
        const b = must(boinBoundaries({ ...d, nCohort: nMax, cohortSize: 1 }))
        const p = refParamsOf(d)
        expect(b.lambdaE).toBe(refLambdaE(p.target, phi1Of(p)))
        expect(b.lambdaD).toBe(refLambdaD(p.target, phi2Of(p)))
        for (let n = 1; n <= nMax; n++) {
          const r = refBoundary(p, n)
          expect(b.table[n - 1]).toEqual({
            n,
            escalateIfDltLe: r.escalate,
            deescalateIfDltGe: r.deescalate,
            eliminateIfDltGe: r.eliminate,
          })
        }
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('§2.3 elimination at exact boundaries', () => {
  it('doc posterior values', () => {
    expect(probabilityAboveTarget(3, 3, 0.3)).toBeCloseTo(0.9919, 4)
    expect(probabilityAboveTarget(2, 3, 0.3)).toBeCloseTo(0.9163, 4)
    expect(probabilityAboveTarget(3, 4, 0.3)).toBeCloseTo(0.9692, 4)
    expect(probabilityAboveTarget(3, 6, 0.3)).toBeCloseTo(0.874, 4)
    expect(probabilityAboveTarget(2, 3, 0.25)).toBeCloseTo(0.9492, 4)
    expect(probabilityAboveTarget(3, 3, 0.25)).toBeCloseTo(0.9961, 4)
  })

  it('the posterior nearest to 0.95 (φ = 0.46, 9/13: 0.949996) does not eliminate; 10/13 does', () => {
    expect(refPosteriorExceeds(9, 13, 0.46, 0.95)).toBe(false)
    expect(probabilityAboveTarget(9, 13, 0.46)).toBeLessThan(0.95)
    const row = must(boinBoundaries({ target: 0.46, nCohort: 13, cohortSize: 1 })).table[12]
    expect(row?.eliminateIfDltGe).toBe(10)
    // φ = 0.30, 7/14 is 1.25e-5 below 0.95: no elimination at 7, elimination at 8
    expect(
      must(boinBoundaries({ target: 0.3, nCohort: 14, cohortSize: 1 })).table[13]?.eliminateIfDltGe,
    ).toBe(8)
    // φ = 0.15, 3/9 is 3.0e-5 above 0.95: eliminate at 3
    expect(must(boinBoundaries({ target: 0.15, nCohort: 9, cohortSize: 1 })).table[8]?.eliminateIfDltGe).toBe(
      3,
    )
  })

  it('posterior exactly equal to the cutoff is not "> cutoff" (φ = 0.5, cutoff 0.5, y = n/2 with n even)', () => {
    // P(p > 0.5 | 2/4) = P(Bin(5, ½) ≤ 2) = ½ exactly
    expect(refPosteriorExceeds(2, 4, 0.5, 0.5)).toBe(false)
    const t = must(boinBoundaries({ target: 0.5, cutoffEli: 0.5, nCohort: 10, cohortSize: 1 })).table
    for (const n of [4, 6, 8, 10]) expect(t[n - 1]?.eliminateIfDltGe).toBe(n / 2 + 1)
    expect(select({ target: 0.5, cutoffEli: 0.5, n: [3, 4], y: [0, 2] })).toBe(2)
  })

  it('D5/D6 and elimination only from n = 3 (n = 2, y = 2 is never eliminated)', () => {
    expect(decide({ target: 0.25, n: [3, 3], y: [0, 2], currentDose: 2 })).toMatchObject({
      action: 'deescalate',
      eliminated: [false, false],
    })
    expect(decide({ target: 0.25, n: [3, 3], y: [0, 3], currentDose: 2 })).toMatchObject({
      action: 'deescalate',
      eliminated: [false, true],
      rule: { id: 'eliminate-and-deescalate' },
    })
    // cohorts of 2 at the lowest dose: 2/2 is not eliminated (n < 3) and de-escalation is impossible: stay
    expect(decide({ target: 0.3, cohortSize: 2, n: [2, 0], y: [2, 0], currentDose: 1 })).toMatchObject({
      action: 'stay',
      nextDose: 1,
      eliminated: [false, false],
      rule: { id: 'stay-at-lowest-dose' },
    })
    // 3/4 at the lowest dose eliminates everything and stops (0.9692)
    expect(decide({ target: 0.3, cohortSize: 2, n: [4, 0], y: [3, 0], currentDose: 1 })).toMatchObject({
      action: 'stop',
      stopReason: 'lowest-dose-eliminated',
      eliminated: [true, true],
    })
  })
})

describe('§2.5 conduct rule: engine vs reference', () => {
  it('escalation blocked by an eliminated next dose; top and lowest doses', () => {
    expect(
      decide({ target: 0.3, n: [3, 3, 3], y: [0, 0, 3], currentDose: 2, eliminated: [false, false, true] }),
    ).toMatchObject({ action: 'stay', nextDose: 2, rule: { id: 'stay-next-dose-eliminated' } })
    expect(decide({ target: 0.3, n: [6, 0], y: [3, 0], currentDose: 1 })).toMatchObject({
      action: 'stay',
      nextDose: 1,
      rule: { id: 'stay-at-lowest-dose' },
    })
    expect(decide({ target: 0.3, n: [3, 9], y: [0, 2], currentDose: 2 })).toMatchObject({
      action: 'stay',
      rule: { id: 'stay-at-top-dose' },
    })
    // single-dose design: both directions closed
    expect(decide({ target: 0.3, n: [3], y: [0], currentDose: 1 }).action).toBe('stay')
    expect(decide({ target: 0.3, n: [3], y: [2], currentDose: 1 }).action).toBe('stay')
    expect(decide({ target: 0.3, n: [3], y: [3], currentDose: 1 }).action).toBe('stop')
  })

  it('maximum sample size: stop once Σn reaches nCohort × cohortSize (cohort size 2, 4 cohorts)', () => {
    expect(
      decide({ target: 0.3, nCohort: 4, cohortSize: 2, n: [2, 4], y: [0, 1], currentDose: 2 }),
    ).toMatchObject({
      action: 'stay',
      stopReason: null,
    })
    expect(
      decide({ target: 0.3, nCohort: 4, cohortSize: 2, n: [2, 6], y: [0, 1], currentDose: 2 }),
    ).toMatchObject({
      action: 'stop',
      stopReason: 'max-sample-size',
      nextDose: null,
    })
  })

  it('n.earlystop: stops when n_d reaches it, not one patient before', () => {
    expect(decide({ target: 0.3, nEarlystop: 9, n: [3, 6, 0], y: [0, 2, 0], currentDose: 2 }).action).toBe(
      'stay',
    )
    expect(decide({ target: 0.3, nEarlystop: 9, n: [3, 9, 0], y: [0, 3, 0], currentDose: 2 })).toMatchObject({
      action: 'stop',
      stopReason: 'n-earlystop',
    })
  })

  it('property: random states, targets, φ₁/φ₂ and cutoffs', () => {
    const state = fc.integer({ min: 1, max: 5 }).chain((k) =>
      fc.record({
        k: fc.constant(k),
        d: fc.integer({ min: 0, max: k - 1 }),
        nd: fc.integer({ min: 1, max: 40 }),
        yFrac: fc.double({ min: 0, max: 1, noNaN: true }),
        elimFrom: fc.integer({ min: 0, max: k }),
      }),
    )
    fc.assert(
      fc.property(designArb, state, (design, s) => {
        const yd = Math.round(s.yFrac * s.nd)
        const elimFrom = s.elimFrom <= s.d ? null : s.elimFrom === s.k ? null : s.elimFrom
        const n = Array.from({ length: s.k }, (_, i) => (i === s.d ? s.nd : 0))
        const y = Array.from({ length: s.k }, (_, i) => (i === s.d ? yd : 0))
        const got = decide({
          ...design,
          nCohort: 100,
          cohortSize: 1,
          n,
          y,
          currentDose: s.d + 1,
          eliminated: n.map((_, i) => elimFrom !== null && i >= elimFrom),
        })
        const ref = refStep(refParamsOf(design), s.k, s.d, s.nd, yd, elimFrom)
        expect(got.action).toBe(ref.move)
        expect(got.nextDose).toBe(ref.next === null ? null : ref.next + 1)
        expect(got.eliminated).toEqual(
          n.map((_, i) => ref.eliminatedFrom !== null && i >= ref.eliminatedFrom),
        )
        const b = refBoundary(refParamsOf(design), s.nd)
        expect(got.boundaries).toEqual({
          n: s.nd,
          y: yd,
          escalateIfDltLe: b.escalate,
          deescalateIfDltGe: b.deescalate,
          eliminateIfDltGe: b.eliminate,
        })
      }),
      { seed: SEED, numRuns: 1500 },
    )
  })

  it('property: whole trials driven through decideBoin match the reference run (incl. n.earlystop, cohort sizes)', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 }),
        fc.option(fc.integer({ min: 2, max: 12 }), { nil: undefined }),
        (design, k, cs, nc, fr, nEarlystop) => {
          const dlts = fr.map((f) => Math.round(f * cs))
          const ref = refRunBoin(refParamsOf(design), k, cs, nc, dlts, nEarlystop ?? 100)
          const n = Array.from({ length: k }, () => 0)
          const y = Array.from({ length: k }, () => 0)
          let eliminated = n.map(() => false)
          let d = 1
          let stoppedForTox = false
          for (let c = 0; c < nc; c++) {
            n[d - 1] = (n[d - 1] as number) + cs
            y[d - 1] = (y[d - 1] as number) + (dlts[c] as number)
            const r = decide({
              ...design,
              nCohort: nc,
              cohortSize: cs,
              nEarlystop,
              n,
              y,
              currentDose: d,
              eliminated,
            })
            eliminated = r.eliminated
            if (r.action === 'stop') {
              stoppedForTox = r.stopReason === 'lowest-dose-eliminated'
              if (r.stopReason === 'max-sample-size') expect(c).toBe(nc - 1)
              break
            }
            d = r.nextDose as number
          }
          expect(n).toEqual(ref.n)
          expect(y).toEqual(ref.y)
          expect(stoppedForTox).toBe(ref.stoppedEarly)
          if (!stoppedForTox) {
            const m = select({
              target: design.target,
              pSaf: design.pSaf,
              pTox: design.pTox,
              cutoffEli: design.cutoffEli,
              n,
              y,
            })
            expect(m === null ? null : m - 1).toBe(ref.mtd)
          }
        },
      ),
      { seed: SEED, numRuns: 800 },
    )
  })
})

describe('§2.6 MTD selection: engine vs reference', () => {
  it('M1–M5 and the walk-through', () => {
    expect(select({ target: 0.3, n: [3, 6, 6], y: [0, 1, 3] })).toBe(2)
    expect(select({ target: 0.3, n: [3, 6, 3], y: [0, 2, 0] })).toBe(3)
    expect(select({ target: 0.3, n: [3, 6, 4], y: [0, 1, 3] })).toBe(2)
    expect(select({ target: 0.3, n: [6, 3], y: [3, 3] })).toBe(1)
    expect(select({ target: 0.3, boundMtd: true, n: [6, 3], y: [3, 3] })).toBeNull()
    expect(select({ target: 0.25, n: [3, 3, 0], y: [0, 2, 0] })).toBe(1)
    expect(select({ target: 0.3, n: [3, 6], y: [0, 2] })).toBe(2)
    const m2 = must(selectMtdBoin({ target: 0.3, n: [3, 6, 3], y: [0, 2, 0] }))
    expect(m2.isotonicEstimates.map((v) => (v === null ? null : Number(v.toFixed(4))))).toEqual([
      0.0161, 0.0512, 0.0512,
    ])
  })

  it('ties: a pooled block above φ gives its LOWEST dose, below φ its HIGHEST dose', () => {
    // above: doses 2 and 3 (3/6, 2/6; neither eliminated) pooled at ≈ 0.418 > 0.3 → dose 2
    const above = must(selectMtdBoin({ target: 0.3, n: [3, 6, 6], y: [0, 3, 2] }))
    expect(above.isotonicEstimates[1]).toBe(above.isotonicEstimates[2])
    expect(above.isotonicEstimates[1]).toBeGreaterThan(0.3)
    expect(above.mtd).toBe(2)
    expect(refSelectMtd(0.3, [3, 6, 6], [0, 3, 2])).toBe(1)
    // the three doses pooled below φ: the top one
    expect(select({ target: 0.3, n: [6, 6, 6], y: [1, 2, 0] })).toBe(
      refSelectMtd(0.3, [6, 6, 6], [1, 2, 0])! + 1,
    )
    expect(refSelectMtd(0.3, [6, 6, 6], [1, 2, 0])).toBe(2)
    // whole-block pooling at 0.30 (all doses tie exactly: identical counts)
    expect(select({ target: 0.3, n: [10, 10], y: [3, 3] })).toBe(1)
  })

  it('no-MTD cases: lowest eliminated, nothing treated below an eliminated dose, boundMtd', () => {
    expect(must(selectMtdBoin({ target: 0.3, n: [3, 3], y: [3, 0] }))).toMatchObject({
      mtd: null,
      reason: 'lowest-dose-eliminated',
    })
    expect(must(selectMtdBoin({ target: 0.3, n: [0, 3], y: [0, 3] }))).toMatchObject({
      mtd: null,
      reason: 'no-dose-treated',
      eliminated: [false, true],
    })
    expect(must(selectMtdBoin({ target: 0.3, n: [0, 0], y: [0, 0] }))).toMatchObject({ mtd: null })
    // elimination needs n ≥ 3: 2/2 at dose 1 is kept; dose 2 is eliminated (3/3)
    expect(select({ target: 0.3, n: [2, 3], y: [2, 3] })).toBe(1)
    expect(refSelectMtd(0.3, [2, 3], [2, 3])).toBe(0)
    // the first eliminated dose eliminates all higher ones, even well-tolerated ones
    expect(must(selectMtdBoin({ target: 0.3, n: [3, 3, 9], y: [0, 3, 0] }))).toMatchObject({
      mtd: 1,
      eliminated: [false, true, true],
    })
  })

  it('property: random counts, targets, cutoffs, φ₂ and boundMtd', () => {
    const counts = fc.array(
      fc.record({ n: fc.integer({ min: 0, max: 15 }), f: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { minLength: 1, maxLength: 6 },
    )
    fc.assert(
      fc.property(designArb, counts, fc.boolean(), (design, cs, boundMtd) => {
        const n = cs.map((c) => c.n)
        const y = cs.map((c) => Math.round(c.f * c.n))
        const full = must(selectMtdBoin({ ...design, boundMtd, n, y }))
        const estimates: (number | null)[] = n.map(() => null)
        const ref = refSelectMtd(design.target, n, y, {
          cutoffEli: design.cutoffEli,
          boundMtd,
          phi2: design.pTox,
          estimates,
        })
        expect(full.mtd).toBe(ref === null ? null : ref + 1)
        // §2.6 step 4: the pooled estimates themselves (whole blocks, weights 1/v_j)
        full.isotonicEstimates.forEach((v, j) => {
          const r = estimates[j] ?? null
          if (v === null || r === null) expect(v).toBe(r)
          else expect(Math.abs(v - r)).toBeLessThan(1e-12)
        })
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
})

describe('§2.5 extrasafe: engine vs reference', () => {
  it('property: decisions and selection with extrasafe (designs with an elimination boundary from n = 3)', () => {
    fc.assert(
      fc.property(
        designArb.filter((d) => refPosteriorExceeds(3, 3, d.target, d.cutoffEli)),
        fc.constantFrom(0, 0.01, 0.05, 0.1, 0.2),
        fc.integer({ min: 3, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 12 }),
        (design, offset, n1, f, n2) => {
          const y1 = Math.round(f * n1)
          const got = decide({
            ...design,
            extrasafe: true,
            offset,
            nCohort: 100,
            cohortSize: 1,
            n: [n1, n2],
            y: [y1, 0],
            currentDose: 1,
          })
          const ref = refStep({ ...refParamsOf(design), extrasafe: true, offset }, 2, 0, n1, y1, null)
          expect(got.action).toBe(ref.move)
          const sel = select({ ...design, extrasafe: true, offset, n: [n1, n2], y: [y1, 0] })
          const rs = refSelectMtd(design.target, [n1, n2], [y1, 0], {
            cutoffEli: design.cutoffEli,
            extrasafe: true,
            offset,
          })
          expect(sel).toBe(rs === null ? null : rs + 1)
        },
      ),
      { seed: SEED, numRuns: 800 },
    )
  })
})

describe('§3 exact OC: engine vs reference enumeration', () => {
  it('doc table (2 doses, cohorts of 3, 9 patients, φ = 0.30) to the printed precision', () => {
    const rows = [
      [
        [0.1, 0.3],
        [29.6, 70.2, 0.2],
        [4.56, 4.43],
        [0.46, 1.33],
        [44.8, 44.8, 10.4],
        [4.84, 3.92, 8.75],
      ],
      [
        [0.05, 0.15],
        [8.6, 91.3, 0.0],
        [3.66, 5.34],
        [0.18, 0.8],
        [18.0, 79.2, 2.8],
        [3.89, 3.87, 7.75],
      ],
      [
        [0.3, 0.5],
        [64.6, 23.1, 12.3],
        [6.68, 2.0],
        [2.0, 1.0],
        [34.8, 8.5, 56.7],
        [5.18, 2.04, 7.21],
      ],
      [
        [0.5, 0.65],
        [43.6, 4.0, 52.3],
        [6.93, 0.62],
        [3.46, 0.4],
        [10.4, 0.9, 88.7],
        [4.48, 0.64, 5.12],
      ],
    ] as const
    for (const [pr, bs, bn, by, ts, tn] of rows) {
      const b = must(exactBoin({ target: 0.3, pTrue: pr, nCohort: 3, cohortSize: 3 }))
      expect(b.selectionPercent.map((v) => Number(v.toFixed(1)))).toEqual([bs[0], bs[1]])
      expect(Number(b.noMtdPercent.toFixed(1))).toBe(bs[2])
      expect(b.patientsPerDose.map((v) => Number(v.toFixed(2)))).toEqual([bn[0], bn[1]])
      expect(b.dltsPerDose.map((v) => Number(v.toFixed(2)))).toEqual([by[0], by[1]])
      const t = must(exactThreePlusThree(pr))
      expect(t.selectionPercent.map((v) => Number(v.toFixed(1)))).toEqual([ts[0], ts[1]])
      expect(Number(t.noMtdPercent.toFixed(1))).toBe(ts[2])
      expect(t.patientsPerDose.map((v) => Number(v.toFixed(2)))).toEqual([tn[0], tn[1]])
      expect(Number(t.meanSampleSize.toFixed(2))).toBe(tn[2])
    }
  })

  const close = (a: readonly number[], b: readonly number[]) => {
    expect(a.length).toBe(b.length)
    a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThan(1e-9))
  }

  it('property: BOIN exact OC for random small designs (doses, cohort size, cohorts, n.earlystop, start dose)', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.array(
          fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 2, max: 9 }), { nil: undefined }),
        fc.nat(),
        (design, pTrue, cs, nc, nEarlystop, sd) => {
          const startDose = (sd % pTrue.length) + 1
          const got = must(
            exactBoin({ ...design, pTrue, cohortSize: cs, nCohort: nc, nEarlystop, startDose }),
          )
          const ref = refExactBoin(refParamsOf(design), pTrue, cs, nc, nEarlystop ?? 100, startDose - 1)
          close(
            got.selectionPercent,
            ref.select.map((v) => 100 * v),
          )
          close([got.noMtdPercent], [100 * ref.none])
          close(got.patientsPerDose, ref.meanN)
          close(got.dltsPerDose, ref.meanY)
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('property: extrasafe and overdosing risk in the exact BOIN OC', () => {
    // extrasafe as the doc states it (§2.5); restricted to designs where an elimination boundary exists
    // from n = 3 (1 − φ⁴ > cutoff), where BOIN get.oc evaluates it the same way (see the report)
    fc.assert(
      fc.property(
        designArb.filter((d) => refPosteriorExceeds(3, 3, d.target, d.cutoffEli)),
        fc.constantFrom(0, 0.02, 0.05, 0.1),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(
          fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
          { minLength: 1, maxLength: 3 },
        ),
        (design, offset, cs, nc, atTarget, probs) => {
          // put the target at one dose so that the overdosing risk is defined
          const pTrue = probs.map((v, i) => (i === atTarget % probs.length ? design.target : v))
          const got = must(
            exactBoin({ ...design, extrasafe: true, offset, pTrue, cohortSize: cs, nCohort: nc }),
          )
          const ref = refExactBoin({ ...refParamsOf(design), extrasafe: true, offset }, pTrue, cs, nc)
          close(
            got.selectionPercent,
            ref.select.map((v) => 100 * v),
          )
          close([got.noMtdPercent], [100 * ref.none])
          close(got.patientsPerDose, ref.meanN)
          close(
            [got.overdosingRisk60 ?? NaN, got.overdosingRisk80 ?? NaN],
            [100 * ref.over60, 100 * ref.over80],
          )
        },
      ),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('overdosing: strictly more than 60 % / 80 % of nCohort × cohortSize (15 patients: 9 and 12 are not enough)', () => {
    for (const pTrue of [
      [0.3, 0.4],
      [0.3, 0.6],
      [0.3, 0.35, 0.5],
    ]) {
      const got = must(exactBoin({ target: 0.3, pTrue, nCohort: 5, cohortSize: 3 }))
      const ref = refExactBoin({ target: 0.3 }, pTrue, 3, 5)
      // at most 12 of 15 can be above the MTD (the first cohort is at dose 1): 12 = 80 % exactly is not "> 80 %"
      expect(ref.over60).toBeGreaterThan(0)
      expect(ref.over80).toBe(0)
      expect(Math.abs((got.overdosingRisk60 ?? NaN) - 100 * ref.over60)).toBeLessThan(1e-9)
      expect(Math.abs((got.overdosingRisk80 ?? NaN) - 100 * ref.over80)).toBeLessThan(1e-9)
    }
  })

  it('Monte Carlo simulators agree with the exact enumeration (within 4 standard errors)', () => {
    const nTrial = 20000
    for (const pTrue of [
      [0.1, 0.3],
      [0.3, 0.5],
      [0.05, 0.25, 0.45],
    ]) {
      const exact = must(exactBoin({ target: 0.3, pTrue, nCohort: 4, cohortSize: 3 }))
      const sim = must(simulateBoin({ target: 0.3, pTrue, nCohort: 4, cohortSize: 3, nTrial, seed: SEED }))
      const e33 = must(exactThreePlusThree(pTrue))
      const s33 = must(simulateThreePlusThree({ pTrue, nTrial, seed: SEED }))
      for (const [e, m] of [
        [exact, sim],
        [e33, s33],
      ] as const) {
        ;[...e.selectionPercent, e.noMtdPercent].forEach((pe, i) => {
          const pm = [...m.selectionPercent, m.noMtdPercent][i] as number
          const se = 100 * Math.sqrt(((pe / 100) * (1 - pe / 100)) / nTrial)
          expect(Math.abs(pm - pe)).toBeLessThanOrEqual(4 * se + 1e-9)
        })
        expect(Math.abs(m.meanSampleSize - e.meanSampleSize)).toBeLessThan(0.1)
      }
    }
  })

  it('property: 3+3 exact OC (both variants) for random scenarios', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
          { minLength: 1, maxLength: 4 },
        ),
        fc.boolean(),
        (pTrue, confirmTopDose) => {
          const got = must(exactThreePlusThree(pTrue, { confirmTopDose }))
          const ref = refExact33(pTrue, confirmTopDose)
          close(
            got.selectionPercent,
            ref.select.map((v) => 100 * v),
          )
          close([got.noMtdPercent], [100 * ref.none])
          close(got.patientsPerDose, ref.meanN)
          close(got.dltsPerDose, ref.meanY)
        },
      ),
      { seed: SEED, numRuns: 200 },
    )
  })
})

describe('§1 3+3: engine vs reference', () => {
  /** drive decideThreePlusThree from dose 1 with scripted cohort DLT counts */
  const run33 = (k: number, dlts: readonly number[], confirmTopDose = false) => {
    const n = Array.from({ length: k }, () => 0)
    const y = Array.from({ length: k }, () => 0)
    let d = 1
    for (let c = 0; c < 100; c++) {
      n[d - 1] = (n[d - 1] as number) + 3
      y[d - 1] = (y[d - 1] as number) + (dlts[c] ?? 0)
      const r = must(decideThreePlusThree({ n, y, currentDose: d, confirmTopDose }))
      if (r.action === 'stop') return { n, y, mtd: r.mtd === null || r.mtd === undefined ? null : r.mtd - 1 }
      d = r.nextDose as number
    }
    throw new Error('3+3 did not stop')
  }
  const script = (xs: readonly number[]) => {
    let i = 0
    return () => xs[i++] ?? 0
  }

  it('T1–T5', () => {
    expect(run33(2, [0, 0])).toEqual({ n: [3, 3], y: [0, 0], mtd: 1 })
    expect(run33(2, [0, 1, 0])).toEqual({ n: [3, 6], y: [0, 1], mtd: 1 })
    expect(run33(2, [0, 2, 1])).toEqual({ n: [6, 3], y: [1, 2], mtd: 0 })
    expect(run33(2, [1, 1])).toEqual({ n: [6, 0], y: [2, 0], mtd: null })
    expect(run33(2, [0, 1, 1, 0])).toEqual({ n: [6, 6], y: [0, 2], mtd: 0 })
  })

  it('hand-picked: 0/3, 1/3 + 0/3, 1/3 + ≥1/3, ≥2/3, MTD one level below, recursion, running out of doses', () => {
    // single dose level
    expect(run33(1, [0])).toEqual({ n: [3], y: [0], mtd: 0 })
    expect(run33(1, [1, 0])).toEqual({ n: [6], y: [1], mtd: 0 })
    expect(run33(1, [1, 1])).toEqual({ n: [6], y: [2], mtd: null })
    expect(run33(1, [2])).toEqual({ n: [3], y: [2], mtd: null })
    // 3 doses: 2/3 at D3 with 6 already at D2 → MTD = D2 without more patients
    expect(run33(3, [0, 1, 0, 2])).toEqual({ n: [3, 6, 3], y: [0, 1, 2], mtd: 1 })
    // recursion: D3 3/3 → D2 +3 (2/6) → D1 +3 (0/6) → MTD = D1
    expect(run33(3, [0, 0, 3, 2, 0])).toEqual({ n: [6, 6, 3], y: [0, 2, 3], mtd: 0 })
    // recursion to the lowest dose: D2 +2/3 → D1 +2/3 → no MTD
    expect(run33(2, [0, 2, 2])).toEqual({ n: [6, 3], y: [2, 2], mtd: null })
    // 1/3 then 1/3 at D2 (2/6), D1 with 6 already → MTD = D1
    expect(run33(3, [1, 0, 1, 1])).toEqual({ n: [6, 6, 0], y: [1, 2, 0], mtd: 0 })
    // variant: 6 at the top dose also after 0/3
    expect(run33(2, [0, 0, 1], true)).toEqual({ n: [3, 6], y: [0, 1], mtd: 1 })
    expect(run33(2, [0, 0, 2, 0], true)).toEqual({ n: [6, 6], y: [0, 2], mtd: 0 })
    for (const [k, xs, v] of [
      [1, [0], false],
      [3, [0, 1, 0, 2], false],
      [3, [0, 0, 3, 2, 0], false],
      [2, [0, 0, 2, 0], true],
    ] as const)
      expect(run33(k, xs, v)).toEqual(refRun33(k, script(xs), v))
  })

  it('property: random cohort outcomes through decideThreePlusThree match the reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 15, maxLength: 15 }),
        fc.boolean(),
        (k, xs, v) => {
          expect(run33(k, xs, v)).toEqual(refRun33(k, script(xs), v))
        },
      ),
      { seed: SEED, numRuns: 1000 },
    )
  })
})

describe('trial-level counts feeding the engines (dose-escalation.md preamble; safety-grading.md §5)', () => {
  const base = { receivedAssignedDose: true, offStudy: false, events: [] } as const
  const dlt = { term: 'ICANS', grade: 3, category: 'non-haematological', attribution: 'probable' } as const
  it('pending (in window) and not-evaluable (off study early, dose not received) subjects are not in n', () => {
    const subjects: DltSubject<number>[] = [
      { ...base, subjectId: 'a', doseLevel: 1, observedThroughDay: 28 }, // window complete (Day 28 inclusive)
      { ...base, subjectId: 'b', doseLevel: 1, observedThroughDay: 40 },
      { ...base, subjectId: 'c', doseLevel: 1, observedThroughDay: 27 }, // pending
      { ...base, subjectId: 'd', doseLevel: 1, observedThroughDay: 10, offStudy: true }, // not evaluable
      { ...base, subjectId: 'e', doseLevel: 2, observedThroughDay: 5, events: [{ ...dlt, onsetDay: 5 }] }, // DLT: evaluable
      { ...base, subjectId: 'f', doseLevel: 2, observedThroughDay: 35, events: [{ ...dlt, onsetDay: 29 }] }, // outside
      { ...base, subjectId: 'g', doseLevel: 2, observedThroughDay: 35, receivedAssignedDose: false },
      { ...base, subjectId: 'h', doseLevel: 2, observedThroughDay: 3, receivedAssignedDose: null }, // pending
    ]
    const rows = summariseDltByDoseLevel(subjects)
    expect(rows).toEqual([
      { doseLevel: 1, nEvaluable: 2, nDlt: 0, pendingSubjects: ['c'] },
      { doseLevel: 2, nEvaluable: 2, nDlt: 1, pendingSubjects: ['h'] },
    ])
    const n = rows.map((r) => r.nEvaluable)
    const y = rows.map((r) => r.nDlt)
    // BOIN φ = 0.30 at dose 2 with 1/2: y = 1 > floor(0.2365·2) = 0 and y ≥ ceil(0.3585·2) = 1 → de-escalate
    expect(decide({ target: 0.3, n, y, currentDose: 2 }).action).toBe('deescalate')
    expect(refStep({ target: 0.3 }, 2, 1, 2, 1, null).move).toBe('deescalate')
  })
})
