/**
 * Every figure is well-formed SVG (parsed by the strict XML checker xml.ts) in both languages, and carries
 * the expected number of marks for the fixture cohort.
 */
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { parseProtocol } from '../protocol/index.js'
import { buildStudyReport } from '../report/build-study-report.js'
import { REPORT_FIXTURE } from '../report/fixtures/report-fixture.js'
import { FIGURE_LABELS } from './labels.js'
import { reportFigures } from './report-figures.js'
import { kaplanMeierPlot } from './km-plot.js'
import { SWIMMER_ROWS_PER_PANEL, swimmerPanels, swimmerPlot } from './swimmer-plot.js'
import { coverTicks, dots, dotsCount, dotsPath, esc, legend, logTicks, MAX_PATIENT_SERIES, niceTicks, textWidth } from './svg.js'
import { parseXml, xmlSelect, xmlText, type XmlElement } from './xml.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const report = buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol: parsed.value })

function parseSvg(svg: string): XmlElement {
  const doc = parseXml(svg)
  expect(doc.name).toBe('svg')
  expect(doc.attrs.xmlns).toBe('http://www.w3.org/2000/svg')
  return doc
}
/** `tag.class` or `.class` */
const count = (doc: XmlElement, selector: string) => {
  const [tag, cls] = selector.split('.')
  return xmlSelect(doc, tag || '*', cls).length
}
const first = (doc: XmlElement, tag: string, cls?: string) => xmlSelect(doc, tag, cls)[0]!
/** Points drawn by the `path.<cls>` elements (one subpath each). */
const points = (doc: XmlElement, cls = 'points') => xmlSelect(doc, 'path', cls).reduce((n, p) => n + dotsCount(p.attrs.d ?? ''), 0)

describe.each(['en', 'zh-CN'] as const)('report figures (%s)', (lang) => {
  const figures = Object.fromEntries(reportFigures(report, lang).map((x) => [x.id, parseSvg(x.svg)]))
  const L = FIGURE_LABELS[lang]

  it('are well-formed SVG with a title in the language', () => {
    expect(Object.keys(figures)).toEqual(['swimmer', 'spaghetti', 'waterfall', 'km-dor', 'car-expansion', 'b-cells'])
    expect(xmlText(first(figures.swimmer!, 'title'))).toBe(L.swimmerTitle)
    expect(xmlText(first(figures['km-dor']!, 'title'))).toBe(L.kmTitle)
  })

  it('swimmer: a bar per patient, R / CR / loss markers (statistics.md §4.1)', () => {
    const d = figures.swimmer!
    expect(count(d, 'rect.bar')).toBe(4)
    expect(count(d, '.marker-r')).toBe(2)
    expect(count(d, '.marker-cr')).toBe(1)
    expect(count(d, '.marker-loss')).toBe(1)
    expect(count(d, '.arrow-ongoing')).toBe(1)
  })

  it('spaghetti: a line per patient, a point per count, 30 and 100 lines (statistics.md §4.2)', () => {
    const d = figures.spaghetti!
    expect(count(d, 'path.series')).toBe(4)
    expect(points(d)).toBe(REPORT_FIXTURE.reduce((n, s) => n + s.response.plateletCounts.length, 0))
    expect(points(d, 'points-excluded')).toBe(0)
    expect(count(d, 'line.reference')).toBe(2)
    expect(xmlSelect(d, 'text').map(xmlText)).toEqual(expect.arrayContaining(['30', '100']))
    expect(count(d, 'rect.rescue-band')).toBe(1)
  })

  it('Kaplan-Meier: curve, band, a censor tick per censored response, number at risk', () => {
    const d = figures['km-dor']!
    expect(count(d, 'path.km-curve')).toBe(1)
    expect(count(d, 'path.km-band')).toBe(1)
    expect(count(d, 'line.censor')).toBe(1)
    expect(xmlText(first(d, 'text', 'at-risk'))).toBe('2')
  })

  it('CAR expansion, B cells and waterfall', () => {
    expect(count(figures['car-expansion']!, 'path.series')).toBe(2)
    expect(points(figures['car-expansion']!)).toBe(7)
    expect(count(figures['car-expansion']!, 'circle.peak')).toBe(2)
    expect(count(figures['b-cells']!, 'path.series')).toBe(1)
    expect(points(figures['b-cells']!)).toBe(5)
    expect(count(figures['b-cells']!, 'line.cutoff')).toBe(1)
    expect(count(figures['b-cells']!, '.recovery')).toBe(1)
    expect(count(figures.waterfall!, 'rect.bar')).toBe(3)
  })
})

describe('figure helpers', () => {
  it('escapes XML and draws an empty KM plot without responders', () => {
    expect(esc(`<a & "b">`)).toBe('&lt;a &amp; &quot;b&quot;&gt;')
    const none = buildStudyReport(REPORT_FIXTURE.slice(2), { cutoff: '2024-06-30', protocol: parsed.value })
    const d = parseSvg(kaplanMeierPlot(none, { lang: 'zh-CN' }))
    expect(xmlText(first(d, 'text', 'empty'))).toBe(FIGURE_LABELS['zh-CN'].noResponders)
  })

  it('spaghetti: counts in a rescue window are hollow points (response-itp.md §3.4)', () => {
    // S3 given IVIG on Days 10-11: its Day 14 count falls in the 14-day window
    const rescued = REPORT_FIXTURE.map((s) => (s.usubjid === 'S3' ? { ...s, response: { ...s.response, rescueEvents: [{ type: 'IVIG' as const, startDate: '2024-01-20', endDate: '2024-01-21' }] } } : s))
    const r = buildStudyReport(rescued, { cutoff: '2024-06-30', protocol: parsed.value })
    const hollow = r.subjects.flatMap((s) => s.platelets).filter((p) => p.excluded === 'RESCUE_WINDOW')
    expect(hollow.length).toBe(1)
    const d = parseSvg(reportFigures(r, 'en').find((x) => x.id === 'spaghetti')!.svg)
    expect(points(d, 'points-excluded')).toBe(1)
    expect(points(d)).toBe(REPORT_FIXTURE.reduce((n, s) => n + s.response.plateletCounts.length, 0))
  })

  it('swimmer: CRS or ICANS grade >= 3 marked at the onset of the first such episode (statistics.md §4.1, optional symbol)', () => {
    const ae = (term: string, grade: number, startDay: number) => ({ term, soc: 'Immune system disorders', grade, gradingSystem: 'ASTCT 2019', serious: true, startDay, endDay: startDay + 3 })
    const severe = REPORT_FIXTURE.map((s) =>
      s.usubjid === 'S2'
        ? { ...s, adverseEvents: [ae('Cytokine release syndrome', 2, 1), ae('Immune effector cell-associated neurotoxicity syndrome', 3, 9), ae('Cytokine release syndrome', 4, 6)] }
        : s,
    )
    const r = buildStudyReport(severe, { cutoff: '2024-06-30', protocol: parsed.value })
    // S2: the grade 4 CRS on Day 6 comes before the grade 3 ICANS on Day 9; S3: the fixture's grade 4 ICANS on Day 5
    expect(r.subjects.map((s) => [s.id, s.severeCrsIcansDay])).toEqual([['S1', null], ['S2', 6], ['S3', 5], ['S4', null]])
    const d = parseSvg(swimmerPlot(r, { lang: 'en' }))
    expect(count(d, 'circle.marker-crs-icans-3')).toBe(2)
    expect(xmlText(d)).toContain('CRS or ICANS grade ≥ 3 (onset)')
    // grade 2 CRS only (S1): no marker, no legend entry
    const mild = REPORT_FIXTURE.map((s) => (s.usubjid === 'S3' ? { ...s, adverseEvents: [] } : s))
    const plain = parseSvg(swimmerPlot(buildStudyReport(mild, { cutoff: '2024-06-30', protocol: parsed.value }), { lang: 'en' }))
    expect(count(plain, '.marker-crs-icans-3')).toBe(0)
    expect(xmlText(plain)).not.toContain('CRS or ICANS')
  })

  it('draws one zero-length subpath per point, with coordinates to a tenth of a unit', () => {
    const d = dotsPath([[10, 20], [30.04, 40.06]])
    expect(d).toBe('M10 20h0M30 40.1h0')
    expect(dotsCount(d)).toBe(2)
    const ring = parseXml(`<g>${dots([[10, 20]], 3, '#000', { hollow: true })}</g>`)
    expect(xmlSelect(ring, 'path').map((p) => [p.attrs.class, p.attrs.stroke, p.attrs['stroke-width']])).toEqual([['points', '#000', '6'], ['points-hole', '#fff', '3']])
  })

  it('colours a large cohort by dose level, keeping every line and point', () => {
    const many = Array.from({ length: 5 }, (_, k) => REPORT_FIXTURE.map((s) => ({ ...s, usubjid: `${s.usubjid}-${k}` }))).flat()
    expect(many.length).toBeGreaterThan(MAX_PATIENT_SERIES)
    const big = buildStudyReport(many, { cutoff: '2024-06-30', protocol: parsed.value })
    const figs = Object.fromEntries(reportFigures(big, 'en').map((x) => [x.id, parseSvg(x.svg)]))
    const d = figs.spaghetti!
    expect(count(d, 'path.series')).toBe(many.length)
    expect(points(d)).toBe(many.reduce((n, s) => n + s.response.plateletCounts.length, 0))
    const legendText = xmlSelect(d, 'g', 'legend-item').map(xmlText)
    expect(legendText.slice(0, 2)).toEqual(['DL1 (n = 10)', 'DL2 (n = 10)'].map((l) => l.replace(/^DL\d/, (id) => big.doseLevels.find((x) => x.id === id)!.label)))
    const strokes = new Set(xmlSelect(d, 'g', 'patient').map((g) => g.attrs.stroke))
    expect(strokes.size).toBe(2)
    expect(count(figs['car-expansion']!, 'path.series')).toBe(10)
    expect(count(figs.swimmer!, 'rect.bar')).toBe(many.length)
  })

  it('splits the swimmer plot of a large study into page-sized panels on one time axis', () => {
    const many = Array.from({ length: 17 }, (_, k) => REPORT_FIXTURE.map((s) => ({ ...s, usubjid: `${s.usubjid}-${k}` }))).flat()
    const big = buildStudyReport(many, { cutoff: '2024-06-30', protocol: parsed.value })
    const panels = swimmerPanels(big, { lang: 'en' }).map(parseSvg)
    expect(panels.map((d) => count(d, 'rect.bar'))).toEqual([SWIMMER_ROWS_PER_PANEL, SWIMMER_ROWS_PER_PANEL, many.length - 2 * SWIMMER_ROWS_PER_PANEL])
    expect(panels.map((d) => xmlText(first(d, 'title')))).toEqual([1, 2, 3].map((k) => `${FIGURE_LABELS.en.swimmerTitle} (${k}/3)`))
    const axisEnd = (d: XmlElement) => xmlSelect(d, 'text').map(xmlText).filter((t) => /^\d+$/.test(t)).at(-1)
    expect(new Set(panels.map(axisEnd)).size).toBe(1)
    expect(new Set(panels.map((d) => d.attrs.id)).size).toBe(3)
    const fig = reportFigures(big, 'en')[0]!
    expect([fig.svg, ...fig.continued!]).toHaveLength(3)
    expect(count(parseSvg(swimmerPlot(big)), 'rect.bar')).toBe(many.length)
  })

  it('sizes legend entries by their characters: a Chinese character takes a full em, so the entries do not overlap', () => {
    expect(textWidth('First response (R)')).toBe(18 * 7)
    expect(textWidth('首次缓解（R）')).toBe(6 * 12 + 7)
    const L = FIGURE_LABELS['zh-CN']
    const labels = [L.firstR, L.firstCR, L.loss, L.newTherapy, L.severeCrsIcans]
    const g = parseXml(legend(labels.map((label) => ({ swatch: '', label })), 12, 42, 400))
    const placed = xmlSelect(g, 'g', 'legend-item').map((item) => {
      const [x, y] = /translate\(([\d.]+) ([\d.]+)\)/.exec(item.attrs.transform!)!.slice(1).map(Number)
      return { x: x!, y: y!, label: xmlText(item) }
    })
    expect(placed.map((p) => p.label)).toEqual(labels)
    for (let i = 1; i < placed.length; i++) {
      const [a, b] = [placed[i - 1]!, placed[i]!]
      // on one row, an entry starts after the swatch (18 px) and the text of the one before it
      if (a.y === b.y) expect(b.x, `${a.label} / ${b.label}`).toBeGreaterThanOrEqual(a.x + 18 + a.label.length * 12)
    }
    expect(new Set(placed.map((p) => p.y)).size).toBeGreaterThan(1)
  })

  it('makes round ticks', () => {
    expect(niceTicks(0, 16, 8)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16])
    expect(logTicks(1, 300)).toEqual([1, 3, 10, 30, 100, 300])
    expect(coverTicks(0, 236, 5)).toEqual([0, 50, 100, 150, 200, 250])
  })

  it('rejects ill-formed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/does not match/)
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/)
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/entity/)
    expect(() => parseXml('<a/><b/>')).toThrow(/more than one root/)
    expect(() => parseXml('<a>')).toThrow(/unclosed/)
    expect(parseXml('<?xml version="1.0"?><a q="&lt;&#x4E2D;"><!-- c --><b/>x</a>').attrs.q).toBe('<中')
  })
})
