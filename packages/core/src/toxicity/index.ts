/**
 * Toxicity: CTCAE v5.0 lab grading, ASTCT 2019 CRS and ICANS, SAE seriousness and reporting clocks,
 * the DLT window and safety tables. Source: ../shared/domain/safety-grading.md.
 */
export * from './grade-outcome.js'
// CTCAE v5.0 laboratory terms (§3)
export * from './ctcae-v5/index.js'
// ASTCT 2019 CRS (§1) and ICANS (§2)
export * from './astct-crs-2019.js'
export * from './astct-crs-course-2019.js'
export * from './astct-ice-2019.js'
export * from './astct-icans-tool-2019.js'
export * from './astct-icans-2019.js'
export * from './astct-icans-course-2019.js'
export type { ToxicityEpisode } from './toxicity-episodes.js'
// SAE (§4), DLT window (§5), tables
export * from './sae/index.js'
export * from './dlt/index.js'
export * from './tables/index.js'
