/** Platelet units accepted on input, with the divisor to ×10⁹/L. */
export const PLATELET_UNIT_DIVISORS: Readonly<Record<string, number>> = {
  '10^9/L': 1,
  '10^3/uL': 1,
  '/uL': 1000,
  '/mm3': 1000,
}

/** The same table as a Map: looking up a freshly read unit text in a Map does not intern it (hot path). */
const DIVISORS = new Map(Object.entries(PLATELET_UNIT_DIVISORS))
/** the unit of the previous call and its divisor (a file usually repeats one unit) */
let lastUnit = ''
let lastDivisor: number | undefined

/**
 * Convert a platelet count to ×10⁹/L: `10^9/L` and `10^3/uL` (×1), `/uL` and `/mm3` (×0.001). Any other
 * unit is an error (`null`), never a guess. The ×0.001 is done as a division by 1000, which is exact for
 * whole thousands (30000/uL is exactly 30), whereas multiplying by the binary 0.001 can be off in the last
 * bit and flip a threshold comparison.
 *
 * Source: interchange/sdtm-adam.md row `lb.csv`; domain/README.md "Platelet unit" (×10⁹/L = ×10³/µL).
 * @example convertPlateletCount(45000, '/uL') // 45
 */
export function convertPlateletCount(value: number, unit: string): number | null {
  const divisor = unit === lastUnit ? lastDivisor : DIVISORS.get(unit)
  lastUnit = unit
  lastDivisor = divisor
  if (divisor === undefined) return null
  return divisor === 1 ? value : value / divisor
}
