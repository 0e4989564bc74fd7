import type { ResponseResult } from '../../response/index.js'
import { deriveAdrsRow, type AdrsRow } from './adrs.js'
import { deriveAdslRow, type AdslRow } from './adsl.js'
import { deriveAdtteRows, type AdtteRow } from './adtte.js'

/** Subject-level facts from SDTM that ADaM carries alongside the response result. */
export interface AdamSubjectFacts {
  studyId: string
  usubjid: string
  siteId: string
  age: number
  sex: string
  infusionDate: string
  ldStartDate: string | null
  doseLevel: string | null
}

/** The ADaM rows of one subject. */
export interface AdamSubjectRows {
  adsl: AdslRow
  adrs: AdrsRow
  adtte: AdtteRow[]
}

/**
 * All ADaM rows of one subject from its SDTM facts and its response engine result. A best response
 * downgraded to NR (IWG corticosteroid dependence) is not a responder: TTR/TTCR are then censored and no
 * DOR/DOCR row is written.
 *
 * Source: interchange/sdtm-adam.md "Output datasets"; domain/response-itp.md §3.11.
 */
export function deriveAdamSubject(facts: AdamSubjectFacts, result: ResponseResult): AdamSubjectRows {
  const responder = result.bestResponse === 'CR' || result.bestResponse === 'R'
  // the fields named, not spread: this runs for every subject of a 100,000-subject cohort
  return {
    adsl: deriveAdslRow({
      studyId: facts.studyId, usubjid: facts.usubjid, siteId: facts.siteId, age: facts.age, sex: facts.sex,
      infusionDate: facts.infusionDate, ldStartDate: facts.ldStartDate, baseline: result.baseline, doseLevel: facts.doseLevel,
    }),
    adrs: deriveAdrsRow({
      studyId: facts.studyId, usubjid: facts.usubjid, bestResponse: result.bestResponse, bestResponseLabel: result.bestResponseLabel,
      responseDate: result.responseDate, responseDay: result.responseDay, crDate: result.crDate, crDay: result.crDay,
    }),
    adtte: deriveAdtteRows({
      studyId: facts.studyId,
      usubjid: facts.usubjid,
      infusionDate: facts.infusionDate,
      responder,
      completeResponder: result.bestResponse === 'CR',
      firstResponse: result.episodes.R[0] ?? null,
      firstCompleteResponse: result.episodes.CR[0] ?? null,
      lastEvaluableDay: result.observedDays,
    }),
  }
}
