/**
 * Platelet spaghetti plot: one line per patient over protocol days (LD days and baseline included), y on a
 * log10 scale with 0 at the axis minimum, reference lines at 30 and 100 ×10⁹/L (response thresholds),
 * hollow markers for counts not evaluable for rescue or new therapy, shaded bands for rescue windows (course
 * + exclusion window).
 * Source: domain/statistics.md §4.2; domain/response-itp.md §3.2 (30 and 100), §3.4 (exclusions).
 */
import type { StudyReport } from '../report/types.js'
import { FIGURE_LABELS, shortId } from './labels.js'
import type { FigureOptions } from './swimmer-plot.js'
import { axisBottom, axisLeft, dots, esc, f, legend, linearScale, logScale, logTicks, marker, niceTicks, seriesStyle, svgDocument, type Frame } from './svg.js'

const HOLLOW = new Set(['RESCUE_WINDOW', 'NEW_ITP_THERAPY'])

/**
 * Patients are coloured one by one up to MAX_PATIENT_SERIES, else by dose level (svg.ts `seriesStyle`).
 * @returns an SVG document; marks: `path.series` per patient, `path.points` per patient with one subpath per
 *   count (`.points-excluded`: the hollow, non-evaluable counts), `line.reference` at 30 and 100,
 *   `rect.rescue-band` per rescue course
 */
export function plateletSpaghettiPlot(report: StudyReport, { lang = 'en', width = 720 }: FigureOptions = {}): string {
  const L = FIGURE_LABELS[lang]
  const fr: Frame = { width, height: 450, left: 70, right: 24, top: 80, bottom: 64 }
  const pts = report.subjects.flatMap((s) => s.platelets)
  const minDay = Math.min(0, ...pts.map((p) => p.day))
  const maxDay = Math.max(28, ...pts.map((p) => p.day))
  const yMax = Math.max(300, ...pts.map((p) => p.value))
  const x = linearScale(minDay, maxDay, fr.left, width - fr.right)
  const y = logScale(1, yMax, fr.height - fr.bottom, fr.top)
  const body: string[] = []
  body.push(axisLeft(fr, y, logTicks(1, yMax), L.spaghettiY))
  body.push(axisBottom(fr, x, niceTicks(minDay, maxDay, 8), L.spaghettiX))
  const style = seriesStyle(report.subjects.map((s, index) => ({ id: s.id, doseLevel: s.doseLevel, index })), report.doseLevels, shortId)
  const bands: string[] = []
  report.subjects.forEach((s, i) => {
    for (const m of s.medications) {
      if (m.kind === 'NEW_ITP_THERAPY') continue
      // statistics.md §4.2 "shaded bands for rescue windows": the window of response-itp.md §3.4 rule 3, start ..
      // end + window[type] (§3.2), so that every count it excludes (hollow) lies in the band, not only the course
      const last = m.endDay + s.rescueWindowDays[m.kind]
      bands.push(`<rect class="rescue-band" x="${f(x(m.startDay))}" y="${f(fr.top)}" width="${f(Math.max(2, x(last + 1) - x(m.startDay)))}" height="${f(fr.height - fr.bottom - fr.top)}" fill="${style.colour(i)}"><title>${esc(`${shortId(s.id)} ${m.treatment} ${L.dayAbbrev} ${m.startDay}–${m.endDay} (+${last - m.endDay})`)}</title></rect>`)
    }
  })
  if (bands.length > 0) body.push(`<g class="rescue-bands" opacity="0.12">${bands.join('')}</g>`)
  // one path for the line and one for the points of each patient (statistics.md §4.2: hollow = excluded)
  const series: string[] = []
  report.subjects.forEach((s, i) => {
    if (s.platelets.length === 0) return
    const c = style.colour(i)
    const d = s.platelets.map((p, k) => `${k === 0 ? 'M' : 'L'}${f(x(p.day))} ${f(y(p.value))}`).join('')
    const at = (p: (typeof s.platelets)[number]) => [x(p.day), y(p.value)] as const
    const hollow = s.platelets.filter((p) => p.excluded !== null && HOLLOW.has(p.excluded))
    const solid = s.platelets.filter((p) => !(p.excluded !== null && HOLLOW.has(p.excluded)))
    series.push(
      `<g class="patient" data-subject="${esc(s.id)}" stroke="${c}"><path class="series" d="${d}"/>` +
        dots(solid.map(at), style.pointRadius, c) +
        dots(hollow.map(at), style.pointRadius + 0.5, c, { hollow: true, cls: 'points points-excluded' }) +
        '</g>',
    )
  })
  body.push(`<g class="patients" fill="none" stroke-width="${style.lineWidth}" stroke-opacity="${style.opacity}">${series.join('')}</g>`)
  // the 30 and 100 lines over the series, so that they stay visible under hundreds of lines
  for (const ref of [30, 100]) {
    body.push(`<line class="reference" x1="${f(fr.left)}" y1="${f(y(ref))}" x2="${f(width - fr.right)}" y2="${f(y(ref))}" stroke="#333" stroke-width="1.5" stroke-dasharray="6 4"/>`)
    body.push(`<text x="${f(width - fr.right - 4)}" y="${f(y(ref) - 4)}" text-anchor="end" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">${ref}</text>`)
  }
  body.push(`<text class="note" x="${f(fr.left)}" y="${f(fr.height - 8)}" fill="#555">${esc(L.zeroNote)}</text>`)
  const items = [
    ...style.legend,
    { swatch: marker.circle(7, 0, 4, '#fff', '#333', 'legend-mark'), label: L.excluded },
    { swatch: `<rect x="0" y="-6" width="14" height="12" fill="#999" opacity="0.3"/>`, label: L.rescueBand },
  ]
  body.push(legend(items, 12, 44, width - 12))
  return svgDocument(fr, L.spaghettiTitle, `${report.subjects.length} ${L.spaghettiY}`, body.join(''), `spaghetti-${lang}`)
}
