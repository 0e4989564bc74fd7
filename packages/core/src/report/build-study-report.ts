/**
 * The results report of a study as a JSON model: baseline characteristics, exposure, efficacy, safety and
 * correlatives per dose level and overall, with the subject ids behind every number and an abstract-style
 * narrative in English and Chinese.
 *
 * Source: domain/statistics.md §1 (median (range), percent with x/n, analysis population = all infused),
 * §2 (Clopper-Pearson), §3 (Kaplan-Meier DoR, log-log CI by default); domain/response-itp.md §3.11 (best
 * response, TTR, TTCR, DoR, relapse, cumulative days in response; ORR denominator = all infused);
 * domain/safety-grading.md §1-§3 (ASTCT 2019 CRS / ICANS, CTCAE v5.0); domain/regimen-and-dosing.md §7
 * (Cmax, Tmax, AUC0-28d; LLOQ, BLQ handling and the Day 28 window from the protocol's `endpoints.kinetics`) and §8
 * (B-cell aplasia: cutoff and consecutive samples from the protocol's `endpoints.bCellAplasia`, PROTOCOL DECISIONS).
 */
import { daysBetween, protocolDay } from '../dates/index.js'
import { carKinetics, bCellAplasia } from '../kinetics/index.js'
import type { BCellAplasiaSettings, KineticsSettings, Protocol } from '../protocol/index.js'
import { evaluateResponse, type ResponseParams } from '../response/index.js'
import { kaplanMeier, reverseKaplanMeier, timeInResponse, type SurvivalConfType } from '../stats/index.js'
import { aeIncidenceTable, type AeIncidenceRow } from '../toxicity/index.js'
import { immunoglobulinSeries, immunoglobulinSummaries, type ImmunoglobulinSeries, type ImmunoglobulinTest } from './immunoglobulins.js'
import { ivigIndependence } from './ivig-independence.js'
import { buildNarrative } from './narrative.js'
import { completedYears, countOf, proportionOf, summaryOf } from './summaries.js'
import { therapyClass } from './therapy-classes.js'
import type { ReportAeRow, ReportGrades, ReportGroup, ReportKm, ReportSubjectRow, StudyReport, StudyReportSubjectInput } from './types.js'

const CRS_TERMS = /^cytokine release syndrome$/i
const ICANS_TERMS = /^immune effector cell-associated neurotoxicity syndrome$/i
/** Days per month for follow-up in months (365.25 / 12). */
const MONTH_DAYS = 30.4375
/** FC schedule "on days -5, -4 and -3" (seed abstract 004; regimen-and-dosing.md §4). */
const STANDARD_LD_DAYS = [-5, -4, -3]

export interface StudyReportOptions {
  /** data cut-off YYYY-MM-DD */
  cutoff: string
  protocol: Protocol
  /** response parameters (default: the protocol's) */
  params?: ResponseParams
  /**
   * CD19+ B cells/uL below which a sample is aplastic (PROTOCOL DECISION; regimen-and-dosing.md §8 example 100);
   * default the protocol's `endpoints.bCellAplasia.absoluteCutoffPerUl`
   */
  bCellCutoffPerUl?: number
  /**
   * IVIG-free days at the end of observation for IVIG independence (PROTOCOL DECISION; default 90, the
   * "3 months" of the seed abstract's "became IVIG-independent 3 months after CAR-T")
   */
  ivigFreeDays?: number
  /** Kaplan-Meier pointwise CI transform for DoR (PROTOCOL DECISION, statistics.md §3.1; default `log-log`) */
  kmConfType?: SurvivalConfType
  /**
   * `NE` subjects stay in the denominator of the response rates (ORR, CR rate, best response CR / R / NR) as
   * non-responders (PROTOCOL DECISION, response-itp.md §3.11 and §5 item 7; default true). false: those rates are
   * over the infused subjects who are not `NE`; the NE row stays over all infused.
   */
  notEvaluableInDenominator?: boolean
  /**
   * Follow-up summary (PROTOCOL DECISION, statistics.md §1 "Time variables"): `observed` = median (range) of the
   * observed follow-up (default); `reverse-km` adds the reverse Kaplan-Meier median potential follow-up with its CI
   * (death censors; Schemper & Smith 1996). The observed range is reported either way.
   */
  followUpMethod?: 'observed' | 'reverse-km'
}

/** The settings a group summary needs. */
interface GroupSettings {
  ivigFreeDays: number
  kmConfType: SurvivalConfType
  notEvaluableInDenominator: boolean
  followUpMethod: 'observed' | 'reverse-km'
}

interface Derived {
  input: StudyReportSubjectInput
  row: ReportSubjectRow
  crs: number
  icans: number
  crsAny: boolean
  icansAny: boolean
  steroidDuring: { crs: string[]; icans: string[] }
  kinetics: { cmax: number | null; tmax: number | null; auc: number | null } | null
  aplasia: { onset: number | null; recovery: number | null } | null
  eliminated: boolean | null
  gp: { baselinePositive: boolean | null; turnedNegative: boolean }
  immunoglobulins: Map<ImmunoglobulinTest, ImmunoglobulinSeries>
}

function maxGrade(s: StudyReportSubjectInput, term: RegExp): number {
  return (s.adverseEvents ?? []).filter((a) => term.test(a.term)).reduce((m, a) => Math.max(m, a.grade ?? 0), 0)
}

/** Day of the first CRS or ICANS AE of grade >= 3 (its start), the swimmer plot's optional marker (statistics.md §4.1). */
function severeCrsIcansDay(s: StudyReportSubjectInput): number | null {
  const days = (s.adverseEvents ?? []).filter((a) => (CRS_TERMS.test(a.term) || ICANS_TERMS.test(a.term)) && (a.grade ?? 0) >= 3).map((a) => a.startDay)
  return days.length === 0 ? null : Math.min(...days)
}

/**
 * The subject had the event at any grade: a graded episode (grade >= 1) or one whose grade was not recorded (null =
 * "not graded", never grade 0: safety-grading.md ICANS-6 "Missing domains are 'not assessed', never 0").
 */
function hadEvent(s: StudyReportSubjectInput, term: RegExp): boolean {
  return (s.adverseEvents ?? []).some((a) => term.test(a.term) && (a.grade === null || a.grade > 0))
}

function steroidsDuring(s: StudyReportSubjectInput, term: RegExp): string[] {
  const episodes = (s.adverseEvents ?? []).filter((a) => term.test(a.term))
  const hit = s.medications.filter(
    (m) => m.kind === 'HIGH_DOSE_CORTICOSTEROID' && episodes.some((e) => m.startDay >= e.startDay && m.startDay <= (e.endDay ?? e.startDay)),
  )
  return [...new Set(hit.map((m) => m.treatment))]
}

interface DeriveSettings {
  cutoff: string
  params: ResponseParams
  /** null: the protocol has no absolute cutoff, so aplasia is not derived from the absolute counts */
  bCellCutoffPerUl: number | null
  bCellConfirmations: BCellAplasiaSettings['confirmations']
  kinetics: Omit<KineticsSettings, 'sources'>
}

function derive(s: StudyReportSubjectInput, opts: DeriveSettings): Derived {
  const result = evaluateResponse({ ...s.response, dataCutoffDate: opts.cutoff }, opts.params)
  const infusion = s.response.infusionDate
  // statistics.md §4.1: the bar runs Day 0 -> last follow-up (cut-off, last contact or death, whichever is first)
  const death = s.deathDate && s.deathDate <= opts.cutoff ? s.deathDate : null
  const end = [s.lastContactDate, death].reduce<string>((e, d) => (d && d < e ? d : e), opts.cutoff)
  const excluded = new Map(result.explanation.excluded.map((e) => [e.index, e.reason]))
  const platelets = s.response.plateletCounts
    .map((c, i) => ({ day: protocolDay(c.date, infusion), value: c.value, excluded: excluded.get(i) ?? null, date: c.date }))
    .filter((c) => c.date <= opts.cutoff)
    .map(({ day, value, excluded: e }) => ({ day, value, excluded: e }))
    .sort((a, b) => a.day - b.day)
  const base = result.baseline
  const evaluable = platelets.filter((p) => p.day > 0 && (p.excluded === null || p.excluded === 'BEFORE_EVAL_START'))
  const bestChangePercent =
    base !== null && base > 0 && evaluable.length > 0 ? (100 * (Math.max(...evaluable.map((p) => p.value)) - base)) / base : null
  const post = s.carSamples.filter((c) => c.day >= 0)
  const k = post.length > 0 ? carKinetics(post.map((c) => ({ day: c.day, level: c.level })), opts.kinetics) : null
  const bPost = s.bCellSamples.filter((b) => b.day > 0)
  // §8: the report's B-cell samples are absolute counts (cells/uL), so only the absolute cutoff applies
  const ap =
    bPost.length > 0 && opts.bCellCutoffPerUl !== null
      ? bCellAplasia(bPost.map((b) => ({ day: b.day, cd19PerUl: b.perUl })), { percentCutoff: null, absoluteCutoff: opts.bCellCutoffPerUl, confirmations: opts.bCellConfirmations })
      : null
  const gpBefore = s.gpAntibody.filter((g) => g.day <= 0)
  const gpAfter = s.gpAntibody.filter((g) => g.day > 0)
  const baselinePositive = gpBefore.length > 0 ? gpBefore[gpBefore.length - 1]!.positive : null
  const row: ReportSubjectRow = {
    id: s.usubjid,
    doseLevel: s.doseLevel,
    age: s.age,
    sex: s.sex,
    infusionDate: infusion,
    followUpDay: daysBetween(infusion, end),
    deathDay: death === null ? null : daysBetween(infusion, death),
    baseline: base,
    result,
    platelets,
    medications: s.medications,
    rescueWindowDays: opts.params.rescueWindowDays,
    crsMaxGrade: maxGrade(s, CRS_TERMS),
    icansMaxGrade: maxGrade(s, ICANS_TERMS),
    severeCrsIcansDay: severeCrsIcansDay(s),
    bestChangePercent,
    carSamples: s.carSamples,
    bCellSamples: s.bCellSamples,
    bCellRecoveryDay: ap?.ok ? ap.value.recoveryDay : null,
  }
  return {
    input: s,
    row,
    crs: row.crsMaxGrade,
    icans: row.icansMaxGrade,
    crsAny: hadEvent(s, CRS_TERMS),
    icansAny: hadEvent(s, ICANS_TERMS),
    steroidDuring: { crs: steroidsDuring(s, CRS_TERMS), icans: steroidsDuring(s, ICANS_TERMS) },
    kinetics: k?.ok ? { cmax: k.value.cmax, tmax: k.value.tmax, auc: k.value.auc } : null,
    aplasia: ap?.ok ? { onset: ap.value.onsetDay, recovery: ap.value.recoveryDay } : null,
    eliminated: bPost.length > 0 ? bPost.some((b) => b.perUl === 0) : null,
    gp: { baselinePositive, turnedNegative: baselinePositive === true && gpAfter.length > 0 && gpAfter.every((g) => !g.positive) },
    immunoglobulins: immunoglobulinSeries(s.immunoglobulins ?? []),
  }
}

/**
 * The subject's data as of the data cut-off: adverse events, medications and samples that start after it are left
 * out everywhere (tables, narrative and figure inputs), as the response engine leaves out later platelet counts
 * (response-itp.md §3.1 `dataCutoffDate`: "the analysis cut-off"; seeds/004 "As of the data cut-off"). Records
 * that start on or before the cut-off are kept as recorded.
 */
function asOfCutoff(s: StudyReportSubjectInput, cutoff: string): StudyReportSubjectInput {
  const last = daysBetween(s.response.infusionDate, cutoff)
  const upTo = <T extends { day: number }>(xs: readonly T[]): T[] => xs.filter((x) => x.day <= last)
  return {
    ...s,
    adverseEvents: s.adverseEvents === null ? null : s.adverseEvents.filter((a) => a.startDay <= last),
    medications: s.medications.filter((m) => m.startDay <= last),
    carSamples: upTo(s.carSamples),
    bCellSamples: upTo(s.bCellSamples),
    gpAntibody: upTo(s.gpAntibody),
    ...(s.immunoglobulins === undefined ? {} : { immunoglobulins: upTo(s.immunoglobulins) }),
  }
}

function grades(ids: string[], by: Map<string, Derived>, pick: (d: Derived) => number, had: (d: Derived) => boolean, steroids: (d: Derived) => string[]): ReportGrades {
  const g = (id: string) => pick(by.get(id)!)
  const byGrade = Object.fromEntries([1, 2, 3, 4, 5].map((k) => [k, countOf(ids, (id) => g(id) === k)])) as ReportGrades['byGrade']
  // "any grade" includes an episode whose grade was not recorded (it is not grade 0: safety-grading.md ICANS-6)
  const withSteroid = countOf(ids, (id) => had(by.get(id)!) && steroids(by.get(id)!).length > 0)
  return {
    any: countOf(ids, (id) => had(by.get(id)!)),
    byGrade,
    grade3OrHigher: countOf(ids, (id) => g(id) >= 3),
    corticosteroids: { ...withSteroid, treatments: [...new Set(withSteroid.ids.flatMap((id) => steroids(by.get(id)!)))] },
  }
}

function km(ids: string[], by: Map<string, Derived>, confType: SurvivalConfType): ReportKm {
  const responders = ids.filter((id) => by.get(id)!.row.result.DoR !== null)
  if (responders.length === 0) return { n: 0, events: 0, ids: [], fit: null, median: null, lower: null, upper: null }
  const r = responders.map((id) => by.get(id)!.row.result)
  const fit = kaplanMeier(r.map((x) => x.DoR!), r.map((x) => (x.DoREvent ? 1 : 0)), { confType })
  return { n: fit.n, events: fit.events, ids: responders, fit, median: fit.median.estimate, lower: fit.median.lower, upper: fit.median.upper }
}

/** Reverse Kaplan-Meier follow-up in days (statistics.md §1): death censors, everyone else is "followed" to their end. */
function reverseKm(ids: string[], by: Map<string, Derived>, confType: SurvivalConfType): ReportKm | null {
  if (ids.length === 0) return null
  const rows = ids.map((id) => by.get(id)!.row)
  const fit = reverseKaplanMeier(rows.map((r) => r.followUpDay), rows.map((r) => (r.deathDay === null ? 0 : 1)), { confType })
  return { n: fit.n, events: fit.events, ids, fit, median: fit.median.estimate, lower: fit.median.lower, upper: fit.median.upper }
}

function group(id: string, label: string, ids: string[], by: Map<string, Derived>, settings: GroupSettings): ReportGroup {
  const { ivigFreeDays, kmConfType } = settings
  const d = (sid: string) => by.get(sid)!
  const res = (sid: string) => d(sid).row.result
  const inp = (sid: string) => d(sid).input
  const ivig = (sid: string) => ivigIndependence(inp(sid).medications, d(sid).row.followUpDay, ivigFreeDays)
  const classes = new Map<string, true>()
  for (const sid of ids) for (const t of inp(sid).priorTherapies ?? []) classes.set(therapyClass(t), true)
  const priorTherapyClasses = [...classes.keys()]
    .map((c) => ({ therapyClass: c, count: countOf(ids, (sid) => (inp(sid).priorTherapies ?? []).some((t) => therapyClass(t) === c)) }))
    .sort((a, b) => b.count.x - a.count.x || a.therapyClass.localeCompare(b.therapyClass))
  const withCorrelatives = ids.some((sid) => inp(sid).carSamples.length + inp(sid).bCellSamples.length + inp(sid).gpAntibody.length + d(sid).immunoglobulins.size > 0)
  const gpPositive = ids.filter((sid) => d(sid).gp.baselinePositive === true)
  // safety population: subjects whose adverse events were collected (statistics.md §1: state the denominator)
  const safetyIds = ids.filter((sid) => inp(sid).adverseEvents !== null)
  // response population (response-itp.md §3.11): all infused, or without NE when the protocol says so
  const responseIds = settings.notEvaluableInDenominator ? ids : ids.filter((sid) => res(sid).bestResponse !== 'NE')
  const ivigGivenIds = ids.filter((sid) => ivig(sid).given)
  const units = [...new Set(ids.map((sid) => inp(sid).cellDoseUnit).filter((u) => u !== null))]
  return {
    id,
    label,
    n: ids.length,
    ids,
    baseline: {
      age: summaryOf(ids, (sid) => inp(sid).age),
      female: countOf(ids, (sid) => inp(sid).sex === 'F'),
      diseaseDurationYears: summaryOf(ids, (sid) => {
        const dx = inp(sid).itpDiagnosisDate
        return dx === null ? null : completedYears(dx, inp(sid).response.infusionDate)
      }),
      priorTherapies: summaryOf(ids, (sid) => inp(sid).priorTherapies?.length),
      priorTherapyClasses,
      baselinePlatelets: summaryOf(ids, (sid) => d(sid).row.baseline),
      gpAutoantibodyPositive: countOf(ids, (sid) => d(sid).gp.baselinePositive === true),
    },
    exposure: {
      cellDose: units.length === 1 ? summaryOf(ids, (sid) => inp(sid).cellDose) : null,
      cellDoseUnit: units.length === 1 ? units[0]! : null,
      ldStandardSchedule: countOf(ids.filter((sid) => inp(sid).ldDays !== null), (sid) => inp(sid).ldDays!.join() === STANDARD_LD_DAYS.join()),
      followUpDays: summaryOf(ids, (sid) => d(sid).row.followUpDay),
      followUpMonths: summaryOf(ids, (sid) => d(sid).row.followUpDay / MONTH_DAYS),
      followUpReverseKm: settings.followUpMethod === 'reverse-km' ? reverseKm(ids, by, kmConfType) : null,
    },
    efficacy: {
      responseIds,
      bor: {
        CR: proportionOf(responseIds, (sid) => res(sid).bestResponse === 'CR'),
        R: proportionOf(responseIds, (sid) => res(sid).bestResponse === 'R'),
        NR: proportionOf(responseIds, (sid) => res(sid).bestResponse === 'NR'),
        NE: proportionOf(ids, (sid) => res(sid).bestResponse === 'NE'),
      },
      orr: proportionOf(responseIds, (sid) => res(sid).bestResponse === 'CR' || res(sid).bestResponse === 'R'),
      crRate: proportionOf(responseIds, (sid) => res(sid).bestResponse === 'CR'),
      ttr: summaryOf(ids, (sid) => res(sid).TTR),
      ttcr: summaryOf(ids, (sid) => res(sid).TTCR),
      dor: km(ids, by, kmConfType),
      timeInResponsePercent: summaryOf(ids, (sid) => {
        const r = res(sid)
        if (r.responseDay === null || r.observedDays === null) return null
        const t = timeInResponse(r.cumulativeDaysInResponse, r.observedDays)
        return t.fraction === null ? null : 100 * t.fraction
      }),
      relapse: countOf(ids.filter((sid) => res(sid).responseDay !== null), (sid) => res(sid).relapse),
      newItpTherapy: countOf(ids, (sid) => inp(sid).medications.some((m) => m.kind === 'NEW_ITP_THERAPY')),
      ivigIndependent: countOf(ivigGivenIds, (sid) => ivig(sid).fromDay !== null),
      ivigGivenIds,
      ivigIndependenceDay: summaryOf(ids, (sid) => ivig(sid).fromDay),
    },
    safety: {
      crs: grades(safetyIds, by, (x) => x.crs, (x) => x.crsAny, (x) => x.steroidDuring.crs),
      icans: grades(safetyIds, by, (x) => x.icans, (x) => x.icansAny, (x) => x.steroidDuring.icans),
      anyAe: countOf(safetyIds, (sid) => inp(sid).adverseEvents!.length > 0),
      seriousAe: countOf(safetyIds, (sid) => inp(sid).adverseEvents!.some((a) => a.serious)),
    },
    correlatives: withCorrelatives
      ? {
          carExpansion: countOf(ids, (sid) => (d(sid).kinetics?.cmax ?? 0) > 0),
          carTmax: summaryOf(ids, (sid) => d(sid).kinetics?.tmax),
          carCmax: summaryOf(ids, (sid) => d(sid).kinetics?.cmax),
          carAuc28: summaryOf(ids, (sid) => d(sid).kinetics?.auc),
          bCellElimination: countOf(ids, (sid) => d(sid).eliminated === true),
          sustainedAplasia: countOf(ids, (sid) => d(sid).aplasia !== null && d(sid).aplasia!.onset !== null && d(sid).aplasia!.recovery === null),
          bCellRecovery: countOf(ids, (sid) => d(sid).aplasia?.recovery !== null && d(sid).aplasia?.recovery !== undefined),
          bCellRecoveryDay: summaryOf(ids, (sid) => d(sid).aplasia?.recovery),
          gpTurnedNegative: countOf(gpPositive, (sid) => d(sid).gp.turnedNegative),
          immunoglobulins: immunoglobulinSummaries(ids, (sid) => d(sid).immunoglobulins),
        }
      : null,
  }
}

/** The subjects behind each cell of an AE table row: with an event in the row, and with its worst grade >= 3. */
function aeRowIds(row: AeIncidenceRow, records: readonly { subjectId: string; soc: string; term: string; grade: number | null }[], by: Map<string, Derived>): ReportAeRow {
  const inRow = records.filter((e) => (row.soc === null || e.soc === row.soc) && (row.term === null || e.term === row.term))
  const ids = row.cells.map((c) => {
    const member = (id: string) => c.group === 'overall' || (by.get(id)!.input.doseLevel ?? 'UNKNOWN') === c.group
    const worst = new Map<string, number>()
    for (const e of inRow) if (member(e.subjectId)) worst.set(e.subjectId, Math.max(worst.get(e.subjectId) ?? 0, e.grade ?? 0))
    return { any: [...worst.keys()], grade3OrHigher: [...worst].filter(([, g]) => g >= 3).map(([id]) => id) }
  })
  return { ...row, ids }
}

/**
 * Build the study report.
 * @param inputs one entry per infused subject (the analysis population, statistics.md §1)
 * @param options cut-off, protocol (dose levels, response parameters), B-cell cutoff
 * @returns the report model; its `narrative` is the abstract paragraph in English and Chinese
 * @throws RangeError when the cut-off is not a date or the subject ids repeat
 * @example buildStudyReport(demo, { cutoff: '2025-06-15', protocol }).groups.at(-1).efficacy.orr.display // "75.0 % (19.4–99.4)"
 */
export function buildStudyReport(inputs: readonly StudyReportSubjectInput[], options: StudyReportOptions): StudyReport {
  const { cutoff, protocol } = options
  if (!/^\d{4}-\d{2}-\d{2}$/.test(cutoff)) throw new RangeError(`cutoff must be YYYY-MM-DD, got ${JSON.stringify(cutoff)}`)
  const params = options.params ?? protocol.endpoints.response
  const bCellCutoffPerUl = options.bCellCutoffPerUl ?? protocol.endpoints.bCellAplasia.absoluteCutoffPerUl
  const bCellConfirmations = protocol.endpoints.bCellAplasia.confirmations
  const { sources: _kineticsSources, ...kinetics } = protocol.endpoints.kinetics
  const ivigFreeDays = options.ivigFreeDays ?? 90
  const kmConfType = options.kmConfType ?? 'log-log'
  const notEvaluableInDenominator = options.notEvaluableInDenominator ?? true
  const followUpMethod = options.followUpMethod ?? 'observed'
  const settings: GroupSettings = { ivigFreeDays, kmConfType, notEvaluableInDenominator, followUpMethod }
  const by = new Map<string, Derived>()
  for (const s of inputs) {
    if (by.has(s.usubjid)) throw new RangeError(`subject ${s.usubjid} appears twice`)
    if (s.response.infusionDate > cutoff) continue
    // an explicit `params` (sensitivity analysis) applies to everyone; else each subject's own version
    by.set(s.usubjid, derive(asOfCutoff(s, cutoff), { cutoff, params: options.params ?? s.responseParams ?? params, bCellCutoffPerUl, bCellConfirmations, kinetics }))
  }
  const ids = [...by.keys()]
  const protocolLevels = protocol.arms.flatMap((a) => a.doseLevels.map((l) => ({ id: l.id, label: l.label })))
  const seen = [...new Set(ids.map((id) => by.get(id)!.input.doseLevel ?? 'UNKNOWN'))]
  const doseLevels = [
    ...protocolLevels.filter((l) => seen.includes(l.id)),
    ...seen.filter((l) => !protocolLevels.some((p) => p.id === l)).map((l) => ({ id: l, label: l })),
  ]
  const groups = [
    ...doseLevels.map((l) => group(l.id, l.label, ids.filter((id) => (by.get(id)!.input.doseLevel ?? 'UNKNOWN') === l.id), by, settings)),
    group('overall', 'Overall', ids, by, settings),
  ]
  const withAes = ids.filter((id) => by.get(id)!.input.adverseEvents !== null)
  const aeRecords = withAes.flatMap((id) => by.get(id)!.input.adverseEvents!.map((a) => ({ subjectId: id, soc: a.soc ?? 'Not coded', term: a.term, grade: a.grade })))
  // columns in the dose-level order of the other tables (the table orders its groups by first appearance)
  const levelIndex = (id: string) => doseLevels.findIndex((l) => l.id === (by.get(id)!.input.doseLevel ?? 'UNKNOWN'))
  const aePopulation = withAes.map((id) => ({ subjectId: id, doseLevel: by.get(id)!.input.doseLevel ?? 'UNKNOWN' }))
  const aeTable = aeIncidenceTable(aePopulation.sort((a, b) => levelIndex(a.subjectId) - levelIndex(b.subjectId)), aeRecords).map((r) => aeRowIds(r, aeRecords, by))
  const report: Omit<StudyReport, 'narrative'> = {
    kind: 'celltrial.study-report',
    version: 1,
    protocol: { registryId: protocol.identification.registryId, title: protocol.identification.briefTitle },
    cutoff,
    doseLevels,
    groups,
    subjects: ids.map((id) => by.get(id)!.row),
    aeTable,
    methods: { ciMethod: 'Clopper-Pearson exact', kmConfType, bCellCutoffPerUl, bCellConfirmations, followUpMonthDays: MONTH_DAYS, ivigFreeDays, notEvaluableInDenominator, followUpMethod },
  }
  return { ...report, narrative: { en: buildNarrative(report, 'en'), 'zh-CN': buildNarrative(report, 'zh-CN') } }
}
