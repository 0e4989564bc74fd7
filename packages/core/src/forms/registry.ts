/**
 * The eCRF form registry: every form type with its zod schema, edit checks, derived values and the fields
 * checks read. `formSchema`, `deriveFormValues` and `runEditChecks` are the only entry points the server and
 * the web use, so the browser and the server run exactly the same rules.
 */
import type { z } from 'zod'
import { lupusSettingsOf } from '../protocol/lupus.js'
import type { ItpPaqScoringConfig, Sf36ScoringConfig } from '../scores/index.js'
import { ADVERSE_EVENT_CHECKS, AdverseEventFormSchema, adverseEventCheckView, deriveAdverseEvent } from './adverse-event.js'
import { BLEEDING_EVENT_CHECKS, BleedingEventFormSchema, deriveBleedingEvent } from './bleeding-event.js'
import { CORRELATIVE_CHECKS, CorrelativeFormSchema, deriveCorrelative } from './correlative.js'
import { runChecks, type EditCheck, type EditCheckContext, type FormIssue } from './edit-check.js'
import { deriveLupusStatus, LUPUS_STATUS_CHECKS, LupusStatusFormSchema, lupusStatusCheckView, type LupusStatusOptions } from './lupus-status.js'
import { deriveMedication, MEDICATION_CHECKS, MedicationFormSchema, medicationCheckView } from './medication.js'
import { deriveNeuro, NEURO_CHECKS, NeuroFormSchema } from './neuro.js'
import { deriveOxygen, OXYGEN_CHECKS, OxygenFormSchema } from './oxygen.js'
import { deriveQuestionnaire, QUESTIONNAIRE_CHECKS, QuestionnaireFormSchema, questionnaireCheckView } from './questionnaire.js'
import { deriveSledai, SLEDAI_CHECKS, SledaiFormSchema, sledaiCheckView } from './sledai.js'
import { deriveVasopressor, VASOPRESSOR_CHECKS, VasopressorFormSchema } from './vasopressor.js'
import { deriveVitalSigns, VITAL_SIGNS_CHECKS, VitalSignsFormSchema } from './vital-signs.js'

export const FORM_TYPES = [
  'vital_signs',
  'oxygen',
  'vasopressor',
  'neuro',
  'bleeding_event',
  'adverse_event',
  'medication',
  'correlative',
  'questionnaire',
  'sledai',
  'lupus_status',
] as const
export type FormType = (typeof FORM_TYPES)[number]

export function isFormType(x: unknown): x is FormType {
  return typeof x === 'string' && (FORM_TYPES as readonly string[]).includes(x)
}

/**
 * What a derivation may need beyond the form's data: the sponsor's licensed questionnaire scoring, and the settings
 * of the subject's protocol version. Forms that need none ignore them; absent settings take the doc defaults.
 */
export interface DeriveOptions {
  /** licensed ITP-PAQ scoring (bleeding-and-scores.md §8); questionnaire scales stay null without it */
  itpPaqScoring?: ItpPaqScoringConfig
  /** licensed SF-36 scoring (bleeding-and-scores.md §9); questionnaire scales stay null without it */
  sf36Scoring?: Sf36ScoringConfig
  /** the protocol's DORIS / LLDAS PROTOCOL DECISIONs (its `lupus` block: bleeding-and-scores.md §6, §7) */
  lupus?: LupusStatusOptions
}

interface FormDefinition<S extends z.ZodType> {
  schema: S
  checks: readonly EditCheck[]
  /** the date field that places the record on the calendar (observed_on) */
  dateField: string
  derive: (data: z.infer<S>, options: DeriveOptions) => unknown
  /** the derivation reads settings of the subject's protocol (`DeriveOptions` from `deriveOptionsFromProtocol`) */
  usesProtocolSettings?: true
  /** derived values for the checks; it gets the data as entered, which may not match the schema (wrong types) */
  checkView?: (data: z.infer<S>) => unknown
}

const def = <S extends z.ZodType>(d: FormDefinition<S>): FormDefinition<S> => d

const FORMS = {
  vital_signs: def({ schema: VitalSignsFormSchema, checks: VITAL_SIGNS_CHECKS, dateField: 'measuredAt', derive: deriveVitalSigns }),
  oxygen: def({ schema: OxygenFormSchema, checks: OXYGEN_CHECKS, dateField: 'measuredAt', derive: deriveOxygen }),
  vasopressor: def({ schema: VasopressorFormSchema, checks: VASOPRESSOR_CHECKS, dateField: 'start', derive: deriveVasopressor }),
  neuro: def({ schema: NeuroFormSchema, checks: NEURO_CHECKS, dateField: 'assessedAt', derive: deriveNeuro }),
  bleeding_event: def({ schema: BleedingEventFormSchema, checks: BLEEDING_EVENT_CHECKS, dateField: 'start', derive: deriveBleedingEvent }),
  adverse_event: def({ schema: AdverseEventFormSchema, checks: ADVERSE_EVENT_CHECKS, dateField: 'start', derive: deriveAdverseEvent, checkView: adverseEventCheckView }),
  medication: def({ schema: MedicationFormSchema, checks: MEDICATION_CHECKS, dateField: 'start', derive: deriveMedication, checkView: medicationCheckView }),
  correlative: def({ schema: CorrelativeFormSchema, checks: CORRELATIVE_CHECKS, dateField: 'collectedOn', derive: deriveCorrelative }),
  questionnaire: def({ schema: QuestionnaireFormSchema, checks: QUESTIONNAIRE_CHECKS, dateField: 'completedOn', derive: (q, o) => deriveQuestionnaire(q, o), checkView: questionnaireCheckView }),
  sledai: def({ schema: SledaiFormSchema, checks: SLEDAI_CHECKS, dateField: 'assessedOn', derive: deriveSledai, checkView: sledaiCheckView }),
  lupus_status: def({ schema: LupusStatusFormSchema, checks: LUPUS_STATUS_CHECKS, dateField: 'assessedOn', derive: (l, o) => deriveLupusStatus(l, o.lupus), checkView: lupusStatusCheckView, usesProtocolSettings: true }),
} satisfies Record<FormType, FormDefinition<z.ZodType>>

/** The zod schema of a form type. */
export function formSchema(type: FormType): z.ZodType {
  return FORMS[type].schema
}

/** The edit checks of a form type (data, for display and documentation). */
export function editChecksFor(type: FormType): readonly EditCheck[] {
  return FORMS[type].checks
}

/** The field of a form that dates the observation (`observed_on` = its calendar date). */
export function formDateField(type: FormType): string {
  return FORMS[type].dateField
}

/** Whether a form type's derived values depend on protocol settings (the caller then loads the subject's protocol). */
export function formUsesProtocolSettings(type: FormType): boolean {
  return (FORMS[type] as FormDefinition<z.ZodType>).usesProtocolSettings === true
}

/**
 * The derivation settings a protocol carries (its `lupus` block), from protocol JSON that may not parse whole (a
 * study's stored protocol); absent blocks take the doc defaults.
 * @returns `null` when a block is present but invalid
 * @example deriveOptionsFromProtocol({ lupus: { doris: { prednisoloneComparator: '<' } } })?.lupus?.doris?.prednisoloneComparator // '<'
 */
export function deriveOptionsFromProtocol(protocol: unknown): Pick<DeriveOptions, 'lupus'> | null {
  const lupus = lupusSettingsOf(protocol)
  return lupus === null ? null : { lupus: { doris: lupus.doris, lldas: lupus.lldas } }
}

/**
 * Derived values (ICE total, ICANS grade, SLEDAI total, ITP-BAT label, BSA, ...) from valid form data.
 * @returns `null` when the data do not parse (nothing is derived from invalid data)
 */
export function deriveFormValues(type: FormType, data: unknown, options: DeriveOptions = {}): Record<string, unknown> | null {
  const d = FORMS[type] as FormDefinition<z.ZodType>
  const parsed = d.schema.safeParse(data)
  if (!parsed.success) return null
  return d.derive(parsed.data, options) as Record<string, unknown>
}

/**
 * Every issue in a form: schema problems (errors) then every edit check (errors and warnings), each with the
 * field's path. Runs on incomplete data too, so the web can show issues while the user types.
 * @example runEditChecks('vital_signs', { measuredAt: '2025-03-01T08:00', temperatureC: 46, ... }, {})
 *   // [{ checkId: 'vs.temp.plausible', severity: 'error', path: ['temperatureC'], ... }, ...]
 */
export function runEditChecks(type: FormType, data: unknown, context: EditCheckContext = {}): FormIssue[] {
  const d = FORMS[type] as FormDefinition<z.ZodType>
  const parsed = d.schema.safeParse(data)
  const schemaIssues: FormIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        code: `schema.${i.code}`,
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
        severity: 'error',
        checkId: `schema.${i.path.map(String).join('.') || 'root'}`,
      }))
  const view = d.checkView && data && typeof data === 'object' ? d.checkView(data) : data
  return [...schemaIssues, ...runChecks(d.checks, view, context)]
}

/** Errors block a save; warnings need an override reason per check id. */
export function splitIssues(issues: readonly FormIssue[]): { errors: FormIssue[]; warnings: FormIssue[] } {
  return { errors: issues.filter((i) => i.severity === 'error'), warnings: issues.filter((i) => i.severity === 'warning') }
}
