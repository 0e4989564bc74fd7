/**
 * Dose escalation: 3+3 and BOIN (dose-escalation.md). Engines are pure and seeded; the CLI and the
 * web panel are thin faces over them.
 */

// Helpers kept to their own paths (not re-exported, to keep generic names such as betaCdf out of the
// package namespace): stats/beta-cdf.ts, stats/log-gamma.ts, stats/isotonic.ts (PAVA),
// random/xoshiro128.ts (seeded streams), binomial-pmf.ts.

// BOIN (Liu & Yuan 2015): design, boundaries, conduct rule, MTD selection
export * from './boin-design.js'
export * from './boin-posterior.js'
export * from './boin-boundaries.js'
export * from './boin-step.js'
export * from './boin-decision.js'
export * from './boin-select-mtd.js'

// 3+3 (Storer 1989)
export * from './three-plus-three.js'

// operating characteristics: Monte Carlo and exact enumeration
export * from './operating-characteristics.js'
export * from './boin-simulate.js'
export * from './boin-exact.js'
export * from './three-plus-three-simulate.js'
export * from './three-plus-three-exact.js'
