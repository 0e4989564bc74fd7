import { isIsoDate, type IsoDate } from '../../dates/index.js'

/** An SDTM `--DTC` value split into the calendar date and the clock time (`hh:mm` or `hh:mm:ss`, or null). */
export interface SdtmDateTime {
  date: IsoDate
  time: string | null
}

const DTC = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?)?$/

/**
 * Parse an ISO 8601 `--DTC` value: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm` (seconds `:ss` also accepted).
 * Partial dates (`2024-03`), time zones and impossible dates are rejected (`null`).
 *
 * Source: interchange/sdtm-adam.md ("ISO 8601 dates YYYY-MM-DD or date-times YYYY-MM-DDThh:mm").
 * @example parseSdtmDateTime('2024-03-05T08:30') // { date: '2024-03-05', time: '08:30' }
 */
export function parseSdtmDateTime(text: string): SdtmDateTime | null {
  const m = DTC.exec(text)
  if (!m || !isIsoDate(m[1])) return null
  const time = m[2] === undefined ? null : m[4] === undefined ? `${m[2]}:${m[3]}` : `${m[2]}:${m[3]}:${m[4]}`
  return { date: m[1], time }
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Parse a plain decimal number (`45`, `12.5`, `-3`, `1.5E7`); anything else (`<10`, `1,000`, `NaN`, ``) is `null`.
 *
 * Source: domain/README.md "Platelet unit: store as a decimal number; never as a string".
 * @example parseSdtmNumber('1.5E7') // 15000000
 */
export function parseSdtmNumber(text: string): number | null {
  if (!DECIMAL.test(text)) return null
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}
