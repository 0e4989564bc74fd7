/**
 * Adverse event: CTCAE v5.0 term and grade 1-5, seriousness by the ICH E2A criteria (derived with core's
 * `assessSeriousness`), attribution, outcome, start/end. `meddraCode` is an optional hook for a site's licensed
 * MedDRA dictionary; no MedDRA content ships with CellTrial.
 * Source: safety-grading.md §3.1 (CTCAE v5.0 structure), §4.1 (ICH E2A, Step 4, 27 Oct 1994).
 */
import { z } from 'zod'
import { assessSeriousness } from '../toxicity/index.js'
import { dateChecks, endNotBeforeStart, FormDateSchema } from './common.js'
import type { EditCheck } from './edit-check.js'

export const AE_ATTRIBUTIONS = ['unrelated', 'unlikely', 'possible', 'probable', 'definite'] as const
export const AE_OUTCOMES = ['recovered', 'recovering', 'not-recovered', 'recovered-with-sequelae', 'fatal', 'unknown'] as const
const yn = z.boolean().nullable()

export const AdverseEventFormSchema = z.object({
  ctcaeTerm: z.string().trim().min(1).max(200),
  meddraCode: z.string().regex(/^\d{8}$/, { message: 'a MedDRA code has 8 digits' }).nullable().optional(),
  grade: z.number().int().min(1).max(5),
  serious: z.boolean(),
  seriousness: z.object({
    resultsInDeath: yn,
    lifeThreatening: yn,
    hospitalisation: z.enum(['none', 'requires-admission', 'prolongs-existing']).nullable(),
    persistentOrSignificantDisability: yn,
    congenitalAnomaly: yn,
    importantMedicalEvent: yn,
  }),
  attribution: z.enum(AE_ATTRIBUTIONS).nullable(),
  outcome: z.enum(AE_OUTCOMES).nullable(),
  start: FormDateSchema,
  end: FormDateSchema.nullable(),
})
export type AdverseEventForm = z.infer<typeof AdverseEventFormSchema>

const S = ['seriousness'] as const
export const ADVERSE_EVENT_CHECKS: readonly EditCheck[] = [
  ...dateChecks('ae', 'start', 'Start'),
  ...dateChecks('ae', 'end', 'End', { required: false }),
  endNotBeforeStart('ae'),
  {
    id: 'ae.serious.criterion',
    kind: 'at-least-one-true',
    paths: [[...S, 'resultsInDeath'], [...S, 'lifeThreatening'], [...S, 'persistentOrSignificantDisability'], [...S, 'congenitalAnomaly'], [...S, 'importantMedicalEvent'], [...S, 'hospitalisationAny']],
    report: ['serious'],
    when: { path: ['serious'], in: [true] },
    severity: 'error',
    message: 'A serious event needs at least one ICH E2A criterion',
    source: 'safety-grading.md §4.1',
  },
  { id: 'ae.grade5.fatal', kind: 'required', path: ['seriousness', 'resultsInDeath'], when: { path: ['grade'], in: [5] }, severity: 'error', message: 'Grade 5 is death: answer "results in death"' },
  { id: 'ae.grade5.outcome', kind: 'range', path: ['gradeFiveOutcomeFatal'], min: 1, when: { path: ['grade'], in: [5] }, severity: 'error', message: 'Grade 5 requires outcome "fatal"', source: 'safety-grading.md §3.1 (grade 5 = death related to AE)' },
  { id: 'ae.attribution.required', kind: 'required', path: ['attribution'], severity: 'warning', message: 'Attribution not recorded' },
  { id: 'ae.outcome.required', kind: 'required', path: ['outcome'], severity: 'warning', message: 'Outcome not recorded' },
  { id: 'ae.end.required-when-recovered', kind: 'required', path: ['end'], when: { path: ['outcome'], in: ['recovered', 'recovered-with-sequelae', 'fatal'] }, severity: 'warning', message: 'Outcome says the event ended: record the end date' },
]

/**
 * Values some checks read that are not typed by the user (a hospitalisation answer as a boolean, grade-5 outcome).
 * Kept separate from `deriveAdverseEvent` because checks run before a save, on possibly incomplete data.
 */
export function adverseEventCheckView(a: AdverseEventForm): Record<string, unknown> {
  const h = a.seriousness?.hospitalisation ?? null
  return {
    ...a,
    seriousness: { ...a.seriousness, hospitalisationAny: h === null ? null : h !== 'none' },
    gradeFiveOutcomeFatal: a.outcome === 'fatal' ? 1 : 0,
  }
}

/**
 * @example deriveAdverseEvent({ ..., grade: 2, seriousness: { hospitalisation: 'requires-admission', others false } })
 *   // { seriousness: { serious: true, criteria: ['hospitalisation'] }, seriousAnswerAgrees: true }
 */
export function deriveAdverseEvent(a: AdverseEventForm): { seriousness: ReturnType<typeof assessSeriousness>; seriousAnswerAgrees: boolean | null } {
  const seriousness = assessSeriousness(a.seriousness)
  return { seriousness, seriousAnswerAgrees: seriousness.serious === 'unknown' ? null : seriousness.serious === a.serious }
}
