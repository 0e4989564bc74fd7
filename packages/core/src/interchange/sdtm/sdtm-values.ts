import { isIsoDate, type IsoDate } from '../../dates/index.js'

/** An SDTM `--DTC` value split into the calendar date and the clock time (`hh:mm` or `hh:mm:ss`, or null). */
export interface SdtmDateTime {
  date: IsoDate
  time: string | null
}

const DTC = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?)?$/

/** Parsed `--DTC` values by text (date-times): a 10-million-row file holds a few thousand distinct dates. */
const dtcCache = new Map<string, SdtmDateTime | null>()
const DTC_CACHE_MAX = 1 << 16

/** Plain `YYYY-MM-DD` texts by the number YYYYMMDD (cheaper to look up than a freshly read string). */
const dateCache = new Map<number, SdtmDateTime | null>()

/** YYYYMMDD when `text` is 10 characters `dddd-dd-dd` (digits), else -1; equal keys mean equal texts. */
function dateKey(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1
  let key = 0
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    key = key * 10 + d
  }
  return key
}

function parseDtc(text: string): SdtmDateTime | null {
  const m = DTC.exec(text)
  if (!m || !isIsoDate(m[1])) return null
  const time = m[2] === undefined ? null : m[4] === undefined ? `${m[2]}:${m[3]}` : `${m[2]}:${m[3]}:${m[4]}`
  return Object.freeze({ date: m[1], time })
}

/**
 * Parse an ISO 8601 `--DTC` value: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm` (seconds `:ss` also accepted).
 * Partial dates (`2024-03`), time zones and impossible dates are rejected (`null`).
 *
 * Results are cached per distinct text (each cache is emptied when it grows past 65,536 entries), so the
 * returned object is frozen and shared: equal texts give the same object and the same date string, which
 * also interns the dates of a large file.
 *
 * Source: interchange/sdtm-adam.md ("ISO 8601 dates YYYY-MM-DD or date-times YYYY-MM-DDThh:mm").
 * @example parseSdtmDateTime('2024-03-05T08:30') // { date: '2024-03-05', time: '08:30' }
 */
export function parseSdtmDateTime(text: string): SdtmDateTime | null {
  const key = dateKey(text)
  if (key >= 0) {
    const byKey = dateCache.get(key)
    if (byKey !== undefined) return byKey
    const dt = parseDtc(text)
    if (dateCache.size >= DTC_CACHE_MAX) dateCache.clear()
    dateCache.set(key, dt)
    return dt
  }
  const known = dtcCache.get(text)
  if (known !== undefined) return known
  const dt = parseDtc(text)
  if (dtcCache.size >= DTC_CACHE_MAX) dtcCache.clear()
  dtcCache.set(text, dt)
  return dt
}

const isDigit = (c: number) => c >= 48 && c <= 57

/** End of the run of ASCII digits of `s` starting at `i`. */
function digitsEnd(s: string, i: number): number {
  while (i < s.length && isDigit(s.charCodeAt(i))) i++
  return i
}

/**
 * Whether `s` matches `^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$` (written out: this runs per field
 * of a 10-million-row file).
 */
function isDecimalText(s: string): boolean {
  let i = 0
  let c = s.charCodeAt(0)
  if (c === 43 || c === 45) i++ // + -
  const intEnd = digitsEnd(s, i)
  let mantissaDigits = intEnd - i
  i = intEnd
  if (s.charCodeAt(i) === 46) {
    // .
    const fracEnd = digitsEnd(s, i + 1)
    mantissaDigits += fracEnd - i - 1
    i = fracEnd
  }
  if (mantissaDigits === 0) return false
  c = s.charCodeAt(i)
  if (c === 101 || c === 69) {
    // e E
    i++
    c = s.charCodeAt(i)
    if (c === 43 || c === 45) i++
    const expEnd = digitsEnd(s, i)
    if (expEnd === i) return false
    i = expEnd
  }
  return i === s.length
}

/**
 * Parse a plain decimal number (`45`, `12.5`, `-3`, `1.5E7`); anything else (`<10`, `1,000`, `NaN`, ``) is `null`.
 *
 * Source: domain/README.md "Platelet unit: store as a decimal number; never as a string".
 * @example parseSdtmNumber('1.5E7') // 15000000
 */
export function parseSdtmNumber(text: string): number | null {
  if (!isDecimalText(text)) return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}
