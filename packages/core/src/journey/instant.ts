/**
 * Timestamps with an explicit UTC offset (`2024-03-01T08:30:00+08:00`), compared without `Date` so core stays
 * clock-free and independent of the machine's time zone.
 *
 * Source: ISO 8601 / RFC 3339 §5.6 date-time (offset required here: hand-offs cross time zones, and a local time
 * without offset cannot be ordered). Day arithmetic: packages/core/src/dates (Hinnant days-from-civil).
 */
import { isIsoDate, toEpochDay } from '../dates/index.js'

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,3}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

/**
 * Milliseconds since 1970-01-01T00:00Z, or null when `s` is not an RFC 3339 date-time with offset.
 * @example instantToEpochMs('1970-01-01T08:00+08:00') // 0
 */
export function instantToEpochMs(s: string): number | null {
  const m = INSTANT.exec(s)
  if (!m || !isIsoDate(m[1])) return null
  const [, date, hh, mm, ss = '0', frac = '0', offset = 'Z'] = m
  const offsetMinutes =
    offset === 'Z'
      ? 0
      : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
  const localMs =
    ((toEpochDay(date ?? '') * 24 + Number(hh)) * 60 + Number(mm)) * 60_000 +
    Number(ss) * 1000 +
    Number(frac.padEnd(3, '0'))
  return localMs - offsetMinutes * 60_000
}
