/**
 * Waterfall of the best evaluable post-infusion platelet change from baseline (%), one bar per patient,
 * sorted from largest to smallest, coloured by best overall response. Patients without a positive baseline
 * are listed under the plot (a percentage change from 0 is undefined).
 * Source: domain/response-itp.md §3.5 (baseline), §3.4 (evaluable counts), §3.11 (best response).
 */
import type { StudyReport } from '../report/types.js'
import { FIGURE_LABELS, shortId } from './labels.js'
import type { FigureOptions } from './swimmer-plot.js'
import { axisLeft, coverTicks, esc, f, legend, linearScale, svgDocument, type Frame } from './svg.js'

/** Response colours (Okabe-Ito): CR bluish green, R sky blue, NR vermillion, NE grey. */
export const RESPONSE_COLOURS = { CR: '#009E73', R: '#56B4E9', NR: '#D55E00', NE: '#999999' } as const

/**
 * @returns an SVG document; marks: `rect.bar` per patient with a change (with the id and value as text under
 *   and over the bar when a bar is at least 24 units wide), `line.zero`
 */
export function waterfallPlot(report: StudyReport, { lang = 'en', width = 720 }: FigureOptions = {}): string {
  const L = FIGURE_LABELS[lang]
  const fr: Frame = { width, height: 400, left: 80, right: 24, top: 64, bottom: 60 }
  const rows = report.subjects.filter((s) => s.bestChangePercent !== null).sort((a, b) => b.bestChangePercent! - a.bestChangePercent!)
  const missing = report.subjects.filter((s) => s.bestChangePercent === null)
  if (rows.length === 0) return svgDocument(fr, L.waterfallTitle, L.noData, `<text class="empty" x="${f(width / 2)}" y="200" text-anchor="middle">${esc(L.noData)}</text>`, `waterfall-${lang}`)
  const values = rows.map((r) => r.bestChangePercent!)
  const ticks = coverTicks(Math.min(-100, ...values), Math.max(100, ...values), 6)
  const y = linearScale(ticks[0]!, ticks[ticks.length - 1]!, fr.height - fr.bottom, fr.top)
  const slot = (width - fr.left - fr.right) / rows.length
  // bar labels only where they fit (a slot of 24 units holds "-100"); the bar's title keeps id and value
  const labelled = slot >= 24
  const body = [axisLeft(fr, y, ticks, L.waterfallY, (v) => `${v}`)]
  body.push(`<line class="zero" x1="${f(fr.left)}" y1="${f(y(0))}" x2="${f(width - fr.right)}" y2="${f(y(0))}" stroke="#333"/>`)
  rows.forEach((r, i) => {
    const v = r.bestChangePercent!
    const x0 = fr.left + i * slot + slot * 0.15
    const top = Math.min(y(v), y(0))
    body.push(`<rect class="bar" data-subject="${esc(r.id)}" x="${f(x0)}" y="${f(top)}" width="${f(slot * 0.7)}" height="${f(Math.max(1, Math.abs(y(v) - y(0))))}" fill="${RESPONSE_COLOURS[r.result.bestResponse]}"><title>${esc(`${r.id}: ${Math.round(v)} %`)}</title></rect>`)
    if (labelled) {
      body.push(`<text x="${f(x0 + slot * 0.35)}" y="${f(fr.height - fr.bottom + 16)}" text-anchor="middle">${esc(shortId(r.id))}</text>`)
      body.push(`<text x="${f(x0 + slot * 0.35)}" y="${f((v >= 0 ? y(v) : y(v) + 14) - 4)}" text-anchor="middle" font-size="11">${Math.round(v)}</text>`)
    }
  })
  if (missing.length > 0) body.push(`<text class="note" x="${f(fr.left)}" y="${f(fr.height - 12)}" fill="#555">${esc(`${L.noData}: ${missing.map((m) => shortId(m.id)).join(', ')}`)}</text>`)
  const used = (['CR', 'R', 'NR', 'NE'] as const).filter((k) => report.subjects.some((s) => s.result.bestResponse === k))
  body.push(legend(used.map((k) => ({ swatch: `<rect x="0" y="-6" width="14" height="12" fill="${RESPONSE_COLOURS[k]}"/>`, label: L.response[k] })), 12, 42, width - 12))
  return svgDocument(fr, L.waterfallTitle, `${rows.length} ${L.waterfallY}`, body.join(''), `waterfall-${lang}`)
}
