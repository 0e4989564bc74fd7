/**
 * Round 4: line-by-line audit of statistics.md §4 (standard figures). Each test pins an encoding rule that the
 * earlier figure tests left unpinned (the marker positions and kinds were checked, not open vs filled; the
 * spaghetti x axis was read back from its own ticks, so counts drawn outside the plot area went unnoticed).
 */
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { addDays } from '../dates/index.js'
import { parseProtocol } from '../protocol/index.js'
import { buildStudyReport } from '../report/build-study-report.js'
import { REPORT_FIXTURE } from '../report/fixtures/report-fixture.js'
import { FIGURE_LABELS } from './labels.js'
import { plateletSpaghettiPlot } from './platelet-spaghetti.js'
import { swimmerPlot } from './swimmer-plot.js'
import { parseXml, xmlSelect, xmlText, type XmlElement } from './xml.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value
const CUTOFF = '2024-06-30'
const INF = '2024-01-10'

const WHITE = new Set(['#fff', '#ffffff', 'white'])
const isOpen = (e: XmlElement) => WHITE.has((e.attrs.fill ?? '').toLowerCase())
const isFilled = (e: XmlElement) => !isOpen(e) && (e.attrs.fill ?? 'none') !== 'none'

/** The legend swatch drawn next to `label`. */
function legendSwatch(doc: XmlElement, label: string): XmlElement {
  const item = xmlSelect(doc, 'g', 'legend-item').find((g) => xmlSelect(g, 'text').some((t) => xmlText(t) === label))
  if (!item) throw new Error(`no legend item ${label}`)
  return item.children.find((c) => c.name !== 'text')!
}

describe('§4.1 swimmer markers: first R open triangle, first CR filled triangle, death filled square', () => {
  // fixture: S1 responds (R) and relapses, S2 reaches CR; S3 (no response) dies on Day 50
  const subjects = REPORT_FIXTURE.map((s) => (s.usubjid === 'S3' ? { ...s, deathDate: addDays(INF, 50) } : s))
  const report = buildStudyReport(subjects, { cutoff: CUTOFF, protocol })

  it.each(['en', 'zh-CN'] as const)('in the plot and in its legend (%s)', (lang) => {
    const doc = parseXml(swimmerPlot(report, { lang }))
    const L = FIGURE_LABELS[lang]
    const r = xmlSelect(doc, 'path', 'marker-r')
    const cr = xmlSelect(doc, 'path', 'marker-cr')
    const death = xmlSelect(doc, '*', 'marker-death')
    expect(r.length).toBeGreaterThan(0)
    expect(cr.length).toBeGreaterThan(0)
    expect(death).toHaveLength(1)
    for (const m of r) expect(isOpen(m), 'first R: open triangle').toBe(true)
    for (const m of cr) expect(isFilled(m), 'first CR: filled triangle').toBe(true)
    for (const m of death) expect(isFilled(m), 'death: filled square').toBe(true)
    expect(death[0]!.name).toBe('rect')
    expect(Number(death[0]!.attrs.width)).toBe(Number(death[0]!.attrs.height))
    expect(isOpen(legendSwatch(doc, L.firstR))).toBe(true)
    expect(isFilled(legendSwatch(doc, L.firstCR))).toBe(true)
    expect(isFilled(legendSwatch(doc, L.death))).toBe(true)
  })
})

describe('§4.2 spaghetti x = protocol day including LD days and baseline', () => {
  /** plot area from the two axis lines: bottom axis (horizontal) and left axis (vertical) */
  function frame(doc: XmlElement) {
    const axes = xmlSelect(doc, 'line', 'axis')
    const bottom = axes.find((a) => a.attrs.y1 === a.attrs.y2)!
    const left = axes.find((a) => a.attrs.x1 === a.attrs.x2)!
    return {
      x0: Number(bottom.attrs.x1),
      x1: Number(bottom.attrs.x2),
      yTop: Math.min(Number(left.attrs.y1), Number(left.attrs.y2)),
      yBottom: Math.max(Number(left.attrs.y1), Number(left.attrs.y2)),
    }
  }
  const points = (doc: XmlElement) =>
    xmlSelect(doc, 'path').filter((p) => (p.attrs.class ?? '').split(' ').includes('points')).flatMap((p) => [...(p.attrs.d ?? '').matchAll(/M(-?[\d.]+) (-?[\d.]+)h0/g)].map((m) => [Number(m[1]), Number(m[2])] as const))

  it('every count, from the LD days (Day −12, −5) to the last, is drawn inside the plot area; Day −12 left of Day 0', () => {
    const subjects = REPORT_FIXTURE.map((s) =>
      s.usubjid === 'S2'
        ? { ...s, response: { ...s.response, plateletCounts: [{ date: addDays(INF, -12), value: 7 }, ...s.response.plateletCounts, { date: addDays(INF, 120), value: 450 }] } }
        : s,
    )
    const doc = parseXml(plateletSpaghettiPlot(buildStudyReport(subjects, { cutoff: CUTOFF, protocol })))
    const fr = frame(doc)
    const pts = points(doc)
    expect(pts).toHaveLength(subjects.reduce((n, s) => n + s.response.plateletCounts.length, 0))
    for (const [x, y] of pts) {
      expect(x, `x ${x} within [${fr.x0}, ${fr.x1}]`).toBeGreaterThanOrEqual(fr.x0 - 0.05)
      expect(x).toBeLessThanOrEqual(fr.x1 + 0.05)
      expect(y, `y ${y} within [${fr.yTop}, ${fr.yBottom}]`).toBeGreaterThanOrEqual(fr.yTop - 0.05)
      expect(y).toBeLessThanOrEqual(fr.yBottom + 0.05)
    }
    // S2's series starts at Day −12, strictly left of S2's Day 14 count and of every other patient's first count (Day −5)
    const xs = pts.map(([x]) => x)
    const minX = Math.min(...xs)
    expect(minX).toBeGreaterThanOrEqual(fr.x0 - 0.05)
    expect(xs.filter((x) => x === minX)).toHaveLength(1)
  })
})
