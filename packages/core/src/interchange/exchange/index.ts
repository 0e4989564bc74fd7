/**
 * Exchange with other systems: CDISC ODM 1.3.2 Snapshot export, FHIR R4 Bundle export and import, over the
 * subject / laboratory / adverse-event data of a study. Source: interchange/ctgov-fhir-odm.md §2-§3.
 */
export * from './exchange-study.js'
export * from './odm-1-3-2.js'
export * from './fhir-r4.js'
