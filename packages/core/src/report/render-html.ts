/**
 * The report as one self-contained HTML page (no external resources): narrative, inline SVG figures and
 * tables, the subject ids behind each number in the cell's tooltip (`title`) and `data-ids`. Printable on A4.
 */
import { reportFigures } from '../figures/index.js'
import { esc } from '../figures/svg.js'
import { REPORT_LABELS } from './table-labels.js'
import { reportTables, type ReportTable } from './tables.js'
import type { ReportLanguage, StudyReport } from './types.js'

export interface RenderHtmlOptions {
  lang?: ReportLanguage
  /** show the "Synthetic demo data" banner */
  demo?: boolean
}

const CSS = `body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#222;margin:24px auto;max-width:980px;padding:0 16px;line-height:1.45}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta{color:#555}.demo{background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px;margin:8px 0;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 16px}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f4f7}td[data-ids]{cursor:help}figure{margin:12px 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto}
.narrative{font-size:15px}.methods{color:#555;font-size:12px}@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}`

function tableHtml(tb: ReportTable): string {
  const head = `<tr>${tb.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr>`
  const body = tb.rows
    .map((r) => `<tr>${r.map((c, i) => {
      const tag = i === 0 ? 'th scope="row"' : 'td'
      const ids = c.ids && c.ids.length > 0 ? ` title="${esc(c.ids.join(', '))}" data-ids="${esc(c.ids.join(' '))}"` : ''
      return `<${tag}${ids}>${esc(c.text)}</${i === 0 ? 'th' : 'td'}>`
    }).join('')}</tr>`)
    .join('')
  return `<h3 id="table-${esc(tb.id)}">${esc(tb.title)}</h3><table class="report-table" data-table="${esc(tb.id)}"><thead>${head}</thead><tbody>${body}</tbody></table>`
}

/**
 * @example renderReportHtml(report, { lang: 'zh-CN' }).startsWith('<!DOCTYPE html>') // true
 */
export function renderReportHtml(report: StudyReport, { lang = 'en', demo = false }: RenderHtmlOptions = {}): string {
  const L = REPORT_LABELS[lang]
  const title = `${report.protocol.registryId}: ${L.pageTitle}`
  const figures = reportFigures(report, lang).map((fg) => `<figure data-figure="${fg.id}">${fg.svg}</figure>`).join('')
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>` +
    `<h1>${esc(title)}</h1><p class="meta">${esc(report.protocol.title)} · ${esc(L.cutoff)} ${esc(report.cutoff)}</p>` +
    (demo ? `<p class="demo" role="note">${esc(L.demoBanner)}</p>` : '') +
    `<h2>${esc(L.narrative)}</h2><p class="narrative">${esc(report.narrative[lang])}</p>` +
    `<h2>${esc(L.figures)}</h2>${figures}` +
    `<h2>${esc(L.tables)}</h2>${reportTables(report, lang).map(tableHtml).join('')}` +
    `<p class="methods">${esc(L.methods.replace('{cutoff}', String(report.methods.bCellCutoffPerUl)))}</p>` +
    `</body></html>`
  )
}
