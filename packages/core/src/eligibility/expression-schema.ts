/**
 * The eligibility expression language: a small JSON tree, evaluated without `eval`.
 *
 * Combinators: `{op:'all', of:[...]}`, `{op:'any', of:[...]}`, `{op:'not', of: expr}` with Kleene
 * three-valued logic (unknown stays unknown; `all` is false as soon as one child is false, `any` true as
 * soon as one is true). Atoms read one kind of screening fact; each atom is documented on its schema.
 *
 * Source: task brief (eligibility engine: age, sex, labs with units, ULN multiples, disease duration,
 * prior-therapy lines and failed classes, concomitant drugs with day windows, pregnancy, ECOG, LVEF,
 * serology); ../shared/domain/README.md "Comparators" (every threshold carries an explicit comparator);
 * ../shared/STYLE.md §8.2 (unknown is its own outcome).
 */
import { z } from 'zod'
import {
  DiagnosisSchema,
  TherapyClassSchema,
  TherapyOutcomeSchema,
  MedicationClassSchema,
} from './profile-schema.js'

/** Comparator of a threshold ("at least" `>=`, "more than" `>`, "below" `<`, "at most" `<=`). */
export const EligibilityComparatorSchema = z.enum(['<', '<=', '>', '>=', '=='])
export type EligibilityComparator = z.infer<typeof EligibilityComparatorSchema>

/** Age in completed years at `asOf`. `{op:'age', cmp:'>=', years:18}` */
export const AgeAtomSchema = z
  .object({ op: z.literal('age'), cmp: EligibilityComparatorSchema, years: z.number().nonnegative() })
  .strict()
/** Sex is one of the listed values. */
export const SexAtomSchema = z
  .object({ op: z.literal('sex'), in: z.array(z.enum(['female', 'male'])).min(1) })
  .strict()
/** Diagnosis type is one of the listed values. */
export const DiagnosisAtomSchema = z
  .object({ op: z.literal('diagnosis'), in: z.array(DiagnosisSchema).min(1) })
  .strict()
/**
 * Time since diagnosis compared with a number of calendar months, exactly: `> 12` holds iff
 * `asOf > diagnosisDate + 12 months` (day clamped to month end).
 */
export const DiseaseDurationAtomSchema = z
  .object({
    op: z.literal('diseaseDuration'),
    cmp: EligibilityComparatorSchema,
    months: z.number().int().nonnegative(),
  })
  .strict()
const labWindow = {
  /** the latest `consecutive` results (within the lookback) must all satisfy the comparison (default 1) */
  consecutive: z.number().int().positive().default(1),
  /** lookback in days before `asOf`; default: the protocol's `screening.labLookbackDays` */
  withinDays: z.number().int().nonnegative().optional(),
}
/** Lab value vs a threshold in a stated unit (converted when the unit differs, see lab-units.ts). */
export const LabAtomSchema = z
  .object({
    op: z.literal('lab'),
    test: z.string().min(1),
    cmp: EligibilityComparatorSchema,
    value: z.number(),
    unit: z.string().min(1),
    ...labWindow,
  })
  .strict()
/** Lab value vs a multiple of its reference limit: `{op:'labRef', test:'ALT', cmp:'>', multiple:3, ref:'uln'}`. */
export const LabRefAtomSchema = z
  .object({
    op: z.literal('labRef'),
    test: z.string().min(1),
    cmp: EligibilityComparatorSchema,
    multiple: z.number().positive(),
    ref: z.enum(['uln', 'lln']),
    ...labWindow,
  })
  .strict()
/**
 * Prior therapies matching `classes` (any class if absent) with an outcome in `outcomes` (any if absent)
 * and lasting at least `minDurationDays`; their number (distinct classes, or records) compared with `count`.
 * `{op:'priorTherapy', classes:['tpo-ra'], outcomes:['no-response'], cmp:'>=', count:1}`
 */
export const PriorTherapyAtomSchema = z
  .object({
    op: z.literal('priorTherapy'),
    classes: z.array(TherapyClassSchema).min(1).optional(),
    outcomes: z.array(TherapyOutcomeSchema).min(1).optional(),
    minDurationDays: z.number().int().nonnegative().optional(),
    countBy: z.enum(['class', 'record']).default('class'),
    cmp: EligibilityComparatorSchema.default('>='),
    count: z.number().int().nonnegative().default(1),
  })
  .strict()
/**
 * Days from the end of the last matching therapy to `asOf` compared with `days`; true when no matching
 * therapy exists, an ongoing therapy counts as 0 days. `{op:'daysSinceTherapy', cmp:'>=', days:28}`
 */
export const DaysSinceTherapyAtomSchema = z
  .object({
    op: z.literal('daysSinceTherapy'),
    classes: z.array(TherapyClassSchema).min(1).optional(),
    cmp: EligibilityComparatorSchema,
    days: z.number().int().nonnegative(),
  })
  .strict()
/**
 * Concomitant use of drugs of `classes` on at least `minConsecutiveDays` consecutive days inside the
 * window `[asOf - withinDays, asOf]`. "> 3 consecutive days within 2 weeks" = `{minConsecutiveDays:4, withinDays:14}`.
 */
export const ConcomitantUseAtomSchema = z
  .object({
    op: z.literal('concomitantUse'),
    classes: z.array(MedicationClassSchema).min(1),
    minConsecutiveDays: z.number().int().positive(),
    withinDays: z.number().int().nonnegative(),
  })
  .strict()
/** A drug of `classes` is being taken on `asOf`. */
export const OnMedicationAtomSchema = z
  .object({ op: z.literal('onMedication'), classes: z.array(MedicationClassSchema).min(1) })
  .strict()
/**
 * Every drug of `classes` taken on `asOf` has been at its current dose for at least `minDays`
 * (a dose change starts a new medication record); true when none is taken.
 */
export const StableDoseAtomSchema = z
  .object({
    op: z.literal('stableDose'),
    classes: z.array(MedicationClassSchema).min(1),
    minDays: z.number().int().nonnegative(),
  })
  .strict()
/** A yes/no clinical finding recorded in the profile (`pregnant`, `splenomegaly`, ...). */
export const FindingAtomSchema = z.object({ op: z.literal('finding'), name: z.string().min(1) }).strict()
/** The latest result of a serology test equals `result`. */
export const SerologyAtomSchema = z
  .object({ op: z.literal('serology'), test: z.string().min(1), result: z.enum(['positive', 'negative']) })
  .strict()
/** ECOG performance status (0-5) compared with `value`. */
export const EcogAtomSchema = z
  .object({ op: z.literal('ecog'), cmp: EligibilityComparatorSchema, value: z.number().int().min(0).max(5) })
  .strict()
/** Left ventricular ejection fraction (%) compared with `percent`. */
export const LvefAtomSchema = z
  .object({ op: z.literal('lvef'), cmp: EligibilityComparatorSchema, percent: z.number().min(0).max(100) })
  .strict()
/**
 * A dated event (e.g. `otherTrialTreatment`) happened within `[asOf - within unit, asOf]` (months: calendar
 * months, day clamped); `null` in the profile = never.
 */
export const EventWithinAtomSchema = z
  .object({
    op: z.literal('eventWithin'),
    event: z.string().min(1),
    within: z.number().int().nonnegative(),
    unit: z.enum(['days', 'months']),
  })
  .strict()

/** Every atom. */
export type EligibilityAtom =
  | z.infer<typeof AgeAtomSchema>
  | z.infer<typeof SexAtomSchema>
  | z.infer<typeof DiagnosisAtomSchema>
  | z.infer<typeof DiseaseDurationAtomSchema>
  | z.infer<typeof LabAtomSchema>
  | z.infer<typeof LabRefAtomSchema>
  | z.infer<typeof PriorTherapyAtomSchema>
  | z.infer<typeof DaysSinceTherapyAtomSchema>
  | z.infer<typeof ConcomitantUseAtomSchema>
  | z.infer<typeof OnMedicationAtomSchema>
  | z.infer<typeof StableDoseAtomSchema>
  | z.infer<typeof FindingAtomSchema>
  | z.infer<typeof SerologyAtomSchema>
  | z.infer<typeof EcogAtomSchema>
  | z.infer<typeof LvefAtomSchema>
  | z.infer<typeof EventWithinAtomSchema>

/** An eligibility expression (parsed form: defaults filled in). */
export type EligibilityExpression =
  | EligibilityAtom
  | { op: 'all'; of: EligibilityExpression[] }
  | { op: 'any'; of: EligibilityExpression[] }
  | { op: 'not'; of: EligibilityExpression }

/** Schema of an eligibility expression (recursive). */
export const EligibilityExpressionSchema: z.ZodType<EligibilityExpression, unknown> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ op: z.literal('all'), of: z.array(EligibilityExpressionSchema).min(1) }).strict(),
    z.object({ op: z.literal('any'), of: z.array(EligibilityExpressionSchema).min(1) }).strict(),
    z.object({ op: z.literal('not'), of: EligibilityExpressionSchema }).strict(),
    AgeAtomSchema,
    SexAtomSchema,
    DiagnosisAtomSchema,
    DiseaseDurationAtomSchema,
    LabAtomSchema,
    LabRefAtomSchema,
    PriorTherapyAtomSchema,
    DaysSinceTherapyAtomSchema,
    ConcomitantUseAtomSchema,
    OnMedicationAtomSchema,
    StableDoseAtomSchema,
    FindingAtomSchema,
    SerologyAtomSchema,
    EcogAtomSchema,
    LvefAtomSchema,
    EventWithinAtomSchema,
  ]),
)
