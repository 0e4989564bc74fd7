/**
 * Render a response result as English sentences a clinician can check against the source data:
 * the baseline and why, the thresholds, the counts that made each response (dates, values, threshold,
 * comparator), the pair that confirmed each loss, the counts dropped and why, and the flags.
 *
 * Source: ../shared/domain/response-itp.md §3.5-§3.11 (what each step decides); IWG 2009
 * (Rodeghiero et al., Blood 2009;113:2386) for the category definitions.
 */
import { compareAtLeast } from './classify.js'
import type {
  ResponseThresholds,
  ResponseClassifiedCountRef,
  ResponseCountRef,
  ResponseExcludedCount,
  ResponseEpisode,
  ResponseResult,
} from './types.js'

const UNIT = '×10⁹/L'

function at(c: ResponseCountRef): string {
  return `${c.date}${c.time ? ` ${c.time}` : ''} (Day ${c.day}, ${c.value} ${UNIT})`
}

function fmtDay(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`
}

/** Why a classified count has its status, e.g. `25 < 30` or `bleeding on that date`. */
function statusReason(c: ResponseClassifiedCountRef, level: 'R' | 'CR', t: ResponseThresholds): string {
  const parts: string[] = []
  if (level === 'CR') {
    if (c.status === 'Q')
      return `${c.value} ${t.crComparator} ${t.crThreshold}${c.bleeding ? '' : ', no bleeding'}`
    if (c.value < t.crLossThreshold) parts.push(`${c.value} < ${t.crLossThreshold}`)
  } else {
    if (c.status === 'Q') {
      const rOk =
        t.doublingValue !== null &&
        compareAtLeast(c.value, t.rThreshold, t.rComparator) &&
        compareAtLeast(c.value, t.doublingValue, t.doublingComparator) &&
        !(c.bleeding && t.requireNoBleedingForR)
      if (!rOk) return `CR-level count ${c.value} ${t.crComparator} ${t.crThreshold}`
      return (
        `${c.value} ${t.rComparator} ${t.rThreshold} and ${c.value} ${t.doublingComparator} ${t.doublingValue} ` +
        `(${t.doublingFactor} × baseline)${c.bleeding ? '' : ', no bleeding'}`
      )
    }
    if (c.value < t.rLossThreshold) parts.push(`${c.value} < ${t.rLossThreshold}`)
    if (t.doublingValue !== null && c.value < t.doublingValue) {
      parts.push(`${c.value} < ${t.doublingValue} (${t.doublingFactor} × baseline)`)
    }
  }
  if (c.bleeding) parts.push('bleeding at or above the grade threshold')
  if (c.status === 'I')
    return `indeterminate: neither qualifies (${level === 'CR' ? t.crComparator : t.rComparator}) nor fails (<)`
  return parts.join(' and ')
}

function episodeSentences(e: ResponseEpisode, word: string, t: ResponseThresholds): string[] {
  const gap = e.confirmedBy.day - e.start.day
  const out = [
    `${word}: response on ${at(e.start)} [${statusReason(e.start, e.level, t)}], confirmed by ${at(e.confirmedBy)} ` +
      `${fmtDay(gap)} later (>= ${t.confirmMinGapDays}) with no ${
        t.indeterminateBreaksResponseRun === false
          ? 'failing evaluable count between them (indeterminate counts do not break a run)'
          : 'non-qualifying evaluable count between them'
      }.`,
  ]
  if (e.lossPair) {
    const [f1, f2] = e.lossPair
    out.push(
      `Loss of ${word} confirmed by ${at(f1)} [${statusReason(f1, e.level, t)}] and ${at(f2)} ` +
        `[${statusReason(f2, e.level, t)}], ${fmtDay(f2.day - f1.day)} apart (>= ${t.lossMinGapDays}) with no ` +
        `${t.indeterminateBreaksLossPair === true ? 'qualifying or indeterminate' : 'qualifying'} count ` +
        `between them: duration ${fmtDay(e.endDay - e.startDay)} (event, loss on Day ${e.endDay}).`,
    )
  } else {
    out.push(
      `No confirmed loss of ${word}: duration ${fmtDay(e.endDay - e.startDay)}, censored at the last evaluable count (Day ${e.endDay}).`,
    )
  }
  return out
}

function excludedSentence(x: ResponseExcludedCount): string {
  switch (x.reason) {
    case 'AFTER_DATA_CUTOFF':
      return `Ignored ${at(x)}: after the data cut-off.`
    case 'SAME_DATE_NOT_LOWEST':
      return `Ignored ${at(x)}: another sample of that date has no time, so only the lowest value of the date is used.`
    case 'BEFORE_EVAL_START':
      return `Not evaluable ${at(x)}: before the evaluation window starts.`
    case 'AFTER_EVAL_END':
      return `Not evaluable ${at(x)}: after the evaluation window ends.`
    case 'RESCUE_WINDOW':
      return `Not evaluable ${at(x)}: inside the rescue window ${x.detail ?? ''}.`
    case 'NEW_ITP_THERAPY':
      return `Not evaluable ${at(x)}: on or after the start of a new ITP therapy (not attributable to the infusion).`
  }
}

/**
 * English sentences explaining a result, in the order a reviewer checks them.
 * Source: response-itp.md §3.5-§3.11.
 * @example renderResponseExplanation(evaluateResponse(e1))[0]
 *   // 'Baseline 10 ×10⁹/L: 2024-05-27 (Day -5, 10 ×10⁹/L), the latest count from 2024-04-27 to 2024-05-27 (LD start).'
 */
export function renderResponseExplanation(r: ResponseResult): string[] {
  const x = r.explanation
  const t = x.thresholds
  const names = x.categoryNames
  const b = x.baseline
  const anchor = b.anchor === 'LD_START' ? 'LD start' : 'infusion'
  const out: string[] = []
  if (b.count === null) {
    out.push(
      `No baseline: no count from ${b.windowFrom} to ${b.windowTo} (${anchor}); the doubling test is not evaluable, ` +
        `so only CR-level counts can qualify.`,
    )
  } else {
    const how =
      b.rule === 'RESCUE_AFFECTED_FALLBACK'
        ? 'every candidate lay in a rescue window, so the latest candidate was used anyway'
        : `the latest count from ${b.windowFrom} to ${b.windowTo} (${anchor})`
    out.push(`Baseline ${r.baseline} ${UNIT}: ${at(b.count)}, ${how}.`)
  }
  for (const d of b.droppedRescueAffected)
    out.push(`Baseline candidate ${at(d)} dropped: inside a rescue window.`)
  const noBleedR = t.requireNoBleedingForR ? ' without bleeding' : ''
  const noBleedCR = t.requireNoBleedingForCR ? ' without bleeding' : ''
  const dbl =
    t.doublingValue === null ? `${t.doublingFactor} × baseline (not evaluable)` : `${t.doublingValue}`
  out.push(
    `${names.R} requires a count ${t.rComparator} ${t.rThreshold} and ${t.doublingComparator} ${dbl}${noBleedR}; ` +
      `${names.CR} requires a count ${t.crComparator} ${t.crThreshold}${noBleedCR}; confirmation needs two qualifying counts ` +
      `>= ${t.confirmMinGapDays} days apart; loss needs two failing counts >= ${t.lossMinGapDays} day(s) apart ` +
      `(fails ${names.R} below ${t.rLossThreshold} or below ${t.doublingFactor} × baseline, ${names.CR} below ${t.crLossThreshold}, or bleeding).`,
  )
  for (const e of x.excluded) out.push(excludedSentence(e))
  out.push(
    x.lastEvaluable === null
      ? 'No evaluable count.'
      : `${x.evaluableCount} evaluable count(s); the last is ${at(x.lastEvaluable)}.`,
  )
  for (const e of r.episodes.CR) out.push(...episodeSentences(e, names.CR, t))
  for (const e of r.episodes.R) out.push(...episodeSentences(e, names.R, t))
  if (r.episodes.R.length > 1) {
    out.push(
      `Time in ${names.R}: ${fmtDay(r.cumulativeDaysInResponse)} of ${fmtDay(r.observedDays ?? 0)} observed.`,
    )
  }
  if (x.corticosteroidDependent)
    out.push('Corticosteroid dependence: the response is classed as no response (IWG).')
  const why =
    r.bestResponse === 'NE'
      ? x.evaluableCount === 0
        ? 'no evaluable count'
        : 'no confirmed CR-level response and no baseline to assess the doubling'
      : r.bestResponse === 'NR' && !x.corticosteroidDependent
        ? 'no confirmed response at either level'
        : null
  out.push(`Best response: ${r.bestResponseLabel}${why ? ` (${why})` : ''}.`)
  if (r.flags.length > 0) out.push(`Flags: ${r.flags.join(', ')}.`)
  return out
}
