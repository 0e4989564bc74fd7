// DLT window and per-dose-level DLT counts (safety-grading.md §5)
export * from './dlt-window.js'
