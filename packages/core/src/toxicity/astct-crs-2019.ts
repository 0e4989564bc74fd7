import type { ToxicityGradeDriver, ToxicityGradeOutcome, ToxicityGradeRange } from './grade-outcome.js'

/** ASTCT CRS grade; 5 = death due to CRS. */
export type CrsGrade = 0 | 1 | 2 | 3 | 4 | 5

/** How oxygen was delivered at the worst point of the day. */
export type OxygenDelivery =
  | 'none'
  | 'blow-by'
  | 'nasal-cannula'
  | 'high-flow-nasal-cannula'
  | 'facemask'
  | 'non-rebreather'
  | 'venturi-mask'
  | 'cpap'
  | 'bipap'
  | 'mechanical-ventilation'

export type VasopressorAgent = 'norepinephrine' | 'epinephrine' | 'dopamine' | 'phenylephrine' | 'vasopressin' | 'other'

export interface VasopressorUse {
  agent: VasopressorAgent
  /** product name when `agent` is `other` */
  name?: string
  /** recorded for the audit trail; ASTCT 2019 grades by number of agents, not dose */
  dose?: number
  doseUnit?: string
}

export interface OxygenSupport {
  delivery: OxygenDelivery
  /** L/min; required to tell low-flow (≤ 6) from high-flow (> 6) nasal cannula */
  flowLPerMin?: number | null
  /** CRS-8: oxygen for comfort, not to correct a deficit, is not hypoxia */
  forComfortOnly?: boolean
  /** CRS-4: hypoxia attributable to another cause */
  attributableToOtherCause?: boolean
}

/** The worst findings of one day (protocol Day 0 = infusion). `null` = not assessed. */
export interface CrsDailyFindings {
  day: number
  /** highest temperature of the day, °C */
  maxTemperatureC: number | null
  /** CRS-1: fever attributable to another cause (e.g. documented infection) does not count */
  feverAttributableToOtherCause?: boolean
  /** hypotension present (whether or not vasopressors were needed) */
  hypotension: boolean | null
  vasopressors?: readonly VasopressorUse[]
  /** CRS-4 */
  hypotensionAttributableToOtherCause?: boolean
  oxygen: OxygenSupport | null
  deathDueToCrs?: boolean
}

/** State carried from earlier days: CRS-2 masking applies only to a patient already diagnosed with CRS. */
export interface CrsGradingContext {
  crsAlreadyDiagnosed: boolean
  /** antipyretic or anti-cytokine therapy (tocilizumab, corticosteroids …) given since this CRS episode began */
  maskingTherapyGivenSinceOnset: boolean
  /** for the explanation, e.g. `tocilizumab Day 2` */
  maskingTherapyLabel?: string
}

export type CrsOutcome = ToxicityGradeOutcome<CrsGrade>

type Tri = true | false | null

function hypotensionRange(f: CrsDailyFindings): { range: ToxicityGradeRange; finding: string } {
  const pressors = f.vasopressors ?? []
  if (f.hypotensionAttributableToOtherCause) return { range: { min: 1, max: 1 }, finding: 'hypotension attributed to another cause (CRS-4)' }
  const counted = new Set(pressors.filter((p) => p.agent !== 'vasopressin').map((p) => (p.agent === 'other' ? `other:${p.name ?? ''}` : p.agent)))
  const names = pressors.map((p) => (p.agent === 'other' ? (p.name ?? 'other') : p.agent)).join(' + ')
  if (counted.size >= 2) return { range: { min: 4, max: 4 }, finding: `${names}: multiple vasopressors (vasopressin not counted, CRS-6)` }
  if (pressors.length > 0) return { range: { min: 3, max: 3 }, finding: `${names}: one vasopressor with or without vasopressin (CRS-6)` }
  if (f.hypotension === true) return { range: { min: 2, max: 2 }, finding: 'hypotension not requiring vasopressors' }
  if (f.hypotension === false) return { range: { min: 1, max: 1 }, finding: 'no hypotension' }
  return { range: { min: 1, max: 4 }, finding: 'hypotension not assessed' }
}

function hypoxiaRange(o: OxygenSupport | null): { range: ToxicityGradeRange; finding: string } {
  if (o === null) return { range: { min: 1, max: 4 }, finding: 'oxygen support not recorded' }
  if (o.delivery !== 'none' && o.forComfortOnly) return { range: { min: 1, max: 1 }, finding: `${o.delivery} for comfort only (CRS-8)` }
  if (o.delivery !== 'none' && o.attributableToOtherCause) return { range: { min: 1, max: 1 }, finding: `${o.delivery}: hypoxia attributed to another cause (CRS-4)` }
  switch (o.delivery) {
    case 'none':
      return { range: { min: 1, max: 1 }, finding: 'room air' }
    case 'blow-by':
      return { range: { min: 2, max: 2 }, finding: 'blow-by oxygen (low-flow)' }
    case 'nasal-cannula': {
      const flow = o.flowLPerMin
      if (flow == null || !Number.isFinite(flow)) return { range: { min: 2, max: 3 }, finding: 'nasal cannula, flow not recorded (≤ 6 L/min low-flow vs > 6 high-flow)' }
      return flow <= 6
        ? { range: { min: 2, max: 2 }, finding: `nasal cannula ${flow} L/min (≤ 6: low-flow)` }
        : { range: { min: 3, max: 3 }, finding: `nasal cannula ${flow} L/min (> 6: high-flow)` }
    }
    case 'high-flow-nasal-cannula': {
      // §1.1 (ASTCT footnote): low- vs high-flow nasal cannula is defined by the flow (≤ 6 L/min low-flow, > 6 high-flow),
      // not by the device, so a high-flow device running at ≤ 6 L/min is low-flow (C5); no flow recorded: the device class
      const flow = o.flowLPerMin
      if (flow != null && Number.isFinite(flow) && flow <= 6) return { range: { min: 2, max: 2 }, finding: `high-flow nasal cannula device at ${flow} L/min (≤ 6: low-flow)` }
      return { range: { min: 3, max: 3 }, finding: flow == null ? `${o.delivery}` : `high-flow nasal cannula ${flow} L/min (> 6: high-flow)` }
    }
    case 'facemask':
    case 'non-rebreather':
    case 'venturi-mask':
      return { range: { min: 3, max: 3 }, finding: `${o.delivery}` }
    case 'cpap':
    case 'bipap':
    case 'mechanical-ventilation':
      return { range: { min: 4, max: 4 }, finding: `${o.delivery}: positive pressure` }
  }
}

const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === false && b === false ? false : null)
const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : null)
const atLeast2 = (r: ToxicityGradeRange): Tri => (r.min >= 2 ? true : r.max < 2 ? false : null)

/**
 * ASTCT 2019 CRS grade for one day (most severe component).
 *
 * Algorithm of safety-grading.md §1.3: fever (≥ 38.0 °C, CRS-1) is required unless CRS was already diagnosed and
 * masking therapy was given since onset and hypotension or hypoxia persists (CRS-2); grade = max(hypotension,
 * hypoxia), minimum 1 (CRS-3); vasopressin does not count toward "multiple vasopressors" (CRS-6); organ toxicities
 * do not change the grade (CRS-5, not an input). Unknown components give `not-evaluable` with the grade range.
 * Source: Lee DW et al., ASTCT consensus grading for CRS and neurologic toxicity, Biol Blood Marrow Transplant
 * 2019;25(4):625-638; safety-grading.md §1.
 * @example gradeCrsDay({ day: 1, maxTemperatureC: 39.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }],
 *   oxygen: { delivery: 'nasal-cannula', flowLPerMin: 2 } }) // graded 3 (C7)
 */
export function gradeCrsDay(f: CrsDailyFindings, ctx: CrsGradingContext = { crsAlreadyDiagnosed: false, maskingTherapyGivenSinceOnset: false }): CrsOutcome {
  if (f.deathDueToCrs) return { kind: 'graded', grade: 5, drivers: [{ component: 'death', grade: 5, finding: 'death due to CRS' }], notes: [] }
  const hyp = hypotensionRange(f)
  const oxy = hypoxiaRange(f.oxygen)
  const t = f.maxTemperatureC
  const feverMeasured: Tri = t == null || !Number.isFinite(t) ? null : t >= 38.0
  const fever: Tri = feverMeasured === true && f.feverAttributableToOtherCause ? false : feverMeasured
  const masked = ctx.crsAlreadyDiagnosed && ctx.maskingTherapyGivenSinceOnset
  const feverOk = or(fever, and(masked, or(atLeast2(hyp.range), atLeast2(oxy.range))))
  const feverDriver: ToxicityGradeDriver =
    fever === true
      ? { component: 'fever', grade: 1, finding: `fever ${t} °C (≥ 38.0)` }
      : { component: 'fever', grade: 0, finding: masked ? `fever not required: masked by ${ctx.maskingTherapyLabel ?? 'antipyretic/anti-cytokine therapy'} (CRS-2)` : t == null ? 'temperature not recorded' : feverMeasured ? `${t} °C attributed to another cause (CRS-1)` : `afebrile ${t} °C` }
  if (feverOk === false) {
    const why = masked ? 'masked CRS without hypotension or hypoxia: no CRS at this time point (CRS-2, CRS-7)' : 'no fever: CRS not diagnosable (CRS-1)'
    return { kind: 'graded', grade: 0, drivers: [feverDriver], notes: [why] }
  }
  const comp = [
    { component: 'hypotension', ...hyp },
    { component: 'hypoxia', ...oxy },
  ]
  const min = Math.max(1, hyp.range.min, oxy.range.min)
  const max = Math.max(1, hyp.range.max, oxy.range.max)
  const drivers: ToxicityGradeDriver[] = [feverDriver, ...comp.map((c) => ({ component: c.component, grade: c.range.min, finding: c.finding }))]
  if (feverOk === true && min === max) {
    const decisive = drivers.filter((d) => d.component !== 'fever' && d.grade === min)
    const top = min === 1 ? [feverDriver] : [feverDriver, ...decisive]
    return { kind: 'graded', grade: min as CrsGrade, drivers: top, notes: [] }
  }
  const missing = [
    ...(feverOk === null ? ['maxTemperatureC'] : []),
    ...comp.filter((c) => c.range.min !== c.range.max).map((c) => (c.component === 'hypoxia' ? 'oxygen' : 'hypotension')),
  ]
  return {
    kind: 'not-evaluable',
    missing,
    atLeast: (feverOk === true ? min : 0) as CrsGrade,
    atMost: max as CrsGrade,
    reason: feverOk === null ? 'whether CRS is present depends on unrecorded findings' : 'the grade depends on unrecorded findings',
    drivers,
    notes: [],
  }
}
