/**
 * Lymphodepletion regimen: drugs, mg/m2/day, protocol days, BSA settings and renal dose adjustment as data.
 *
 * Source: ../shared/domain/regimen-and-dosing.md §1 (BSA formula, rounding, dose rounding: PROTOCOL DECISIONS), §2.1-2.2
 * (Cockcroft-Gault for adults, bedside Schwartz for children; units differ), §2.3 (fludarabine renal
 * adjustment is protocol-defined: `adjustedDose = baseDose x factor(CrCl band)`), §4 (seed regimens).
 */
import { z } from 'zod'
import { SourcesSchema } from './source-note.js'

/**
 * One renal band: applies when `min <= value < max` (null = unbounded). `factor` multiplies the base
 * dose; `factor: null` means "do not administer".
 */
export const RenalBandSchema = z
  .object({
    min: z.number().nonnegative().nullable(),
    max: z.number().positive().nullable(),
    factor: z.number().positive().max(1).nullable(),
  })
  .strict()
export type RenalBand = z.infer<typeof RenalBandSchema>

/**
 * Renal adjustment rule for one drug. Renal function is Cockcroft-Gault CrCl (mL/min) at age >= the
 * paediatric cut-off and bedside Schwartz eGFR (mL/min/1.73 m2) below it (§2.2 PROTOCOL DECISION, cut-off 18).
 * The bands must not overlap and must cover 0..infinity; checked by the refinement below.
 */
export const RenalAdjustmentSchema = z
  .object({
    adultFormula: z.enum(['cockcroft-gault']).default('cockcroft-gault'),
    pediatricFormula: z.enum(['bedside-schwartz']).default('bedside-schwartz'),
    pediatricBelowAgeYears: z.number().positive().default(18),
    /** CG weight type (§2.1 PROTOCOL DECISION, default actual) */
    weightType: z.enum(['actual', 'ideal', 'adjusted']).default('actual'),
    bands: z.array(RenalBandSchema).min(1),
    sources: SourcesSchema,
  })
  .strict()
  .superRefine((rule, ctx) => {
    const sorted = [...rule.bands].sort((a, b) => (a.min ?? 0) - (b.min ?? 0))
    let expect = 0
    sorted.forEach((band) => {
      if ((band.min ?? 0) !== expect)
        ctx.addIssue({
          code: 'custom',
          path: ['bands'],
          message: `renal bands leave a gap or overlap at ${expect}`,
        })
      if (band.max !== null && band.max <= (band.min ?? 0))
        ctx.addIssue({
          code: 'custom',
          path: ['bands'],
          message: `renal band max ${band.max} is not above min ${band.min}`,
        })
      expect = band.max ?? Number.POSITIVE_INFINITY
    })
    if (expect !== Number.POSITIVE_INFINITY)
      ctx.addIssue({
        code: 'custom',
        path: ['bands'],
        message: 'renal bands must end with an open band (max: null)',
      })
  })
export type RenalAdjustment = z.infer<typeof RenalAdjustmentSchema>

/** One lymphodepleting drug. */
export const LdDrugSchema = z
  .object({
    name: z.string().min(1),
    /** mg/m2/day; null when the record states no dose and none was decided */
    doseMgPerM2PerDay: z.number().positive().nullable(),
    /** protocol days (Day 0 = infusion, LD days negative), ascending */
    days: z.array(z.number().int().negative()).min(1),
    renalAdjustment: RenalAdjustmentSchema.nullable(),
    sources: SourcesSchema,
  })
  .strict()
  .refine((d) => d.days.every((day, i) => i === 0 || day > (d.days[i - 1] ?? day)), {
    message: 'LD days must be strictly ascending',
    path: ['days'],
  })
export type LdDrug = z.infer<typeof LdDrugSchema>

/** The lymphodepletion regimen. */
export const LymphodepletionSchema = z
  .object({
    drugs: z.array(LdDrugSchema),
    /** §1 PROTOCOL DECISION, default Mosteller */
    bsaFormula: z.enum(['mosteller', 'dubois']).default('mosteller'),
    /** §1 PROTOCOL DECISION, default 2 decimals, half up, before multiplying */
    bsaDecimals: z.number().int().nonnegative().default(2),
    /** §1 PROTOCOL DECISION, default none */
    bsaCapM2: z.number().positive().nullable().default(null),
    /** §1 PROTOCOL DECISION: weight measured within this many days before LD day 1 (default 7) */
    weightWithinDaysBeforeLd: z.number().int().nonnegative().default(7),
    /** §1 PROTOCOL DECISION, dose rounding: the prescribed dose is rounded half up to this step (default 1 mg) */
    prescribedIncrementMg: z.number().positive().default(1),
    /** §1 PROTOCOL DECISION, dose rounding: the calculated dose is shown unrounded to this many decimals (default 1) */
    calculatedDisplayDecimals: z.number().int().nonnegative().default(1),
    /** §1 PROTOCOL DECISION, dose rounding: pharmacy may round to vial size within +- this % of the prescribed dose (default 5) */
    vialRoundingPercent: z.number().nonnegative().max(100).default(5),
    sources: SourcesSchema,
  })
  .strict()
export type Lymphodepletion = z.infer<typeof LymphodepletionSchema>
