/**
 * SDTM-shaped CSV input (interchange/sdtm-adam.md "Input domains"): a streaming RFC 4180 reader, one parser
 * per domain with every row problem reported as `file:line: VARIABLE: what is wrong`, and the adapter to
 * the response engine's input.
 */
// CSV
export * from './sdtm-csv-reader.js'
// reading a domain file; issues and values
export * from './sdtm-domain-reader.js'
export * from './sdtm-issue.js'
export * from './sdtm-values.js'
export * from './platelet-unit.js'
export * from './sdtm-byte-values.js'
// domains
export * from './dm.js'
export * from './ex.js'
export * from './lb.js'
export * from './lb-byte-reader.js'
export * from './lb-value-columns.js'
export * from './cm.js'
export * from './ce.js'
export * from './ae.js'
export * from './vs.js'
// SDTM → response engine input
export * from './response-input-collector.js'
