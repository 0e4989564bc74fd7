/**
 * Kaplan-Meier curve of duration of response: step curve with its pointwise CI band, censoring ticks, the
 * median (or "not reached") and a number-at-risk table under the x axis.
 * Source: domain/statistics.md §3 (KM, Greenwood, log-log CI, median); §4 (standard figures).
 */
import type { StudyReport } from '../report/types.js'
import { FIGURE_LABELS } from './labels.js'
import type { FigureOptions } from './swimmer-plot.js'
import { axisBottom, axisLeft, esc, f, linearScale, niceTicks, svgDocument, type Frame } from './svg.js'

const MONTH = 30.4375

/**
 * @param groupId report group to plot (default `overall`)
 * @returns an SVG document; marks: `path.km-curve`, `path.km-band`, `line.censor` per censored response,
 *   `text.at-risk` per time point
 */
export function kaplanMeierPlot(report: StudyReport, { lang = 'en', width = 720, groupId = 'overall' }: FigureOptions & { groupId?: string } = {}): string {
  const L = FIGURE_LABELS[lang]
  const fr: Frame = { width, height: 420, left: 80, right: 24, top: 40, bottom: 110 }
  const g = report.groups.find((x) => x.id === groupId)
  const fit = g?.efficacy.dor.fit ?? null
  const body: string[] = []
  if (!g || !fit) {
    body.push(`<text class="empty" x="${f(width / 2)}" y="${f(fr.height / 2)}" text-anchor="middle">${esc(L.noResponders)}</text>`)
    return svgDocument(fr, L.kmTitle, L.noResponders, body.join(''), `km-${lang}`)
  }
  const maxT = Math.max(1, ...fit.rows.map((r) => r.time)) / MONTH
  const xMax = Math.ceil(maxT)
  const x = linearScale(0, xMax, fr.left, width - fr.right)
  const y = linearScale(0, 1, fr.height - fr.bottom, fr.top)
  body.push(axisLeft(fr, y, [0, 0.25, 0.5, 0.75, 1], L.kmY, (v) => v.toFixed(2)))
  const ticks = niceTicks(0, xMax, 6)
  body.push(axisBottom(fr, x, ticks, L.kmX))
  // step curve and band
  let d = `M${f(x(0))} ${f(y(1))}`
  let s = 1
  const upper: [number, number][] = [[0, 1]]
  const lower: [number, number][] = [[0, 1]]
  for (const r of fit.rows) {
    const t = r.time / MONTH
    if (r.nEvent > 0) {
      d += `L${f(x(t))} ${f(y(s))}L${f(x(t))} ${f(y(r.surv))}`
      s = r.surv
      upper.push([t, upper[upper.length - 1]![1]], [t, r.upper ?? 1])
      lower.push([t, lower[lower.length - 1]![1]], [t, r.lower ?? 0])
    }
  }
  d += `L${f(x(maxT))} ${f(y(s))}`
  upper.push([maxT, upper[upper.length - 1]![1]])
  lower.push([maxT, lower[lower.length - 1]![1]])
  const band = [...upper, ...lower.reverse()].map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${f(x(t))} ${f(y(v))}`).join('') + 'Z'
  body.push(`<path class="km-band" d="${band}" fill="#56B4E9" opacity="0.2"/>`)
  body.push(`<path class="km-curve" d="${d}" fill="none" stroke="#0072B2" stroke-width="2.5"/>`)
  // censor ticks at S just after each censoring time
  let sNow = 1
  for (const r of fit.rows) {
    if (r.nEvent > 0) sNow = r.surv
    for (let k = 0; k < r.nCensor; k++)
      body.push(`<line class="censor" x1="${f(x(r.time / MONTH))}" y1="${f(y(sNow) - 7)}" x2="${f(x(r.time / MONTH))}" y2="${f(y(sNow) + 7)}" stroke="#0072B2" stroke-width="2"><title>${esc(`${L.censored}: ${r.time} d`)}</title></line>`)
  }
  body.push(`<line x1="${f(fr.left)}" y1="${f(y(0.5))}" x2="${f(width - fr.right)}" y2="${f(y(0.5))}" stroke="#999" stroke-dasharray="3 3"/>`)
  const med = g.efficacy.dor.median
  body.push(`<text class="median-label" x="${f(width - fr.right - 4)}" y="${f(y(0.5) - 6)}" text-anchor="end" fill="#555">${esc(med === null ? L.medianNr : `${L.median} ${med} d`)}</text>`)
  // number at risk
  const atRiskY = fr.height - fr.bottom + 64
  body.push(`<text x="${f(fr.left - 8)}" y="${f(atRiskY)}" text-anchor="end" font-weight="600">${esc(L.atRisk)}</text>`)
  for (const t of ticks) {
    const n = fit.rows.filter((r) => r.time >= t * MONTH).reduce((a, r) => a + r.nEvent + r.nCensor, 0)
    body.push(`<text class="at-risk" x="${f(x(t))}" y="${f(atRiskY)}" text-anchor="middle">${n}</text>`)
  }
  const legendY = atRiskY + 24
  body.push(`<g class="legend"><line x1="${f(fr.left)}" y1="${f(legendY - 4)}" x2="${f(fr.left)}" y2="${f(legendY + 6)}" stroke="#0072B2" stroke-width="2"/><text x="${f(fr.left + 8)}" y="${f(legendY + 4)}">${esc(L.censored)}</text></g>`)
  return svgDocument({ width, height: legendY + 16 }, L.kmTitle, `n = ${fit.n}, ${fit.events}`, body.join(''), `km-${lang}`)
}
