/**
 * The part of a ClinicalTrials.gov API v2 `Study` that the draft import reads. Unknown fields are allowed
 * (the API has many more); enumerations are checked.
 *
 * Source: ../shared/interchange/ctgov-fhir-odm.md §1 (paths under `protocolSection`, enumerations, the
 * minimumAge/maximumAge pattern).
 */
import { z } from 'zod'
import { OverallStatusSchema, TrialPhaseSchema } from './identification.js'

const partialDate = z.object({ date: z.string(), type: z.enum(['ACTUAL', 'ESTIMATED']).optional() }).loose()
const outcome = z
  .object({
    measure: z.string().min(1),
    description: z.string().optional(),
    timeFrame: z.string().optional(),
  })
  .loose()
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
            orgStudyIdInfo: z.object({ id: z.string() }).loose().optional(),
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
            leadSponsor: z.object({ name: z.string().min(1), class: z.string().optional() }).loose(),
            collaborators: z
              .array(z.object({ name: z.string().min(1), class: z.string().optional() }).loose())
              .optional(),
          })
          .loose(),
        conditionsModule: z
          .object({ conditions: z.array(z.string()).optional() })
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
                    description: z.string().optional(),
                    interventionNames: z.array(z.string()).optional(),
                  })
                  .loose(),
              )
              .optional(),
            interventions: z
              .array(
                z
                  .object({
                    type: z.string(),
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
                    status: z.string().optional(),
                    city: z.string().optional(),
                    state: z.string().optional(),
                    country: z.string().optional(),
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
