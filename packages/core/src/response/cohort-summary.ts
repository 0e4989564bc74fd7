/**
 * Best-response tally of a cohort: counts per category and the responders (CR or R/PR).
 *
 * Source: ../shared/domain/response-itp.md §3.11 (ORR = count(bestResponse in {CR, R}) / analysis
 * population; `NE` subjects stay in the denominator as non-responders unless the protocol says otherwise,
 * PROTOCOL DECISION). Confidence intervals belong to the statistics area (statistics.md).
 */
import type { ResponseCategory } from './types.js'

/** Counts per best-response category. */
export interface ResponseCohortSummary {
  /** analysis population (every result passed in) */
  n: number
  CR: number
  R: number
  NR: number
  NE: number
  /** CR + R */
  responders: number
  /** responders / n (or / (n - NE) with `notEvaluableInDenominator: false`), null when that denominator is 0 */
  orr: number | null
}

export interface ResponseCohortOptions {
  /**
   * `NE` subjects stay in the ORR denominator as non-responders (PROTOCOL DECISION, default true);
   * false: ORR = responders / (n - NE). `n` and the counts are unchanged either way.
   */
  notEvaluableInDenominator?: boolean
}

/**
 * Tally best responses.
 * Source: ../shared/domain/response-itp.md §3.11 (ORR)
 * @param results one entry per subject of the analysis population (default: all infused)
 * @param options `{ notEvaluableInDenominator = true }`
 * @example summariseResponseCohort([{ bestResponse: 'CR' }, { bestResponse: 'NE' }]) // { n: 2, CR: 1, R: 0, NR: 0, NE: 1, responders: 1, orr: 0.5 }
 */
export function summariseResponseCohort(
  results: readonly { bestResponse: ResponseCategory }[],
  { notEvaluableInDenominator = true }: ResponseCohortOptions = {},
): ResponseCohortSummary {
  const s = { n: results.length, CR: 0, R: 0, NR: 0, NE: 0 }
  for (const r of results) s[r.bestResponse]++
  const responders = s.CR + s.R
  const denominator = notEvaluableInDenominator ? s.n : s.n - s.NE
  return { ...s, responders, orr: denominator === 0 ? null : responders / denominator }
}
