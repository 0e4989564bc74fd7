/**
 * Parameters of the ITP response algorithm, with the IWG-based defaults.
 *
 * Source: ../shared/domain/response-itp.md §3.2 (parameters and defaults), §2 (seed-trial variants),
 * §5 (open protocol decisions). Criteria: Rodeghiero F et al., Blood 2009;113(11):2386-2393 (IWG 2009).
 *
 * Keys use the doc's parameter names exactly. Every **PROTOCOL DECISION** of the doc is a parameter
 * here with the doc's default; trial presets (e.g. NCT06352281 `>` 30 / `>` 100, the `PR` naming of
 * NCT05315778 / NCT06826430) live in protocol files, not here.
 */
import { z } from 'zod'
import { isIsoDate } from '../dates/index.js'

/** Comparators allowed for a *qualifying* threshold ("at least" = `>=`, "more than" = `>`). Source: README.md "Comparators". */
export const ResponseComparatorSchema = z.enum(['>=', '>'])
export type ResponseComparator = z.infer<typeof ResponseComparatorSchema>

/** Rescue therapy types. Source: response-itp.md §3.1 (`rescueEvents[].type`). */
export const RESCUE_TYPES = [
  'PLATELET_TRANSFUSION',
  'IVIG',
  'HIGH_DOSE_CORTICOSTEROID',
  'TPO_RA',
  'OTHER_RESCUE',
] as const
export const RescueTypeSchema = z.enum(RESCUE_TYPES)
export type RescueType = z.infer<typeof RescueTypeSchema>

/** Rescue exclusion windows after the end of rescue, in days. Source: response-itp.md §3.2 (PROTOCOL DECISION). */
export const DEFAULT_RESCUE_WINDOW_DAYS: Readonly<Record<RescueType, number>> = Object.freeze({
  PLATELET_TRANSFUSION: 7,
  IVIG: 14,
  HIGH_DOSE_CORTICOSTEROID: 14,
  TPO_RA: 14,
  OTHER_RESCUE: 14,
})

const nonNegInt = z.number().int().nonnegative()

/**
 * Same-date samples when any of them has no time. Source: response-itp.md §3.4 preamble (PROTOCOL DECISION):
 * `LOWEST_VALUE` (default, "the conservative reading"): only the lowest value of that date is used, the
 * others are ignored; `KEEP_ALL`: every sample is kept, as timed samples are (untimed ones ordered first
 * on that date, then by value) — they are 0 days apart (§3.3), so they can break a run or a loss pair
 * but never confirm one.
 */
export const SameDateUntimedPolicySchema = z.enum(['LOWEST_VALUE', 'KEEP_ALL'])

/**
 * Baseline tie on the latest candidate date. Source: response-itp.md §3.5 step 4 (PROTOCOL DECISION):
 * `LATEST_TIME_ELSE_LOWEST_VALUE` (default): the latest time when every sample of that date carries a
 * time, otherwise the lowest value on that date; `LOWEST_VALUE`: always the lowest value on that date.
 */
export const BaselineSameDateTieSchema = z.enum(['LATEST_TIME_ELSE_LOWEST_VALUE', 'LOWEST_VALUE'])
const isoDateString = z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' })

/** Windows keyed by rescue type; a missing type takes its default. Unknown types are errors. */
export const RescueWindowDaysSchema = z
  .object({
    PLATELET_TRANSFUSION: nonNegInt.default(DEFAULT_RESCUE_WINDOW_DAYS.PLATELET_TRANSFUSION),
    IVIG: nonNegInt.default(DEFAULT_RESCUE_WINDOW_DAYS.IVIG),
    HIGH_DOSE_CORTICOSTEROID: nonNegInt.default(DEFAULT_RESCUE_WINDOW_DAYS.HIGH_DOSE_CORTICOSTEROID),
    TPO_RA: nonNegInt.default(DEFAULT_RESCUE_WINDOW_DAYS.TPO_RA),
    OTHER_RESCUE: nonNegInt.default(DEFAULT_RESCUE_WINDOW_DAYS.OTHER_RESCUE),
  })
  .strict()

/**
 * What counts as a high-dose corticosteroid rescue. Used when rescue records are derived from
 * concomitant medications (the engine itself receives typed rescue events).
 * Source: response-itp.md §3.2 `highDoseCorticosteroidDefinition` (PROTOCOL DECISION).
 */
export const HighDoseCorticosteroidDefinitionSchema = z
  .object({
    /** prednisone-equivalent dose at or above this (mg/kg/day) is high-dose */
    prednisoneEquivalentMgPerKgPerDay: z.number().positive().default(1),
    /** dexamethasone dose at or above this (mg/day) is high-dose */
    dexamethasoneMgPerDay: z.number().positive().default(20),
    /** any methylprednisolone pulse is high-dose */
    anyMethylprednisolonePulse: z.boolean().default(true),
    /** any new systemic corticosteroid course given for CRS/ICANS is rescue */
    crsIcansCourseIsRescue: z.boolean().default(true),
  })
  .strict()

/** Display words for the four categories (e.g. `R` -> `PR` for NCT05315778 / NCT06826430). Source: §2 row 1. */
export const ResponseCategoryNamesSchema = z
  .object({
    CR: z.string().min(1).default('CR'),
    R: z.string().min(1).default('R'),
    NR: z.string().min(1).default('NR'),
    NE: z.string().min(1).default('NE'),
  })
  .strict()

const shape = {
  /** R absolute threshold; source §3.2, §1.2 (IWG >= 30). */
  rThreshold: z.number().nonnegative().default(30),
  rComparator: ResponseComparatorSchema.default('>='),
  /** count vs `doublingFactor x baseline`; source §3.2. */
  doublingFactor: z.number().nonnegative().default(2),
  doublingComparator: ResponseComparatorSchema.default('>='),
  /** CR threshold; source §3.2, §1.2 (IWG >= 100). */
  crThreshold: z.number().nonnegative().default(100),
  crComparator: ResponseComparatorSchema.default('>='),
  /** a count fails R if `<` this (loss always uses `<`); source §3.2. */
  rLossThreshold: z.number().nonnegative().default(30),
  /** a count fails CR if `<` this; source §3.2. */
  crLossThreshold: z.number().nonnegative().default(100),
  requireNoBleedingForR: z.boolean().default(true),
  /** PROTOCOL DECISION for NCT05315778 / NCT06826430 (registry silent); source §2 obs. 2. */
  requireNoBleedingForCR: z.boolean().default(true),
  /** scale the bleeding grades are on (default WHO 0-4); source §3.1, bleeding-and-scores.md. */
  bleedingScale: z.string().min(1).default('WHO'),
  /** "bleeding" = an event with grade >= this active on the date; PROTOCOL DECISION. */
  bleedingGradeThreshold: z.number().nonnegative().default(2),
  /** event with no end date: active until data cut-off, or on its start day only; PROTOCOL DECISION. */
  bleedingMissingEndDate: z.enum(['ONGOING', 'START_DAY_ONLY']).default('ONGOING'),
  /** bleeding checked on count dates only, or over the whole interval since the previous evaluable count; PROTOCOL DECISION. */
  bleedingCheckScope: z.enum(['COUNT_DATES', 'WHOLE_CONFIRMATION_INTERVAL']).default('COUNT_DATES'),
  /** N: second qualifying count >= N calendar days after the first (IWG 7). */
  confirmMinGapDays: nonNegInt.default(7),
  /** M: loss pair >= M calendar days apart (IWG "at least 1 day"). */
  lossMinGapDays: nonNegInt.default(1),
  /** counts before this protocol day are not evaluable ("at least 2 weeks after infusion"). */
  evalStartDay: z.number().int().default(14),
  /** counts after this protocol day are not evaluable; null = up to data cut-off. PROTOCOL DECISION. */
  evalEndDay: z.number().int().nullable().default(null),
  /** `LD_START`: LD start date if LD was given, else infusion; `INFUSION`: always infusion. */
  baselineAnchor: z.enum(['LD_START', 'INFUSION']).default('LD_START'),
  /** baseline candidates lie in [anchor - lookback, anchor]; PROTOCOL DECISION. */
  baselineLookbackDays: nonNegInt.default(30),
  /** drop rescue-affected baseline candidates; PROTOCOL DECISION. */
  baselineExcludeRescueAffected: z.boolean().default(true),
  /** §3.5 step 4 baseline tie on the latest date: latest time if all timed, else lowest value; PROTOCOL DECISION. */
  baselineSameDateTie: BaselineSameDateTieSchema.default('LATEST_TIME_ELSE_LOWEST_VALUE'),
  /** §3.4 same-date samples with any untimed: keep only the lowest value (or keep all); PROTOCOL DECISION. */
  sameDateUntimedPolicy: SameDateUntimedPolicySchema.default('LOWEST_VALUE'),
  /** §3.8 / §3.9: an I count breaks a response run (default true; false = only F breaks it); PROTOCOL DECISION. */
  indeterminateBreaksResponseRun: z.boolean().default(true),
  /** §3.9: an I count between f1 and f2 blocks a loss pair (default false: only Q blocks); PROTOCOL DECISION. */
  indeterminateBreaksLossPair: z.boolean().default(false),
  /** missing baseline: R not evaluable (CR still assessed). */
  missingBaselinePolicy: z.enum(['R_NOT_EVALUABLE']).default('R_NOT_EVALUABLE'),
  /** rescue exclusion window (days after rescue end) by rescue type; PROTOCOL DECISION. */
  rescueWindowDays: RescueWindowDaysSchema.default(() => ({ ...DEFAULT_RESCUE_WINDOW_DAYS })),
  highDoseCorticosteroidDefinition: HighDoseCorticosteroidDefinitionSchema.default(() => ({
    prednisoneEquivalentMgPerKgPerDay: 1,
    dexamethasoneMgPerDay: 20,
    anyMethylprednisolonePulse: true,
    crsIcansCourseIsRescue: true,
  })),
  /** counts on/after a new ITP therapy are excluded and DoR censored (IWG attribution rule). */
  newTherapyPolicy: z.enum(['CENSOR']).default('CENSOR'),
  /** IWG corticosteroid dependence => best response NR; off by default. PROTOCOL DECISION. */
  corticosteroidDependenceRule: z.enum(['OFF', 'ON']).default('OFF'),
  /** "2 months" implemented as >= 60 days; PROTOCOL DECISION. */
  corticosteroidDependenceMinDays: nonNegInt.default(60),
  /** display words for CR / R / NR / NE. */
  categoryNames: ResponseCategoryNamesSchema.default(() => ({ CR: 'CR', R: 'R', NR: 'NR', NE: 'NE' })),
  /** analysis cut-off: counts after it are ignored; open-ended bleeding is active until it. null = none. */
  dataCutoffDate: isoDateString.nullable().default(null),
}

/**
 * Full response parameter set; every key has the doc default, unknown keys are errors.
 * Source: ../shared/domain/response-itp.md §3.2.
 * @example ResponseParamsSchema.parse({}).rThreshold // 30
 */
export const ResponseParamsSchema = z.object(shape).strict()

/** Parsed response parameters (all keys present). */
export type ResponseParams = z.infer<typeof ResponseParamsSchema>

/** The IWG-based defaults of §3.2. */
export const DEFAULT_RESPONSE_PARAMS: ResponseParams = Object.freeze(ResponseParamsSchema.parse({}))

/**
 * Partial override for a protocol preset or a sensitivity analysis: every key optional, no defaults
 * filled in, nested objects partial, unknown keys rejected with an issue naming the key.
 * Source: ../shared/domain/response-itp.md §3.2 and §5.
 * @example ResponseParamsOverrideSchema.safeParse({ rThresh: 30 }).success // false (unrecognized key "rThresh")
 */
export const ResponseParamsOverrideSchema = z
  .object({
    rThreshold: z.number().nonnegative(),
    rComparator: ResponseComparatorSchema,
    doublingFactor: z.number().nonnegative(),
    doublingComparator: ResponseComparatorSchema,
    crThreshold: z.number().nonnegative(),
    crComparator: ResponseComparatorSchema,
    rLossThreshold: z.number().nonnegative(),
    crLossThreshold: z.number().nonnegative(),
    requireNoBleedingForR: z.boolean(),
    requireNoBleedingForCR: z.boolean(),
    bleedingScale: z.string().min(1),
    bleedingGradeThreshold: z.number().nonnegative(),
    bleedingMissingEndDate: z.enum(['ONGOING', 'START_DAY_ONLY']),
    bleedingCheckScope: z.enum(['COUNT_DATES', 'WHOLE_CONFIRMATION_INTERVAL']),
    confirmMinGapDays: nonNegInt,
    lossMinGapDays: nonNegInt,
    evalStartDay: z.number().int(),
    evalEndDay: z.number().int().nullable(),
    baselineAnchor: z.enum(['LD_START', 'INFUSION']),
    baselineLookbackDays: nonNegInt,
    baselineExcludeRescueAffected: z.boolean(),
    baselineSameDateTie: BaselineSameDateTieSchema,
    sameDateUntimedPolicy: SameDateUntimedPolicySchema,
    indeterminateBreaksResponseRun: z.boolean(),
    indeterminateBreaksLossPair: z.boolean(),
    missingBaselinePolicy: z.enum(['R_NOT_EVALUABLE']),
    rescueWindowDays: z
      .object({
        PLATELET_TRANSFUSION: nonNegInt,
        IVIG: nonNegInt,
        HIGH_DOSE_CORTICOSTEROID: nonNegInt,
        TPO_RA: nonNegInt,
        OTHER_RESCUE: nonNegInt,
      })
      .partial()
      .strict(),
    highDoseCorticosteroidDefinition: z
      .object({
        prednisoneEquivalentMgPerKgPerDay: z.number().positive(),
        dexamethasoneMgPerDay: z.number().positive(),
        anyMethylprednisolonePulse: z.boolean(),
        crsIcansCourseIsRescue: z.boolean(),
      })
      .partial()
      .strict(),
    newTherapyPolicy: z.enum(['CENSOR']),
    corticosteroidDependenceRule: z.enum(['OFF', 'ON']),
    corticosteroidDependenceMinDays: nonNegInt,
    categoryNames: z
      .object({ CR: z.string().min(1), R: z.string().min(1), NR: z.string().min(1), NE: z.string().min(1) })
      .partial()
      .strict(),
    dataCutoffDate: isoDateString.nullable(),
  })
  .partial()
  .strict()

/** A partial override of the response parameters. */
export type ResponseParamsOverride = z.infer<typeof ResponseParamsOverrideSchema>

/**
 * Apply overrides on top of a base parameter set (nested objects merged key by key).
 * Source: ../shared/domain/response-itp.md §3.2 (defaults are starting points; the protocol overrides them).
 * @example withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { rComparator: '>' }).rComparator // '>'
 */
export function withResponseOverrides(
  base: ResponseParams,
  override: ResponseParamsOverride,
): ResponseParams {
  const o = definedOnly(override)
  return {
    ...base,
    ...o,
    rescueWindowDays: { ...base.rescueWindowDays, ...definedOnly(o.rescueWindowDays) },
    highDoseCorticosteroidDefinition: {
      ...base.highDoseCorticosteroidDefinition,
      ...definedOnly(o.highDoseCorticosteroidDefinition),
    },
    categoryNames: { ...base.categoryNames, ...definedOnly(o.categoryNames) },
  }
}

/**
 * The keys of `o` whose value is not `undefined`. A key that is present but `undefined` (zod's `.partial()`
 * keeps it so) is not an override: without this, spreading it would replace the default with `undefined`
 * (e.g. `rThreshold: undefined` makes every count fail to qualify). `null` stays a value (`evalEndDay: null`).
 * Source: response-itp.md §3.2 (absent parameters take the defaults).
 */
function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {}
  if (o === undefined) return out
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k]
  return out
}
