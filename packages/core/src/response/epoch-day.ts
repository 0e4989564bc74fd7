/**
 * Fast `YYYY-MM-DD` -> days since 1970-01-01 for the engine's hot path (2 million counts per second).
 * Same result as `toEpochDay` in ../dates (which it calls to raise the error on anything that is not a
 * real calendar date), without the regular expression.
 *
 * Source: ../shared/domain/README.md "Dates" (calendar arithmetic, leap years); algorithm "days from civil",
 * H. Hinnant, chrono-Compatible Low-Level Date Algorithms.
 */
import { toEpochDay } from '../dates/index.js'

function digit(s: string, i: number): number {
  return s.charCodeAt(i) - 48
}

/**
 * Days since 1970-01-01 of a calendar date written `YYYY-MM-DD`.
 * Source: ../shared/domain/README.md "Dates"; H. Hinnant, days_from_civil
 * @throws RangeError (from `toEpochDay`) when `date` is not a real calendar date
 * @example responseEpochDay('2024-03-05') - responseEpochDay('2024-02-20') // 14
 */
export function responseEpochDay(date: string): number {
  if (
    typeof date !== 'string' ||
    date.length !== 10 ||
    date.charCodeAt(4) !== 45 ||
    date.charCodeAt(7) !== 45
  ) {
    return toEpochDay(date)
  }
  const y0 = digit(date, 0)
  const y1 = digit(date, 1)
  const y2 = digit(date, 2)
  const y3 = digit(date, 3)
  const m0 = digit(date, 5)
  const m1 = digit(date, 6)
  const d0 = digit(date, 8)
  const d1 = digit(date, 9)
  if (
    ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) & ~15) !== 0 ||
    y0 > 9 ||
    y1 > 9 ||
    y2 > 9 ||
    y3 > 9 ||
    m0 > 9 ||
    m1 > 9 ||
    d0 > 9 ||
    d1 > 9
  ) {
    return toEpochDay(date)
  }
  let y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const m = m0 * 10 + m1
  const d = d0 * 10 + d1
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const dim = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
  if (m < 1 || m > 12 || d < 1 || d > dim) return toEpochDay(date)
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
