// Daily CRS and ICANS grades from captured bedside forms, masking treatments, course summaries and grade rises
// (safety-grading.md §1-2)
export * from './bedside-crs-findings.js'
export * from './bedside-icans-findings.js'
export * from './subject-safety-course.js'
export * from './safety-table-inputs.js'
export * from './lab-test-codes.js'
