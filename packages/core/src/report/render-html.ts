/**
 * The report as one self-contained HTML page (no external resources): narrative, inline SVG figures and
 * tables. Every number of the narrative and the tables links (`<a href="#ids-K">`) to the list of the
 * subjects behind it in the section "Subjects behind the numbers"; each listed subject links to its row of
 * the subject listing (or, in the app, to the subject's page). Distinct subject lists are written once.
 * Printable on A4: CSS classes instead of repeated inline styles; above LINKED_SUBJECTS_MAX subjects the
 * subject lists are written as plain text and left out of print (they stay in the page and the JSON model).
 */
import { reportFigures } from '../figures/index.js'
import { esc } from '../figures/svg.js'
import { buildNarrativeParts } from './narrative.js'
import { REPORT_LABELS } from './table-labels.js'
import { reportTables, type ReportTable } from './tables.js'
import type { ReportLanguage, StudyReport } from './types.js'

export interface RenderHtmlOptions {
  lang?: ReportLanguage
  /** show the "Synthetic demo data" banner */
  demo?: boolean
  /**
   * Where a subject id links to (e.g. the subject's page in the app, opened in the top window); default: the
   * subject's row of the listing in this page.
   */
  subjectHref?: (id: string) => string | null
  /**
   * `print`: the page is for the PDF. Above LINKED_SUBJECTS_MAX subjects it leaves out the subject lists and
   * the number links (a print cannot show them; they stay in the HTML page and the JSON model), which spares
   * Chromium laying out hundreds of kilobytes of hidden ids.
   */
  media?: 'screen' | 'print'
}

/** Up to this many subjects, each id in the subject lists is a link and the lists are printed. */
export const LINKED_SUBJECTS_MAX = 200

const CSS = `body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#222;margin:24px auto;max-width:980px;padding:0 16px;line-height:1.45}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta{color:#555}.demo{background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px;margin:8px 0;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 16px}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f4f7}a.n{color:inherit;text-decoration:underline dotted #888}a.n:hover{background:#eef4fb}figure{margin:12px 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto}
.narrative{font-size:15px}.methods,.hint{color:#555;font-size:12px}.sets li{font-size:12px;margin:2px 0;scroll-margin-top:8px}.sets li:target{background:#fff3cd}
tr:target{background:#fff3cd}.print-only{display:none}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}a.n{text-decoration:none}.screen-only{display:none}.print-only{display:block}}`

/** Distinct subject lists, numbered in order of first use. */
class IdSets {
  private readonly index = new Map<string, number>()
  readonly sets: string[][] = []
  constructor(readonly enabled: boolean) {}
  ref(ids: readonly string[]): number {
    const key = ids.join('\u0000')
    let k = this.index.get(key)
    if (k === undefined) {
      k = this.sets.length
      this.index.set(key, k)
      this.sets.push([...ids])
    }
    return k
  }
}

/** A number linked to its subjects; a number with no subject behind it (0, "–") stays plain text. */
function linked(text: string, ids: readonly string[] | undefined, sets: IdSets): string {
  if (!ids || ids.length === 0 || !sets.enabled) return esc(text)
  return `<a class="n" href="#ids-${sets.ref(ids)}">${esc(text)}</a>`
}

const subjectAnchor = (id: string) => `subject-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`

function tableHtml(tb: ReportTable, sets: IdSets): string {
  const head = `<tr>${tb.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr>`
  const listing = tb.id === 'listing'
  const body = tb.rows
    .map((r) => {
      // listing: one row per subject, the target of the subject links; its numbers are that subject's
      const rowId = listing && r[0] ? ` id="${subjectAnchor(r[0].text)}"` : ''
      const cells = r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c.text)}</th>` : `<td>${listing ? esc(c.text) : linked(c.text, c.ids, sets)}</td>`))
      return `<tr${rowId}>${cells.join('')}</tr>`
    })
    .join('')
  return `<h3 id="table-${esc(tb.id)}">${esc(tb.title)}</h3><table class="report-table" data-table="${esc(tb.id)}"><thead>${head}</thead><tbody>${body}</tbody></table>`
}

function setsHtml(sets: IdSets, report: StudyReport, lang: ReportLanguage, subjectHref: (id: string) => string | null): string {
  const L = REPORT_LABELS[lang]
  const linkIds = report.subjects.length <= LINKED_SUBJECTS_MAX
  const item = (ids: string[], k: number) => {
    const list = linkIds
      ? ids.map((id) => {
          const href = subjectHref(id)
          return href === null ? esc(id) : `<a href="${esc(href)}"${href.startsWith('#') ? '' : ' target="_top"'}>${esc(id)}</a>`
        })
      : ids.map(esc)
    return `<li id="ids-${k}" data-ids="${esc(ids.join(' '))}">n = ${ids.length}: ${list.join(', ')}</li>`
  }
  return (
    `<section class="sets${linkIds ? '' : ' screen-only'}" id="subjects-behind"><h2>${esc(L.subjectsBehind)}</h2><p class="hint">${esc(L.subjectsBehindHint)}</p>` +
    `<ol start="0">${sets.sets.map(item).join('')}</ol></section>` +
    (linkIds ? '' : `<p class="methods print-only">${esc(L.subjectsBehindPrint)}</p>`)
  )
}

/**
 * @example renderReportHtml(report, { lang: 'zh-CN' }).startsWith('<!DOCTYPE html>') // true
 */
/** The B-cell aplasia rule of the methods line: the protocol's cutoff and consecutive samples (regimen-and-dosing.md §8). */
function bCellMethods(report: StudyReport, L: (typeof REPORT_LABELS)[ReportLanguage]): string {
  const { bCellCutoffPerUl: cutoff, bCellConfirmations: n } = report.methods
  if (cutoff === null) return L.methodsBCellNotDerived
  return L.methodsBCell.replace('{cutoff}', String(cutoff)).replace('{confirm}', n === 2 ? L.methodsTwo : String(n))
}

export function renderReportHtml(report: StudyReport, { lang = 'en', demo = false, subjectHref, media = 'screen' }: RenderHtmlOptions = {}): string {
  const L = REPORT_LABELS[lang]
  const title = `${report.protocol.registryId}: ${L.pageTitle}`
  const sets = new IdSets(media === 'screen' || report.subjects.length <= LINKED_SUBJECTS_MAX)
  const narrative = buildNarrativeParts(report, lang).map((p) => (p.ids === undefined ? esc(p.text) : linked(p.text, p.ids, sets))).join('')
  const figures = reportFigures(report, lang)
    .map((fg) => [fg.svg, ...(fg.continued ?? [])].map((svg, k) => `<figure data-figure="${fg.id}"${k > 0 ? ` data-panel="${k + 1}"` : ''}>${svg}</figure>`).join(''))
    .join('')
  const tables = reportTables(report, lang).map((tb) => tableHtml(tb, sets)).join('')
  const href = subjectHref ?? ((id: string) => `#${subjectAnchor(id)}`)
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>` +
    `<h1>${esc(title)}</h1><p class="meta">${esc(report.protocol.title)} · ${esc(L.cutoff)} ${esc(report.cutoff)}</p>` +
    (demo ? `<p class="demo" role="note">${esc(L.demoBanner)}</p>` : '') +
    `<h2>${esc(L.narrative)}</h2><p class="narrative">${narrative}</p>` +
    `<h2>${esc(L.figures)}</h2>${figures}` +
    `<h2>${esc(L.tables)}</h2>${tables}` +
    // the KM CI transform actually used (statistics.md §3.1: "the platform must record which type it used")
    `<p class="methods">${esc(L.methods.replace('{bcell}', bCellMethods(report, L)).replace('{ivig}', String(report.methods.ivigFreeDays)).replace('{km}', report.methods.kmConfType).replace('{ne}', report.methods.notEvaluableInDenominator ? '' : L.methodsNeExcluded).replace('{fu}', report.methods.followUpMethod === 'reverse-km' ? L.methodsFuReverseKm : L.methodsFuObserved))}</p>` +
    (sets.enabled ? setsHtml(sets, report, lang, href) : `<p class="methods">${esc(L.subjectsBehindPrint)}</p>`) +
    `</body></html>`
  )
}
