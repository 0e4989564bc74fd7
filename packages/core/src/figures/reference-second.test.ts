/**
 * Second independent reference check of the figures engine: the numbers behind the SVG, parsed back from
 * the documents (KM step coordinates = S(t), censor marks at S just after the censoring, number at risk
 * = #(time >= tick), waterfall order, swimmer order / bar lengths / marker days), and XML escaping of ids.
 * Source: domain/statistics.md §3.1-§3.4, §4.1; the reference below was written from the doc prose first.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StudyReport } from '../report/index.js'
import { kaplanMeier } from '../stats/kaplan-meier.js'
import { bCellPlot } from './b-cell-plot.js'
import { carExpansionPlot } from './car-expansion-plot.js'
import { kaplanMeierPlot } from './km-plot.js'
import { swimmerPlot } from './swimmer-plot.js'
import { waterfallPlot } from './waterfall-plot.js'
import { parseXml, xmlSelect, xmlText, type XmlElement } from './xml.js'

const SEED = 20261207
const MONTH = 30.4375
// ---------------------------------------------------------------------------------------------
// Independent reference, written from domain/statistics.md §3.1 / §4 and regimen-and-dosing.md §7-§8
// prose only (before reading the engine).
// ---------------------------------------------------------------------------------------------

interface RefObs { time: number; event: boolean }

/** statistics.md §3.1: S(t) = Π_{t_i ≤ t} (1 − d_i / n_i), n_i = #(time ≥ t_i), events before censorings at ties. */
function refKmSteps(obs: readonly RefObs[]): { t: number; s: number; n: number; d: number }[] {
  const eventTimes = [...new Set(obs.filter((o) => o.event).map((o) => o.time))].sort((a, b) => a - b)
  let s = 1
  return eventTimes.map((t) => {
    const n = obs.filter((o) => o.time >= t).length
    const d = obs.filter((o) => o.event && o.time === t).length
    s *= 1 - d / n
    return { t, s, n, d }
  })
}

/** S(t) as a right-continuous step function (value at t includes events at t). */
function refSurvAt(obs: readonly RefObs[], t: number): number {
  let s = 1
  for (const step of refKmSteps(obs)) if (step.t <= t) s = step.s
  return s
}

/** Number at risk at a tick: #(time ≥ tick) (statistics.md §3.1 definition of n_i). */
function refAtRisk(obs: readonly RefObs[], tick: number): number {
  return obs.filter((o) => o.time >= tick).length
}

// ---------------------------------------------------------------------------------------------
// Reading the SVG back
// ---------------------------------------------------------------------------------------------

/** KM frame of km-plot.ts at the default width 720: plot x from 80 to 696, y from 310 (S = 0) to 40 (S = 1). */
const KM = { left: 80, right: 696, bottom: 310, top: 40 }
const sToY = (s: number) => KM.bottom + s * (KM.top - KM.bottom)

/** Vertices of an M/L-only path. */
function pathVertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])])
}

function kmDoc(obs: readonly RefObs[]): XmlElement {
  const fit = kaplanMeier(
    obs.map((o) => o.time),
    obs.map((o) => (o.event ? 1 : 0)),
  )
  const report = { groups: [{ id: 'overall', efficacy: { dor: { fit, median: fit.median.estimate } } }] } as unknown as StudyReport
  return parseXml(kaplanMeierPlot(report))
}

/** Expected vertices of the step curve from the reference: (0, 1), at each event time (t, S before), (t, S), then flat to the last time. */
function expectedCurve(obs: readonly RefObs[]): [number, number][] {
  const maxT = Math.max(1, ...obs.map((o) => o.time)) / MONTH
  const xMax = Math.ceil(maxT)
  const tx = (tMonths: number) => KM.left + (tMonths / xMax) * (KM.right - KM.left)
  const pts: [number, number][] = [[tx(0), sToY(1)]]
  let prev = 1
  for (const st of refKmSteps(obs)) {
    pts.push([tx(st.t / MONTH), sToY(prev)], [tx(st.t / MONTH), sToY(st.s)])
    prev = st.s
  }
  pts.push([tx(maxT), sToY(prev)])
  return pts
}

function checkKm(obs: readonly RefObs[]): void {
  const doc = kmDoc(obs)
  const maxT = Math.max(1, ...obs.map((o) => o.time)) / MONTH
  const xMax = Math.ceil(maxT)
  const xToMonths = (x: number) => ((x - KM.left) / (KM.right - KM.left)) * xMax
  // step curve: every vertex within the 0.1-unit coordinate rounding
  const curve = pathVertices(xmlSelect(doc, 'path', 'km-curve')[0]!.attrs.d!)
  const want = expectedCurve(obs)
  expect(curve.length).toBe(want.length)
  curve.forEach(([x, y], i) => {
    expect(Math.abs(x - want[i]![0])).toBeLessThanOrEqual(0.051)
    expect(Math.abs(y - want[i]![1])).toBeLessThanOrEqual(0.051)
  })
  // censor marks: one per censored observation, centred on S(t) just after t (events before censorings, §3.1)
  const censors = xmlSelect(doc, 'line', 'censor')
  const censored = obs.filter((o) => !o.event).sort((a, b) => a.time - b.time)
  expect(censors.length).toBe(censored.length)
  const marks = censors.map((c) => ({ x: Number(c.attrs.x1), y: (Number(c.attrs.y1) + Number(c.attrs.y2)) / 2 })).sort((a, b) => a.x - b.x)
  marks.forEach((m, i) => {
    const c = censored[i]!
    expect(Math.abs(xToMonths(m.x) * MONTH - c.time)).toBeLessThanOrEqual((0.051 / (KM.right - KM.left)) * xMax * MONTH + 1e-9)
    expect(Math.abs(m.y - sToY(refSurvAt(obs, c.time)))).toBeLessThanOrEqual(0.11)
  })
  // number at risk under each x tick = #(time >= tick); the tick value is read from the axis label at the same x
  const atRisk = xmlSelect(doc, 'text', 'at-risk')
  const axisY = String(KM.bottom + 18)
  const labels = xmlSelect(doc, 'text').filter((t) => t.attrs.y === axisY && t.attrs['text-anchor'] === 'middle')
  expect(atRisk.length).toBe(labels.length)
  expect(atRisk.length).toBeGreaterThan(0)
  for (const a of atRisk) {
    const label = labels.find((l) => l.attrs.x === a.attrs.x)
    expect(label).toBeDefined()
    const tickMonths = Number(xmlText(label!))
    expect(Number(xmlText(a))).toBe(refAtRisk(obs, tickMonths * MONTH))
  }
}

const ev = (time: number): RefObs => ({ time, event: true })
const ce = (time: number): RefObs => ({ time, event: false })

describe('KM figure data vs reference (statistics.md §3.1-§3.4)', () => {
  it('reference reproduces worked example A and B S(t) (self-check of the reference)', () => {
    const a = refKmSteps([ev(30), ce(45), ev(60), ce(90), ev(120), ce(200)])
    expect(a.map((s) => [s.t, s.n, Number(s.s.toFixed(4))])).toEqual([[30, 6, 0.8333], [60, 4, 0.625], [120, 2, 0.3125]])
    const b = refKmSteps([ev(20), ev(35), ce(35), ev(50), ev(80), ce(150), ev(150), ce(210)])
    expect(b.map((s) => [s.t, s.n, Number(s.s.toFixed(3))])).toEqual([[20, 8, 0.875], [35, 7, 0.75], [50, 5, 0.6], [80, 4, 0.45], [150, 3, 0.3]])
  })

  it('worked example A: curve, censor marks, at-risk row', () => checkKm([ev(30), ce(45), ev(60), ce(90), ev(120), ce(200)]))
  it('worked example B (ties: event and censoring at 35 and 150)', () => checkKm([ev(20), ev(35), ce(35), ev(50), ev(80), ce(150), ev(150), ce(210)]))
  it('worked example C (all events, curve reaches 0; median label 25 d)', () => {
    const obs = [ev(10), ev(20), ev(30), ev(40)]
    checkKm(obs)
    expect(xmlText(xmlSelect(kmDoc(obs), 'text', 'median-label')[0]!)).toBe('Median 25 d')
  })
  it('edge cases: one censored patient; all censored; event and censoring at a tick time; all tied at the last time', () => {
    checkKm([ce(100)])
    checkKm([ce(10), ce(10), ce(300)])
    checkKm([ev(0.5), ce(0.5)])
    // ticks at whole months: times exactly at 3 and 6 months (91.3125 d, 182.625 d) are at risk at those ticks
    checkKm([ev(91.3125), ce(182.625), ev(182.625), ce(200)])
    // several patients tied at the last time, mixed
    checkKm([ev(50), ev(50), ce(50), ce(50)])
  })

  it('property: random small samples with ties (fast-check, fixed seed)', () => {
    const obsArb = fc.array(fc.record({ time: fc.integer({ min: 0, max: 400 }), event: fc.boolean() }), { minLength: 1, maxLength: 14 })
    fc.assert(fc.property(obsArb, (obs) => checkKm(obs)), { seed: SEED, numRuns: 200 })
  })
})

// ---------------------------------------------------------------------------------------------
// Swimmer (statistics.md §4.1) and waterfall: minimal subject rows built by hand
// ---------------------------------------------------------------------------------------------

interface SubjSpec {
  id: string
  level: string | null
  followUpDay: number
  responseDay?: number | null
  crDay?: number | null
  /** R-level episodes: end day and whether it ended in a confirmed loss */
  rEpisodes?: { startDay: number; endDay: number; event: boolean }[]
  newTherapyDays?: number[]
  deathDay?: number | null
  best?: 'CR' | 'R' | 'NR' | 'NE'
  bestChangePercent?: number | null
}

function subject(s: SubjSpec): unknown {
  return {
    id: s.id,
    doseLevel: s.level,
    followUpDay: s.followUpDay,
    deathDay: s.deathDay ?? null,
    severeCrsIcansDay: null,
    bestChangePercent: s.bestChangePercent ?? null,
    medications: (s.newTherapyDays ?? []).map((d) => ({ kind: 'NEW_ITP_THERAPY', startDay: d })),
    result: {
      responseDay: s.responseDay ?? null,
      crDay: s.crDay ?? null,
      bestResponse: s.best ?? 'NR',
      episodes: { R: s.rEpisodes ?? [], CR: [] },
    },
  }
}

/** Like build-study-report.ts, a subject without a dose level belongs to an `UNKNOWN` level listed last. */
function fakeReport(subjects: SubjSpec[], protocolLevels = ['DL1', 'DL2']): StudyReport {
  const levels = subjects.some((s) => s.level === null) ? [...protocolLevels, 'UNKNOWN'] : protocolLevels
  return { doseLevels: levels.map((id) => ({ id, label: id })), subjects: subjects.map(subject) } as unknown as StudyReport
}

/** Swimmer frame at width 720: x from 70 to 690 over [0, ceil(max follow-up months)]. */
const SW = { left: 70, right: 690 }

describe('swimmer plot data (statistics.md §4.1)', () => {
  const subjects: SubjSpec[] = [
    { id: 'S-01', level: 'DL2', followUpDay: 120, responseDay: 14, crDay: 28, rEpisodes: [{ startDay: 14, endDay: 120, event: false }], best: 'CR' },
    { id: 'S-02', level: 'DL1', followUpDay: 60, responseDay: 7, rEpisodes: [{ startDay: 7, endDay: 40, event: true }], newTherapyDays: [50, 45], best: 'R' },
    { id: 'S-03', level: 'DL1', followUpDay: 200, best: 'NR', deathDay: 200 },
    { id: 'S-04', level: null, followUpDay: 300, responseDay: 30, rEpisodes: [{ startDay: 30, endDay: 90, event: true }, { startDay: 120, endDay: 300, event: false }], best: 'R' },
  ]
  const doc = parseXml(swimmerPlot(fakeReport(subjects)))
  const rows = xmlSelect(doc, 'g', 'row')
  const xMaxMonths = Math.ceil(300 / MONTH)
  const dayToX = (d: number) => SW.left + (d / MONTH / xMaxMonths) * (SW.right - SW.left)
  const centreX = (e: XmlElement) => {
    const v = pathVertices(e.attrs.d ?? '')
    if (e.name === 'rect') return Number(e.attrs.x) + Number(e.attrs.width) / 2
    // triangle / diamond: first vertex is the apex at the centre x; cross: mean of its four corners
    return e.attrs.class!.includes('marker-loss') ? (v[0]![0] + v[1]![0]) / 2 : v[0]![0]
  }

  // §4.1 "by dose level, then by follow-up length": the direction is not stated; the engine puts the longest
  // follow-up first within a level (checked here as the engine's documented choice)
  it('rows by dose level (protocol order, unknown level last), then by follow-up length', () => {
    expect(rows.map((r) => r.attrs['data-subject'])).toEqual(['S-03', 'S-02', 'S-01', 'S-04'])
  })

  it('bar from Day 0 to last follow-up; markers at the right days', () => {
    for (const s of subjects) {
      const row = rows.find((r) => r.attrs['data-subject'] === s.id)!
      const bar = xmlSelect(row, 'rect', 'bar')[0]!
      expect(Number(bar.attrs.x)).toBe(SW.left)
      expect(Math.abs(Number(bar.attrs.x) + Number(bar.attrs.width) - dayToX(s.followUpDay))).toBeLessThanOrEqual(0.11)
      const at = (cls: string) => xmlSelect(row, '*', cls).map(centreX)
      const near = (got: number[], days: number[]) => {
        expect(got.length).toBe(days.length)
        got.forEach((g, i) => expect(Math.abs(g - dayToX(days[i]!))).toBeLessThanOrEqual(0.11))
      }
      near(at('marker-r'), s.responseDay != null ? [s.responseDay] : [])
      near(at('marker-cr'), s.crDay != null ? [s.crDay] : [])
      near(at('marker-loss'), (s.rEpisodes ?? []).filter((e) => e.event).map((e) => e.endDay))
      // first new ITP therapy start (the earliest, whatever the input order)
      near(at('marker-new-therapy'), s.newTherapyDays?.length ? [Math.min(...s.newTherapyDays)] : [])
      near(at('marker-death'), s.deathDay != null ? [s.deathDay] : [])
      // arrow: still in response at the cut-off (last R episode not ended by loss, no new therapy, alive)
      const last = s.rEpisodes?.[s.rEpisodes.length - 1]
      const ongoing = !!last && !last.event && !s.newTherapyDays?.length && s.deathDay == null
      expect(xmlSelect(row, 'path', 'arrow-ongoing').length).toBe(ongoing ? 1 : 0)
    }
  })
})

describe('waterfall plot data', () => {
  it('one bar per patient with a change, sorted from largest to smallest; no bar without a baseline', () => {
    const vals = [35.5, -20, 400, null, 0, 120, -100, 120]
    const subjects = vals.map((v, i) => ({ id: `P-${i}`, level: 'DL1', followUpDay: 10, bestChangePercent: v, best: 'R' as const }))
    const doc = parseXml(waterfallPlot(fakeReport(subjects)))
    const bars = xmlSelect(doc, 'rect', 'bar')
    const got = bars.map((b) => Number(b.attrs['data-subject']!.slice(2)))
    const values = got.map((i) => vals[i]!)
    expect(values).toEqual([400, 120, 120, 35.5, 0, -20, -100])
    // bar height proportional to the % change: height per % constant across bars (zero bar drawn 1 unit high)
    const scale = bars.map((b, i) => Number(b.attrs.height) / Math.abs(values[i]!)).filter((r, i) => values[i] !== 0)
    for (const r of scale) expect(Math.abs(r - scale[0]!)).toBeLessThan(0.2 / 20)
  })
})

describe('SVG escaping of subject ids (XML 1.0 §2.4)', () => {
  const nasty = `A<&"'>-x<y`
  it('swimmer, waterfall and KM stay well-formed and keep the id text', () => {
    const rep = fakeReport([{ id: nasty, level: 'DL1', followUpDay: 40, responseDay: 10, rEpisodes: [{ startDay: 10, endDay: 40, event: false }], best: 'R', bestChangePercent: -5 }])
    const sw = parseXml(swimmerPlot(rep))
    expect(xmlSelect(sw, 'g', 'row')[0]!.attrs['data-subject']).toBe(nasty)
    expect(xmlSelect(sw, 'text').map(xmlText)).toContain('x<y')
    const wf = parseXml(waterfallPlot(rep))
    expect(xmlSelect(wf, 'rect', 'bar')[0]!.attrs['data-subject']).toBe(nasty)
    expect(xmlText(xmlSelect(wf, 'rect', 'bar')[0]!)).toBe(`${nasty}: -5 %`)
  })
})

// ---------------------------------------------------------------------------------------------
// CAR expansion (regimen-and-dosing.md §7) and B cells (§8): points in protocol-day order, peak at Tmax
// ---------------------------------------------------------------------------------------------

/** §7 worked example, deliberately not in day order (a direct input need not be sorted). */
const CAR_EXAMPLE = [
  { day: 14, level: 18000 },
  { day: 0, level: 0 },
  { day: 10, level: 42000 },
  { day: 4, level: 1200 },
  { day: 28, level: 2100 },
  { day: 7, level: 15000 },
  { day: 21, level: 5000 },
]

function kineticsReport(car: { day: number; level: number }[], b: { day: number; perUl: number }[], recovery: number | null): StudyReport {
  const s = { id: 'K-01', doseLevel: 'DL1', carSamples: car, bCellSamples: b, bCellRecoveryDay: recovery }
  return { doseLevels: [{ id: 'DL1', label: 'DL1' }], subjects: [s], methods: { bCellCutoffPerUl: 100 } } as unknown as StudyReport
}

describe('CAR expansion figure (regimen-and-dosing.md §7)', () => {
  const xDay = (day: number, maxDay: number) => 80 + (day / maxDay) * (696 - 80)
  it('worked example: the line joins the samples in protocol-day order; the peak mark is at Tmax = Day 10', () => {
    const doc = parseXml(carExpansionPlot(kineticsReport(CAR_EXAMPLE, [], null)))
    const v = pathVertices(xmlSelect(doc, 'path', 'series')[0]!.attrs.d!)
    const days = [...CAR_EXAMPLE].sort((a, b) => a.day - b.day).map((p) => p.day)
    expect(v.length).toBe(days.length)
    v.forEach(([x], i) => expect(Math.abs(x - xDay(days[i]!, 28))).toBeLessThanOrEqual(0.051))
    const peak = xmlSelect(doc, 'circle', 'peak')[0]!
    expect(Math.abs(Number(peak.attrs.cx) - xDay(10, 28))).toBeLessThanOrEqual(0.051)
    expect(xmlText(peak)).toContain('42000')
  })
  it('Tmax is the first occurrence when Cmax is tied, whatever the input order', () => {
    const car = [{ day: 21, level: 500 }, { day: 0, level: 0 }, { day: 7, level: 500 }, { day: 14, level: 100 }]
    const doc = parseXml(carExpansionPlot(kineticsReport(car, [], null)))
    const peak = xmlSelect(doc, 'circle', 'peak')[0]!
    expect(Math.abs(Number(peak.attrs.cx) - xDay(7, 28))).toBeLessThanOrEqual(0.051)
  })
})

describe('B-cell figure (regimen-and-dosing.md §8)', () => {
  // §8 worked example, absolute counts, shuffled
  const B = [
    { day: 56, perUl: 5 },
    { day: 0, perUl: 150 },
    { day: 112, perUl: 110 },
    { day: 7, perUl: 2 },
    { day: 84, perUl: 40 },
    { day: 14, perUl: 0 },
    { day: 28, perUl: 0 },
  ]
  it('worked example: samples joined in day order, cut-off line at the protocol cutoff, recovery mark on Day 84', () => {
    const doc = parseXml(bCellPlot(kineticsReport([], B, 84)))
    const xDay = (day: number) => 70 + (day / 112) * (696 - 70)
    const v = pathVertices(xmlSelect(doc, 'path', 'series')[0]!.attrs.d!)
    const days = [...B].sort((a, b) => a.day - b.day).map((p) => p.day)
    v.forEach(([x], i) => expect(Math.abs(x - xDay(days[i]!))).toBeLessThanOrEqual(0.051))
    const rec = xmlSelect(doc, 'path', 'recovery')[0]!
    expect(Math.abs(pathVertices(rec.attrs.d!)[0]![0] - xDay(84))).toBeLessThanOrEqual(0.051)
    // cutoff line at y(100) on the same scale as the points: the Day 112 point (110/µL) lies above it
    const cut = Number(xmlSelect(doc, 'line', 'cutoff')[0]!.attrs.y1)
    const p112 = v[v.length - 1]!
    expect(p112[1]).toBeLessThan(cut)
  })
})
