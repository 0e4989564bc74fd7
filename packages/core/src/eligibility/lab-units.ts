/**
 * Unit conversion for screening labs: a value is converted to the criterion's unit before comparing.
 *
 * Source: ../shared/domain/README.md "Platelet unit" (x10^9/L is numerically identical to x10^3/uL);
 * ../shared/domain/regimen-and-dosing.md §2.1 (creatinine: umol/L -> mg/dL divide by 88.4).
 * Haemoglobin g/dL x 10 = g/L (definition of the units).
 */

/** Canonical spelling of a unit: lower case, no spaces, `µ` as `u`, `×10⁹/l` and `x10^9/l` as `10^9/l`. */
function canon(unit: string): string {
  // superscript exponents as the domain README writes them: ×10⁹/L, ×10³/µL ("Platelet unit")
  const sup = (s: string) => `^${[...s].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)).join('')}`
  return unit
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/µ|μ/g, 'u')
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, sup)
    .replace(/mm\^3$/, 'mm3')
    .replace(/^[x×]/, '')
    .replace(/\*/g, '^')
    .replace('10e', '10^')
}

/** Per test: factor to multiply a value in unit U by to get the base unit (first entry). */
const FACTORS: Record<string, Record<string, number>> = {
  // 'g/l' is G/L, giga (10^9) per litre, as printed by some laboratories
  platelets: { '10^9/l': 1, '10^3/ul': 1, '10^3/mm3': 1, 'g/l': 1 },
  creatinine: { 'mg/dl': 1, 'umol/l': 1 / 88.4 },
  hemoglobin: { 'g/l': 1, 'g/dl': 10 },
  alt: { 'u/l': 1, 'iu/l': 1 },
  ast: { 'u/l': 1, 'iu/l': 1 },
  bilirubin: { 'umol/l': 1, 'mg/dl': 17.1 },
}

/**
 * Convert `value` of `test` from `from` to `to`.
 * @returns the converted value, or undefined when the pair of units is not known for the test
 * @example convertLabValue('creatinine', 88.4, 'umol/L', 'mg/dL') // 1
 */
export function convertLabValue(test: string, value: number, from: string, to: string): number | undefined {
  const f = canon(from)
  const t = canon(to)
  if (f === t) return value
  const table = FACTORS[test.toLowerCase()]
  const ff = table?.[f]
  const tf = table?.[t]
  if (ff === undefined || tf === undefined) return undefined
  return (value * ff) / tf
}
