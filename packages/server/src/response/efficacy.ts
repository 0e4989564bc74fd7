import {
  clopperPearson,
  formatPercent,
  formatPercentWithCi,
  kaplanMeier,
  sampleMedianRange,
  summariseResponseCohort,
  type KaplanMeierMedian,
  type ResponseCategory,
  type ResponseResult,
} from '@celltrial/core'

/** A proportion with its exact 95 % CI (statistics.md §2). */
export interface EfficacyProportion {
  x: number
  n: number
  estimate: number | null
  lower: number | null
  upper: number | null
  /** "75.0 % (19.4–99.4)"; null when n = 0 */
  display: string | null
}

/** One row of the best-overall-response table. */
export interface BorRow {
  category: ResponseCategory
  /** the protocol's word for the category */
  label: string
  n: number
  /** "75.0 %"; null when n = 0 */
  percent: string | null
}

export interface EfficacySummary {
  /** analysis population: infused subjects (response-itp.md §3.11 default, PROTOCOL DECISION) */
  n: number
  bor: BorRow[]
  orr: EfficacyProportion
  crRate: EfficacyProportion
  /** median (range) of TTR over responders, days (statistics.md §1); null without responders */
  ttr: { n: number; median: number; min: number; max: number } | null
  /** Kaplan–Meier median DoR with its CI (statistics.md §3); null = not reached; null object without responders */
  dor: { n: number; events: number; median: KaplanMeierMedian; confType: string; level: number; method: string } | null
}

function proportion(x: number, n: number): EfficacyProportion {
  if (n === 0) return { x, n, estimate: null, lower: null, upper: null, display: null }
  const ci = clopperPearson(x, n)
  return { x, n, estimate: x / n, lower: ci.lower, upper: ci.upper, display: formatPercentWithCi(x, n, ci) }
}

/**
 * Efficacy summary of a cohort: BOR table (n, %), ORR and CR rate with exact Clopper–Pearson 95 % CIs,
 * median (range) TTR over responders, and the Kaplan–Meier median DoR with its Brookmeyer–Crowley CI
 * (log-log transform, the platform default). NE subjects stay in the denominator.
 * Source: ../shared/domain/response-itp.md §3.11 (ORR, TTR, DoR); statistics.md §1, §2, §3.
 * @param results one entry per subject of the analysis population
 * @param categoryNames the protocol's words for the categories
 */
export function efficacySummary(
  results: readonly Pick<ResponseResult, 'bestResponse' | 'TTR' | 'DoR' | 'DoREvent'>[],
  categoryNames: Record<ResponseCategory, string>,
): EfficacySummary {
  const tally = summariseResponseCohort(results)
  const order: ResponseCategory[] = ['CR', 'R', 'NR', 'NE']
  const bor = order.map((category) => ({
    category,
    label: categoryNames[category],
    n: tally[category],
    percent: tally.n === 0 ? null : formatPercent(tally[category], tally.n),
  }))
  const responders = results.filter((r) => r.bestResponse === 'CR' || r.bestResponse === 'R')
  const ttrs = responders.map((r) => r.TTR).filter((t): t is number => t !== null)
  const withDor = responders.filter((r) => r.DoR !== null && r.DoREvent !== null)
  let dor: EfficacySummary['dor'] = null
  if (withDor.length > 0) {
    const fit = kaplanMeier(
      withDor.map((r) => r.DoR as number),
      withDor.map((r) => (r.DoREvent ? 1 : 0)),
    )
    dor = { n: fit.n, events: fit.events, median: fit.median, confType: fit.confType, level: fit.level, method: fit.method }
  }
  const ttrSummary = ttrs.length > 0 ? sampleMedianRange(ttrs) : null
  return {
    n: tally.n,
    bor,
    orr: proportion(tally.responders, tally.n),
    crRate: proportion(tally.CR, tally.n),
    ttr: ttrSummary && { n: ttrSummary.n, median: ttrSummary.median, min: ttrSummary.min, max: ttrSummary.max },
    dor,
  }
}
