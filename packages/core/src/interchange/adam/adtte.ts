import { fromEpochDay, type IsoDate } from '../../dates/index.js'
import { responseEpochDay } from '../../response/epoch-day.js'
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
  // module-level helpers, not closures: this runs for every subject of a 100,000-subject cohort
  const rows = [
    s.responder && s.firstResponse ? timeToRow(s, 'TTR', s.firstResponse, ADTTE_EVENT_DESCRIPTIONS.response) : censoredAtLastRow(s, 'TTR'),
    s.completeResponder && s.firstCompleteResponse
      ? timeToRow(s, 'TTCR', s.firstCompleteResponse, ADTTE_EVENT_DESCRIPTIONS.completeResponse)
      : censoredAtLastRow(s, 'TTCR'),
  ]
  if (s.responder && s.firstResponse) rows.push(durationRow(s, 'DOR', s.firstResponse, ADTTE_EVENT_DESCRIPTIONS.loss))
  if (s.completeResponder && s.firstCompleteResponse) rows.push(durationRow(s, 'DOCR', s.firstCompleteResponse, ADTTE_EVENT_DESCRIPTIONS.crLoss))
  return rows
}

function adtteRow(s: AdtteSource, paramcd: AdtteParamcd, startDate: string, aval: number, cnsr: 0 | 1, desc: string): AdtteRow {
  return {
    STUDYID: s.studyId,
    USUBJID: s.usubjid,
    PARAMCD: paramcd,
    PARAM: ADTTE_PARAMS[paramcd],
    AVAL: aval,
    CNSR: cnsr,
    STARTDT: startDate,
    ADT: addDaysCached(startDate, aval),
    EVNTDESC: desc,
  }
}

/** TTR/TTCR of a subject who never reached the level: censored at the last evaluable count (AVAL 0 if none). */
function censoredAtLastRow(s: AdtteSource, paramcd: AdtteParamcd): AdtteRow {
  return s.lastEvaluableDay === null
    ? adtteRow(s, paramcd, s.infusionDate, 0, 1, ADTTE_EVENT_DESCRIPTIONS.noCount)
    : adtteRow(s, paramcd, s.infusionDate, s.lastEvaluableDay, 1, ADTTE_EVENT_DESCRIPTIONS.lastCount)
}

function timeToRow(s: AdtteSource, paramcd: AdtteParamcd, ep: AdtteEpisode, desc: string): AdtteRow {
  return adtteRow(s, paramcd, s.infusionDate, ep.startDay, 0, desc)
}

function durationRow(s: AdtteSource, paramcd: AdtteParamcd, ep: AdtteEpisode, lossDesc: string): AdtteRow {
  return adtteRow(s, paramcd, ep.startDate, ep.endDay - ep.startDay, ep.event ? 0 : 1, ep.event ? lossDesc : ADTTE_EVENT_DESCRIPTIONS.lastCount)
}

/** Dates by epoch day, for `addDaysCached` (a cohort spans a few thousand dates; emptied past 65,536). */
const dateByEpochDay = new Map<number, IsoDate>()

/**
 * `addDays(date, n)` with the day arithmetic of the response engine (`responseEpochDay`, which throws as
 * `toEpochDay` does on a date that is not real) and the resulting dates cached: the same text as `addDays`.
 */
function addDaysCached(date: string, n: number): IsoDate {
  const day = responseEpochDay(date) + n
  let out = dateByEpochDay.get(day)
  if (out === undefined) {
    out = fromEpochDay(day)
    if (dateByEpochDay.size >= 1 << 16) dateByEpochDay.clear()
    dateByEpochDay.set(day, out)
  }
  return out
}

/** `adtte.csv` text: header with exactly `ADTTE_VARIABLES`, one line per row. */
export function formatAdtteCsv(rows: readonly AdtteRow[]): string {
  return formatAdamCsvDataset(ADTTE_VARIABLES, rows)
}
