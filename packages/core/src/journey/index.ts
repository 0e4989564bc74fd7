/**
 * Subject journey: lifecycle state machine, chain of identity and custody, ISBT 128 DIN check characters,
 * visit calendar with windows, compliance and iCalendar export.
 * Source: ../shared/domain/regimen-and-dosing.md §5-§6.
 */

// §5 lifecycle: consent -> ... -> completed; withdrawn / lost / died with a reason
export * from './subject-lifecycle.js'
// §5.1 chain of identity (bedside verification) and chain of custody (gap-free hand-offs)
export * from './instant.js'
export * from './chain-of-identity.js'
export * from './chain-of-custody.js'
// §5.2 ISBT 128 DIN structure and ISO/IEC 7064 MOD 37-2
export * from './iso7064-mod37-2.js'
export * from './isbt128-din.js'
// §6 visit schedule: template, calendar from Day 0, compliance, observation assignment, iCalendar
export * from './visit-calendar.js'
export * from './visit-compliance.js'
export * from './assign-observations.js'
export * from './visits-icalendar.js'
// §5 vein-to-vein time (leukapheresis to infusion) and its median (range)
export * from './vein-to-vein.js'
