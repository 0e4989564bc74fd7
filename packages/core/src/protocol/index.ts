/**
 * Protocols as data: zod schemas, parsing with every issue, JSON Schema for authors, version diffs,
 * amendment checks, and the ClinicalTrials.gov API v2 draft import.
 */
export * from './source-note.js'
export * from './identification.js'
export * from './arms.js'
export * from './lymphodepletion.js'
export * from './escalation.js'
export * from './visits.js'
export * from './endpoints.js'
export * from './version.js'
export * from './protocol-schema.js'
export * from './parse-protocol.js'
export * from './json-schema.js'
export * from './diff-versions.js'
export * from './describe-endpoints.js'
export * from './check-amendment.js'
export * from './describe-changes.js'
export * from './visit-template.js'
export * from './ctgov-study-schema.js'
export * from './ctgov-eligibility-text.js'
export * from './ctgov-time-frame.js'
export * from './ctgov-import.js'
