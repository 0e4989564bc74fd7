export * from './iso-date.js'
export * from './study-day.js'
