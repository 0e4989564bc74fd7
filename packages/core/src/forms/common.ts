/**
 * Shared field schemas of the eCRF forms. `null` always means "not recorded", never 0 (STYLE.md §8.2).
 */
import { z } from 'zod'
import { isIsoDate } from '../dates/index.js'
import type { EditCheck } from './edit-check.js'

/** A calendar date `YYYY-MM-DD`. */
export const FormDateSchema = z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' })
/** A local date-time at the site, `YYYY-MM-DDTHH:MM` (seconds optional). */
export const FormDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: 'expected a local date-time YYYY-MM-DDTHH:MM' })
  .refine((s) => isIsoDate(s.slice(0, 10)), { message: 'expected a real calendar date' })
/** A measured number, or `null` when not recorded. */
export const measured = z.number().finite().nullable()

/** Date checks every dated field gets: required, not before consent, not in the future. */
export function dateChecks(prefix: string, path: string, label: string, { required = true }: { required?: boolean } = {}): EditCheck[] {
  const checks: EditCheck[] = [
    { id: `${prefix}.${path}.consent`, kind: 'not-before-consent', path: [path], severity: 'error', message: `${label} is before informed consent` },
    { id: `${prefix}.${path}.future`, kind: 'not-in-future', path: [path], severity: 'error', message: `${label} is in the future` },
  ]
  if (required) checks.unshift({ id: `${prefix}.${path}.required`, kind: 'required', path: [path], severity: 'error', message: `${label} is required` })
  return checks
}

/** The end of an interval is not before its start (CDASH: --ENDTC >= --STDTC). */
export function endNotBeforeStart(prefix: string): EditCheck {
  return { id: `${prefix}.end.order`, kind: 'date-order', start: ['start'], end: ['end'], severity: 'error', message: 'End is before start', source: 'CDISC CDASH: end date on or after start date' }
}
