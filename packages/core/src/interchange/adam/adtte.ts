import { addDays } from '../../dates/index.js'
import { formatAdamCsvDataset } from './adam-csv-writer.js'

/** ADTTE variables, in output order. Source: interchange/sdtm-adam.md "Output datasets", row `adtte.csv`. */
export const ADTTE_VARIABLES = ['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVAL', 'CNSR', 'STARTDT', 'ADT', 'EVNTDESC'] as const

/** Time-to-event parameters and their labels. */
export const ADTTE_PARAMS = {
  TTR: 'Time to response',
  TTCR: 'Time to complete response',
  DOR: 'Duration of response',
  DOCR: 'Duration of complete response',
} as const
export type AdtteParamcd = keyof typeof ADTTE_PARAMS

/** Event descriptions written to EVNTDESC. */
export const ADTTE_EVENT_DESCRIPTIONS = {
  response: 'RESPONSE',
  completeResponse: 'COMPLETE RESPONSE',
  loss: 'LOSS OF RESPONSE',
  crLoss: 'LOSS OF COMPLETE RESPONSE',
  lastCount: 'LAST EVALUABLE PLATELET COUNT',
  noCount: 'NO EVALUABLE PLATELET COUNT',
} as const

/** One ADTTE row. */
export interface AdtteRow {
  STUDYID: string
  USUBJID: string
  PARAMCD: AdtteParamcd
  PARAM: string
  /** days */
  AVAL: number
  /** 0 = event, 1 = censored */
  CNSR: 0 | 1
  STARTDT: string
  ADT: string
  EVNTDESC: string
}

/** A first response episode at one level as the engine reports it. */
export interface AdtteEpisode {
  startDay: number
  startDate: string
  endDay: number
  endDate: string
  /** true = ended in a confirmed loss */
  event: boolean
}

/** What ADTTE is derived from. */
export interface AdtteSource {
  studyId: string
  usubjid: string
  infusionDate: string
  /** true when the subject's best response is CR or R/PR (DOR is written) */
  responder: boolean
  /** true when the best response is CR (DOCR is written) */
  completeResponder: boolean
  /** first R-level episode (its start is the response day), null if none */
  firstResponse: AdtteEpisode | null
  /** first CR-level episode, null if none */
  firstCompleteResponse: AdtteEpisode | null
  /** protocol day of the last evaluable count (`observedDays`), null when there is none */
  lastEvaluableDay: number | null
}

/**
 * Derive the ADTTE rows of one subject: `TTR` and `TTCR` always; `DOR` for R/PR/CR; `DOCR` for CR.
 *
 * - TTR/TTCR: STARTDT = infusion date; AVAL = protocol day of the response (CNSR 0); a subject who never
 *   reaches the level is censored (CNSR 1) at the protocol day of the last evaluable count, or AVAL 0 when
 *   there is none.
 * - DOR/DOCR: STARTDT = response date; AVAL = days to the confirmed loss (CNSR 0) or to the last evaluable
 *   count (CNSR 1), for the first episode (domain/response-itp.md §3.11).
 * ADT = STARTDT + AVAL days.
 *
 * Source: interchange/sdtm-adam.md "Output datasets" row `adtte.csv` and "AVAL conventions"; ADaMIG 1.3 / ADaM
 * BDS-TTE.
 */
export function deriveAdtteRows(s: AdtteSource): AdtteRow[] {
  const row = (paramcd: AdtteParamcd, startDate: string, aval: number, cnsr: 0 | 1, desc: string): AdtteRow => ({
    STUDYID: s.studyId,
    USUBJID: s.usubjid,
    PARAMCD: paramcd,
    PARAM: ADTTE_PARAMS[paramcd],
    AVAL: aval,
    CNSR: cnsr,
    STARTDT: startDate,
    ADT: addDays(startDate, aval),
    EVNTDESC: desc,
  })
  const censorAtLast = (paramcd: AdtteParamcd) =>
    s.lastEvaluableDay === null
      ? row(paramcd, s.infusionDate, 0, 1, ADTTE_EVENT_DESCRIPTIONS.noCount)
      : row(paramcd, s.infusionDate, s.lastEvaluableDay, 1, ADTTE_EVENT_DESCRIPTIONS.lastCount)
  const timeTo = (paramcd: AdtteParamcd, ep: AdtteEpisode | null, desc: string) =>
    ep === null ? censorAtLast(paramcd) : row(paramcd, s.infusionDate, ep.startDay, 0, desc)
  const duration = (paramcd: AdtteParamcd, ep: AdtteEpisode, lossDesc: string) =>
    row(paramcd, ep.startDate, ep.endDay - ep.startDay, ep.event ? 0 : 1, ep.event ? lossDesc : ADTTE_EVENT_DESCRIPTIONS.lastCount)

  const rows = [
    timeTo('TTR', s.responder ? s.firstResponse : null, ADTTE_EVENT_DESCRIPTIONS.response),
    timeTo('TTCR', s.completeResponder ? s.firstCompleteResponse : null, ADTTE_EVENT_DESCRIPTIONS.completeResponse),
  ]
  if (s.responder && s.firstResponse) rows.push(duration('DOR', s.firstResponse, ADTTE_EVENT_DESCRIPTIONS.loss))
  if (s.completeResponder && s.firstCompleteResponse) rows.push(duration('DOCR', s.firstCompleteResponse, ADTTE_EVENT_DESCRIPTIONS.crLoss))
  return rows
}

/** `adtte.csv` text: header with exactly `ADTTE_VARIABLES`, one line per row. */
export function formatAdtteCsv(rows: readonly AdtteRow[]): string {
  return formatAdamCsvDataset(ADTTE_VARIABLES, rows)
}
