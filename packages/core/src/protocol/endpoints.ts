/**
 * Endpoint parameters: the response algorithm's parameters (owned by the response engine), the source of
 * each overridden parameter, the evaluation window of every outcome measure, and the CAR kinetics and B-cell
 * aplasia settings.
 *
 * Source: ../shared/domain/response-itp.md §2 (seed-trial variants), §3.2 (parameters and defaults);
 * ../shared/domain/regimen-and-dosing.md §7 (kinetics PROTOCOL DECISIONS), §8 (aplasia cutoffs, confirmation);
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

/**
 * CAR kinetics PROTOCOL DECISIONS (regimen-and-dosing.md §7 "PROTOCOL DECISIONS (defaults)"); the keys are core's
 * `CarKineticsOptions` (kinetics/car-kinetics.ts). "Nominal vs actual time: use actual sampling day" is how the
 * engine reads a sample's day and is not a setting.
 */
export const KineticsSettingsSchema = z
  .object({
    /** lower limit of quantification: numeric levels strictly below are BLQ; null (default) = only reported BLQ / 0 */
    lloq: z.number().positive().nullable().default(null),
    /** §7 "pre-infusion level set to 0" */
    preInfusionLevel: z.number().nonnegative().default(0),
    /** §7 AUC0-28d: last day of the area (default 28) */
    aucEndDay: z.number().positive().default(28),
    /** §7 "AUC0-28d requires a sample within Day 28 ± 2" (default 2) */
    aucEndWindowDays: z.number().nonnegative().default(2),
    /** §7 "values below LLOQ before Tmax = 0" (default `zero`) */
    blqBeforeTmax: z.enum(['zero', 'exclude']).default('zero'),
    /** §7 values below LLOQ "after Tmax = excluded from AUC and Tlast" (default `exclude`) */
    blqAfterTmax: z.enum(['exclude', 'zero']).default('exclude'),
    sources: SourcesSchema.optional(),
  })
  .strict()
export type KineticsSettings = z.infer<typeof KineticsSettingsSchema>

/**
 * B-cell aplasia PROTOCOL DECISIONS (regimen-and-dosing.md §8); the keys are core's `BCellAplasiaOptions`
 * (kinetics/b-cell-aplasia.ts). Defaults: the §8 worked example's illustrative cutoffs (1 % of lymphocytes or
 * 100 cells/µL) and "two consecutive samples" for onset and recovery.
 */
export const BCellAplasiaSettingsSchema = z
  .object({
    /** CD19+ % of lymphocytes; null = not used (default 1) */
    percentCutoff: z.number().positive().max(100).nullable().default(1),
    /** CD19+ cells/µL; null = not used (default 100) */
    absoluteCutoffPerUl: z.number().positive().nullable().default(100),
    /** consecutive samples confirming onset and recovery (default 2) */
    confirmations: z.number().int().positive().default(2),
    sources: SourcesSchema.optional(),
  })
  .strict()
  .refine((s) => s.percentCutoff !== null || s.absoluteCutoffPerUl !== null, {
    message: 'at least one B-cell cutoff (percentCutoff or absoluteCutoffPerUl) is required',
    path: ['absoluteCutoffPerUl'],
  })
export type BCellAplasiaSettings = z.infer<typeof BCellAplasiaSettingsSchema>

const RESPONSE_KEYS = new Set(Object.keys(ResponseParamsSchema.shape))

export const EndpointsSchema = z
  .object({
    /** response / relapse / TTR / DoR parameters; absent keys take the IWG-based defaults (response-itp.md §3.2) */
    response: ResponseParamsSchema,
    /** provenance per response parameter name, e.g. `rComparator` */
    responseSources: z.record(z.string(), SourcesSchema),
    measures: z.array(OutcomeMeasureSchema),
    /** CAR kinetics settings (regimen-and-dosing.md §7); absent = the doc defaults */
    kinetics: KineticsSettingsSchema.default(() => KineticsSettingsSchema.parse({})),
    /** B-cell aplasia settings (regimen-and-dosing.md §8); absent = the doc defaults */
    bCellAplasia: BCellAplasiaSettingsSchema.default(() => BCellAplasiaSettingsSchema.parse({})),
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
