/**
 * Validation of the response engine's input at the boundary (the engine itself trusts its input, for speed).
 *
 * Source: ../shared/domain/response-itp.md §3.1 (inputs); README.md conventions (platelets x10^9/L as a
 * decimal number, dates `YYYY-MM-DD`). Every problem is reported, none thrown (STYLE.md §8.1).
 */
import { z } from 'zod'
import { isIsoDate } from '../dates/index.js'
import type { Issue, Result } from '../result.js'
import { fail, ok } from '../result.js'
import { RescueTypeSchema } from './params.js'
import type { ResponseInput } from './types.js'

const date = z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' })
const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d))?$/, { message: 'expected a time of day HH:MM or HH:MM:SS' })

/** Zod schema of {@link ResponseInput}. Unknown keys are errors. */
export const ResponseInputSchema = z
  .object({
    infusionDate: date,
    ldStartDate: date.nullable(),
    plateletCounts: z.array(
      z.object({ date, time: time.nullable().optional(), value: z.number().finite().nonnegative() }).strict(),
    ),
    bleedingEvents: z
      .array(
        z
          .object({
            startDate: date,
            endDate: date.nullable(),
            scale: z.string().min(1).optional(),
            grade: z.number().finite().nonnegative(),
          })
          .strict(),
      )
      .optional(),
    rescueEvents: z
      .array(
        z
          .object({
            type: RescueTypeSchema,
            startDate: date,
            startTime: time.nullable().optional(),
            endDate: date.nullable(),
          })
          .strict(),
      )
      .optional(),
    newItpTherapyStartDate: date.nullable().optional(),
    dataCutoffDate: date.nullable().optional(),
    corticosteroidDependenceDays: z.number().finite().nonnegative().nullable().optional(),
  })
  .strict()

const SOURCE = '../shared/domain/response-itp.md §3.1'

/**
 * Validate one subject's input. Also reports end dates before start dates and bleeding events graded on
 * a scale other than `bleedingScale` (their grades would not be comparable with the threshold).
 * Source: ../shared/domain/response-itp.md §3.1
 * @param bleedingScale the protocol's `bleedingScale` (default WHO)
 * @example parseResponseInput({ infusionDate: '2024-02-30', ldStartDate: null, plateletCounts: [] }).ok // false
 */
export function parseResponseInput(raw: unknown, bleedingScale = 'WHO'): Result<ResponseInput> {
  const parsed = ResponseInputSchema.safeParse(raw)
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => ({
        code: i.code,
        path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
        message: i.message,
        source: SOURCE,
      })),
    )
  }
  const v = parsed.data
  const issues: Issue[] = []
  v.bleedingEvents?.forEach((b, i) => {
    if (b.endDate !== null && b.endDate < b.startDate) {
      issues.push({
        code: 'end_before_start',
        path: ['bleedingEvents', i, 'endDate'],
        message: `end ${b.endDate} is before start ${b.startDate}`,
        source: SOURCE,
      })
    }
    if (b.scale !== undefined && b.scale !== bleedingScale) {
      issues.push({
        code: 'bleeding_scale_mismatch',
        path: ['bleedingEvents', i, 'scale'],
        message: `graded on ${b.scale}, protocol uses ${bleedingScale}`,
        source: SOURCE,
      })
    }
  })
  v.rescueEvents?.forEach((r, i) => {
    if (r.endDate !== null && r.endDate < r.startDate) {
      issues.push({
        code: 'end_before_start',
        path: ['rescueEvents', i, 'endDate'],
        message: `end ${r.endDate} is before start ${r.startDate}`,
        source: SOURCE,
      })
    }
  })
  return issues.length > 0 ? fail(issues) : ok(v as ResponseInput)
}
