/**
 * Independent check of the swimmer and spaghetti plots against a reference written from the docs before the
 * figure code was read:
 * - domain/statistics.md §4.1 (swimmer: a bar Day 0 -> last follow-up per patient; rows by dose level, then
 *   follow-up length; markers first R, first CR, loss of response, new ITP therapy start, death; an arrow when
 *   the patient is still in response at the cut-off; data = episodes of the response algorithm) and §4.2
 *   (spaghetti: x = protocol day incl. LD days and baseline; y log10 with 0 at the axis minimum; one line per
 *   patient; reference lines 30 and 100; hollow markers for counts excluded by rescue windows or after new
 *   therapy; shaded bands for rescue windows);
 * - domain/response-itp.md §3.4 (exclusions; rescue window = start .. (end ?? start) + window, §3.2 defaults
 *   IVIG 14 / transfusion 7), §3.7-§3.12 (tri-state status, episodes, re-response) and §3.11 (first R-level
 *   episode = response day, first CR-level episode = CR day) with the NCT06352281 preset (R: > 30 and >= 2 x
 *   baseline; CR: > 100; confirmation 7 d; loss 1 d; evaluable from Day 14).
 * The figure's data are read back from the SVG: positions are mapped back to days through the axis ticks.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { parseProtocol } from '../protocol/index.js'
import { buildStudyReport } from '../report/build-study-report.js'
import type { ReportMedication, StudyReport, StudyReportSubjectInput } from '../report/types.js'
import { plateletSpaghettiPlot } from './platelet-spaghetti.js'
import { swimmerPlot } from './swimmer-plot.js'
import { parseXml, xmlSelect, xmlText, type XmlElement } from './xml.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value
const SEED = 20261207
const INF = '2024-03-01'
const CUTOFF_DAY = 200
const DAY_MS = 86_400_000
const dateAt = (day: number): string => new Date(Date.parse(`${INF}T00:00:00Z`) + day * DAY_MS).toISOString().slice(0, 10)
const CUTOFF = dateAt(CUTOFF_DAY)
/** response-itp.md §3.2 default rescue windows (days after the end of rescue) */
const WINDOW = { IVIG: 14, PLATELET_TRANSFUSION: 7 } as const

// ---------------------------------------------------------------- reference (from the docs)

type S = 'Q' | 'F' | 'I'
interface Ep {
  start: number
  end: number
  event: boolean
}
/** response-itp.md §3.8-§3.10 / §3.12: runs of Q confirm (>= N days), loss = two F >= M days apart with no Q between. */
function refEpisodes(ev: { day: number; s: S }[], N = 7, M = 1): Ep[] {
  const eps: Ep[] = []
  let i = 0
  for (;;) {
    let start = -1
    for (let a = i; a < ev.length && start < 0; a++) {
      if (ev[a]!.s !== 'Q') continue
      for (let b = a + 1; b < ev.length && ev[b]!.s === 'Q'; b++) if (ev[b]!.day - ev[a]!.day >= N) { start = a; break }
    }
    if (start < 0) return eps
    let loss = -1
    let f2 = -1
    for (let a = start + 1; a < ev.length && loss < 0; a++) {
      if (ev[a]!.s !== 'F') continue
      for (let b = a + 1; b < ev.length && ev[b]!.s !== 'Q'; b++) if (ev[b]!.s === 'F' && ev[b]!.day - ev[a]!.day >= M) { loss = a; f2 = b; break }
    }
    if (loss < 0) return [...eps, { start: ev[start]!.day, end: ev[ev.length - 1]!.day, event: false }]
    eps.push({ start: ev[start]!.day, end: ev[loss]!.day, event: true })
    i = f2 + 1
  }
}

interface Spec {
  id: string
  dose: 'DL1' | 'DL2' | null
  /** [day, value]; baseline = the count on Day -5 (LD start) */
  plt: [number, number][]
  rescue: { type: 'IVIG' | 'PLATELET_TRANSFUSION'; start: number; end: number }[]
  nt: number | null
  lastContact: number | null
  death: number | null
}
interface Marker {
  kind: 'r' | 'cr' | 'loss' | 'new-therapy' | 'death'
  day: number
}
interface SwimRow {
  id: string
  dose: string
  end: number
  markers: Marker[]
  arrow: boolean
}

const inRescue = (p: Spec, d: number) => p.rescue.some((r) => r.start <= d && d <= r.end + WINDOW[r.type])
/** §3.4 rules 1, 3, 4 (cut-off Day 200 is after every count). */
const evaluable = (p: Spec) => p.plt.filter(([d]) => d >= 14 && !inRescue(p, d) && !(p.nt !== null && d >= p.nt))

/** statistics.md §4.1 row of one patient, episodes from the NCT06352281 preset (§3.7). */
function refSwimRow(p: Spec): SwimRow {
  const b = p.plt.find(([d]) => d === -5)![1]
  const ev = evaluable(p)
  const crQ = (v: number) => v > 100
  const rS = (v: number): S => (crQ(v) || (v > 30 && v >= 2 * b) ? 'Q' : v < 30 || v < 2 * b ? 'F' : 'I')
  const crS = (v: number): S => (crQ(v) ? 'Q' : v < 100 ? 'F' : 'I')
  const r = refEpisodes(ev.map(([day, v]) => ({ day, s: rS(v) })))
  const cr = refEpisodes(ev.map(([day, v]) => ({ day, s: crS(v) })))
  const end = Math.min(CUTOFF_DAY, p.lastContact ?? Infinity, p.death ?? Infinity)
  const markers: Marker[] = []
  if (r[0]) markers.push({ kind: 'r', day: r[0].start })
  if (cr[0]) markers.push({ kind: 'cr', day: cr[0].start })
  for (const e of r) if (e.event) markers.push({ kind: 'loss', day: e.end })
  if (p.nt !== null) markers.push({ kind: 'new-therapy', day: p.nt })
  if (p.death !== null) markers.push({ kind: 'death', day: p.death })
  const last = r[r.length - 1]
  return { id: p.id, dose: p.dose ?? 'UNKNOWN', end, markers, arrow: last !== undefined && !last.event && p.nt === null && p.death === null }
}

// ---------------------------------------------------------------- inputs

function input(p: Spec): StudyReportSubjectInput {
  const meds: ReportMedication[] = [
    ...p.rescue.map((r) => ({ treatment: r.type, kind: r.type, startDay: r.start, endDay: r.end })),
    ...(p.nt === null ? [] : [{ treatment: 'Daratumumab', kind: 'NEW_ITP_THERAPY' as const, startDay: p.nt, endDay: p.nt }]),
  ]
  return {
    usubjid: p.id,
    siteId: 'S01',
    age: 30,
    sex: 'F',
    doseLevel: p.dose,
    response: {
      infusionDate: INF,
      ldStartDate: dateAt(-5),
      plateletCounts: p.plt.map(([d, value]) => ({ date: dateAt(d), value })),
      rescueEvents: p.rescue.map((r) => ({ type: r.type, startDate: dateAt(r.start), endDate: dateAt(r.end) })),
      newItpTherapyStartDate: p.nt === null ? null : dateAt(p.nt),
    },
    lastContactDate: p.lastContact === null ? null : dateAt(p.lastContact),
    deathDate: p.death === null ? null : dateAt(p.death),
    itpDiagnosisDate: null,
    priorTherapies: null,
    ldDays: [-5, -4, -3],
    ldAgents: [],
    cellDose: null,
    cellDoseUnit: null,
    adverseEvents: [],
    medications: meds,
    carSamples: [],
    bCellSamples: [],
    gpAntibody: [],
  }
}
const spec = (id: string, plt: [number, number][], o: Partial<Spec> = {}): Spec => ({ id, dose: 'DL1', plt: [[-5, 10], ...plt], rescue: [], nt: null, lastContact: null, death: null, ...o })
const build = (ps: Spec[]): StudyReport => buildStudyReport(ps.map(input), { cutoff: CUTOFF, protocol })

// ---------------------------------------------------------------- reading the SVG back

const nums = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number)
/** x positions of a path's points, centre = midpoint of the extreme x (triangle, diamond, cross, arrow) */
const centreX = (d: string) => {
  const v = nums(d).filter((_, i) => i % 2 === 0)
  return (Math.min(...v) + Math.max(...v)) / 2
}
/** value -> px of the bottom axis from its first and last tick (labels in axis units) */
function bottomAxis(doc: XmlElement, toUnits: (label: string) => number): (v: number) => number {
  const ticks = xmlSelect(doc, 'line', 'tick').filter((t) => t.attrs.y1 !== t.attrs.y2)
  const texts = xmlSelect(doc, 'text').filter((t) => t.attrs['text-anchor'] === 'middle' && t.attrs.class !== 'axis-title' && ticks.some((k) => k.attrs.x1 === t.attrs.x))
  const a = texts[0]!
  const z = texts[texts.length - 1]!
  const [xa, xz, ua, uz] = [Number(a.attrs.x), Number(z.attrs.x), toUnits(xmlText(a)), toUnits(xmlText(z))]
  return (v) => xa + ((v - ua) / (uz - ua)) * (xz - xa)
}

const MONTH = 30.4375
function readSwimmer(svg: string): SwimRow[] {
  const doc = parseXml(svg)
  const px = bottomAxis(doc, (l) => Number(l) * MONTH)
  const dayAt = (x: number) => {
    const [x0, x1] = [px(0), px(1000)]
    return ((x - x0) / (x1 - x0)) * 1000
  }
  return xmlSelect(doc, 'g', 'row').map((g) => {
    const bar = xmlSelect(g, 'rect', 'bar')[0]!
    const markers: Marker[] = []
    for (const kind of ['r', 'cr', 'loss', 'new-therapy'] as const) for (const m of xmlSelect(g, 'path', `marker-${kind}`)) markers.push({ kind, day: dayAt(centreX(m.attrs.d!)) })
    for (const m of xmlSelect(g, '*', 'marker-death')) markers.push({ kind: 'death', day: dayAt(Number(m.attrs.x) + Number(m.attrs.width) / 2) })
    const fill = bar.attrs.fill!
    return { id: g.attrs['data-subject']!, dose: fill, end: dayAt(Number(bar.attrs.x) + Number(bar.attrs.width)), markers, arrow: xmlSelect(g, 'path', 'arrow-ongoing').length > 0 }
  })
}
const sortM = (m: Marker[]) => [...m].sort((a, b) => a.kind.localeCompare(b.kind) || a.day - b.day)

/** Engine rows equal reference rows: same order by dose level, ends and markers within 0.2 day, same arrows. */
function expectSwimmer(ps: Spec[], report: StudyReport): void {
  const got = readSwimmer(swimmerPlot(report, { width: 1440 }))
  const ref = new Map(ps.map((p) => [p.id, refSwimRow(p)]))
  expect(got.map((g) => g.id).sort()).toEqual([...ref.keys()].sort())
  // statistics.md §4.1 row order: by dose level (the report's level order), then by follow-up length
  const levels = report.doseLevels.map((l) => l.id)
  const li = got.map((g) => levels.indexOf(ref.get(g.id)!.dose))
  expect(li.every((v) => v >= 0)).toBe(true)
  expect(li).toEqual([...li].sort((a, b) => a - b))
  const ends = got.map((g) => ref.get(g.id)!.end)
  const sameLevel = (i: number) => li[i] === li[i - 1]
  const dirs = new Set(ends.map((e, i) => (i > 0 && sameLevel(i) && e !== ends[i - 1] ? Math.sign(e - ends[i - 1]!) : 0)).filter((s) => s !== 0))
  expect(dirs.size).toBeLessThanOrEqual(1)
  // one colour per dose level (bar fill)
  const fillOf = new Map<number, string>()
  got.forEach((g, i) => {
    expect(fillOf.get(li[i]!) ?? g.dose).toBe(g.dose)
    fillOf.set(li[i]!, g.dose)
  })
  expect(new Set(fillOf.values()).size).toBe(fillOf.size)
  for (const g of got) {
    const r = ref.get(g.id)!
    expect(Math.abs(g.end - r.end)).toBeLessThan(0.2)
    const gm = sortM(g.markers)
    const rm = sortM(r.markers)
    expect(gm.map((m) => m.kind), `${g.id} markers`).toEqual(rm.map((m) => m.kind))
    gm.forEach((m, i) => expect(Math.abs(m.day - rm[i]!.day), `${g.id} ${m.kind}`).toBeLessThan(0.2))
    expect(g.arrow, `${g.id} arrow`).toBe(r.arrow)
  }
}

// ---------------------------------------------------------------- swimmer

describe('swimmer plot vs the reference (statistics.md §4.1)', () => {
  it('edge cases: no response, CR without an earlier R marker day, re-response, loss, censored at cut-off', () => {
    const ps = [
      spec('P-NR', [[14, 12], [21, 14], [28, 15]]),
      // first count already > 100: R and CR start the same day (both markers at Day 14)
      spec('P-CR', [[14, 150], [21, 160], [28, 170]], { dose: 'DL2' }),
      // R, loss (Days 35, 36), re-response (Day 50), second loss (Days 70, 72): two crosses, no arrow
      spec('P-RR', [[14, 60], [21, 60], [35, 5], [36, 5], [50, 60], [57, 60], [70, 5], [72, 5]]),
      // R, loss, re-response still ongoing at the cut-off: one cross and an arrow
      spec('P-RR2', [[14, 60], [21, 60], [35, 5], [36, 5], [50, 60], [57, 60], [90, 70]]),
      // CR reached later than R (CR marker after R marker)
      spec('P-RCR', [[14, 60], [21, 60], [28, 120], [35, 130]], { dose: 'DL2' }),
    ]
    const report = build(ps)
    expectSwimmer(ps, report)
    const rows = readSwimmer(swimmerPlot(report, { width: 1440 }))
    expect(rows.find((r) => r.id === 'P-RR')!.markers.filter((m) => m.kind === 'loss')).toHaveLength(2)
    expect(rows.find((r) => r.id === 'P-NR')!.markers).toEqual([])
  })

  it('new ITP therapy on the day a loss would start: counts from that day are excluded, no cross, diamond, no arrow', () => {
    const ps = [spec('P-NT', [[14, 60], [21, 60], [40, 5], [41, 5]], { nt: 40 })]
    expectSwimmer(ps, build(ps))
    expect(readSwimmer(swimmerPlot(build(ps))).at(0)!.markers.map((m) => m.kind).sort()).toEqual(['new-therapy', 'r'])
  })

  it('death ends the bar with a filled square and no arrow; lost to follow-up ends the bar at last contact', () => {
    const ps = [
      spec('P-D', [[14, 60], [21, 60], [28, 60]], { death: 40 }),
      spec('P-L', [[14, 12], [21, 14]], { lastContact: 60 }),
      spec('P-C', [[14, 60], [21, 60], [28, 60]]),
    ]
    expectSwimmer(ps, build(ps))
    const rows = readSwimmer(swimmerPlot(build(ps)))
    expect(rows.find((r) => r.id === 'P-D')!.arrow).toBe(false)
    expect(rows.find((r) => r.id === 'P-C')!.arrow).toBe(true)
  })

  it('ties in follow-up length and a patient without a dose level (listed after the protocol levels)', () => {
    const ps = [
      spec('P-U', [[14, 60], [21, 60]], { dose: null, lastContact: 100 }),
      spec('P-A', [[14, 60], [21, 60]], { lastContact: 100 }),
      spec('P-B', [[14, 12], [21, 14]], { lastContact: 100 }),
      spec('P-C', [[14, 12], [21, 14]], { dose: 'DL2', lastContact: 100 }),
    ]
    const report = build(ps)
    expect(report.doseLevels.map((l) => l.id)).toEqual(['DL1', 'DL2', 'UNKNOWN'])
    expectSwimmer(ps, report)
    expect(readSwimmer(swimmerPlot(report)).at(-1)!.id).toBe('P-U')
  })

  const values = [0, 8, 25, 30, 45, 60, 100, 101, 150]
  const patient = (id: string) =>
    fc
      .record({
        dose: fc.constantFrom('DL1' as const, 'DL2' as const, null),
        base: fc.constantFrom(5, 10, 20),
        gaps: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 0, maxLength: 14 }),
        vals: fc.array(fc.constantFrom(...values), { minLength: 14, maxLength: 14 }),
        ivig: fc.option(fc.record({ start: fc.integer({ min: 14, max: 80 }), len: fc.integer({ min: 0, max: 3 }) }), { nil: null }),
        nt: fc.option(fc.integer({ min: 14, max: 150 }), { nil: null }),
        tail: fc.integer({ min: 0, max: 30 }),
        end: fc.constantFrom('cutoff', 'lost', 'death'),
      })
      .map((r): Spec => {
        let d = 14
        const plt: [number, number][] = [[-5, r.base]]
        r.gaps.forEach((g, i) => {
          plt.push([d, r.vals[i]!])
          d += g
        })
        const last = plt[plt.length - 1]![0]
        const stop = Math.max(last, 14) + r.tail
        return {
          id,
          dose: r.dose,
          plt,
          rescue: r.ivig ? [{ type: 'IVIG', start: r.ivig.start, end: r.ivig.start + r.ivig.len }] : [],
          nt: r.nt,
          lastContact: r.end === 'lost' ? stop : null,
          death: r.end === 'death' ? stop : null,
        }
      })

  it('generated cohorts: rows, bars, markers and arrows equal the reference (fast-check, seed 20261207)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => patient(`S-${String(i + 1).padStart(3, '0')}`)))), (ps) => {
        expectSwimmer(ps, build(ps))
      }),
      { seed: SEED, numRuns: 60 },
    )
  })
})

// ---------------------------------------------------------------- spaghetti

function readSpaghetti(svg: string) {
  const doc = parseXml(svg)
  const x = bottomAxis(doc, Number)
  const left = xmlSelect(doc, 'line', 'tick').filter((t) => t.attrs.y1 === t.attrs.y2)
  const leftText = xmlSelect(doc, 'text').filter((t) => t.attrs['text-anchor'] === 'end' && left.some((k) => Number(k.attrs.y1) + 4 === Number(t.attrs.y)))
  const yOf = (label: string) => Number(leftText.find((t) => xmlText(t) === label)!.attrs.y) - 4
  const [y1, y100] = [yOf('1'), yOf('100')]
  const y = (v: number) => (v <= 1 ? y1 : y1 + (Math.log10(v) / 2) * (y100 - y1))
  const pts = (g: XmlElement, cls: string) => xmlSelect(g, 'path').filter((p) => p.attrs.class === cls).flatMap((p) => [...(p.attrs.d ?? '').matchAll(/M(-?[\d.]+) (-?[\d.]+)h0/g)].map((m) => [Number(m[1]), Number(m[2])] as const))
  const patients = xmlSelect(doc, 'g', 'patient').map((g) => ({ id: g.attrs['data-subject']!, solid: pts(g, 'points'), hollow: pts(g, 'points points-excluded'), series: xmlSelect(g, 'path', 'series').length }))
  const bands = xmlSelect(doc, 'rect', 'rescue-band').map((r) => [Number(r.attrs.x), Number(r.attrs.x) + Number(r.attrs.width)] as const)
  const refs = xmlSelect(doc, 'line', 'reference').map((l) => Number(l.attrs.y1))
  return { x, y, patients, bands, refs }
}
/** the same points up to the 0.1-unit rounding of SVG coordinates */
const sameSet = (a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]) => {
  const sort = (p: readonly (readonly [number, number])[]) => [...p].sort((u, v) => u[0] - v[0] || u[1] - v[1])
  const [sa, sb] = [sort(a), sort(b)]
  expect(sa).toHaveLength(sb.length)
  sa.forEach((p, i) => expect(Math.abs(p[0] - sb[i]![0]) + Math.abs(p[1] - sb[i]![1]), JSON.stringify([sa, sb])).toBeLessThan(0.2))
}

describe('platelet spaghetti plot vs the reference (statistics.md §4.2)', () => {
  const spaghettiPatient = (id: string) =>
    fc
      .record({
        days: fc.uniqueArray(fc.integer({ min: -30, max: 120 }), { minLength: 1, maxLength: 15 }),
        vals: fc.array(fc.constantFrom(0, 1, 2, 9, 30, 55, 100, 240, 400), { minLength: 15, maxLength: 15 }),
        rescue: fc.array(fc.record({ type: fc.constantFrom('IVIG' as const, 'PLATELET_TRANSFUSION' as const), start: fc.integer({ min: 14, max: 100 }), len: fc.integer({ min: 0, max: 4 }) }), { maxLength: 2 }),
        nt: fc.option(fc.integer({ min: 14, max: 120 }), { nil: null }),
      })
      .map(({ days, vals, rescue, nt }): Spec => ({
        id,
        dose: 'DL1',
        plt: [[-5, 10] as [number, number], ...days.filter((d) => d !== -5).map((d, i) => [d, vals[i]!] as [number, number])].sort((a, b) => a[0] - b[0]),
        rescue: rescue.map((r) => ({ type: r.type, start: r.start, end: r.start + r.len })),
        nt,
        lastContact: null,
        death: null,
      }))

  it('points (x = protocol day incl. LD days, y = log10, 0 at the minimum), hollow = rescue window or new therapy, bands cover the rescue windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spaghettiPatient(`S-${i + 1}`)))), (ps) => {
        const got = readSpaghetti(plateletSpaghettiPlot(build(ps), { width: 1440 }))
        // reference lines at the response thresholds 30 and 100 (response-itp.md §3.2)
        expect(got.refs.map((v) => Math.round(v * 10)).sort()).toEqual([got.y(30), got.y(100)].map((v) => Math.round(v * 10)).sort())
        expect(got.patients.map((p) => p.id)).toEqual(ps.map((p) => p.id))
        for (const p of ps) {
          const g = got.patients.find((q) => q.id === p.id)!
          expect(g.series).toBe(1)
          const at = ([d, v]: [number, number]) => [got.x(d), got.y(v)] as const
          // §3.4: only counts from Day 14 are assessed; a hollow marker means "excluded by a rescue window or new therapy"
          const hollow = p.plt.filter(([d]) => d >= 14 && (inRescue(p, d) || (p.nt !== null && d >= p.nt)))
          sameSet(g.hollow, hollow.map(at))
          sameSet(g.solid, p.plt.filter((c) => !hollow.includes(c)).map(at))
          // every count excluded by a rescue window lies inside a shaded band
          for (const [d] of p.plt.filter(([d]) => d >= 14 && inRescue(p, d))) expect(got.bands.some(([a, b]) => a - 0.1 <= got.x(d) && got.x(d) <= b + 0.1), `${p.id} Day ${d} in a band`).toBe(true)
        }
        expect(got.bands).toHaveLength(ps.reduce((n, p) => n + p.rescue.length, 0))
      }),
      { seed: SEED, numRuns: 40 },
    )
  })

  it('a count of 0 sits on the axis minimum and the note says so', () => {
    const ps = [spec('P-0', [[-3, 0], [14, 0], [21, 1]])]
    const svg = plateletSpaghettiPlot(build(ps))
    const got = readSpaghetti(svg)
    const ys = got.patients[0]!.solid.map((p) => p[1])
    expect(ys.filter((v) => Math.abs(v - got.y(1)) < 0.06)).toHaveLength(3)
    expect(svg).toContain('0 is plotted at the axis minimum')
  })

  it('a rescue-window count after the course ends (IVIG Days 20-21, count on Day 30) is hollow and inside the band', () => {
    const ps = [spec('P-IVIG', [[14, 20], [30, 90], [40, 90]], { rescue: [{ type: 'IVIG', start: 20, end: 21 }] })]
    const got = readSpaghetti(plateletSpaghettiPlot(build(ps)))
    sameSet(got.patients[0]!.hollow, [[got.x(30), got.y(90)]])
    expect(got.bands).toHaveLength(1)
    const [a, b] = got.bands[0]!
    expect(a).toBeCloseTo(got.x(20), 0)
    expect(b).toBeGreaterThanOrEqual(got.x(35) - 0.1)
    expect(b).toBeLessThan(got.x(40))
  })
})
