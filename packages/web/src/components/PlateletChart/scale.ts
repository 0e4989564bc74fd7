/** Log-scale helpers for platelet counts (counts span 1 to several hundred ×10⁹/L). */
export const LOG_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

export function logDomain(values: number[], thresholds: number[]): [number, number] {
  const all = [...values, ...thresholds].filter((v) => v > 0)
  const lo = Math.min(...all, 10)
  const hi = Math.max(...all, 100)
  return [Math.max(1, lo / 1.5), hi * 1.5]
}

/** Evenly spaced, round day ticks covering [min, max]. */
export function dayTicks(min: number, max: number, target = 8): number[] {
  const span = Math.max(1, max - min)
  const raw = span / target
  const step = [1, 2, 5, 7, 10, 14, 28, 30, 60, 90, 180, 365].find((s) => s >= raw) ?? Math.ceil(raw / 365) * 365
  const ticks: number[] = []
  for (let d = Math.ceil(min / step) * step; d <= max; d += step) ticks.push(d)
  return ticks
}
