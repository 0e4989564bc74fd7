/**
 * Results report: a JSON model of baseline characteristics, exposure, efficacy, safety and correlatives per
 * dose level and overall, every number with its subject ids, and an abstract-style narrative (en, zh-CN).
 * Source: domain/statistics.md §1-§3; domain/response-itp.md §3.11; domain/safety-grading.md;
 * domain/regimen-and-dosing.md §7-§8.
 */
export * from './types.js'
export * from './summaries.js'
export * from './immunoglobulins.js'
export * from './ivig-independence.js'
export * from './therapy-classes.js'
export * from './from-sdtm.js'
export * from './narrative.js'
export * from './build-study-report.js'
export * from './table-labels.js'
export * from './tables.js'
export * from './render-html.js'
