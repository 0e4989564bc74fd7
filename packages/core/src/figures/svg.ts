/**
 * Hand-built SVG: escaping, scales, ticks, axes and the document frame. Pure string building, so that the
 * figures render the same in the browser, the CLI (HTML, PDF) and tests.
 * Palette: Okabe M, Ito K. Color Universal Design (2008), the 8 colours distinguishable with colour-vision
 * deficiency. Print size: 12 px text in a 720 px wide figure stays legible at 17 cm column width.
 */

/** Okabe-Ito palette (black last). */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'] as const

/** Colour of series i (cycles through the palette). */
export const seriesColour = (i: number): string => OKABE_ITO[((i % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length]!

/** Escape text for XML content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/**
 * Number formatting for coordinates: 1 decimal, no trailing zeros. A tenth of a user unit is 0.024 mm on a
 * 720-unit figure printed 17 cm wide, far below what print or screen resolves, and keeps large figures small.
 */
export const f = (x: number): string => String(Math.round(x * 10) / 10)

export type Scale = (v: number) => number

/** Linear map of [d0, d1] onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1
  return (v) => r0 + ((v - d0) / span) * (r1 - r0)
}

/** Log10 map of [d0, d1] (> 0) onto [r0, r1]; values <= d0 map to r0 (0 plotted at the axis minimum). */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0)
  const l1 = Math.log10(d1)
  return (v) => (v <= d0 ? r0 : r0 + ((Math.log10(v) - l0) / (l1 - l0 || 1)) * (r1 - r0))
}

/** About `count` round ticks covering [min, max] (1, 2, 5 x 10^k steps). */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min]
  const raw = (max - min) / Math.max(1, count)
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  const ticks: number[] = []
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.round(t * 1e9) / 1e9)
  return ticks
}

/** Round ticks from `min` whose last tick is at or above `max` (for value axes that must cover the data). */
export function coverTicks(min: number, max: number, count = 5): number[] {
  const ticks = niceTicks(min, max, count)
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : Math.max(1, Math.abs(max))
  while (ticks[ticks.length - 1]! < max) ticks.push(Math.round((ticks[ticks.length - 1]! + step) * 1e9) / 1e9)
  if (ticks[0]! > min) ticks.unshift(Math.round((ticks[0]! - step) * 1e9) / 1e9)
  return ticks
}

/** Decades 1, 10, 100, ... within [min, max], with 3 and 30 style intermediate ticks. */
export function logTicks(min: number, max: number): number[] {
  const out: number[] = []
  for (let k = Math.floor(Math.log10(min)); 10 ** k <= max; k++) for (const m of [1, 3]) if (m * 10 ** k >= min && m * 10 ** k <= max) out.push(m * 10 ** k)
  return out
}

/** Plot area of a figure. */
export interface Frame {
  width: number
  height: number
  left: number
  right: number
  top: number
  bottom: number
}

/** Compact tick label: 1000 -> "1k", 300000 -> "300k", 1e6 -> "1M". */
export function tickLabel(v: number): string {
  if (Math.abs(v) >= 1e6) return `${f(v / 1e6)}M`
  if (Math.abs(v) >= 1e3) return `${f(v / 1e3)}k`
  return f(v)
}

/** Bottom axis with ticks and a title. */
export function axisBottom(fr: Frame, x: Scale, ticks: number[], title: string, fmt: (v: number) => string = tickLabel): string {
  const y = fr.height - fr.bottom
  const parts = [`<line class="axis" x1="${f(fr.left)}" y1="${f(y)}" x2="${f(fr.width - fr.right)}" y2="${f(y)}" stroke="#333"/>`]
  for (const t of ticks) {
    parts.push(`<line class="tick" x1="${f(x(t))}" y1="${f(y)}" x2="${f(x(t))}" y2="${f(y + 5)}" stroke="#333"/>`)
    parts.push(`<text x="${f(x(t))}" y="${f(y + 18)}" text-anchor="middle">${esc(fmt(t))}</text>`)
  }
  parts.push(`<text class="axis-title" x="${f((fr.left + fr.width - fr.right) / 2)}" y="${f(y + 38)}" text-anchor="middle">${esc(title)}</text>`)
  return parts.join('')
}

/** Left axis with ticks, light grid lines and a rotated title. */
export function axisLeft(fr: Frame, y: Scale, ticks: number[], title: string, fmt: (v: number) => string = tickLabel): string {
  const parts = [`<line class="axis" x1="${f(fr.left)}" y1="${f(fr.top)}" x2="${f(fr.left)}" y2="${f(fr.height - fr.bottom)}" stroke="#333"/>`]
  for (const t of ticks) {
    parts.push(`<line class="grid" x1="${f(fr.left)}" y1="${f(y(t))}" x2="${f(fr.width - fr.right)}" y2="${f(y(t))}" stroke="#e5e5e5"/>`)
    parts.push(`<line class="tick" x1="${f(fr.left - 5)}" y1="${f(y(t))}" x2="${f(fr.left)}" y2="${f(y(t))}" stroke="#333"/>`)
    parts.push(`<text x="${f(fr.left - 8)}" y="${f(y(t) + 4)}" text-anchor="end">${esc(fmt(t))}</text>`)
  }
  const cy = (fr.top + fr.height - fr.bottom) / 2
  parts.push(`<text class="axis-title" x="${f(16)}" y="${f(cy)}" text-anchor="middle" transform="rotate(-90 16 ${f(cy)})">${esc(title)}</text>`)
  return parts.join('')
}

/** East Asian wide and full-width characters (Unicode UAX #11 classes W and F: CJK, kana, hangul, full-width forms). */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u

/**
 * Estimated width in pixels of a label at the figures' 12 px font: a wide character takes a full em, any other
 * about 7 px. (A figure is text, not a rendering: the browser's font metrics are not known here.)
 */
export function textWidth(label: string): number {
  let w = 0
  for (const ch of label) w += WIDE.test(ch) ? 12 : 7
  return w
}

/** A legend row of (swatch, label) items starting at (x, y); wraps to the next line past `maxX`. */
export function legend(items: { swatch: string; label: string }[], x: number, y: number, maxX: number): string {
  let cx = x
  let cy = y
  const out: string[] = []
  for (const it of items) {
    const w = 26 + textWidth(it.label)
    if (cx + w > maxX && cx > x) {
      cx = x
      cy += 18
    }
    out.push(`<g class="legend-item" transform="translate(${f(cx)} ${f(cy)})">${it.swatch}<text x="18" y="4">${esc(it.label)}</text></g>`)
    cx += w + 10
  }
  return `<g class="legend">${out.join('')}</g>`
}

/** The document frame: title and description for screen readers, a white background, print-size text. */
export function svgDocument(fr: Pick<Frame, 'width' | 'height'>, title: string, desc: string, body: string, id: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="celltrial-figure" id="${esc(id)}" width="${fr.width}" height="${fr.height}" viewBox="0 0 ${fr.width} ${fr.height}" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" font-family="system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" font-size="12" fill="#222">` +
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(desc)}</desc>` +
    `<rect class="background" width="100%" height="100%" fill="#fff"/>` +
    `<text class="figure-title" x="12" y="20" font-size="14" font-weight="600">${esc(title)}</text>` +
    body +
    `</svg>`
  )
}

/**
 * Path data of one dot per point: a zero-length subpath that a round line cap of width 2r draws as a disc
 * (SVG 1.1 §11.4 / SVG 2 "zero-length subpath with round caps"), so a series' points are one `<path>`
 * element instead of one `<circle>` each. Chromium lays out and prints 33,000 such dots in about a second,
 * against about 30 s for the same number of circles or arcs. Draw with `dots(...)`.
 * @example dotsPath([[10, 20], [30.04, 40.06]]) // "M10 20h0M30 40.1h0"
 */
export function dotsPath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y]) => `M${f(x)} ${f(y)}h0`).join('')
}

/**
 * Points of one series as dots of radius `r` in `colour`; hollow points are a ring: a dot in `colour` under a
 * white dot 1.5 units smaller (`path.points-hole`).
 */
export function dots(points: readonly (readonly [number, number])[], r: number, colour: string, { hollow = false, cls = 'points' } = {}): string {
  if (points.length === 0) return ''
  const d = dotsPath(points)
  const ring = hollow ? `<path class="points-hole" d="${d}" stroke="#fff" stroke-width="${f(Math.max(0.8, 2 * r - 3))}" stroke-linecap="round" stroke-opacity="1"/>` : ''
  return `<path class="${cls}" d="${d}" stroke="${colour}" stroke-width="${f(2 * r)}" stroke-linecap="round"/>${ring}`
}

/** Number of points drawn by a `dotsPath` (its subpaths). */
export const dotsCount = (d: string): number => (d.match(/M/g) ?? []).length

/** At most this many patients get a colour and a legend entry each; larger cohorts are coloured by dose level. */
export const MAX_PATIENT_SERIES = 8

/**
 * Colours and legend of per-patient series (statistics.md §4.2: "coloured by patient or dose level"): one
 * Okabe-Ito colour per patient up to MAX_PATIENT_SERIES patients, else one per dose level, with thinner,
 * translucent lines so that hundreds of series stay readable.
 */
export function seriesStyle(
  patients: readonly { id: string; doseLevel: string | null; index: number }[],
  doseLevels: readonly { id: string; label: string }[],
  label: (id: string) => string,
): { colour: (index: number) => string; legend: { swatch: string; label: string }[]; lineWidth: number; opacity: number; pointRadius: number } {
  const line = (c: string) => `<line x1="0" y1="0" x2="14" y2="0" stroke="${c}" stroke-width="3"/>`
  if (patients.length <= MAX_PATIENT_SERIES)
    return { colour: seriesColour, legend: patients.map((p) => ({ swatch: line(seriesColour(p.index)), label: label(p.id) })), lineWidth: 2, opacity: 1, pointRadius: 3 }
  const levelOf = new Map(patients.map((p) => [p.index, doseLevels.findIndex((l) => l.id === p.doseLevel)]))
  const used = doseLevels.map((l, i) => ({ l, i })).filter(({ i }) => patients.some((p) => levelOf.get(p.index) === i))
  return {
    colour: (index) => seriesColour(levelOf.get(index) ?? -1),
    legend: used.map(({ l, i }) => ({ swatch: line(seriesColour(i)), label: `${l.label} (n = ${patients.filter((p) => levelOf.get(p.index) === i).length})` })),
    lineWidth: 1,
    opacity: 0.45,
    pointRadius: 1.6,
  }
}

/** Marker shapes centred on (x, y). */
export const marker = {
  circle: (x: number, y: number, r: number, fill: string, stroke: string, cls: string) =>
    `<circle class="${cls}" cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`,
  triangle: (x: number, y: number, s: number, fill: string, stroke: string, cls: string) =>
    `<path class="${cls}" d="M${f(x)} ${f(y - s)}L${f(x + s)} ${f(y + s * 0.8)}L${f(x - s)} ${f(y + s * 0.8)}Z" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`,
  diamond: (x: number, y: number, s: number, fill: string, stroke: string, cls: string) =>
    `<path class="${cls}" d="M${f(x)} ${f(y - s)}L${f(x + s)} ${f(y)}L${f(x)} ${f(y + s)}L${f(x - s)} ${f(y)}Z" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`,
  cross: (x: number, y: number, s: number, stroke: string, cls: string) =>
    `<path class="${cls}" d="M${f(x - s)} ${f(y - s)}L${f(x + s)} ${f(y + s)}M${f(x - s)} ${f(y + s)}L${f(x + s)} ${f(y - s)}" stroke="${stroke}" stroke-width="2" fill="none"/>`,
  square: (x: number, y: number, s: number, fill: string, cls: string) =>
    `<rect class="${cls}" x="${f(x - s)}" y="${f(y - s)}" width="${f(2 * s)}" height="${f(2 * s)}" fill="${fill}"/>`,
}
