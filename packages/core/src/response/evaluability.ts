/**
 * Which counts are evaluable for response assessment.
 *
 * Source: ../shared/domain/response-itp.md §3.4 (Step 2). A count is excluded if any of:
 * 1. `protocolDay < evalStartDay` ("at least 2 weeks after infusion", NCT06352281);
 * 2. `evalEndDay` is set and `protocolDay > evalEndDay`;
 * 3. it lies in a rescue window (see rescue-windows.ts);
 * 4. `newItpTherapyStartDate` is set and `countDate >= newItpTherapyStartDate`
 *    (IWG 2009 attribution rule: late responses not attributable to the treatment are not CR/R).
 * Same-date samples dropped by the lowest-value rule (§3.4 preamble) are excluded first.
 * The reason recorded is the first that applies, in the order above.
 */
import type { PreparedCounts } from './prepare-counts.js'
import type { RescueWindow } from './rescue-windows.js'
import { rescueWindowAt } from './rescue-windows.js'
import type { ResponseExclusionReason } from './types.js'

/** Evaluable positions (in time order) and the excluded ones with reasons. Internal. */
export interface Evaluability {
  /** positions into the prepared arrays */
  evaluable: number[]
  /** protocol day of each evaluable count */
  days: number[]
  excludedPos: number[]
  excludedReason: ResponseExclusionReason[]
  /** rescue window index for RESCUE_WINDOW exclusions, else -1 */
  excludedRescue: number[]
  /** n of `COUNTS_EXCLUDED_RESCUE(n)` */
  rescueExcluded: number
}

/** Options of {@link splitEvaluable}. */
export interface EvaluabilityOptions {
  infusionEpoch: number
  evalStartDay: number
  evalEndDay: number | null
  rescues: readonly RescueWindow[]
  /** epoch day of the new ITP therapy start, `Infinity` when none */
  newTherapyEpoch: number
}

/**
 * Split prepared samples into evaluable and excluded (§3.4).
 * Source: ../shared/domain/response-itp.md §3.4
 * @example E9: IVIG Days 10-11 (window 14) -> counts on Days 14 and 21 excluded (RESCUE_WINDOW), 28 and 35 evaluable
 */
export function splitEvaluable(p: PreparedCounts, o: EvaluabilityOptions): Evaluability {
  const out: Evaluability = {
    evaluable: [],
    days: [],
    excludedPos: [],
    excludedReason: [],
    excludedRescue: [],
    rescueExcluded: 0,
  }
  const endDay = o.evalEndDay ?? Infinity
  for (let i = 0; i < p.n; i++) {
    const e = p.epoch[i] as number
    const day = e - o.infusionEpoch
    let reason: ResponseExclusionReason | null = null
    let rescue = -1
    if (!p.kept[i]) reason = 'SAME_DATE_NOT_LOWEST'
    else if (day < o.evalStartDay) reason = 'BEFORE_EVAL_START'
    else if (day > endDay) reason = 'AFTER_EVAL_END'
    else if ((rescue = rescueWindowAt(o.rescues, e, p.time[i] as number)) >= 0) reason = 'RESCUE_WINDOW'
    else if (e >= o.newTherapyEpoch) reason = 'NEW_ITP_THERAPY'
    if (reason === null) {
      out.evaluable.push(i)
      out.days.push(day)
    } else {
      out.excludedPos.push(i)
      out.excludedReason.push(reason)
      out.excludedRescue.push(rescue)
      if (reason === 'RESCUE_WINDOW') out.rescueExcluded++
    }
  }
  return out
}
