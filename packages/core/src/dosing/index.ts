/**
 * Dosing: body surface area, renal function, lymphodepletion doses, cell doses and infusion volume.
 * Source: ../shared/domain/regimen-and-dosing.md §1-§4. Every result carries its formula and an explanation.
 */

// branded units and rounding
export * from './units.js'
export * from './round-half-up.js'
export type { InclusiveRange } from './dosing-issue.js'
// §1 body surface area (Mosteller 1987 default, DuBois 1916)
export * from './body-surface-area.js'
export * from './select-dosing-weight.js'
// §2 renal function (Cockcroft-Gault 1976, bedside Schwartz 2009) and renal dose adjustment
export * from './serum-creatinine.js'
export * from './cockcroft-gault.js'
export * from './bedside-schwartz.js'
export * from './renal-function.js'
export * from './renal-dose-adjustment.js'
// §3 doses: LD per m2 per day, cells per kg or flat, delivered range, infusion volume
export * from './lymphodepletion-doses.js'
export * from './cell-dose.js'
export * from './delivered-cell-dose.js'
export * from './infusion-volume.js'
// §1 dose rounding: administered dose within +-5 % (vial size) of the prescribed dose
export * from './administered-dose.js'
