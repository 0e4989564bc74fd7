/**
 * ITP response engine (IWG 2009, parameterised per protocol).
 * Source: ../shared/domain/response-itp.md §3 (normative algorithm) and §4 (worked examples);
 * Rodeghiero F et al., Blood 2009;113(11):2386-2393.
 */
// parameters (§3.2): schema, defaults, partial overrides
export * from './params.js'
// input and output types (§3.1, §3.11)
export type * from './types.js'
// input validation at the boundary
export { ResponseInputSchema, parseResponseInput } from './input-schema.js'
// the engine (§3.3-§3.11)
export { evaluateResponse } from './evaluate.js'
// building blocks, reusable on their own
export { classifyResponseR, classifyResponseCr } from './classify.js'
export type { ResponseClassifyParams } from './classify.js'
export { findConfirmedResponse } from './confirm.js'
export type { ResponseConfirmedPair } from './confirm.js'
export { findConfirmedResponseLoss } from './loss.js'
export type { ResponseLossPair } from './loss.js'
export { findResponseEpisodes } from './episodes.js'
export type { ResponseEpisodeSpan } from './episodes.js'
// explanation and review
export { renderResponseExplanation } from './explain.js'
export { responseCountTable } from './count-table.js'
export type { ResponseCountRow } from './count-table.js'
export { summariseResponseCohort } from './cohort-summary.js'
export type { ResponseCohortOptions, ResponseCohortSummary } from './cohort-summary.js'
