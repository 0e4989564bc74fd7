/**
 * Exchange with other systems: CDISC ODM 1.3.2 Snapshot export, FHIR R4 Bundle export and import, over the
 * subject / laboratory / adverse-event data of a study. Source: interchange/ctgov-fhir-odm.md §2-§3.
 */
export * from './exchange-study.js'
export * from './odm-1-3-2.js'
export * from './fhir-r4.js'
export * from './odm-xml.js'
export * from './odm-form-metadata.js'
export * from './odm-capture-export.js'
export * from './odm-capture-import.js'
export * from './odm-structure.js'
export * from './fhir-r4-structure.js'
export * from './fhir-lab-import.js'
