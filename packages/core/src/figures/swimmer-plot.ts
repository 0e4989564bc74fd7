/**
 * Swimmer plot: one bar per patient from Day 0 to the cut-off / last contact / death, in months; rows by dose
 * level, then follow-up length; markers: first R (open triangle), first CR (filled triangle), loss of response
 * (cross, every R-level episode that ended in a confirmed loss), new ITP therapy (diamond), death (filled
 * square), CRS or ICANS grade >= 3 (vermilion circle, at onset); an arrow when the patient is in response at the cut-off.
 * Source: domain/statistics.md §4.1; domain/response-itp.md §3.10-§3.11 (episodes, re-response).
 */
import type { ReportLanguage, ReportSubjectRow, StudyReport } from '../report/types.js'
import { FIGURE_LABELS, shortId } from './labels.js'
import { axisBottom, esc, f, legend, linearScale, marker, niceTicks, seriesColour, svgDocument, type Frame } from './svg.js'

const MONTH = 30.4375

export interface FigureOptions {
  lang?: ReportLanguage
  width?: number
}

/** Rows of one swimmer panel: 30 rows of 26 units plus axis and legend stay under one A4 page height. */
export const SWIMMER_ROWS_PER_PANEL = 30

/**
 * The swimmer plot as one SVG document per SWIMMER_ROWS_PER_PANEL patients (one panel for a small study), all
 * on the same time axis, so that each panel prints on one page instead of one tall figure sliced by pages.
 * @returns SVG documents; marks: `rect.bar` per patient, `.marker-r`, `.marker-cr`, `.marker-loss`,
 *   `.marker-new-therapy`, `.marker-death`, `.marker-crs-icans-3`, `.arrow-ongoing`
 */
export function swimmerPanels(report: StudyReport, { lang = 'en', width = 720, rowsPerPanel = SWIMMER_ROWS_PER_PANEL }: FigureOptions & { rowsPerPanel?: number } = {}): string[] {
  const levels = report.doseLevels.map((l) => l.id)
  // a subject without a dose level is in the report's `UNKNOWN` level (build-study-report.ts), listed last
  // (statistics.md §4.1 "row order by dose level"), not before the protocol's levels
  const rows = [...report.subjects].sort(
    (a, b) => levels.indexOf(a.doseLevel ?? 'UNKNOWN') - levels.indexOf(b.doseLevel ?? 'UNKNOWN') || b.followUpDay - a.followUpDay,
  )
  const maxMonths = Math.max(1, ...rows.map((r) => r.followUpDay / MONTH))
  const count = Math.max(1, Math.ceil(rows.length / rowsPerPanel))
  return Array.from({ length: count }, (_, k) => panel(report, rows.slice(k * rowsPerPanel, (k + 1) * rowsPerPanel), { lang, width, maxMonths, index: k, count }))
}

/**
 * @returns the whole swimmer plot as one SVG document (all patients in one panel)
 */
export function swimmerPlot(report: StudyReport, { lang = 'en', width = 720 }: FigureOptions = {}): string {
  return swimmerPanels(report, { lang, width, rowsPerPanel: Math.max(1, report.subjects.length) })[0]!
}

function panel(report: StudyReport, rows: ReportSubjectRow[], o: { lang: ReportLanguage; width: number; maxMonths: number; index: number; count: number }): string {
  const { lang, width, maxMonths } = o
  const L = FIGURE_LABELS[lang]
  const levels = report.doseLevels.map((l) => l.id)
  const rowH = 26
  const fr: Frame = { width, height: 0, left: 70, right: 30, top: 96, bottom: 70 }
  const x = linearScale(0, Math.ceil(maxMonths), fr.left, width - fr.right)
  const body: string[] = []
  rows.forEach((r, i) => {
    const y = fr.top + i * rowH + rowH / 2
    const colour = seriesColour(levels.indexOf(r.doseLevel ?? 'UNKNOWN'))
    const end = x(r.followUpDay / MONTH)
    body.push(`<g class="row" data-subject="${esc(r.id)}">`)
    body.push(`<text x="${f(fr.left - 8)}" y="${f(y + 4)}" text-anchor="end">${esc(shortId(r.id))}</text>`)
    body.push(`<rect class="bar" x="${f(fr.left)}" y="${f(y - 7)}" width="${f(Math.max(1, end - fr.left))}" height="14" fill="${colour}"><title>${esc(`${r.id}: ${r.followUpDay} d`)}</title></rect>`)
    const res = r.result
    if (res.responseDay !== null) body.push(marker.triangle(x(res.responseDay / MONTH), y, 6, '#fff', '#000', 'marker marker-r'))
    if (res.crDay !== null) body.push(marker.triangle(x(res.crDay / MONTH), y, 6, '#000', '#000', 'marker marker-cr'))
    // statistics.md §4.1 "loss of response (cross)": every R-level loss, also after a re-response (response-itp.md §3.10)
    for (const e of res.episodes.R) if (e.event) body.push(marker.cross(x(e.endDay / MONTH), y, 5, '#000', 'marker marker-loss'))
    const nt = r.medications.filter((m) => m.kind === 'NEW_ITP_THERAPY').sort((a, b) => a.startDay - b.startDay)[0]
    if (nt) body.push(marker.diamond(x(nt.startDay / MONTH), y, 6, '#CC79A7', '#000', 'marker marker-new-therapy'))
    // statistics.md §4.1 "death (filled square)"; a patient who died is not in response at the cut-off
    const deathDay = typeof r.deathDay === 'number' ? r.deathDay : null
    const dead = deathDay !== null
    if (dead) body.push(marker.square(x(deathDay / MONTH), y, 5, '#000', 'marker marker-death'))
    // statistics.md §4.1 "CRS/ICANS grade >= 3 (optional symbol)": at the onset of the first such episode
    if (r.severeCrsIcansDay !== null) body.push(marker.circle(x(Math.max(0, r.severeCrsIcansDay) / MONTH), y, 4, '#D55E00', '#000', 'marker marker-crs-icans-3'))
    const last = res.episodes.R[res.episodes.R.length - 1]
    if (last && !last.event && !nt && !dead) body.push(`<path class="arrow-ongoing" d="M${f(end + 2)} ${f(y - 6)}L${f(end + 12)} ${f(y)}L${f(end + 2)} ${f(y + 6)}Z" fill="#000"/>`)
    body.push('</g>')
  })
  const plotBottom = fr.top + rows.length * rowH + 10
  const axisFrame = { ...fr, height: plotBottom + fr.bottom }
  body.push(axisBottom(axisFrame, x, niceTicks(0, Math.ceil(maxMonths), 8), L.swimmerX))
  const items = [
    ...report.doseLevels.map((l, i) => ({ swatch: `<rect x="0" y="-6" width="14" height="12" fill="${seriesColour(i)}"/>`, label: l.label })),
    { swatch: marker.triangle(7, 0, 6, '#fff', '#000', 'legend-mark'), label: L.firstR },
    { swatch: marker.triangle(7, 0, 6, '#000', '#000', 'legend-mark'), label: L.firstCR },
    { swatch: marker.cross(7, 0, 5, '#000', 'legend-mark'), label: L.loss },
    { swatch: marker.diamond(7, 0, 6, '#CC79A7', '#000', 'legend-mark'), label: L.newTherapy },
    ...(rows.some((r) => typeof r.deathDay === 'number') ? [{ swatch: marker.square(7, 0, 5, '#000', 'legend-mark'), label: L.death }] : []),
    ...(rows.some((r) => r.severeCrsIcansDay !== null) ? [{ swatch: marker.circle(7, 0, 4, '#D55E00', '#000', 'legend-mark'), label: L.severeCrsIcans }] : []),
    { swatch: `<path d="M2 -6L12 0L2 6Z" fill="#000"/>`, label: L.ongoing },
  ]
  body.push(legend(items, 12, 42, width - 12))
  const h = plotBottom + fr.bottom
  const title = o.count > 1 ? `${L.swimmerTitle} (${o.index + 1}/${o.count})` : L.swimmerTitle
  return svgDocument({ width, height: h }, title, `${rows.length} ${L.swimmerX}`, body.join(''), o.index === 0 ? `swimmer-${lang}` : `swimmer-${lang}-${o.index + 1}`)
}
