/**
 * SLEDAI-2K (or SELENA-SLEDAI) assessment: descriptors present / not assessed; the total is derived with core's
 * `sledai2kScore`, never typed.
 * Source: bleeding-and-scores.md §4 (Gladman et al., J Rheumatol 2002).
 */
import { z } from 'zod'
import { clinicalSledaiOf, SLEDAI_2K_DESCRIPTORS, sledai2kScore, sledaiActivityCategory, type SledaiDescriptor } from '../scores/index.js'
import { dateChecks, FormDateSchema } from './common.js'
import type { EditCheck } from './edit-check.js'

export const SLEDAI_DESCRIPTOR_IDS = Object.keys(SLEDAI_2K_DESCRIPTORS) as SledaiDescriptor[]
const descriptor = z.enum(SLEDAI_DESCRIPTOR_IDS as [SledaiDescriptor, ...SledaiDescriptor[]])

export const SledaiFormSchema = z.object({
  assessedOn: FormDateSchema,
  variant: z.enum(['SLEDAI-2K', 'SELENA-SLEDAI']),
  present: z.array(descriptor),
  notAssessed: z.array(descriptor),
})
export type SledaiForm = z.infer<typeof SledaiFormSchema>

export const SLEDAI_CHECKS: readonly EditCheck[] = [
  ...dateChecks('sledai', 'assessedOn', 'Assessment date'),
  { id: 'sledai.overlap', kind: 'range', path: ['presentAndNotAssessed'], max: 0, severity: 'error', message: 'A descriptor cannot be both present and not assessed' },
  { id: 'sledai.not-assessed', kind: 'range', path: ['notAssessedCount'], max: 0, severity: 'warning', message: 'Some descriptors were not assessed: the total is not evaluable' },
]

/**
 * Values the checks read that the user does not type. Runs on unvalidated data too (registry `runEditChecks`:
 * issues while the user types, imported files): a list that is not a list counts as empty, its schema error is
 * reported on its own.
 */
export function sledaiCheckView(s: SledaiForm): Record<string, unknown> {
  const present: unknown[] = Array.isArray(s.present) ? s.present : []
  const notAssessed: unknown[] = Array.isArray(s.notAssessed) ? s.notAssessed : []
  return { ...s, presentAndNotAssessed: present.filter((d) => notAssessed.includes(d)).length, notAssessedCount: notAssessed.length }
}

/** @example deriveSledai({ assessedOn: '2025-03-01', variant: 'SLEDAI-2K', present: ['thrombocytopenia', 'low-complement', 'increased-dna-binding', 'arthritis'], notAssessed: [] }) // sledai2k 9, clinicalSledai 5 (SD1) */
export function deriveSledai(s: SledaiForm): { sledai2k: number | null; clinicalSledai: number | null; sledai2kAtLeast: number; activity: string | null } {
  const r = sledai2kScore(s)
  if (r.kind === 'scored') return { sledai2k: r.sledai2k, clinicalSledai: r.clinicalSledai, sledai2kAtLeast: r.sledai2k, activity: sledaiActivityCategory(r.sledai2k) }
  // §4/§6 D1: clinical SLEDAI ignores serology, so it stays known when only serology was not assessed
  return { sledai2k: null, clinicalSledai: clinicalSledaiOf(r).value, sledai2kAtLeast: r.sledai2kAtLeast, activity: null }
}
