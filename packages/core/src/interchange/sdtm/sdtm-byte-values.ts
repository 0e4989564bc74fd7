import { parseSdtmDateTime, parseSdtmNumber, type SdtmDateTime } from './sdtm-values.js'

/**
 * Values read straight from the UTF-8 bytes of a CSV field, for the byte-level `lb.csv` reader. Each gives
 * exactly what the text function of `sdtm-values.ts` gives for the decoded field, and falls back to it
 * (decoding the field) for any form it does not read itself.
 *
 * Source: interchange/sdtm-adam.md (ISO 8601 dates, decimal numbers); RFC 3629 (UTF-8: bytes below 0x80
 * are ASCII and never part of a multi-byte character).
 */

/** UTF-8 bytes → text; must decode exactly as the general reader's text decoder does (keep a BOM). */
export type SdtmBytesDecoder = (bytes: Uint8Array) => string

/** 10^k for k = 0..15, all exact doubles. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * `parseSdtmNumber` of the field `bytes[start, end)`.
 *
 * Digits with at most one `.` and at most 15 digits in all are read here: the digits form an integer below
 * 2^53 and 10^k (k <= 15) is exact, so one division, correctly rounded by IEEE 754, gives the double nearest
 * to the decimal, which is what `Number(text)` returns (ECMA-262 Number::toString / StringToNumber round
 * correctly up to 20 significant digits). Signs, exponents, longer numbers and anything else go through
 * `parseSdtmNumber` on the decoded text.
 *
 * @example sdtmNumberFromBytes(new Uint8Array([49, 50, 46, 53]), 0, 4, decode) // 12.5
 */
export function sdtmNumberFromBytes(bytes: Uint8Array, start: number, end: number, decode: SdtmBytesDecoder): number | null {
  let mantissa = 0
  let digits = 0
  let fraction = -1
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48)
      digits++
      if (fraction >= 0) fraction++
    } else if (c === 46 && fraction < 0) fraction = 0
    else return parseSdtmNumber(decode(bytes.subarray(start, end)))
  }
  if (digits === 0 || digits > 15) return parseSdtmNumber(decode(bytes.subarray(start, end)))
  return fraction > 0 ? mantissa / (POW10[fraction] as number) : mantissa
}

/** Slots of the date cache of `createSdtmDateTimeBytesReader` (a power of two). */
const DATE_CACHE_SLOTS = 1 << 12

/**
 * A reader of `--DTC` fields from bytes. A plain `YYYY-MM-DD` (10 bytes) is looked up by the number
 * YYYYMMDD in a small direct-mapped cache, so a file with millions of rows and a few thousand dates decodes
 * each date about once; other forms (date-times, malformed values) and cache misses are decoded and parsed
 * by `parseSdtmDateTime`, which caches them too.
 */
export function createSdtmDateTimeBytesReader(decode: SdtmBytesDecoder): (bytes: Uint8Array, start: number, end: number) => SdtmDateTime | null {
  const keys = new Int32Array(DATE_CACHE_SLOTS).fill(-1)
  const values = new Array<SdtmDateTime | null>(DATE_CACHE_SLOTS).fill(null)
  const digit = (bytes: Uint8Array, i: number) => ((bytes[i] as number) - 48) >>> 0 // 0-9, or large when not a digit
  return (bytes, start, end) => {
    if (end - start !== 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return parseSdtmDateTime(decode(bytes.subarray(start, end)))
    const y0 = digit(bytes, start)
    const y1 = digit(bytes, start + 1)
    const y2 = digit(bytes, start + 2)
    const y3 = digit(bytes, start + 3)
    const m0 = digit(bytes, start + 5)
    const m1 = digit(bytes, start + 6)
    const d0 = digit(bytes, start + 8)
    const d1 = digit(bytes, start + 9)
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return parseSdtmDateTime(decode(bytes.subarray(start, end)))
    const key = ((((((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10 + m0) * 10 + m1) * 10 + d0) * 10 + d1
    const slot = key & (DATE_CACHE_SLOTS - 1)
    if (keys[slot] === key) return values[slot] as SdtmDateTime | null
    const dt = parseSdtmDateTime(decode(bytes.subarray(start, end)))
    keys[slot] = key
    values[slot] = dt
    return dt
  }
}
