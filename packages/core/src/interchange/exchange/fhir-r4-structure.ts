/**
 * Runtime structural check of the FHIR R4 (4.0.1) resources CellTrial reads and writes: required elements
 * (min 1), cardinality (0..1 elements are not arrays, 0..* elements are arrays), primitive types of the elements
 * used, and the required-binding code lists (status, gender, actuality, Bundle.type, AdverseEvent severity).
 * The compile-time shape comes from `@types/fhir` (`fhir4`, type-only imports in fhir-r4.ts); this check guards
 * the same rules at run time for input from other systems and for tests of the export.
 * Source: interchange/ctgov-fhir-odm.md §2 (resource table, cardinalities and code lists, from the R4 4.0.1
 * StructureDefinitions in profiles-resources.json).
 */
import type { Issue } from '../../result.js'

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'reference'
interface ElementRule {
  min: 0 | 1
  many: boolean
  kind: Kind
  codes?: readonly string[]
}

const RESEARCH_STUDY_STATUS = ['active', 'administratively-completed', 'approved', 'closed-to-accrual', 'closed-to-accrual-and-intervention', 'completed', 'disapproved', 'in-review', 'temporarily-closed-to-accrual', 'temporarily-closed-to-accrual-and-intervention', 'withdrawn'] as const
const RESEARCH_SUBJECT_STATUS = ['candidate', 'eligible', 'follow-up', 'ineligible', 'not-registered', 'off-study', 'on-study', 'on-study-intervention', 'on-study-observation', 'pending-on-study', 'potential-candidate', 'screening', 'withdrawn'] as const
const OBSERVATION_STATUS = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'] as const
const BUNDLE_TYPES = ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection'] as const

const one = (kind: Kind, codes?: readonly string[]): ElementRule => ({ min: 1, many: false, kind, codes })
const opt = (kind: Kind, codes?: readonly string[]): ElementRule => ({ min: 0, many: false, kind, codes })
const list = (kind: Kind, min: 0 | 1 = 0): ElementRule => ({ min, many: true, kind })

const COMMON: Record<string, ElementRule> = { id: opt('string'), meta: opt('object'), text: opt('object'), extension: list('object'), identifier: list('object') }

/** Element rules per resource type (R4 4.0.1), for the elements the platform uses. */
export const FHIR_R4_RULES: Record<string, Record<string, ElementRule>> = {
  Patient: { ...COMMON, active: opt('boolean'), gender: opt('string', ['male', 'female', 'other', 'unknown']), birthDate: opt('string'), name: list('object'), telecom: list('object'), address: list('object') },
  Observation: {
    ...COMMON, status: one('string', OBSERVATION_STATUS), category: list('object'), code: one('object'), subject: opt('reference'),
    effectiveDateTime: opt('string'), issued: opt('string'), valueQuantity: opt('object'), valueString: opt('string'), referenceRange: list('object'), interpretation: list('object'), note: list('object'),
  },
  ResearchStudy: {
    ...COMMON, title: opt('string'), status: one('string', RESEARCH_STUDY_STATUS), phase: opt('object'), condition: list('object'), arm: list('object'),
    enrollment: list('reference'), sponsor: opt('reference'), site: list('reference'), period: opt('object'),
  },
  ResearchSubject: {
    ...COMMON, status: one('string', RESEARCH_SUBJECT_STATUS), study: one('reference'), individual: one('reference'), assignedArm: opt('string'), actualArm: opt('string'), period: opt('object'), consent: opt('reference'),
  },
  AdverseEvent: {
    ...COMMON, actuality: one('string', ['actual', 'potential']), event: opt('object'), subject: one('reference'), date: opt('string'),
    seriousness: opt('object'), severity: opt('object'), study: list('reference'), outcome: opt('object'),
  },
  Bundle: { id: opt('string'), meta: opt('object'), identifier: opt('object'), type: one('string', BUNDLE_TYPES), timestamp: opt('string'), total: opt('number'), link: list('object'), entry: list('object') },
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/
// R4 dateTime (datatypes.html#dateTime): a time needs its seconds and a time zone ("If hours and minutes are
// specified, a time zone SHALL be populated")
const DATE_TIME = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/
const SEVERITY = ['mild', 'moderate', 'severe']

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Check one resource against the R4 rules of its type.
 * @param path where the resource sits (e.g. `['entry', 3, 'resource']`), prefixed to every issue's path
 * @param strict also report elements outside the platform's set (for checking our own export; input from other
 *   systems may carry more R4 elements, which are then ignored)
 * @returns every problem found; `[]` when the resource fits
 * @example validateFhirResource({ resourceType: 'Observation', code: { text: 'PLAT' } }) // [{ code: 'fhir.required', path: ['status'], ... }]
 */
export function validateFhirResource(resource: unknown, path: (string | number)[] = [], { strict = false }: { strict?: boolean } = {}): Issue[] {
  const issues: Issue[] = []
  const add = (p: (string | number)[], code: string, message: string) => issues.push({ code: `fhir.${code}`, path: [...path, ...p], message, source: 'interchange/ctgov-fhir-odm.md §2' })
  if (!isObj(resource)) {
    add([], 'not_an_object', `expected a resource object, got ${Array.isArray(resource) ? 'an array' : resource === null ? 'null' : typeof resource}`)
    return issues
  }
  const type = resource.resourceType
  // own keys only: `constructor` or `toString` is no resource type (an inherited function would pass every check)
  const rules = typeof type === 'string' && Object.hasOwn(FHIR_R4_RULES, type) ? FHIR_R4_RULES[type] : undefined
  if (!rules) {
    add(['resourceType'], 'resource_type', `resourceType ${JSON.stringify(type ?? null)} is not one of ${Object.keys(FHIR_R4_RULES).join(', ')}`)
    return issues
  }
  const label = `${String(type)}${typeof resource.id === 'string' ? `/${resource.id}` : ''}`
  const kindOk = (kind: Kind, v: unknown) =>
    kind === 'string' ? typeof v === 'string' && v.length > 0 : kind === 'number' ? typeof v === 'number' && Number.isFinite(v) : kind === 'boolean' ? typeof v === 'boolean' : kind === 'reference' ? isObj(v) && (typeof v.reference === 'string' || isObj(v.identifier) || typeof v.display === 'string') : isObj(v)
  for (const [name, rule] of Object.entries(rules)) {
    const v = resource[name]
    if (v === undefined || v === null) {
      if (rule.min === 1) add([name], 'required', `${label}: ${name} is required (${rule.min}..${rule.many ? '*' : '1'})`)
      continue
    }
    if (rule.many !== Array.isArray(v)) {
      add([name], 'cardinality', `${label}: ${name} is ${rule.many ? '0..* and must be an array' : '0..1 and must not be an array'}`)
      continue
    }
    const values = rule.many ? (v as unknown[]) : [v]
    if (rule.many && rule.min === 1 && values.length === 0) add([name], 'required', `${label}: ${name} needs at least one element`)
    values.forEach((x, i) => {
      const p = rule.many ? [name, i] : [name]
      if (!kindOk(rule.kind, x)) add(p, 'type', `${label}: ${name} must be ${rule.kind === 'reference' ? 'a Reference' : rule.kind === 'object' ? 'an object' : `a non-empty ${rule.kind}`}`)
      else if (rule.codes && !rule.codes.includes(x as string)) add(p, 'code', `${label}: ${name} ${JSON.stringify(x)} is not one of ${rule.codes.join(', ')}`)
    })
  }
  if (strict) for (const k of Object.keys(resource)) if (k !== 'resourceType' && !(k in rules) && !k.startsWith('_')) add([k], 'unknown_element', `${label}: element ${k} is not one this platform reads or writes for ${String(type)}`)
  // element-level rules of the data types used
  if (type === 'Patient' && typeof resource.birthDate === 'string' && !DATE.test(resource.birthDate)) add(['birthDate'], 'type', `${label}: birthDate must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)`)
  for (const el of ['effectiveDateTime', 'date', 'issued'])
    if (typeof resource[el] === 'string' && !DATE_TIME.test(resource[el])) add([el], 'type', `${label}: ${el} must be a FHIR dateTime, got ${JSON.stringify(String(resource[el]).slice(0, 40))}`)
  if (type === 'Observation' && resource.valueQuantity !== undefined && isObj(resource.valueQuantity)) {
    const q = resource.valueQuantity
    if (q.value !== undefined && (typeof q.value !== 'number' || !Number.isFinite(q.value))) add(['valueQuantity', 'value'], 'type', `${label}: valueQuantity.value must be a number`)
    if (q.code !== undefined && q.system === undefined) add(['valueQuantity', 'system'], 'required', `${label}: a Quantity with a code needs its system (qty-3)`)
  }
  if (type === 'Observation' && isObj(resource.code) && !Array.isArray(resource.code.coding ?? [])) add(['code', 'coding'], 'cardinality', `${label}: code.coding must be an array`)
  if (type === 'AdverseEvent' && isObj(resource.severity)) {
    const codes = Array.isArray(resource.severity.coding) ? resource.severity.coding : []
    codes.forEach((c, i) => {
      if (isObj(c) && typeof c.code === 'string' && !SEVERITY.includes(c.code)) add(['severity', 'coding', i, 'code'], 'code', `${label}: severity ${JSON.stringify(c.code)} is not mild, moderate or severe (required binding)`)
    })
  }
  if (type === 'ResearchStudy')
    (Array.isArray(resource.arm) ? resource.arm : []).forEach((a, i) => {
      if (!isObj(a) || typeof a.name !== 'string' || a.name === '') add(['arm', i, 'name'], 'required', `${label}: arm.name is required (1..1)`)
    })
  if (type === 'Bundle')
    (Array.isArray(resource.entry) ? resource.entry : []).forEach((e, i) => {
      if (!isObj(e)) return add(['entry', i], 'type', `Bundle: entry ${i} must be an object`)
      if (e.resource !== undefined) issues.push(...validateFhirResource(e.resource, [...path, 'entry', i, 'resource'], { strict }))
    })
  return issues
}
