export * from './roles.js'
