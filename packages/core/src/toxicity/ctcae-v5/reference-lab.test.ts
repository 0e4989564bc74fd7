/**
 * Independent differential check of CTCAE v5.0 lab grading against a reference written from
 * ../shared/domain/safety-grading.md §3.2-3.3 alone (each rule cites its section), with exact rational arithmetic
 * (README "Rounding: compare raw stored values; do not round before comparison").
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gradeCtcaeLab, type CtcaeLabInput } from './grade-lab-value.js'
import type { CtcaeLabAnalyte } from './lab-terms.js'

const FC = { seed: 20261207, numRuns: 300 } as const

// ---------------------------------------------------------------------------------------------------------------
// Exact rationals from the decimal a lab reports
// ---------------------------------------------------------------------------------------------------------------

interface Q {
  n: bigint
  d: bigint
}
function q(x: number | string): Q {
  const s = typeof x === 'number' ? String(x) : x
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(s)
  if (!m) throw new Error(`not a decimal: ${s}`)
  const frac = m[3] ?? ''
  let n = BigInt((m[2] ?? '') + frac) * (m[1] === '-' ? -1n : 1n)
  let d = 10n ** BigInt(frac.length)
  const e = Number(m[4] ?? 0)
  if (e > 0) n *= 10n ** BigInt(e)
  else if (e < 0) d *= 10n ** BigInt(-e)
  return { n, d }
}
const mul = (a: Q, b: Q): Q => ({ n: a.n * b.n, d: a.d * b.d })
const div = (a: Q, b: Q): Q => ({ n: a.n * b.d, d: a.d * b.n })
const cmp = (a: Q, b: Q): number => {
  const l = a.n * b.d
  const r = b.n * a.d
  return l < r ? -1 : l > r ? 1 : 0
}
const lt = (a: Q, k: string, b: Q) => cmp(a, mul(q(k), b)) < 0
const gt = (a: Q, k: string, b: Q) => cmp(a, mul(q(k), b)) > 0
const ge = (a: Q, k: string, b: Q) => cmp(a, mul(q(k), b)) >= 0
const ONE: Q = { n: 1n, d: 1n }

// ---------------------------------------------------------------------------------------------------------------
// Reference grading (safety-grading.md §3.2); null = not assignable
// ---------------------------------------------------------------------------------------------------------------

/** LAB-6 unit factors to the unit the §3.2 thresholds are written in (canonical = value × factor). */
const FACTOR: Record<string, Q> = {
  '10^9/L': ONE, '/mm3': q('0.001'), 'cells/uL': q('0.001'), 'g/dL': ONE, 'g/L-hb': q('0.1'), 'g/L': ONE, 'mg/dL-fib': q('0.01'),
  'U/L': ONE, 'mg/dL': ONE, 'umol/L-bili': div(ONE, q('17.1')), 'umol/L-creat': div(ONE, q('88.4')),
}

/** §3.2 decreased terms; LAB-1 (value equal to a cut-off stays in the less severe grade); LAB-2 (grade 1 needs LLN). */
function refDecreased(v: Q, lln: Q | null, cuts: string[]): number | null {
  for (let i = cuts.length - 1; i >= 0; i--) if (lt(v, cuts[i] as string, ONE)) return i + 2
  if (lln === null) return null
  return cmp(v, lln) < 0 ? 1 : 0
}

/** §3.2 ALT/AST and bilirubin; LAB-3 (baseline abnormal = baseline > ULN; ALT/AST 1.5 × baseline inclusive). */
function refIncrease(v: Q, uln: Q | null, base: Q | null, baseUln: Q | null, kind: 'aminotransferase' | 'bilirubin'): number | null {
  if (uln === null) return null
  const bUln = baseUln ?? uln
  if (base === null) return cmp(v, uln) <= 0 ? 0 : null // either rule gives 0 at or below ULN; above it depends on the baseline
  if (cmp(base, bUln) <= 0) {
    const cuts = kind === 'aminotransferase' ? ['20', '5', '3'] : ['10', '3', '1.5']
    for (let i = 0; i < 3; i++) if (gt(v, cuts[i] as string, uln)) return 4 - i
    return gt(v, '1', uln) ? 1 : 0 // "> ULN"
  }
  const cuts = kind === 'aminotransferase' ? ['20', '5', '3'] : ['10', '3', '1.5']
  for (let i = 0; i < 3; i++) if (gt(v, cuts[i] as string, base)) return 4 - i
  if (kind === 'aminotransferase') return ge(v, '1.5', base) ? 1 : 0 // "1.5 to 3.0 × baseline", inclusive (LAB-3)
  return gt(v, '1', base) ? 1 : 0 // "> 1.0 to 1.5 × baseline"
}

/** §3.2 creatinine; LAB-4: max over the × ULN and × baseline criteria. */
function refCreatinine(v: Q, uln: Q | null, base: Q | null): number | null {
  const byBase = base === null ? 0 : gt(v, '3', base) ? 3 : gt(v, '1.5', base) ? 2 : 0
  if (uln === null) return null // × ULN criterion (grades 1, 4) unknown: not assignable
  const byUln = gt(v, '6', uln) ? 4 : gt(v, '3', uln) ? 3 : gt(v, '1.5', uln) ? 2 : gt(v, '1', uln) ? 1 : 0
  return Math.max(byUln, byBase)
}

/** §3.2 fibrinogen (g/L); LAB-5: max of × LLN, %-decrease (baseline < LLN only) and absolute < 0.5 g/L. */
function refFibrinogen(v: Q, lln: Q | null, base: Q | null, baseLln: Q | null): number | null {
  if (lt(v, '0.5', ONE)) return 4
  if (lln === null) return null
  const byLln = lt(v, '0.25', lln) ? 4 : lt(v, '0.5', lln) ? 3 : lt(v, '0.75', lln) ? 2 : lt(v, '1', lln) ? 1 : 0
  let byDec = 0
  if (base !== null && cmp(base, baseLln ?? lln) < 0 && cmp(v, base) < 0) {
    // decrease fraction = (base - v) / base; 75 % ⇒ 4, [50, 75) ⇒ 3, [25, 50) ⇒ 2, (0, 25) ⇒ 1
    const dec = div({ n: base.n * v.d - v.n * base.d, d: base.d * v.d }, base)
    byDec = cmp(dec, q('0.75')) >= 0 ? 4 : cmp(dec, q('0.5')) >= 0 ? 3 : cmp(dec, q('0.25')) >= 0 ? 2 : 1
  }
  return Math.max(byLln, byDec)
}

interface RefIn {
  analyte: CtcaeLabAnalyte
  value: string
  unitKey: string
  lln: string | null
  uln: string | null
  baseline: { value: string; unitKey: string; lln: string | null; uln: string | null } | null
}
function refGrade(x: RefIn): number | null {
  const c = (s: string | null, unitKey: string) => (s === null ? null : mul(q(s), FACTOR[unitKey] as Q))
  const v = c(x.value, x.unitKey) as Q
  const lln = c(x.lln, x.unitKey)
  const uln = c(x.uln, x.unitKey)
  const b = x.baseline
  const base = b === null ? null : c(b.value, b.unitKey)
  const bUln = b === null ? null : (c(b.uln, b.unitKey) ?? uln)
  const bLln = b === null ? null : (c(b.lln, b.unitKey) ?? lln)
  switch (x.analyte) {
    case 'platelets':
      return refDecreased(v, lln, ['75', '50', '25'])
    case 'neutrophils':
      return refDecreased(v, lln, ['1.5', '1.0', '0.5'])
    case 'leukocytes':
      return refDecreased(v, lln, ['3.0', '2.0', '1.0'])
    case 'lymphocytes':
      return refDecreased(v, lln, ['0.8', '0.5', '0.2'])
    case 'hemoglobin':
      return refDecreased(v, lln, ['10.0', '8.0']) // grade 4/5 are clinical, not lab
    case 'alt':
    case 'ast':
      return refIncrease(v, uln, base, bUln, 'aminotransferase')
    case 'bilirubin':
      return refIncrease(v, uln, base, bUln, 'bilirubin')
    case 'creatinine':
      return refCreatinine(v, uln, base)
    case 'fibrinogen':
      return refFibrinogen(v, lln, base, bLln)
  }
}

const UNIT_LABEL: Record<string, string> = { 'g/L-hb': 'g/L', 'mg/dL-fib': 'mg/dL', 'umol/L-bili': 'µmol/L', 'umol/L-creat': 'µmol/L' }
const label = (k: string) => UNIT_LABEL[k] ?? k
function engine(x: RefIn): number | null {
  const i: CtcaeLabInput = {
    analyte: x.analyte, value: Number(x.value), unit: label(x.unitKey), lln: x.lln === null ? null : Number(x.lln), uln: x.uln === null ? null : Number(x.uln),
    baseline: x.baseline === null ? null : { value: Number(x.baseline.value), unit: label(x.baseline.unitKey), lln: x.baseline.lln === null ? null : Number(x.baseline.lln), uln: x.baseline.uln === null ? null : Number(x.baseline.uln) },
  }
  const o = gradeCtcaeLab(i)
  return o.kind === 'graded' ? o.grade : null
}

// ---------------------------------------------------------------------------------------------------------------
// Worked examples L1-L17 through the reference and the engine
// ---------------------------------------------------------------------------------------------------------------

const r = (analyte: CtcaeLabAnalyte, value: string, unitKey: string, lln: string | null, uln: string | null, baseline: RefIn['baseline'] = null): RefIn => ({ analyte, value, unitKey, lln, uln, baseline })
const bl = (value: string, unitKey: string, uln: string | null = null, lln: string | null = null) => ({ value, unitKey, uln, lln })

describe('reference lab grading reproduces the §3.3 worked examples, and so does the engine', () => {
  const cases: [string, RefIn, number][] = [
    ['L1', r('platelets', '88', '10^9/L', '125', null), 1],
    ['L2', r('platelets', '75.0', '10^9/L', '150', null), 1],
    ['L3a', r('platelets', '25.0', '10^9/L', '150', null), 3],
    ['L3b', r('platelets', '24.9', '10^9/L', '150', null), 4],
    ['L4a', r('neutrophils', '0.50', '10^9/L', '2', null), 3],
    ['L4b', r('neutrophils', '0.49', '10^9/L', '2', null), 4],
    ['L5', r('leukocytes', '2.0', '10^9/L', '4', null), 2],
    ['L6', r('lymphocytes', '0.15', '10^9/L', '1', null), 4],
    ['L7a', r('hemoglobin', '10.0', 'g/dL', '12.0', null), 1],
    ['L7b', r('hemoglobin', '7.9', 'g/dL', '12.0', null), 3],
    ['L7a g/L', r('hemoglobin', '100', 'g/L-hb', '120', null), 1],
    ['L7b g/L', r('hemoglobin', '79', 'g/L-hb', '120', null), 3],
    ['L8', r('alt', '120', 'U/L', null, '40', bl('25', 'U/L')), 1],
    ['L9', r('alt', '130', 'U/L', null, '40', bl('25', 'U/L')), 2],
    ['L10', r('alt', '100', 'U/L', null, '40', bl('80', 'U/L')), 0],
    ['L11', r('alt', '120', 'U/L', null, '40', bl('80', 'U/L')), 1],
    ['L12', r('alt', '1700', 'U/L', null, '40', bl('80', 'U/L')), 4],
    ['L13', r('bilirubin', '1.9', 'mg/dL', null, '1.2', bl('0.6', 'mg/dL')), 2],
    ['L14', r('creatinine', '1.2', 'mg/dL', null, '1.0', bl('0.6', 'mg/dL')), 2],
    ['L15', r('fibrinogen', '0.9', 'g/L', '2.0', null), 3],
    ['L16', r('fibrinogen', '0.45', 'g/L', null, null), 4],
    ['L17', r('fibrinogen', '1.0', 'g/L', '2.0', null, bl('1.6', 'g/L')), 2],
  ]
  for (const [id, x, expected] of cases)
    it(`${id} → ${expected}`, () => {
      expect(refGrade(x)).toBe(expected)
      expect(engine(x)).toBe(expected)
    })
})

// ---------------------------------------------------------------------------------------------------------------
// Generated values on and around every threshold
// ---------------------------------------------------------------------------------------------------------------

/** A short decimal string `m / 10^s` (what a lab reports). */
const dec = (min: number, max: number, scale = 2) => fc.integer({ min: Math.round(min * 10 ** scale), max: Math.round(max * 10 ** scale) }).map((n) => String(n / 10 ** scale))
/** exact decimal product `k × ref` of two short decimals, as a string */
function times(k: string, ref: string): string {
  const p = mul(q(k), q(ref))
  // p.d is a power of ten: print exactly
  const digits = String(p.d).length - 1
  const neg = p.n < 0n
  const abs = (neg ? -p.n : p.n).toString().padStart(digits + 1, '0')
  const s = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`
  return String(Number(s))
}
function check(arb: fc.Arbitrary<RefIn>) {
  fc.assert(
    fc.property(arb, (x) => {
      expect(engine(x)).toBe(refGrade(x))
    }),
    FC,
  )
}

describe('generated lab values: engine = reference', () => {
  const cytopenia: [CtcaeLabAnalyte, string[], number][] = [
    ['platelets', ['75', '50', '25'], 400],
    ['neutrophils', ['1.5', '1.0', '0.5'], 10],
    ['leukocytes', ['3.0', '2.0', '1.0'], 15],
    ['lymphocytes', ['0.8', '0.5', '0.2'], 5],
  ]
  for (const [analyte, cuts, max] of cytopenia)
    it(`${analyte}: cut-offs ${cuts.join('/')} (LAB-1), LLN optional (LAB-2), ×10⁹/L or /mm³ (LAB-6)`, () =>
      check(
        fc.record({
          v: fc.oneof(fc.constantFrom(...cuts, ...cuts.map((c) => String(Number(c) - 0.01)), ...cuts.map((c) => String(Number(c) + 0.01))), dec(0, max)),
          lln: fc.option(fc.oneof(dec(0.5, max), fc.constantFrom(...cuts)), { nil: null }),
          perMm3: fc.boolean(),
        }).map(({ v, lln, perMm3 }) =>
          perMm3 ? r(analyte, times('1000', v), '/mm3', lln === null ? null : times('1000', lln), null) : r(analyte, v, '10^9/L', lln, null),
        ),
      ))

  it('haemoglobin: 10.0 and 8.0 g/dL cut-offs, g/L input (LAB-6)', () =>
    check(
      fc.record({ v: fc.oneof(fc.constantFrom('10', '9.99', '10.01', '8', '7.99', '8.01', '12'), dec(4, 18)), lln: fc.option(fc.oneof(dec(10, 14, 1), fc.constantFrom('10', '12')), { nil: null }), gl: fc.boolean() }).map(({ v, lln, gl }) =>
        gl ? r('hemoglobin', times('10', v), 'g/L-hb', lln === null ? null : times('10', lln), null) : r('hemoglobin', v, 'g/dL', lln, null),
      ),
    ))

  for (const analyte of ['alt', 'ast'] as const)
    it(`${analyte}: × ULN (baseline normal) and × baseline (baseline > ULN), LAB-3`, () =>
      check(
        fc.record({
          uln: fc.constantFrom('40', '35', '33', '52'),
          baseMul: fc.constantFrom('0.5', '1', '1.01', '1.5', '2', '3.3'),
          which: fc.boolean(),
          ks: fc.constantFrom('1', '1.5', '3', '5', '20'),
          eps: fc.constantFrom('0', '1', '-1', '0.1', '-0.1'),
          free: dec(1, 2000, 0),
          pick: fc.nat(3),
          noBase: fc.nat(8).map((n) => n === 0),
        }).map(({ uln, baseMul, which, ks, eps, free, pick, noBase }) => {
          const base = times(baseMul, uln)
          const ref = which ? uln : base
          const value = pick === 0 ? free : String(Math.max(1, Number(times(ks, ref)) + Number(eps)))
          return r(analyte, value, 'U/L', null, uln, noBase ? null : bl(base, 'U/L'))
        }),
      ))

  it('bilirubin: × ULN / × baseline, mg/dL and µmol/L (LAB-3, LAB-6)', () =>
    check(
      fc.record({
        uln: fc.constantFrom('1.2', '1.0', '1.1', '0.9'),
        baseMul: fc.constantFrom('0.5', '1', '1.5', '2.5'),
        which: fc.boolean(),
        ks: fc.constantFrom('1', '1.5', '3', '10'),
        eps: fc.constantFrom('0', '0.01', '-0.01'),
        umol: fc.boolean(),
      }).map(({ uln, baseMul, which, ks, eps, umol }) => {
        const base = times(baseMul, uln)
        const value = String(Math.max(0.1, Math.round((Number(times(ks, which ? uln : base)) + Number(eps)) * 100) / 100))
        const u = (s: string) => (umol ? times('17.1', s) : s)
        const unit = umol ? 'umol/L-bili' : 'mg/dL'
        return r('bilirubin', u(value), unit, null, u(uln), bl(u(base), unit))
      }),
    ))

  it('creatinine: max of × ULN and × baseline (LAB-4), mg/dL and µmol/L', () =>
    check(
      fc.record({
        uln: fc.constantFrom('1.0', '1.1', '1.2', '0.9'),
        base: fc.constantFrom('0.4', '0.5', '0.6', '0.9', '1.3'),
        which: fc.boolean(),
        ks: fc.constantFrom('1', '1.5', '3', '6'),
        eps: fc.constantFrom('0', '0.01', '-0.01'),
        umol: fc.boolean(),
        baseUmol: fc.boolean(),
        noBase: fc.nat(6).map((n) => n === 0),
      }).map(({ uln, base, which, ks, eps, umol, baseUmol, noBase }) => {
        const value = String(Math.max(0.1, Math.round((Number(times(ks, which ? uln : base)) + Number(eps)) * 100) / 100))
        const u = (s: string, um: boolean) => (um ? times('88.4', s) : s)
        const unit = (um: boolean) => (um ? 'umol/L-creat' : 'mg/dL')
        // the baseline may be reported in the other unit (LAB-6): ratios must still be exact
        return r('creatinine', u(value, umol), unit(umol), null, u(uln, umol), noBase ? null : bl(u(base, baseUmol), unit(baseUmol)))
      }),
    ))

  it('fibrinogen: × LLN, %-decrease from an abnormal baseline, absolute < 0.5 g/L (LAB-5), g/L and mg/dL', () =>
    check(
      fc.record({
        lln: fc.constantFrom('2.0', '1.5', '1.8', '2.2'),
        baseMul: fc.constantFrom('0.5', '0.8', '0.9', '1', '1.2'),
        ref: fc.constantFrom('lln', 'base', 'abs'),
        ks: fc.constantFrom('1', '0.75', '0.5', '0.25'),
        eps: fc.constantFrom('0', '0.01', '-0.01'),
        mgdl: fc.boolean(),
        noBase: fc.nat(4).map((n) => n === 0),
        noLln: fc.nat(8).map((n) => n === 0),
      }).map(({ lln, baseMul, ref, ks, eps, mgdl, noBase, noLln }) => {
        const base = times(baseMul, lln)
        const target = ref === 'abs' ? '0.5' : times(ks, ref === 'lln' ? lln : base)
        const value = String(Math.max(0.01, Math.round((Number(target) + Number(eps)) * 100) / 100))
        const u = (s: string) => (mgdl ? times('100', s) : s)
        const unit = mgdl ? 'mg/dL-fib' : 'g/L'
        return r('fibrinogen', u(value), unit, noLln ? null : u(lln), null, noBase ? null : bl(u(base), unit))
      }),
    ))
})
