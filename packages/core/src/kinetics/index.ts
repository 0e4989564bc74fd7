/**
 * Kinetics and pharmacodynamics: CAR expansion (Cmax, Tmax, AUC0-28d, Clast, Tlast) and B-cell aplasia.
 * Source: ../shared/domain/regimen-and-dosing.md §7-§8.
 */
export * from './car-kinetics.js'
export * from './b-cell-aplasia.js'
