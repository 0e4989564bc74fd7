/**
 * The part of a ClinicalTrials.gov API v2 `Study` that the draft import reads. Unknown fields are allowed
 * (the API has many more); enumerations are checked.
 *
 * Source: ../shared/interchange/ctgov-fhir-odm.md §1 (paths under `protocolSection`, enumerations, the
 * minimumAge/maximumAge pattern).
 */
import { z } from 'zod'
import { OverallStatusSchema, PartialDateSchema, TrialPhaseSchema } from './identification.js'

/** The draft keeps `date` and `type` only (other keys are stripped), checked as the protocol's PartialDate is. */
const partialDate = z.object({ date: PartialDateSchema.shape.date, type: z.enum(['ACTUAL', 'ESTIMATED']).optional() })
/** An optional free text: an empty or blank one reads as absent (the protocol has no empty texts). */
const optionalText = z
  .string()
  .optional()
  .transform((t) => (t === undefined || t.trim() === '' ? undefined : t))
const outcome = z
  .object({
    measure: z.string().min(1),
    description: optionalText,
    timeFrame: z.string().optional(),
  })
  .loose()
/** §1 `leadSponsor.class` (API v2 `AgencyClass`), also the class of a collaborator. */
const agencyClass = z.enum(['NIH', 'FED', 'OTHER_GOV', 'INDIV', 'INDUSTRY', 'NETWORK', 'AMBIG', 'OTHER', 'UNKNOWN'])
/** §1 `armsInterventionsModule.interventions[].type` (API v2 `InterventionType`). */
const interventionType = z.enum(['BEHAVIORAL', 'BIOLOGICAL', 'COMBINATION_PRODUCT', 'DEVICE', 'DIAGNOSTIC_TEST', 'DIETARY_SUPPLEMENT', 'DRUG', 'GENETIC', 'PROCEDURE', 'RADIATION', 'OTHER'])
/** §1 `contactsLocationsModule.locations[].status` (API v2 `RecruitmentStatus`: not the expanded-access values of `Status`). */
const recruitmentStatus = z.enum(['ACTIVE_NOT_RECRUITING', 'COMPLETED', 'ENROLLING_BY_INVITATION', 'NOT_YET_RECRUITING', 'RECRUITING', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN', 'AVAILABLE'])
/** `^\d+ (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$` */
export const CTGOV_AGE = /^(\d+) (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$/

export const CtgovStudySchema = z
  .object({
    protocolSection: z
      .object({
        identificationModule: z
          .object({
            nctId: z.string().regex(/^NCT\d{8}$/, 'expected NCT followed by 8 digits'),
            briefTitle: z.string().min(1),
            officialTitle: z.string().min(1).optional(),
            orgStudyIdInfo: z.object({ id: z.string().min(1) }).loose().optional(),
          })
          .loose(),
        statusModule: z
          .object({
            overallStatus: OverallStatusSchema,
            startDateStruct: partialDate.optional(),
            primaryCompletionDateStruct: partialDate.optional(),
            completionDateStruct: partialDate.optional(),
          })
          .loose(),
        sponsorCollaboratorsModule: z
          .object({
            // ctgov-fhir-odm.md §1: class is an AgencyClass value (absent allowed: the draft does not need it)
            leadSponsor: z.object({ name: z.string().min(1), class: agencyClass.optional() }),
            collaborators: z
              .array(z.object({ name: z.string().min(1), class: agencyClass.optional() }))
              .optional(),
          })
          .loose(),
        conditionsModule: z
          .object({ conditions: z.array(z.string().min(1)).optional() })
          .loose()
          .optional(),
        descriptionModule: z
          .object({ briefSummary: z.string().optional(), detailedDescription: z.string().optional() })
          .loose()
          .optional(),
        designModule: z
          .object({
            studyType: z.enum(['EXPANDED_ACCESS', 'INTERVENTIONAL', 'OBSERVATIONAL']),
            phases: z.array(TrialPhaseSchema).optional(),
            designInfo: z.object({}).loose().optional(),
            enrollmentInfo: z
              .object({
                count: z.number().int().nonnegative(),
                type: z.enum(['ACTUAL', 'ESTIMATED']).optional(),
              })
              .loose()
              .optional(),
          })
          .loose(),
        armsInterventionsModule: z
          .object({
            armGroups: z
              .array(
                z
                  .object({
                    label: z.string().min(1),
                    type: z
                      .enum([
                        'EXPERIMENTAL',
                        'ACTIVE_COMPARATOR',
                        'PLACEBO_COMPARATOR',
                        'SHAM_COMPARATOR',
                        'NO_INTERVENTION',
                        'OTHER',
                      ])
                      .optional(),
                    description: optionalText,
                    interventionNames: z.array(z.string()).optional(),
                  })
                  .loose(),
              )
              .optional(),
            interventions: z
              .array(
                z
                  .object({
                    // §1 InterventionType: the product is found by type (BIOLOGICAL / GENETIC), so a display
                    // name such as "Biological" is an issue, never a silent miss
                    type: interventionType,
                    name: z.string().min(1),
                    description: z.string().optional(),
                    armGroupLabels: z.array(z.string()).optional(),
                  })
                  .loose(),
              )
              .optional(),
          })
          .loose()
          .optional(),
        outcomesModule: z
          .object({
            primaryOutcomes: z.array(outcome).optional(),
            secondaryOutcomes: z.array(outcome).optional(),
            otherOutcomes: z.array(outcome).optional(),
          })
          .loose()
          .optional(),
        eligibilityModule: z
          .object({
            eligibilityCriteria: z.string().optional(),
            sex: z.enum(['FEMALE', 'MALE', 'ALL']).optional(),
            minimumAge: z.string().regex(CTGOV_AGE, 'expected e.g. "18 Years"').optional(),
            maximumAge: z.string().regex(CTGOV_AGE, 'expected e.g. "65 Years"').optional(),
            healthyVolunteers: z.boolean().optional(),
          })
          .loose()
          .optional(),
        contactsLocationsModule: z
          .object({
            locations: z
              .array(
                z
                  .object({
                    facility: z.string().min(1),
                    status: recruitmentStatus.optional(),
                    city: optionalText,
                    state: optionalText,
                    country: optionalText,
                  })
                  .loose(),
              )
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose()
export type CtgovStudy = z.infer<typeof CtgovStudySchema>
