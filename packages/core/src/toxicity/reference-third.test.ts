/**
 * Third independent reference check of CTCAE v5.0 lab grading (safety-grading.md §3), the SAE rules and
 * expedited-reporting clocks (§4) and the DLT window (§5).
 *
 * The `ref*` functions were written from the doc prose alone, before the engine code was read; each cites the
 * section it implements. The engine is compared with them on every worked example (L1-L17, S4-S6, the §5 table),
 * on hand-picked boundaries (equality at every threshold, both comparators, µmol/L ↔ mg/dL, g/L ↔ g/dL,
 * ×10⁹/L ↔ /mm³, leap years, offsets), on non-default PROTOCOL DECISION parameters, and with fast-check
 * (fixed seed 20261208).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { protocolDay } from '../dates/index.js'
import { CTCAE_V5_LAB_TERMS, gradeCtcaeLab, proposeLabAes, type CtcaeLabAnalyte, type LabResultValue, type LabSeriesSample } from './ctcae-v5/index.js'
import { dltStatus, illustrativeDltRule, summariseDltByDoseLevel, type AeAttribution, type DltCandidateEvent, type DltSubject, type DltWindowOptions } from './dlt/index.js'
import {
  assessSeriousness,
  classifySusar,
  ICH_E2A_REPORTING_RULES,
  siteInitialReportClock,
  sponsorExpeditedClocks,
  type ExpeditedCategory,
  type ExpeditedReportingRules,
  type SeriousnessAnswers,
} from './sae/index.js'
import { aeIncidenceTable } from './tables/index.js'

const SEED = 20261208

// ---------------------------------------------------------------------------------------------------------------
// Exact rationals (README "Rounding: compare raw stored values; do not round before comparison")
// ---------------------------------------------------------------------------------------------------------------

interface Rat {
  n: bigint
  d: bigint
}
/** A JS number read as its shortest decimal form, as an exact fraction. */
function rat(x: number): Rat {
  const s = String(x)
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(s)
  if (m === null) throw new Error(`not a finite decimal: ${s}`)
  const frac = m[3] ?? ''
  let n = BigInt(`${m[2] ?? '0'}${frac}`)
  let d = 10n ** BigInt(frac.length)
  const e = Number(m[4] ?? '0')
  if (e > 0) n *= 10n ** BigInt(e)
  if (e < 0) d *= 10n ** BigInt(-e)
  if (m[1] === '-') n = -n
  return { n, d }
}
const mul = (a: Rat, b: Rat): Rat => ({ n: a.n * b.n, d: a.d * b.d })
function cmp(a: Rat, b: Rat): number {
  const l = a.n * b.d
  const r = b.n * a.d
  return l === r ? 0 : l > r ? 1 : -1
}
/** a vs k × b */
const gt = (a: Rat, k: number, b: Rat) => cmp(a, mul(rat(k), b)) > 0
const ge = (a: Rat, k: number, b: Rat) => cmp(a, mul(rat(k), b)) >= 0
const lt = (a: Rat, k: number, b: Rat) => cmp(a, mul(rat(k), b)) < 0
const ONE = rat(1)

// ---------------------------------------------------------------------------------------------------------------
// §3.2 reference grading (canonical units: ×10⁹/L, Hb g/dL, ALT/AST U/L, bilirubin/creatinine mg/dL, fibrinogen g/L)
// ---------------------------------------------------------------------------------------------------------------

type RefGrade = 0 | 1 | 2 | 3 | 4 | null // null = not assignable (LAB-2)

/** §3.2 rows "< LLN and ≥ g1 | < g1 and ≥ g2 | < g2 and ≥ g3 | < g3" (LAB-1: lower ends inclusive as written). */
const CYTOPENIA: Partial<Record<CtcaeLabAnalyte, readonly [number, number, number]>> = {
  platelets: [75, 50, 25],
  neutrophils: [1.5, 1.0, 0.5],
  leukocytes: [3.0, 2.0, 1.0],
  lymphocytes: [0.8, 0.5, 0.2],
  hemoglobin: [10.0, 8.0, -1], // Anemia: grade 3 "< 8.0 g/dL"; grades 4-5 are clinical, never lab-derived
}

/** §3.2 "decreased" rows + LAB-1 + LAB-2 (grade 1 needs LLN; grades 2-4 do not). */
function refDecreased(analyte: CtcaeLabAnalyte, x: Rat, lln: Rat | null): RefGrade {
  const [g1, g2, g3] = CYTOPENIA[analyte] as readonly [number, number, number]
  if (lt(x, g3, ONE)) return 4
  if (lt(x, g2, ONE)) return 3
  if (lt(x, g1, ONE)) return 2
  if (lln === null) return null
  return cmp(x, lln) < 0 ? 1 : 0
}

/**
 * §3.2 ALT/AST rows + LAB-3 (baseline abnormal = baseline > ULN; 1.5 × baseline inclusive).
 * No baseline: a value ≤ ULN is grade 0 under both rules; above ULN the rule to use is unknown (not assignable).
 */
function refAminotransferase(x: Rat, uln: Rat, baseline: Rat | null): RefGrade {
  if (baseline === null) return cmp(x, uln) <= 0 ? 0 : null
  if (cmp(baseline, uln) > 0) {
    if (gt(x, 20, baseline)) return 4
    if (gt(x, 5, baseline)) return 3
    if (gt(x, 3, baseline)) return 2
    if (ge(x, 1.5, baseline)) return 1
    return 0
  }
  if (gt(x, 20, uln)) return 4
  if (gt(x, 5, uln)) return 3
  if (gt(x, 3, uln)) return 2
  if (gt(x, 1, uln)) return 1
  return 0
}

/** §3.2 bilirubin rows + LAB-3 ("> 1.0 to 1.5 × baseline" when baseline > ULN). */
function refBilirubin(x: Rat, uln: Rat, baseline: Rat | null): RefGrade {
  if (baseline === null) return cmp(x, uln) <= 0 ? 0 : null
  const r = cmp(baseline, uln) > 0 ? baseline : uln
  if (gt(x, 10, r)) return 4
  if (gt(x, 3, r)) return 3
  if (gt(x, 1.5, r)) return 2
  if (gt(x, 1, r)) return 1
  return 0
}

/** §3.2 creatinine row + LAB-4 (max over the ×ULN and ×baseline alternatives). */
function refCreatinine(x: Rat, uln: Rat, baseline: Rat | null): RefGrade {
  const byUln = gt(x, 6, uln) ? 4 : gt(x, 3, uln) ? 3 : gt(x, 1.5, uln) ? 2 : gt(x, 1, uln) ? 1 : 0
  const byBase = baseline === null ? 0 : gt(x, 3, baseline) ? 3 : gt(x, 1.5, baseline) ? 2 : 0
  return Math.max(byUln, byBase) as RefGrade
}

/** §3.2 fibrinogen row + LAB-5 (max over ×LLN, %-decrease when baseline < LLN, absolute < 0.5 g/L). */
function refFibrinogen(x: Rat, lln: Rat | null, baseline: Rat | null): RefGrade {
  const abs = lt(x, 0.5, ONE) ? 4 : 0
  if (lln === null) return abs === 4 ? 4 : null
  const byLln = lt(x, 0.25, lln) ? 4 : lt(x, 0.5, lln) ? 3 : lt(x, 0.75, lln) ? 2 : lt(x, 1, lln) ? 1 : 0
  let byPct = 0
  if (baseline !== null && cmp(baseline, lln) < 0 && cmp(x, baseline) < 0) {
    // decrease ≥ p  <=>  x ≤ (1 − p) × baseline
    byPct = !gt(x, 0.25, baseline) ? 4 : !gt(x, 0.5, baseline) ? 3 : !gt(x, 0.75, baseline) ? 2 : 1
  }
  return Math.max(abs, byLln, byPct) as RefGrade
}

function refGrade(analyte: CtcaeLabAnalyte, x: Rat, lln: Rat | null, uln: Rat | null, baseline: Rat | null): RefGrade {
  switch (analyte) {
    case 'alt':
    case 'ast':
      return uln === null ? null : refAminotransferase(x, uln, baseline)
    case 'bilirubin':
      return uln === null ? null : refBilirubin(x, uln, baseline)
    case 'creatinine':
      return uln === null ? null : refCreatinine(x, uln, baseline)
    case 'fibrinogen':
      return refFibrinogen(x, lln, baseline)
    default:
      return refDecreased(analyte, x, lln)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// engine adapter
// ---------------------------------------------------------------------------------------------------------------

const CANONICAL: Record<CtcaeLabAnalyte, string> = {
  platelets: '10^9/L',
  neutrophils: '10^9/L',
  leukocytes: '10^9/L',
  lymphocytes: '10^9/L',
  hemoglobin: 'g/dL',
  alt: 'U/L',
  ast: 'U/L',
  bilirubin: 'mg/dL',
  creatinine: 'mg/dL',
  fibrinogen: 'g/L',
}

interface LabCase {
  unit?: string
  lln?: number | null
  uln?: number | null
  /** a number = baseline in the same unit and range; an object = its own unit/range */
  baseline?: number | LabResultValue | null
}
/** engine grade, or `'NE'` when not evaluable */
function eng(analyte: CtcaeLabAnalyte, value: number, c: LabCase = {}): number | 'NE' {
  const unit = c.unit ?? CANONICAL[analyte]
  const baseline = typeof c.baseline === 'number' ? { value: c.baseline, unit, lln: c.lln ?? null, uln: c.uln ?? null } : (c.baseline ?? null)
  const out = gradeCtcaeLab({ analyte, value, unit, lln: c.lln ?? null, uln: c.uln ?? null, baseline })
  return out.kind === 'graded' ? out.grade : 'NE'
}
const r = (x: number | null | undefined): Rat | null => (x === null || x === undefined ? null : rat(x))
/** reference in canonical units, same shape as `eng` */
function ref(analyte: CtcaeLabAnalyte, value: number, c: { lln?: number | null; uln?: number | null; baseline?: number | null } = {}): number | 'NE' {
  const g = refGrade(analyte, rat(value), r(c.lln), r(c.uln), r(c.baseline))
  return g === null ? 'NE' : g
}

// ---------------------------------------------------------------------------------------------------------------
// §3.3 worked examples
// ---------------------------------------------------------------------------------------------------------------

describe('§3.3 worked examples L1-L17 (engine and reference)', () => {
  const cases: [string, CtcaeLabAnalyte, number, LabCase, number][] = [
    ['L1', 'platelets', 88, { lln: 125 }, 1],
    ['L2', 'platelets', 75.0, { lln: 150 }, 1],
    ['L3a', 'platelets', 25.0, { lln: 150 }, 3],
    ['L3b', 'platelets', 24.9, { lln: 150 }, 4],
    ['L4a', 'neutrophils', 0.5, { lln: 1.8 }, 3],
    ['L4b', 'neutrophils', 0.49, { lln: 1.8 }, 4],
    ['L5', 'leukocytes', 2.0, { lln: 4.0 }, 2],
    ['L6', 'lymphocytes', 0.15, { lln: 1.0 }, 4],
    ['L7a', 'hemoglobin', 10.0, { lln: 12.0 }, 1],
    ['L7b', 'hemoglobin', 7.9, { lln: 12.0 }, 3],
    ['L8', 'alt', 120, { uln: 40, baseline: 25 }, 1],
    ['L9', 'alt', 130, { uln: 40, baseline: 25 }, 2],
    ['L10', 'alt', 100, { uln: 40, baseline: 80 }, 0],
    ['L11', 'alt', 120, { uln: 40, baseline: 80 }, 1],
    ['L12', 'alt', 1700, { uln: 40, baseline: 80 }, 4],
    ['L13', 'bilirubin', 1.9, { uln: 1.2, baseline: 0.6 }, 2],
    ['L14', 'creatinine', 1.2, { uln: 1.0, baseline: 0.6 }, 2],
    ['L15', 'fibrinogen', 0.9, { lln: 2.0 }, 3],
    ['L16', 'fibrinogen', 0.45, { lln: 2.0 }, 4],
    ['L17', 'fibrinogen', 1.0, { lln: 2.0, baseline: 1.6 }, 2],
  ]
  it.each(cases)('%s %s %f', (_id, analyte, value, c, expected) => {
    expect(eng(analyte, value, c)).toBe(expected)
    expect(ref(analyte, value, { lln: c.lln ?? null, uln: c.uln ?? null, baseline: typeof c.baseline === 'number' ? c.baseline : null })).toBe(expected)
  })
  it('L16 without any LLN: the absolute < 0.5 g/L criterion alone gives grade 4', () => {
    expect(eng('fibrinogen', 0.45)).toBe(4)
    expect(eng('fibrinogen', 45, { unit: 'mg/dL' })).toBe(4)
  })
  it('L18: hypogammaglobulinemia / IgG has no CTCAE v5.0 lab term graded automatically', () => {
    expect(Object.keys(CTCAE_V5_LAB_TERMS).some((k) => /igg|immunoglobulin|gamma/i.test(k))).toBe(false)
    expect(Object.values(CTCAE_V5_LAB_TERMS).some((t) => /gammaglobulin/i.test(t.term))).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §3.2 every threshold row, equality at every boundary, both sides (LAB-1)
// ---------------------------------------------------------------------------------------------------------------

describe('§3.2 + LAB-1: every cytopenia boundary, equality and the value just below', () => {
  const rows: [CtcaeLabAnalyte, number, number, number, number, number][] = [
    // analyte, LLN, g1 lower, g2 lower, g3 lower, a step below the boundary
    ['platelets', 150, 75, 50, 25, 0.1],
    ['neutrophils', 1.8, 1.5, 1.0, 0.5, 0.01],
    ['leukocytes', 4.0, 3.0, 2.0, 1.0, 0.01],
    ['lymphocytes', 1.0, 0.8, 0.5, 0.2, 0.01],
  ]
  it.each(rows)('%s', (analyte, lln, g1, g2, g3, step) => {
    const below = (x: number) => Number((x - step).toFixed(4))
    expect(eng(analyte, lln, { lln })).toBe(0) // = LLN: not "< LLN"
    expect(eng(analyte, below(lln), { lln })).toBe(1)
    expect(eng(analyte, g1, { lln })).toBe(1)
    expect(eng(analyte, below(g1), { lln })).toBe(2)
    expect(eng(analyte, g2, { lln })).toBe(2)
    expect(eng(analyte, below(g2), { lln })).toBe(3)
    expect(eng(analyte, g3, { lln })).toBe(3)
    expect(eng(analyte, below(g3), { lln })).toBe(4)
    expect(eng(analyte, 0, { lln })).toBe(4)
    // a value above the range (the opposite direction) has no "increased" term here: grade 0
    expect(eng(analyte, lln * 10, { lln, uln: lln * 3 })).toBe(0)
  })
  it('LAB-2: no LLN → grade 1 not assignable (never 0), grades 2-4 still are', () => {
    expect(eng('platelets', 75)).toBe('NE')
    expect(eng('platelets', 400)).toBe('NE')
    expect(eng('platelets', 74.9)).toBe(2)
    expect(eng('neutrophils', 1.5)).toBe('NE')
    expect(eng('neutrophils', 1.49)).toBe(2)
    expect(eng('lymphocytes', 0.1)).toBe(4)
    expect(eng('hemoglobin', 10)).toBe('NE')
    expect(eng('hemoglobin', 9.9)).toBe(2)
    const out = gradeCtcaeLab({ analyte: 'platelets', value: 80, unit: '10^9/L' })
    expect(out.kind).toBe('not-evaluable')
    if (out.kind === 'not-evaluable') expect(out.atLeast).toBe(0)
  })
  it('LAB-6 cell counts: /mm³ and cells/µL are ×10⁻³, ×10³/µL is ×1 (README platelet unit)', () => {
    expect(eng('platelets', 75000, { unit: '/mm3', lln: 150000 })).toBe(1)
    expect(eng('platelets', 74999, { unit: '/mm3', lln: 150000 })).toBe(2)
    expect(eng('platelets', 25000, { unit: 'cells/µL', lln: 150000 })).toBe(3)
    expect(eng('platelets', 24999, { unit: 'cells/µL', lln: 150000 })).toBe(4)
    expect(eng('neutrophils', 500, { unit: '/mm3', lln: 1800 })).toBe(3)
    expect(eng('neutrophils', 499, { unit: '/mm3', lln: 1800 })).toBe(4)
    expect(eng('platelets', 75, { unit: '10^3/µL', lln: 150 })).toBe(1)
    expect(eng('platelets', 75, { unit: 'mg/dL', lln: 150 })).toBe('NE') // unknown unit: never guessed
  })
  it('LAB-6 unit spellings: ×10⁹/L as the domain README writes it, UCUM 10*9/L and 10*3/uL (interchange doc)', () => {
    for (const unit of ['×10⁹/L', '10⁹/L', '× 10⁹ /L', '10*9/L', '10*3/uL', 'x10³/µL', '10^9/l'])
      expect([unit, eng('platelets', 24.9, { unit, lln: 150 }), eng('platelets', 75, { unit, lln: 150 })]).toEqual([unit, 4, 1])
    expect(eng('neutrophils', 0.5, { unit: '×10⁹/L', lln: 1.8 })).toBe(3)
    expect(eng('platelets', 30, { unit: '10⁶/L', lln: 150 })).toBe('NE') // a power the table does not list is not guessed
  })
})

describe('§3.2 Anemia (Hb) boundaries, g/L ↔ g/dL (LAB-6), grade 4-5 never lab-derived (§3.1)', () => {
  it('g/dL boundaries', () => {
    expect(eng('hemoglobin', 12.0, { lln: 12.0 })).toBe(0)
    expect(eng('hemoglobin', 11.99, { lln: 12.0 })).toBe(1)
    expect(eng('hemoglobin', 10.0, { lln: 12.0 })).toBe(1)
    expect(eng('hemoglobin', 9.99, { lln: 12.0 })).toBe(2)
    expect(eng('hemoglobin', 8.0, { lln: 12.0 })).toBe(2)
    expect(eng('hemoglobin', 7.99, { lln: 12.0 })).toBe(3)
  })
  it('g/L: "≥ 100 g/L" and "< 80 g/L" as written', () => {
    expect(eng('hemoglobin', 100, { unit: 'g/L', lln: 120 })).toBe(1)
    expect(eng('hemoglobin', 99, { unit: 'g/L', lln: 120 })).toBe(2)
    expect(eng('hemoglobin', 80, { unit: 'g/L', lln: 120 })).toBe(2)
    expect(eng('hemoglobin', 79, { unit: 'g/L', lln: 120 })).toBe(3)
    expect(eng('hemoglobin', 119.9, { unit: 'g/L', lln: 120 })).toBe(1)
    expect(eng('hemoglobin', 120, { unit: 'g/L', lln: 120 })).toBe(0)
  })
  it('a life-threatening Hb still grades 3 from the value alone: grade 4 (urgent intervention) and 5 (death) are clinical', () => {
    expect(eng('hemoglobin', 3.0, { lln: 12 })).toBe(3)
    expect(eng('hemoglobin', 0.5, { lln: 12 })).toBe(3)
    expect(CTCAE_V5_LAB_TERMS.hemoglobin.maxLabGrade).toBe(3)
    // §3.1: "grade 5 does not exist for lab terms such as Platelet count decreased"
    for (const t of Object.values(CTCAE_V5_LAB_TERMS)) expect(t.maxLabGrade).toBeLessThanOrEqual(4)
  })
})

describe('§3.2 each term is graded in its own direction only (no "increased" count or "decreased" chemistry term)', () => {
  it('values beyond the opposite limit are grade 0', () => {
    expect(eng('alt', 2, { lln: 7, uln: 40, baseline: 20 })).toBe(0)
    expect(eng('ast', 0, { lln: 8, uln: 40, baseline: 80 })).toBe(0)
    expect(eng('bilirubin', 0.1, { lln: 0.3, uln: 1.2, baseline: 0.5 })).toBe(0)
    expect(eng('creatinine', 0.2, { lln: 0.5, uln: 1.0, baseline: 0.8 })).toBe(0)
    expect(eng('fibrinogen', 8, { lln: 2, uln: 4, baseline: 3 })).toBe(0)
    expect(eng('hemoglobin', 20, { lln: 12, uln: 17 })).toBe(0)
    expect(eng('leukocytes', 40, { lln: 4, uln: 10 })).toBe(0)
  })
})

describe('§3.2 ALT/AST both baseline rules (LAB-3), every boundary', () => {
  it.each(['alt', 'ast'] as const)('%s baseline normal (×ULN, ULN 40): > ULN, > 3, > 5, > 20 exclusive lower ends', (a) => {
    const c = { uln: 40, baseline: 30 }
    expect([40, 40.1, 120, 120.1, 200, 200.1, 800, 800.1].map((v) => eng(a, v, c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
  })
  it.each(['alt', 'ast'] as const)('%s baseline abnormal (×baseline 80): 1.5 inclusive, > 3, > 5, > 20', (a) => {
    const c = { uln: 40, baseline: 80 }
    expect([119.9, 120, 240, 240.1, 400, 400.1, 1600, 1600.1].map((v) => eng(a, v, c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
    // a value above ULN but below 1.5 × baseline is grade 0 under the ×baseline rules (L10)
    expect(eng(a, 41, c)).toBe(0)
    // a value below the abnormal baseline (improvement) is grade 0
    expect(eng(a, 60, c)).toBe(0)
  })
  it('baseline exactly at ULN is normal ("abnormal" = above ULN): ×ULN rules apply', () => {
    expect(eng('alt', 60, { uln: 40, baseline: 40 })).toBe(1)
    expect(eng('alt', 40.01, { uln: 40, baseline: 40 })).toBe(1)
    expect(eng('alt', 120.01, { uln: 40, baseline: 40 })).toBe(2)
  })
  it('baseline just above ULN switches to the ×baseline rules', () => {
    expect(eng('alt', 60, { uln: 40, baseline: 40.1 })).toBe(0) // 1.496 × baseline < 1.5
    expect(eng('alt', 60.15, { uln: 40, baseline: 40.1 })).toBe(1) // exactly 1.5 × baseline
  })
  it('the baseline own range decides "abnormal" (LAB-3), the current range the ×ULN rules', () => {
    // baseline 45 with its own ULN 50 is normal → ×ULN rules of the current ULN 40
    expect(eng('alt', 100, { uln: 40, baseline: { value: 45, unit: 'U/L', uln: 50 } })).toBe(1)
    // baseline 45 with its own ULN 40 is abnormal → 100 / 45 = 2.2 × baseline → grade 1
    expect(eng('alt', 100, { uln: 40, baseline: { value: 45, unit: 'U/L', uln: 40 } })).toBe(1)
    expect(eng('alt', 60, { uln: 40, baseline: { value: 45, unit: 'U/L', uln: 40 } })).toBe(0)
    expect(eng('alt', 60, { uln: 40, baseline: { value: 45, unit: 'U/L', uln: 50 } })).toBe(1)
  })
  it('µkat/L ↔ U/L (×60): exact boundaries survive the conversion', () => {
    // ULN 0.5 µkat/L = 30 U/L; 1.5 µkat/L = 90 U/L = exactly 3 × ULN → grade 1
    expect(eng('alt', 1.5, { unit: 'µkat/L', uln: 0.5, baseline: 0.4 })).toBe(1)
    expect(eng('alt', 1.51, { unit: 'µkat/L', uln: 0.5, baseline: 0.4 })).toBe(2)
    // value in µkat/L, baseline reported in U/L (abnormal: 60 > 30): 1.5 × 60 = 90 U/L = 1.5 µkat/L → grade 1
    expect(eng('alt', 1.5, { unit: 'µkat/L', uln: 0.5, baseline: { value: 60, unit: 'U/L', uln: 30 } })).toBe(1)
    expect(eng('alt', 1.49, { unit: 'µkat/L', uln: 0.5, baseline: { value: 60, unit: 'U/L', uln: 30 } })).toBe(0)
  })
})

describe('§3.2 bilirubin both baseline rules, float traps and µmol/L (LAB-3, LAB-6)', () => {
  it('baseline normal, ULN 1.2 mg/dL: 1.8 = 1.5 × ULN exactly (1.5 × 1.2 = 1.7999999999999998 in IEEE 754)', () => {
    const c = { uln: 1.2, baseline: 0.6 }
    expect([1.2, 1.21, 1.8, 1.81, 3.6, 3.61, 12, 12.01].map((v) => eng('bilirubin', v, c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
  })
  it('baseline abnormal (1.5 > ULN 1.2): > 1.0, > 1.5, > 3.0, > 10.0 × baseline', () => {
    const c = { uln: 1.2, baseline: 1.5 }
    expect([1.5, 1.51, 2.25, 2.26, 4.5, 4.51, 15, 15.01].map((v) => eng('bilirubin', v, c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
    // between ULN and baseline: not above baseline → grade 0
    expect(eng('bilirubin', 1.3, c)).toBe(0)
  })
  it('µmol/L with µmol/L range: ratio rules are unit independent (20.5 × 1.5 = 30.75)', () => {
    expect(eng('bilirubin', 30.75, { unit: 'µmol/L', uln: 20.5, baseline: 10 })).toBe(1)
    expect(eng('bilirubin', 30.76, { unit: 'µmol/L', uln: 20.5, baseline: 10 })).toBe(2)
    expect(eng('bilirubin', 205, { unit: 'umol/L', uln: 20.5, baseline: 10 })).toBe(3)
    expect(eng('bilirubin', 205.1, { unit: 'umol/L', uln: 20.5, baseline: 10 })).toBe(4)
  })
  it('value in µmol/L, baseline in mg/dL (17.1 µmol/L per mg/dL): 153.9 µmol/L = 9.0 mg/dL = exactly 3 × baseline 3.0', () => {
    const baseline = { value: 3.0, unit: 'mg/dL', uln: 1.2 }
    expect(eng('bilirubin', 153.9, { unit: 'µmol/L', uln: 20.52, baseline })).toBe(2)
    expect(eng('bilirubin', 154, { unit: 'µmol/L', uln: 20.52, baseline })).toBe(3)
    expect(eng('bilirubin', 513, { unit: 'µmol/L', uln: 20.52, baseline })).toBe(3) // 30 mg/dL = 10 × baseline
    expect(eng('bilirubin', 513.1, { unit: 'µmol/L', uln: 20.52, baseline })).toBe(4)
  })
})

describe('§3.2 creatinine: both alternatives (LAB-4), every boundary, µmol/L', () => {
  it('×ULN boundaries with baseline = ULN (×baseline never stricter)', () => {
    const c = { uln: 1.0, baseline: 1.0 }
    expect([1.0, 1.01, 1.5, 1.51, 3.0, 3.01, 6.0, 6.01].map((v) => eng('creatinine', v, c))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
  })
  it('×baseline boundaries below ULN: "> 1.5 × baseline" → 2 even inside the normal range; "> 3.0 × baseline" → 3', () => {
    const c = { uln: 1.2, baseline: 0.3 }
    expect([0.45, 0.46, 0.9, 0.91].map((v) => eng('creatinine', v, c))).toEqual([0, 2, 2, 3])
    // a ×baseline rule never gives grade 4: 10 × baseline, still ≤ 6 × ULN
    expect(eng('creatinine', 3.0, c)).toBe(3)
  })
  it('µmol/L (88.4 per mg/dL): 132.6 = 1.5 × ULN 88.4 exactly; mixed-unit baseline 1.0 mg/dL vs 265.2 µmol/L = 3.0 × baseline', () => {
    expect(eng('creatinine', 132.6, { unit: 'µmol/L', uln: 88.4, baseline: 88.4 })).toBe(1)
    expect(eng('creatinine', 132.7, { unit: 'µmol/L', uln: 88.4, baseline: 88.4 })).toBe(2)
    const baseline = { value: 1.0, unit: 'mg/dL', uln: 1.2 }
    expect(eng('creatinine', 265.2, { unit: 'µmol/L', uln: 106.08, baseline })).toBe(2) // 3.0 × baseline, 2.5 × ULN
    expect(eng('creatinine', 265.3, { unit: 'µmol/L', uln: 106.08, baseline })).toBe(3)
  })
  it('no baseline: the ×ULN alternative alone decides', () => {
    expect(eng('creatinine', 1.2, { uln: 1.0 })).toBe(1)
    expect(eng('creatinine', 1.51, { uln: 1.0 })).toBe(2)
  })
})

describe('§3.2 fibrinogen: ×LLN, %-decrease, absolute (LAB-5), every boundary, mg/dL', () => {
  it('×LLN boundaries with LLN 2.0 g/L ("< 1.0 to 0.75", "< 0.75 to 0.5", "< 0.5 to 0.25", "< 0.25")', () => {
    expect([2.0, 1.99, 1.5, 1.49, 1.0, 0.99, 0.5, 0.49].map((v) => eng('fibrinogen', v, { lln: 2.0 }))).toEqual([0, 1, 1, 2, 2, 3, 3, 4])
  })
  it('LLN 4.0: 1.0 = 0.25 × LLN is grade 3, 0.99 grade 4; absolute 0.5 g/L not < 0.5', () => {
    expect(eng('fibrinogen', 1.0, { lln: 4.0 })).toBe(3)
    expect(eng('fibrinogen', 0.99, { lln: 4.0 })).toBe(4)
    expect(eng('fibrinogen', 0.5, { lln: 1.5 })).toBe(3) // 0.333 × LLN; absolute 0.5 is not < 0.5
    expect(eng('fibrinogen', 0.499, { lln: 1.5 })).toBe(4)
  })
  it('mg/dL: "< 50 mg/dL (0.5 g/L)"', () => {
    expect(eng('fibrinogen', 50, { unit: 'mg/dL', lln: 150 })).toBe(3)
    expect(eng('fibrinogen', 49.9, { unit: 'mg/dL', lln: 150 })).toBe(4)
    expect(eng('fibrinogen', 150, { unit: 'mg/dL', lln: 150 })).toBe(0)
    expect(eng('fibrinogen', 112.5, { unit: 'mg/dL', lln: 150 })).toBe(1)
    expect(eng('fibrinogen', 112.4, { unit: 'mg/dL', lln: 150 })).toBe(2)
  })
  it('baseline abnormal, value back above LLN: grade 0 (no "decreased" finding)', () => {
    expect(eng('fibrinogen', 2.1, { lln: 2.0, baseline: 1.6 })).toBe(0)
  })
  it('LAB-5 max with the current LLN missing: the %-decrease (baseline abnormal by its own LLN) is the known floor', () => {
    // baseline 1.6 with its own LLN 2.0 is abnormal; 0.8 is a 50 % decrease → at least grade 3 (× LLN unknown)
    const floor = (value: number, baseline: LabResultValue) => {
      const out = gradeCtcaeLab({ analyte: 'fibrinogen', value, unit: 'g/L', baseline })
      return out.kind === 'not-evaluable' ? out.atLeast : `graded ${out.grade}`
    }
    expect(floor(0.8, { value: 1.6, unit: 'g/L', lln: 2.0 })).toBe(3)
    expect(floor(0.6, { value: 2.4, unit: 'g/L', lln: 2.5 })).toBe(4) // exactly a 75 % decrease
    expect(floor(0.61, { value: 2.4, unit: 'g/L', lln: 2.5 })).toBe(3)
    expect(floor(1.5, { value: 1.6, unit: 'g/L', lln: 2.0 })).toBe(1) // a 6 % decrease
    expect(floor(0.8, { value: 2.6, unit: 'g/L', lln: 2.0 })).toBe(0) // baseline normal: no floor from it
    expect(floor(0.8, { value: 1.6, unit: 'g/L' })).toBe(0) // no LLN anywhere: "abnormal" unknown
  })
})

describe('LAB-3 with the current ULN missing stays not evaluable (the engine does not borrow the baseline ULN)', () => {
  it('ALT / bilirubin', () => {
    expect(eng('alt', 130, { baseline: { value: 80, unit: 'U/L', uln: 40 } })).toBe('NE')
    expect(eng('alt', 130, { baseline: { value: 30, unit: 'U/L', uln: 40 } })).toBe('NE')
    expect(eng('bilirubin', 6.5, { baseline: { value: 2.0, unit: 'mg/dL', uln: 1.2 } })).toBe('NE')
  })
})

describe('degenerate lab inputs are not evaluable, never graded', () => {
  it.each([
    ['NaN value', 'platelets', Number.NaN, { lln: 150 }],
    ['negative count (a sign typo is not grade 4)', 'platelets', -1, { lln: 150 }],
    ['negative Hb', 'hemoglobin', -9, { lln: 12 }],
    ['negative fibrinogen (not "< 0.5 g/L")', 'fibrinogen', -0.1, { lln: 2 }],
    ['negative baseline', 'alt', 50, { uln: 40, baseline: -80 }],
    ['Infinity', 'alt', Number.POSITIVE_INFINITY, { uln: 40, baseline: 20 }],
    ['ULN 0 (every value would be "> 20 × ULN")', 'alt', 50, { uln: 0, baseline: 0 }],
    ['negative ULN', 'bilirubin', 1, { uln: -1.2, baseline: 0.5 }],
    ['LLN 0', 'platelets', 100, { lln: 0 }],
    ['negative LLN', 'fibrinogen', 1.0, { lln: -2 }],
    ['no ULN for an "increased" term', 'alt', 500, {}],
    ['no ULN for creatinine', 'creatinine', 2, {}],
  ] as [string, CtcaeLabAnalyte, number, LabCase][])('%s', (_n, analyte, value, c) => {
    expect(eng(analyte, value, c)).toBe('NE')
  })
})

// ---------------------------------------------------------------------------------------------------------------
// property comparison engine vs reference (§3.2)
// ---------------------------------------------------------------------------------------------------------------

/** decimal with `dp` places from an integer count of steps */
const dec = (steps: number, dp: number) => Number((steps / 10 ** dp).toFixed(dp))

describe('property: engine = reference on random §3.2 inputs (fast-check, seed 20261208)', () => {
  it('cytopenias and Hb: value/LLN on 0.01 and 0.1 grids, LLN optional', () => {
    const arb = fc.record({
      analyte: fc.constantFrom<CtcaeLabAnalyte>('platelets', 'neutrophils', 'leukocytes', 'lymphocytes', 'hemoglobin'),
      v: fc.integer({ min: 0, max: 20000 }),
      l: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    })
    fc.assert(
      fc.property(arb, ({ analyte, v, l }) => {
        // platelets 0-200 on a 0.01 grid, LLN 0-400; other counts and Hb 0-15.99 on a 0.01 grid, LLN 0-16 by 0.04
        const value = analyte === 'platelets' ? dec(v, 2) : dec(v % 1600, 2)
        const lln = l === null ? null : analyte === 'platelets' ? l : dec(l * 4, 2)
        // the doc's rows assume LLN above the grade-1 lower bound; keep it realistic
        const g1 = (CYTOPENIA[analyte] as readonly number[])[0] as number
        fc.pre(lln === null || lln >= g1)
        expect(eng(analyte, value, { lln })).toBe(ref(analyte, value, { lln }))
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
  it('ALT/AST, bilirubin, creatinine: 0.01-grid values, optional baseline (normal or abnormal)', () => {
    const arb = fc.record({
      analyte: fc.constantFrom<CtcaeLabAnalyte>('alt', 'ast', 'bilirubin', 'creatinine'),
      ulnSteps: fc.integer({ min: 1, max: 60 }),
      mult: fc.integer({ min: 0, max: 2300 }), // value = uln × mult / 100 (hits every boundary exactly) ± jitter
      jitter: fc.constantFrom(-1, 0, 0, 1),
      baseMult: fc.option(fc.integer({ min: 10, max: 400 }), { nil: null }),
    })
    fc.assert(
      fc.property(arb, ({ analyte, ulnSteps, mult, jitter, baseMult }) => {
        const dp = analyte === 'alt' || analyte === 'ast' ? 0 : 1
        const ulnInt = ulnSteps // ALT/AST ULN 1-60 U/L; bilirubin/creatinine 0.1-6.0 mg/dL
        const uln = dec(ulnInt, dp)
        // value in units of 10^-(dp+2)
        const value = dec(ulnInt * mult + jitter * 10, dp + 2)
        fc.pre(value >= 0)
        const baseline = baseMult === null ? null : dec(ulnInt * baseMult, dp + 2)
        expect(eng(analyte, value, { uln, baseline })).toBe(ref(analyte, value, { uln, baseline }))
      }),
      { seed: SEED, numRuns: 4000 },
    )
  })
  it('fibrinogen: value, LLN and baseline on 0.01 grids', () => {
    const arb = fc.record({
      llnSteps: fc.integer({ min: 100, max: 450 }),
      mult: fc.integer({ min: 0, max: 120 }),
      jitter: fc.constantFrom(-1, 0, 0, 1),
      baseMult: fc.option(fc.integer({ min: 20, max: 130 }), { nil: null }),
    })
    fc.assert(
      fc.property(arb, ({ llnSteps, mult, jitter, baseMult }) => {
        const lln = dec(llnSteps, 2)
        const value = dec(llnSteps * mult + jitter, 4)
        fc.pre(value >= 0)
        const baseline = baseMult === null ? null : dec(llnSteps * baseMult, 4)
        expect(eng('fibrinogen', value, { lln, baseline })).toBe(ref('fibrinogen', value, { lln, baseline }))
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
  it('LAB-6: grading µmol/L inputs equals grading the exactly converted mg/dL inputs (bilirubin 17.1, creatinine 88.4)', () => {
    const arb = fc.record({
      analyte: fc.constantFrom<CtcaeLabAnalyte>('bilirubin', 'creatinine'),
      uln: fc.integer({ min: 5, max: 30 }), // mg/dL × 10
      v: fc.integer({ min: 0, max: 900 }), // mg/dL × 100
      b: fc.option(fc.integer({ min: 5, max: 300 }), { nil: null }), // mg/dL × 100
      baselineUnit: fc.constantFrom('mg/dL', 'µmol/L'),
    })
    fc.assert(
      fc.property(arb, ({ analyte, uln, v, b, baselineUnit }) => {
        const f = analyte === 'bilirubin' ? 171 : 884 // µmol/L per mg/dL × 10
        const toMol = (hundredths: number) => dec(hundredths * f, 3) // mg/dL/100 × f/10 = µmol/L, 3 dp exact
        const baselineMg = b === null ? null : dec(b, 2)
        const baseline =
          b === null ? null : baselineUnit === 'mg/dL' ? { value: dec(b, 2), unit: 'mg/dL', uln: dec(uln, 1) } : { value: toMol(b), unit: 'µmol/L', uln: toMol(uln * 10) }
        const got = eng(analyte, toMol(v), { unit: 'µmol/L', uln: toMol(uln * 10), baseline })
        expect(got).toBe(ref(analyte, dec(v, 2), { uln: dec(uln, 1), baseline: baselineMg }))
      }),
      { seed: SEED, numRuns: 2500 },
    )
  })
  it('LAB-6: g/L Hb and mg/dL fibrinogen grade like their canonical values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1600 }), fc.integer({ min: 100, max: 160 }), (v, l) => {
        // Hb: v/10 g/L = v/100 g/dL
        expect(eng('hemoglobin', dec(v, 1), { unit: 'g/L', lln: l })).toBe(ref('hemoglobin', dec(v, 2), { lln: dec(l, 1) }))
        // fibrinogen: v/10 mg/dL = v/1000 g/L, LLN l·2 mg/dL
        expect(eng('fibrinogen', dec(v, 1), { unit: 'mg/dL', lln: l * 2 })).toBe(ref('fibrinogen', dec(v, 3), { lln: dec(l * 2, 2) }))
      }),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// LAB-7 (PROTOCOL DECISION): ITP baseline thrombocytopenia
// ---------------------------------------------------------------------------------------------------------------

describe('LAB-7 lab-derived AE proposals: worsening-from-baseline for platelets (default) and its variants', () => {
  const plt = (date: string, value: number): LabSeriesSample => ({ analyte: 'platelets', date, value, unit: '10^9/L', lln: 150 })
  const grades = (samples: LabSeriesSample[], o: Parameters<typeof proposeLabAes>[1]) =>
    proposeLabAes(samples, o).proposals.map((p) => ({ onset: p.onsetDate, worst: p.worstGrade, end: p.endDate }))
  it('baseline grade 3 (40): same grade later is not an AE; worsening to grade 4 is', () => {
    const s = [plt('2025-01-01', 40), plt('2025-01-06', 30), plt('2025-01-08', 20), plt('2025-01-10', 45)]
    expect(grades(s, { baselineDate: '2025-01-03' })).toEqual([{ onset: '2025-01-08', worst: 4, end: '2025-01-10' }])
  })
  it('a sample ON the baseline date is pre-treatment (the last one is the baseline)', () => {
    const s = [plt('2025-01-01', 100), plt('2025-01-03', 20), plt('2025-01-08', 20)]
    const out = proposeLabAes(s, { baselineDate: '2025-01-03' })
    expect(out.baselines.platelets).toEqual({ date: '2025-01-03', grade: 4 })
    expect(out.proposals).toEqual([])
  })
  it('"or after recovery to a lower grade": 40 (g3) → 90 (g1) → 40 (g3) is an AE from the relapse', () => {
    const s = [plt('2025-01-01', 40), plt('2025-01-10', 90), plt('2025-01-20', 40)]
    expect(grades(s, { baselineDate: '2025-01-03' })).toEqual([{ onset: '2025-01-20', worst: 3, end: null }])
  })
  it('non-default: worseningOnlyAnalytes [] → any abnormal post-baseline platelet count is proposed', () => {
    const s = [plt('2025-01-01', 40), plt('2025-01-06', 30)]
    expect(grades(s, { baselineDate: '2025-01-03', worseningOnlyAnalytes: [] })).toEqual([{ onset: '2025-01-06', worst: 3, end: null }])
  })
  it('non-default minimumGrade 3: a worsening to grade 2 is not proposed, to grade 3 is', () => {
    const s = [plt('2025-01-01', 100), plt('2025-01-06', 60), plt('2025-01-07', 49.9)]
    expect(grades(s, { baselineDate: '2025-01-03', minimumGrade: 3 })).toEqual([{ onset: '2025-01-07', worst: 3, end: null }])
  })
  it('LD-induced neutropenia (any-abnormal by default) is proposed even when the baseline was already grade 2', () => {
    const anc = (date: string, value: number): LabSeriesSample => ({ analyte: 'neutrophils', date, value, unit: '10^9/L', lln: 1.8 })
    const s = [anc('2025-01-01', 1.2), anc('2025-01-05', 1.2), anc('2025-01-09', 0.3)]
    expect(proposeLabAes(s, { baselineDate: '2025-01-03' }).proposals.map((p) => [p.onsetDate, p.worstGrade])).toEqual([['2025-01-05', 4]])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §4 SAE, SUSAR and clocks
// ---------------------------------------------------------------------------------------------------------------

const NO: SeriousnessAnswers = {
  resultsInDeath: false,
  lifeThreatening: false,
  hospitalisation: 'none',
  persistentOrSignificantDisability: false,
  congenitalAnomaly: false,
  importantMedicalEvent: false,
}

/** §4.1 reference: any one of the six criteria → serious; all "no" → not serious; else unknown. */
function refSerious(a: SeriousnessAnswers): boolean | 'unknown' {
  const v = [a.resultsInDeath, a.lifeThreatening, a.hospitalisation === null ? null : a.hospitalisation !== 'none', a.persistentOrSignificantDisability, a.congenitalAnomaly, a.importantMedicalEvent]
  if (v.includes(true)) return true
  return v.includes(null) ? 'unknown' : false
}

describe('§4.1 seriousness and SUSAR; severity is not seriousness', () => {
  it('S1 ICU transfer of an inpatient = prolonged hospitalisation → serious; S3 re-admission → serious; S2 grade 4 lab outpatient → not', () => {
    expect(assessSeriousness({ ...NO, hospitalisation: 'prolongs-existing' })).toEqual({ serious: true, criteria: ['hospitalisation'] })
    expect(assessSeriousness({ ...NO, hospitalisation: 'requires-admission' })).toEqual({ serious: true, criteria: ['hospitalisation'] })
    expect(assessSeriousness(NO)).toEqual({ serious: false })
  })
  it('property: the six criteria, each yes/no/unanswered, agree with the reference', () => {
    const tri = fc.constantFrom<boolean | null>(true, false, null)
    fc.assert(
      fc.property(tri, tri, fc.constantFrom<SeriousnessAnswers['hospitalisation']>('none', 'requires-admission', 'prolongs-existing', null), tri, tri, tri, (d, lt, h, dis, ca, ime) => {
        const a: SeriousnessAnswers = { resultsInDeath: d, lifeThreatening: lt, hospitalisation: h, persistentOrSignificantDisability: dis, congenitalAnomaly: ca, importantMedicalEvent: ime }
        expect(assessSeriousness(a).serious).toBe(refSerious(a))
      }),
      { seed: SEED, numRuns: 800 },
    )
  })
  it('SUSAR: death (grade 5) or life-threatening → 7-day; other serious → 15-day; expected (S7) or unrelated → not expedited', () => {
    const death = assessSeriousness({ ...NO, resultsInDeath: true })
    const lt = assessSeriousness({ ...NO, lifeThreatening: true })
    const hosp = assessSeriousness({ ...NO, hospitalisation: 'requires-admission' })
    expect(classifySusar({ seriousness: death, related: true, unexpected: true })).toBe('susar-fatal-or-life-threatening')
    expect(classifySusar({ seriousness: lt, related: true, unexpected: true })).toBe('susar-fatal-or-life-threatening')
    expect(classifySusar({ seriousness: hosp, related: true, unexpected: true })).toBe('susar-other')
    expect(classifySusar({ seriousness: hosp, related: true, unexpected: false })).toBe('not-expedited')
    expect(classifySusar({ seriousness: death, related: false, unexpected: true })).toBe('not-expedited')
    expect(classifySusar({ seriousness: assessSeriousness(NO), related: true, unexpected: true })).toBe('not-expedited')
    expect(classifySusar({ seriousness: death, related: null, unexpected: true })).toBe('unknown')
  })
})

// --- clock reference: uses the JS Date UTC arithmetic, independent of the engine's parser ---

/** offset minutes → "+HH:MM" */
function off(m: number): string {
  const a = Math.abs(m)
  return `${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}
/** a local wall-clock (ms since epoch as if UTC) at an offset → ISO string with offset */
function isoAt(utcMs: number, offsetMin: number, withSeconds = false): string {
  const local = new Date(utcMs + offsetMin * 60000).toISOString()
  return `${local.slice(0, withSeconds ? 19 : 16)}${off(offsetMin)}`
}
const localDate = (utcMs: number, offsetMin: number) => new Date(utcMs + offsetMin * 60000).toISOString().slice(0, 10)
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10)

describe('§4.2 clocks: worked examples S4-S6', () => {
  it('S4: site aware 2025-03-03 10:00 → sponsor notification due 2025-03-04 10:00 (24 h)', () => {
    const c = siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-03T10:00+08:00' })
    expect(c.ok && c.value).toEqual({ dueAt: '2025-03-04T10:00+08:00', status: 'pending', minutesRemaining: 1440 })
  })
  it('S5: fatal SUSAR, Day 0 2025-03-03 → initial by 2025-03-10, follow-up by 2025-03-18', () => {
    const c = sponsorExpeditedClocks({ category: 'susar-fatal-or-life-threatening', sponsorFirstKnowledgeAt: '2025-03-03T16:45+01:00', asOf: '2025-03-03T16:45+01:00' })
    expect(c.ok && [c.value.day0, c.value.initial?.dueDate, c.value.followUp?.dueDate, c.value.initial?.daysRemaining]).toEqual(['2025-03-03', '2025-03-10', '2025-03-18', 7])
  })
  it('S6: other SUSAR, Day 0 2025-03-03 → due 2025-03-18, no follow-up clock', () => {
    const c = sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: '2025-03-03T00:00Z', asOf: '2025-03-18T23:59Z' })
    expect(c.ok && [c.value.initial?.dueDate, c.value.initial?.status, c.value.followUp]).toEqual(['2025-03-18', 'pending', null])
  })
  it('S7: not expedited → no clocks', () => {
    const c = sponsorExpeditedClocks({ category: 'not-expedited', sponsorFirstKnowledgeAt: '2025-03-03T09:00Z', asOf: '2025-03-03T09:00Z' })
    expect(c.ok && [c.value.initial, c.value.followUp]).toEqual([null, null])
  })
})

describe('§4.2 clock arithmetic edges', () => {
  it('site clock: exactly 24 h later is on time, one second later is late; offsets of the report do not matter', () => {
    const aware = '2025-03-03T10:00+08:00'
    const at = (sent: string) => {
      const c = siteInitialReportClock({ siteAwareAt: aware, sentToSponsorAt: sent, asOf: sent })
      return c.ok ? c.value.status : 'error'
    }
    expect(at('2025-03-04T10:00+08:00')).toBe('submitted-on-time')
    expect(at('2025-03-04T02:00Z')).toBe('submitted-on-time')
    expect(at('2025-03-04T02:00:01Z')).toBe('submitted-late')
    expect(at('2025-03-03T21:00-05:00')).toBe('submitted-on-time') // = 02:00Z
    expect(at('2025-03-03T21:00:01-05:00')).toBe('submitted-late')
  })
  it('site clock with fractional seconds: a report stamped exactly 24 h later is on time in every year (no float drift)', () => {
    // epoch minutes near 2^25 (October 2033): x + 1440 and the parsed later stamp differed in the last bit
    const pairs: [string, string][] = [
      ['2033-10-17T16:32:00.3Z', '2033-10-18T16:32:00.3Z'],
      ['2033-10-17T23:59:00.3+00:00', '2033-10-19T07:59:00.3+08:00'],
      ['2033-10-17T16:32:03.1Z', '2033-10-18T16:32:03.1Z'],
      ['2025-03-03T10:00:00.123+08:00', '2025-03-04T10:00:00.123+08:00'],
    ]
    for (const [aware, sent] of pairs) {
      const c = siteInitialReportClock({ siteAwareAt: aware, sentToSponsorAt: sent, asOf: sent })
      expect(c.ok && c.value.status).toBe('submitted-on-time')
      const p = siteInitialReportClock({ siteAwareAt: aware, asOf: sent })
      expect(p.ok && [p.value.status, p.value.minutesRemaining]).toEqual(['pending', 0])
    }
    const late = siteInitialReportClock({ siteAwareAt: '2033-10-17T16:32:00.3Z', sentToSponsorAt: '2033-10-18T16:32:00.301Z', asOf: '2033-10-18T16:32:00.301Z' })
    expect(late.ok && late.value.status).toBe('submitted-late')
  })
  it('property: site clock with millisecond stamps 2020-2100 agrees with integer-millisecond arithmetic', () => {
    const arb = fc.record({
      t: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2100, 0, 1) }),
      o1: fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
      o2: fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
      hours: fc.constantFrom(24, 12, 48),
      delta: fc.integer({ min: -2, max: 2 }), // milliseconds around the due instant
    })
    const iso = (ms: number, o: number) => `${new Date(ms + o * 60000).toISOString().slice(0, 23)}${off(o)}`
    fc.assert(
      fc.property(arb, ({ t, o1, o2, hours, delta }) => {
        const sent = iso(t + hours * 3600000 + delta, o2)
        const c = siteInitialReportClock({ siteAwareAt: iso(t, o1), sentToSponsorAt: sent, asOf: sent }, { siteInitialReportHours: hours })
        expect(c.ok && c.value.status).toBe(delta <= 0 ? 'submitted-on-time' : 'submitted-late')
        const p = siteInitialReportClock({ siteAwareAt: iso(t, o1), asOf: sent }, { siteInitialReportHours: hours })
        expect(p.ok && [p.value.status, p.value.minutesRemaining]).toEqual([delta <= 0 ? 'pending' : 'overdue', (0 - delta) / 60000])
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
  it('site clock: asOf at the due instant is pending (0 min), one minute after is overdue', () => {
    const c1 = siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-04T10:00+08:00' })
    const c2 = siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00+08:00', asOf: '2025-03-04T10:01+08:00' })
    expect(c1.ok && [c1.value.status, c1.value.minutesRemaining]).toEqual(['pending', 0])
    expect(c2.ok && [c2.value.status, c2.value.minutesRemaining]).toEqual(['overdue', -1])
  })
  it('site clock across a DST change is elapsed hours (the offset of the awareness stamp is kept)', () => {
    // US spring forward 2025-03-09: aware 2025-03-08 12:00-05:00; 24 h later is 2025-03-09 13:00-04:00 = 12:00-05:00
    const c = siteInitialReportClock({ siteAwareAt: '2025-03-08T12:00-05:00', sentToSponsorAt: '2025-03-09T13:00-04:00', asOf: '2025-03-09T13:00-04:00' })
    expect(c.ok && [c.value.dueAt, c.value.status]).toEqual(['2025-03-09T12:00-05:00', 'submitted-on-time'])
  })
  it('non-default protocol clock: 72-hour site reporting (PROTOCOL DECISION)', () => {
    const c = siteInitialReportClock({ siteAwareAt: '2024-02-28T23:30+08:00', asOf: '2024-02-28T23:30+08:00' }, { siteInitialReportHours: 72 })
    expect(c.ok && c.value.dueAt).toBe('2024-03-02T23:30+08:00') // leap day 2024-02-29 counted
  })
  it('Day 0 is the sponsor-local calendar day: 23:30 in New York is already the next day in Beijing', () => {
    const first = '2025-03-03T23:30-05:00'
    const ny = sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: first, asOf: first })
    const bj = sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: first, asOf: first, reportingOffsetMinutes: 480 })
    expect(ny.ok && [ny.value.day0, ny.value.initial?.dueDate]).toEqual(['2025-03-03', '2025-03-18'])
    expect(bj.ok && [bj.value.day0, bj.value.initial?.dueDate]).toEqual(['2025-03-04', '2025-03-19'])
  })
  it('calendar days across February and the year end (leap year matters)', () => {
    const due = (first: string, category: ExpeditedCategory) => {
      const c = sponsorExpeditedClocks({ category, sponsorFirstKnowledgeAt: first, asOf: first })
      return c.ok ? [c.value.initial?.dueDate, c.value.followUp?.dueDate ?? null] : null
    }
    expect(due('2024-02-25T08:00Z', 'susar-fatal-or-life-threatening')).toEqual(['2024-03-03', '2024-03-11'])
    expect(due('2025-02-25T08:00Z', 'susar-fatal-or-life-threatening')).toEqual(['2025-03-04', '2025-03-12'])
    expect(due('2024-02-20T08:00Z', 'susar-other')).toEqual(['2024-03-06', null])
    expect(due('2025-12-28T08:00Z', 'susar-fatal-or-life-threatening')).toEqual(['2026-01-04', '2026-01-12'])
  })
  it('submission on the due calendar day (any hour) is on time; the next day is late', () => {
    const base = { category: 'susar-fatal-or-life-threatening' as const, sponsorFirstKnowledgeAt: '2025-03-03T09:00+01:00', asOf: '2025-03-20T09:00+01:00' }
    const s = (initial: string, followUp: string) => {
      const c = sponsorExpeditedClocks({ ...base, initialSubmittedAt: initial, followUpSubmittedAt: followUp })
      return c.ok ? [c.value.initial?.status, c.value.followUp?.status] : null
    }
    expect(s('2025-03-10T23:59+01:00', '2025-03-18T23:59:59+01:00')).toEqual(['submitted-on-time', 'submitted-on-time'])
    expect(s('2025-03-11T00:00+01:00', '2025-03-19T00:00+01:00')).toEqual(['submitted-late', 'submitted-late'])
    // 23:30Z on the 10th is 00:30 on the 11th in the sponsor's +01:00 calendar → late
    expect(s('2025-03-10T23:30Z', '2025-03-18T22:59Z')).toEqual(['submitted-late', 'submitted-on-time'])
  })
  it('unknown category runs the strictest (7 + 8) clock until answered', () => {
    const c = sponsorExpeditedClocks({ category: 'unknown', sponsorFirstKnowledgeAt: '2025-03-03T09:00Z', asOf: '2025-03-11T09:00Z' })
    expect(c.ok && [c.value.initial?.dueDate, c.value.initial?.status, c.value.initial?.daysRemaining, c.value.followUp?.dueDate]).toEqual(['2025-03-10', 'overdue', -1, '2025-03-18'])
  })
  it('non-default jurisdiction rules are used throughout (e.g. 5-day fatal, 10 follow-up, 12-day other)', () => {
    const rules: ExpeditedReportingRules = { jurisdiction: 'test', siteInitialReportHours: 48, fatalOrLifeThreateningDays: 5, fatalOrLifeThreateningFollowUpAdditionalDays: 10, otherSusarDays: 12 }
    const f = sponsorExpeditedClocks({ category: 'susar-fatal-or-life-threatening', sponsorFirstKnowledgeAt: '2025-03-03T09:00Z', asOf: '2025-03-03T09:00Z' }, rules)
    const o = sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: '2025-03-03T09:00Z', asOf: '2025-03-03T09:00Z' }, rules)
    expect(f.ok && [f.value.initial?.dueDate, f.value.followUp?.dueDate]).toEqual(['2025-03-08', '2025-03-18'])
    expect(o.ok && o.value.initial?.dueDate).toBe('2025-03-15')
    const s = siteInitialReportClock({ siteAwareAt: '2025-03-03T09:00Z', asOf: '2025-03-03T09:00Z' }, rules)
    expect(s.ok && s.value.dueAt).toBe('2025-03-05T09:00+00:00')
    expect(ICH_E2A_REPORTING_RULES).toMatchObject({ siteInitialReportHours: 24, fatalOrLifeThreateningDays: 7, fatalOrLifeThreateningFollowUpAdditionalDays: 8, otherSusarDays: 15 })
  })
  it('a timestamp without an offset is rejected, not read in the machine time zone', () => {
    expect(siteInitialReportClock({ siteAwareAt: '2025-03-03T10:00', asOf: '2025-03-03T10:00Z' }).ok).toBe(false)
    expect(sponsorExpeditedClocks({ category: 'susar-other', sponsorFirstKnowledgeAt: '2025-03-03', asOf: '2025-03-03T10:00Z' }).ok).toBe(false)
  })

  it('property: site clock = Date-based reference (any offsets, seconds, non-default hours)', () => {
    const arb = fc.record({
      t: fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }),
      o1: fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
      o2: fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
      hours: fc.constantFrom(24, 24, 12, 48, 72),
      delta: fc.integer({ min: -3, max: 3 }), // seconds around the due instant
      sent: fc.boolean(),
    })
    fc.assert(
      fc.property(arb, ({ t, o1, o2, hours, delta, sent }) => {
        const awareMs = t * 1000
        const dueMs = awareMs + hours * 3600000
        const otherMs = dueMs + delta * 1000
        const aware = isoAt(awareMs, o1, true)
        const other = isoAt(otherMs, o2, true)
        const c = siteInitialReportClock({ siteAwareAt: aware, sentToSponsorAt: sent ? other : null, asOf: other }, { siteInitialReportHours: hours })
        expect(c.ok).toBe(true)
        if (!c.ok) return
        const expectedDue = new Date(dueMs + o1 * 60000).toISOString()
        const secs = expectedDue.slice(17, 19)
        expect(c.value.dueAt).toBe(`${expectedDue.slice(0, 16)}${secs === '00' ? '' : `:${secs}`}${off(o1)}`)
        if (sent) expect(c.value.status).toBe(delta <= 0 ? 'submitted-on-time' : 'submitted-late')
        else {
          expect(c.value.status).toBe(delta <= 0 ? 'pending' : 'overdue')
          expect(Math.round((c.value.minutesRemaining as number) * 60)).toBe(0 - delta)
        }
      }),
      { seed: SEED, numRuns: 1500 },
    )
  })
  it('property: sponsor clocks = Date-based reference (Day 0 in the reporting offset, calendar-day due dates)', () => {
    const arb = fc.record({
      t: fc.integer({ min: Date.UTC(2020, 0, 1) / 60000, max: Date.UTC(2040, 0, 1) / 60000 }),
      o1: fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
      rep: fc.option(fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15), { nil: undefined }),
      category: fc.constantFrom<ExpeditedCategory>('susar-fatal-or-life-threatening', 'susar-other', 'unknown', 'not-expedited'),
      subDays: fc.integer({ min: 0, max: 30 }),
      subMin: fc.integer({ min: 0, max: 1439 }),
      asDays: fc.integer({ min: 0, max: 30 }),
      days: fc.record({ f: fc.integer({ min: 1, max: 15 }), fu: fc.integer({ min: 1, max: 15 }), o: fc.integer({ min: 1, max: 30 }) }),
    })
    fc.assert(
      fc.property(arb, ({ t, o1, rep, category, subDays, subMin, asDays, days }) => {
        const rules: ExpeditedReportingRules = { jurisdiction: 'x', siteInitialReportHours: 24, fatalOrLifeThreateningDays: days.f, fatalOrLifeThreateningFollowUpAdditionalDays: days.fu, otherSusarDays: days.o }
        const firstMs = t * 60000
        const ro = rep ?? o1
        const day0 = localDate(firstMs, ro)
        // a submission at local minute subMin of day0 + subDays in the reporting calendar, written in offset o1
        const subMs = Date.parse(`${plusDays(day0, subDays)}T00:00:00Z`) - ro * 60000 + subMin * 60000
        const asOfMs = Date.parse(`${plusDays(day0, asDays)}T12:00:00Z`) - ro * 60000
        const c = sponsorExpeditedClocks(
          { category, sponsorFirstKnowledgeAt: isoAt(firstMs, o1), initialSubmittedAt: isoAt(subMs, o1), asOf: isoAt(asOfMs, o1), ...(rep === undefined ? {} : { reportingOffsetMinutes: rep }) },
          rules,
        )
        expect(c.ok).toBe(true)
        if (!c.ok) return
        expect(c.value.day0).toBe(day0)
        const initialDays = category === 'susar-other' ? days.o : category === 'not-expedited' ? null : days.f
        if (initialDays === null) {
          expect(c.value.initial).toBeNull()
          expect(c.value.followUp).toBeNull()
          return
        }
        expect(c.value.initial?.dueDate).toBe(plusDays(day0, initialDays))
        expect(c.value.initial?.status).toBe(subDays <= initialDays ? 'submitted-on-time' : 'submitted-late')
        if (category === 'susar-other') expect(c.value.followUp).toBeNull()
        else {
          expect(c.value.followUp?.dueDate).toBe(plusDays(day0, days.f + days.fu))
          expect(c.value.followUp?.daysRemaining).toBe(days.f + days.fu - asDays)
          expect(c.value.followUp?.status).toBe(asDays > days.f + days.fu ? 'overdue' : 'pending')
        }
      }),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// §5 DLT window
// ---------------------------------------------------------------------------------------------------------------

interface RefOptions {
  start: number
  end: number
  anchor: 'onset' | 'qualifying-grade'
  minGrade: number
  includeHaem: boolean
  offStudy: 'not-evaluable' | 'evaluable-no-dlt'
}
const REF_DEFAULT: RefOptions = { start: 0, end: 28, anchor: 'onset', minGrade: 3, includeHaem: false, offStudy: 'not-evaluable' }
type RefStatus = 'dlt' | 'no-dlt' | 'pending' | 'not-evaluable'

/** §5: window Day 0-28 inclusive (PROTOCOL DECISION), onset rule, attribution ≥ possible, evaluability, replacement. */
function refDlt(s: DltSubject, o: RefOptions): RefStatus {
  if (s.receivedAssignedDose === false) return 'not-evaluable'
  const end = s.windowEndDay ?? o.end
  const related = (a: AeAttribution | null) => a === 'possible' || a === 'probable' || a === 'definite'
  const hasDlt = s.events.some((e) => {
    const day = o.anchor === 'onset' ? e.onsetDay : (e.qualifyingDay ?? e.onsetDay)
    const inWindow = day >= o.start && day <= end
    const qualifies = e.adjudicatedDlt ?? (e.grade >= o.minGrade && (o.includeHaem || e.category === 'non-haematological') && related(e.attribution))
    return inWindow && qualifies
  })
  if (s.receivedAssignedDose === null) return 'pending'
  if (hasDlt) return 'dlt'
  if (s.observedThroughDay >= end) return 'no-dlt'
  if (s.offStudy) return o.offStudy === 'not-evaluable' ? 'not-evaluable' : 'no-dlt'
  return 'pending'
}
const engOptions = (o: RefOptions): DltWindowOptions => ({
  windowStartDay: o.start,
  windowEndDay: o.end,
  anchor: o.anchor,
  isDlt: illustrativeDltRule({ minGrade: o.minGrade, includeHaematological: o.includeHaem }),
  offStudyBeforeWindowEnd: o.offStudy,
})
function engDlt(s: DltSubject, o?: DltWindowOptions): RefStatus {
  const st = dltStatus(s, o)
  return st.kind === 'evaluable' ? (st.dlt ? 'dlt' : 'no-dlt') : st.kind
}
const ev = (over: Partial<DltCandidateEvent>): DltCandidateEvent => ({ term: 'ALT increased', grade: 3, category: 'non-haematological', attribution: 'possible', onsetDay: 5, ...over })
const subj = (id: string, events: DltCandidateEvent[], over: Partial<DltSubject<number>> = {}): DltSubject<number> => ({
  subjectId: id,
  doseLevel: 1,
  receivedAssignedDose: true,
  observedThroughDay: 28,
  offStudy: false,
  events,
  ...over,
})

describe('§5 DLT window worked example and edges', () => {
  it('§5 table: P1 ICANS 3 Day 6 yes; P2 CRS 1 no; P3 ALT 3 Day 31 no; P4 neutropenia 4 no → 4 evaluable, 1 DLT', () => {
    const subjects = [
      subj('P1', [ev({ term: 'ICANS', grade: 3, onsetDay: 6, attribution: 'probable' })]),
      subj('P2', [ev({ term: 'CRS', grade: 1, onsetDay: 2 })], { observedThroughDay: 35 }),
      subj('P3', [ev({ term: 'ALT increased', grade: 3, onsetDay: 31, attribution: 'probable' })], { observedThroughDay: 35 }),
      subj('P4', [ev({ term: 'Neutrophil count decreased', grade: 4, onsetDay: 5, category: 'haematological' })]),
    ]
    expect(subjects.map((s) => engDlt(s))).toEqual(['dlt', 'no-dlt', 'no-dlt', 'no-dlt'])
    expect(subjects.map((s) => refDlt(s, REF_DEFAULT))).toEqual(['dlt', 'no-dlt', 'no-dlt', 'no-dlt'])
    expect(summariseDltByDoseLevel(subjects)).toEqual([{ doseLevel: 1, nEvaluable: 4, nDlt: 1, pendingSubjects: [] }])
  })
  it('Day 0 (infusion day) and Day 28 (last day) count; Day −1 (LD) and Day 29 do not', () => {
    expect([-1, 0, 28, 29].map((d) => engDlt(subj('X', [ev({ onsetDay: d })], { observedThroughDay: 35 })))).toEqual(['no-dlt', 'dlt', 'dlt', 'no-dlt'])
  })
  it('completed the window = followed through Day 28 inclusive: Day 27 is still pending', () => {
    expect(engDlt(subj('X', [], { observedThroughDay: 27 }))).toBe('pending')
    expect(engDlt(subj('X', [], { observedThroughDay: 28 }))).toBe('no-dlt')
  })
  it('date-only onsets: Day 28 of a 2024-02-01 infusion is 2024-02-29 (leap), of a 2025-02-01 infusion 2025-03-01', () => {
    expect(protocolDay('2024-02-29', '2024-02-01')).toBe(28)
    expect(protocolDay('2024-03-01', '2024-02-01')).toBe(29)
    expect(protocolDay('2025-03-01', '2025-02-01')).toBe(28)
    const at = (date: string, inf: string) => engDlt(subj('X', [ev({ onsetDay: protocolDay(date, inf) })], { observedThroughDay: 40 }))
    expect([at('2024-02-29', '2024-02-01'), at('2024-03-01', '2024-02-01'), at('2025-03-01', '2025-02-01'), at('2025-01-31', '2025-02-01')]).toEqual(['dlt', 'no-dlt', 'dlt', 'no-dlt'])
  })
  it('grade 5 (death) related non-haematological event in the window is a DLT; death before Day 28 without DLT → not evaluable (replaced)', () => {
    expect(engDlt(subj('X', [ev({ grade: 5, onsetDay: 12 })], { observedThroughDay: 12, offStudy: true }))).toBe('dlt')
    expect(engDlt(subj('X', [ev({ grade: 5, onsetDay: 12, attribution: 'unrelated' })], { observedThroughDay: 12, offStudy: true }))).toBe('not-evaluable')
    expect(summariseDltByDoseLevel([subj('X', [ev({ grade: 5, onsetDay: 12, attribution: 'unrelated' })], { observedThroughDay: 12, offStudy: true })])).toEqual([
      { doseLevel: 1, nEvaluable: 0, nDlt: 0, pendingSubjects: [] },
    ])
  })
  it('non-default window (Day 1-21), per-subject window after an amendment, anchor qualifying-grade, haematological included, minGrade 4', () => {
    const o: DltWindowOptions = { windowStartDay: 1, windowEndDay: 21 }
    expect([0, 1, 21, 22].map((d) => engDlt(subj('X', [ev({ onsetDay: d })], { observedThroughDay: 30 }), o))).toEqual(['no-dlt', 'dlt', 'dlt', 'no-dlt'])
    expect(engDlt(subj('X', [], { observedThroughDay: 21 }), o)).toBe('no-dlt')
    expect(engDlt(subj('X', [], { observedThroughDay: 20 }), o)).toBe('pending')
    // subject-specific window end overrides the protocol option
    expect(engDlt(subj('X', [ev({ onsetDay: 30 })], { observedThroughDay: 30, windowEndDay: 35 }), o)).toBe('dlt')
    expect(engDlt(subj('X', [], { observedThroughDay: 30, windowEndDay: 35 }), o)).toBe('pending')
    // qualifying-grade anchor: onset Day 25 (grade 2), grade 3 on Day 29 → not in the Day 0-28 window
    expect(engDlt(subj('X', [ev({ onsetDay: 25, qualifyingDay: 29 })], { observedThroughDay: 35 }), { anchor: 'qualifying-grade' })).toBe('no-dlt')
    expect(engDlt(subj('X', [ev({ onsetDay: 25, qualifyingDay: 28 })], { observedThroughDay: 35 }), { anchor: 'qualifying-grade' })).toBe('dlt')
    const haem = ev({ grade: 4, category: 'haematological' })
    expect(engDlt(subj('X', [haem]), { isDlt: illustrativeDltRule({ includeHaematological: true }) })).toBe('dlt')
    expect(engDlt(subj('X', [ev({ grade: 3 })]), { isDlt: illustrativeDltRule({ minGrade: 4 }) })).toBe('no-dlt')
    expect(engDlt(subj('X', [ev({ grade: 4 })]), { isDlt: illustrativeDltRule({ minGrade: 4 }) })).toBe('dlt')
  })
  it('property: dltStatus and the per-level counts agree with the reference under random PROTOCOL DECISION values', () => {
    const evArb = fc.record({
      term: fc.constant('AE'),
      grade: fc.integer({ min: 1, max: 5 }),
      category: fc.constantFrom<DltCandidateEvent['category']>('haematological', 'non-haematological'),
      attribution: fc.constantFrom<AeAttribution | null>('unrelated', 'unlikely', 'possible', 'probable', 'definite', null),
      onsetDay: fc.integer({ min: -7, max: 45 }),
      qualifyingDay: fc.option(fc.integer({ min: -7, max: 50 }), { nil: undefined }),
      adjudicatedDlt: fc.option(fc.boolean(), { nil: undefined }),
    })
    const subjArb = fc.record({
      subjectId: fc.string({ minLength: 1, maxLength: 3 }),
      doseLevel: fc.integer({ min: 1, max: 3 }),
      receivedAssignedDose: fc.constantFrom<boolean | null>(true, true, true, false, null),
      observedThroughDay: fc.integer({ min: 0, max: 45 }),
      offStudy: fc.boolean(),
      events: fc.array(evArb, { maxLength: 3 }),
      windowEndDay: fc.option(fc.integer({ min: 14, max: 42 }), { nil: undefined }),
    })
    const optArb = fc.record({
      start: fc.constantFrom(0, 0, 1, -3),
      end: fc.constantFrom(28, 28, 21, 14, 42),
      anchor: fc.constantFrom<'onset' | 'qualifying-grade'>('onset', 'qualifying-grade'),
      minGrade: fc.constantFrom(3, 3, 4, 2),
      includeHaem: fc.boolean(),
      offStudy: fc.constantFrom<'not-evaluable' | 'evaluable-no-dlt'>('not-evaluable', 'evaluable-no-dlt'),
    })
    fc.assert(
      fc.property(fc.array(subjArb, { maxLength: 8 }), optArb, (raw, o) => {
        const subjects = raw.map((s, i): DltSubject<number> => {
          const { windowEndDay, ...rest } = s
          return { ...rest, subjectId: `${s.subjectId}${i}`, ...(windowEndDay === undefined ? {} : { windowEndDay }) }
        })
        for (const s of subjects) expect(engDlt(s, engOptions(o))).toBe(refDlt(s, o))
        const levels = [...new Set(subjects.map((s) => s.doseLevel))].sort((a, b) => a - b)
        const expected = levels.map((doseLevel) => {
          const st = subjects.filter((s) => s.doseLevel === doseLevel).map((s) => [s.subjectId, refDlt(s, o)] as const)
          return {
            doseLevel,
            nEvaluable: st.filter(([, k]) => k === 'dlt' || k === 'no-dlt').length,
            nDlt: st.filter(([, k]) => k === 'dlt').length,
            pendingSubjects: st.filter(([, k]) => k === 'pending').map(([id]) => id),
          }
        })
        expect(summariseDltByDoseLevel(subjects, engOptions(o))).toEqual(expected)
      }),
      { seed: SEED, numRuns: 800 },
    )
  })
})

describe('§3.1 grades 1-5 in the AE incidence table (grade 5 = death counted as ≥ 3)', () => {
  it('worst grade per subject counts grade 5; a subject with one ungraded and one graded event counts at the graded one', () => {
    const pop = [
      { subjectId: 'A', doseLevel: 1 },
      { subjectId: 'B', doseLevel: 1 },
    ]
    const rows = aeIncidenceTable(pop, [
      { subjectId: 'A', soc: 'Nervous system disorders', term: 'ICANS', grade: 3 },
      { subjectId: 'A', soc: 'Nervous system disorders', term: 'ICANS', grade: 5 },
      { subjectId: 'B', soc: 'Nervous system disorders', term: 'ICANS', grade: null },
      { subjectId: 'B', soc: 'Nervous system disorders', term: 'ICANS', grade: 2 },
    ])
    const overall = rows[0]?.cells.at(-1)
    expect(overall).toMatchObject({ denominator: 2, nSubjects: 2, byWorstGrade: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 }, gradeUnknown: 0, nGrade3OrHigher: 1 })
  })
})
