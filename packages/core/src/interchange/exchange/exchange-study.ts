/**
 * A study's subject-level data in the shape shared by the CDISC ODM 1.3.2 and FHIR R4 exchanges: subjects
 * (DM), laboratory results (LB) and adverse events (AE), as the SDTM readers deliver them.
 * Source: interchange/sdtm-adam.md "Input domains"; interchange/ctgov-fhir-odm.md §2-§3.
 */
import type { SdtmAeRecord, SdtmDmRecord, SdtmLbRecord } from '../sdtm/index.js'
import { convertPlateletCount } from '../sdtm/platelet-unit.js'

/**
 * The reference range of an LB record in the unit of its analysis value. LBORNRLO/LBORNRHI are in the original
 * unit LBORRESU (SDTMIG 3.4 LB): platelets are converted to 10^9/L with the LBORRESU factor (sdtm-adam.md lb.csv);
 * a value taken from LBSTRESN in another unit than LBORRESU has no range in its unit (null, never mislabelled).
 */
function rangeInValueUnit(l: SdtmLbRecord, bound: number | null): number | null {
  if (bound === null) return null
  if (l.testCode === 'PLAT') return convertPlateletCount(bound, l.unit)
  return l.stdResult !== null && l.stdUnit !== l.unit ? null : bound
}

export interface ExchangeLab {
  testCode: string
  /** numeric result (platelets in 10^9/L), null for a text result */
  value: number | null
  /** the result as collected (LBORRES) */
  text: string
  /** the unit of `text` (LBORRESU as collected) when it may differ from `unit`; absent: `unit` */
  textUnit?: string | null
  /** the unit of `value` */
  unit: string | null
  date: string
  time: string | null
  /** reference range in `unit`, the unit of `value` (null when not known in that unit) */
  refLow: number | null
  refHigh: number | null
}

export interface ExchangeAdverseEvent {
  term: string
  grade: number | null
  gradingSystem: string | null
  serious: boolean
  startDate: string
  endDate: string | null
}

export interface ExchangeSubject {
  usubjid: string
  siteId: string
  age: number | null
  sex: 'M' | 'F' | 'U' | 'UNDIFFERENTIATED'
  /** dose level / arm code */
  armCode: string | null
  infusionDate: string | null
  labs: ExchangeLab[]
  adverseEvents: ExchangeAdverseEvent[]
}

export interface ExchangeStudy {
  registryId: string
  title: string
  /** registry `statusModule.overallStatus` (ctgov-fhir-odm.md §1), mapped to ResearchStudy.status (§2); absent: `active` */
  overallStatus?: string | null
  /** registry `designModule.phases` (§1), mapped to ResearchStudy.phase (§2); absent: no phase */
  phases?: readonly string[] | null
  subjects: ExchangeSubject[]
}

/**
 * Group SDTM DM, LB and AE records by subject (dm.csv order; records of unknown subjects are left out). A lab keeps
 * LBORRES with its unit LBORRESU (`text`, `textUnit`) and the analysis value with its unit and reference range.
 * @example exchangeStudyFromSdtm('NCT06352281', 'CD19 CAR-T in ITP', dm, lb, ae).subjects[0].labs.length
 */
export function exchangeStudyFromSdtm(
  registryId: string,
  title: string,
  dm: readonly SdtmDmRecord[],
  lb: readonly SdtmLbRecord[],
  ae: readonly SdtmAeRecord[],
  registry: { overallStatus?: string | null; phases?: readonly string[] | null } = {},
): ExchangeStudy {
  const subjects = new Map<string, ExchangeSubject>()
  for (const d of dm)
    if (!subjects.has(d.usubjid))
      subjects.set(d.usubjid, { usubjid: d.usubjid, siteId: d.siteId, age: d.age, sex: d.sex, armCode: d.armCode ?? d.arm, infusionDate: d.infusionDate, labs: [], adverseEvents: [] })
  for (const l of lb)
    subjects.get(l.usubjid)?.labs.push({
      testCode: l.testCode, value: l.value, text: l.result, textUnit: l.unit === '' ? null : l.unit, unit: l.valueUnit, date: l.date, time: l.time,
      refLow: rangeInValueUnit(l, l.refLow), refHigh: rangeInValueUnit(l, l.refHigh),
    })
  for (const a of ae)
    subjects.get(a.usubjid)?.adverseEvents.push({ term: a.decodedTerm, grade: a.grade, gradingSystem: a.gradingSystem, serious: a.serious, startDate: a.startDate, endDate: a.endDate })
  return { registryId, title, ...(registry.overallStatus ? { overallStatus: registry.overallStatus } : {}), ...(registry.phases ? { phases: registry.phases } : {}), subjects: [...subjects.values()] }
}
