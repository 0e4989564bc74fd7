/**
 * Kinetics and pharmacodynamics: CAR expansion (Cmax, Tmax, AUC0-28d, Clast, Tlast), persistence and
 * B-cell aplasia.
 * Source: ../shared/domain/regimen-and-dosing.md §7-§8.
 */
export * from './car-kinetics.js'
export * from './b-cell-aplasia.js'
// §7 persistence: detectable (>= LLOQ) at a sampling day
export * from './car-persistence.js'
