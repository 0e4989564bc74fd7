/**
 * Calendar dates as `YYYY-MM-DD` strings, with exact day arithmetic and no `Date` object,
 * so results do not depend on the machine's time zone (see ../shared/domain/README.md,
 * "Cross-cutting conventions: Dates": 2024-02-20 -> 2024-03-05 is 14 days; 2025-02-20 -> 2025-03-05 is 13).
 *
 * Algorithm: days from civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
 */

/** A calendar date `YYYY-MM-DD` that has been validated. */
export type IsoDate = string & { readonly __brand: 'IsoDate' }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31
}

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false
  const m = ISO_DATE.exec(s)
  if (!m) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

/**
 * Validate and brand a date string.
 * @throws RangeError naming the value when it is not a real `YYYY-MM-DD` date
 */
export function isoDate(s: string): IsoDate {
  if (!isIsoDate(s)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(s)}`)
  return s
}

/**
 * Dates already converted: course computations convert the same few dates (a subject's infusion date, the days
 * of its records) thousands of times. A pure memo, emptied when full.
 */
const EPOCH_DAYS = new Map<string, number>()
const EPOCH_DAYS_MAX = 4096

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian). */
export function toEpochDay(date: string): number {
  const known = EPOCH_DAYS.get(date)
  if (known !== undefined) return known
  const days = computeEpochDay(date)
  if (EPOCH_DAYS.size >= EPOCH_DAYS_MAX) EPOCH_DAYS.clear()
  EPOCH_DAYS.set(date, days)
  return days
}

function computeEpochDay(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`)
  let y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The calendar date of a count of days since 1970-01-01. */
export function fromEpochDay(days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`epoch day must be an integer: ${days}`)
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp + (mp < 10 ? 3 : -9)
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  const pad = (n: number, w: number) => String(n).padStart(w, '0')
  return `${y < 0 ? '-' : ''}${pad(Math.abs(y), 4)}-${pad(m, 2)}-${pad(d, 2)}` as IsoDate
}

/** Signed number of calendar days from `from` to `to` (`to - from`). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from)
}

/** The date `n` calendar days after (negative: before) `date`. */
export function addDays(date: string, n: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + n)
}
