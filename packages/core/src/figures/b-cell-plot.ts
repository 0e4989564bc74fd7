/**
 * CD19+ B cells over time per patient (cells/µL, linear y) with the aplasia cutoff as a dashed line and the
 * recovery day marked. Source: domain/regimen-and-dosing.md §8 (aplasia cutoff: PROTOCOL DECISION).
 */
import type { StudyReport } from '../report/types.js'
import { FIGURE_LABELS, shortId } from './labels.js'
import type { FigureOptions } from './swimmer-plot.js'
import { axisBottom, axisLeft, coverTicks, dots, esc, f, legend, linearScale, marker, niceTicks, seriesStyle, svgDocument, type Frame } from './svg.js'

/**
 * @returns an SVG document; marks: `path.series` per patient with samples, `path.points` per patient with
 *   one subpath per sample, `line.cutoff`, `path.recovery` per patient with B-cell recovery
 */
export function bCellPlot(report: StudyReport, { lang = 'en', width = 720 }: FigureOptions = {}): string {
  const L = FIGURE_LABELS[lang]
  const fr: Frame = { width, height: 400, left: 70, right: 24, top: 64, bottom: 64 }
  // samples in protocol-day order (the input need not be sorted), so that the line runs along time (§8)
  const subjects = report.subjects.map((s, i) => ({ s, i, pts: [...s.bCellSamples].sort((a, b) => a.day - b.day) })).filter((x) => x.pts.length > 0)
  if (subjects.length === 0) return svgDocument(fr, L.bCellTitle, L.noData, `<text class="empty" x="${f(width / 2)}" y="200" text-anchor="middle">${esc(L.noData)}</text>`, `bcell-${lang}`)
  const all = subjects.flatMap((x) => x.pts)
  const minDay = Math.min(0, ...all.map((p) => p.day))
  const maxDay = Math.max(28, ...all.map((p) => p.day))
  // null: the protocol sets no absolute cutoff (regimen-and-dosing.md §8), so no cutoff line (axis to at least 1 cell/uL)
  const cut = report.methods.bCellCutoffPerUl
  const yMax = Math.max(cut === null ? 1 : cut * 1.2, ...all.map((p) => p.perUl))
  const x = linearScale(minDay, maxDay, fr.left, width - fr.right)
  const yTicks = coverTicks(0, yMax, 5)
  const y = linearScale(0, yTicks[yTicks.length - 1]!, fr.height - fr.bottom, fr.top)
  const body = [axisLeft(fr, y, yTicks, L.bCellY), axisBottom(fr, x, niceTicks(minDay, maxDay, 8), L.bCellX)]
  if (cut !== null) body.push(`<line class="cutoff" x1="${f(fr.left)}" y1="${f(y(cut))}" x2="${f(width - fr.right)}" y2="${f(y(cut))}" stroke="#555" stroke-dasharray="6 4"/>`)
  const style = seriesStyle(subjects.map(({ s, i }) => ({ id: s.id, doseLevel: s.doseLevel, index: i })), report.doseLevels, shortId)
  const series: string[] = []
  for (const { s, i, pts } of subjects) {
    const c = style.colour(i)
    const rec = s.bCellRecoveryDay === null ? undefined : pts.find((q) => q.day === s.bCellRecoveryDay)
    series.push(
      `<g class="patient" data-subject="${esc(s.id)}" stroke="${c}"><path class="series" d="${pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${f(x(p.day))} ${f(y(p.perUl))}`).join('')}"/>` +
        dots(pts.map((p) => [x(p.day), y(p.perUl)] as const), style.pointRadius, c) +
        (rec ? marker.triangle(x(rec.day), y(rec.perUl) - 12, 6, '#fff', c, 'recovery') : '') +
        '</g>',
    )
  }
  body.push(`<g class="patients" fill="none" stroke-width="${style.lineWidth}" stroke-opacity="${style.opacity}">${series.join('')}</g>`)
  body.push(legend([
    ...style.legend,
    { swatch: `<line x1="0" y1="0" x2="14" y2="0" stroke="#555" stroke-dasharray="4 3"/>`, label: `${L.cutoff} (${cut}/µL)` },
  ], 12, 42, width - 12))
  return svgDocument(fr, L.bCellTitle, `${subjects.length} ${L.bCellY}`, body.join(''), `bcell-${lang}`)
}
