// CTCAE v5.0 laboratory grading and lab-derived AE proposals (safety-grading.md §3)
export * from './lab-terms.js'
export * from './lab-units.js'
export * from './grade-lab-value.js'
export * from './propose-lab-aes.js'
