/**
 * Steps 1-8 of the response algorithm on one subject, as positions and parallel arrays (no output
 * objects yet). Shared by `evaluateResponse` and `responseCountTable`.
 *
 * Source: ../shared/domain/response-itp.md §3.3-§3.10.
 */
import { responseEpochDay } from './epoch-day.js'
import { selectBaseline } from './baseline.js'
import type { BaselineChoice } from './baseline.js'
import { bleedingAtCounts, prepareBleedingIntervals } from './bleeding.js'
import { classifyResponseCr, classifyResponseR } from './classify.js'
import { findResponseEpisodes } from './episodes.js'
import type { ResponseEpisodeSpan } from './episodes.js'
import { splitEvaluable } from './evaluability.js'
import type { Evaluability } from './evaluability.js'
import type { ResponseParams } from './params.js'
import { prepareCounts } from './prepare-counts.js'
import type { PreparedCounts } from './prepare-counts.js'
import { prepareRescueWindows } from './rescue-windows.js'
import type { RescueWindow } from './rescue-windows.js'
import type { ResponseCountStatus, ResponseInput } from './types.js'

/** Intermediate state of one evaluation. Internal. */
export interface ResponseRun {
  infusionEpoch: number
  anchorEpoch: number
  anchor: 'LD_START' | 'INFUSION'
  cutoffEpoch: number
  newTherapyEpoch: number
  counts: PreparedCounts
  rescues: RescueWindow[]
  baseline: BaselineChoice
  ev: Evaluability
  bleeding: boolean[]
  statusR: ResponseCountStatus[]
  statusCR: ResponseCountStatus[]
  episodesR: ResponseEpisodeSpan[]
  episodesCR: ResponseEpisodeSpan[]
}

/**
 * Run steps 1-8.
 * Source: ../shared/domain/response-itp.md §3.3-§3.10
 * @param input one subject's data (validated: see `parseResponseInput`)
 * @param params full parameter set
 */
export function runResponse(input: ResponseInput, params: ResponseParams): ResponseRun {
  const infusionEpoch = responseEpochDay(input.infusionDate)
  const cutoffDate = input.dataCutoffDate ?? params.dataCutoffDate
  const cutoffEpoch =
    cutoffDate === null || cutoffDate === undefined ? Infinity : responseEpochDay(cutoffDate)
  const useLd =
    params.baselineAnchor === 'LD_START' && input.ldStartDate !== null && input.ldStartDate !== undefined
  const anchorEpoch = useLd ? responseEpochDay(input.ldStartDate as string) : infusionEpoch
  const newDate = input.newItpTherapyStartDate
  const newTherapyEpoch = newDate === null || newDate === undefined ? Infinity : responseEpochDay(newDate)

  const counts = prepareCounts(input.plateletCounts, cutoffEpoch, params.sameDateUntimedPolicy)
  const rescues = prepareRescueWindows(input.rescueEvents ?? [], params.rescueWindowDays)
  const baseline = selectBaseline(
    counts,
    anchorEpoch,
    params.baselineLookbackDays,
    params.baselineExcludeRescueAffected,
    rescues,
    params.baselineSameDateTie,
  )
  const ev = splitEvaluable(counts, {
    infusionEpoch,
    evalStartDay: params.evalStartDay,
    evalEndDay: params.evalEndDay,
    rescues,
    newTherapyEpoch,
  })

  const m = ev.evaluable.length
  const epochs = new Array<number>(m)
  for (let i = 0; i < m; i++) epochs[i] = counts.epoch[ev.evaluable[i] as number] as number
  const intervals = prepareBleedingIntervals(
    input.bleedingEvents ?? [],
    params.bleedingGradeThreshold,
    params.bleedingMissingEndDate,
    cutoffEpoch,
  )
  const bleeding = bleedingAtCounts(intervals, epochs, params.bleedingCheckScope)

  const statusR = new Array<ResponseCountStatus>(m)
  const statusCR = new Array<ResponseCountStatus>(m)
  for (let i = 0; i < m; i++) {
    const v = counts.value[ev.evaluable[i] as number] as number
    const bl = bleeding[i] as boolean
    statusR[i] = classifyResponseR(v, bl, baseline.value, params)
    statusCR[i] = classifyResponseCr(v, bl, params)
  }
  // §3.9 PROTOCOL DECISION: whether an I count breaks a response run / a loss pair
  const indeterminate = {
    breaksResponseRun: params.indeterminateBreaksResponseRun,
    breaksLossPair: params.indeterminateBreaksLossPair,
  }
  const episodesR = findResponseEpisodes(
    ev.days,
    statusR,
    params.confirmMinGapDays,
    params.lossMinGapDays,
    indeterminate,
  )
  const episodesCR = findResponseEpisodes(
    ev.days,
    statusCR,
    params.confirmMinGapDays,
    params.lossMinGapDays,
    indeterminate,
  )
  return {
    infusionEpoch,
    anchorEpoch,
    anchor: useLd ? 'LD_START' : 'INFUSION',
    cutoffEpoch,
    newTherapyEpoch,
    counts,
    rescues,
    baseline,
    ev,
    bleeding,
    statusR,
    statusCR,
    episodesR,
    episodesCR,
  }
}
