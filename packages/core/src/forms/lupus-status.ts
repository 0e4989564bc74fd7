/**
 * Lupus status at one assessment: PGA (0-3, one decimal), the SLEDAI-2K descriptors and treatment facts; DORIS 2021
 * remission and LLDAS are derived with core's `dorisRemission` and `lldasStatus`, with the PROTOCOL DECISIONs of the
 * subject's protocol (its `lupus` block) when the caller passes them (`DeriveOptions.lupus`), else the doc defaults.
 * Source: bleeding-and-scores.md §5 (PGA), §6 (DORIS, van Vollenhoven et al. 2021), §7 (LLDAS, Franklyn et al. 2016).
 */
import { z } from 'zod'
import {
  clinicalSledaiOf,
  dorisRemission,
  lldasStatus,
  parsePhysicianGlobalAssessment,
  sledai2kScore,
  type DorisCriterion,
  type DorisOptions,
  type LldasCriterion,
  type LldasOptions,
  type SleStateVerdict,
} from '../scores/index.js'
import { dateChecks, FormDateSchema, measured } from './common.js'
import type { EditCheck } from './edit-check.js'
import { SledaiFormSchema } from './sledai.js'

export const LupusStatusFormSchema = z.object({
  assessedOn: FormDateSchema,
  pga: measured,
  sledai: SledaiFormSchema.pick({ variant: true, present: true, notAssessed: true }),
  previousPresent: SledaiFormSchema.shape.present.nullable(),
  prednisoloneEquivalentMgPerDay: measured,
  backgroundTherapyStable: z.boolean().nullable(),
  haemolyticAnaemia: z.boolean().nullable(),
  giActivity: z.boolean().nullable(),
  maintenanceTherapyStandard: z.boolean().nullable(),
  otherInvestigationalDrug: z.boolean().nullable(),
  studyCellProductGiven: z.boolean(),
})
export type LupusStatusForm = z.infer<typeof LupusStatusFormSchema>

export const LUPUS_STATUS_CHECKS: readonly EditCheck[] = [
  ...dateChecks('lupus', 'assessedOn', 'Assessment date'),
  { id: 'lupus.pga.range', kind: 'range', path: ['pga'], min: 0, max: 3, severity: 'error', message: 'PGA must be within 0-3', source: 'bleeding-and-scores.md §5' },
  { id: 'lupus.pga.precision', kind: 'range', path: ['pgaTooPrecise'], max: 0, severity: 'error', message: 'PGA is recorded with one decimal place', source: 'bleeding-and-scores.md §5' },
  { id: 'lupus.pga.required', kind: 'required', path: ['pga'], severity: 'warning', message: 'PGA not recorded: DORIS and LLDAS are not evaluable' },
  { id: 'lupus.pred.nonneg', kind: 'range', path: ['prednisoloneEquivalentMgPerDay'], min: 0, severity: 'error', message: 'Prednisolone equivalent cannot be negative' },
]

/** Values the checks read that the user does not type. */
export function lupusStatusCheckView(l: LupusStatusForm): Record<string, unknown> {
  const tooPrecise = typeof l.pga === 'number' && l.pga >= 0 && l.pga <= 3 && !parsePhysicianGlobalAssessment(l.pga).ok ? 1 : 0
  return { ...l, pgaTooPrecise: tooPrecise }
}

/**
 * The protocol's DORIS / LLDAS PROTOCOL DECISIONs (a protocol's `lupus` block, protocol/lupus.ts); absent keys take
 * the doc defaults: D3 `≤ 5` mg/day (§6), L2 with no previous assessment not evaluable, the study cell product does
 * not violate L5 (§7).
 */
export interface LupusStatusOptions {
  doris?: DorisOptions
  lldas?: LldasOptions
}

/**
 * @example deriveLupusStatus({ pga: 0.3, sledai: { variant: 'SLEDAI-2K', present: ['low-complement'], notAssessed: [] },
 *   prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true, ... }).doris.status // 'met' (clinical SLEDAI 0)
 */
export function deriveLupusStatus(l: LupusStatusForm, options: LupusStatusOptions = {}): { clinicalSledai: number | null; doris: SleStateVerdict<DorisCriterion>; lldas: SleStateVerdict<LldasCriterion> } {
  // §6 D1 "clinical SLEDAI = 0 (serology ignored)": unassessed serology does not block D1, and a clinical SLEDAI
  // already ≥ 1 fails D1 even when other descriptors were not assessed (all criteria must hold → not met).
  const clinical = clinicalSledaiOf(sledai2kScore(l.sledai))
  const clinicalSledai = clinical.value
  const d1Input = clinical.atLeast > 0 ? clinical.atLeast : clinicalSledai
  const doris = dorisRemission({ clinicalSledai: d1Input, pga: l.pga, prednisoloneEquivalentMgPerDay: l.prednisoloneEquivalentMgPerDay, backgroundTherapyStable: l.backgroundTherapyStable }, options.doris)
  const lldas = lldasStatus({
    current: l.sledai,
    previousPresent: l.previousPresent,
    haemolyticAnaemia: l.haemolyticAnaemia,
    giActivity: l.giActivity,
    pga: l.pga,
    prednisoloneEquivalentMgPerDay: l.prednisoloneEquivalentMgPerDay,
    maintenanceTherapyStandard: l.maintenanceTherapyStandard,
    otherInvestigationalDrug: l.otherInvestigationalDrug,
    studyCellProductGiven: l.studyCellProductGiven,
  }, options.lldas)
  return { clinicalSledai, doris, lldas }
}
