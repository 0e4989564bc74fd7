/**
 * Inputs and output of the results report (domain/statistics.md §1-§3: descriptive summaries, exact CIs,
 * Kaplan-Meier DoR; domain/response-itp.md §3.11: response outputs; domain/safety-grading.md: CRS / ICANS /
 * CTCAE; domain/regimen-and-dosing.md §7-§8: CAR kinetics and B cells). Every number carries the subject ids
 * behind it so that a reader can trace it.
 */
import type { ResponseInput, ResponseParams, ResponseResult, RescueType } from '../response/index.js'
import type { KaplanMeierFit } from '../stats/index.js'
import type { AeIncidenceRow } from '../toxicity/index.js'

export type ReportLanguage = 'en' | 'zh-CN'

/** One adverse event on protocol days (Day 0 = infusion). */
export interface ReportAdverseEvent {
  term: string
  soc: string | null
  /** CTCAE v5.0 or ASTCT 2019 grade; null = not graded */
  grade: number | null
  /** AETOX: `ASTCT 2019`, `CTCAE v5.0`, ... */
  gradingSystem: string | null
  serious: boolean
  startDay: number
  endDay: number | null
}

/** A medication (rescue or new ITP therapy) on protocol days. */
export interface ReportMedication {
  treatment: string
  /** rescue type, or `NEW_ITP_THERAPY` */
  kind: RescueType | 'NEW_ITP_THERAPY'
  startDay: number
  endDay: number
}

/** Everything the report needs about one infused subject. */
export interface StudyReportSubjectInput {
  usubjid: string
  siteId: string
  /** years; null = not recorded */
  age: number | null
  sex: 'M' | 'F' | 'U' | 'UNDIFFERENTIATED'
  /** dose level id (e.g. `DL1`), null when unknown */
  doseLevel: string | null
  /** the response engine input (its `dataCutoffDate` is replaced by the report's cut-off) */
  response: ResponseInput
  /**
   * the response parameters of the protocol version this subject consented to, when it is not the report's
   * protocol (a subject stays on its consent's version until re-consented: issue #3); default: the report's
   */
  responseParams?: ResponseParams
  /** last contact (default: the cut-off) */
  lastContactDate?: string | null
  /** date of death; null / absent = not known to have died (statistics.md §4.1: death marker, end of follow-up) */
  deathDate?: string | null
  itpDiagnosisDate: string | null
  /** distinct prior ITP therapies; null = not collected */
  priorTherapies: string[] | null
  /** protocol days of lymphodepletion and the agents given; null = not collected */
  ldDays: number[] | null
  ldAgents: string[]
  cellDose: number | null
  cellDoseUnit: string | null
  /**
   * null = adverse events not collected for this subject (left out of the safety denominators). Adverse events,
   * medications and samples starting after the report's cut-off are left out of the report (response-itp.md §3.1).
   */
  adverseEvents: ReportAdverseEvent[] | null
  medications: ReportMedication[]
  /** CAR transgene copies/ug gDNA (qPCR) */
  carSamples: { day: number; level: number }[]
  /** CD19+ B cells/uL */
  bCellSamples: { day: number; perUl: number }[]
  /** platelet glycoprotein autoantibody (ELISA) */
  gpAntibody: { day: number; positive: boolean }[]
  /**
   * serum immunoglobulins with the lab's lower reference limit (same unit as `value`; null = not given);
   * units g/L, mg/dL (interchange/ctgov-fhir-odm.md), g/dL or mg/L; reported in g/L
   */
  immunoglobulins?: { test: 'IGG' | 'IGA' | 'IGM'; day: number; value: number; unit: string; refLow: number | null }[]
}

/** x of n with the ids of the x subjects. */
export interface ReportCount {
  x: number
  n: number
  /** 100 x / n, null when n = 0 */
  percent: number | null
  ids: string[]
}

/** x of n with its exact (Clopper-Pearson) 95 % CI (statistics.md §2). */
export interface ReportProportion extends ReportCount {
  lower: number | null
  upper: number | null
  /** "75.0 % (19.4–99.4)" */
  display: string
}

/** Median (range) of the subjects with a value (statistics.md §1); null when none. */
export interface ReportSummary {
  n: number
  median: number
  min: number
  max: number
  ids: string[]
}

/**
 * One immunoglobulin of a group (immunoglobulins.ts): baseline (last value on or before Day 0; its `n` is the
 * subjects with a baseline) and post-infusion nadir, median (range) in g/L, and the subjects whose nadir fell
 * below their lab's lower reference limit (of those whose nadir has one; no protocol threshold: safety-grading.md §3.2)
 */
export interface ReportImmunoglobulin {
  test: 'IGG' | 'IGA' | 'IGM'
  unit: 'g/L'
  baseline: ReportSummary | null
  nadir: ReportSummary | null
  nadirBelowLln: ReportCount
}

/** Kaplan-Meier DoR summary (statistics.md §3). */
export interface ReportKm {
  n: number
  events: number
  ids: string[]
  fit: KaplanMeierFit | null
  /** null = not reached */
  median: number | null
  lower: number | null
  upper: number | null
}

export interface ReportGrades {
  any: ReportCount
  /** worst grade per subject, grades 1-5 */
  byGrade: Record<1 | 2 | 3 | 4 | 5, ReportCount>
  grade3OrHigher: ReportCount
  /** subjects given high-dose corticosteroids during the event, and the treatments */
  corticosteroids: ReportCount & { treatments: string[] }
}

/** One analysis group: a dose level or `overall`. */
export interface ReportGroup {
  id: string
  label: string
  n: number
  ids: string[]
  baseline: {
    age: ReportSummary | null
    female: ReportCount
    diseaseDurationYears: ReportSummary | null
    priorTherapies: ReportSummary | null
    priorTherapyClasses: { therapyClass: string; count: ReportCount }[]
    baselinePlatelets: ReportSummary | null
    gpAutoantibodyPositive: ReportCount
  }
  exposure: {
    cellDose: ReportSummary | null
    cellDoseUnit: string | null
    /** FC on Days -5, -4, -3 */
    ldStandardSchedule: ReportCount
    followUpDays: ReportSummary | null
    followUpMonths: ReportSummary | null
    /**
     * reverse Kaplan-Meier follow-up in days (death censors), when `methods.followUpMethod` is `reverse-km`
     * (statistics.md §1 PROTOCOL DECISION); null otherwise or without subjects
     */
    followUpReverseKm: ReportKm | null
  }
  efficacy: {
    /** CR / R / NR over the response population (all infused, or without NE: `methods.notEvaluableInDenominator`); NE over all infused */
    bor: Record<'CR' | 'R' | 'NR' | 'NE', ReportProportion>
    /** the response population (response-itp.md §3.11): the denominator of `bor` CR / R / NR, `orr` and `crRate` */
    responseIds: string[]
    /** CR + R over the response population (response-itp.md §3.11) */
    orr: ReportProportion
    crRate: ReportProportion
    ttr: ReportSummary | null
    ttcr: ReportSummary | null
    dor: ReportKm
    /** % of observed time in response, responders */
    timeInResponsePercent: ReportSummary | null
    relapse: ReportCount
    newItpTherapy: ReportCount
    /**
     * Concomitant-therapy reduction: of the subjects given IVIG rescue after infusion, those with no IVIG
     * during the last `methods.ivigFreeDays` days of observation (response-itp.md §2 item 5: "IVIG-independent")
     */
    ivigIndependent: ReportCount
    /** the subjects given IVIG rescue after infusion during observation: the denominator of `ivigIndependent` */
    ivigGivenIds: string[]
    /** day after the end of the last IVIG course, for the IVIG-independent subjects */
    ivigIndependenceDay: ReportSummary | null
  }
  safety: { crs: ReportGrades; icans: ReportGrades; anyAe: ReportCount; seriousAe: ReportCount }
  correlatives: {
    carExpansion: ReportCount
    carTmax: ReportSummary | null
    carCmax: ReportSummary | null
    carAuc28: ReportSummary | null
    bCellElimination: ReportCount
    sustainedAplasia: ReportCount
    bCellRecovery: ReportCount
    bCellRecoveryDay: ReportSummary | null
    /** of the GP-positive subjects, those negative on every post-infusion test */
    gpTurnedNegative: ReportCount
    /** tests with data in the group (IgG, IgA, IgM order); empty when none */
    immunoglobulins: ReportImmunoglobulin[]
  } | null
}

/** Per-subject listing (the data behind the figures). */
export interface ReportSubjectRow {
  id: string
  doseLevel: string | null
  age: number | null
  sex: StudyReportSubjectInput['sex']
  infusionDate: string
  /** protocol day of the cut-off, last contact or death, whichever is first */
  followUpDay: number
  /** protocol day of death; null when not known to have died (statistics.md §4.1) */
  deathDay: number | null
  baseline: number | null
  result: ResponseResult
  platelets: { day: number; value: number; excluded: string | null }[]
  medications: ReportMedication[]
  /**
   * rescue exclusion windows after the end of each rescue type, days (the response parameters applied to this
   * subject; response-itp.md §3.2), for the spaghetti plot's rescue-window bands (statistics.md §4.2)
   */
  rescueWindowDays: Readonly<Record<RescueType, number>>
  crsMaxGrade: number
  icansMaxGrade: number
  /** protocol day of the first CRS or ICANS episode of grade >= 3 (start of the AE), null when none (statistics.md §4.1) */
  severeCrsIcansDay: number | null
  /** best evaluable post-infusion platelet change from baseline, %; null without a positive baseline */
  bestChangePercent: number | null
  carSamples: { day: number; level: number }[]
  bCellSamples: { day: number; perUl: number }[]
  bCellRecoveryDay: number | null
}

/** An AE table row with the subject ids behind each cell (`ids[i]` belongs to `cells[i]`). */
export interface ReportAeRow extends AeIncidenceRow {
  ids: { any: string[]; grade3OrHigher: string[] }[]
}

export interface StudyReport {
  kind: 'celltrial.study-report'
  version: 1
  protocol: { registryId: string; title: string }
  cutoff: string
  doseLevels: { id: string; label: string }[]
  groups: ReportGroup[]
  subjects: ReportSubjectRow[]
  aeTable: ReportAeRow[]
  narrative: Record<ReportLanguage, string>
  methods: {
    ciMethod: string
    kmConfType: string
    /** CD19+ cells/uL (regimen-and-dosing.md §8 PROTOCOL DECISION); null: no absolute cutoff, aplasia not derived */
    bCellCutoffPerUl: number | null
    /** consecutive samples confirming aplasia onset and recovery (§8 PROTOCOL DECISION) */
    bCellConfirmations: number
    followUpMonthDays: number
    ivigFreeDays: number
    /** NE subjects in the denominator of the response rates (response-itp.md §3.11 PROTOCOL DECISION) */
    notEvaluableInDenominator: boolean
    /** follow-up summary (statistics.md §1 PROTOCOL DECISION) */
    followUpMethod: 'observed' | 'reverse-km'
  }
}
