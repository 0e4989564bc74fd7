import { fromEpochDay, isIsoDate, toEpochDay, type IsoDate } from '../../dates/index.js'
import { fail, ok, type Result } from '../../result.js'

/**
 * ISO 8601 date-times with an explicit UTC offset, as pure arithmetic (no `Date`, no machine time zone).
 * A timestamp without an offset is rejected: the clock rules of safety-grading.md §4.2 need to know which
 * calendar day and which instant an event happened.
 */

/** An instant (minutes since 1970-01-01T00:00Z, may carry seconds as a fraction) and the offset it was written in. */
export interface ZonedInstant {
  epochMinutes: number
  /** offset from UTC in minutes, e.g. +480 for `+08:00` */
  offsetMinutes: number
}

const ZONED = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * Parse `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`.
 * @example parseZonedDateTime('2025-03-03T10:00+08:00') // ok { epochMinutes: 29019600, offsetMinutes: 480 }
 */
export function parseZonedDateTime(s: string): Result<ZonedInstant> {
  const m = ZONED.exec(s)
  const bad = (message: string) => fail<ZonedInstant>([{ code: 'invalid_datetime', path: [], message: `${message}: ${JSON.stringify(s)}` }])
  if (!m) return bad('expected an ISO 8601 date-time with a UTC offset (YYYY-MM-DDTHH:MM[:SS]±HH:MM or Z)')
  const [, date, hh, mi, ss, frac, zone] = m as unknown as [string, string, string, string, string | undefined, string | undefined, string]
  if (!isIsoDate(date)) return bad('not a calendar date')
  const h = Number(hh)
  const min = Number(mi)
  const sec = Number(ss ?? 0) + Number(`0.${frac ?? '0'}`)
  if (h > 23 || min > 59 || sec >= 60) return bad('time of day out of range')
  let offsetMinutes = 0
  if (zone !== 'Z') {
    const digits = zone.replace(':', '')
    const oh = Number(digits.slice(1, 3))
    const om = Number(digits.slice(3, 5))
    if (oh > 23 || om > 59) return bad('UTC offset out of range')
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om)
  }
  const epochMinutes = toEpochDay(date) * 1440 + h * 60 + min + sec / 60 - offsetMinutes
  return ok({ epochMinutes, offsetMinutes })
}

/** Local calendar date of an instant at a UTC offset. @example localDateAt(parse('2025-03-03T23:30-05:00'), 480) // '2025-03-04' */
export function localDateAt(epochMinutes: number, offsetMinutes: number): IsoDate {
  return fromEpochDay(Math.floor((epochMinutes + offsetMinutes) / 1440))
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Format an instant at an offset: `YYYY-MM-DDTHH:MM[:SS]±HH:MM` (seconds only when not zero). */
export function formatZonedDateTime(epochMinutes: number, offsetMinutes: number): string {
  // round to whole seconds BEFORE splitting into day and time of day: 23:59:59.6 rounds into the next day,
  // never to an invalid "T24:00" that parseZonedDateTime would reject
  const localSeconds = Math.round((epochMinutes + offsetMinutes) * 60)
  const day = Math.floor(localSeconds / 86400)
  const totalSeconds = localSeconds - day * 86400
  const h = Math.floor(totalSeconds / 3600)
  const mi = Math.floor((totalSeconds % 3600) / 60)
  const s = totalSeconds % 60
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${fromEpochDay(day)}T${pad(h)}:${pad(mi)}${s ? `:${pad(s)}` : ''}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** Epoch minutes of local midnight starting `date` at a UTC offset. */
export function startOfLocalDay(date: string, offsetMinutes: number): number {
  return toEpochDay(date) * 1440 - offsetMinutes
}
