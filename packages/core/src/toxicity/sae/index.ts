// SAE seriousness (ICH E2A), site and sponsor reporting clocks (safety-grading.md §4)
export * from './zoned-date-time.js'
export * from './ich-e2a-seriousness.js'
export * from './expedited-reporting-clocks.js'
