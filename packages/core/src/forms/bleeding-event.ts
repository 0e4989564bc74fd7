/**
 * Bleeding event: site (ITP-BAT manifestation), start/end, WHO grade 0-4 and ITP-BAT grade 0-5 for the site.
 * The SMOG domain label is derived with core's `itpBatGrade`.
 * Source: bleeding-and-scores.md §1 (WHO, Miller et al. Cancer 1981), §2 (ITP-BAT, Rodeghiero et al. Blood 2013).
 */
import { z } from 'zod'
import { ITP_BAT_MANIFESTATIONS, itpBatGrade, type ItpBatManifestation } from '../scores/index.js'
import { dateChecks, endNotBeforeStart, FormDateSchema } from './common.js'
import type { EditCheck } from './edit-check.js'

export const BLEEDING_SITES = Object.keys(ITP_BAT_MANIFESTATIONS) as ItpBatManifestation[]

export const BleedingEventFormSchema = z.object({
  site: z.enum(BLEEDING_SITES as [ItpBatManifestation, ...ItpBatManifestation[]]),
  start: FormDateSchema,
  end: FormDateSchema.nullable(),
  whoGrade: z.number().int().min(0).max(4).nullable(),
  itpBatGrade: z.number().int().min(0).max(5).nullable(),
  patientReportedOnly: z.boolean(),
})
export type BleedingEventForm = z.infer<typeof BleedingEventFormSchema>

export const BLEEDING_EVENT_CHECKS: readonly EditCheck[] = [
  ...dateChecks('bleed', 'start', 'Start'),
  ...dateChecks('bleed', 'end', 'End', { required: false }),
  endNotBeforeStart('bleed'),
  { id: 'bleed.who.required', kind: 'required', path: ['whoGrade'], severity: 'error', message: 'WHO bleeding grade is required' },
  { id: 'bleed.bat.required', kind: 'required', path: ['itpBatGrade'], severity: 'warning', message: 'ITP-BAT grade for the site not recorded' },
  { id: 'bleed.intracranial.who4', kind: 'range', path: ['whoGrade'], min: 4, when: { path: ['site'], in: ['intracranial'] }, severity: 'warning', message: 'Cerebral bleeding is WHO grade 4: please confirm', source: 'bleeding-and-scores.md §1' },
]

/** @example deriveBleedingEvent({ site: 'epistaxis', start: '2025-03-02', end: null, whoGrade: 2, itpBatGrade: 3, patientReportedOnly: false }) // { domain: 'M', itpBatLabel: 'S0M3O0' } */
export function deriveBleedingEvent(b: BleedingEventForm): { domain: 'S' | 'M' | 'O'; itpBatLabel: string; ongoing: boolean } {
  const r = itpBatGrade([{ manifestation: b.site, grade: b.itpBatGrade, patientReportedOnly: b.patientReportedOnly }])
  return { domain: ITP_BAT_MANIFESTATIONS[b.site], itpBatLabel: r.label, ongoing: b.end === null }
}
