/**
 * Small-sample statistics for early-phase trial reporting (domain/statistics.md), each checked against R.
 */

// proportions: exact CI and display
export * from './clopper-pearson.js'
export * from './format-percent.js'
// descriptive summaries
export * from './sample-median-range.js'
export * from './sample-quantile.js'
export * from './time-in-response.js'
// time to event: Kaplan–Meier, median, landmark rates, follow-up
export * from './kaplan-meier.js'
export * from './survival-at.js'
export * from './reverse-kaplan-meier.js'
export * from './survival-confidence-band.js'
export * from './survival-median.js'
export * from './survival-time-fix.js'
// distributions
export * from './normal-quantile.js'
