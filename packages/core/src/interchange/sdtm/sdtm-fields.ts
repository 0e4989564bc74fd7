import type { SdtmRow, SdtmRowSink } from './sdtm-domain-reader.js'
import { parseSdtmDateTime, parseSdtmNumber, type SdtmDateTime } from './sdtm-values.js'

/**
 * Field readers shared by the domain parsers. Each reports a problem on the variable and returns
 * `undefined` when the value breaks the rule, so a parser can check every variable of a row and report
 * all problems at once.
 *
 * Source: interchange/sdtm-adam.md (required variables, ISO 8601 dates, controlled values per domain).
 */

/** A required non-empty value. */
export function requiredText(row: SdtmRow, sink: SdtmRowSink, variable: string): string | undefined {
  const v = row.get(variable)
  if (v === '') {
    sink.problem(variable, 'missing_value', 'required value is empty')
    return undefined
  }
  return v
}

/** An optional value: `null` when empty. */
export function optionalText(row: SdtmRow, variable: string): string | null {
  const v = row.get(variable)
  return v === '' ? null : v
}

const DTC_RULE = 'an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm'

/** A required `--DTC` value. */
export function requiredDateTime(row: SdtmRow, sink: SdtmRowSink, variable: string): SdtmDateTime | undefined {
  const v = requiredText(row, sink, variable)
  if (v === undefined) return undefined
  const dt = parseSdtmDateTime(v)
  if (dt === null) sink.problem(variable, 'invalid_date', `not ${DTC_RULE}: ${JSON.stringify(v)}`)
  return dt ?? undefined
}

/** An optional `--DTC` value: `null` when empty, `undefined` (after a problem) when malformed. */
export function optionalDateTime(row: SdtmRow, sink: SdtmRowSink, variable: string): SdtmDateTime | null | undefined {
  const v = row.get(variable)
  if (v === '') return null
  const dt = parseSdtmDateTime(v)
  if (dt === null) sink.problem(variable, 'invalid_date', `not ${DTC_RULE}: ${JSON.stringify(v)}`)
  return dt ?? undefined
}

/** A required decimal number, optionally with a lower bound (inclusive) and integer constraint. */
export function requiredNumber(
  row: SdtmRow,
  sink: SdtmRowSink,
  variable: string,
  { min, max, integer = false }: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const v = requiredText(row, sink, variable)
  if (v === undefined) return undefined
  return checkNumber(v, sink, variable, { min, max, integer })
}

/** An optional decimal number: `null` when empty. */
export function optionalNumber(row: SdtmRow, sink: SdtmRowSink, variable: string, opts: { min?: number } = {}): number | null | undefined {
  const v = row.get(variable)
  if (v === '') return null
  return checkNumber(v, sink, variable, opts)
}

function checkNumber(
  v: string,
  sink: SdtmRowSink,
  variable: string,
  { min, max, integer = false }: { min?: number | undefined; max?: number | undefined; integer?: boolean },
): number | undefined {
  const n = parseSdtmNumber(v)
  if (n === null) {
    sink.problem(variable, 'not_a_number', `not a number: ${JSON.stringify(v)}`)
    return undefined
  }
  if (integer && !Number.isInteger(n)) {
    sink.problem(variable, 'not_an_integer', `not a whole number: ${JSON.stringify(v)}`)
    return undefined
  }
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    const range = max === undefined ? `>= ${min}` : min === undefined ? `<= ${max}` : `${min} to ${max}`
    sink.problem(variable, 'out_of_range', `must be ${range}, got ${v}`)
    return undefined
  }
  return n
}

/** A required value from a controlled list (exact match). */
export function requiredCode<C extends string>(row: SdtmRow, sink: SdtmRowSink, variable: string, allowed: readonly C[]): C | undefined {
  const v = requiredText(row, sink, variable)
  if (v === undefined) return undefined
  if (!(allowed as readonly string[]).includes(v)) {
    sink.problem(variable, 'invalid_code', `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`)
    return undefined
  }
  return v as C
}

/** Report an end date before its start date. */
export function checkEndNotBeforeStart(sink: SdtmRowSink, variable: string, start: string | undefined, end: string | null | undefined): void {
  if (start !== undefined && end !== null && end !== undefined && end < start)
    sink.problem(variable, 'end_before_start', `end date ${end} is before the start date ${start}`)
}
