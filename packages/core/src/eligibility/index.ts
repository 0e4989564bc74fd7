/**
 * Eligibility: the expression language, the screening-data schema, per-criterion evaluation, the
 * per-protocol verdict and cross-trial pre-screening.
 */
export * from './expression-schema.js'
export * from './profile-schema.js'
export * from './criterion-schema.js'
export type { EligibilityEvaluation, EligibilityContext } from './tri-state.js'
export * from './lab-units.js'
export * from './evaluate-expression.js'
export * from './evaluate-criterion.js'
export * from './screen-subject.js'
export * from './prescreen.js'
export * from './parse-profile.js'
