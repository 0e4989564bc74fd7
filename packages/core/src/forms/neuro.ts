/**
 * Neurological assessment (ICANS domains). The ICE total is derived from its ten items with core's `iceScore`
 * and the day's ICANS grade with `gradeIcansDay`; neither is typed. A total written on the bedside worksheet
 * may be entered as `iceTotalOnSource` and must equal the items' sum. Intracranial haemorrhage must be answered
 * explicitly (ICANS-4: it is excluded from ICANS and graded by CTCAE).
 * Source: safety-grading.md §2.1-2.6 (Lee DW et al., BBMT 2019;25(4):625-638); CAPD: Traube C et al., Crit Care Med 2014.
 */
import { z } from 'zod'
import { gradeIcansDay, iceScore, type EncephalopathyAssessment, type IceItems } from '../toxicity/index.js'
import { dateChecks, FormDateTimeSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'

const item = z.boolean().nullable()
export const IceItemsSchema = z.object({
  orientation: z.object({ year: item, month: item, city: item, hospital: item }),
  naming: z.tuple([item, item, item]),
  followsCommands: item,
  writesStandardSentence: item,
  countsBackwardsBy10: item,
})

export const CONSCIOUSNESS_LEVELS = ['normal', 'awakens-spontaneously', 'awakens-to-voice', 'awakens-to-tactile', 'unarousable'] as const
export const SEIZURE_FINDINGS = ['none', 'rapidly-resolving', 'prolonged-or-repetitive'] as const
export const RAISED_ICP_FINDINGS = ['none', 'focal-oedema', 'diffuse-oedema-or-signs'] as const

export const NeuroFormSchema = z.object({
  assessedAt: FormDateTimeSchema,
  tool: z.enum(['ICE', 'CAPD']),
  iceItems: IceItemsSchema.nullable(),
  iceTotalOnSource: measured.optional(),
  /** ICE: unarousable, cannot perform ICE (ICANS-2); CAPD: unable to perform (grade 4) */
  unableToPerform: z.boolean(),
  capdTotal: measured,
  consciousness: z.enum(CONSCIOUSNESS_LEVELS).nullable(),
  seizure: z.enum(SEIZURE_FINDINGS).nullable(),
  deepFocalMotorWeakness: z.boolean().nullable(),
  raisedIcp: z.enum(RAISED_ICP_FINDINGS).nullable(),
  intracranialHaemorrhage: z.boolean().nullable(),
})
export type Neuro = z.infer<typeof NeuroFormSchema>

/** An empty set of ICE items, every item "not assessed". */
export const EMPTY_ICE_ITEMS: IceItems = {
  orientation: { year: null, month: null, city: null, hospital: null },
  naming: [null, null, null],
  followsCommands: null,
  writesStandardSentence: null,
  countsBackwardsBy10: null,
}

export const NEURO_CHECKS: readonly EditCheck[] = [
  ...dateChecks('neuro', 'assessedAt', 'Assessment time'),
  { id: 'neuro.ice.sum', kind: 'ice-items-sum', items: ['iceItems'], total: ['iceTotalOnSource'], severity: 'error', message: 'ICE total on the worksheet does not match the sum of its items', source: 'safety-grading.md §2.1' },
  { id: 'neuro.ice.total.range', kind: 'range', path: ['iceTotalOnSource'], min: 0, max: 10, severity: 'error', message: 'ICE total must be within 0-10' },
  { id: 'neuro.ice.items.required', kind: 'required', path: ['iceItems'], when: { path: ['tool'], in: ['ICE'] }, severity: 'warning', message: 'ICE items not recorded: the ICE total cannot be derived' },
  { id: 'neuro.capd.range', kind: 'range', path: ['capdTotal'], min: 0, max: 32, severity: 'error', message: 'CAPD total must be within 0-32', source: 'safety-grading.md §2.3 (per-item 0-4, UNVERIFIED)' },
  { id: 'neuro.capd.required', kind: 'required', path: ['capdTotal'], when: { path: ['tool'], in: ['CAPD'] }, severity: 'warning', message: 'CAPD total not recorded' },
  { id: 'neuro.consciousness.required', kind: 'required', path: ['consciousness'], severity: 'warning', message: 'Level of consciousness not assessed' },
  { id: 'neuro.ich.required', kind: 'required', path: ['intracranialHaemorrhage'], severity: 'error', message: 'Answer whether intracranial haemorrhage is present (ICANS-4)', source: 'safety-grading.md §2.4 ICANS-4' },
]

export interface NeuroDerived {
  /** ICE total 0-10; `null` when not evaluable (an item not assessed, or CAPD used) */
  iceTotal: number | null
  iceMissingItems: string[]
  /** ASTCT ICANS grade for this assessment; `null` when not evaluable */
  icansGrade: number | null
  icansDrivers: string[]
}

/**
 * @example deriveNeuro({ assessedAt: '2025-03-04T09:00', tool: 'ICE', iceItems: { orientation: { year: true, month: true, city: true, hospital: false },
 *   naming: [true, true, true], followsCommands: true, writesStandardSentence: false, countsBackwardsBy10: true }, unableToPerform: false,
 *   capdTotal: null, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', intracranialHaemorrhage: false })
 *   // { iceTotal: 8, icansGrade: 1 } (N1)
 */
export function deriveNeuro(n: Neuro): NeuroDerived {
  let iceTotal: number | null = null
  let iceMissingItems: string[] = []
  if (n.tool === 'ICE' && n.iceItems !== null) {
    const s = iceScore(n.iceItems)
    if (s.kind === 'scored') iceTotal = s.total
    else iceMissingItems = s.missing
  }
  const encephalopathy: EncephalopathyAssessment | null =
    n.tool === 'ICE'
      ? n.unableToPerform
        ? { tool: 'ICE', unarousable: true }
        : n.iceItems === null
          ? null
          : { tool: 'ICE', items: n.iceItems }
      : { tool: 'CAPD', total: n.capdTotal, unableToPerform: n.unableToPerform }
  // `day` only labels the finding; one assessment's grade does not depend on it
  const outcome = gradeIcansDay({
    day: 0,
    encephalopathy,
    consciousness: n.consciousness,
    seizure: n.seizure,
    deepFocalMotorWeakness: n.deepFocalMotorWeakness,
    raisedIcp: n.raisedIcp,
    intracranialHaemorrhage: n.intracranialHaemorrhage === true,
  })
  return {
    iceTotal,
    iceMissingItems,
    icansGrade: outcome.kind === 'graded' ? outcome.grade : null,
    icansDrivers: outcome.kind === 'graded' ? outcome.drivers.map((d) => d.finding) : [],
  }
}
