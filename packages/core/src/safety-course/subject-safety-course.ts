/**
 * A subject's daily CRS and ICANS grades from captured bedside data, with the masking treatments, the course
 * summaries, and the grade rises that raise a safety alert.
 * Source: safety-grading.md §1.2 (CRS-2 masking, CRS-7 course), §2.4 (ICANS-5, ICANS-6).
 */
import { addDays, protocolDay } from '../dates/index.js'
import type { MedicationForm } from '../forms/medication.js'
import type { Neuro } from '../forms/neuro.js'
import type { Oxygen } from '../forms/oxygen.js'
import type { Vasopressor } from '../forms/vasopressor.js'
import type { VitalSigns } from '../forms/vital-signs.js'
import type { SafetySettings } from '../protocol/safety.js'
import type { Issue } from '../result.js'
import {
  gradeCrsCourse, gradeIcansCourse, type CrsCourseOptions, type CrsCourseSummary, type CrsTreatment, type CrsTreatmentClass,
  type IcansCourseSummary, type IcansTool, type IcansTreatment, type IcansTreatmentClass, type ToxicityGradeOutcome,
} from '../toxicity/index.js'
import { crsFindingsFromBedside, hypotensionThresholdMmHg, type Captured } from './bedside-crs-findings.js'
import { icansFindingsFromBedside } from './bedside-icans-findings.js'

/**
 * Medication names that mask fever or treat CRS/ICANS (CRS-2: antipyretic or anti-cytokine therapy, e.g.
 * tocilizumab, corticosteroids). Generic names, lower case; matched as whole words of the recorded name.
 * Source: safety-grading.md §1.2 CRS-2; Lee DW et al., BBMT 2019 (management agents named in the paper).
 */
const TREATMENT_CLASSES: readonly { names: readonly string[]; crs: CrsTreatmentClass | null; icans: IcansTreatmentClass | null }[] = [
  { names: ['paracetamol', 'acetaminophen', 'ibuprofen', 'metamizole', 'dipyrone'], crs: 'antipyretic', icans: null },
  { names: ['tocilizumab'], crs: 'tocilizumab', icans: 'tocilizumab' },
  { names: ['dexamethasone', 'methylprednisolone', 'prednisolone', 'prednisone', 'hydrocortisone'], crs: 'corticosteroid', icans: 'corticosteroid' },
  { names: ['siltuximab', 'ruxolitinib'], crs: 'anti-cytokine-other', icans: 'other' },
  { names: ['anakinra'], crs: 'anti-cytokine-other', icans: 'anakinra' },
  { names: ['levetiracetam', 'lorazepam', 'diazepam', 'midazolam', 'phenytoin', 'valproate'], crs: null, icans: 'anti-seizure' },
]

/**
 * Classify a medication record for the CRS and ICANS courses, one entry per day it was given from Day 0 on.
 * @example treatmentsFromMedication({ name: 'Tocilizumab', category: 'CONCOMITANT', rescueType: null, dose: 8, unit: 'mg/kg', start: '2025-03-03', end: null }, '2025-03-01', 4)
 *   // crs: [{ day: 2, class: 'tocilizumab', name: 'Tocilizumab', dose: '8 mg/kg' }], icans: [same with icans class]
 */
export function treatmentsFromMedication(m: MedicationForm, infusionDate: string, lastDay: number): { crs: CrsTreatment[]; icans: IcansTreatment[] } {
  const words = m.name.toLowerCase().split(/[^a-z]+/)
  const cls = TREATMENT_CLASSES.find((c) => c.names.some((n) => words.includes(n)))
  if (!cls) return { crs: [], icans: [] }
  const from = Math.max(0, protocolDay(m.start, infusionDate))
  const to = Math.min(lastDay, m.end === null ? lastDay : protocolDay(m.end, infusionDate))
  const dose = m.dose === null ? undefined : `${m.dose}${m.unit ? ` ${m.unit}` : ''}`
  const crs: CrsTreatment[] = []
  const icans: IcansTreatment[] = []
  // one entry per day given, up to the last graded day: CRS-2 looks for masking given since the episode's onset
  for (let d = from; d <= to; d++) {
    if (cls.crs) crs.push({ day: d, class: cls.crs, name: m.name, ...(dose ? { dose } : {}) })
    if (cls.icans) icans.push({ day: d, class: cls.icans, name: m.name, ...(dose ? { dose } : {}) })
  }
  return { crs, icans }
}

export interface SubjectBedsideData {
  infusionDate: string
  ageYears: number | null
  /** baseline developmental delay recorded at screening (ICANS-5) */
  developmentalDelay?: boolean
  vitals: readonly Captured<VitalSigns>[]
  oxygen: readonly Captured<Oxygen>[]
  vasopressors: readonly Captured<Vasopressor>[]
  neuro: readonly Captured<Neuro>[]
  medications: readonly Captured<MedicationForm>[]
}

export interface SubjectSafetyCourse {
  crs: CrsCourseSummary
  icans: IcansCourseSummary
  icansTool: IcansTool
  crsTreatments: CrsTreatment[]
  icansTreatments: IcansTreatment[]
  issues: Issue[]
}

/**
 * The protocol's choices for the safety course (**PROTOCOL DECISION**s); each left out takes the doc default.
 * Source: safety-grading.md §1.2 CRS-2 (masking therapies), CRS-7 (resolution), §2.4 ICANS-5 (developmental delay).
 */
export interface SubjectSafetyOptions {
  /** CRS-2 masking therapy classes and CRS-7 resolution rule (defaults of `gradeCrsCourse`) */
  crs?: CrsCourseOptions
  /** systolic hypotension threshold by age (default `hypotensionThresholdMmHg`, PALS) */
  hypotensionThreshold?: (ageYears: number | null) => number
  /** ICANS-5: a developmental-delay flag forces CAPD at any age (default true) */
  developmentalDelayForcesCapd?: boolean
}

/**
 * The safety course options of a protocol's `safety` settings (protocol/safety.ts): CRS-2 masking classes, CRS-7
 * resolution rule, the hypotension rule (`pals` = `hypotensionThresholdMmHg`, a number = systolic below it at every
 * age) and the ICANS-5 developmental-delay rule. The doc defaults give the same course as no options.
 * Source: safety-grading.md §1.1 (hypotension), §1.2 CRS-2, CRS-7, §2.4 ICANS-5.
 * @example subjectSafetyOptionsOf({ ...defaultSafetySettings().crs, resolutionRule: 'grade-0' }, { developmentalDelayForcesCapd: true })
 */
export function subjectSafetyOptionsOf(crs: SafetySettings['crs'], icans: SafetySettings['icans']): SubjectSafetyOptions {
  const threshold = crs.hypotensionThreshold
  return {
    crs: { maskingTherapyClasses: crs.maskingTherapyClasses, resolutionRule: crs.resolutionRule },
    hypotensionThreshold: threshold === 'pals' ? hypotensionThresholdMmHg : () => threshold,
    developmentalDelayForcesCapd: icans.developmentalDelayForcesCapd,
  }
}

/**
 * Grade the CRS and ICANS courses of one subject from their captured forms (core `gradeCrsCourse` with the CRS-2
 * masking state carried day to day; `gradeIcansCourse` with ICE for age > 12 and CAPD for ≤ 12 or a developmental delay).
 * @example subjectSafetyCourse({ infusionDate: '2025-03-01', ageYears: 40, vitals, oxygen, vasopressors: [], neuro: [], medications: [] }).crs.maxGrade
 * @example subjectSafetyCourse(data, { crs: { resolutionRule: 'grade-0' } }) // a protocol resolving CRS on the first grade-0 day
 */
export function subjectSafetyCourse(s: SubjectBedsideData, options: SubjectSafetyOptions = {}): SubjectSafetyCourse {
  const crsFindings = crsFindingsFromBedside(s, options.hypotensionThreshold ? { hypotensionThreshold: options.hypotensionThreshold } : {})
  const icans = icansFindingsFromBedside({
    ...s,
    ...(options.developmentalDelayForcesCapd !== undefined ? { developmentalDelayForcesCapd: options.developmentalDelayForcesCapd } : {}),
  })
  const lastDay = Math.max(0, ...crsFindings.map((f) => f.day), ...icans.findings.map((f) => f.day))
  const crsTreatments: CrsTreatment[] = []
  const icansTreatments: IcansTreatment[] = []
  for (const { data } of s.medications) {
    if (data.end !== null && protocolDay(data.end, s.infusionDate) < 0) continue
    const t = treatmentsFromMedication(data, s.infusionDate, lastDay)
    crsTreatments.push(...t.crs)
    icansTreatments.push(...t.icans)
  }
  crsTreatments.sort((a, b) => a.day - b.day)
  icansTreatments.sort((a, b) => a.day - b.day)
  return {
    crs: gradeCrsCourse(crsFindings, crsTreatments, options.crs),
    icans: gradeIcansCourse(icans.findings, icansTreatments),
    icansTool: icans.tool,
    crsTreatments,
    icansTreatments,
    issues: icans.issues,
  }
}

/** A rise of a day's known CRS or ICANS grade after a save: the trigger of a safety alert. */
export interface GradeRise {
  kind: 'crs' | 'icans'
  day: number
  date: string
  grade: number
  previousGrade: number
  /** the findings that drove the new grade */
  finding: string
}

const floorOf = (o: ToxicityGradeOutcome<number>) => (o.kind === 'graded' ? o.grade : (o.atLeast ?? 0))
const driverText = (o: ToxicityGradeOutcome<number>) =>
  o.drivers.filter((d) => d.grade >= 1).map((d) => d.finding).join('; ') || o.drivers.map((d) => d.finding).join('; ')

/**
 * Days whose guaranteed grade (graded, or the `atLeast` floor of a not-evaluable day) is higher after a save than
 * before, for grades ≥ 1. A grade that only becomes possible (`atMost`) does not alert: alerts are facts.
 * @example gradeRises(before, after, '2025-03-01') // [{ kind: 'crs', day: 2, grade: 2, previousGrade: 1, ... }]
 */
export function gradeRises(before: SubjectSafetyCourse | null, after: SubjectSafetyCourse, infusionDate: string): GradeRise[] {
  const out: GradeRise[] = []
  const compare = (kind: 'crs' | 'icans', prev: readonly { day: number; outcome: ToxicityGradeOutcome<number> }[], next: readonly { day: number; outcome: ToxicityGradeOutcome<number> }[]) => {
    for (const d of next) {
      const grade = floorOf(d.outcome)
      const old = prev.find((p) => p.day === d.day)
      const previousGrade = old ? floorOf(old.outcome) : 0
      if (grade >= 1 && grade > previousGrade) out.push({ kind, day: d.day, date: addDays(infusionDate, d.day), grade, previousGrade, finding: driverText(d.outcome) })
    }
  }
  compare('crs', before?.crs.days ?? [], after.crs.days)
  compare('icans', before?.icans.days ?? [], after.icans.days)
  return out
}
