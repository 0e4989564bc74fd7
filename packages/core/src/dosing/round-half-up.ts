/**
 * Round half up (ties toward +infinity) to a number of decimals, on the decimal value the user meant.
 *
 * Source: regimen-and-dosing.md §1 PROTOCOL DECISIONS ("BSA rounding (default 2 decimals, round-half-up)";
 * "prescribed dose is rounded to the nearest 1 mg, half up"). Binary floating point stores 1.665 as
 * 1.66499999999999992..., so a naive `Math.round(x * 100) / 100` would round a written tie down. The value is
 * first scaled and cleaned to 12 significant digits (removing representation noise far below any clinical
 * resolution), then `floor(scaled + 0.5)` gives half-up.
 *
 * @param value finite number
 * @param decimals number of decimals kept (0 = integer), may be negative (-1 = tens)
 * @example roundHalfUp(1.665, 2) // 1.67
 * @example roundHalfUp(49.5, 0) // 50
 */
/**
 * `x` cut to 12 significant digits: the binary representation noise of a decimal computation removed (far below any
 * clinical resolution), so that a decimal tie or threshold the inputs define stays exactly on it.
 * @example withoutBinaryNoise(3 * 0.58) // 1.74 (computed 1.7399999999999998)
 */
export function withoutBinaryNoise(x: number): number {
  return Number(x.toPrecision(12))
}

export function roundHalfUp(value: number, decimals: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`roundHalfUp requires a finite number, got ${value}`)
  const factor = 10 ** decimals
  const scaled = withoutBinaryNoise(value * factor)
  const rounded = Math.floor(scaled + 0.5)
  return decimals >= 0 ? rounded / factor : rounded * 10 ** -decimals
}

/**
 * Round half up to the nearest multiple of `increment` (e.g. 1 mg, 0.5 mg).
 * @example roundToIncrement(28.2, 1) // 28
 */
export function roundToIncrement(value: number, increment: number): number {
  if (!(increment > 0))
    throw new RangeError(`roundToIncrement requires a positive increment, got ${increment}`)
  const units = Math.floor(withoutBinaryNoise(value / increment) + 0.5)
  // multiply back through the decimal form of the increment so 0.1-steps do not print as 0.30000000000000004
  const decimals = Math.max(0, (String(increment).split('.')[1] ?? '').length)
  return Number((units * increment).toFixed(decimals))
}

/** Display form of a number with a fixed count of decimals, half up (for explanations only). */
export function formatHalfUp(value: number, decimals: number): string {
  return roundHalfUp(value, decimals).toFixed(Math.max(0, decimals))
}
