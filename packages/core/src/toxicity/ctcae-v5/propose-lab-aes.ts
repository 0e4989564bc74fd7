import { toEpochDay } from '../../dates/index.js'
import { gradeCtcaeLab, type CtcaeLabGrade, type CtcaeLabOutcome, type LabResultValue } from './grade-lab-value.js'
import { CTCAE_V5_LAB_TERMS, CTCAE_VERSION, type CtcaeLabAnalyte } from './lab-terms.js'
import { labUnitConversion } from './lab-units.js'

/** One laboratory sample of a subject (value `null` = reported but not measurable). */
export interface LabSeriesSample extends Omit<LabResultValue, 'value'> {
  analyte: CtcaeLabAnalyte
  /** calendar date `YYYY-MM-DD` (site time zone) */
  date: string
  value: number | null
  /** optional source record id, echoed in proposals */
  sampleId?: string
}

/**
 * When a post-baseline abnormal value is proposed as an AE.
 * - `any-abnormal`: every post-baseline grade ≥ `minimumGrade`.
 * - `worsening-from-baseline`: only a grade worse than the reference grade, where the reference starts at the
 *   baseline grade and drops to any lower grade reached later (LAB-7 "or after recovery to a lower grade").
 */
export type LabAeEmergenceRule = 'any-abnormal' | 'worsening-from-baseline'

export interface ProposeLabAesOptions {
  /** Last pre-treatment date: baseline = last evaluable sample on or before it (default in the docs: first LD day). */
  baselineDate: string
  /**
   * LAB-7 **PROTOCOL DECISION** (ITP baseline cytopenia): analytes graded with `worsening-from-baseline`.
   * Default `['platelets']`: baseline thrombocytopenia is not an AE unless it worsens.
   */
  worseningOnlyAnalytes?: readonly CtcaeLabAnalyte[]
  /** lowest grade proposed (default 1) */
  minimumGrade?: CtcaeLabGrade
}

/** A proposed lab-derived AE: one run of consecutive qualifying samples. The investigator confirms or rejects it. */
export interface LabAeProposal {
  status: 'proposed'
  analyte: CtcaeLabAnalyte
  term: string
  soc: string
  ctcaeVersion: typeof CTCAE_VERSION
  rule: LabAeEmergenceRule
  baselineGrade: CtcaeLabGrade | null
  onsetDate: string
  /** date of the last qualifying sample */
  lastAbnormalDate: string
  /** date of the first later sample that no longer qualifies; `null` = still ongoing at the last sample */
  endDate: string | null
  worstGrade: CtcaeLabGrade
  worstGradeDate: string
  sampleDates: string[]
  sampleIds: string[]
}

/** A post-baseline sample the engine could not decide on; it neither starts nor ends a proposal. */
export interface UndecidedLabSample {
  analyte: CtcaeLabAnalyte
  date: string
  sampleId?: string
  reason: string
}

export interface LabAeProposals {
  proposals: LabAeProposal[]
  undecided: UndecidedLabSample[]
  /** the baseline sample used per analyte (`null` when none) */
  baselines: Partial<Record<CtcaeLabAnalyte, { date: string; grade: CtcaeLabGrade | null } | null>>
}

/** A sample whose value can be graded at all: a finite number ≥ 0 in a unit known for the analyte (LAB-6). */
function evaluableValue(analyte: CtcaeLabAnalyte, s: LabSeriesSample): boolean {
  return s.value !== null && Number.isFinite(s.value) && s.value >= 0 && labUnitConversion(analyte, s.unit) !== null
}

/**
 * Propose CTCAE v5.0 lab-derived AEs from a subject's laboratory series (proposals only).
 * Samples on or before `baselineDate` are pre-treatment; the last evaluable one (known unit, finite value ≥ 0) is the baseline.
 * LD-induced cytopenias fall after the baseline date and are proposed (LAB-7: "still recorded as AEs").
 * Source: safety-grading.md §3.2 (LAB-1…LAB-7); NCI CTCAE v5.0.
 * @example
 * proposeLabAes([{ analyte: 'platelets', date: '2025-01-01', value: 20, unit: '10^9/L', lln: 150 },
 *                { analyte: 'platelets', date: '2025-01-09', value: 8, unit: '10^9/L', lln: 150 }],
 *               { baselineDate: '2025-01-03' }).proposals.length // 0: grade 4 at baseline cannot worsen
 */
export function proposeLabAes(samples: readonly LabSeriesSample[], options: ProposeLabAesOptions): LabAeProposals {
  const worseningOnly = options.worseningOnlyAnalytes ?? ['platelets']
  const minimumGrade = options.minimumGrade ?? 1
  const cutoff = toEpochDay(options.baselineDate)
  const out: LabAeProposals = { proposals: [], undecided: [], baselines: {} }
  const byAnalyte = new Map<CtcaeLabAnalyte, LabSeriesSample[]>()
  for (const s of samples) byAnalyte.set(s.analyte, [...(byAnalyte.get(s.analyte) ?? []), s])

  for (const [analyte, list] of byAnalyte) {
    const sorted = list.map((s, i) => ({ s, i, day: toEpochDay(s.date) })).sort((a, b) => a.day - b.day || a.i - b.i)
    // baseline = last EVALUABLE pre-treatment sample (README glossary "Baseline"): a value in an unknown unit, or not a
    // finite number ≥ 0, is skipped rather than hiding the usable one before it (and every later grade with it)
    const pre = sorted.filter((x) => x.day <= cutoff && evaluableValue(analyte, x.s))
    const baselineSample = pre.length > 0 ? (pre[pre.length - 1] as (typeof pre)[number]).s : null
    const baseline: LabResultValue | null = baselineSample === null ? null : { ...baselineSample, value: baselineSample.value as number }
    const baselineOutcome = baseline === null ? null : gradeCtcaeLab({ ...baseline, analyte })
    const baselineGrade = baselineOutcome?.kind === 'graded' ? baselineOutcome.grade : null
    out.baselines[analyte] = baselineSample === null ? null : { date: baselineSample.date, grade: baselineGrade }
    const rule: LabAeEmergenceRule = worseningOnly.includes(analyte) ? 'worsening-from-baseline' : 'any-abnormal'
    let reference: number | null = baselineGrade
    let open: LabAeProposal | null = null
    const close = (endDate: string | null) => {
      if (open !== null) out.proposals.push({ ...open, endDate })
      open = null
    }
    for (const { s, day } of sorted) {
      if (day <= cutoff) continue
      const outcome: CtcaeLabOutcome | null = s.value === null ? null : gradeCtcaeLab({ ...s, value: s.value, analyte, baseline })
      if (outcome === null || outcome.kind !== 'graded') {
        out.undecided.push({ analyte, date: s.date, ...(s.sampleId ? { sampleId: s.sampleId } : {}), reason: outcome === null ? 'no value' : outcome.reason })
        continue
      }
      const grade = outcome.grade
      let qualifies: boolean
      if (rule === 'any-abnormal') qualifies = grade >= minimumGrade
      else if (reference === null) {
        out.undecided.push({ analyte, date: s.date, ...(s.sampleId ? { sampleId: s.sampleId } : {}), reason: 'baseline grade unknown: worsening cannot be judged (LAB-7)' })
        continue
      } else qualifies = grade >= minimumGrade && grade > reference
      if (rule === 'worsening-from-baseline' && reference !== null) reference = Math.min(reference, grade)
      if (!qualifies) {
        close(s.date)
        continue
      }
      if (open === null) {
        const def = CTCAE_V5_LAB_TERMS[analyte]
        open = {
          status: 'proposed', analyte, term: def.term, soc: def.soc, ctcaeVersion: CTCAE_VERSION, rule, baselineGrade,
          onsetDate: s.date, lastAbnormalDate: s.date, endDate: null, worstGrade: grade, worstGradeDate: s.date, sampleDates: [], sampleIds: [],
        }
      }
      const current: LabAeProposal = open
      current.lastAbnormalDate = s.date
      current.sampleDates.push(s.date)
      if (s.sampleId) current.sampleIds.push(s.sampleId)
      if (grade > current.worstGrade) {
        current.worstGrade = grade
        current.worstGradeDate = s.date
      }
    }
    close(null)
  }
  return out
}
