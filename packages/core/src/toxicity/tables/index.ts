// safety tables: AE incidence by SOC/term and worst grade; CRS/ICANS incidence, onset and duration
export * from './ae-incidence-table.js'
export * from './crs-icans-incidence.js'
export type { SafetyMedianRange } from './descriptive.js'
