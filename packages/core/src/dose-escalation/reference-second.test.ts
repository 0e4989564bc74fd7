/**
 * Second independent reference check of the dose-escalation engines (3+3 and BOIN) against
 * /work/shared/domain/dose-escalation.md. The reference model below was written from the doc's prose
 * alone, before reading the engine; where the doc says it follows the BOIN R package (get.boundary,
 * get.oc, select.mtd), the model follows the package. Doses are 0-based inside the model (dose 1 = 0).
 * Test-only: nothing here is exported.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  boinBoundaries,
  boinLambdas,
  decideBoin,
  decideThreePlusThree,
  enumerateBoin,
  exactBoin,
  exactThreePlusThree,
  probabilityAboveTarget,
  selectMtdBoin,
  simulateBoin,
  simulateThreePlusThree,
  type BoinDesignInput,
  type OperatingCharacteristics,
} from './index.js'

const SEED = 20261207

// ============================== reference model (dose-escalation.md) ==============================

function choose(n: number, k: number): number {
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}

/** P(K = k) for K ~ Binomial(size, p). */
function refPmf(size: number, p: number, k: number): number {
  return choose(size, k) * p ** k * (1 - p) ** (size - k)
}

/**
 * §2.3 posterior tail with the Beta(1, 1) prior: 1 − F_Beta(φ; y+1, n−y+1). For integer shapes this
 * equals P(Binomial(n+1, φ) ≤ y) (beta–binomial identity), an exact finite sum independent of any
 * incomplete-beta routine.
 */
function refPosteriorAbove(phi: number, y: number, n: number): number {
  let total = 0
  for (let i = 0; i <= y; i++) total += refPmf(n + 1, phi, i)
  return total
}

interface RefParams {
  phi: number
  /** §2.1 φ₁, default 0.6 φ */
  phi1?: number
  /** §2.1 φ₂, default 1.4 φ */
  phi2?: number
  /** §2.1 cutoff.eli, default 0.95 */
  cutoffEli?: number
}

/** §2.2 λe and λd. */
function refLambdas(p: RefParams): { le: number; ld: number } {
  const { phi } = p
  const phi1 = p.phi1 ?? 0.6 * phi
  const phi2 = p.phi2 ?? 1.4 * phi
  const le = Math.log((1 - phi1) / (1 - phi)) / Math.log((phi * (1 - phi1)) / (phi1 * (1 - phi)))
  const ld = Math.log((1 - phi) / (1 - phi2)) / Math.log((phi2 * (1 - phi)) / (phi * (1 - phi2)))
  return { le, ld }
}

interface RefRow {
  esc: number
  deesc: number
  elim: number | null
}

/**
 * §2.2 count form and §2.3/§2.4 elimination boundary at n: escalate if y ≤ floor(λe n), de-escalate if
 * y ≥ ceil(λd n) capped at elim, eliminate if y ≥ elim = smallest y (≥ 1, as the tables: no dose is
 * eliminated without a DLT) with P(p > φ | y, n) > cutoff, none for n < 3 ("–" in §2.4).
 */
function refRow(p: RefParams, n: number): RefRow {
  const { le, ld } = refLambdas(p)
  let elim: number | null = null
  if (n >= 3) {
    // running sum of refPosteriorAbove(φ, y, n) = Σ_{i ≤ y} P(Bin(n+1, φ) = i)
    let tail = refPmf(n + 1, p.phi, 0)
    for (let y = 1; y <= n; y++) {
      tail += refPmf(n + 1, p.phi, y)
      if (tail > (p.cutoffEli ?? 0.95)) {
        elim = y
        break
      }
    }
  }
  const deesc = Math.ceil(ld * n)
  return { esc: Math.floor(le * n), deesc: elim === null ? deesc : Math.min(deesc, elim), elim }
}

type RefMove = 'escalate' | 'stay' | 'deescalate' | 'stop'

/**
 * §2.5 rules 2-5 after a cohort at dose d (counts already updated, rule 1). Marks eliminated doses in
 * `elim` (mutated). Returns the move and the next dose.
 */
function refConduct(
  p: RefParams,
  d: number,
  n: readonly number[],
  y: readonly number[],
  elim: boolean[],
): { move: RefMove; next: number } {
  const top = n.length - 1
  const nd = n[d] ?? 0
  const yd = y[d] ?? 0
  const row = refRow(p, nd)
  // rule 2: eliminate d..top; lowest eliminated → stop, no MTD
  if (row.elim !== null && yd >= row.elim) {
    for (let j = d; j <= top; j++) elim[j] = true
    if (d === 0) return { move: 'stop', next: d }
  }
  // rule 3
  if (yd <= row.esc) {
    if (d < top && elim[d + 1] !== true) return { move: 'escalate', next: d + 1 }
    return { move: 'stay', next: d }
  }
  // rule 4
  if (yd >= row.deesc && d > 0) return { move: 'deescalate', next: d - 1 }
  // rule 4 at the lowest dose, rule 5
  return { move: 'stay', next: d }
}

interface RefSelectOpts {
  cutoffEli?: number
  extrasafe?: boolean
  offset?: number
  boundMtd?: boolean
  phi2?: number
}

interface RefSelection {
  mtd: number | null
  /** isotonic estimate per dose, null when not kept */
  iso: (number | null)[]
  eliminated: boolean[]
}

/** §2.6 MTD selection (0-based MTD or null). */
function refSelect(
  phi: number,
  n: readonly number[],
  y: readonly number[],
  o: RefSelectOpts = {},
): RefSelection {
  const k = n.length
  const cutoff = o.cutoffEli ?? 0.95
  const eliminated = new Array<boolean>(k).fill(false)
  // step 1: re-apply §2.3 to all doses (first eliminated dose and everything above it)
  for (let j = 0; j < k; j++) {
    const nj = n[j] ?? 0
    if (nj >= 3 && refPosteriorAbove(phi, y[j] ?? 0, nj) > cutoff) {
      for (let h = j; h < k; h++) eliminated[h] = true
      break
    }
  }
  // §2.5 extrasafe: the stricter rule on the lowest dose also ends with no MTD
  const n0 = n[0] ?? 0
  if (o.extrasafe === true && n0 >= 3 && refPosteriorAbove(phi, y[0] ?? 0, n0) > cutoff - (o.offset ?? 0.05))
    eliminated.fill(true)
  const iso: (number | null)[] = n.map(() => null)
  if (eliminated[0] === true) return { mtd: null, iso, eliminated }
  // step 2
  const kept: number[] = []
  for (let j = 0; j < k; j++) if ((n[j] ?? 0) > 0 && eliminated[j] !== true) kept.push(j)
  if (kept.length === 0) return { mtd: null, iso, eliminated }
  // step 3
  const blocks = kept.map((j) => {
    const nj = n[j] ?? 0
    const yj = y[j] ?? 0
    const v = ((yj + 0.05) * (nj - yj + 0.05)) / ((nj + 0.1) ** 2 * (nj + 1.1))
    return { value: (yj + 0.05) / (nj + 0.1), weight: 1 / v, size: 1 }
  })
  // step 4: PAVA, first violating adjacent pair of blocks, pooled by weighted mean
  for (;;) {
    const i = blocks.findIndex((b, idx) => idx + 1 < blocks.length && b.value > (blocks[idx + 1]?.value ?? 1))
    if (i < 0) break
    const a = blocks[i]
    const c = blocks[i + 1]
    if (a === undefined || c === undefined) break
    const weight = a.weight + c.weight
    blocks.splice(i, 2, {
      value: (a.value * a.weight + c.value * c.weight) / weight,
      weight,
      size: a.size + c.size,
    })
  }
  const est: number[] = []
  for (const b of blocks) for (let s = 0; s < b.size; s++) est.push(b.value)
  kept.forEach((j, i) => (iso[j] = est[i] ?? null))
  // step 6 bound
  const ld = refLambdas({ phi, ...(o.phi2 !== undefined ? { phi2: o.phi2 } : {}) }).ld
  // step 5: closest to φ; ties → "adding j × 10⁻¹⁰ before comparing" (highest if below, lowest if above)
  let best = -1
  let bestDist = Infinity
  est.forEach((v, i) => {
    const shifted = v + (i + 1) * 1e-10
    if (o.boundMtd === true && !(shifted < ld)) return
    const dist = Math.abs(shifted - phi)
    if (dist < bestDist) {
      bestDist = dist
      best = i
    }
  })
  return { mtd: best < 0 ? null : (kept[best] ?? null), iso, eliminated }
}

interface RefBoinDesign extends RefParams {
  doses: number
  cohortSize: number
  nCohort: number
  /** §2.1 n.earlystop, default 100 */
  nEarlystop?: number
  /** 0-based */
  startDose?: number
  extrasafe?: boolean
  offset?: number
  boundMtd?: boolean
}

interface RefTrial {
  n: number[]
  y: number[]
  mtd: number | null
  stoppedForToxicity: boolean
}

/** §2.5 conduct of one BOIN trial; `outcome(dose)` gives the DLTs of the next cohort at a dose. */
function refBoinTrial(des: RefBoinDesign, outcome: (dose: number) => number): RefTrial {
  const n = new Array<number>(des.doses).fill(0)
  const y = new Array<number>(des.doses).fill(0)
  const elim = new Array<boolean>(des.doses).fill(false)
  let d = des.startDose ?? 0
  let stoppedForToxicity = false
  for (let c = 0; c < des.nCohort; c++) {
    const k = outcome(d)
    n[d] = (n[d] ?? 0) + des.cohortSize
    y[d] = (y[d] ?? 0) + k
    const treated = d
    const step = refConduct(des, d, n, y, elim)
    if (step.move === 'stop') {
      stoppedForToxicity = true
      break
    }
    // extrasafe (§2.5): the doc states it without conditions; BOIN get.oc (which §2 says the rules were
    // checked against) tests it only at the lowest dose and only when an elimination boundary exists at
    // n₁. Modelled as the package; it only matters for targets ≳ 0.47 or cutoffs ≳ 0.99.
    const n0 = n[0] ?? 0
    if (
      des.extrasafe === true &&
      treated === 0 &&
      n0 >= 3 &&
      refRow(des, n0).elim !== null &&
      refPosteriorAbove(des.phi, y[0] ?? 0, n0) > (des.cutoffEli ?? 0.95) - (des.offset ?? 0.05)
    ) {
      stoppedForToxicity = true
      break
    }
    // rule 6: n at the dose just treated reaches n.earlystop
    if ((n[treated] ?? 0) >= (des.nEarlystop ?? 100)) break
    d = step.next
  }
  const mtd = stoppedForToxicity
    ? null
    : refSelect(des.phi, n, y, {
        ...(des.cutoffEli !== undefined ? { cutoffEli: des.cutoffEli } : {}),
        ...(des.extrasafe !== undefined ? { extrasafe: des.extrasafe } : {}),
        ...(des.offset !== undefined ? { offset: des.offset } : {}),
        ...(des.boundMtd !== undefined ? { boundMtd: des.boundMtd } : {}),
        ...(des.phi2 !== undefined ? { phi2: des.phi2 } : {}),
      }).mtd
  return { n, y, mtd, stoppedForToxicity }
}

/**
 * §1.1 3+3 rules. `confirmTopDose` = the PROTOCOL DECISION "require 6 patients at the declared MTD even
 * after 0/3 at the top dose".
 */
function ref33(doses: number, outcome: (dose: number) => number, confirmTopDose = false): RefTrial {
  const n = new Array<number>(doses).fill(0)
  const y = new Array<number>(doses).fill(0)
  const treat = (d: number): void => {
    n[d] = (n[d] ?? 0) + 3
    y[d] = (y[d] ?? 0) + outcome(d)
  }
  // "exceeded at d": lowest → no MTD; 6 at d−1 → MTD d−1; else 3 more at d−1, ≤ 1/6 → MTD d−1, else recurse
  const exceeded = (from: number): number | null => {
    for (let d = from; ; d--) {
      if (d === 0) return null
      if ((n[d - 1] ?? 0) >= 6) return d - 1
      treat(d - 1)
      if ((y[d - 1] ?? 0) <= 1) return d - 1
    }
  }
  const done = (mtd: number | null): RefTrial => ({ n, y, mtd, stoppedForToxicity: mtd === null })
  let d = 0
  for (;;) {
    treat(d)
    const atTop = d === doses - 1
    if ((n[d] ?? 0) === 3) {
      if ((y[d] ?? 0) === 0) {
        if (!atTop) d++
        else if (!confirmTopDose) return done(d)
      } else if ((y[d] ?? 0) >= 2) return done(exceeded(d))
      // 1/3 (or 0/3 at the top with confirmTopDose): 3 more at d
    } else {
      if ((y[d] ?? 0) >= 2) return done(exceeded(d))
      if (atTop) return done(d)
      d++
    }
  }
}

/** Thrown by the replayed outcome source when the scripted prefix is used up. */
class NeedMore extends Error {}

/** Every outcome path of a trial with its probability (replaying prefixes of cohort outcomes). */
function refEnumerate(
  run: (outcome: (dose: number) => number) => RefTrial,
  pTrue: readonly number[],
  cohortSize: number,
): { prob: number; trial: RefTrial }[] {
  const out: { prob: number; trial: RefTrial }[] = []
  const stack: number[][] = [[]]
  for (let prefix = stack.pop(); prefix !== undefined; prefix = stack.pop()) {
    const pre = prefix
    let i = 0
    let prob = 1
    let needDose = -1
    try {
      const trial = run((dose) => {
        const k = pre[i++]
        if (k === undefined) {
          needDose = dose
          throw new NeedMore('prefix used up')
        }
        prob *= refPmf(cohortSize, pTrue[dose] ?? 0, k)
        return k
      })
      if (prob > 0) out.push({ prob, trial })
    } catch (e) {
      if (!(e instanceof NeedMore)) throw e
      for (let k = 0; k <= cohortSize; k++)
        if (refPmf(cohortSize, pTrue[needDose] ?? 0, k) > 0) stack.push([...pre, k])
    }
  }
  return out
}

/** §3 OC of enumerated outcomes; overdosing as `BOIN::get.oc` (doses with true p > φ, only when some p = φ). */
function refOc(
  ends: { prob: number; trial: RefTrial }[],
  pTrue: readonly number[],
  target: number | undefined,
  overdoseDenominator: number | null,
): OperatingCharacteristics {
  const k = pTrue.length
  const sel = new Array<number>(k).fill(0)
  const pat = new Array<number>(k).fill(0)
  const dlt = new Array<number>(k).fill(0)
  let none = 0
  let o60 = 0
  let o80 = 0
  const overdose = target !== undefined && pTrue.some((p) => p === target)
  for (const { prob, trial } of ends) {
    if (trial.mtd === null) none += prob
    else sel[trial.mtd] = (sel[trial.mtd] ?? 0) + prob
    let above = 0
    let total = 0
    trial.n.forEach((nj, j) => {
      pat[j] = (pat[j] ?? 0) + prob * nj
      dlt[j] = (dlt[j] ?? 0) + prob * (trial.y[j] ?? 0)
      total += nj
      if (target !== undefined && (pTrue[j] ?? 0) > target) above += nj
    })
    const denom = overdoseDenominator ?? total
    if (above > 0.6 * denom) o60 += prob
    if (above > 0.8 * denom) o80 += prob
  }
  return {
    selectionPercent: sel.map((v) => v * 100),
    noMtdPercent: none * 100,
    patientsPerDose: pat,
    dltsPerDose: dlt,
    meanSampleSize: pat.reduce((a, b) => a + b, 0),
    overdosingRisk60: overdose ? o60 * 100 : null,
    overdosingRisk80: overdose ? o80 * 100 : null,
  }
}

function refBoinOc(des: RefBoinDesign, pTrue: readonly number[]): OperatingCharacteristics {
  const ends = refEnumerate((o) => refBoinTrial(des, o), pTrue, des.cohortSize)
  return refOc(ends, pTrue, des.phi, des.nCohort * des.cohortSize)
}

function ref33Oc(
  pTrue: readonly number[],
  confirmTopDose = false,
  target?: number,
): OperatingCharacteristics {
  const ends = refEnumerate((o) => ref33(pTrue.length, o, confirmTopDose), pTrue, 3)
  return refOc(ends, pTrue, target, null)
}

/** A scripted outcome source (throws if the design asks for more cohorts than scripted). */
function scripted(list: readonly number[]): (dose: number) => number {
  let i = 0
  return () => {
    const v = list[i++]
    if (v === undefined) throw new Error('script exhausted')
    return v
  }
}

// ============================== helpers to call the engine ==============================

function unwrap<T>(r: { ok: true; value: T } | { ok: false; issues: unknown[] }): T {
  if (!r.ok) throw new Error(`engine refused: ${JSON.stringify(r.issues)}`)
  return r.value
}

function engineDesign(des: RefBoinDesign): BoinDesignInput {
  return {
    target: des.phi,
    ...(des.phi1 !== undefined ? { pSaf: des.phi1 } : {}),
    ...(des.phi2 !== undefined ? { pTox: des.phi2 } : {}),
    ...(des.cutoffEli !== undefined ? { cutoffEli: des.cutoffEli } : {}),
    ...(des.extrasafe !== undefined ? { extrasafe: des.extrasafe } : {}),
    ...(des.offset !== undefined ? { offset: des.offset } : {}),
    ...(des.boundMtd !== undefined ? { boundMtd: des.boundMtd } : {}),
    ...(des.nEarlystop !== undefined ? { nEarlystop: des.nEarlystop } : {}),
    ...(des.startDose !== undefined ? { startDose: des.startDose + 1 } : {}),
    nCohort: des.nCohort,
    cohortSize: des.cohortSize,
  }
}

/** Run a whole BOIN trial through the engine's decision API, cohort by cohort, then its selection. */
function engineBoinTrial(des: RefBoinDesign, outcome: (dose: number) => number): RefTrial {
  const n = new Array<number>(des.doses).fill(0)
  const y = new Array<number>(des.doses).fill(0)
  let eliminated = new Array<boolean>(des.doses).fill(false)
  let d = des.startDose ?? 0
  const design = engineDesign(des)
  for (let c = 0; c < des.nCohort; c++) {
    n[d] = (n[d] ?? 0) + des.cohortSize
    y[d] = (y[d] ?? 0) + outcome(d)
    const dec = unwrap(decideBoin({ ...design, n, y, currentDose: d + 1, eliminated }))
    eliminated = dec.eliminated
    if (dec.action === 'stop') {
      if (dec.stopReason === 'lowest-dose-eliminated' || dec.stopReason === 'extrasafe')
        return { n, y, mtd: null, stoppedForToxicity: true }
      break
    }
    d = (dec.nextDose ?? 0) - 1
  }
  const { nCohort: _a, cohortSize: _b, nEarlystop: _c, startDose: _d, ...selOpts } = design
  const sel = unwrap(selectMtdBoin({ ...selOpts, n, y }))
  return { n, y, mtd: sel.mtd === null ? null : sel.mtd - 1, stoppedForToxicity: false }
}

/** Run a whole 3+3 trial through decideThreePlusThree. */
function engine33(doses: number, outcome: (dose: number) => number, confirmTopDose = false): RefTrial {
  const n = new Array<number>(doses).fill(0)
  const y = new Array<number>(doses).fill(0)
  let d = 0
  for (let guard = 0; guard < 4 * doses + 4; guard++) {
    n[d] = (n[d] ?? 0) + 3
    y[d] = (y[d] ?? 0) + outcome(d)
    const dec = unwrap(decideThreePlusThree({ n, y, currentDose: d + 1, confirmTopDose }))
    if (dec.action === 'stop') {
      const mtd = dec.mtd === undefined || dec.mtd === null ? null : dec.mtd - 1
      return { n, y, mtd, stoppedForToxicity: mtd === null }
    }
    d = (dec.nextDose ?? 0) - 1
  }
  throw new Error('3+3 did not stop')
}

function expectOcClose(a: OperatingCharacteristics, b: OperatingCharacteristics, digits = 9): void {
  const close = (x: number[], z: number[]) => {
    expect(x.length).toBe(z.length)
    x.forEach((v, i) => expect(v).toBeCloseTo(z[i] ?? NaN, digits))
  }
  close(a.selectionPercent, b.selectionPercent)
  expect(a.noMtdPercent).toBeCloseTo(b.noMtdPercent, digits)
  close(a.patientsPerDose, b.patientsPerDose)
  close(a.dltsPerDose, b.dltsPerDose)
  expect(a.meanSampleSize).toBeCloseTo(b.meanSampleSize, digits)
  if (b.overdosingRisk60 === null) expect(a.overdosingRisk60).toBeNull()
  else expect(a.overdosingRisk60).toBeCloseTo(b.overdosingRisk60, digits)
  if (b.overdosingRisk80 === null) expect(a.overdosingRisk80).toBeNull()
  else expect(a.overdosingRisk80).toBeCloseTo(b.overdosingRisk80, digits)
}

// ============================== §1 3+3 ==============================

describe('§1.2 3+3 worked examples T1-T5 (engine driven cohort by cohort, and the reference)', () => {
  const cases: { id: string; script: number[]; mtd: number | null; total: number }[] = [
    { id: 'T1', script: [0, 0], mtd: 1, total: 6 },
    { id: 'T2', script: [0, 1, 0], mtd: 1, total: 9 },
    { id: 'T3', script: [0, 2, 1], mtd: 0, total: 9 },
    { id: 'T4', script: [1, 1], mtd: null, total: 6 },
    { id: 'T5', script: [0, 1, 1, 0], mtd: 0, total: 12 },
  ]
  for (const c of cases) {
    it(c.id, () => {
      for (const run of [ref33, engine33]) {
        const t = run(2, scripted(c.script))
        expect(t.mtd).toBe(c.mtd)
        expect(t.n.reduce((a, b) => a + b, 0)).toBe(c.total)
      }
    })
  }

  it('T3/T5 decisions: exceeded at D2 with 3 at D1 → de-escalate to D1; ≤ 1/6 at D1 → stop, MTD D1', () => {
    const down = unwrap(decideThreePlusThree({ n: [3, 3], y: [0, 2], currentDose: 2 }))
    expect(down).toMatchObject({ action: 'deescalate', nextDose: 1 })
    const stop = unwrap(decideThreePlusThree({ n: [6, 6], y: [0, 2], currentDose: 1 }))
    expect(stop).toMatchObject({ action: 'stop', nextDose: null, mtd: 1 })
    // exceeded at D2 with 6 already at D1 → stop at once, MTD = D1
    expect(unwrap(decideThreePlusThree({ n: [6, 3], y: [1, 2], currentDose: 2 }))).toMatchObject({
      action: 'stop',
      mtd: 1,
    })
  })
})

describe('§1.1 3+3 edge cases', () => {
  it('a single dose level: 0/3 → MTD; 1/3+0/3 → MTD; 1/3+1/3 → none; 2/3 → none', () => {
    for (const [script, mtd] of [
      [[0], 0],
      [[1, 0], 0],
      [[1, 1], null],
      [[2], null],
      [[3], null],
    ] as const) {
      expect(engine33(1, scripted(script)).mtd).toBe(mtd)
      expect(ref33(1, scripted(script)).mtd).toBe(mtd)
    }
  })

  it('PROTOCOL DECISION confirmTopDose: 0/3 at the top dose needs 3 more; 0/3 + 2/3 at the top falls back', () => {
    // D1 0/3 → D2 0/3 → D2 +0/3 → MTD D2 (9 patients)
    const a = engine33(2, scripted([0, 0, 0]), true)
    expect(a).toMatchObject({ mtd: 1, n: [3, 6] })
    // D1 0/3 → D2 0/3 → D2 +2/3 (2/6) → D1 +0/3 (0/6) → MTD D1
    const b = engine33(2, scripted([0, 0, 2, 0]), true)
    expect(b).toMatchObject({ mtd: 0, n: [6, 6], y: [0, 2] })
    expect(ref33(2, scripted([0, 0, 2, 0]), true)).toMatchObject({ mtd: 0, n: [6, 6] })
    // default (false) stops at once after 0/3 at the top
    expect(unwrap(decideThreePlusThree({ n: [3, 3], y: [0, 0], currentDose: 2 }))).toMatchObject({
      action: 'stop',
      mtd: 2,
    })
    expect(
      unwrap(decideThreePlusThree({ n: [3, 3], y: [0, 0], currentDose: 2, confirmTopDose: true })),
    ).toMatchObject({ action: 'expand', nextDose: 2 })
  })

  it('recursion over three doses: D3 exceeded, D2 +3 gives 2/6, D1 +3 gives 1/6 → MTD D1', () => {
    const script = [0, 0, 2, 2, 1]
    expect(engine33(3, scripted(script))).toMatchObject({ mtd: 0, n: [6, 6, 3], y: [1, 2, 2] })
    expect(ref33(3, scripted(script))).toMatchObject({ mtd: 0, n: [6, 6, 3], y: [1, 2, 2] })
    // same but D1 +3 gives 2/6 → no MTD
    expect(engine33(3, scripted([0, 0, 2, 2, 2])).mtd).toBeNull()
  })

  it('property: any DLT sequence gives the reference trial (2-5 doses, both variants)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 20, maxLength: 20 }),
        fc.boolean(),
        (doses, script, confirm) => {
          const e = engine33(doses, scripted(script), confirm)
          const r = ref33(doses, scripted(script), confirm)
          expect(e).toEqual(r)
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })
})

// ============================== §2.2-2.4 BOIN boundaries ==============================

describe('§2.2 λ table and §2.3 posterior probabilities', () => {
  it('λe, λd for φ = 0.25, 0.30, 0.20 (6 decimals) from the engine and the reference', () => {
    for (const [phi, le, ld] of [
      [0.25, 0.196801, 0.298392],
      [0.3, 0.236491, 0.358519],
      [0.2, 0.157242, 0.238462],
    ] as const) {
      const e = boinLambdas(phi, 0.6 * phi, 1.4 * phi)
      expect(e.lambdaE).toBeCloseTo(le, 6)
      expect(e.lambdaD).toBeCloseTo(ld, 6)
      const table = unwrap(boinBoundaries({ target: phi, nCohort: 1, cohortSize: 3 }))
      expect(table.lambdaE).toBeCloseTo(le, 6)
      expect(table.lambdaD).toBeCloseTo(ld, 6)
      const r = refLambdas({ phi })
      expect(r.le).toBeCloseTo(le, 6)
      expect(r.ld).toBeCloseTo(ld, 6)
    }
  })

  it('posterior check values (4 decimals)', () => {
    for (const [phi, y, n, v] of [
      [0.3, 3, 3, 0.9919],
      [0.3, 2, 3, 0.9163],
      [0.3, 3, 4, 0.9692],
      [0.3, 3, 6, 0.874],
      [0.25, 2, 3, 0.9492],
      [0.25, 3, 3, 0.9961],
    ] as const) {
      expect(probabilityAboveTarget(y, n, phi)).toBeCloseTo(v, 4)
      expect(refPosteriorAbove(phi, y, n)).toBeCloseTo(v, 4)
      expect(Math.abs(probabilityAboveTarget(y, n, phi) - refPosteriorAbove(phi, y, n))).toBeLessThan(1e-12)
    }
  })
})

describe('§2.3 posterior on generated inputs', () => {
  it('property: P(p > φ | y, n) equals the exact beta–binomial sum (n up to 200)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (phi, n, u) => {
          const y = Math.min(n, Math.floor(u * (n + 1)))
          expect(Math.abs(probabilityAboveTarget(y, n, phi) - refPosteriorAbove(phi, y, n))).toBeLessThan(
            1e-10,
          )
        },
      ),
      { seed: SEED, numRuns: 1000 },
    )
  })
})

describe('§2.4 boundary tables (engine = doc = reference)', () => {
  const DOC: Record<string, { esc: number[]; deesc: number[]; elim: (number | null)[] }> = {
    '0.25': {
      esc: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2],
      deesc: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4],
      elim: [null, null, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6],
    },
    '0.3': {
      esc: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
      deesc: [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5],
      elim: [null, null, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7],
    },
  }
  for (const [phiText, doc] of Object.entries(DOC)) {
    it(`φ = ${phiText}, n = 1..12, cohort size 1 and 3 (same rows)`, () => {
      const phi = Number(phiText)
      for (const cohortSize of [1, 3]) {
        const t = unwrap(boinBoundaries({ target: phi, nCohort: 12 / cohortSize, cohortSize })).table
        expect(t).toHaveLength(12)
        t.forEach((row, i) => {
          expect(row.n).toBe(i + 1)
          expect(row.escalateIfDltLe).toBe(doc.esc[i])
          expect(row.deescalateIfDltGe).toBe(doc.deesc[i])
          expect(row.eliminateIfDltGe).toBe(doc.elim[i])
          const r = refRow({ phi }, i + 1)
          expect([r.esc, r.deesc, r.elim]).toEqual([doc.esc[i], doc.deesc[i], doc.elim[i]])
        })
      }
    })
  }

  it('property: rows equal the reference for any φ, φ₁, φ₂ and cutoff (n up to 120)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: 1.1, max: 1.6, noNaN: true }),
        fc.double({ min: 0.85, max: 0.999, noNaN: true }),
        (phi, f1, f2, cutoffEli) => {
          const phi1 = phi * f1
          const phi2 = Math.min(0.99, phi * f2)
          fc.pre(phi2 - phi >= 0.1 * phi)
          const t = unwrap(
            boinBoundaries({ target: phi, pSaf: phi1, pTox: phi2, cutoffEli, nCohort: 40, cohortSize: 3 }),
          )
          t.table.forEach((row) => {
            const r = refRow({ phi, phi1, phi2, cutoffEli }, row.n)
            expect([row.escalateIfDltLe, row.deescalateIfDltGe, row.eliminateIfDltGe]).toEqual([
              r.esc,
              r.deesc,
              r.elim,
            ])
          })
        },
      ),
      { seed: SEED, numRuns: 150 },
    )
  })
})

// ============================== §2.5 conduct ==============================

describe('§2.7 decision examples D1-D9 (engine decideBoin)', () => {
  const base = { nCohort: 20, cohortSize: 3 }
  const cases: {
    id: string
    phi: number
    n: number[]
    y: number[]
    dose: number
    action: string
    next: number | null
    eliminated?: boolean[]
  }[] = [
    { id: 'D1', phi: 0.3, n: [3, 0], y: [0, 0], dose: 1, action: 'escalate', next: 2 },
    { id: 'D2', phi: 0.3, n: [0, 3, 0], y: [0, 1, 0], dose: 2, action: 'stay', next: 2 },
    { id: 'D3', phi: 0.25, n: [3, 3, 0], y: [0, 1, 0], dose: 2, action: 'deescalate', next: 1 },
    {
      id: 'D4',
      phi: 0.3,
      n: [3, 3, 0],
      y: [0, 2, 0],
      dose: 2,
      action: 'deescalate',
      next: 1,
      eliminated: [false, false, false],
    },
    {
      id: 'D5',
      phi: 0.3,
      n: [3, 3, 0],
      y: [0, 3, 0],
      dose: 2,
      action: 'deescalate',
      next: 1,
      eliminated: [false, true, true],
    },
    {
      id: 'D5 (lowest)',
      phi: 0.3,
      n: [3, 0],
      y: [3, 0],
      dose: 1,
      action: 'stop',
      next: null,
      eliminated: [true, true],
    },
    {
      id: 'D6',
      phi: 0.25,
      n: [3, 3, 0],
      y: [0, 2, 0],
      dose: 2,
      action: 'deescalate',
      next: 1,
      eliminated: [false, false, false],
    },
    { id: 'D7', phi: 0.3, n: [3, 6, 0], y: [0, 2, 0], dose: 2, action: 'stay', next: 2 },
    { id: 'D8', phi: 0.3, n: [3, 9, 0], y: [0, 2, 0], dose: 2, action: 'escalate', next: 3 },
    { id: 'D9', phi: 0.3, n: [3, 6], y: [0, 0], dose: 2, action: 'stay', next: 2 },
  ]
  for (const c of cases) {
    it(c.id, () => {
      const dec = unwrap(decideBoin({ ...base, target: c.phi, n: c.n, y: c.y, currentDose: c.dose }))
      expect(dec.action).toBe(c.action)
      expect(dec.nextDose).toBe(c.next)
      if (c.eliminated) expect(dec.eliminated).toEqual(c.eliminated)
      const elim = c.n.map(() => false)
      const r = refConduct({ phi: c.phi }, c.dose - 1, c.n, c.y, elim)
      expect(r.move).toBe(c.action)
      if (c.next !== null) expect(r.next).toBe(c.next - 1)
      if (c.eliminated) expect(elim).toEqual(c.eliminated)
    })
  }
  it('D5 at the lowest dose says why it stops', () => {
    const dec = unwrap(decideBoin({ ...base, target: 0.3, n: [3, 0], y: [3, 0], currentDose: 1 }))
    expect(dec.stopReason).toBe('lowest-dose-eliminated')
  })
})

describe('§2.5 conduct edge cases', () => {
  it('rule 3: escalation blocked by an eliminated next dose → stay', () => {
    const dec = unwrap(
      decideBoin({
        target: 0.3,
        n: [6, 3, 0],
        y: [0, 3, 0],
        currentDose: 1,
        eliminated: [false, true, true],
      }),
    )
    expect(dec).toMatchObject({ action: 'stay', nextDose: 1, eliminated: [false, true, true] })
  })

  it('rule 4 at the lowest dose (not eliminated) → stay; φ = 0.25, 1/3', () => {
    const dec = unwrap(decideBoin({ target: 0.25, n: [3, 0], y: [1, 0], currentDose: 1 }))
    expect(dec).toMatchObject({ action: 'stay', nextDose: 1 })
  })

  it('§2.3 no elimination before 3 patients: cohorts of 1 and 2 with every patient a DLT', () => {
    for (const cohortSize of [1, 2]) {
      const n = [cohortSize, 0]
      const dec = unwrap(decideBoin({ target: 0.3, cohortSize, n, y: n.slice(), currentDose: 1 }))
      expect(dec).toMatchObject({ action: 'stay', nextDose: 1, eliminated: [false, false] })
      expect(dec.boundaries.eliminateIfDltGe).toBeNull()
    }
    // third patient with a DLT: 3/3 eliminates
    const dec = unwrap(decideBoin({ target: 0.3, cohortSize: 1, n: [3, 0], y: [3, 0], currentDose: 1 }))
    expect(dec).toMatchObject({ action: 'stop', stopReason: 'lowest-dose-eliminated' })
  })

  it('elimination at the top dose de-escalates and eliminates the top only', () => {
    const dec = unwrap(
      decideBoin({ target: 0.3, n: [3, 3, 4], y: [0, 0, 3], currentDose: 3, cohortSize: 1, nCohort: 20 }),
    )
    expect(dec).toMatchObject({ action: 'deescalate', nextDose: 2, eliminated: [false, false, true] })
  })

  it('cutoffEli variant: 0.90 eliminates 2/3 at φ = 0.30 (0.9163), 0.95 does not', () => {
    const at90 = unwrap(decideBoin({ target: 0.3, cutoffEli: 0.9, n: [3, 3], y: [0, 2], currentDose: 2 }))
    expect(at90.eliminated).toEqual([false, true])
    expect(at90.boundaries.eliminateIfDltGe).toBe(2)
    const at95 = unwrap(decideBoin({ target: 0.3, n: [3, 3], y: [0, 2], currentDose: 2 }))
    expect(at95.eliminated).toEqual([false, false])
  })

  it('φ₁/φ₂ variant: wider interval (φ₁ = 0.1, φ₂ = 0.5 at φ = 0.3) changes the move, as the reference', () => {
    // λe(0.3, 0.1) ≈ 0.1826… n = 6: escalate iff y ≤ 1; λd(0.3, 0.5) ≈ 0.3951… n = 6: de-escalate iff y ≥ 3
    const p = { phi: 0.3, phi1: 0.1, phi2: 0.5 }
    for (const y of [0, 1, 2, 3, 4]) {
      const dec = unwrap(
        decideBoin({ target: 0.3, pSaf: 0.1, pTox: 0.5, n: [3, 6, 0], y: [0, y, 0], currentDose: 2 }),
      )
      const r = refConduct(p, 1, [3, 6, 0], [0, y, 0], [false, false, false])
      expect(dec.action).toBe(r.move)
    }
  })

  it('rule 6 n.earlystop: stop when the dose just treated reaches it (also when the move would escalate)', () => {
    const stop = unwrap(
      decideBoin({ target: 0.3, nEarlystop: 9, n: [3, 9, 0], y: [0, 2, 0], currentDose: 2 }),
    )
    expect(stop).toMatchObject({ action: 'stop', stopReason: 'n-earlystop' })
    const goOn = unwrap(
      decideBoin({ target: 0.3, nEarlystop: 12, n: [3, 9, 0], y: [0, 2, 0], currentDose: 2 }),
    )
    expect(goOn).toMatchObject({ action: 'escalate', nextDose: 3 })
    // the count at another dose does not trigger it
    const other = unwrap(
      decideBoin({ target: 0.3, nEarlystop: 9, n: [9, 3, 0], y: [1, 0, 0], currentDose: 2 }),
    )
    expect(other).toMatchObject({ action: 'escalate', nextDose: 3 })
  })

  it('extrasafe: 2/3 at the lowest dose stops (0.9163 > 0.95 − 0.05), not without it, not at offset 0.02', () => {
    const on = unwrap(decideBoin({ target: 0.3, extrasafe: true, n: [3, 0], y: [2, 0], currentDose: 1 }))
    expect(on).toMatchObject({ action: 'stop', stopReason: 'extrasafe' })
    const off = unwrap(decideBoin({ target: 0.3, n: [3, 0], y: [2, 0], currentDose: 1 }))
    expect(off).toMatchObject({ action: 'stay', nextDose: 1 })
    const strict = unwrap(
      decideBoin({ target: 0.3, extrasafe: true, offset: 0.02, n: [3, 0], y: [2, 0], currentDose: 1 }),
    )
    expect(strict).toMatchObject({ action: 'stay', nextDose: 1 })
  })

  it('max sample size: the last cohort stops the trial', () => {
    const dec = unwrap(decideBoin({ target: 0.3, nCohort: 3, n: [3, 6], y: [0, 2], currentDose: 2 }))
    expect(dec).toMatchObject({ action: 'stop', stopReason: 'max-sample-size' })
  })

  it('property: decideBoin equals the reference on random states (targets, φ₁/φ₂, cutoffs, cohort sizes)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.2, 0.25, 0.3, 0.33, 0.4),
        fc.constantFrom(undefined, 0.5, 0.7),
        fc.constantFrom(undefined, 1.25, 1.6),
        fc.constantFrom(undefined, 0.9, 0.95, 0.99),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        fc.nat(),
        (phi, f1, f2, cutoffEli, doses, pickDose, pickElim) => {
          const n = doses.map(([ni]) => ni)
          const y = doses.map(([ni, u]) => Math.min(ni, Math.floor(u * (ni + 1))))
          const treated = n.map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0)
          fc.pre(treated.length > 0)
          const d = treated[pickDose % treated.length] ?? 0
          // an earlier elimination strictly above d (or none)
          const from = d + 1 + (pickElim % (n.length - d))
          const eliminated = n.map((_, i) => i >= from)
          const p: RefParams = {
            phi,
            ...(f1 !== undefined ? { phi1: phi * f1 } : {}),
            ...(f2 !== undefined ? { phi2: phi * f2 } : {}),
            ...(cutoffEli !== undefined ? { cutoffEli } : {}),
          }
          const dec = unwrap(
            decideBoin({
              ...engineDesign({ ...p, doses: n.length, cohortSize: 1, nCohort: 1000 }),
              n,
              y,
              currentDose: d + 1,
              eliminated,
            }),
          )
          const elim = eliminated.slice()
          const r = refConduct(p, d, n, y, elim)
          expect(dec.action).toBe(r.move)
          if (r.move !== 'stop') expect(dec.nextDose).toBe(r.next + 1)
          expect(dec.eliminated).toEqual(elim)
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

// ============================== §2.6 MTD selection ==============================

describe('§2.7 MTD selection examples M1-M5 and the walk-through', () => {
  const cases: {
    id: string
    phi: number
    n: number[]
    y: number[]
    raw: number[]
    iso: (number | null)[]
    eliminated: boolean[]
    mtd: number
  }[] = [
    {
      id: 'M1',
      phi: 0.3,
      n: [3, 6, 6],
      y: [0, 1, 3],
      raw: [0.0161, 0.1721, 0.5],
      iso: [0.0161, 0.1721, 0.5],
      eliminated: [false, false, false],
      mtd: 2,
    },
    {
      id: 'M2',
      phi: 0.3,
      n: [3, 6, 3],
      y: [0, 2, 0],
      raw: [0.0161, 0.3361, 0.0161],
      iso: [0.0161, 0.0512, 0.0512],
      eliminated: [false, false, false],
      mtd: 3,
    },
    {
      id: 'M3',
      phi: 0.3,
      n: [3, 6, 4],
      y: [0, 1, 3],
      raw: [0.0161, 0.1721],
      iso: [0.0161, 0.1721, null],
      eliminated: [false, false, true],
      mtd: 2,
    },
    {
      id: 'M4',
      phi: 0.3,
      n: [6, 3],
      y: [3, 3],
      raw: [0.5],
      iso: [0.5, null],
      eliminated: [false, true],
      mtd: 1,
    },
    {
      id: 'M5',
      phi: 0.25,
      n: [3, 3, 0],
      y: [0, 2, 0],
      raw: [0.0161, 0.6613],
      iso: [0.0161, 0.6613, null],
      eliminated: [false, false, false],
      mtd: 1,
    },
    {
      id: 'walk-through',
      phi: 0.3,
      n: [3, 6],
      y: [0, 2],
      raw: [0.0161, 0.3361],
      iso: [0.0161, 0.3361],
      eliminated: [false, false],
      mtd: 2,
    },
  ]
  for (const c of cases) {
    it(c.id, () => {
      const sel = unwrap(selectMtdBoin({ target: c.phi, n: c.n, y: c.y }))
      expect(sel.mtd).toBe(c.mtd)
      expect(sel.eliminated).toEqual(c.eliminated)
      sel.isotonicEstimates.forEach((v, i) => {
        const want = c.iso[i]
        if (want === null || want === undefined) expect(v).toBeNull()
        else expect(v).toBeCloseTo(want, 4)
      })
      // raw p̂ (before PAVA) of the kept doses
      const kept = c.n.map((_, i) => i).filter((i) => (c.n[i] ?? 0) > 0 && !c.eliminated[i])
      kept.forEach((j, i) =>
        expect(((c.y[j] ?? 0) + 0.05) / ((c.n[j] ?? 0) + 0.1)).toBeCloseTo(c.raw[i] ?? NaN, 4),
      )
      const r = refSelect(c.phi, c.n, c.y)
      expect(r.mtd).toBe(c.mtd - 1)
      expect(r.eliminated).toEqual(c.eliminated)
      r.iso.forEach((v, i) => {
        const e = sel.isotonicEstimates[i]
        if (v === null) expect(e).toBeNull()
        else expect(e).toBeCloseTo(v, 12)
      })
    })
  }

  it('M4 with boundMTD: 0.5 ≥ λd → no MTD', () => {
    const sel = unwrap(selectMtdBoin({ target: 0.3, n: [6, 3], y: [3, 3], boundMtd: true }))
    expect(sel.mtd).toBeNull()
    expect(sel.reason).toBe('no-dose-below-lambda-d')
    expect(refSelect(0.3, [6, 3], [3, 3], { boundMtd: true }).mtd).toBeNull()
  })

  it('walk-through as a trial: D1 0/3 → escalate; D2 1/3 → stay; D2 1/3 (2/6) → stay; end; MTD = D2', () => {
    const des: RefBoinDesign = { phi: 0.3, doses: 2, cohortSize: 3, nCohort: 3 }
    const e = engineBoinTrial(des, scripted([0, 1, 1]))
    expect(e).toEqual({ n: [3, 6], y: [0, 2], mtd: 1, stoppedForToxicity: false })
    expect(refBoinTrial(des, scripted([0, 1, 1]))).toEqual(e)
  })
})

describe('§2.6 selection edge cases', () => {
  it('ties: equal estimates below φ → highest dose; above φ → lowest dose', () => {
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [3, 3, 3], y: [0, 0, 0] })).mtd).toBe(3)
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [6, 6], y: [3, 3] })).mtd).toBe(1)
    // pooled block above φ: (3/6, 2/6) pools to one value above 0.3 → lowest of the block
    const pooled = unwrap(selectMtdBoin({ target: 0.3, n: [3, 6, 6], y: [0, 3, 2] }))
    expect(pooled.isotonicEstimates[1]).toBe(pooled.isotonicEstimates[2])
    expect(pooled.mtd).toBe(2)
    expect(refSelect(0.3, [3, 6, 6], [0, 3, 2]).mtd).toBe(1)
  })

  it('untreated doses are skipped (also between treated ones) and no treated dose → no MTD', () => {
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [0, 0, 0], y: [0, 0, 0] })).mtd).toBeNull()
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [3, 0, 6], y: [0, 0, 2] })).mtd).toBe(3)
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [0, 3], y: [0, 0] })).mtd).toBe(2)
    // the only treated dose eliminated, lower doses untreated → nothing to select
    const s = unwrap(selectMtdBoin({ target: 0.3, n: [0, 3], y: [0, 3] }))
    expect(s.mtd).toBeNull()
    expect(s.eliminated).toEqual([false, true])
  })

  it('step 1: elimination is re-applied from the first eliminated dose upwards, whatever lies above', () => {
    // dose 2 (3/3) eliminated, so dose 3 is too even though 0/6 there
    const s = unwrap(selectMtdBoin({ target: 0.3, n: [3, 3, 6], y: [0, 3, 0] }))
    expect(s.eliminated).toEqual([false, true, true])
    expect(s.mtd).toBe(1)
    // lowest dose 4/6 at φ = 0.25 (P ≈ 0.9954 > 0.95): no MTD
    expect(unwrap(selectMtdBoin({ target: 0.25, n: [6, 3], y: [4, 0] })).mtd).toBeNull()
  })

  it('extrasafe at selection: lowest dose P > cutoff − offset → no MTD', () => {
    // 2/3 at φ = 0.3: 0.9163 > 0.90
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [3, 3], y: [2, 0], extrasafe: true })).mtd).toBeNull()
    expect(unwrap(selectMtdBoin({ target: 0.3, n: [3, 3], y: [2, 0] })).mtd).not.toBeNull()
  })

  it('property: selectMtdBoin equals the reference (random counts, options)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.2, 0.25, 0.3, 0.35),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.record({
          cutoffEli: fc.constantFrom(0.9, 0.95, 0.99),
          extrasafe: fc.boolean(),
          offset: fc.constantFrom(0.05, 0.1),
          boundMtd: fc.boolean(),
          f2: fc.constantFrom(1.4, 1.2, 1.8),
        }),
        (phi, doses, o) => {
          const n = doses.map(([ni]) => ni)
          const y = doses.map(([ni, u]) => Math.min(ni, Math.floor(u * (ni + 1))))
          const phi2 = phi * o.f2
          const sel = unwrap(
            selectMtdBoin({
              target: phi,
              n,
              y,
              cutoffEli: o.cutoffEli,
              extrasafe: o.extrasafe,
              offset: o.offset,
              boundMtd: o.boundMtd,
              pTox: phi2,
            }),
          )
          const r = refSelect(phi, n, y, { ...o, phi2 })
          expect(sel.mtd).toBe(r.mtd === null ? null : r.mtd + 1)
          expect(sel.eliminated).toEqual(r.eliminated)
          r.iso.forEach((v, i) => {
            if (v === null) expect(sel.isotonicEstimates[i]).toBeNull()
            else expect(sel.isotonicEstimates[i]).toBeCloseTo(v, 12)
          })
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

// ============================== whole trials ==============================

const designArb = fc.record({
  // 0.5 and 0.55: no elimination boundary at n = 3 (extrasafe nuance); 0.995: none at n = 3 for φ ≤ 0.3
  phi: fc.constantFrom(0.2, 0.25, 0.3, 0.5, 0.55),
  doses: fc.integer({ min: 1, max: 5 }),
  cohortSize: fc.integer({ min: 1, max: 3 }),
  nCohort: fc.integer({ min: 1, max: 12 }),
  cutoffEli: fc.constantFrom(0.9, 0.95, 0.995),
  nEarlystop: fc.constantFrom(100, 6, 9),
  startDose: fc.nat(3),
  extrasafe: fc.boolean(),
  offset: fc.constantFrom(0.05, 0.1),
  boundMtd: fc.boolean(),
})

describe('whole BOIN trials (§2.5 + §2.6)', () => {
  it('property: engine decideBoin + selectMtdBoin cohort by cohort equals the reference trial', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (raw, us) => {
          const des: RefBoinDesign = { ...raw, startDose: raw.startDose % raw.doses }
          const source = () => {
            let i = 0
            return () => Math.min(des.cohortSize, Math.floor((us[i++] ?? 0) * (des.cohortSize + 1)))
          }
          expect(engineBoinTrial(des, source())).toEqual(refBoinTrial(des, source()))
        },
      ),
      { seed: SEED, numRuns: 600 },
    )
  })
})

// ============================== §3 operating characteristics ==============================

describe('§3 exact OC table (doc values, engine and reference)', () => {
  const rows = [
    {
      p: [0.1, 0.3],
      boin: [29.6, 70.2, 0.2],
      bn: [4.56, 4.43],
      bd: [0.46, 1.33],
      tt: [44.8, 44.8, 10.4],
      tn: [4.84, 3.92, 8.75],
    },
    {
      p: [0.05, 0.15],
      boin: [8.6, 91.3, 0.0],
      bn: [3.66, 5.34],
      bd: [0.18, 0.8],
      tt: [18.0, 79.2, 2.8],
      tn: [3.89, 3.87, 7.75],
    },
    {
      p: [0.3, 0.5],
      boin: [64.6, 23.1, 12.3],
      bn: [6.68, 2.0],
      bd: [2.0, 1.0],
      tt: [34.8, 8.5, 56.7],
      tn: [5.18, 2.04, 7.21],
    },
    {
      p: [0.5, 0.65],
      boin: [43.6, 4.0, 52.3],
      bn: [6.93, 0.62],
      bd: [3.46, 0.4],
      tt: [10.4, 0.9, 88.7],
      tn: [4.48, 0.64, 5.12],
    },
  ]
  for (const r of rows) {
    it(`p = (${r.p.join(', ')})`, () => {
      const des: RefBoinDesign = { phi: 0.3, doses: 2, cohortSize: 3, nCohort: 3 }
      const e = unwrap(exactBoin({ target: 0.3, pTrue: r.p, nCohort: 3, cohortSize: 3 }))
      const ref = refBoinOc(des, r.p)
      for (const oc of [e, ref]) {
        // printed to 0.1 % and 0.01 patients: allow half a unit of the last digit
        expect(Math.abs((oc.selectionPercent[0] ?? 0) - (r.boin[0] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9)
        expect(Math.abs((oc.selectionPercent[1] ?? 0) - (r.boin[1] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9)
        expect(Math.abs(oc.noMtdPercent - (r.boin[2] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9)
        oc.patientsPerDose.forEach((v, i) =>
          expect(Math.abs(v - (r.bn[i] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9),
        )
        oc.dltsPerDose.forEach((v, i) =>
          expect(Math.abs(v - (r.bd[i] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9),
        )
        expect(oc.meanSampleSize).toBeCloseTo((oc.patientsPerDose[0] ?? 0) + (oc.patientsPerDose[1] ?? 0), 12)
      }
      expectOcClose(e, ref)
      const t = unwrap(exactThreePlusThree(r.p))
      const tref = ref33Oc(r.p)
      for (const oc of [t, tref]) {
        expect(Math.abs((oc.selectionPercent[0] ?? 0) - (r.tt[0] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9)
        expect(Math.abs((oc.selectionPercent[1] ?? 0) - (r.tt[1] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9)
        expect(Math.abs(oc.noMtdPercent - (r.tt[2] ?? 0))).toBeLessThanOrEqual(0.05 + 1e-9)
        expect(Math.abs((oc.patientsPerDose[0] ?? 0) - (r.tn[0] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9)
        expect(Math.abs((oc.patientsPerDose[1] ?? 0) - (r.tn[1] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9)
        expect(Math.abs(oc.meanSampleSize - (r.tn[2] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-9)
      }
      expectOcClose(t, tref)
    })
  }

  it('"BOIN enrols all 9 patients unless the lowest dose is eliminated"', () => {
    const ends = unwrap(enumerateBoin({ target: 0.3, pTrue: [0.3, 0.5], nCohort: 3, cohortSize: 3 }))
    for (const o of ends) {
      const total = o.n.reduce((a, b) => a + b, 0)
      if (total < 9) {
        expect(o.mtd).toBeNull()
        expect(probabilityAboveTarget(o.y[0] ?? 0, o.n[0] ?? 0, 0.3)).toBeGreaterThan(0.95)
      }
    }
    expect(ends.reduce((a, o) => a + o.probability, 0)).toBeCloseTo(1, 12)
  })
})

describe('§3 OC on generated designs', () => {
  it('property: exactBoin equals the reference enumeration (options, start dose, overdosing)', () => {
    fc.assert(
      fc.property(
        designArb,
        fc.array(fc.constantFrom(0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.45, 0.5, 0.6, 1), {
          minLength: 4,
          maxLength: 4,
        }),
        (raw, ps) => {
          const doses = Math.min(raw.doses, 3)
          const des: RefBoinDesign = {
            ...raw,
            doses,
            nCohort: Math.min(raw.nCohort, 5),
            startDose: raw.startDose % doses,
          }
          const pTrue = ps.slice(0, doses)
          const e = unwrap(exactBoin({ ...engineDesign(des), pTrue }))
          expectOcClose(e, refBoinOc(des, pTrue))
        },
      ),
      { seed: SEED, numRuns: 120 },
    )
  })

  it('property: exactThreePlusThree equals the reference enumeration (both variants, overdosing)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.45, 0.5, 0.6, 1), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        fc.constantFrom(undefined, 0.25, 0.3),
        (pTrue, confirmTopDose, target) => {
          const e = unwrap(
            exactThreePlusThree(pTrue, { confirmTopDose, ...(target !== undefined ? { target } : {}) }),
          )
          expectOcClose(e, ref33Oc(pTrue, confirmTopDose, target))
        },
      ),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('Monte Carlo simulators agree with the exact OC within 4 standard errors (fixed seed)', () => {
    const nTrial = 20000
    const sims: [OperatingCharacteristics, OperatingCharacteristics][] = [
      [
        unwrap(
          simulateBoin({
            target: 0.3,
            pTrue: [0.1, 0.3, 0.5],
            nCohort: 4,
            cohortSize: 3,
            nTrial,
            seed: SEED,
          }),
        ),
        refBoinOc({ phi: 0.3, doses: 3, cohortSize: 3, nCohort: 4 }, [0.1, 0.3, 0.5]),
      ],
      [
        unwrap(simulateThreePlusThree({ pTrue: [0.1, 0.3, 0.5], target: 0.3, nTrial, seed: SEED })),
        ref33Oc([0.1, 0.3, 0.5], false, 0.3),
      ],
    ]
    for (const [sim, exact] of sims) {
      const pcts = [...exact.selectionPercent, exact.noMtdPercent, exact.overdosingRisk60 ?? 0]
      const got = [...sim.selectionPercent, sim.noMtdPercent, sim.overdosingRisk60 ?? 0]
      pcts.forEach((p, i) => {
        const se = Math.sqrt(((p / 100) * (1 - p / 100)) / nTrial) * 100
        expect(Math.abs((got[i] ?? 0) - p)).toBeLessThanOrEqual(4 * se + 1e-9)
      })
      exact.patientsPerDose.forEach((m, i) =>
        expect(Math.abs((sim.patientsPerDose[i] ?? 0) - m)).toBeLessThan(0.1),
      )
    }
  })
})
