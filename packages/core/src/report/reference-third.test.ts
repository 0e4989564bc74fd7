/**
 * Third independent reference check of the results report (seed abstract 004 reproduced from a synthetic
 * cohort). The reference at the top of this file was written from the doc prose alone:
 * domain/statistics.md §1 (median (range), percent, denominators, follow-up), §2 (Clopper-Pearson, display
 * rounding), §3 (Kaplan-Meier DoR, median and its CI); domain/response-itp.md §3.1 (data cut-off), §3.11 (ORR
 * over all infused, NE in the denominator: PROTOCOL DECISION); domain/safety-grading.md (CRS / ICANS: event
 * grade = maximum, ICANS-6 / CRS-7; worst grade per patient).
 * Focus: the abstract's numbers, denominators, even-n medians, follow-up, worst grade per patient, rounding,
 * empty groups, English = Chinese numbers, and a data cut-off that excludes later data everywhere.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { addDays, daysBetween } from '../dates/index.js'
import { parseProtocol } from '../protocol/index.js'
import { buildStudyReport, type StudyReportOptions } from './build-study-report.js'
import { buildNarrativeParts } from './narrative.js'
import { renderReportHtml } from './render-html.js'
import { reportTables } from './tables.js'
import type { ReportAdverseEvent, ReportGroup, ReportMedication, StudyReport, StudyReportSubjectInput } from './types.js'

const SEED = 20261208

// ============================================================================ reference (doc prose only)

/** statistics.md §1: sort; odd n → middle value; even n → mean of the two middle values. */
function refMedian(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
/** statistics.md §1: "median (min–max)", both ends reported even if equal; null without values. */
function refSummary(xs: readonly number[]): { n: number; median: number; min: number; max: number } | null {
  if (xs.length === 0) return null
  return { n: xs.length, median: refMedian(xs)!, min: Math.min(...xs), max: Math.max(...xs) }
}
/** statistics.md §1/§2: 100·x/n to one decimal, round half up (integer arithmetic on tenths). */
function refPct(x: number, n: number): string {
  const tenths = Math.floor((2000 * x + n) / (2 * n))
  return `${Math.floor(tenths / 10)}.${tenths % 10}`
}
/** statistics.md §2 display of a limit on the 0–1 scale: percentage, one decimal, half up. */
function refLimit(p: number): string {
  return (Math.floor(p * 1000 + 0.5) / 10).toFixed(1)
}

// --- regularised incomplete beta (Lentz continued fraction) and its inverse by bisection
function lnGamma(z: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z)
  const w = z - 1
  let x = c[0]!
  for (let i = 1; i < 9; i++) x += c[i]! / (w + i)
  const t = w + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(x)
}
function betacf(x: number, a: number, b: number): number {
  const tiny = 1e-300
  const fix = (v: number) => (Math.abs(v) < tiny ? tiny : v)
  let c = 1
  let d = 1 / fix(1 - ((a + b) * x) / (a + 1))
  let h = d
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 / fix(1 + aa * d)
    c = fix(1 + aa / c)
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 / fix(1 + aa * d)
    c = fix(1 + aa / c)
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return h
}
function regIncBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const bt = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2) ? (bt * betacf(x, a, b)) / a : 1 - (bt * betacf(1 - x, b, a)) / b
}
function betaInv(q: number, a: number, b: number): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (regIncBeta(mid, a, b) < q) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
/** statistics.md §2: Clopper–Pearson; lower 0 at x = 0, upper 1 at x = n. */
function refCP(x: number, n: number): [number, number] {
  return [x === 0 ? 0 : betaInv(0.025, x, n - x + 1), x === n ? 1 : betaInv(0.975, x + 1, n - x)]
}
/** statistics.md §2 "Display": "75.0 % (19.4–99.4)". */
function refDisplay(x: number, n: number): string {
  const [lo, hi] = refCP(x, n)
  return `${refPct(x, n)} % (${refLimit(lo)}–${refLimit(hi)})`
}

// --- Kaplan–Meier (statistics.md §3.1)
type CiType = 'plain' | 'log' | 'log-log'
interface KmStep { t: number; s: number; lo: number; hi: number }
const Z = 1.959964
function refKm(obs: readonly { time: number; event: boolean }[], ci: CiType): KmStep[] {
  const times = [...new Set(obs.filter((o) => o.event).map((o) => o.time))].sort((a, b) => a - b)
  let s = 1
  let gw = 0
  const out: KmStep[] = []
  for (const t of times) {
    // censorings at t are at risk for the events at t
    const n = obs.filter((o) => o.time >= t).length
    const d = obs.filter((o) => o.time === t && o.event).length
    s *= 1 - d / n
    gw += n === d ? Infinity : d / (n * (n - d))
    const se = Math.sqrt(gw)
    let lo: number
    let hi: number
    // S = 0: the limits are undefined (R gives NA), so they never cross 0.5 (worked example C: upper NR)
    if (s === 0) [lo, hi] = [NaN, NaN]
    else if (ci === 'plain') [lo, hi] = [Math.max(0, s - Z * s * se), Math.min(1, s + Z * s * se)]
    else if (ci === 'log') [lo, hi] = [Math.exp(Math.log(s) - Z * se), Math.min(1, Math.exp(Math.log(s) + Z * se))]
    else {
      const ll = Math.log(-Math.log(s))
      const k = (Z * se) / Math.abs(Math.log(s))
      ;[lo, hi] = [Math.exp(-Math.exp(ll + k)), Math.exp(-Math.exp(ll - k))]
    }
    out.push({ t, s, lo, hi })
  }
  return out
}
/** statistics.md §3.1 median (midpoint on an exact 0.5 plateau) and its limits; null = NR. */
function refKmMedian(steps: readonly KmStep[]): { median: number | null; lower: number | null; upper: number | null } {
  let median: number | null = null
  for (let i = 0; i < steps.length; i++) {
    const st = steps[i]!
    if (st.s <= 0.5 + 1e-12) {
      const next = steps[i + 1]
      median = Math.abs(st.s - 0.5) < 1e-12 && next ? (st.t + next.t) / 2 : st.t
      break
    }
  }
  const first = (f: (x: KmStep) => number) => steps.find((st) => f(st) <= 0.5)?.t ?? null
  return { median, lower: first((x) => x.lo), upper: first((x) => x.hi) }
}

// ============================================================================ cohort builders

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value
const CUTOFF = '2025-06-15'
const CRS = 'Cytokine release syndrome'
const ICANS = 'Immune effector cell-associated neurotoxicity syndrome'
const MONTH = 365.25 / 12

interface Spec {
  id: string
  inf: string
  level: string | null
  sex?: StudyReportSubjectInput['sex']
  age?: number | null
  dxYearsBefore?: number | null
  prior?: string[] | null
  plt: [number, number][]
  aes?: ReportAdverseEvent[] | null
  meds?: ReportMedication[]
  newTherapyDay?: number | null
  lastContactDay?: number | null
  deathDay?: number | null
  car?: { day: number; level: number }[]
  bcells?: { day: number; perUl: number }[]
  gp?: { day: number; positive: boolean }[]
  ig?: NonNullable<StudyReportSubjectInput['immunoglobulins']>
}
const ae = (term: string, grade: number | null, startDay: number, endDay: number | null = startDay + 2, serious = false, soc = term === CRS ? 'Immune system disorders' : 'Nervous system disorders'): ReportAdverseEvent => ({
  term, soc, grade, gradingSystem: term === CRS || term === ICANS ? 'ASTCT 2019' : 'CTCAE v5.0', serious, startDay, endDay,
})
const med = (treatment: string, kind: ReportMedication['kind'], startDay: number, endDay = startDay): ReportMedication => ({ treatment, kind, startDay, endDay })

function subject(s: Spec): StudyReportSubjectInput {
  const d = (day: number) => addDays(s.inf, day)
  const meds = s.meds ?? []
  const rescue = meds.filter((m) => m.kind !== 'NEW_ITP_THERAPY').map((m) => ({ type: m.kind as Exclude<ReportMedication['kind'], 'NEW_ITP_THERAPY'>, startDate: d(m.startDay), endDate: d(m.endDay) }))
  return {
    usubjid: s.id,
    siteId: 'KM01',
    age: s.age === undefined ? 30 : s.age,
    sex: s.sex ?? 'F',
    doseLevel: s.level,
    response: {
      infusionDate: s.inf,
      ldStartDate: d(-5),
      plateletCounts: s.plt.map(([day, value]) => ({ date: d(day), value })),
      rescueEvents: rescue,
      newItpTherapyStartDate: s.newTherapyDay === undefined || s.newTherapyDay === null ? null : d(s.newTherapyDay),
    },
    lastContactDate: s.lastContactDay === undefined || s.lastContactDay === null ? null : d(s.lastContactDay),
    deathDate: s.deathDay === undefined || s.deathDay === null ? null : d(s.deathDay),
    itpDiagnosisDate: s.dxYearsBefore === undefined || s.dxYearsBefore === null ? null : `${Number(s.inf.slice(0, 4)) - s.dxYearsBefore}${s.inf.slice(4)}`,
    priorTherapies: s.prior === undefined ? ['PREDNISONE', 'IVIG', 'ELTROMBOPAG'] : s.prior,
    ldDays: [-5, -4, -3],
    ldAgents: ['FLUDARABINE', 'CYCLOPHOSPHAMIDE'],
    cellDose: s.level === 'DL2' ? 300000 : 150000,
    cellDoseUnit: 'cells/kg',
    adverseEvents: s.aes === undefined ? [] : s.aes,
    medications: meds,
    carSamples: s.car ?? [],
    bCellSamples: s.bcells ?? [],
    gpAntibody: s.gp ?? [],
    ...(s.ig ? { immunoglobulins: s.ig } : {}),
  }
}
const build = (specs: Spec[], opts: Partial<StudyReportOptions> = {}) => buildStudyReport(specs.map(subject), { cutoff: CUTOFF, protocol, ...opts })
const overall = (r: StudyReport) => r.groups.at(-1)!
const groupOf = (r: StudyReport, id: string) => r.groups.find((g) => g.id === id)
const cell = (r: StudyReport, table: string, label: string, col: number, lang: 'en' | 'zh-CN' = 'en') => {
  const t = reportTables(r, lang).find((x) => x.id === table)!
  const row = t.rows.find((x) => x[0]!.text === label)
  if (!row) throw new Error(`no row ${label} in ${table}: ${t.rows.map((x) => x[0]!.text).join(' | ')}`)
  return row[col + 1]!.text
}

/**
 * The seed abstract's cohort (seeds/004, NCT06352281 preset: > 30, > 100): four patients infused Feb 2024 –
 * Apr 2025, cut-off 2025-06-15. Ages 12, 8, 13, 25 (median 12.5); three women; baselines 8, 2, 10, 24 (median
 * 9); disease durations 7, 5, 8, 20 years (median 7.5); prior therapies 5, 3, 4, 4 (median 4); GP antibodies
 * in three; CRS grade 1 in three; ICANS grade 3 in two (high-dose methylprednisolone); P1 R then daratumumab
 * at Day 275 (counts > 200 after it, censored); P2 CR at Day 90 ("three months after infusion"); P3 R; P4 NR.
 */
const SEED_COHORT: Spec[] = [
  {
    id: 'P1', inf: '2024-02-20', level: 'DL1', sex: 'F', age: 12, dxYearsBefore: 7,
    prior: ['PREDNISONE', 'IVIG', 'ELTROMBOPAG', 'RITUXIMAB', 'CICLOSPORIN'],
    plt: [[-5, 8], [40, 34], [60, 33], [90, 35], [120, 32], [180, 34], [240, 33], [270, 35], [282, 210], [289, 220]],
    aes: [ae(CRS, 1, 1, 3), ae(ICANS, 2, 4, 4), ae(ICANS, 3, 5, 7, true)],
    meds: [med('IVIG', 'IVIG', 15, 16), med('METHYLPREDNISOLONE', 'HIGH_DOSE_CORTICOSTEROID', 5, 7), med('DARATUMUMAB', 'NEW_ITP_THERAPY', 275, 282)],
    newTherapyDay: 275,
    car: [{ day: 0, level: 0 }, { day: 10, level: 30000 }, { day: 28, level: 2000 }],
    gp: [{ day: -5, positive: true }, { day: 60, positive: false }],
  },
  {
    id: 'P2', inf: '2024-06-10', level: 'DL1', sex: 'F', age: 8, dxYearsBefore: 5,
    prior: ['PREDNISONE', 'IVIG', 'ELTROMBOPAG'],
    plt: [[-5, 2], [30, 50], [45, 60], [90, 120], [100, 130], [180, 150]],
    aes: [ae(CRS, 1, 2, 3), ae(ICANS, 3, 6, 8, true)],
    meds: [med('METHYLPREDNISOLONE', 'HIGH_DOSE_CORTICOSTEROID', 6, 8)],
    car: [{ day: 0, level: 0 }, { day: 11, level: 25000 }, { day: 28, level: 1000 }],
    gp: [{ day: -5, positive: true }, { day: 90, positive: false }],
  },
  {
    id: 'P3', inf: '2024-10-01', level: 'DL2', sex: 'M', age: 13, dxYearsBefore: 8,
    prior: ['DEXAMETHASONE', 'IVIG', 'ROMIPLOSTIM', 'AZATHIOPRINE'],
    plt: [[-5, 10], [14, 40], [21, 45], [60, 50], [200, 55]],
    aes: [ae(CRS, 1, 1, 2)],
    car: [{ day: 0, level: 0 }, { day: 9, level: 40000 }],
    gp: [{ day: -5, positive: true }, { day: 30, positive: false }],
  },
  {
    id: 'P4', inf: '2025-04-10', level: 'DL2', sex: 'F', age: 25, dxYearsBefore: 20,
    prior: ['PREDNISONE', 'IVIG', 'AVATROMBOPAG', 'DANAZOL'],
    plt: [[-5, 24], [14, 30], [21, 28], [35, 40]],
    aes: [],
    car: [{ day: 0, level: 0 }, { day: 10, level: 15000 }],
    gp: [{ day: -5, positive: false }],
  },
]

/** Data collected after the cut-off, one stream per kind, for P1-P4 (none of it may change the report). */
function withLaterData(specs: Spec[], cutoff = CUTOFF): Spec[] {
  return specs.map((s, i) => {
    const c = daysBetween(s.inf, cutoff)
    return {
      ...s,
      plt: [...s.plt, [c + 1, 5], [c + 3, 400]],
      aes: s.aes === null ? null : [...(s.aes ?? []), ae(i % 2 === 0 ? CRS : ICANS, 4, c + 1, c + 5, true), ae('Anaemia', 3, c + 2, null, false, 'Blood and lymphatic system disorders')],
      meds: [...(s.meds ?? []), med('METHYLPREDNISOLONE', 'HIGH_DOSE_CORTICOSTEROID', c + 1, c + 2), med('IVIG', 'IVIG', c + 3, c + 4), med('RITUXIMAB', 'NEW_ITP_THERAPY', c + 6, c + 6)],
      car: [...(s.car ?? []), { day: c + 1, level: 9e6 }],
      bcells: [...(s.bcells ?? []), { day: c + 1, perUl: 0 }, { day: c + 8, perUl: 0 }],
      gp: [...(s.gp ?? []), { day: c + 2, positive: true }],
      ig: [...(s.ig ?? []), { test: 'IGG', day: c + 1, value: 2, unit: 'g/L', refLow: 7 }],
    }
  })
}

// ============================================================================ tests

describe('reference self-check against the doc tables (statistics.md §2, §3.2-§3.4)', () => {
  it('Clopper–Pearson verified table within 1e-6, display as the doc', () => {
    const table: [number, number, number, number, string][] = [
      [3, 4, 0.19412, 0.993691, '75.0 % (19.4–99.4)'], [0, 4, 0, 0.602365, '0.0 % (0.0–60.2)'], [4, 4, 0.397635, 1, '100.0 % (39.8–100.0)'],
      [1, 10, 0.002529, 0.445016, '10.0 % (0.3–44.5)'], [1, 4, 0.006309, 0.80588, '25.0 % (0.6–80.6)'], [2, 4, 0.067586, 0.932414, '50.0 % (6.8–93.2)'],
      [0, 3, 0, 0.707598, '0.0 % (0.0–70.8)'], [1, 3, 0.008404, 0.905701, '33.3 % (0.8–90.6)'], [1, 6, 0.004211, 0.641235, '16.7 % (0.4–64.1)'],
      [2, 6, 0.043272, 0.777222, '33.3 % (4.3–77.7)'], [0, 9, 0, 0.336267, '0.0 % (0.0–33.6)'], [3, 9, 0.074855, 0.700705, '33.3 % (7.5–70.1)'],
      [9, 9, 0.663733, 1, '100.0 % (66.4–100.0)'], [0, 12, 0, 0.264648, '0.0 % (0.0–26.5)'], [3, 12, 0.054861, 0.571858, '25.0 % (5.5–57.2)'],
    ]
    for (const [x, n, lo, hi, disp] of table) {
      const [l, u] = refCP(x, n)
      expect(Math.abs(l - lo)).toBeLessThan(1e-6)
      expect(Math.abs(u - hi)).toBeLessThan(1e-6)
      expect(refDisplay(x, n)).toBe(disp)
    }
  })
  it('KM worked examples A, B, C: medians and CI limits', () => {
    const A = [[30, 1], [45, 0], [60, 1], [90, 0], [120, 1], [200, 0]].map(([t, e]) => ({ time: t!, event: e === 1 }))
    expect(refKmMedian(refKm(A, 'log'))).toEqual({ median: 120, lower: 60, upper: null })
    expect(refKmMedian(refKm(A, 'log-log'))).toEqual({ median: 120, lower: 30, upper: null })
    expect(refKmMedian(refKm(A, 'plain'))).toEqual({ median: 120, lower: 60, upper: null })
    const B = [[20, 1], [35, 1], [35, 0], [50, 1], [80, 1], [150, 0], [150, 1], [210, 0]].map(([t, e]) => ({ time: t!, event: e === 1 }))
    expect(refKm(B, 'log-log').map((s) => Number(s.s.toFixed(4)))).toEqual([0.875, 0.75, 0.6, 0.45, 0.3])
    expect(refKmMedian(refKm(B, 'log'))).toEqual({ median: 80, lower: 50, upper: null })
    expect(refKmMedian(refKm(B, 'log-log'))).toEqual({ median: 80, lower: 20, upper: null })
    const C = [10, 20, 30, 40].map((t) => ({ time: t, event: true }))
    expect(refKmMedian(refKm(C, 'log'))).toMatchObject({ median: 25, lower: 10, upper: null })
  })
})

describe('the seed abstract reproduced from a matching synthetic cohort (seeds/004)', () => {
  const r = build(SEED_COHORT)
  const all = overall(r)

  it('per-patient results are the ones the cohort was built for (NCT06352281 preset)', () => {
    const res = Object.fromEntries(r.subjects.map((s) => [s.id, [s.result.bestResponse, s.result.TTR, s.result.TTCR, s.baseline]]))
    expect(res).toEqual({ P1: ['R', 40, null, 8], P2: ['CR', 30, 90, 2], P3: ['R', 14, null, 10], P4: ['NR', null, null, 24] })
  })

  it('demographics: median age 12.5 (8–25) with even n, 75.0 % women over all infused, disease 7.5 (5–20), four (3–5) prior therapies', () => {
    expect(all.n).toBe(4)
    expect(all.baseline.age).toMatchObject(refSummary([12, 8, 13, 25])!)
    expect(all.baseline.age?.median).toBe(12.5)
    expect(all.baseline.female).toMatchObject({ x: 3, n: 4, percent: 75, ids: ['P1', 'P2', 'P4'] })
    expect(all.baseline.baselinePlatelets).toMatchObject({ median: 9, min: 2, max: 24, n: 4 })
    expect(all.baseline.diseaseDurationYears).toMatchObject({ median: 7.5, min: 5, max: 20 })
    expect(all.baseline.priorTherapies).toMatchObject({ median: 4, min: 3, max: 5 })
    expect(all.baseline.gpAutoantibodyPositive).toMatchObject({ x: 3, n: 4 })
    expect(all.baseline.priorTherapyClasses.filter((c) => c.count.x === 4).map((c) => c.therapyClass).sort()).toEqual(['GLUCOCORTICOID', 'IVIG', 'TPO-RA'])
    expect(cell(r, 'baseline', 'Age, years, median (range)', 2)).toBe('12.5 (8–25)')
    expect(cell(r, 'baseline', 'Female, n (%)', 2)).toBe('3 (75.0%)')
  })

  it('safety: worst grade per patient per term; CRS 1 in three, none >= 2; ICANS 3 in two (a grade 2 episode of P1 not counted twice)', () => {
    expect(all.safety.crs.any).toMatchObject({ x: 3, n: 4 })
    expect(all.safety.crs.byGrade[1]).toMatchObject({ x: 3, n: 4, ids: ['P1', 'P2', 'P3'] })
    expect(([2, 3, 4, 5] as const).map((k) => all.safety.crs.byGrade[k].x)).toEqual([0, 0, 0, 0])
    expect(all.safety.icans.any).toMatchObject({ x: 2, n: 4, ids: ['P1', 'P2'] })
    expect(all.safety.icans.byGrade[2].x).toBe(0)
    expect(all.safety.icans.byGrade[3]).toMatchObject({ x: 2, n: 4, percent: 50, ids: ['P1', 'P2'] })
    expect(all.safety.icans.grade3OrHigher.x).toBe(2)
    expect(all.safety.icans.corticosteroids).toMatchObject({ x: 2, treatments: ['METHYLPREDNISOLONE'] })
    // by dose level: each column's own safety population
    expect(groupOf(r, 'DL1')!.safety.icans.byGrade[3]).toMatchObject({ x: 2, n: 2, percent: 100 })
    expect(groupOf(r, 'DL2')!.safety.icans.byGrade[3]).toMatchObject({ x: 0, n: 2, percent: 0 })
    expect(groupOf(r, 'DL2')!.safety.crs.byGrade[1]).toMatchObject({ x: 1, n: 2, percent: 50 })
    expect(cell(r, 'safety', 'ICANS, grade 3', 0)).toBe('2 (100.0%)')
    expect(cell(r, 'safety', 'ICANS, grade 3', 1)).toBe('0 (0.0%)')
    expect(cell(r, 'safety', 'CRS, grade 1', 1)).toBe('1 (50.0%)')
    // AE table: P1's two ICANS episodes count once, with the worst grade
    const icansRow = r.aeTable.find((x) => x.term === ICANS)!
    expect(icansRow.cells.map((c) => [c.group, c.nSubjects, c.nGrade3OrHigher])).toEqual([['DL1', 2, 2], ['DL2', 0, 0], ['overall', 2, 2]])
  })

  it('response: 3/4 objective response 75.0 % (19.4–99.4), 1 CR 25.0 % (0.6–80.6) at Day 90, all infused in the denominator', () => {
    expect(all.efficacy.orr).toMatchObject({ x: 3, n: 4, ids: ['P1', 'P2', 'P3'], display: refDisplay(3, 4) })
    expect(all.efficacy.orr.display).toBe('75.0 % (19.4–99.4)')
    expect(all.efficacy.crRate).toMatchObject({ x: 1, n: 4, ids: ['P2'], display: '25.0 % (0.6–80.6)' })
    expect(all.efficacy.bor.NR).toMatchObject({ x: 1, n: 4, ids: ['P4'] })
    expect(all.efficacy.ttcr).toMatchObject({ median: 90, n: 1 })
    // TTR: three responders (odd n) → the middle value
    expect(all.efficacy.ttr).toMatchObject({ median: 30, min: 14, max: 40, n: 3 })
    // DoR: all censored (P1 censored by daratumumab) → median and both limits NR
    expect(all.efficacy.dor).toMatchObject({ n: 3, events: 0, median: null, lower: null, upper: null })
    expect(all.efficacy.relapse).toMatchObject({ x: 0, n: 3 })
    expect(all.efficacy.newItpTherapy).toMatchObject({ x: 1, ids: ['P1'] })
    expect(cell(r, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)', 2)).toBe('3 (75.0%; 19.4–99.4)')
    expect(cell(r, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)', 0)).toBe(`2 (100.0%; ${refLimit(refCP(2, 2)[0])}–100.0)`)
  })

  it('follow-up: Day 0 → cut-off, median (range) of observed follow-up, 2 to 16 months (statistics.md §1)', () => {
    const days = SEED_COHORT.map((s) => daysBetween(s.inf, CUTOFF))
    expect(all.exposure.followUpDays).toMatchObject(refSummary(days)!)
    expect(Math.round(all.exposure.followUpMonths!.min)).toBe(2)
    expect(Math.round(all.exposure.followUpMonths!.max)).toBe(16)
    expect(all.exposure.followUpMonths!.median).toBeCloseTo(refMedian(days)! / MONTH, 12)
  })

  it('the English abstract states the seed numbers', () => {
    const en = r.narrative.en
    expect(en).toContain('As of the data cut-off on 2025-06-15, four patients had been infused and were evaluable for safety and response; follow-up ranged from 2 to 16 months.')
    expect(en).toContain('The median age was 12.5 years (range, 8 to 25) and 75.0% of patients were women.')
    expect(en).toContain('The median baseline platelet count was 9×10⁹/L (range, 2 to 24).')
    expect(en).toContain('The median disease duration was 7.5 years (range, 5 to 20), and patients had received a median of 4 prior therapies (range, 3 to 5).')
    expect(en).toContain('Platelet glycoprotein autoantibodies were detected in three patients.')
    expect(en).toContain('Grade 1 CRS occurred in three patients; no grade 2 or higher CRS was observed.')
    expect(en).toContain('Grade 3 ICANS occurred in two patients, treated with high-dose methylprednisolone in two; no grade 4 or higher ICANS was observed.')
    expect(en).toContain('Three of four patients (75.0%; 95% CI 19.4–99.4) achieved an objective response, and one (25.0%; 95% CI 0.6–80.6) a complete response at a median of 90 days after infusion.')
  })

  it('the Chinese abstract states the same numbers', () => {
    const zh = r.narrative['zh-CN']
    expect(zh).toContain('截至2025-06-15数据截止日，共4例患者接受输注并完成安全性和疗效评估，随访时间2–16个月。')
    expect(zh).toContain('中位年龄12.5岁（范围 8–25），女性占75.0%。')
    expect(zh).toContain('4例患者中3例（75.0%；95% CI 19.4–99.4）达到客观缓解，1例（25.0%；95% CI 0.6–80.6）达到完全缓解')
    expect(zh).toContain('3例患者发生1级CRS')
    expect(zh).toContain('2例患者发生3级ICANS')
  })
})

// ------------------------------------------------------------ English and Chinese numbers

const EN_NUM: Record<string, number> = { none: 0, no: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 }
/** The linked numbers of a narrative as (value, subjects) tokens; words and "all" read as numbers. */
function numberTokens(r: StudyReport, lang: 'en' | 'zh-CN'): string[] {
  const n = overall(r).n
  return buildNarrativeParts(r, lang)
    .filter((p) => p.ids !== undefined)
    .flatMap((p) => {
      const text = p.text.trim().toLowerCase()
      const ids = [...p.ids!].sort().join(',')
      if (text === 'all patients' || text === '所有') return [`${n}|${ids}`]
      if (text in EN_NUM) return [`${EN_NUM[text]}|${ids}`]
      // therapy classes are linked words, not numbers
      if (!/\d/.test(text) && text !== 'nr') return [`word|${ids}`]
      return text.split('–').map((t) => `${t}|${ids}`)
    })
    .sort()
}

describe('English and Chinese narratives carry the same numbers with the same subjects', () => {
  it('seed cohort', () => {
    const r = build(SEED_COHORT)
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
    // and the plain-text paragraphs are the concatenations of the parts
    expect(buildNarrativeParts(r, 'en').map((p) => p.text).join('')).toBe(r.narrative.en)
    expect(buildNarrativeParts(r, 'zh-CN').map((p) => p.text).join('')).toBe(r.narrative['zh-CN'])
  })
})

// ------------------------------------------------------------ data cut-off

describe('a data cut-off excludes later data everywhere (response-itp.md §3.1; statistics.md §4.1)', () => {
  const base = build(SEED_COHORT)
  const later = build(withLaterData(SEED_COHORT))
  const strip = (r: StudyReport) => ({ ...r, subjects: r.subjects.map((s) => ({ ...s, result: { ...s.result, explanation: null } })) })

  it('AEs starting after the cut-off do not count: CRS/ICANS grades, any AE, serious AE, the AE table, the swimmer marker', () => {
    const all = overall(later)
    expect(all.safety.crs.byGrade[4].x).toBe(0)
    expect(all.safety.icans.byGrade[4].x).toBe(0)
    expect(all.safety.crs.any.ids).toEqual(['P1', 'P2', 'P3'])
    expect(all.safety.icans.any.ids).toEqual(['P1', 'P2'])
    expect(all.safety.anyAe.ids).toEqual(['P1', 'P2', 'P3'])
    expect(all.safety.seriousAe.ids).toEqual(['P1', 'P2'])
    expect(later.aeTable.map((x) => x.term)).not.toContain('Anaemia')
    expect(later.subjects.map((s) => [s.crsMaxGrade, s.icansMaxGrade])).toEqual([[1, 3], [1, 3], [1, 0], [0, 0]])
    expect(later.subjects.find((s) => s.id === 'P3')!.severeCrsIcansDay).toBeNull()
    expect(later.narrative.en).toContain('Grade 1 CRS occurred in three patients; no grade 2 or higher CRS was observed.')
  })

  it('medications after the cut-off: no new ITP therapy, no IVIG course, no steroid counted', () => {
    const all = overall(later)
    expect(all.efficacy.newItpTherapy.ids).toEqual(['P1'])
    expect(all.efficacy.ivigIndependent).toMatchObject({ x: 1, n: 1, ids: ['P1'] })
    expect(all.efficacy.ivigIndependenceDay).toMatchObject({ n: 1, median: 17 })
  })

  it('labs after the cut-off: CAR Cmax, B cells, GP antibodies and immunoglobulins unchanged', () => {
    expect(overall(later).correlatives).toEqual(overall(base).correlatives)
  })

  it('the whole report (groups, tables, narratives, figure inputs) equals the report of the data truncated at the cut-off', () => {
    expect(strip(later)).toEqual(strip(base))
    expect(reportTables(later, 'en')).toEqual(reportTables(base, 'en'))
  })

  it('an earlier cut-off on the same data: responses, AEs and follow-up all end there', () => {
    const early = '2024-09-01'
    const r = build(SEED_COHORT, { cutoff: early })
    // P3 and P4 infused after it: not in the analysis population
    expect(overall(r).ids).toEqual(['P1', 'P2'])
    const p2 = r.subjects.find((s) => s.id === 'P2')!
    // P2 infused 2024-06-10: Day 83 at the cut-off, before the CR counts on Days 90 and 100
    expect(p2.followUpDay).toBe(daysBetween('2024-06-10', early))
    expect(p2.result.bestResponse).toBe('R')
    expect(Math.max(...p2.platelets.map((p) => p.day))).toBeLessThanOrEqual(p2.followUpDay)
    // AEs: P2's events (Days 2-8) are before it; an AE on the cut-off day itself counts
    const onCutoff = build([{ ...SEED_COHORT[1]!, aes: [ae(CRS, 2, daysBetween('2024-06-10', early))] }], { cutoff: early })
    expect(overall(onCutoff).safety.crs.byGrade[2].x).toBe(1)
    const dayAfter = build([{ ...SEED_COHORT[1]!, aes: [ae(CRS, 2, daysBetween('2024-06-10', early) + 1)] }], { cutoff: early })
    expect(overall(dayAfter).safety.crs.any.x).toBe(0)
    expect(overall(dayAfter).safety.anyAe.x).toBe(0)
  })
})

// ------------------------------------------------------------ denominators and empty groups

describe('denominators and empty groups', () => {
  it('no responders, no AEs: 0.0 % (0.0–60.2), "None of four", "No CRS", "No ICANS", DoR empty', () => {
    const nr = (id: string, level: string): Spec => ({ id, inf: '2024-03-01', level, plt: [[-5, 10], [14, 12], [21, 11]], aes: [] })
    const r = build([nr('N1', 'DL1'), nr('N2', 'DL1'), nr('N3', 'DL1'), nr('N4', 'DL1')])
    const all = overall(r)
    expect(r.groups.map((g) => g.id)).toEqual(['DL1', 'overall'])
    expect(all.efficacy.orr).toMatchObject({ x: 0, n: 4, lower: 0, display: '0.0 % (0.0–60.2)' })
    expect(all.efficacy.dor).toMatchObject({ n: 0, events: 0, fit: null, median: null })
    expect(all.efficacy.relapse).toMatchObject({ x: 0, n: 0, percent: null })
    expect(all.efficacy.ttr).toBeNull()
    expect(all.safety.crs.any).toMatchObject({ x: 0, n: 4, percent: 0 })
    expect(r.narrative.en).toContain('No CRS was observed. No ICANS was observed.')
    expect(r.narrative.en).toContain('None of four patients (0.0%; 95% CI 0.0–60.2) achieved an objective response; no complete response was observed.')
    expect(r.narrative['zh-CN']).toContain('4例患者中0例（0.0%；95% CI 0.0–60.2）达到客观缓解，无完全缓解。')
    expect(cell(r, 'efficacy', 'Relapse among responders, n (%)', 1)).toBe('–')
    expect(cell(r, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)', 1)).toBe('0 (0.0%; 0.0–60.2)')
    expect(JSON.stringify(reportTables(r, 'en'))).not.toMatch(/NaN|Infinity|undefined/)
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
  })

  it('a dose level whose AEs were not collected: safety n = 0 shows dashes, the overall safety denominator excludes it', () => {
    const specs: Spec[] = [
      { id: 'A1', inf: '2024-03-01', level: 'DL1', plt: [[-5, 10], [14, 40], [21, 45]], aes: [ae(CRS, 2, 1)] },
      { id: 'A2', inf: '2024-03-01', level: 'DL2', plt: [[-5, 10], [14, 12], [21, 11]], aes: null },
    ]
    const r = build(specs)
    const dl2 = groupOf(r, 'DL2')!
    expect(dl2.safety.crs.any).toMatchObject({ x: 0, n: 0, percent: null })
    expect(cell(r, 'safety', 'CRS, any grade', 1)).toBe('–')
    expect(overall(r).safety.crs.byGrade[2]).toMatchObject({ x: 1, n: 1, percent: 100 })
    // ORR stays over all infused (2), safety over the collected (1)
    expect(overall(r).efficacy.orr).toMatchObject({ x: 1, n: 2 })
    expect(r.narrative.en).toContain('two patients had been infused and were evaluable for response, and one for safety')
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
  })

  it('IVIG only after a new ITP therapy (outside the observation it ends) is not "given IVIG" nor "IVIG-independent from day -Infinity"', () => {
    const r = build([
      { id: 'V1', inf: '2024-03-01', level: 'DL1', plt: [[-5, 10], [14, 40], [21, 45]], meds: [med('DARATUMUMAB', 'NEW_ITP_THERAPY', 100), med('IVIG', 'IVIG', 150, 151)], newTherapyDay: 100 },
      { id: 'V2', inf: '2024-03-01', level: 'DL1', plt: [[-5, 10], [14, 40], [21, 45]], meds: [med('IVIG', 'IVIG', 20, 21)] },
    ])
    const e = overall(r).efficacy
    expect(e.ivigIndependent).toMatchObject({ x: 1, n: 1, ids: ['V2'] })
    expect(e.ivigIndependenceDay).toMatchObject({ n: 1, median: 22, ids: ['V2'] })
    expect(cell(r, 'efficacy', 'IVIG-independent, of those given IVIG after infusion, n (%)', 1)).toBe('1/1 (100.0%)')
    expect(r.narrative.en).toContain('One of one patient given IVIG after infusion became IVIG-independent from a median of day 22.')
    const given = buildNarrativeParts(r, 'zh-CN').find((p) => p.text === '1' && p.ids?.includes('V2') && p.ids.length === 1)
    expect(given).toBeDefined()
    expect(r.narrative['zh-CN']).toContain('输注后曾使用IVIG的1例患者中1例摆脱IVIG依赖，中位起始于第22天。')
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
  })

  it('NE (no baseline) stays in the ORR denominator by default (response-itp.md §3.11)', () => {
    const r = build([
      { id: 'E1', inf: '2024-03-01', level: 'DL1', plt: [[-5, 10], [14, 40], [21, 45]] },
      { id: 'E2', inf: '2024-03-01', level: 'DL1', plt: [[-60, 10], [14, 40], [21, 45]] },
    ])
    expect(r.subjects.map((s) => s.result.bestResponse)).toEqual(['R', 'NE'])
    expect(overall(r).efficacy.orr).toMatchObject({ x: 1, n: 2, display: '50.0 % (1.3–98.7)' })
    expect(overall(r).efficacy.bor.NE).toMatchObject({ x: 1, n: 2 })
  })
})

// ------------------------------------------------------------ generated cohorts

interface Gen {
  infBefore: number
  level: 'DL1' | 'DL2' | null
  sex: 'F' | 'M'
  age: number | null
  b: number
  course: { day: number; value: number }[]
  aes: { term: string; grade: number | null; start: number }[] | null
  lastContact: number | null
  death: number | null
  later: boolean
}
const genArb: fc.Arbitrary<Gen> = fc.record({
  infBefore: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 30, max: 500 }) }, { weight: 1, arbitrary: fc.integer({ min: -20, max: 29 }) }),
  level: fc.constantFrom('DL1' as const, 'DL2' as const, null),
  sex: fc.constantFrom('F' as const, 'M' as const),
  age: fc.option(fc.integer({ min: 8, max: 75 }), { freq: 5 }),
  b: fc.integer({ min: 0, max: 30 }),
  course: fc.uniqueArray(fc.record({ day: fc.integer({ min: 14, max: 480 }), value: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 41, max: 200 })) }), { selector: (c) => c.day, maxLength: 10 }),
  aes: fc.option(fc.array(fc.record({ term: fc.constantFrom(CRS, ICANS, 'Anaemia'), grade: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 6 }), start: fc.integer({ min: 0, max: 60 }) }), { maxLength: 5 }), { freq: 5 }),
  lastContact: fc.option(fc.integer({ min: 5, max: 520 }), { freq: 3 }),
  death: fc.option(fc.integer({ min: 5, max: 520 }), { freq: 5 }),
  later: fc.boolean(),
})
function genSpec(g: Gen, i: number): Spec {
  const inf = addDays(CUTOFF, -g.infBefore)
  return {
    id: `G${String(i).padStart(2, '0')}`,
    inf,
    level: g.level,
    sex: g.sex,
    age: g.age,
    plt: [[-5, g.b], ...g.course.map((c): [number, number] => [c.day, c.value])],
    aes: g.aes === null ? null : g.aes.map((a) => ae(a.term, a.grade, a.start, a.start + 3, a.grade !== null && a.grade >= 3, a.term === 'Anaemia' ? 'Blood and lymphatic system disorders' : undefined)),
    lastContactDay: g.lastContact,
    deathDay: g.death,
  }
}

/** Reference figures of one group from the specs and the per-subject response results. */
function refGroupCheck(g: ReportGroup, members: { spec: Spec; gen: Gen; row: StudyReport['subjects'][number] }[], ci: CiType, neIn: boolean, reverse: boolean) {
  const n = members.length
  expect(g.n).toBe(n)
  expect(g.ids).toEqual(members.map((m) => m.spec.id))
  // demographics over those with a value
  const ages = members.flatMap((m) => (m.gen.age === null ? [] : [m.gen.age]))
  expect(g.baseline.age === null ? null : { n: g.baseline.age.n, median: g.baseline.age.median, min: g.baseline.age.min, max: g.baseline.age.max }).toEqual(refSummary(ages))
  expect(g.baseline.female.x).toBe(members.filter((m) => m.gen.sex === 'F').length)
  expect(g.baseline.female.n).toBe(n)
  // response over all infused (NE as non-responders), or over the evaluable when the protocol says so
  const best = members.map((m) => m.row.result.bestResponse)
  const x = best.filter((b) => b === 'CR' || b === 'R').length
  const rn = neIn ? n : best.filter((b) => b !== 'NE').length
  expect(g.efficacy.orr.x).toBe(x)
  expect(g.efficacy.orr.n).toBe(rn)
  expect(g.efficacy.crRate.n).toBe(rn)
  expect(g.efficacy.bor.NE.n).toBe(n)
  if (rn > 0) {
    const [lo, hi] = refCP(x, rn)
    expect(Math.abs(g.efficacy.orr.lower! - lo)).toBeLessThan(1e-9)
    expect(Math.abs(g.efficacy.orr.upper! - hi)).toBeLessThan(1e-9)
    expect(g.efficacy.orr.display).toBe(refDisplay(x, rn))
  } else expect(g.efficacy.orr.display).toBe('–')
  // follow-up: Day 0 → first of cut-off, last contact, death (death after the cut-off does not end it)
  const fu = members.map((m) => {
    const c = daysBetween(m.spec.inf, CUTOFF)
    return Math.min(c, m.gen.lastContact ?? Infinity, m.gen.death !== null && m.gen.death <= c ? m.gen.death : Infinity)
  })
  const fuRef = refSummary(fu)
  expect(g.exposure.followUpDays === null ? null : { n: g.exposure.followUpDays.n, median: g.exposure.followUpDays.median, min: g.exposure.followUpDays.min, max: g.exposure.followUpDays.max }).toEqual(fuRef)
  // reverse KM follow-up: death (on or before the cut-off) censors
  if (!reverse || n === 0) expect(g.exposure.followUpReverseKm).toBeNull()
  else {
    // died on or before the cut-off (the OS event): censored in the reverse fit, even if last contact was earlier
    const dead = members.map((m) => m.gen.death !== null && m.gen.death <= daysBetween(m.spec.inf, CUTOFF))
    const k = g.exposure.followUpReverseKm!
    expect({ median: k.median, lower: k.lower, upper: k.upper }).toEqual(refKmMedian(refKm(fu.map((t, i) => ({ time: t, event: !dead[i] })), ci)))
  }
  // safety: subjects with AEs collected; worst grade per patient per term, AEs starting after the cut-off left out
  const safety = members.filter((m) => m.gen.aes !== null)
  for (const [term, grades] of [[CRS, g.safety.crs], [ICANS, g.safety.icans]] as const) {
    expect(grades.any.n).toBe(safety.length)
    const inWindow = (m: (typeof members)[number]) => m.gen.aes!.filter((a) => a.term === term && a.start <= daysBetween(m.spec.inf, CUTOFF))
    const worst = new Map(safety.map((m) => [m.spec.id, Math.max(0, ...inWindow(m).map((a) => a.grade ?? 0))]))
    for (const k of [1, 2, 3, 4, 5] as const) expect(grades.byGrade[k].ids).toEqual([...worst].filter(([, w]) => w === k).map(([id]) => id))
    expect(grades.grade3OrHigher.ids).toEqual([...worst].filter(([, w]) => w >= 3).map(([id]) => id))
    expect(grades.any.ids).toEqual(safety.filter((m) => inWindow(m).length > 0).map((m) => m.spec.id))
  }
  // DoR: KM of the responders
  const dor = members.filter((m) => m.row.result.DoR !== null)
  expect(g.efficacy.dor.n).toBe(dor.length)
  if (dor.length > 0) {
    const km = refKmMedian(refKm(dor.map((m) => ({ time: m.row.result.DoR!, event: m.row.result.DoREvent === true })), ci))
    expect({ median: g.efficacy.dor.median, lower: g.efficacy.dor.lower, upper: g.efficacy.dor.upper }).toEqual(km)
  }
}

describe('generated cohorts vs the reference (fast-check, seed 20261208)', () => {
  it('every group: demographics, ORR with exact CI, follow-up, worst grades after the cut-off filter, KM DoR; EN = ZH numbers; later data changes nothing', () => {
    const seen = { dorEvent: 0, kmMedian: 0, ne: 0, aeAfterCutoff: 0, evenN: 0, reverseMedian: 0, infusedAfter: 0 }
    fc.assert(
      fc.property(fc.array(genArb, { minLength: 0, maxLength: 9 }), fc.constantFrom<CiType>('log-log', 'log', 'plain'), fc.boolean(), fc.boolean(), (gens, ci, neIn, reverse) => {
        const specs = gens.map(genSpec)
        const opts: Partial<StudyReportOptions> = { kmConfType: ci, notEvaluableInDenominator: neIn, followUpMethod: reverse ? 'reverse-km' : 'observed' }
        const r = build(specs, opts)
        const rows = new Map(r.subjects.map((s) => [s.id, s]))
        const members = specs.map((spec, i) => ({ spec, gen: gens[i]!, row: rows.get(spec.id)! })).filter((m) => m.spec.inf <= CUTOFF)
        expect(r.subjects.map((s) => s.id)).toEqual(members.map((m) => m.spec.id))
        for (const g of r.groups) refGroupCheck(g, g.id === 'overall' ? members : members.filter((m) => (m.spec.level ?? 'UNKNOWN') === g.id), ci, neIn, reverse)
        expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
        const all = overall(r)
        // the abstract's response sentence: percent and exact CI of the reference, in both languages
        const rx = all.efficacy.orr.x
        const rn = all.efficacy.orr.n
        if (rn > 0) {
          const [lo, hi] = refCP(rx, rn)
          expect(r.narrative.en).toContain(`(${refPct(rx, rn)}%; 95% CI ${refLimit(lo)}–${refLimit(hi)}) achieved an objective response`)
          expect(r.narrative['zh-CN']).toContain(`例（${refPct(rx, rn)}%；95% CI ${refLimit(lo)}–${refLimit(hi)}）达到客观缓解`)
        }
        if (all.efficacy.dor.events > 0) seen.dorEvent++
        if (all.efficacy.dor.median !== null) seen.kmMedian++
        if (all.efficacy.bor.NE.x > 0) seen.ne++
        if (members.some((m) => (m.gen.aes ?? []).some((a) => a.start > daysBetween(m.spec.inf, CUTOFF)))) seen.aeAfterCutoff++
        if (all.n > 0 && all.n % 2 === 0) seen.evenN++
        if (all.exposure.followUpReverseKm?.median != null) seen.reverseMedian++
        if (members.length < specs.length) seen.infusedAfter++
        // metamorphic: data after the cut-off (for the subjects flagged `later`) changes nothing
        const specsLater = specs.map((s, i) => (gens[i]!.later && s.inf <= CUTOFF ? withLaterData([s])[0]! : s))
        const rl = build(specsLater, opts)
        const strip = (x: StudyReport) => ({ ...x, subjects: x.subjects.map((s) => ({ ...s, result: { ...s.result, explanation: null } })) })
        expect(strip(rl)).toEqual(strip(r))
      }),
      { seed: SEED, numRuns: 120 },
    )
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThanOrEqual(5)
  }, 30_000)
})

// ------------------------------------------------------------ PROTOCOL DECISIONS with non-default values

describe('protocol decisions: the report records and states the choice it used', () => {
  it('KM CI type (statistics.md §3.1 "the platform must record which type it used"): the methods line names it', () => {
    for (const [type, other] of [['log', 'log-log'], ['plain', 'log-log'], ['log-log', 'plain']] as const) {
      const r = build(SEED_COHORT, { kmConfType: type })
      expect(r.methods.kmConfType).toBe(type)
      const en = renderReportHtml(r, { lang: 'en' })
      expect(en).toContain(`duration of response by Kaplan-Meier with ${type} 95% CIs`)
      expect(en).not.toContain(`Kaplan-Meier with ${other} 95% CIs`)
      expect(renderReportHtml(r, { lang: 'zh-CN' })).toContain(`缓解持续时间采用Kaplan-Meier法及${type} 95% CI`)
    }
  })
})

describe('protocol decision: NE in the ORR denominator (response-itp.md §3.11, §5 item 7)', () => {
  const specs: Spec[] = [
    { id: 'E1', inf: '2024-03-01', level: 'DL1', plt: [[-5, 10], [14, 40], [21, 45]] },
    { id: 'E2', inf: '2024-03-01', level: 'DL1', plt: [[-60, 10], [14, 40], [21, 45]] },
    { id: 'E3', inf: '2024-03-01', level: 'DL2', plt: [[-5, 10], [14, 12], [21, 11]] },
  ]
  it('default: NE stays in (1/3); false: ORR, CR and CR/R/NR over the evaluable (1/2), NE still over all infused', () => {
    const dflt = build(specs)
    expect(dflt.methods.notEvaluableInDenominator).toBe(true)
    expect(overall(dflt).efficacy.orr).toMatchObject({ x: 1, n: 3, display: refDisplay(1, 3) })
    const r = build(specs, { notEvaluableInDenominator: false })
    expect(r.subjects.map((s) => s.result.bestResponse)).toEqual(['R', 'NE', 'NR'])
    const e = overall(r).efficacy
    expect(e.orr).toMatchObject({ x: 1, n: 2, ids: ['E1'], display: refDisplay(1, 2) })
    expect(e.crRate).toMatchObject({ x: 0, n: 2, display: refDisplay(0, 2) })
    expect(e.bor.NR).toMatchObject({ x: 1, n: 2 })
    expect(e.bor.NE).toMatchObject({ x: 1, n: 3 })
    expect(groupOf(r, 'DL1')!.efficacy.orr).toMatchObject({ x: 1, n: 1, display: '100.0 % (2.5–100.0)' })
    expect(cell(r, 'efficacy', 'Objective response (CR + R), n (%; 95% CI)', 2)).toBe(`1/2 (50.0%; ${refLimit(refCP(1, 2)[0])}–${refLimit(refCP(1, 2)[1])})`)
    expect(r.narrative.en).toContain('One of two patients evaluable for response (50.0%; 95% CI 1.3–98.7) achieved an objective response')
    expect(r.narrative['zh-CN']).toContain('2例疗效可评估患者中1例（50.0%；95% CI 1.3–98.7）达到客观缓解')
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
    expect(renderReportHtml(r)).toContain('analysis population all infused patients (response rates exclude patients not evaluable for response);')
    expect(renderReportHtml(dflt)).toContain('analysis population all infused patients; follow-up as median (range) of observed follow-up;')
  })
  it('every patient NE and excluded: no rate, a plain statement, no "None of no patients"', () => {
    const r = build([specs[1]!], { notEvaluableInDenominator: false })
    expect(overall(r).efficacy.orr).toMatchObject({ x: 0, n: 0, percent: null, display: '–' })
    expect(r.narrative.en).toContain('No patient was evaluable for response.')
    expect(r.narrative.en).not.toContain('None of')
    expect(r.narrative['zh-CN']).toContain('无疗效可评估的患者。')
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
  })
})

describe('protocol decision: follow-up by reverse Kaplan-Meier (statistics.md §1 "Time variables")', () => {
  // P4 dies on Day 50: censored for follow-up; the others are followed to the cut-off
  const specs = SEED_COHORT.map((s) => (s.id === 'P4' ? { ...s, deathDay: 50 } : s))
  it('default observed: no reverse KM; reverse-km: median potential follow-up equals the reference (death censors)', () => {
    expect(overall(build(specs)).exposure.followUpReverseKm).toBeNull()
    for (const ci of ['log-log', 'log', 'plain'] as const) {
      const r = build(specs, { followUpMethod: 'reverse-km', kmConfType: ci })
      expect(r.methods.followUpMethod).toBe('reverse-km')
      const days = specs.map((s) => (s.deathDay ? s.deathDay : daysBetween(s.inf, CUTOFF)))
      expect(days).toEqual([481, 370, 257, 50])
      const ref = refKmMedian(refKm(days.map((t, i) => ({ time: t, event: specs[i]!.deathDay === undefined })), ci))
      const k = overall(r).exposure.followUpReverseKm!
      expect({ median: k.median, lower: k.lower, upper: k.upper }).toEqual(ref)
      // not the simple median of observed follow-up (313.5): the death at Day 50 is censored
      expect(k.median).toBe(370)
      expect(overall(r).exposure.followUpDays).toMatchObject({ median: 313.5, min: 50, max: 481 })
      expect(groupOf(r, 'DL2')!.exposure.followUpReverseKm).toMatchObject({ n: 2, events: 1, median: 257 })
    }
    const r = build(specs, { followUpMethod: 'reverse-km' })
    expect(r.narrative.en).toContain('follow-up ranged from 2 to 16 months (median 12.2 months by reverse Kaplan-Meier).')
    expect(r.narrative['zh-CN']).toContain('随访时间2–16个月（反向Kaplan-Meier法中位随访12.2个月）。')
    expect(cell(r, 'exposure', 'Follow-up, months, reverse Kaplan-Meier median (95% CI)', 2)).toMatch(/^12\.2 \(/)
    expect(renderReportHtml(r)).toContain('follow-up as median (range) of observed follow-up and by reverse Kaplan-Meier;')
    expect(numberTokens(r, 'zh-CN')).toEqual(numberTokens(r, 'en'))
  })
})
