const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' }

/**
 * A cell count or dose in scientific notation as the protocols and the abstract write it, with a superscript
 * exponent: 150000 -> "1.5×10⁵", 3e8 -> "3×10⁸", 12345678 -> "1.23×10⁷" (three significant digits).
 * Zero, negative or non-finite values are written as they are.
 */
export function cellCount(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return String(n)
  // the exponent of the value as rounded to three significant digits (9.996e5 is 1×10⁶, not 10×10⁵)
  const [mantissa = '', exponent = '0'] = n.toExponential(2).split('e')
  const sup = String(Number(exponent))
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('')
  return `${Number(mantissa)}×10${sup}`
}
