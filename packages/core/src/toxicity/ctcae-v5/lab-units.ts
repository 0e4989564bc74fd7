import type { CtcaeLabAnalyte } from './lab-terms.js'

/**
 * Unit normalisation before CTCAE grading (safety-grading.md §3.2 LAB-6).
 * Each analyte has one canonical unit, the unit the CTCAE thresholds are written in:
 * cell counts ×10⁹/L, haemoglobin g/dL, fibrinogen g/L, ALT/AST U/L, bilirubin and creatinine mg/dL.
 * Conversions divide or multiply by the factor so that exact factors (10, 100, 1000) stay exact.
 * Molar factors: bilirubin 17.1 µmol/L per mg/dL, creatinine 88.4 µmol/L per mg/dL (standard SI factors).
 * Ratio criteria (× ULN, × baseline) do not depend on the unit once value, limits and baseline share it.
 */

/** `divideBy`: canonical = value / divideBy; `multiplyBy`: canonical = value × multiplyBy. */
type Conversion = { divideBy: number } | { multiplyBy: number }

const CELL_COUNT: Record<string, Conversion> = {
  '10^9/l': { multiplyBy: 1 },
  'x10^9/l': { multiplyBy: 1 },
  '10^3/ul': { multiplyBy: 1 },
  'x10^3/ul': { multiplyBy: 1 },
  '/ul': { divideBy: 1000 },
  'cells/ul': { divideBy: 1000 },
  '/mm3': { divideBy: 1000 },
}

const UNITS: Record<CtcaeLabAnalyte, { canonical: string; accepted: Record<string, Conversion> }> = {
  platelets: { canonical: '10^9/L', accepted: CELL_COUNT },
  neutrophils: { canonical: '10^9/L', accepted: CELL_COUNT },
  leukocytes: { canonical: '10^9/L', accepted: CELL_COUNT },
  lymphocytes: { canonical: '10^9/L', accepted: CELL_COUNT },
  hemoglobin: { canonical: 'g/dL', accepted: { 'g/dl': { multiplyBy: 1 }, 'g/l': { divideBy: 10 } } },
  fibrinogen: { canonical: 'g/L', accepted: { 'g/l': { multiplyBy: 1 }, 'mg/dl': { divideBy: 100 } } },
  alt: { canonical: 'U/L', accepted: { 'u/l': { multiplyBy: 1 }, 'iu/l': { multiplyBy: 1 }, 'ukat/l': { multiplyBy: 60 } } },
  ast: { canonical: 'U/L', accepted: { 'u/l': { multiplyBy: 1 }, 'iu/l': { multiplyBy: 1 }, 'ukat/l': { multiplyBy: 60 } } },
  bilirubin: { canonical: 'mg/dL', accepted: { 'mg/dl': { multiplyBy: 1 }, 'umol/l': { divideBy: 17.1 } } },
  creatinine: { canonical: 'mg/dL', accepted: { 'mg/dl': { multiplyBy: 1 }, 'umol/l': { divideBy: 88.4 } } },
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹'

/**
 * Lookup key of a unit: case, spaces, µ/μ, ×, superscript powers (`×10⁹/L` as the domain README writes it) and the UCUM
 * power `10*9/L` (interchange/ctgov-fhir-odm.md) all read as `x10^9/l` / `10^9/l`.
 */
function key(unit: string): string {
  return unit
    .trim()
    .toLowerCase()
    .replace(/µ|μ/g, 'u')
    .replace(/\s+/g, '')
    .replace(/×/g, 'x')
    .replace(/10\*(?=\d)/g, '10^')
    .replace(/10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_, p: string) => `10^${[...p].map((c) => SUPERSCRIPT_DIGITS.indexOf(c)).join('')}`)
}

/** The canonical unit CTCAE thresholds are written in, for an analyte. */
export function canonicalLabUnit(analyte: CtcaeLabAnalyte): string {
  return UNITS[analyte].canonical
}

/**
 * Convert a value of `analyte` from `unit` to the canonical unit; `null` when the unit is not known
 * (the caller reports the value as not evaluable, never guesses).
 * @example toCanonicalLabUnit('hemoglobin', 79, 'g/L') // 7.9
 * @example toCanonicalLabUnit('platelets', 30000, '/mm3') // 30
 */
export function toCanonicalLabUnit(analyte: CtcaeLabAnalyte, value: number, unit: string): number | null {
  const c = UNITS[analyte].accepted[key(unit)]
  if (c === undefined) return null
  return 'divideBy' in c ? value / c.divideBy : value * c.multiplyBy
}

/**
 * The conversion of `unit` to the canonical unit as a pair of exact factors (canonical = value × multiplyBy ÷ divideBy),
 * so that threshold comparisons can stay exact on the reported decimals; `null` when the unit is not known.
 * @example labUnitConversion('bilirubin', 'µmol/L') // { multiplyBy: 1, divideBy: 17.1 }
 */
export function labUnitConversion(analyte: CtcaeLabAnalyte, unit: string): { multiplyBy: number; divideBy: number } | null {
  const c = UNITS[analyte].accepted[key(unit)]
  if (c === undefined) return null
  return 'divideBy' in c ? { multiplyBy: 1, divideBy: c.divideBy } : { multiplyBy: c.multiplyBy, divideBy: 1 }
}
