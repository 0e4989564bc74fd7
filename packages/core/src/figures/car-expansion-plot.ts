/**
 * CAR-T expansion curves: CAR transgene copies/µg gDNA by qPCR per patient over days since infusion, log10 y
 * (0 at the axis minimum), peak (Cmax at Tmax) circled. Source: domain/regimen-and-dosing.md §7.
 */
import type { StudyReport } from '../report/types.js'
import { FIGURE_LABELS, shortId } from './labels.js'
import type { FigureOptions } from './swimmer-plot.js'
import { axisBottom, axisLeft, dots, esc, f, legend, linearScale, logScale, niceTicks, seriesStyle, svgDocument, type Frame } from './svg.js'

/**
 * @returns an SVG document; marks: `path.series` per patient with samples, `path.points` per patient with
 *   one subpath per sample, `circle.peak` per patient
 */
export function carExpansionPlot(report: StudyReport, { lang = 'en', width = 720 }: FigureOptions = {}): string {
  const L = FIGURE_LABELS[lang]
  const fr: Frame = { width, height: 420, left: 80, right: 24, top: 64, bottom: 64 }
  // samples in protocol-day order (the input need not be sorted): the line runs along time and the peak is the
  // first occurrence of Cmax (regimen-and-dosing.md §7 "Tmax: first occurrence if tied")
  const subjects = report.subjects
    .map((s, i) => ({ s, i, pts: s.carSamples.filter((c) => c.day >= 0).sort((a, b) => a.day - b.day) }))
    .filter((x) => x.pts.length > 0)
  if (subjects.length === 0) return svgDocument(fr, L.expansionTitle, L.noData, `<text class="empty" x="${f(width / 2)}" y="200" text-anchor="middle">${esc(L.noData)}</text>`, `expansion-${lang}`)
  const all = subjects.flatMap((x) => x.pts)
  const maxDay = Math.max(28, ...all.map((p) => p.day))
  const positive = all.filter((p) => p.level > 0).map((p) => p.level)
  const hasZero = all.some((p) => p.level <= 0)
  const yMin = positive.length > 0 ? 10 ** (Math.floor(Math.log10(Math.min(...positive))) - (hasZero ? 1 : 0)) : 1
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(10, ...positive)))
  const x = linearScale(0, maxDay, fr.left, width - fr.right)
  const y = logScale(yMin, yMax, fr.height - fr.bottom, fr.top)
  const decades: number[] = []
  for (let v = yMin; v <= yMax; v *= 10) decades.push(v)
  const body = [axisLeft(fr, y, decades, L.expansionY), axisBottom(fr, x, niceTicks(0, maxDay, 8), L.expansionX)]
  const style = seriesStyle(subjects.map(({ s, i }) => ({ id: s.id, doseLevel: s.doseLevel, index: i })), report.doseLevels, shortId)
  const series: string[] = []
  for (const { s, i, pts } of subjects) {
    const c = style.colour(i)
    const peak = pts.reduce((m, p) => (p.level > m.level ? p : m), pts[0]!)
    series.push(
      `<g class="patient" data-subject="${esc(s.id)}" stroke="${c}"><path class="series" d="${pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${f(x(p.day))} ${f(y(p.level))}`).join('')}"/>` +
        dots(pts.map((p) => [x(p.day), y(p.level)] as const), style.pointRadius, c) +
        `<circle class="peak" cx="${f(x(peak.day))}" cy="${f(y(peak.level))}" r="${style.pointRadius + 4}"><title>${esc(`${shortId(s.id)} ${L.peak}: ${peak.level}, ${L.dayAbbrev} ${peak.day}`)}</title></circle></g>`,
    )
  }
  body.push(`<g class="patients" fill="none" stroke-width="${style.lineWidth}" stroke-opacity="${style.opacity}">${series.join('')}</g>`)
  if (hasZero) body.push(`<text class="note" x="${f(fr.left)}" y="${f(fr.height - 8)}" fill="#555">${esc(L.zeroNote)}</text>`)
  body.push(legend([...style.legend, { swatch: `<circle cx="7" cy="0" r="6" fill="none" stroke="#333"/>`, label: L.peak }], 12, 42, width - 12))
  return svgDocument(fr, L.expansionTitle, `${subjects.length} ${L.expansionY}`, body.join(''), `expansion-${lang}`)
}
