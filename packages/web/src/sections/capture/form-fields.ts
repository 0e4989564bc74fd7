import {
  AE_ATTRIBUTIONS, AE_OUTCOMES, BLEEDING_SITES, CONSCIOUSNESS_LEVELS, GP_ANTIBODY_RESULTS, MEDICATION_CATEGORIES, OXYGEN_DELIVERY,
  QUESTIONNAIRE_INSTRUMENTS, RAISED_ICP_FINDINGS, RESCUE_TYPES, SEIZURE_FINDINGS, SLEDAI_DESCRIPTOR_IDS, VASOPRESSOR_AGENTS, VASOPRESSOR_UNITS,
  EMPTY_ICE_ITEMS, type FormType,
} from '@celltrial/core'

/**
 * What the entry form shows for each form type: one field spec per data field, in order. The fields mirror core's
 * zod schemas (packages/core/src/forms); labels are i18n keys `capture.field.<key>`; option labels
 * `capture.opt.<value>`.
 */
export type FieldSpec =
  | { key: string; kind: 'number'; step?: string; unit?: string }
  | { key: string; kind: 'text' | 'datetime' | 'date' | 'optionalDate' }
  | { key: string; kind: 'select'; options: readonly string[]; nullable?: boolean; numeric?: boolean }
  | { key: string; kind: 'boolean'; nullable?: boolean }
  | { key: string; kind: 'multi'; options: readonly string[] }
  | { key: string; kind: 'ice' }
  | { key: string; kind: 'items' }

const n = (key: string, unit?: string, step = 'any'): FieldSpec => ({ key, kind: 'number', step, ...(unit ? { unit } : {}) })
const sel = (key: string, options: readonly string[], nullable = true): FieldSpec => ({ key, kind: 'select', options, nullable })
const yn = (key: string): FieldSpec => ({ key, kind: 'boolean', nullable: true })

export const FORM_FIELDS: Record<FormType, FieldSpec[]> = {
  vital_signs: [{ key: 'measuredAt', kind: 'datetime' }, n('temperatureC', '°C', '0.1'), n('systolicMmHg', 'mmHg', '1'), n('diastolicMmHg', 'mmHg', '1'), n('heartRate', '/min', '1'), n('spo2Percent', '%', '1'), n('weightKg', 'kg', '0.1'), n('heightCm', 'cm', '0.1')],
  oxygen: [{ key: 'measuredAt', kind: 'datetime' }, sel('delivery', OXYGEN_DELIVERY, false), n('flowLpm', 'L/min', '0.5')],
  vasopressor: [sel('agent', VASOPRESSOR_AGENTS, false), n('dose'), sel('unit', VASOPRESSOR_UNITS), { key: 'start', kind: 'datetime' }, { key: 'end', kind: 'optionalDate' }],
  neuro: [
    { key: 'assessedAt', kind: 'datetime' }, sel('tool', ['ICE', 'CAPD'], false), { key: 'iceItems', kind: 'ice' }, n('iceTotalOnSource', undefined, '1'),
    { key: 'unableToPerform', kind: 'boolean' }, n('capdTotal', undefined, '1'), sel('consciousness', CONSCIOUSNESS_LEVELS), sel('seizure', SEIZURE_FINDINGS),
    yn('deepFocalMotorWeakness'), sel('raisedIcp', RAISED_ICP_FINDINGS), yn('intracranialHaemorrhage'),
  ],
  bleeding_event: [
    sel('site', BLEEDING_SITES, false), { key: 'start', kind: 'date' }, { key: 'end', kind: 'optionalDate' },
    { key: 'whoGrade', kind: 'select', options: ['0', '1', '2', '3', '4'], nullable: true, numeric: true },
    { key: 'itpBatGrade', kind: 'select', options: ['0', '1', '2', '3', '4', '5'], nullable: true, numeric: true }, { key: 'patientReportedOnly', kind: 'boolean' },
  ],
  adverse_event: [
    { key: 'ctcaeTerm', kind: 'text' }, { key: 'grade', kind: 'select', options: ['1', '2', '3', '4', '5'], numeric: true }, { key: 'serious', kind: 'boolean' },
    yn('seriousness.resultsInDeath'), yn('seriousness.lifeThreatening'), sel('seriousness.hospitalisation', ['none', 'requires-admission', 'prolongs-existing']),
    yn('seriousness.persistentOrSignificantDisability'), yn('seriousness.congenitalAnomaly'), yn('seriousness.importantMedicalEvent'),
    sel('attribution', AE_ATTRIBUTIONS), sel('outcome', AE_OUTCOMES), { key: 'start', kind: 'date' }, { key: 'end', kind: 'optionalDate' },
  ],
  medication: [{ key: 'name', kind: 'text' }, sel('category', MEDICATION_CATEGORIES, false), sel('rescueType', RESCUE_TYPES), n('dose'), { key: 'unit', kind: 'text' }, { key: 'start', kind: 'date' }, { key: 'end', kind: 'optionalDate' }],
  correlative: [
    { key: 'collectedOn', kind: 'date' }, n('carCopiesPerUgGdna', 'copies/µg gDNA'), n('cd19BCellsPerUl', '/µL'), n('igGgPerL', 'g/L'), n('igAgPerL', 'g/L'), n('igMgPerL', 'g/L'),
    sel('antiGpIIbIIIa', GP_ANTIBODY_RESULTS), sel('antiGpIbIX', GP_ANTIBODY_RESULTS), n('antiDsDnaIuPerMl', 'IU/mL'), n('c3gPerL', 'g/L'), n('c4gPerL', 'g/L'),
  ],
  questionnaire: [sel('instrument', QUESTIONNAIRE_INSTRUMENTS, false), { key: 'instrumentVersion', kind: 'text' }, { key: 'language', kind: 'text' }, { key: 'completedOn', kind: 'date' }, { key: 'items', kind: 'items' }],
  sledai: [{ key: 'assessedOn', kind: 'date' }, sel('variant', ['SLEDAI-2K', 'SELENA-SLEDAI'], false), { key: 'present', kind: 'multi', options: SLEDAI_DESCRIPTOR_IDS }, { key: 'notAssessed', kind: 'multi', options: SLEDAI_DESCRIPTOR_IDS }],
  lupus_status: [
    { key: 'assessedOn', kind: 'date' }, n('pga', undefined, '0.1'), sel('sledai.variant', ['SLEDAI-2K', 'SELENA-SLEDAI'], false),
    { key: 'sledai.present', kind: 'multi', options: SLEDAI_DESCRIPTOR_IDS }, n('prednisoloneEquivalentMgPerDay', 'mg/day'), yn('backgroundTherapyStable'), yn('haemolyticAnaemia'),
    yn('giActivity'), yn('maintenanceTherapyStandard'), yn('otherInvestigationalDrug'), { key: 'studyCellProductGiven', kind: 'boolean' },
  ],
}

/** A blank record of a form type, dated on `date` (time 08:00 for date-times). */
export function emptyForm(type: FormType, date: string): Record<string, unknown> {
  const at = `${date}T08:00`
  switch (type) {
    case 'vital_signs':
      return { measuredAt: at, temperatureC: null, systolicMmHg: null, diastolicMmHg: null, heartRate: null, spo2Percent: null }
    case 'oxygen':
      return { measuredAt: at, delivery: 'none', flowLpm: null }
    case 'vasopressor':
      return { agent: 'norepinephrine', dose: null, unit: 'ug/kg/min', start: at, end: null }
    case 'neuro':
      return { assessedAt: at, tool: 'ICE', iceItems: structuredClone(EMPTY_ICE_ITEMS), unableToPerform: false, capdTotal: null, consciousness: null, seizure: null, deepFocalMotorWeakness: null, raisedIcp: null, intracranialHaemorrhage: null }
    case 'bleeding_event':
      return { site: 'petechiae', start: date, end: null, whoGrade: null, itpBatGrade: null, patientReportedOnly: false }
    case 'adverse_event':
      return {
        ctcaeTerm: '', grade: 1, serious: false, attribution: null, outcome: null, start: date, end: null,
        seriousness: { resultsInDeath: null, lifeThreatening: null, hospitalisation: null, persistentOrSignificantDisability: null, congenitalAnomaly: null, importantMedicalEvent: null },
      }
    case 'medication':
      return { name: '', category: 'CONCOMITANT', rescueType: null, dose: null, unit: null, start: date, end: null }
    case 'correlative':
      return { collectedOn: date, carCopiesPerUgGdna: null, cd19BCellsPerUl: null, igGgPerL: null, igAgPerL: null, igMgPerL: null, antiGpIIbIIIa: null, antiGpIbIX: null, antiDsDnaIuPerMl: null, c3gPerL: null, c4gPerL: null }
    case 'questionnaire':
      return { instrument: 'RAND-36', instrumentVersion: '1.0', language: 'zh-CN', completedOn: date, items: {} }
    case 'sledai':
      return { assessedOn: date, variant: 'SLEDAI-2K', present: [], notAssessed: [] }
    case 'lupus_status':
      return {
        assessedOn: date, pga: null, sledai: { variant: 'SLEDAI-2K', present: [], notAssessed: [] }, previousPresent: null, prednisoloneEquivalentMgPerDay: null,
        backgroundTherapyStable: null, haemolyticAnaemia: null, giActivity: null, maintenanceTherapyStandard: null, otherInvestigationalDrug: null, studyCellProductGiven: true,
      }
  }
}

export function getPath(data: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined), data)
}

/** A copy of `data` with `key` (dotted) set to `value`. */
export function setPath(data: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = key.split('.')
  if (rest.length === 0) return { ...data, [head!]: value }
  const inner = (data[head!] && typeof data[head!] === 'object' ? data[head!] : {}) as Record<string, unknown>
  return { ...data, [head!]: setPath(inner, rest.join('.'), value) }
}
