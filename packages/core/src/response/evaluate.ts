/**
 * ITP response engine: best response, TTR, DoR, relapse, time in response, flags, explanation.
 *
 * Source: ../shared/domain/response-itp.md §3 (normative algorithm; outputs §3.11), worked examples §4.
 * Criteria: Rodeghiero F, Stasi R, Gernsheimer T, et al. Standardization of terminology, definitions and
 * outcome criteria in immune thrombocytopenic purpura of adults and children: report from an
 * international working group. Blood 2009;113(11):2386-2393.
 */
import { fromEpochDay } from '../dates/index.js'
import { responseEpochDay } from './epoch-day.js'
import type { ResponseEpisodeSpan } from './episodes.js'
import { DEFAULT_RESPONSE_PARAMS } from './params.js'
import type { ResponseParams } from './params.js'
import { describeRescueWindow } from './rescue-windows.js'
import type { RescueWindow } from './rescue-windows.js'
import { runResponse } from './run.js'
import type { ResponseRun } from './run.js'
import type {
  ResponseClassifiedCountRef,
  ResponseCountRef,
  ResponseExcludedCount,
  ResponseCategory,
  ResponseEpisode,
  ResponseInput,
  ResponseLevel,
  ResponseResult,
} from './types.js'

/** Cite a prepared sample (object literal, no spread: this runs per excluded count on the hot path). */
function countRef(input: ResponseInput, run: ResponseRun, pos: number): ResponseCountRef {
  const index = run.counts.src[pos] as number
  const c = input.plateletCounts[index] as ResponseInput['plateletCounts'][number]
  const epoch = run.counts.epoch[pos] as number
  return {
    index,
    date: c.date,
    time: c.time ?? null,
    day: epoch - run.infusionEpoch,
    value: run.counts.value[pos] as number,
  }
}

/** Cite an evaluable count with its status at a level. */
function classifiedRef(
  input: ResponseInput,
  run: ResponseRun,
  k: number,
  level: ResponseLevel,
): ResponseClassifiedCountRef {
  const pos = run.ev.evaluable[k] as number
  const index = run.counts.src[pos] as number
  const c = input.plateletCounts[index] as ResponseInput['plateletCounts'][number]
  return {
    index,
    date: c.date,
    time: c.time ?? null,
    day: run.ev.days[k] as number,
    value: run.counts.value[pos] as number,
    status: (level === 'R' ? run.statusR[k] : run.statusCR[k]) as ResponseClassifiedCountRef['status'],
    bleeding: run.bleeding[k] as boolean,
  }
}

function toEpisode(
  input: ResponseInput,
  run: ResponseRun,
  e: ResponseEpisodeSpan,
  level: ResponseLevel,
): ResponseEpisode {
  const start = classifiedRef(input, run, e.start, level)
  const lossPair: [ResponseClassifiedCountRef, ResponseClassifiedCountRef] | null = e.event
    ? [classifiedRef(input, run, e.f1, level), classifiedRef(input, run, e.f2, level)]
    : null
  const last = run.ev.evaluable.length - 1
  const endDate = lossPair ? lossPair[0].date : countRef(input, run, run.ev.evaluable[last] as number).date
  return {
    level,
    startDay: e.startDay,
    startDate: start.date,
    endDay: e.endDay,
    endDate,
    event: e.event,
    start,
    confirmedBy: classifiedRef(input, run, e.confirmedBy, level),
    lossPair,
  }
}

function excludedCounts(input: ResponseInput, run: ResponseRun): ResponseExcludedCount[] {
  const out: ResponseExcludedCount[] = []
  for (const index of run.counts.afterCutoff) {
    const c = input.plateletCounts[index]
    if (c === undefined) continue
    const day = responseEpochDay(c.date) - run.infusionEpoch
    out.push({
      index,
      date: c.date,
      time: c.time ?? null,
      day,
      value: c.value,
      reason: 'AFTER_DATA_CUTOFF',
      detail: null,
    })
  }
  const { excludedPos, excludedReason, excludedRescue } = run.ev
  const details: (string | undefined)[] = []
  for (let i = 0; i < excludedPos.length; i++) {
    const pos = excludedPos[i] as number
    const index = run.counts.src[pos] as number
    const c = input.plateletCounts[index] as ResponseInput['plateletCounts'][number]
    const r = excludedRescue[i] as number
    let detail: string | null = null
    if (r >= 0) detail = details[r] ??= describeRescueWindow(run.rescues[r] as RescueWindow)
    out.push({
      index,
      date: c.date,
      time: c.time ?? null,
      day: (run.counts.epoch[pos] as number) - run.infusionEpoch,
      value: run.counts.value[pos] as number,
      reason: excludedReason[i] as ResponseExcludedCount['reason'],
      detail,
    })
  }
  return out
}

/**
 * Evaluate one subject's ITP response.
 *
 * Steps (response-itp.md §3.3-§3.11): day numbers (Day 0 = infusion); evaluability (evaluation window,
 * rescue windows per type, new-therapy censoring, data cut-off); baseline; bleeding predicate; tri-state
 * classification at R and CR level; confirmation runs (>= `confirmMinGapDays`); confirmed loss
 * (>= `lossMinGapDays`, I counts do not block); episodes and re-response; outputs and flags.
 *
 * The input is assumed valid (dates `YYYY-MM-DD`, finite non-negative values); validate untrusted data with
 * `parseResponseInput` first. Input order does not matter; already-sorted counts are not re-sorted.
 *
 * Source: ../shared/domain/response-itp.md §3; Rodeghiero et al., Blood 2009;113:2386 (IWG 2009).
 * @param input one subject (§3.1)
 * @param params full parameter set; defaults are the IWG-based ones of §3.2
 * @returns best response, TTR/DoR and the rest of §3.11, flags, and an explanation
 * @example
 * evaluateResponse({ infusionDate: '2024-01-10', ldStartDate: '2024-01-05',
 *   plateletCounts: [{ date: '2024-01-05', value: 10 }, { date: '2024-01-24', value: 45 },
 *     { date: '2024-01-31', value: 50 }, { date: '2024-02-07', value: 60 }] }).bestResponse // 'R' (E1: TTR 14, DoR 14 censored)
 */
export function evaluateResponse(
  input: ResponseInput,
  params: ResponseParams = DEFAULT_RESPONSE_PARAMS,
): ResponseResult {
  const run = runResponse(input, params)
  const epsR = run.episodesR.map((e) => toEpisode(input, run, e, 'R'))
  const epsCR = run.episodesCR.map((e) => toEpisode(input, run, e, 'CR'))
  const firstR = epsR[0]
  const firstCR = epsCR[0]
  const m = run.ev.evaluable.length
  const hasBaseline = run.baseline.value !== null

  let best: ResponseCategory = firstCR ? 'CR' : firstR ? 'R' : m > 0 && hasBaseline ? 'NR' : 'NE'
  const steroidDays = input.corticosteroidDependenceDays
  const dependent =
    params.corticosteroidDependenceRule === 'ON' &&
    steroidDays !== null &&
    steroidDays !== undefined &&
    steroidDays >= params.corticosteroidDependenceMinDays &&
    (best === 'CR' || best === 'R')
  if (dependent) best = 'NR'

  const flags: string[] = []
  if (run.baseline.rule === 'MISSING') flags.push('BASELINE_MISSING')
  if (run.baseline.rule === 'RESCUE_AFFECTED_FALLBACK') flags.push('BASELINE_RESCUE_AFFECTED')
  if (run.newTherapyEpoch !== Infinity && run.newTherapyEpoch <= run.cutoffEpoch)
    flags.push('NEW_THERAPY_CENSORED')
  if ((input.bleedingEvents ?? []).some((b) => b.endDate === null || b.endDate === undefined)) {
    flags.push('BLEEDING_EVENT_OPEN_ENDED')
  }
  if (run.ev.rescueExcluded > 0) flags.push(`COUNTS_EXCLUDED_RESCUE(${run.ev.rescueExcluded})`)
  if (dependent) flags.push('CORTICOSTEROID_DEPENDENT')

  let cumulative = 0
  for (const e of run.episodesR) cumulative += e.endDay - e.startDay
  const lastPos = m > 0 ? (run.ev.evaluable[m - 1] as number) : -1
  const doubled = hasBaseline ? params.doublingFactor * (run.baseline.value as number) : null

  return {
    bestResponse: best,
    bestResponseLabel: params.categoryNames[best],
    baseline: run.baseline.value,
    responseDay: firstR?.startDay ?? null,
    responseDate: firstR?.startDate ?? null,
    TTR: firstR?.startDay ?? null,
    crDay: firstCR?.startDay ?? null,
    crDate: firstCR?.startDate ?? null,
    TTCR: firstCR?.startDay ?? null,
    DoR: firstR ? firstR.endDay - firstR.startDay : null,
    DoREvent: firstR ? firstR.event : null,
    lossDay: firstR?.event ? firstR.endDay : null,
    lossDate: firstR?.event ? firstR.endDate : null,
    DoCR: firstCR ? firstCR.endDay - firstCR.startDay : null,
    DoCREvent: firstCR ? firstCR.event : null,
    crLossDay: firstCR?.event ? firstCR.endDay : null,
    crLossDate: firstCR?.event ? firstCR.endDate : null,
    relapse: firstR ? firstR.event : false,
    cumulativeDaysInResponse: cumulative,
    observedDays: m > 0 ? (run.ev.days[m - 1] as number) : null,
    episodes: { R: epsR, CR: epsCR },
    flags,
    countsExcludedRescue: run.ev.rescueExcluded,
    explanation: {
      baseline: {
        anchor: run.anchor,
        anchorDate: fromEpochDay(run.anchorEpoch),
        windowFrom: fromEpochDay(run.anchorEpoch - params.baselineLookbackDays),
        windowTo: fromEpochDay(run.anchorEpoch),
        rule: run.baseline.rule,
        count: run.baseline.pos >= 0 ? countRef(input, run, run.baseline.pos) : null,
        droppedRescueAffected: run.baseline.dropped.map((p) => countRef(input, run, p)),
      },
      thresholds: {
        rThreshold: params.rThreshold,
        rComparator: params.rComparator,
        doublingFactor: params.doublingFactor,
        doublingComparator: params.doublingComparator,
        doublingValue: doubled,
        crThreshold: params.crThreshold,
        crComparator: params.crComparator,
        rLossThreshold: params.rLossThreshold,
        crLossThreshold: params.crLossThreshold,
        requireNoBleedingForR: params.requireNoBleedingForR,
        requireNoBleedingForCR: params.requireNoBleedingForCR,
        confirmMinGapDays: params.confirmMinGapDays,
        lossMinGapDays: params.lossMinGapDays,
        // §3.9 non-default choices only, so that results under the defaults keep their exact shape
        ...(params.indeterminateBreaksResponseRun ? {} : { indeterminateBreaksResponseRun: false as const }),
        ...(params.indeterminateBreaksLossPair ? { indeterminateBreaksLossPair: true as const } : {}),
      },
      excluded: excludedCounts(input, run),
      evaluableCount: m,
      lastEvaluable: lastPos >= 0 ? countRef(input, run, lastPos) : null,
      corticosteroidDependent: dependent,
      categoryNames: { ...params.categoryNames },
    },
  }
}
