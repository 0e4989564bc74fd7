/**
 * Import of a FHIR R4 Bundle of one Patient and their laboratory Observations into that subject's lab results:
 * codes mapped from LOINC (lab table and the method-less aliases) or the platform code system to LBTESTCD, UCUM
 * units mapped to the platform's unit for the test (cell counts 10^9/L, haemoglobin g/dL, fibrinogen and
 * immunoglobulins g/L, ALT/AST U/L, bilirubin and creatinine mg/dL, CD19 /uL, CAR copies/ug gDNA) with exact
 * factors; an unknown unit is an error, never a guess. The Bundle is first checked structurally
 * (fhir-r4-structure.ts). Every problem is listed with its entry index and element path; with any problem
 * nothing is returned to write.
 * Source: interchange/ctgov-fhir-odm.md §2 (LOINC / UCUM table, platelets in 10*9/L or 10*3/uL, import aliases,
 * pseudonymous Patient with the USUBJID identifier); interchange/sdtm-adam.md lb.csv (/uL and /mm3 x 0.001);
 * domain/safety-grading.md §3.2 LAB-6 (canonical units, molar factors 17.1 and 88.4).
 */
import { isIsoDate } from '../../dates/index.js'
import type { Issue } from '../../result.js'
import { FHIR_SYSTEMS, LAB_LOINC } from './fhir-r4.js'
import { validateFhirResource } from './fhir-r4-structure.js'

type Conversion = { unit: string; factor: number; divide: boolean }
const mul = (unit: string, factor = 1): Conversion => ({ unit, factor, divide: false })
const div = (unit: string, factor: number): Conversion => ({ unit, factor, divide: true })
const COUNT: Record<string, Conversion> = { '10*9/L': mul('10^9/L'), '10*3/uL': mul('10^9/L'), '/uL': div('10^9/L', 1000), '/mm3': div('10^9/L', 1000) }
const IG: Record<string, Conversion> = { 'g/L': mul('g/L'), 'mg/dL': div('g/L', 100) }

/** UCUM code -> platform unit and factor, per LBTESTCD. */
export const FHIR_LAB_UNITS: Record<string, Record<string, Conversion>> = {
  PLAT: COUNT, WBC: COUNT, NEUT: COUNT, LYM: COUNT,
  HGB: { 'g/dL': mul('g/dL'), 'g/L': div('g/dL', 10) },
  ALT: { 'U/L': mul('U/L') }, AST: { 'U/L': mul('U/L') },
  BILI: { 'mg/dL': mul('mg/dL'), 'umol/L': div('mg/dL', 17.1) },
  CREAT: { 'mg/dL': mul('mg/dL'), 'umol/L': div('mg/dL', 88.4) },
  FIBRINO: { 'g/L': mul('g/L'), 'mg/dL': div('g/L', 100) },
  IGG: IG, IGA: IG, IGM: IG,
  CD19: { '/uL': mul('/uL'), '10*6/L': mul('/uL') },
  CARCN: { '{copies}/ug': mul('copies/ug gDNA') },
}
const ALIASES: Record<string, string> = { '26515-7': 'PLAT', '26464-8': 'WBC', '26499-4': 'NEUT', '26474-7': 'LYM' }
const LOINC_TO_CODE = new Map(Object.entries(LAB_LOINC).map(([code, v]) => [v.loinc, code]))
const ACCEPTED_STATUS = ['final', 'amended', 'corrected']

export interface FhirImportedLab {
  /** index of the Observation in Bundle.entry */
  entry: number
  testCode: string
  value: number
  unit: string
  collectedOn: string
  refLow: number | null
  refHigh: number | null
  /** the Observation's id, for the audit trail */
  sourceId: string | null
}

export type FhirLabImportResult = { ok: true; value: { labs: FhirImportedLab[] }; issues?: never } | { ok: false; issues: Issue[]; value?: never }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const convert = (c: Conversion, v: number) => (c.divide ? v / c.factor : v * c.factor)

/**
 * @param subjectCode the subject the labs are for; the Patient's USUBJID identifier, when present, must equal it
 * @returns the labs to write, or every issue (never throws)
 * @example readFhirLabBundle({ resourceType: 'Bundle', type: 'collection', entry: [] }, { subjectCode: 'S-1' }).ok // false: no Patient
 */
export function readFhirLabBundle(bundle: unknown, { subjectCode, maxEntries = 20_000 }: { subjectCode: string; maxEntries?: number }): FhirLabImportResult {
  const issues: Issue[] = []
  const add = (path: (string | number)[], code: string, message: string) => issues.push({ code: `fhir.${code}`, path, message, source: 'interchange/ctgov-fhir-odm.md §2' })
  if (!isObj(bundle) || bundle.resourceType !== 'Bundle') {
    add([], 'not_a_bundle', `expected a FHIR Bundle, got ${isObj(bundle) ? `resourceType ${JSON.stringify(bundle.resourceType ?? null)}` : Array.isArray(bundle) ? 'an array' : bundle === null ? 'null' : typeof bundle}`)
    return { ok: false, issues }
  }
  const entries = Array.isArray(bundle.entry) ? bundle.entry : []
  if (entries.length > maxEntries) {
    add(['entry'], 'too_many_entries', `the Bundle has ${entries.length} entries, over the limit of ${maxEntries}`)
    return { ok: false, issues }
  }
  issues.push(...validateFhirResource(bundle))
  const patients: { i: number; r: Record<string, unknown>; fullUrl: string | null }[] = []
  entries.forEach((e, i) => {
    const r = isObj(e) ? e.resource : undefined
    if (!isObj(r)) return add(['entry', i, 'resource'], 'no_resource', `entry ${i} has no resource`)
    if (r.resourceType === 'Patient') patients.push({ i, r, fullUrl: isObj(e) && typeof e.fullUrl === 'string' ? e.fullUrl : null })
    else if (r.resourceType !== 'Observation') add(['entry', i, 'resource', 'resourceType'], 'resource_type', `entry ${i}: ${JSON.stringify(r.resourceType ?? null)} is not imported (a Bundle of one Patient and their Observations)`)
  })
  if (patients.length !== 1) add(['entry'], 'patient_count', `the Bundle must hold exactly one Patient, found ${patients.length}`)
  const patient = patients[0]
  const refs = new Set<string>()
  if (patient) {
    if (typeof patient.r.id === 'string') refs.add(`Patient/${patient.r.id}`)
    if (patient.fullUrl) refs.add(patient.fullUrl)
    const ids = Array.isArray(patient.r.identifier) ? patient.r.identifier.filter(isObj) : []
    const usubjid = ids.find((id) => id.system === FHIR_SYSTEMS.usubjid)?.value
    if (usubjid !== undefined && usubjid !== subjectCode) add(['entry', patient.i, 'resource', 'identifier'], 'wrong_patient', `the Patient's USUBJID ${JSON.stringify(usubjid)} is not subject ${JSON.stringify(subjectCode)}`)
  }
  const labs: FhirImportedLab[] = []
  entries.forEach((e, i) => {
    const r = isObj(e) ? e.resource : undefined
    if (!isObj(r) || r.resourceType !== 'Observation') return
    const at = (p: (string | number)[], code: string, message: string) => add(['entry', i, 'resource', ...p], code, `entry ${i} (Observation${typeof r.id === 'string' ? ` ${r.id}` : ''}): ${message}`)
    const before = issues.length
    if (typeof r.status === 'string' && !ACCEPTED_STATUS.includes(r.status)) at(['status'], 'status', `status ${JSON.stringify(r.status)} is not imported (final, amended or corrected only)`)
    const ref = isObj(r.subject) ? r.subject.reference : undefined
    if (typeof ref !== 'string' || !refs.has(ref)) at(['subject', 'reference'], 'unknown_subject', `subject ${JSON.stringify(ref ?? null)} is not the Bundle's Patient`)
    const codings = isObj(r.code) && Array.isArray(r.code.coding) ? r.code.coding.filter(isObj) : []
    const testCode = codings
      .map((c) => (c.system === FHIR_SYSTEMS.loinc && typeof c.code === 'string' ? (LOINC_TO_CODE.get(c.code) ?? (Object.hasOwn(ALIASES, c.code) ? ALIASES[c.code] : undefined)) : c.system === FHIR_SYSTEMS.lbtestcd && typeof c.code === 'string' && Object.hasOwn(FHIR_LAB_UNITS, c.code) ? c.code : undefined))
      .find((c) => c !== undefined)
    if (!testCode) at(['code', 'coding'], 'unknown_code', `no LOINC code of the lab table (or platform code) among ${JSON.stringify(codings.map((c) => `${String(c.system)}|${String(c.code)}`)).slice(0, 200)}`)
    // R4 effective[x]: effectiveDateTime (LBDTC, §2), or the start of an effectivePeriod (the collection start, as
    // SDTM LBDTC); a full calendar date is required
    const period = r.effectiveDateTime === undefined && isObj(r.effectivePeriod) ? r.effectivePeriod : null
    const raw = period ? period.start : r.effectiveDateTime
    const when = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(raw) && isIsoDate(raw.slice(0, 10)) ? raw : null
    if (!when) at(period ? ['effectivePeriod', 'start'] : ['effectiveDateTime'], 'no_date', `effectiveDateTime (or effectivePeriod.start) with a full calendar date is required, got ${JSON.stringify(raw ?? null)}`)
    const q = isObj(r.valueQuantity) ? r.valueQuantity : null
    if (!q) at(['valueQuantity'], 'no_value', r.valueString !== undefined ? 'a text result (valueString) cannot be stored as a lab value' : 'valueQuantity is required')
    const value = q && typeof q.value === 'number' && Number.isFinite(q.value) ? q.value : null
    if (q && value === null) at(['valueQuantity', 'value'], 'no_value', 'valueQuantity.value must be a finite number')
    if (value !== null && value < 0) at(['valueQuantity', 'value'], 'negative', `a lab value cannot be negative, got ${value}`)
    const unitOf = (qq: Record<string, unknown>, p: (string | number)[]): Conversion | null => {
      if (!testCode) return null
      // own keys only: a code such as `__proto__` or `toString` is not a unit (found by exchange-fuzz.test.ts)
      const units = FHIR_LAB_UNITS[testCode]!
      const c = qq.system === FHIR_SYSTEMS.ucum && typeof qq.code === 'string' && Object.hasOwn(units, qq.code) ? units[qq.code] : undefined
      if (!c) at(p, 'unit', `${testCode} needs a UCUM unit (system ${FHIR_SYSTEMS.ucum}) of ${Object.keys(FHIR_LAB_UNITS[testCode]!).join(', ')}, got ${JSON.stringify(qq.system ?? null)}|${JSON.stringify(qq.code ?? null)}`)
      return c ?? null
    }
    const conv = q ? unitOf(q, ['valueQuantity', 'code']) : null
    const rr = Array.isArray(r.referenceRange) && isObj(r.referenceRange[0]) ? r.referenceRange[0] : null
    const bound = (k: 'low' | 'high'): number | null => {
      const b = rr && isObj(rr[k]) ? rr[k] : null
      if (!b) return null
      if (typeof b.value !== 'number' || !Number.isFinite(b.value)) {
        at(['referenceRange', 0, k, 'value'], 'range', `referenceRange.${k}.value must be a number`)
        return null
      }
      const c = b.code === undefined && conv ? conv : unitOf(b, ['referenceRange', 0, k, 'code'])
      return c ? convert(c, b.value) : null
    }
    const refLow = bound('low')
    const refHigh = bound('high')
    if (issues.length > before || !testCode || !when || value === null || !conv) return
    if (convert(conv, value) > 1e7) return at(['valueQuantity', 'value'], 'range', `${value} ${String(q!.code)} is over the platform's limit of 10^7 ${conv.unit}`)
    labs.push({ entry: i, testCode, value: convert(conv, value), unit: conv.unit, collectedOn: when.slice(0, 10), refLow, refHigh, sourceId: typeof r.id === 'string' && /^[A-Za-z0-9.-]{1,64}$/.test(r.id) ? r.id : null })
  })
  if (issues.length === 0 && labs.length === 0) add(['entry'], 'no_observations', 'the Bundle holds no laboratory Observation to import')
  if (issues.length > 0) return { ok: false, issues }
  return { ok: true, value: { labs } }
}

/** `entry.3.resource.valueQuantity.code: message` for a CLI or an API detail. */
export function formatFhirIssue(i: Issue): string {
  return `${i.path.length > 0 ? i.path.join('.') : '(bundle)'}: ${i.message}`
}
