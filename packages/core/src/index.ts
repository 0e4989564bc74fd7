/**
 * @celltrial/core: the clinical rules of CellTrial as pure functions.
 *
 * No I/O, no clock, no randomness: time and random sources are arguments.
 * Each area below has its own folder, its own index and tests beside the code.
 */

// results and issues shared by every engine
export * from './result.js'
// calendar dates and study days (Day 0 = infusion; SDTM --DY has no day 0)
export * from './dates/index.js'
// access policy: roles and sites
export * from './access/index.js'
// ITP response engine: per-protocol R/PR/CR, time to and duration of response, relapse
export * from './response/index.js'
// protocols as data: zod schemas, parsing, versions, ClinicalTrials.gov import
export * from './protocol/index.js'
// eligibility: criteria as JSON expressions, screening verdicts, cross-trial pre-screening
export * from './eligibility/index.js'
// dosing: BSA, renal function, lymphodepletion and cell doses, infusion volume
export * from './dosing/index.js'
// subject journey: lifecycle state machine, chain of identity and custody, ISBT 128, visit calendar
export * from './journey/index.js'
// CAR cellular kinetics and B-cell aplasia
export * from './kinetics/index.js'
// safety: CTCAE v5.0 lab grading, ASTCT 2019 CRS and ICANS, SAE clocks, DLT window, safety tables
export * from './toxicity/index.js'
// clinical scores: bleeding (WHO, ITP-BAT, Chinese 2020), SLEDAI-2K, PGA, DORIS, LLDAS, ITP-PAQ, RAND-36
export * from './scores/index.js'
// dose escalation: 3+3 and BOIN (Liu & Yuan 2015), MTD selection, operating characteristics
export * from './dose-escalation/index.js'
// statistics: Clopper-Pearson, Kaplan-Meier (Greenwood; log-log/log/plain CIs), medians, percentages
export * from './stats/index.js'
// eCRF forms: zod schemas per form type, edit checks as data, derived values
export * from './forms/index.js'
// data exchange: SDTM-shaped CSV in, ADaM-shaped CSV out
export * from './interchange/sdtm/index.js'
export * from './interchange/adam/index.js'
// CDISC ODM 1.3.2 export, FHIR R4 export and import
export * from './interchange/exchange/index.js'
// results report: JSON model with subject ids, abstract narrative (en, zh-CN); figures as SVG strings
export * from './report/index.js'
export * from './figures/index.js'
// daily CRS/ICANS grades from captured bedside forms, grade-rise alerts, safety-table inputs
export * from './safety-course/index.js'
// de-identification of exported tables (date shift, age cap, free text, pseudonyms)
export * from './deid/index.js'
