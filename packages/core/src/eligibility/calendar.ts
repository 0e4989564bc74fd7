/**
 * Calendar helpers for eligibility: completed years of age and calendar-month offsets.
 *
 * Source: ../shared/domain/README.md "Dates" (calendar-date arithmetic). Decisions: a birthday on 29 February
 * is reached on 1 March in common years (the age counts up when the month/day of `asOf` is not before
 * the birth month/day); adding months clamps the day to the month's last day (31 Jan + 1 month = 28/29 Feb).
 */
import { daysInMonth } from '../dates/index.js'

const parts = (d: string): [number, number, number] => [
  Number(d.slice(0, 4)),
  Number(d.slice(5, 7)),
  Number(d.slice(8, 10)),
]

/**
 * Completed years from `birthDate` to `asOf`.
 * @example completedYears('2007-06-15', '2025-06-14') // 17
 */
export function completedYears(birthDate: string, asOf: string): number {
  const [by, bm, bd] = parts(birthDate)
  const [y, m, d] = parts(asOf)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/**
 * The date `n` calendar months after `date`, day clamped to the month end.
 * @example addMonths('2024-01-31', 1) // '2024-02-29'
 */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = parts(date)
  const total = y * 12 + (m - 1) + n
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12 + 1
  const nd = Math.min(d, daysInMonth(ny, nm))
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`
}
