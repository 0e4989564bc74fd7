import {
  daysInMonth,
  TherapyClassSchema,
  TherapyOutcomeSchema,
  MedicationClassSchema,
  type EligibilityExpression,
  type Protocol,
  type ScreeningProfile,
  type TherapyClass,
  type TherapyOutcome,
  type MedicationClass,
  type Diagnosis,
} from '@celltrial/core'

export const THERAPY_CLASSES = TherapyClassSchema.options
export const THERAPY_OUTCOMES = TherapyOutcomeSchema.options
export const MEDICATION_CLASSES = MedicationClassSchema.options

/** The facts the loaded protocols read, so the form asks for exactly those (collected from their expressions). */
export interface ProfileFields {
  /** lab tests with the reference limits some criterion compares against */
  labs: { test: string; unit: string; refs: ('uln' | 'lln')[] }[]
  findings: string[]
  serology: string[]
  events: string[]
  ecog: boolean
  lvef: boolean
}

/** Units the form records each test in (converted by core when a criterion states another unit). */
const LAB_UNITS: Record<string, string> = {
  platelets: '10^9/L',
  ALT: 'U/L',
  AST: 'U/L',
  creatinine: 'umol/L',
  hemoglobin: 'g/L',
  bilirubin: 'umol/L',
}
const LAB_ORDER = ['platelets', 'hemoglobin', 'ALT', 'AST', 'bilirubin', 'creatinine']

export function collectProfileFields(protocols: readonly Protocol[]): ProfileFields {
  const labs = new Map<string, Set<'uln' | 'lln'>>()
  const findings = new Set<string>()
  const serology = new Set<string>()
  const events = new Set<string>()
  let ecog = false
  let lvef = false
  const walk = (e: EligibilityExpression): void => {
    switch (e.op) {
      case 'all':
      case 'any':
        e.of.forEach(walk)
        return
      case 'not':
        walk(e.of)
        return
      case 'lab':
        if (!labs.has(e.test)) labs.set(e.test, new Set())
        return
      case 'labRef':
        labs.set(e.test, (labs.get(e.test) ?? new Set()).add(e.ref))
        return
      case 'finding':
        findings.add(e.name)
        return
      case 'serology':
        serology.add(e.test)
        return
      case 'eventWithin':
        events.add(e.event)
        return
      case 'ecog':
        ecog = true
        return
      case 'lvef':
        lvef = true
        return
      default:
        return
    }
  }
  for (const p of protocols) for (const c of p.eligibility) if (c.rule.kind === 'computable') walk(c.rule.expr)
  const rank = (t: string) => (LAB_ORDER.includes(t) ? LAB_ORDER.indexOf(t) : LAB_ORDER.length)
  return {
    labs: [...labs.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([test, refs]) => ({ test, unit: LAB_UNITS[test] ?? 'U/L', refs: [...refs].sort() })),
    findings: [...findings].sort(),
    serology: [...serology].sort(),
    events: [...events].sort(),
    ecog,
    lvef,
  }
}

export type TriState = '' | 'yes' | 'no'

export interface ProfileFormState {
  /** pre-screening asks for age and disease duration; the screening log for the dates */
  ageYears: string
  birthDate: string
  sex: '' | 'female' | 'male'
  diagnosis: '' | Diagnosis
  durationMonths: string
  diagnosisDate: string
  labDate: string
  labs: Record<string, { value: string; uln: string; lln: string }>
  therapiesKnown: boolean
  therapies: { class: TherapyClass; outcome: TherapyOutcome; endDate: string }[]
  medicationsKnown: boolean
  medications: { class: MedicationClass; name: string; startDate: string; endDate: string }[]
  findings: Record<string, TriState>
  serology: Record<string, '' | 'positive' | 'negative'>
  events: Record<string, { state: '' | 'never' | 'date'; date: string }>
  ecog: string
  lvef: string
}

export function emptyProfileForm(today: string): ProfileFormState {
  return {
    ageYears: '',
    birthDate: '',
    sex: '',
    diagnosis: '',
    durationMonths: '',
    diagnosisDate: '',
    labDate: today,
    labs: {},
    therapiesKnown: false,
    therapies: [],
    medicationsKnown: false,
    medications: [],
    findings: {},
    serology: {},
    events: {},
    ecog: '',
    lvef: '',
  }
}

const num = (s: string): number | undefined => {
  if (s.trim() === '') return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}
const date = (s: string): string | undefined => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined)

/**
 * The screening profile the form describes. Blank fields stay absent (unknown), so the criteria reading them
 * report missing data; nothing blank is read as normal or negative (STYLE.md §8.2).
 * @param mode `durations`: age and disease duration are converted to dates relative to `asOf`
 */
export function toProfile(
  s: ProfileFormState,
  { asOf, subjectId, mode }: { asOf: string; subjectId: string; mode: 'durations' | 'dates' },
): ScreeningProfile {
  const age = num(s.ageYears)
  const months = num(s.durationMonths)
  const birthDate =
    mode === 'dates' ? date(s.birthDate) : age !== undefined && age >= 0 && Number.isInteger(age) ? addCalendarMonths(asOf, -12 * age) : undefined
  const diagnosisDate =
    mode === 'dates'
      ? date(s.diagnosisDate)
      : months !== undefined && months >= 0 && Number.isInteger(months)
        ? addCalendarMonths(asOf, -months)
        : undefined
  const labDate = date(s.labDate) ?? asOf
  const labs: ScreeningProfile['labs'] = []
  for (const [test, v] of Object.entries(s.labs)) {
    const value = num(v.value)
    if (value === undefined) continue
    const uln = num(v.uln)
    const lln = num(v.lln)
    labs.push({
      test,
      value,
      unit: LAB_UNITS[test] ?? 'U/L',
      date: labDate,
      ...(uln !== undefined && uln > 0 ? { uln } : {}),
      ...(lln !== undefined && lln >= 0 ? { lln } : {}),
    })
  }
  const findings: Record<string, boolean> = {}
  for (const [k, v] of Object.entries(s.findings)) if (v !== '') findings[k] = v === 'yes'
  const events: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(s.events)) {
    if (v.state === 'never') events[k] = null
    else if (v.state === 'date' && date(v.date)) events[k] = v.date
  }
  const ecog = num(s.ecog)
  const lvef = num(s.lvef)
  const diagnosis = s.diagnosis || diagnosisDate ? { ...(s.diagnosis ? { type: s.diagnosis } : {}), ...(diagnosisDate ? { date: diagnosisDate } : {}) } : undefined
  return {
    subjectId,
    ...(birthDate ? { birthDate } : {}),
    ...(s.sex ? { sex: s.sex } : {}),
    ...(diagnosis ? { diagnosis } : {}),
    labs,
    ...(s.therapiesKnown || s.therapies.length > 0
      ? {
          therapies: s.therapies.map((t) => ({
            class: t.class,
            outcome: t.outcome,
            ...(date(t.endDate) ? { endDate: t.endDate } : {}),
          })),
        }
      : {}),
    ...(s.medicationsKnown || s.medications.length > 0
      ? {
          medications: s.medications
            .filter((m) => date(m.startDate))
            .map((m) => ({ name: m.name.trim() || m.class, class: m.class, startDate: m.startDate, endDate: date(m.endDate) ?? null })),
        }
      : {}),
    findings,
    serology: Object.entries(s.serology)
      .filter(([, v]) => v !== '')
      .map(([test, result]) => ({ test, result: result as 'positive' | 'negative', date: labDate })),
    ...(ecog !== undefined && Number.isInteger(ecog) && ecog >= 0 && ecog <= 5 ? { ecog } : {}),
    ...(lvef !== undefined && lvef >= 0 && lvef <= 100 ? { lvefPercent: lvef } : {}),
    events,
    attestations: [],
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DD` of the browser's local day. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** `date` plus `n` calendar months, the day clamped to the month's end (as core's disease-duration atom counts). */
export function addCalendarMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + n
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  return `${year}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`
}

/** `otherTrialParticipation` -> `Other trial participation` (protocol fact names are data, shown as written). */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase().replace(/\b(itp|cns|nyha|iii|iv|lvef|ecog)\b/gi, (m) => m.toUpperCase())
}
