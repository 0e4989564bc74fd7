/**
 * eCRF forms: one zod schema per form type, edit checks as data, derived values computed with core's engines.
 * The server runs `runEditChecks` again before every save; the web runs it while the user types.
 */
export * from './edit-check.js'
export { FormDateSchema, FormDateTimeSchema } from './common.js'
export * from './vital-signs.js'
export * from './oxygen.js'
export * from './vasopressor.js'
export * from './neuro.js'
export * from './bleeding-event.js'
export * from './adverse-event.js'
export * from './medication.js'
export * from './correlative.js'
export * from './questionnaire.js'
export * from './sledai.js'
export * from './lupus-status.js'
export * from './registry.js'
// shorter names used by the safety feature; `MedicationSchema` is taken by eligibility, use `MedicationFormSchema`
export { VitalSignsFormSchema as VitalSignsSchema } from './vital-signs.js'
export { OxygenFormSchema as OxygenSchema } from './oxygen.js'
export { VasopressorFormSchema as VasopressorSchema } from './vasopressor.js'
export { NeuroFormSchema as NeuroSchema } from './neuro.js'
export { AdverseEventFormSchema as AdverseEventSchema } from './adverse-event.js'
