/**
 * Bleeding scales, lupus activity scores and quality-of-life instruments (../shared/domain/bleeding-and-scores.md).
 */
// bleeding: WHO (§1), ITP-BAT / SMOG (§2), Chinese 2020 guideline score (§3, configurable points)
export * from './who-bleeding.js'
export * from './itp-bat-2013.js'
export * from './chinese-itp-2020-bleeding-score.js'
// lupus activity: SLEDAI-2K (§4), PGA (§5), DORIS (§6), LLDAS (§7), steroid equivalence
export * from './sledai-2k.js'
export * from './selena-sledai-pga.js'
export * from './steroid-equivalence.js'
export * from './doris-2021.js'
export * from './lldas-2016.js'
// quality of life: ITP-PAQ structure (§8), RAND-36 scoring and SF-36 hooks (§9)
export * from './itp-paq.js'
export * from './rand-36.js'
export * from './sf-36.js'
