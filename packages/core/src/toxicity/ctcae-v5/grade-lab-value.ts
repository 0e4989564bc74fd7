import { compareProducts } from '../exact-decimal.js'
import type { ToxicityGradeDriver, ToxicityGradeOutcome } from '../grade-outcome.js'
import { CTCAE_V5_LAB_TERMS, type CtcaeLabAnalyte } from './lab-terms.js'
import { labUnitConversion, toCanonicalLabUnit } from './lab-units.js'

/** CTCAE grade a laboratory value alone can give (grade 5 does not exist for lab terms). */
export type CtcaeLabGrade = 0 | 1 | 2 | 3 | 4

/** One laboratory result with its local reference range, all in `unit`. */
export interface LabResultValue {
  value: number
  unit: string
  /** lower limit of normal of the local range, same unit; `null`/absent = unknown */
  lln?: number | null
  /** upper limit of normal, same unit */
  uln?: number | null
}

export interface CtcaeLabInput extends LabResultValue {
  analyte: CtcaeLabAnalyte
  /** baseline result of the same analyte (its own range decides "baseline abnormal"; falls back to this range) */
  baseline?: LabResultValue | null
}

export type CtcaeLabOutcome = ToxicityGradeOutcome<CtcaeLabGrade> & { analyte: CtcaeLabAnalyte; term: string }

/**
 * A reported number with its exact conversion to the canonical unit: canonical = raw × m ÷ d.
 * Comparisons use these, never the rounded converted float: 153.9 µmol/L ÷ 17.1 is 9.000000000000002 in IEEE 754,
 * which made a bilirubin of exactly 3.0 × baseline (153.9 vs 51.3 µmol/L) look "> 3.0 × baseline"
 * (README "Rounding: compare raw stored values"; safety-grading.md LAB-1, LAB-6).
 */
interface Exact {
  raw: number
  m: number
  d: number
}

/** Canonical-unit floats (for the explanation text) and the exact readings the rules compare. */
interface Canonical {
  value: number
  lln: number | null
  uln: number | null
  ev: Exact
  elln: Exact | null
  euln: Exact | null
}

/**
 * `null` for an unknown unit or a value that is not a finite number ≥ 0 (a count or concentration is never negative:
 * a sign typo must not read as "< 25 ×10⁹/L" grade 4). A limit that is not a finite number > 0 is no reference limit
 * and counts as missing (an ULN of 0 would make every value "> 20 × ULN").
 */
function canon(analyte: CtcaeLabAnalyte, r: LabResultValue): Canonical | null {
  const value = toCanonicalLabUnit(analyte, r.value, r.unit)
  const conv = labUnitConversion(analyte, r.unit)
  if (value === null || conv === null || !Number.isFinite(r.value) || r.value < 0) return null
  const valid = (x: number | null | undefined): x is number => x != null && Number.isFinite(x) && x > 0
  const lim = (x: number | null | undefined) => (valid(x) ? toCanonicalLabUnit(analyte, x, r.unit) : null)
  const ex = (x: number | null | undefined): Exact | null => (valid(x) ? { raw: x, m: conv.multiplyBy, d: conv.divideBy } : null)
  return { value, lln: lim(r.lln), uln: lim(r.uln), ev: { raw: r.value, m: conv.multiplyBy, d: conv.divideBy }, elln: ex(r.lln), euln: ex(r.uln) }
}

/** Sign of `a − factor × b` in canonical units, exactly. */
const cmpMultiple = (a: Exact, factor: number, b: Exact) => compareProducts([a.raw, a.m, b.d], [factor, b.raw, b.m, a.d])
/** Sign of `a − c` with `c` in canonical units, exactly. */
const cmpAbsolute = (a: Exact, c: number) => compareProducts([a.raw, a.m], [c, a.d])

const g = (grade: number, component: string, finding: string): ToxicityGradeDriver => ({ component, grade, finding })

/** Terms whose §3.2 criteria use a baseline: ALT/AST and bilirubin (LAB-3), creatinine (LAB-4), fibrinogen (LAB-5). */
const BASELINE_TERMS: ReadonlySet<CtcaeLabAnalyte> = new Set<CtcaeLabAnalyte>(['alt', 'ast', 'bilirubin', 'creatinine', 'fibrinogen'])

/**
 * Grade one laboratory value by CTCAE v5.0.
 *
 * Rules (safety-grading.md §3.2, cross-checked against admiral `ncictcaev5.json`):
 * - LAB-1: boundaries exactly as written, compared on exact decimals (platelets 75.0 → 1, 74.9 → 2).
 * - LAB-2: for "decreased" terms grades 2-4 use absolute cut-offs; grade 1 needs the LLN, else not evaluable.
 * - LAB-3: ALT/AST/bilirubin use × ULN when baseline ≤ ULN, × baseline when baseline > ULN
 *   (ALT/AST grade-1 floor 1.5 × baseline inclusive). Without a baseline the value is graded only if ≤ ULN (0 either way).
 * - LAB-4: creatinine = max of the × ULN and × baseline criteria (the baseline criterion applies when a baseline > 0 exists).
 * - LAB-5: fibrinogen = max of × LLN, %-decrease (baseline below LLN only) and absolute < 0.5 g/L.
 * - LAB-6: units normalised first; an unknown unit is not evaluable.
 * Source: NCI CTCAE v5.0 (2017); safety-grading.md §3.2.
 * @example gradeCtcaeLab({ analyte: 'platelets', value: 88, unit: '10^9/L', lln: 125 }) // graded 1 (L1)
 * @example gradeCtcaeLab({ analyte: 'alt', value: 120, unit: 'U/L', uln: 40, baseline: { value: 80, unit: 'U/L' } }) // graded 1 (L11)
 */
export function gradeCtcaeLab(input: CtcaeLabInput): CtcaeLabOutcome {
  const def = CTCAE_V5_LAB_TERMS[input.analyte]
  const tag = { analyte: input.analyte, term: def.term }
  const cur = canon(input.analyte, input)
  if (cur === null) return { ...tag, ...notEvaluable(['unit'], null, `unknown unit ${JSON.stringify(input.unit)} or a value that is not a finite number ≥ 0`) }
  let base: Canonical | null = null
  // only LAB-3/4/5 terms refer to a baseline; a count or Hb is graded from its value and LLN alone (§3.2), so a
  // baseline it does not use (even an unusable one) must not make it not evaluable
  if (input.baseline != null && BASELINE_TERMS.has(input.analyte)) {
    base = canon(input.analyte, input.baseline)
    if (base === null) return { ...tag, ...notEvaluable(['baseline.unit'], null, `unknown baseline unit ${JSON.stringify(input.baseline.unit)} or a baseline value that is not a finite number ≥ 0`) }
    base = { ...base, lln: base.lln ?? cur.lln, uln: base.uln ?? cur.uln, elln: base.elln ?? cur.elln, euln: base.euln ?? cur.euln }
  }
  switch (input.analyte) {
    case 'platelets':
      return { ...tag, ...decreasedCount(cur, [75, 50, 25], '×10⁹/L') }
    case 'neutrophils':
      return { ...tag, ...decreasedCount(cur, [1.5, 1.0, 0.5], '×10⁹/L') }
    case 'leukocytes':
      return { ...tag, ...decreasedCount(cur, [3.0, 2.0, 1.0], '×10⁹/L') }
    case 'lymphocytes':
      return { ...tag, ...decreasedCount(cur, [0.8, 0.5, 0.2], '×10⁹/L') }
    case 'hemoglobin':
      return { ...tag, ...decreasedCount(cur, [10.0, 8.0], 'g/dL') }
    case 'alt':
    case 'ast':
      return { ...tag, ...baselineDependentIncrease(cur, base, { uln: [20, 5, 3, 1], baseline: [20, 5, 3, 1.5], baselineGrade1Inclusive: true }) }
    case 'bilirubin':
      return { ...tag, ...baselineDependentIncrease(cur, base, { uln: [10, 3, 1.5, 1], baseline: [10, 3, 1.5, 1], baselineGrade1Inclusive: false }) }
    case 'creatinine':
      return { ...tag, ...creatinine(cur, base) }
    case 'fibrinogen':
      return { ...tag, ...fibrinogen(cur, base) }
  }
}

function graded(grade: number, drivers: ToxicityGradeDriver[], notes: string[] = []): ToxicityGradeOutcome<CtcaeLabGrade> {
  return { kind: 'graded', grade: grade as CtcaeLabGrade, drivers, notes }
}

function notEvaluable(missing: string[], atLeast: number | null, reason: string, drivers: ToxicityGradeDriver[] = []): ToxicityGradeOutcome<CtcaeLabGrade> {
  return { kind: 'not-evaluable', missing, atLeast: atLeast as CtcaeLabGrade | null, atMost: null, reason, drivers, notes: [] }
}

/** "Decreased" terms: grades 2.. from absolute cut-offs `[g2, g3, g4?]` (value < cut-off), grade 1 = < LLN. */
function decreasedCount(cur: Canonical, cutoffs: number[], unit: string): ToxicityGradeOutcome<CtcaeLabGrade> {
  for (let i = cutoffs.length - 1; i >= 0; i--) {
    const c = cutoffs[i] as number
    if (cmpAbsolute(cur.ev, c) < 0) return graded(i + 2, [g(i + 2, 'absolute', `${cur.value} ${unit} < ${c}`)])
  }
  if (cur.lln === null || cur.elln === null) return notEvaluable(['lln'], 0, `value ${cur.value} ≥ ${cutoffs[0]} ${unit}: grade 0 or 1 depends on the LLN (LAB-2)`)
  if (cmpMultiple(cur.ev, 1, cur.elln) < 0) return graded(1, [g(1, 'lln', `${cur.value} < LLN ${cur.lln} and ≥ ${cutoffs[0]}`)])
  return graded(0, [g(0, 'lln', `${cur.value} ≥ LLN ${cur.lln}`)])
}

/** Highest grade of `[g4, g3, g2, g1]` multiples exceeded by `value` over `ref` (grade-1 floor optionally inclusive). */
function multipleGrade(value: Exact, ref: Exact, m: number[], grade1Inclusive: boolean): number {
  for (let i = 0; i < m.length; i++) {
    const f = m[i] as number
    const grade = 4 - i
    const c = cmpMultiple(value, f, ref)
    const hit = grade === 1 && grade1Inclusive ? c >= 0 : c > 0
    if (hit) return grade
  }
  return 0
}

function baselineDependentIncrease(
  cur: Canonical,
  base: Canonical | null,
  rule: { uln: number[]; baseline: number[]; baselineGrade1Inclusive: boolean },
): ToxicityGradeOutcome<CtcaeLabGrade> {
  if (cur.uln === null || cur.euln === null) return notEvaluable(['uln'], null, 'ULN missing')
  if (base === null) {
    if (cmpMultiple(cur.ev, 1, cur.euln) <= 0) return graded(0, [g(0, 'uln', `${cur.value} ≤ ULN ${cur.uln} (grade 0 under either baseline rule)`)])
    return notEvaluable(['baseline'], 0, 'value > ULN: the × ULN or × baseline rule depends on the baseline (LAB-3)')
  }
  const baseUln = base.uln as number
  if (cmpMultiple(base.ev, 1, base.euln as Exact) <= 0) {
    const grade = multipleGrade(cur.ev, cur.euln, rule.uln, false)
    return graded(grade, [g(grade, 'uln-criterion', `baseline ${base.value} normal; value ${cur.value} = ${ratio(cur.value, cur.uln)} × ULN ${cur.uln}`)])
  }
  const grade = multipleGrade(cur.ev, base.ev, rule.baseline, rule.baselineGrade1Inclusive)
  return graded(grade, [g(grade, 'baseline-criterion', `baseline ${base.value} > ULN ${baseUln} (abnormal); value = ${ratio(cur.value, base.value)} × baseline`)])
}

function creatinine(cur: Canonical, baseline: Canonical | null): ToxicityGradeOutcome<CtcaeLabGrade> {
  const drivers: ToxicityGradeDriver[] = []
  let byBaseline = 0
  // a baseline of 0 is no reference for "× baseline" (every value would be "> 3.0 × 0"), as a limit of 0 is no limit
  const base = baseline !== null && baseline.ev.raw > 0 ? baseline : null
  if (base !== null) {
    byBaseline = cmpMultiple(cur.ev, 3, base.ev) > 0 ? 3 : cmpMultiple(cur.ev, 1.5, base.ev) > 0 ? 2 : 0
    drivers.push(g(byBaseline, 'baseline-criterion', `value ${cur.value} = ${ratio(cur.value, base.value)} × baseline ${base.value}`))
  }
  if (cur.uln === null || cur.euln === null) return notEvaluable(['uln'], byBaseline, 'ULN missing: the × ULN criterion (grades 1 and 4) cannot be applied', drivers)
  const byUln = multipleGrade(cur.ev, cur.euln, [6, 3, 1.5, 1], false)
  drivers.push(g(byUln, 'uln-criterion', `value ${cur.value} = ${ratio(cur.value, cur.uln)} × ULN ${cur.uln}`))
  const notes = base !== null ? [] : [baseline === null ? 'no baseline: × baseline criterion not applied' : 'baseline 0: × baseline criterion not applied']
  return graded(Math.max(byUln, byBaseline), drivers, notes)
}

function fibrinogen(cur: Canonical, base: Canonical | null): ToxicityGradeOutcome<CtcaeLabGrade> {
  const drivers: ToxicityGradeDriver[] = []
  if (cmpAbsolute(cur.ev, 0.5) < 0) return graded(4, [g(4, 'absolute', `${cur.value} g/L < 0.5 g/L (50 mg/dL)`)])
  // %-decrease first: with an abnormal baseline (judged on its own LLN, else this one) it needs no current LLN,
  // so it is a floor of the LAB-5 maximum (`atLeast`) even when the × LLN criterion cannot be applied
  let byDecrease = 0
  let decreaseDriver: ToxicityGradeDriver | null = null
  const notes: string[] = []
  if (base === null) notes.push('no baseline: %-decrease criterion not applied')
  else if (base.elln !== null && cmpMultiple(base.ev, 1, base.elln) < 0) {
    // decrease ≥ 75 % ⇔ value ≤ 0.25 × baseline, and so on; any decrease (value < baseline) is grade 1
    if (decreasedBy(cur.ev, base.ev, 0.25)) byDecrease = 4
    else if (decreasedBy(cur.ev, base.ev, 0.5)) byDecrease = 3
    else if (decreasedBy(cur.ev, base.ev, 0.75)) byDecrease = 2
    else if (cmpMultiple(cur.ev, 1, base.ev) < 0) byDecrease = 1
    decreaseDriver = g(byDecrease, 'decrease-criterion', `baseline ${base.value} < LLN (abnormal); decrease ${percentDecrease(cur.value, base.value)} %`)
  }
  const lln = cur.elln
  if (cur.lln === null || lln === null) return notEvaluable(['lln'], byDecrease, 'LLN missing and value ≥ 0.5 g/L', decreaseDriver === null ? [] : [decreaseDriver])
  const byLln = ((): number => {
    if (cmpMultiple(cur.ev, 0.25, lln) < 0) return 4
    if (cmpMultiple(cur.ev, 0.5, lln) < 0) return 3
    if (cmpMultiple(cur.ev, 0.75, lln) < 0) return 2
    if (cmpMultiple(cur.ev, 1, lln) < 0) return 1
    return 0
  })()
  drivers.push(g(byLln, 'lln-criterion', `value ${cur.value} = ${ratio(cur.value, cur.lln)} × LLN ${cur.lln}`))
  if (decreaseDriver !== null) drivers.push(decreaseDriver)
  return graded(Math.max(byLln, byDecrease), drivers, notes)
}

/** value ≤ fraction × baseline, i.e. a decrease of at least (1 − fraction). */
function decreasedBy(value: Exact, baseline: Exact, fraction: number): boolean {
  return cmpMultiple(value, fraction, baseline) <= 0
}

function ratio(a: number, b: number): string {
  return String(Math.round((a / b) * 1000) / 1000)
}

function percentDecrease(v: number, b: number): string {
  return String(Math.round(((b - v) / b) * 1000) / 10)
}
