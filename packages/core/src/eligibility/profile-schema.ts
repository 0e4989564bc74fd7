/**
 * Screening data (patient profile) read by the eligibility engine.
 *
 * An absent field is *unknown* and makes the criteria that read it `missing data`; it is never taken as
 * normal or negative (../shared/STYLE.md §8.2). An empty list is *known to be empty*: `therapies: []` means
 * "no prior therapy", while omitting `therapies` means "history not collected". `events.X: null` means
 * "never happened"; an absent key means unknown.
 *
 * Source: task brief (screening-data schema); ../shared/domain/README.md glossary (ITP phases, SLE-ITP,
 * TPO-RA, IVIG); ../shared/registry/*.md (the facts the four seed protocols read).
 */
import { z } from 'zod'
import { isIsoDate } from '../dates/index.js'

const isoDate = z
  .string()
  .refine((s: string): boolean => isIsoDate(s), { message: 'expected a calendar date YYYY-MM-DD' })

/** Diagnosis of the thrombocytopenia under screening. */
export const DiagnosisSchema = z.enum([
  'primary-itp',
  'sle-itp',
  'secondary-itp-other',
  'non-immune-thrombocytopenia',
])
export type Diagnosis = z.infer<typeof DiagnosisSchema>

/** Classes of prior (disease-directed or other) therapy. */
export const TherapyClassSchema = z.enum([
  'corticosteroid',
  'high-dose-corticosteroid',
  'methylprednisolone-pulse',
  'ivig',
  'tpo-ra',
  'rituximab',
  'splenectomy',
  'immunosuppressant',
  'biologic',
  'anti-cd38',
  'monoclonal-antibody',
  'chemotherapy',
  'radiotherapy',
  'cell-therapy',
  'other',
])
export type TherapyClass = z.infer<typeof TherapyClassSchema>

/** Outcome of a prior therapy as documented by the investigator. */
export const TherapyOutcomeSchema = z.enum([
  'response',
  'no-response',
  'relapse',
  'intolerance',
  'dependence',
  'ongoing',
  'unknown',
])
export type TherapyOutcome = z.infer<typeof TherapyOutcomeSchema>

/** Classes of concomitant medication. */
export const MedicationClassSchema = z.enum([
  'antiplatelet',
  'nsaid',
  'anticoagulant',
  'corticosteroid',
  'immunosuppressant',
  'antimalarial',
  'tpo-ra',
  'iv-antibiotic',
  'other',
])
export type MedicationClass = z.infer<typeof MedicationClassSchema>

export const LabResultSchema = z
  .object({
    /** test code as used by the protocols: `platelets`, `ALT`, `AST`, `creatinine`, `hemoglobin`, ... */
    test: z.string().min(1),
    value: z.number(),
    unit: z.string().min(1),
    date: isoDate,
    /** local reference limits, in the same unit as `value` */
    uln: z.number().positive().optional(),
    lln: z.number().nonnegative().optional(),
  })
  .strict()
export type LabResult = z.infer<typeof LabResultSchema>

export const PriorTherapySchema = z
  .object({
    class: TherapyClassSchema,
    name: z.string().min(1).optional(),
    /** treatment line (1 = first line) when the investigator records it */
    line: z.number().int().positive().optional(),
    startDate: isoDate.optional(),
    /** null = ongoing */
    endDate: isoDate.nullable().optional(),
    outcome: TherapyOutcomeSchema,
  })
  .strict()
export type PriorTherapy = z.infer<typeof PriorTherapySchema>

/** One constant-dose period of a concomitant drug (a dose change starts a new record). */
export const MedicationSchema = z
  .object({
    name: z.string().min(1),
    class: MedicationClassSchema,
    startDate: isoDate,
    /** null = ongoing */
    endDate: isoDate.nullable(),
    dose: z.string().min(1).optional(),
  })
  .strict()
export type Medication = z.infer<typeof MedicationSchema>

export const SerologyResultSchema = z
  .object({
    test: z.string().min(1),
    result: z.enum(['positive', 'negative', 'indeterminate']),
    date: isoDate,
  })
  .strict()

/** An investigator's signed judgement on one attestation criterion of one protocol. */
export const AttestationSchema = z
  .object({
    protocolId: z.string().min(1),
    criterionId: z.string().min(1),
    /** true: the requirement of the criterion is satisfied (inclusion holds / exclusion absent) */
    satisfied: z.boolean(),
    signedBy: z.string().min(1),
    signedOn: isoDate,
  })
  .strict()
export type Attestation = z.infer<typeof AttestationSchema>

/** The screening profile of one candidate. */
export const ScreeningProfileSchema = z
  .object({
    subjectId: z.string().min(1),
    birthDate: isoDate.optional(),
    sex: z.enum(['female', 'male']).optional(),
    diagnosis: z.object({ type: DiagnosisSchema.optional(), date: isoDate.optional() }).strict().optional(),
    labs: z.array(LabResultSchema).default([]),
    therapies: z.array(PriorTherapySchema).optional(),
    medications: z.array(MedicationSchema).optional(),
    findings: z.record(z.string(), z.boolean()).default({}),
    serology: z.array(SerologyResultSchema).default([]),
    ecog: z.number().int().min(0).max(5).optional(),
    lvefPercent: z.number().min(0).max(100).optional(),
    events: z.record(z.string(), isoDate.nullable()).default({}),
    attestations: z.array(AttestationSchema).default([]),
  })
  .strict()
export type ScreeningProfile = z.infer<typeof ScreeningProfileSchema>
