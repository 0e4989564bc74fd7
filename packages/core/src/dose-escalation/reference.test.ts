/**
 * Independent differential check of the dose-escalation engines against a small reference
 * implementation written from domain/dose-escalation.md alone (and BOIN R package behaviour the doc says
 * it was checked against: get.boundary, get.oc, select.mtd). Test-only; nothing here is exported.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  boinBoundaries,
  decideBoin,
  decideThreePlusThree,
  exactBoin,
  exactThreePlusThree,
  probabilityAboveTarget,
  selectMtdBoin,
} from './index.js'
import { refBetaCdf } from '../stats/fixtures/reference-beta.js'

const FC = { seed: 20261207, numRuns: 300 }

// ===================== Reference implementation (from dose-escalation.md only) =====================

/** §2.3: P(p > phi | y, n) under Beta(1,1) prior = 1 - F_Beta(phi; y+1, n-y+1). */
function refPosteriorTox(phi: number, y: number, n: number): number {
  return 1 - refBetaCdf(phi, y + 1, n - y + 1)
}

/** §2.2 lambda_e, lambda_d. */
function refLambdas(phi: number, phi1 = 0.6 * phi, phi2 = 1.4 * phi): { le: number; ld: number } {
  const le = Math.log((1 - phi1) / (1 - phi)) / Math.log((phi * (1 - phi1)) / (phi1 * (1 - phi)))
  const ld = Math.log((1 - phi) / (1 - phi2)) / Math.log((phi2 * (1 - phi)) / (phi * (1 - phi2)))
  return { le, ld }
}

interface RefBoundaryRow {
  n: number
  esc: number
  deesc: number
  elim: number | null
}

/** §2.2 count form, §2.3 elimination boundary (n >= 3; smallest y with posterior > cutoff), deesc = min(deesc, elim). */
function refBoundaries(
  phi: number,
  maxN: number,
  opts: { phi1?: number; phi2?: number; cutoffEli?: number } = {},
): RefBoundaryRow[] {
  const { le, ld } = refLambdas(phi, opts.phi1 ?? 0.6 * phi, opts.phi2 ?? 1.4 * phi)
  const cutoff = opts.cutoffEli ?? 0.95
  const rows: RefBoundaryRow[] = []
  for (let n = 1; n <= maxN; n++) {
    let elim: number | null = null
    if (n >= 3) {
      for (let y = 1; y <= n; y++) {
        if (refPosteriorTox(phi, y, n) > cutoff) {
          elim = y
          break
        }
      }
    }
    let deesc = Math.ceil(ld * n)
    if (elim !== null && deesc > elim) deesc = elim
    rows.push({ n, esc: Math.floor(le * n), deesc, elim })
  }
  return rows
}

type RefMove = 'escalate' | 'stay' | 'deescalate' | 'stop'

/** §2.5 conduct rule for one decision at dose d (0-based). Mutates `eliminated`. */
function refBoinDecide(
  row: RefBoundaryRow,
  y: number,
  d: number,
  nDoses: number,
  eliminated: boolean[],
): { move: RefMove; next: number } {
  if (row.elim !== null && y >= row.elim) {
    for (let j = d; j < nDoses; j++) eliminated[j] = true
    if (d === 0) return { move: 'stop', next: d }
  }
  if (y <= row.esc && d < nDoses - 1) {
    if (!eliminated[d + 1]) return { move: 'escalate', next: d + 1 }
    return { move: 'stay', next: d }
  }
  if (y >= row.deesc && d > 0) return { move: 'deescalate', next: d - 1 }
  return { move: 'stay', next: d }
}

/** §2.6 step 4: PAVA, first violating adjacent pair, pool whole level sets with weights. */
function refPava(x: number[], w: number[]): number[] {
  const v = x.slice()
  const lvl = v.map((_, i) => i)
  for (;;) {
    let i = -1
    for (let k = 0; k < v.length - 1; k++) {
      if (v[k + 1]! - v[k]! < 0) {
        i = k
        break
      }
    }
    if (i < 0) return v
    const l1 = lvl[i]!
    const l2 = lvl[i + 1]!
    let sw = 0
    let sx = 0
    for (let k = 0; k < v.length; k++) {
      if (lvl[k] === l1 || lvl[k] === l2) {
        sw += w[k]!
        sx += v[k]! * w[k]!
      }
    }
    const m = sx / sw
    for (let k = 0; k < v.length; k++) {
      if (lvl[k] === l1 || lvl[k] === l2) {
        v[k] = m
        lvl[k] = l1
      }
    }
  }
}

/** §2.6 MTD selection. Returns 0-based dose index or null (no MTD). */
function refSelectMtd(
  phi: number,
  n: number[],
  y: number[],
  opts: { cutoffEli?: number; boundMTD?: boolean; phi2?: number; extrasafe?: boolean; offset?: number } = {},
): { mtd: number | null; iso: (number | null)[] } {
  const cutoff = opts.cutoffEli ?? 0.95
  const k = n.length
  const elim = new Array<boolean>(k).fill(false)
  // §2.6 step 1 / §2.3: first dose meeting the rule eliminates itself and all higher doses
  for (let j = 0; j < k; j++) {
    if (n[j]! >= 3 && refPosteriorTox(phi, y[j]!, n[j]!) > cutoff) {
      for (let h = j; h < k; h++) elim[h] = true
      break
    }
  }
  if (opts.extrasafe && n[0]! >= 3 && refPosteriorTox(phi, y[0]!, n[0]!) > cutoff - (opts.offset ?? 0.05)) {
    elim.fill(true)
  }
  const iso: (number | null)[] = new Array(k).fill(null)
  const kept: number[] = []
  for (let j = 0; j < k; j++) if (n[j]! > 0 && !elim[j]) kept.push(j)
  if (elim[0] || kept.length === 0) return { mtd: null, iso }
  const ph = kept.map((j) => (y[j]! + 0.05) / (n[j]! + 0.1))
  const vr = kept.map(
    (j) => ((y[j]! + 0.05) * (n[j]! - y[j]! + 0.05)) / ((n[j]! + 0.1) ** 2 * (n[j]! + 0.1 + 1)),
  )
  const p = refPava(
    ph,
    vr.map((v) => 1 / v),
  )
  kept.forEach((j, i) => (iso[j] = p[i]!))
  // §2.6 step 5: ties via + j*1e-10 (j 1-based over kept doses), first minimum
  const adj = p.map((v, i) => v + (i + 1) * 1e-10)
  let cand = adj.map((_, i) => i)
  if (opts.boundMTD) {
    const ld = refLambdas(phi, 0.6 * phi, opts.phi2 ?? 1.4 * phi).ld
    cand = cand.filter((i) => p[i]! < ld)
    if (cand.length === 0) return { mtd: null, iso }
  }
  let best = cand[0]!
  for (const i of cand) if (Math.abs(adj[i]! - phi) < Math.abs(adj[best]! - phi)) best = i
  return { mtd: kept[best]!, iso }
}

interface RefTrial {
  n: number[]
  y: number[]
  earlyStop: boolean
  mtd: number | null
}

/** §2.5 run one BOIN trial given a fixed per-cohort DLT count supplier. */
function refRunBoin(
  phi: number,
  nDoses: number,
  cohortSize: number,
  nCohorts: number,
  cohortDlts: (dose: number, cohortIndex: number) => number,
  opts: RefBoinOpts = {},
): RefTrial {
  const table = refBoundaries(phi, cohortSize * nCohorts, opts)
  const n = new Array<number>(nDoses).fill(0)
  const y = new Array<number>(nDoses).fill(0)
  const eliminated = new Array<boolean>(nDoses).fill(false)
  let d = opts.startDose ?? 0
  let earlyStop = false
  for (let c = 0; c < nCohorts; c++) {
    y[d]! += cohortDlts(d, c)
    n[d]! += cohortSize
    const r = refGetOcStep(phi, table, n, y, d, eliminated, opts)
    if (r === 'stop-tox') earlyStop = true
    if (r === 'stop-tox' || r === 'stop') break
    d = r
  }
  const mtd = earlyStop
    ? null
    : refSelectMtd(phi, n, y, {
        cutoffEli: opts.cutoffEli,
        boundMTD: opts.boundMTD,
        phi2: opts.phi2,
        extrasafe: opts.extrasafe,
        offset: opts.offset,
      }).mtd
  return { n, y, earlyStop, mtd }
}

function binomPmf(k: number, n: number, p: number): number {
  let c = 1
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1)
  return c * p ** k * (1 - p) ** (n - k)
}

interface RefOc {
  select: number[]
  none: number
  meanN: number[]
  meanDlt: number[]
}

interface RefBoinOpts {
  phi1?: number
  phi2?: number
  cutoffEli?: number
  nEarlyStop?: number
  startDose?: number
  extrasafe?: boolean
  offset?: number
  boundMTD?: boolean
}

/**
 * One cohort's conduct step in the doc's numbered order (§2.5): elimination (rule 2), the optional
 * extrasafe stop at the lowest dose, the n.earlystop stop (rule 6), then rules 3-5. Returns the next dose, 'stop-tox', or 'stop'.
 */
function refGetOcStep(
  phi: number,
  table: RefBoundaryRow[],
  n: number[],
  y: number[],
  d: number,
  elim: boolean[],
  o: RefBoinOpts,
): number | 'stop-tox' | 'stop' {
  const row = table[n[d]! - 1]!
  if (row.elim !== null) {
    if (y[d]! >= row.elim) {
      for (let j = d; j < n.length; j++) elim[j] = true
      if (d === 0) return 'stop-tox'
    }
    if (
      o.extrasafe &&
      d === 0 &&
      n[0]! >= 3 &&
      refPosteriorTox(phi, y[0]!, n[0]!) > (o.cutoffEli ?? 0.95) - (o.offset ?? 0.05)
    )
      return 'stop-tox'
  }
  // §2.5 rule 6 after rule 2 (numbered order)
  if (n[d]! >= (o.nEarlyStop ?? 100)) return 'stop'
  return refBoinDecide(row, y[d]!, d, n.length, elim).next
}

/** §3 exact BOIN OC by enumerating every cohort outcome (no state merging: plain tree walk). */
function refBoinExactOc(
  phi: number,
  pTrue: number[],
  cohortSize: number,
  nCohorts: number,
  o: RefBoinOpts = {},
): RefOc {
  const k = pTrue.length
  const out: RefOc = {
    select: new Array(k).fill(0),
    none: 0,
    meanN: new Array(k).fill(0),
    meanDlt: new Array(k).fill(0),
  }
  const table = refBoundaries(phi, cohortSize * nCohorts, o)
  const finish = (n: number[], y: number[], prob: number, tox: boolean) => {
    for (let j = 0; j < k; j++) {
      out.meanN[j]! += prob * n[j]!
      out.meanDlt[j]! += prob * y[j]!
    }
    const m = tox
      ? null
      : refSelectMtd(phi, n, y, {
          cutoffEli: o.cutoffEli,
          boundMTD: o.boundMTD,
          phi2: o.phi2,
          extrasafe: o.extrasafe,
          offset: o.offset,
        }).mtd
    if (m === null) out.none += prob
    else out.select[m]! += prob
  }
  const rec = (c: number, d: number, n: number[], y: number[], elim: boolean[], prob: number): void => {
    if (c === nCohorts) return finish(n, y, prob, false)
    for (let t = 0; t <= cohortSize; t++) {
      const pr = prob * binomPmf(t, cohortSize, pTrue[d]!)
      if (pr === 0) continue
      const n2 = n.slice()
      const y2 = y.slice()
      const e2 = elim.slice()
      n2[d]! += cohortSize
      y2[d]! += t
      const r = refGetOcStep(phi, table, n2, y2, d, e2, o)
      if (r === 'stop-tox' || r === 'stop') finish(n2, y2, pr, r === 'stop-tox')
      else rec(c + 1, r, n2, y2, e2, pr)
    }
  }
  rec(0, o.startDose ?? 0, new Array(k).fill(0), new Array(k).fill(0), new Array(k).fill(false), 1)
  return out
}

// ---------------- 3+3 (§1.1) ----------------
interface RefTptResult {
  mtd: number | null
  n: number[]
  y: number[]
}

/**
 * §1.1 3+3 driven by a supplier of cohort DLT counts (each call = one cohort of 3 at dose d).
 */
function refRun33(nDoses: number, cohort: (dose: number) => number, confirmTopDose = false): RefTptResult {
  const n = new Array<number>(nDoses).fill(0)
  const y = new Array<number>(nDoses).fill(0)
  const treat = (d: number) => {
    y[d]! += cohort(d)
    n[d]! += 3
  }
  // "exceeded at d" (§1.1 rows 6-8)
  const exceeded = (d: number): number | null => {
    if (d === 0) return null
    const b = d - 1
    if (n[b]! >= 6) return b
    treat(b)
    if (y[b]! <= 1) return b
    return exceeded(b)
  }
  let d = 0
  for (;;) {
    treat(d)
    if (n[d] === 3) {
      if (y[d] === 0 && !(confirmTopDose && d === nDoses - 1)) {
        if (d === nDoses - 1) return { mtd: d, n, y }
        d++
        continue
      }
      // §1.1 variant (PROTOCOL DECISION): 6 patients at the declared MTD even after 0/3 at the top dose
      if (y[d]! <= 1) {
        treat(d)
      } else {
        return { mtd: exceeded(d), n, y }
      }
    }
    // 6 treated
    if (y[d]! <= 1) {
      if (d === nDoses - 1) return { mtd: d, n, y }
      d++
      continue
    }
    return { mtd: exceeded(d), n, y }
  }
}

/** §3 exact 3+3 OC: enumerate all cohort outcome sequences (replay with a prefix). */
function refThreePlusThreeExactOc(
  pTrue: number[],
  maxPatients = Infinity,
  confirmTopDose = false,
): RefOc & { meanTotal: number } {
  const k = pTrue.length
  const out = {
    select: new Array<number>(k).fill(0),
    none: 0,
    meanN: new Array<number>(k).fill(0),
    meanDlt: new Array<number>(k).fill(0),
    meanTotal: 0,
  }
  class NeedMore extends Error {
    constructor(public dose: number) {
      super('more')
    }
  }
  const explore = (prefix: number[], prob: number) => {
    let i = 0
    let total = 0
    let capped = false
    let res: RefTptResult
    try {
      res = refRun33(
        k,
        (d) => {
          if (total + 3 > maxPatients) {
            capped = true
            throw new NeedMore(-1)
          }
          if (i < prefix.length) {
            total += 3
            return prefix[i++]!
          }
          throw new NeedMore(d)
        },
        confirmTopDose,
      )
    } catch (e) {
      if (!(e instanceof NeedMore)) throw e
      if (!capped) {
        for (let t = 0; t <= 3; t++) explore([...prefix, t], prob * binomPmf(t, 3, pTrue[e.dose]!))
        return
      }
      throw new Error('cap not supported')
    }
    for (let j = 0; j < k; j++) {
      out.meanN[j]! += prob * res.n[j]!
      out.meanDlt[j]! += prob * res.y[j]!
      out.meanTotal += prob * res.n[j]!
    }
    if (res.mtd === null) out.none += prob
    else out.select[res.mtd]! += prob
  }
  explore([], 1)
  return out
}

// ===================== Tests =====================

/** BOIN designs the package (and the engine) accept: 0.05 ≤ φ ≤ 0.6, φ₁ ≤ 0.9 φ, φ₂ ≥ 1.1 φ. */
const designArb = fc
  .record({
    target: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
    a: fc.double({ min: 0.2, max: 0.88, noNaN: true }),
    b: fc.double({ min: 1.12, max: 2.2, noNaN: true }),
    cutoffEli: fc.oneof(fc.constant(0.95), fc.double({ min: 0.6, max: 0.995, noNaN: true })),
    defaults: fc.boolean(),
  })
  .filter((r) => r.target * r.b < 0.99)
  .map((r) =>
    r.defaults
      ? { target: r.target, pSaf: 0.6 * r.target, pTox: 1.4 * r.target, cutoffEli: r.cutoffEli }
      : { target: r.target, pSaf: r.a * r.target, pTox: r.b * r.target, cutoffEli: r.cutoffEli },
  )

/** posterior within 1e-9 of the cutoff: floating-point noise could legitimately flip the comparison */
function nearCutoff(phi: number, cutoff: number, maxN: number): boolean {
  let y = 0
  for (let n = 3; n <= maxN; n++) {
    // the posterior increases with y and the boundary is non-decreasing in n: scan from the last one
    y = Math.max(0, y - 1)
    while (y <= n && refPosteriorTox(phi, y, n) <= cutoff - 1e-9) y++
    for (let k = y; k <= Math.min(n, y + 1); k++)
      if (Math.abs(refPosteriorTox(phi, k, n) - cutoff) < 1e-9) return true
  }
  return false
}

describe('reference model reproduces the doc (validates the reference itself)', () => {
  it('§2.2 λ table, §2.3 posterior checks, §2.4 boundary tables', () => {
    const lam: [number, number, number][] = [
      [0.25, 0.196801, 0.298392],
      [0.3, 0.236491, 0.358519],
      [0.2, 0.157242, 0.238462],
    ]
    for (const [phi, le, ld] of lam) {
      expect(refLambdas(phi).le).toBeCloseTo(le, 6)
      expect(refLambdas(phi).ld).toBeCloseTo(ld, 6)
    }
    const post: [number, number, number, number][] = [
      [0.3, 3, 3, 0.9919],
      [0.3, 2, 3, 0.9163],
      [0.3, 3, 4, 0.9692],
      [0.3, 3, 6, 0.874],
      [0.25, 2, 3, 0.9492],
      [0.25, 3, 3, 0.9961],
    ]
    for (const [phi, y, n, p] of post) {
      expect(refPosteriorTox(phi, y, n)).toBeCloseTo(p, 4)
      expect(probabilityAboveTarget(y, n, phi)).toBeCloseTo(p, 4)
    }
    const t25 = refBoundaries(0.25, 12)
    expect(t25.map((r) => r.esc)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2])
    expect(t25.map((r) => r.deesc)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4])
    expect(t25.map((r) => r.elim)).toEqual([null, null, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6])
    const t30 = refBoundaries(0.3, 12)
    expect(t30.map((r) => r.esc)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    expect(t30.map((r) => r.deesc)).toEqual([1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5])
    expect(t30.map((r) => r.elim)).toEqual([null, null, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7])
  })

  it('§2.7 M1-M5 and §3 exact OC table', () => {
    expect(refSelectMtd(0.3, [3, 6, 6], [0, 1, 3]).mtd).toBe(1)
    expect(refSelectMtd(0.3, [3, 6, 3], [0, 2, 0]).mtd).toBe(2)
    expect(refSelectMtd(0.3, [3, 6, 4], [0, 1, 3]).mtd).toBe(1)
    expect(refSelectMtd(0.3, [6, 3], [3, 3]).mtd).toBe(0)
    expect(refSelectMtd(0.3, [6, 3], [3, 3], { boundMTD: true }).mtd).toBe(null)
    expect(refSelectMtd(0.25, [3, 3, 0], [0, 2, 0]).mtd).toBe(0)
    const boin = refBoinExactOc(0.3, [0.1, 0.3], 3, 3)
    expect(boin.select[0]! * 100).toBeCloseTo(29.6, 1)
    expect(boin.select[1]! * 100).toBeCloseTo(70.2, 1)
    const tpt = refThreePlusThreeExactOc([0.1, 0.3])
    expect(tpt.meanTotal).toBeCloseTo(8.75, 2)
  })
})

describe('engine vs doc §3 exact OC table (all four scenarios, BOIN and 3+3, to the printed precision)', () => {
  const rows = [
    {
      p: [0.1, 0.3],
      bs: [29.6, 70.2, 0.2],
      bn: [4.56, 4.43],
      bd: [0.46, 1.33],
      ts: [44.8, 44.8, 10.4],
      tn: [4.84, 3.92, 8.75],
    },
    {
      p: [0.05, 0.15],
      bs: [8.6, 91.3, 0.0],
      bn: [3.66, 5.34],
      bd: [0.18, 0.8],
      ts: [18.0, 79.2, 2.8],
      tn: [3.89, 3.87, 7.75],
    },
    {
      p: [0.3, 0.5],
      bs: [64.6, 23.1, 12.3],
      bn: [6.68, 2.0],
      bd: [2.0, 1.0],
      ts: [34.8, 8.5, 56.7],
      tn: [5.18, 2.04, 7.21],
    },
    {
      p: [0.5, 0.65],
      bs: [43.6, 4.0, 52.3],
      bn: [6.93, 0.62],
      bd: [3.46, 0.4],
      ts: [10.4, 0.9, 88.7],
      tn: [4.48, 0.64, 5.12],
    },
  ]
  const half1 = 0.05 + 1e-9
  const half2 = 0.005 + 1e-9
  for (const r of rows) {
    it(`p = (${r.p.join(', ')})`, () => {
      const b = exactBoin({ target: 0.3, pTrue: r.p, nCohort: 3, cohortSize: 3 }).value!
      expect(Math.abs(b.selectionPercent[0]! - r.bs[0]!)).toBeLessThanOrEqual(half1)
      expect(Math.abs(b.selectionPercent[1]! - r.bs[1]!)).toBeLessThanOrEqual(half1)
      expect(Math.abs(b.noMtdPercent - r.bs[2]!)).toBeLessThanOrEqual(half1)
      r.bn.forEach((v, j) => expect(Math.abs(b.patientsPerDose[j]! - v)).toBeLessThanOrEqual(half2))
      r.bd.forEach((v, j) => expect(Math.abs(b.dltsPerDose[j]! - v)).toBeLessThanOrEqual(half2))
      const t = exactThreePlusThree(r.p).value!
      expect(Math.abs(t.selectionPercent[0]! - r.ts[0]!)).toBeLessThanOrEqual(half1)
      expect(Math.abs(t.selectionPercent[1]! - r.ts[1]!)).toBeLessThanOrEqual(half1)
      expect(Math.abs(t.noMtdPercent - r.ts[2]!)).toBeLessThanOrEqual(half1)
      expect(Math.abs(t.patientsPerDose[0]! - r.tn[0]!)).toBeLessThanOrEqual(half2)
      expect(Math.abs(t.patientsPerDose[1]! - r.tn[1]!)).toBeLessThanOrEqual(half2)
      expect(Math.abs(t.meanSampleSize - r.tn[2]!)).toBeLessThanOrEqual(half2)
    })
  }
})

describe('engine vs reference on generated inputs', () => {
  it('boundaries (§2.2-2.4): any target, φ₁, φ₂, cutoff, cohort size, n up to 100', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 34 }),
        (d, cohortSize, nc) => {
          const nCohort = Math.max(1, Math.min(nc, Math.floor(100 / cohortSize)))
          const maxN = nCohort * cohortSize
          fc.pre(!nearCutoff(d.target, d.cutoffEli, maxN))
          const eng = boinBoundaries({ ...d, nCohort, cohortSize })
          expect(eng.ok).toBe(true)
          const ref = refBoundaries(d.target, maxN, { phi1: d.pSaf, phi2: d.pTox, cutoffEli: d.cutoffEli })
          const { le, ld } = refLambdas(d.target, d.pSaf, d.pTox)
          expect(eng.value!.lambdaE).toBeCloseTo(le, 12)
          expect(eng.value!.lambdaD).toBeCloseTo(ld, 12)
          expect(
            eng.value!.table.map((r) => [r.n, r.escalateIfDltLe, r.deescalateIfDltGe, r.eliminateIfDltGe]),
          ).toEqual(ref.map((r) => [r.n, r.esc, r.deesc, r.elim]))
        },
      ),
      { ...FC, numRuns: 150 },
    )
  })

  it('decision after a cohort (§2.5): random states, next dose eliminated, n.earlystop, extrasafe', () => {
    const stateArb = fc
      .record({
        k: fc.integer({ min: 1, max: 5 }),
        seedN: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 }),
        frac: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        cur: fc.nat(),
        elimOff: fc.nat(),
        earlyMode: fc.integer({ min: 0, max: 2 }),
        earlyAny: fc.integer({ min: 1, max: 100 }),
        extrasafe: fc.boolean(),
        offset: fc.oneof(fc.constant(0.05), fc.double({ min: 0, max: 0.3, noNaN: true })),
      })
      .map((s) => {
        const n = s.seedN.slice(0, s.k)
        const d = s.cur % s.k
        if (n[d] === 0) n[d] = 1 + (s.cur % 100)
        const y = n.map((ni, i) => Math.round(ni * s.frac[i]! * s.frac[(i + 1) % 5]!))
        const elimFrom = d + 1 + (s.elimOff % (s.k - d)) // d+1 .. k (k = none eliminated)
        // n.earlystop: off, reached exactly at this cohort, or anywhere
        const early = s.earlyMode === 0 ? 100 : s.earlyMode === 1 ? Math.max(1, n[d]!) : s.earlyAny
        return { ...s, n, y, d, elimFrom, early }
      })
    fc.assert(
      fc.property(designArb, stateArb, (des, s) => {
        fc.pre(!nearCutoff(des.target, des.cutoffEli, 100))
        fc.pre(!s.extrasafe || !nearCutoff(des.target, des.cutoffEli - s.offset, 100))
        const eliminated = s.n.map((_, i) => i >= s.elimFrom)
        const eng = decideBoin({
          ...des,
          n: s.n,
          y: s.y,
          currentDose: s.d + 1,
          eliminated,
          nEarlystop: s.early,
          extrasafe: s.extrasafe,
          offset: s.offset,
          nCohort: 1000,
          cohortSize: 1,
        })
        expect(eng.ok).toBe(true)
        // reference (§2.5 + R get.oc ordering)
        const nd = s.n[s.d]!
        const yd = s.y[s.d]!
        const refElim = eliminated.slice()
        let refAction: string
        let refNext: number | null
        const row = refBoundaries(des.target, nd, {
          phi1: des.pSaf,
          phi2: des.pTox,
          cutoffEli: des.cutoffEli,
        })[nd - 1]!
        {
          let stop = false
          if (row.elim !== null) {
            if (yd >= row.elim) {
              for (let j = s.d; j < s.k; j++) refElim[j] = true
              if (s.d === 0) stop = true
            }
            if (
              !stop &&
              s.extrasafe &&
              s.d === 0 &&
              nd >= 3 &&
              refPosteriorTox(des.target, yd, nd) > des.cutoffEli - s.offset
            )
              stop = true
          }
          // §2.5 rule 6 (n.earlystop) is applied after rule 2 (elimination)
          if (nd >= s.early) stop = true
          if (stop) {
            refAction = 'stop'
            refNext = null
          } else {
            const r = refBoinDecide(row, yd, s.d, s.k, refElim.slice())
            refAction = r.move
            refNext = r.next + 1
          }
        }
        expect({ action: eng.value!.action, next: eng.value!.nextDose, elim: eng.value!.eliminated }).toEqual(
          {
            action: refAction,
            next: refNext,
            elim: refElim,
          },
        )
      }),
      FC,
    )
  })

  it('MTD selection (§2.6): ties, untreated and eliminated doses, boundMTD, extrasafe', () => {
    const countsArb = fc
      .array(
        fc.oneof(
          fc.constantFrom<[number, number]>(
            [0, 0],
            [3, 0],
            [3, 1],
            [3, 2],
            [3, 3],
            [6, 1],
            [6, 2],
            [6, 3],
            [9, 2],
          ),
          fc
            .integer({ min: 0, max: 30 })
            .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ),
        { minLength: 1, maxLength: 7 },
      )
      .map((a) => ({ n: a.map((c) => c[0]), y: a.map((c) => c[1]) }))
    fc.assert(
      fc.property(
        designArb,
        countsArb,
        fc.boolean(),
        fc.boolean(),
        fc.oneof(fc.constant(0.05), fc.double({ min: 0, max: 0.3, noNaN: true })),
        (des, c, boundMtd, extrasafe, offset) => {
          fc.pre(!nearCutoff(des.target, des.cutoffEli, 30))
          fc.pre(!extrasafe || !nearCutoff(des.target, des.cutoffEli - offset, 30))
          const eng = selectMtdBoin({ ...des, n: c.n, y: c.y, boundMtd, extrasafe, offset })
          expect(eng.ok).toBe(true)
          const ref = refSelectMtd(des.target, c.n, c.y, {
            cutoffEli: des.cutoffEli,
            boundMTD: boundMtd,
            phi2: des.pTox,
            extrasafe,
            offset,
          })
          // boundMTD uses λd of the design (φ₁ too)
          if (boundMtd) {
            const ld = refLambdas(des.target, des.pSaf, des.pTox).ld
            const r2 = refSelectMtdLd(des.target, c.n, c.y, des.cutoffEli, ld, extrasafe, offset)
            expect(eng.value!.mtd).toBe(r2 === null ? null : r2 + 1)
          } else {
            expect(eng.value!.mtd).toBe(ref.mtd === null ? null : ref.mtd + 1)
          }
          expect(eng.value!.isotonicEstimates.length).toBe(c.n.length)
          eng.value!.isotonicEstimates.forEach((v, j) => {
            const r = ref.iso[j]
            if (r === null || r === undefined) expect(v).toBeNull()
            else expect(v).toBeCloseTo(r, 12)
          })
        },
      ),
      FC,
    )
  })

  it('a whole BOIN trial driven cohort by cohort through decideBoin + selectMtdBoin equals the reference trial', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.record({
          early: fc.oneof(fc.constant(100), fc.integer({ min: 3, max: 20 })),
          extrasafe: fc.boolean(),
          boundMtd: fc.boolean(),
          offset: fc.oneof(fc.constant(0.05), fc.double({ min: 0, max: 0.3, noNaN: true })),
          start: fc.nat(),
        }),
        (des, k, cs, nCohort, u, o) => {
          fc.pre(!nearCutoff(des.target, des.cutoffEli, cs * nCohort))
          fc.pre(!o.extrasafe || !nearCutoff(des.target, des.cutoffEli - o.offset, cs * nCohort))
          const start = o.start % k
          const dlts = (c: number) => Math.min(cs, Math.floor(u[c]! * (cs + 1)))
          const ref = refRunBoin(des.target, k, cs, nCohort, (_d, c) => dlts(c), {
            phi1: des.pSaf,
            phi2: des.pTox,
            cutoffEli: des.cutoffEli,
            nEarlyStop: o.early,
            extrasafe: o.extrasafe,
            offset: o.offset,
            boundMTD: o.boundMtd,
            startDose: start,
          })
          const common = { ...des, extrasafe: o.extrasafe, offset: o.offset }
          const n = new Array<number>(k).fill(0)
          const y = new Array<number>(k).fill(0)
          let eliminated = new Array<boolean>(k).fill(false)
          let dose = start + 1
          let stoppedForTox = false
          for (let c = 0; c < nCohort; c++) {
            n[dose - 1]! += cs
            y[dose - 1]! += dlts(c)
            const r = decideBoin({
              ...common,
              nCohort,
              cohortSize: cs,
              nEarlystop: o.early,
              startDose: start + 1,
              n,
              y,
              currentDose: dose,
              eliminated,
            })
            expect(r.ok).toBe(true)
            eliminated = r.value!.eliminated
            if (r.value!.action === 'stop') {
              stoppedForTox =
                r.value!.stopReason === 'lowest-dose-eliminated' || r.value!.stopReason === 'extrasafe'
              break
            }
            dose = r.value!.nextDose!
          }
          const mtd = stoppedForTox
            ? null
            : selectMtdBoin({ ...common, boundMtd: o.boundMtd, n, y }).value!.mtd
          expect({ n, y, mtd }).toEqual({ n: ref.n, y: ref.y, mtd: ref.mtd === null ? null : ref.mtd + 1 })
        },
      ),
      FC,
    )
  })

  it('exact BOIN OC (§3) with options (start dose, n.earlystop, extrasafe, boundMTD, φ₁/φ₂, cutoff) equals the reference', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.record({
          early: fc.oneof(fc.constant(100), fc.integer({ min: 3, max: 9 })),
          extrasafe: fc.boolean(),
          boundMtd: fc.boolean(),
          start: fc.nat(),
        }),
        (des, p, cs, nCohort, o) => {
          fc.pre(!nearCutoff(des.target, des.cutoffEli, cs * nCohort))
          fc.pre(!o.extrasafe || !nearCutoff(des.target, des.cutoffEli - 0.05, cs * nCohort))
          const start = o.start % p.length
          const eng = exactBoin({
            ...des,
            pTrue: p,
            nCohort,
            cohortSize: cs,
            nEarlystop: o.early,
            extrasafe: o.extrasafe,
            boundMtd: o.boundMtd,
            startDose: start + 1,
          })
          expect(eng.ok).toBe(true)
          const ref = refBoinExactOc(des.target, p, cs, nCohort, {
            phi1: des.pSaf,
            phi2: des.pTox,
            cutoffEli: des.cutoffEli,
            nEarlyStop: o.early,
            extrasafe: o.extrasafe,
            boundMTD: o.boundMtd,
            startDose: start,
          })
          eng.value!.selectionPercent.forEach((v, j) => expect(v).toBeCloseTo(100 * ref.select[j]!, 9))
          expect(eng.value!.noMtdPercent).toBeCloseTo(100 * ref.none, 9)
          eng.value!.patientsPerDose.forEach((v, j) => expect(v).toBeCloseTo(ref.meanN[j]!, 9))
          eng.value!.dltsPerDose.forEach((v, j) => expect(v).toBeCloseTo(ref.meanDlt[j]!, 9))
        },
      ),
      { ...FC, numRuns: 100 },
    )
  })

  it('3+3 (§1.1, and the confirmTopDose variant) driven cohort by cohort through decideThreePlusThree equals the reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 20, maxLength: 20 }),
        fc.boolean(),
        (k, outcomes, confirmTopDose) => {
          let i = 0
          const ref = refRun33(k, () => outcomes[i++]!, confirmTopDose)
          const n = new Array<number>(k).fill(0)
          const y = new Array<number>(k).fill(0)
          let dose = 1
          let mtd: number | null | undefined
          for (let c = 0; c < 20; c++) {
            n[dose - 1]! += 3
            y[dose - 1]! += outcomes[c]!
            const r = decideThreePlusThree({ n, y, currentDose: dose, confirmTopDose })
            expect(r.ok).toBe(true)
            if (r.value!.action === 'stop') {
              mtd = r.value!.mtd
              break
            }
            dose = r.value!.nextDose!
          }
          expect({ n, y, mtd }).toEqual({ n: ref.n, y: ref.y, mtd: ref.mtd === null ? null : ref.mtd + 1 })
        },
      ),
      FC,
    )
  })

  it('exact 3+3 OC (§3) equals the reference enumeration', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (p, confirmTopDose) => {
          const eng = exactThreePlusThree(p, { confirmTopDose })
          expect(eng.ok).toBe(true)
          const ref = refThreePlusThreeExactOc(p, Infinity, confirmTopDose)
          eng.value!.selectionPercent.forEach((v, j) => expect(v).toBeCloseTo(100 * ref.select[j]!, 9))
          expect(eng.value!.noMtdPercent).toBeCloseTo(100 * ref.none, 9)
          eng.value!.patientsPerDose.forEach((v, j) => expect(v).toBeCloseTo(ref.meanN[j]!, 9))
          eng.value!.dltsPerDose.forEach((v, j) => expect(v).toBeCloseTo(ref.meanDlt[j]!, 9))
          expect(eng.value!.meanSampleSize).toBeCloseTo(ref.meanTotal, 9)
        },
      ),
      { ...FC, numRuns: 100 },
    )
  })
})

/** §2.6 step 6 with the design's λd (φ₁, φ₂ may be custom). */
function refSelectMtdLd(
  phi: number,
  n: number[],
  y: number[],
  cutoffEli: number,
  ld: number,
  extrasafe: boolean,
  offset: number,
): number | null {
  const base = refSelectMtd(phi, n, y, { cutoffEli, extrasafe, offset })
  if (base.mtd === null) return null
  const kept = base.iso.map((v, j) => (v === null ? -1 : j)).filter((j) => j >= 0)
  const adj = kept.map((j, i) => base.iso[j]! + (i + 1) * 1e-10)
  const cand = kept.map((_, i) => i).filter((i) => base.iso[kept[i]!]! < ld)
  if (cand.length === 0) return null
  let best = cand[0]!
  for (const i of cand) if (Math.abs(adj[i]! - phi) < Math.abs(adj[best]! - phi)) best = i
  return kept[best]!
}
