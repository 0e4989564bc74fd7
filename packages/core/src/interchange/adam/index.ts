/**
 * ADaM-shaped output (interchange/sdtm-adam.md "Output datasets"): ADSL, ADRS (best overall response) and
 * ADTTE (TTR, TTCR, DOR, DOCR) rows and their CSV serialisation.
 */
export * from './adam-csv-writer.js'
export * from './adsl.js'
export * from './adrs.js'
export * from './adtte.js'
export * from './derive-adam-subject.js'
