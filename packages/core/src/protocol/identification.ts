/**
 * Trial identification: registry id, titles, phase, status, sponsor, sites, enrolment, product.
 *
 * Source: ../shared/interchange/ctgov-fhir-odm.md §1 (ClinicalTrials.gov API v2 enumerations for phase,
 * status, sponsor class, enrolment type); ../shared/domain/README.md "Seed trials".
 */
import { z } from 'zod'
import { isIsoDate } from '../dates/index.js'
import { SourcesSchema } from './source-note.js'

/** API v2 `Phase`. Source: ctgov-fhir-odm.md §1 `designModule.phases`. A phase 1/2 study lists both. */
export const TrialPhaseSchema = z.enum(['NA', 'EARLY_PHASE1', 'PHASE1', 'PHASE2', 'PHASE3', 'PHASE4'])
export type TrialPhase = z.infer<typeof TrialPhaseSchema>

/** API v2 `Status` (overallStatus). Source: ctgov-fhir-odm.md §1 `statusModule.overallStatus`. */
export const OverallStatusSchema = z.enum([
  'ACTIVE_NOT_RECRUITING',
  'COMPLETED',
  'ENROLLING_BY_INVITATION',
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'WITHDRAWN',
  'AVAILABLE',
  'NO_LONGER_AVAILABLE',
  'TEMPORARILY_NOT_AVAILABLE',
  'APPROVED_FOR_MARKETING',
  'WITHHELD',
  'UNKNOWN',
])

/**
 * API v2 `PartialDate`: `yyyy`, `yyyy-MM` or `yyyy-MM-dd`; a full date must be a real calendar date
 * (no 2024-02-30, no 2023-02-29). Source: ctgov-fhir-odm.md §1 `startDateStruct`.
 */
export const PartialDateSchema = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, {
        message: 'expected yyyy, yyyy-MM or yyyy-MM-dd',
        abort: true,
      })
      .refine((s) => s.length < 10 || isIsoDate(s), {
        message: 'expected a calendar date: no such day in that month',
      }),
    type: z.enum(['ACTUAL', 'ESTIMATED']).optional(),
  })
  .strict()

/** A trial site. */
export const TrialSiteSchema = z
  .object({
    facility: z.string().min(1),
    city: z.string().min(1).optional(),
    state: z.string().min(1).optional(),
    country: z.string().min(1),
    status: z.string().min(1).optional(),
  })
  .strict()

/** Identification block of a protocol. */
export const IdentificationSchema = z
  .object({
    /** registry id, e.g. `NCT06352281` (API v2 `nct`: NCT + 8 digits) */
    registryId: z.string().regex(/^NCT\d{8}$/, 'expected NCT followed by 8 digits'),
    otherIds: z.array(z.string().min(1)).default([]),
    briefTitle: z.string().min(1),
    officialTitle: z.string().min(1).nullable(),
    phases: z.array(TrialPhaseSchema).min(1),
    overallStatus: OverallStatusSchema,
    startDate: PartialDateSchema.nullable(),
    primaryCompletionDate: PartialDateSchema.nullable(),
    completionDate: PartialDateSchema.nullable(),
    conditions: z.array(z.string().min(1)).min(1),
    sponsor: z.object({ name: z.string().min(1), class: z.string().min(1).optional() }).strict(),
    collaborators: z
      .array(z.object({ name: z.string().min(1), class: z.string().min(1).optional() }).strict())
      .default([]),
    sites: z.array(TrialSiteSchema).min(1),
    targetEnrollment: z
      .object({ count: z.number().int().positive(), type: z.enum(['ACTUAL', 'ESTIMATED']).optional() })
      .strict(),
    productName: z.string().min(1),
    /** CAR target antigen, e.g. `CD19`, `BCMA` */
    targetAntigen: z.string().min(1),
    cellType: z.enum(['CAR-T', 'CAR-NK']),
    /** autologous / allogeneic; `not stated` where the record is silent (regimen-and-dosing.md §4) */
    cellSource: z.enum(['autologous', 'allogeneic', 'not stated']),
    sources: SourcesSchema,
  })
  .strict()
export type Identification = z.infer<typeof IdentificationSchema>
