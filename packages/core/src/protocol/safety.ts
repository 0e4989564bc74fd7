/**
 * Safety grading settings of a protocol: the PROTOCOL DECISIONs of safety-grading.md (and the rules it leaves to
 * the protocol) that the CRS / ICANS course, the CTCAE lab AE proposals, the SAE site clock and the DLT count read.
 * Every key is optional; an absent `safety` block or key takes the doc default, so protocols that do not name them
 * grade exactly as before. The DLT window itself is `escalation.dltWindowDays` (escalation.ts).
 * The keys mirror core's `CrsCourseOptions` (toxicity/astct-crs-course-2019.ts), `SubjectSafetyOptions`
 * (safety-course/subject-safety-course.ts), `ProposeLabAesOptions` (toxicity/ctcae-v5/propose-lab-aes.ts),
 * `ExpeditedReportingRules` (toxicity/sae/expedited-reporting-clocks.ts) and `DltWindowOptions` (toxicity/dlt).
 *
 * Source: ../shared/domain/safety-grading.md §1.1 (hypotension, not defined numerically by ASTCT), §1.2 CRS-2
 * (masking therapies), CRS-7 (resolution, PROTOCOL DECISION), §2.4 ICANS-5 (developmental-delay flag, PROTOCOL
 * DECISION), §3.2 LAB-7 (ITP baseline cytopenia, PROTOCOL DECISION), §4.2 (site -> sponsor 24 h, PROTOCOL DECISION),
 * §5 (patients lost before window end replaced; onset rule: PROTOCOL DECISIONs).
 */
import { z } from 'zod'
import type { CrsResolutionRule, CrsTreatmentClass } from '../toxicity/astct-crs-course-2019.js'
import type { CtcaeLabAnalyte } from '../toxicity/ctcae-v5/lab-terms.js'
import type { DltWindowOptions } from '../toxicity/dlt/dlt-window.js'
import { SourcesSchema } from './source-note.js'

/** §1.2 CRS-2: "antipyretic or anti-cytokine therapy (e.g. tocilizumab, corticosteroids)". */
export const CRS_MASKING_THERAPY_CLASSES = ['antipyretic', 'tocilizumab', 'corticosteroid', 'anti-cytokine-other'] as const satisfies readonly CrsTreatmentClass[]
const CRS_RESOLUTION_RULES = ['afebrile-off-vasopressors-off-oxygen', 'grade-0'] as const satisfies readonly CrsResolutionRule[]
/** The analytes core grades by CTCAE v5.0 (toxicity/ctcae-v5/lab-terms.ts). */
const LAB_ANALYTES = ['platelets', 'neutrophils', 'leukocytes', 'lymphocytes', 'hemoglobin', 'alt', 'ast', 'bilirubin', 'creatinine', 'fibrinogen'] as const satisfies readonly CtcaeLabAnalyte[]
const DLT_OFF_STUDY_RULES = ['not-evaluable', 'evaluable-no-dlt'] as const satisfies readonly NonNullable<DltWindowOptions['offStudyBeforeWindowEnd']>[]
const DLT_ANCHORS = ['onset', 'qualifying-grade'] as const satisfies readonly NonNullable<DltWindowOptions['anchor']>[]

/** The doc defaults (safety-grading.md §1-§5). */
export const DEFAULT_SAFETY_SETTINGS = Object.freeze({
  crs: Object.freeze({
    maskingTherapyClasses: Object.freeze([...CRS_MASKING_THERAPY_CLASSES]),
    resolutionRule: 'afebrile-off-vasopressors-off-oxygen' as const,
    hypotensionThreshold: 'pals' as const,
  }),
  icans: Object.freeze({ developmentalDelayForcesCapd: true }),
  lab: Object.freeze({ worseningOnlyAnalytes: Object.freeze(['platelets' as const]) }),
  sae: Object.freeze({ siteInitialReportHours: 24 }),
  dlt: Object.freeze({ offStudyBeforeWindowEnd: 'not-evaluable' as const, anchor: 'onset' as const }),
})

/** §1 CRS (ASTCT 2019). */
export const CrsSafetySettingsSchema = z
  .object({
    /** §1.2 CRS-2: therapy classes after which fever is no longer required (default all four: antipyretic, tocilizumab, corticosteroid, other anti-cytokine) */
    maskingTherapyClasses: z.array(z.enum(CRS_MASKING_THERAPY_CLASSES)).default(() => [...DEFAULT_SAFETY_SETTINGS.crs.maskingTherapyClasses]),
    /**
     * §1.2 CRS-7 resolution, PROTOCOL DECISION: `afebrile-off-vasopressors-off-oxygen` (default: the first day afebrile,
     * off vasopressors and off supplemental O₂) or `grade-0` (the first day graded 0)
     */
    resolutionRule: z.enum(CRS_RESOLUTION_RULES).default(DEFAULT_SAFETY_SETTINGS.crs.resolutionRule),
    /**
     * §1.1 hypotension (ASTCT 2019 gives no number): `pals` (default: PALS systolic limits by age, core
     * `hypotensionThresholdMmHg`), or a systolic pressure in mmHg below which a reading is hypotension at every age
     */
    hypotensionThreshold: z.union([z.literal('pals'), z.number().positive()]).default(DEFAULT_SAFETY_SETTINGS.crs.hypotensionThreshold),
  })
  .strict()

/** §2 ICANS (ASTCT 2019). */
export const IcansSafetySettingsSchema = z
  .object({
    /** §2.4 ICANS-5, PROTOCOL DECISION: a baseline developmental-delay flag forces CAPD at any age (default true) */
    developmentalDelayForcesCapd: z.boolean().default(DEFAULT_SAFETY_SETTINGS.icans.developmentalDelayForcesCapd),
  })
  .strict()

/** §3 CTCAE v5.0 lab grading. */
export const LabSafetySettingsSchema = z
  .object({
    /**
     * §3.2 LAB-7, PROTOCOL DECISION (ITP baseline cytopenia): analytes proposed as AEs only when the grade worsens
     * versus baseline (or after recovery to a lower grade); default `['platelets']`
     */
    worseningOnlyAnalytes: z.array(z.enum(LAB_ANALYTES)).default(() => [...DEFAULT_SAFETY_SETTINGS.lab.worseningOnlyAnalytes]),
  })
  .strict()

/** §4 SAE reporting. */
export const SaeSafetySettingsSchema = z
  .object({
    /** §4.2, PROTOCOL DECISION: site -> sponsor initial SAE report, hours after site awareness (default 24) */
    siteInitialReportHours: z.number().positive().default(DEFAULT_SAFETY_SETTINGS.sae.siteInitialReportHours),
  })
  .strict()

/** §5 DLT window (the window length is `escalation.dltWindowDays`). */
export const DltSafetySettingsSchema = z
  .object({
    /**
     * §5 DLT-evaluable patient, PROTOCOL DECISION: a patient off study before the window end without a DLT is
     * `not-evaluable` (default: replaced) or `evaluable-no-dlt`
     */
    offStudyBeforeWindowEnd: z.enum(DLT_OFF_STUDY_RULES).default(DEFAULT_SAFETY_SETTINGS.dlt.offStudyBeforeWindowEnd),
    /**
     * §5 onset rule, PROTOCOL DECISION: `onset` (default: an AE counts if its onset is within the window, even if its
     * grade peaks later) or `qualifying-grade` (the DLT grade must be reached within the window)
     */
    anchor: z.enum(DLT_ANCHORS).default(DEFAULT_SAFETY_SETTINGS.dlt.anchor),
  })
  .strict()

/**
 * Safety grading settings; absent blocks and keys take the doc defaults.
 * @example SafetySettingsSchema.parse({ crs: { resolutionRule: 'grade-0' } }).crs.hypotensionThreshold // 'pals'
 */
export const SafetySettingsSchema = z
  .object({
    crs: CrsSafetySettingsSchema.default(() => ({ ...DEFAULT_SAFETY_SETTINGS.crs, maskingTherapyClasses: [...DEFAULT_SAFETY_SETTINGS.crs.maskingTherapyClasses] })),
    icans: IcansSafetySettingsSchema.default(() => ({ ...DEFAULT_SAFETY_SETTINGS.icans })),
    lab: LabSafetySettingsSchema.default(() => ({ worseningOnlyAnalytes: [...DEFAULT_SAFETY_SETTINGS.lab.worseningOnlyAnalytes] })),
    sae: SaeSafetySettingsSchema.default(() => ({ ...DEFAULT_SAFETY_SETTINGS.sae })),
    dlt: DltSafetySettingsSchema.default(() => ({ ...DEFAULT_SAFETY_SETTINGS.dlt })),
    /** where each setting was decided (protocol section, or the PROTOCOL DECISION taken) */
    sources: SourcesSchema.optional(),
  })
  .strict()
export type SafetySettings = z.infer<typeof SafetySettingsSchema>

/** A fresh copy of the doc defaults (what an absent `safety` block parses to). */
export const defaultSafetySettings = (): SafetySettings => SafetySettingsSchema.parse({})

/**
 * The safety settings of a protocol given as JSON that may not parse whole (a study's stored protocol): its
 * `safety` block with the defaults filled in.
 * @returns `null` when the block is present but invalid
 * @example safetySettingsOf({}) // the doc defaults
 */
export function safetySettingsOf(protocol: unknown): SafetySettings | null {
  const block = protocol !== null && typeof protocol === 'object' ? (protocol as { safety?: unknown }).safety : undefined
  const parsed = SafetySettingsSchema.safeParse(block === undefined ? {} : block)
  return parsed.success ? parsed.data : null
}
