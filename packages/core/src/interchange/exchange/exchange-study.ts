/**
 * A study's subject-level data in the shape shared by the CDISC ODM 1.3.2 and FHIR R4 exchanges: subjects
 * (DM), laboratory results (LB) and adverse events (AE), as the SDTM readers deliver them.
 * Source: interchange/sdtm-adam.md "Input domains"; interchange/ctgov-fhir-odm.md §2-§3.
 */
import type { SdtmAeRecord, SdtmDmRecord, SdtmLbRecord } from '../sdtm/index.js'

export interface ExchangeLab {
  testCode: string
  /** numeric result (platelets in 10^9/L), null for a text result */
  value: number | null
  /** the result as collected (LBORRES) */
  text: string
  unit: string | null
  date: string
  time: string | null
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
 * Group SDTM DM, LB and AE records by subject (dm.csv order; records of unknown subjects are left out).
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
    subjects.get(l.usubjid)?.labs.push({ testCode: l.testCode, value: l.value, text: l.result, unit: l.valueUnit, date: l.date, time: l.time, refLow: l.refLow, refHigh: l.refHigh })
  for (const a of ae)
    subjects.get(a.usubjid)?.adverseEvents.push({ term: a.decodedTerm, grade: a.grade, gradingSystem: a.gradingSystem, serious: a.serious, startDate: a.startDate, endDate: a.endDate })
  return { registryId, title, ...(registry.overallStatus ? { overallStatus: registry.overallStatus } : {}), ...(registry.phases ? { phases: registry.phases } : {}), subjects: [...subjects.values()] }
}
