/**
 * Exact comparison of decimal inputs, so that threshold rules such as "> 1.5 × ULN" are decided on the
 * decimal values a laboratory reported, not on binary floating-point products (1.5 × 1.2 is
 * 1.7999999999999998 in IEEE 754, which would make a bilirubin of exactly 1.8 look "> 1.5 × ULN").
 *
 * Each number is read as its shortest round-trip decimal (`String(x)`), turned into an integer
 * mantissa and a power-of-ten scale, and compared with BigInt arithmetic.
 * Source: ../shared/domain/README.md, "Rounding: compare raw stored values; do not round before comparison";
 * safety-grading.md §3.2 LAB-1 (boundaries exactly as written). admiral reaches the same end with `signif(x, 8)`.
 */

interface ScaledDecimal {
  /** value = mantissa / 10^scale */
  mantissa: bigint
  scale: number
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/

function toScaledDecimal(x: number): ScaledDecimal {
  if (!Number.isFinite(x)) throw new RangeError(`exact decimal comparison needs a finite number: ${x}`)
  const m = DECIMAL.exec(String(x))
  if (!m) throw new RangeError(`cannot read ${x} as a decimal`)
  const digits = (m[2] ?? '') + (m[3] ?? '')
  const scale = (m[3]?.length ?? 0) - Number(m[4] ?? 0)
  const sign = m[1] === '-' ? -1n : 1n
  if (scale < 0) return { mantissa: sign * BigInt(digits) * 10n ** BigInt(-scale), scale: 0 }
  return { mantissa: sign * BigInt(digits), scale }
}

function sign(n: bigint): -1 | 0 | 1 {
  return n < 0n ? -1 : n > 0n ? 1 : 0
}

/**
 * Sign of `Π left − Π right`, exactly on the decimal readings of every factor. Used to compare lab values whose
 * unit conversion (e.g. ÷ 17.1 µmol/L per mg/dL) has no finite decimal: the factor is moved to the other side
 * instead of rounding the converted value (README "compare raw stored values"; safety-grading.md LAB-1, LAB-6).
 * @example compareProducts([153.9], [3, 51.3]) // 0 (153.9 µmol/L is exactly 3 × 51.3 µmol/L)
 * @throws RangeError for non-finite input
 */
export function compareProducts(left: readonly number[], right: readonly number[]): -1 | 0 | 1 {
  const prod = (xs: readonly number[]) =>
    xs.map(toScaledDecimal).reduce((acc, x) => ({ mantissa: acc.mantissa * x.mantissa, scale: acc.scale + x.scale }), { mantissa: 1n, scale: 0 })
  const l = prod(left)
  const r = prod(right)
  const scale = Math.max(l.scale, r.scale)
  return sign(l.mantissa * 10n ** BigInt(scale - l.scale) - r.mantissa * 10n ** BigInt(scale - r.scale))
}

/**
 * Sign of `a − factor × b`, computed exactly on the decimal readings of the three numbers.
 * @example compareWithMultiple(1.8, 1.5, 1.2) // 0 (1.8 is exactly 1.5 × 1.2)
 * @example compareWithMultiple(130, 3, 40)    // 1
 * @throws RangeError for non-finite input
 */
export function compareWithMultiple(a: number, factor: number, b: number): -1 | 0 | 1 {
  return compareProducts([a], [factor, b])
}

/** Sign of `a − b`, exactly on the decimal readings. @example compareDecimal(0.1 + 0.2, 0.3) // 1 (0.30000000000000004) */
export function compareDecimal(a: number, b: number): -1 | 0 | 1 {
  return compareProducts([a], [b])
}
