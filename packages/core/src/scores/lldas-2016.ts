import { combineSleStateCriteria, type SleStateVerdict } from './doris-2021.js'
import { SLEDAI_2K_DESCRIPTORS, sledai2kScore, type SledaiAssessment, type SledaiDescriptor, type SledaiOrganGroup } from './sledai-2k.js'

/**
 * Lupus Low Disease Activity State (all five must hold):
 * L1 SLEDAI-2K ≤ 4 (serology counts) with no renal, CNS, cardiopulmonary, vasculitis or fever activity and no
 *    haemolytic anaemia or GI activity (thrombocytopenia is not excluded);
 * L2 no new lupus activity since the previous assessment; L3 PGA ≤ 1; L4 prednisolone-equivalent ≤ 7.5 mg/day;
 * L5 standard, well-tolerated maintenance immunosuppressants/approved biologics and no investigational drug.
 * Source: Franklyn K, Lau CS, Navarra SV, et al. Definition and initial validation of a Lupus Low Disease Activity
 * State (LLDAS). Ann Rheum Dis 2016;75(9):1615-1621; bleeding-and-scores.md §7.
 */

export const LLDAS_MAJOR_ORGAN_GROUPS: readonly SledaiOrganGroup[] = ['renal', 'cns', 'cardiopulmonary', 'vasculitis', 'fever']

export interface LldasInput {
  current: SledaiAssessment
  /** descriptors present at the previous assessment; `null` = no previous assessment */
  previousPresent: readonly SledaiDescriptor[] | null
  haemolyticAnaemia: boolean | null
  giActivity: boolean | null
  pga: number | null
  prednisoloneEquivalentMgPerDay: number | null
  /** L5: immunosuppressants / approved biologics at standard, well-tolerated maintenance doses (true when none) */
  maintenanceTherapyStandard: boolean | null
  /** L5: an investigational drug other than the study cell product */
  otherInvestigationalDrug: boolean | null
  /** the investigational CAR-T/CAR-NK product was given (once) in this trial */
  studyCellProductGiven: boolean
}

export interface LldasOptions {
  /** L2 with no previous assessment (**PROTOCOL DECISION**, default `not-evaluable`) */
  noPreviousAssessment?: 'not-evaluable' | 'no-new-activity'
  /** L5: whether the once-given study cell product counts as an investigational drug afterwards (**PROTOCOL DECISION**, default false) */
  studyCellProductViolatesL5?: boolean
}

export type LldasCriterion = 'L1-sledai' | 'L2-no-new-activity' | 'L3-pga' | 'L4-prednisolone' | 'L5-medication'

/**
 * @example lldasStatus({ current: { variant: 'SLEDAI-2K', present: ['low-complement', 'increased-dna-binding'] }, previousPresent: ['low-complement', 'increased-dna-binding'],
 *   haemolyticAnaemia: false, giActivity: false, pga: 1.0, prednisoloneEquivalentMgPerDay: 7.5, maintenanceTherapyStandard: true,
 *   otherInvestigationalDrug: false, studyCellProductGiven: true }).status // 'met' (LL1)
 */
export function lldasStatus(i: LldasInput, options: LldasOptions = {}): SleStateVerdict<LldasCriterion> {
  const score = sledai2kScore(i.current)
  const present = i.current.present
  const isMajor = (d: SledaiDescriptor) => LLDAS_MAJOR_ORGAN_GROUPS.includes(SLEDAI_2K_DESCRIPTORS[d].group)
  // descriptors not assessed (and not known present): each may be present or absent
  const open = score.kind === 'scored' ? [] : [...new Set(score.notAssessed)]
  const majorActive = present.some(isMajor)
  const floor = score.kind === 'scored' ? score.sledai2k : score.sledai2kAtLeast
  const ceiling = floor + open.reduce((s, d) => s + SLEDAI_2K_DESCRIPTORS[d].weight, 0)
  // L1 is decided whenever every value of the unassessed descriptors gives the same answer: e.g. serology not drawn
  // with nothing else present still gives SLEDAI-2K ≤ 0 + 2 + 2 = 4 and no major-organ activity (§7 L1).
  let l1: boolean | null
  if (majorActive || floor > 4 || i.haemolyticAnaemia === true || i.giActivity === true) l1 = false
  else if (ceiling > 4 || open.some(isMajor) || i.haemolyticAnaemia === null || i.giActivity === null) l1 = null
  else l1 = true
  let l2: boolean | null
  if (i.previousPresent === null) l2 = (options.noPreviousAssessment ?? 'not-evaluable') === 'not-evaluable' ? null : true
  else {
    const prev = i.previousPresent
    // §7 L2: a descriptor present now and absent last time is new activity; an unassessed one absent last time may be
    l2 = present.some((d) => !prev.includes(d)) ? false : open.some((d) => !prev.includes(d)) ? null : true
  }
  const cellViolates = (options.studyCellProductViolatesL5 ?? false) && i.studyCellProductGiven
  const l5 = i.maintenanceTherapyStandard === false || i.otherInvestigationalDrug === true || cellViolates ? false : i.maintenanceTherapyStandard === null || i.otherInvestigationalDrug === null ? null : true
  return combineSleStateCriteria<LldasCriterion>([
    ['L1-sledai', l1],
    ['L2-no-new-activity', l2],
    ['L3-pga', i.pga === null ? null : i.pga <= 1],
    ['L4-prednisolone', i.prednisoloneEquivalentMgPerDay === null ? null : i.prednisoloneEquivalentMgPerDay <= 7.5],
    ['L5-medication', l5],
  ])
}
