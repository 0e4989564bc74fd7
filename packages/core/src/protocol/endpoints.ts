/**
 * Endpoint parameters: the response algorithm's parameters (owned by the response engine), the source of
 * each overridden parameter, and the evaluation window of every outcome measure.
 *
 * Source: ../shared/domain/response-itp.md §2 (seed-trial variants), §3.2 (parameters and defaults);
 * ../shared/interchange/ctgov-fhir-odm.md §1 (`outcomesModule`: measure, description, free-text timeFrame).
 */
import { z } from 'zod'
import { ResponseParamsSchema } from '../response/params.js'
import { SourcesSchema } from './source-note.js'

/** An outcome measure with its evaluation window in protocol days (Day 0 = infusion). */
export const OutcomeMeasureSchema = z
  .object({
    id: z.string().min(1),
    /** `unlabelled` where the record does not say primary or secondary */
    kind: z.enum(['primary', 'secondary', 'unlabelled']),
    measure: z.string().min(1),
    description: z.string().min(1).nullable(),
    /** the registry's free-text time frame, verbatim */
    timeFrame: z.string().min(1),
    /** evaluation window; endDay null = to the data cut-off */
    window: z.object({ startDay: z.number().int(), endDay: z.number().int().nullable() }).strict(),
    sources: SourcesSchema,
  })
  .strict()
  .refine((m) => m.window.endDay === null || m.window.endDay >= m.window.startDay, {
    message: 'window.endDay must not precede window.startDay',
    path: ['window', 'endDay'],
  })
export type OutcomeMeasure = z.infer<typeof OutcomeMeasureSchema>

const RESPONSE_KEYS = new Set(Object.keys(ResponseParamsSchema.shape))

export const EndpointsSchema = z
  .object({
    /** response / relapse / TTR / DoR parameters; absent keys take the IWG-based defaults (response-itp.md §3.2) */
    response: ResponseParamsSchema,
    /** provenance per response parameter name, e.g. `rComparator` */
    responseSources: z.record(z.string(), SourcesSchema),
    measures: z.array(OutcomeMeasureSchema),
  })
  .strict()
  .superRefine((e, ctx) => {
    for (const key of Object.keys(e.responseSources))
      if (!RESPONSE_KEYS.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['responseSources', key],
          message: `not a response parameter: ${key}`,
        })
    const seen = new Set<string>()
    e.measures.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['measures', i, 'id'], message: `duplicate measure id ${m.id}` })
      seen.add(m.id)
    })
  })
export type Endpoints = z.infer<typeof EndpointsSchema>
