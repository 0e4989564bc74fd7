/**
 * Tri-state classification of one evaluable count at the R and CR levels.
 *
 * Source: ../shared/domain/response-itp.md §3.7 (Step 5); IWG 2009 Table 2 (Rodeghiero et al., Blood
 * 2009;113:2386): CR = count >= 100 and no bleeding; R = count >= 30 and >= 2 x baseline and no bleeding;
 * loss = below the level threshold (or below 2 x baseline for R) or bleeding.
 *
 * CR level: `crQualify = cmp(v, crThreshold, crComparator) AND NOT (bl AND requireNoBleedingForCR)`,
 * `crFail = v < crLossThreshold OR bl`; status Q, else F, else I.
 * R level, baseline null: `rQualify = false`, `rFail = v < rLossThreshold OR bl`.
 * R level, baseline b: `rQualify = cmp(v, rThreshold, rComparator) AND cmp(v, doublingFactor x b,
 * doublingComparator) AND NOT (bl AND requireNoBleedingForR)`, `rFail = v < rLossThreshold OR
 * v < doublingFactor x b OR bl`; status Q if `rQualify OR crQualify`, else F, else I.
 */
import type { ResponseComparator } from './params.js'
import type { ResponseCountStatus } from './types.js'

/** The subset of parameters the classifier reads. */
export interface ResponseClassifyParams {
  rThreshold: number
  rComparator: ResponseComparator
  doublingFactor: number
  doublingComparator: ResponseComparator
  crThreshold: number
  crComparator: ResponseComparator
  rLossThreshold: number
  crLossThreshold: number
  requireNoBleedingForR: boolean
  requireNoBleedingForCR: boolean
}

/**
 * `v >= t` or `v > t`. Raw values, no rounding (README.md "Rounding").
 * Source: ../shared/domain/response-itp.md §3.7; Rodeghiero et al., Blood 2009;113:2386, Table 2
 */
export function compareAtLeast(v: number, t: number, c: ResponseComparator): boolean {
  return c === '>' ? v > t : v >= t
}

/**
 * CR-level status of a count.
 * Source: ../shared/domain/response-itp.md §3.7; Rodeghiero et al., Blood 2009;113:2386, Table 2
 * @example classifyResponseCr(100, false, DEFAULT_RESPONSE_PARAMS) // 'Q'; with crComparator '>' -> 'I'
 */
export function classifyResponseCr(
  v: number,
  bleeding: boolean,
  p: ResponseClassifyParams,
): ResponseCountStatus {
  if (compareAtLeast(v, p.crThreshold, p.crComparator) && !(bleeding && p.requireNoBleedingForCR)) return 'Q'
  if (v < p.crLossThreshold || bleeding) return 'F'
  return 'I'
}

/**
 * R-level status of a count (a CR-qualifying count is Q at R level too).
 * Source: ../shared/domain/response-itp.md §3.7; Rodeghiero et al., Blood 2009;113:2386, Table 2
 * @param baseline null when missing (doubling not evaluable)
 * @example classifyResponseR(30, false, 15, DEFAULT_RESPONSE_PARAMS) // 'Q' (E3); with rComparator '>' -> 'I'
 */
export function classifyResponseR(
  v: number,
  bleeding: boolean,
  baseline: number | null,
  p: ResponseClassifyParams,
): ResponseCountStatus {
  const crQualify =
    compareAtLeast(v, p.crThreshold, p.crComparator) && !(bleeding && p.requireNoBleedingForCR)
  if (baseline === null) {
    if (crQualify) return 'Q'
    return v < p.rLossThreshold || bleeding ? 'F' : 'I'
  }
  const doubled = p.doublingFactor * baseline
  const rQualify =
    compareAtLeast(v, p.rThreshold, p.rComparator) &&
    compareAtLeast(v, doubled, p.doublingComparator) &&
    !(bleeding && p.requireNoBleedingForR)
  if (rQualify || crQualify) return 'Q'
  return v < p.rLossThreshold || v < doubled || bleeding ? 'F' : 'I'
}
