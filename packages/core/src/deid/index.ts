export * from './deidentify-table.js'
