/**
 * `celltrial report`: SDTM CSV in -> results report (baseline, exposure, efficacy, safety, correlatives per
 * dose level and overall, abstract-style narrative, figures) as a self-contained HTML page, PDF, XLSX or JSON.
 *
 * Source: domain/statistics.md §1-§4; domain/response-itp.md §3.11; interchange/sdtm-adam.md (input
 * domains, cut-off default = latest date in the data); packages/cli/src/command.ts (exit codes).
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { buildStudyReport, isIsoDate, renderReportHtml, reportTables, type ReportLanguage } from '@celltrial/core'
import { DataError, EXIT, UsageError, parseFlags, type Command } from '../command.js'
import { loadProtocol } from './evaluate/load-inputs.js'
import { htmlToPdf } from './report/pdf.js'
import { readReportInputs } from './report/read-report-inputs.js'
import { reportXlsx } from './report/xlsx.js'

const FORMATS = ['html', 'pdf', 'xlsx', 'json'] as const
const LANGS = ['en', 'zh-CN'] as const

const HELP = `Usage: celltrial report --protocol <NCT id | protocol.json> --sdtm <dir> --format html|pdf|xlsx|json --out <file>
                        [--cutoff YYYY-MM-DD] [--lang en|zh-CN] [--synthetic]

Build the results report of a study from SDTM CSV files (dm.csv, ex.csv, lb.csv required; cm.csv, ce.csv,
ae.csv if present): baseline characteristics, exposure, efficacy (best response with exact 95 % CIs, ORR,
CR rate, time to response, Kaplan-Meier duration of response), safety (CRS / ICANS by grade, adverse
events), correlatives (CAR-T expansion, B cells, GP autoantibodies), per dose level and overall, with an
abstract-style summary paragraph and figures (swimmer, platelet spaghetti, waterfall, Kaplan-Meier,
CAR-T expansion, B cells).

  --protocol   seed protocol registry id (e.g. NCT06352281) or a protocol JSON file
  --sdtm       directory holding the SDTM CSV files
  --format     html (self-contained page), pdf (printed by Chromium), xlsx (every table), json (the model)
  --out        output file
  --cutoff     data cut-off date (default: the latest date in the data)
  --lang       language of the page, figures and tables (default en)
  --synthetic  mark the report "Synthetic demo data"

Exit 0 on success, 1 when the data have errors or PDF printing is unavailable, 2 on a usage error.
`

export const report: Command = {
  name: 'report',
  summary: 'results report (tables, abstract paragraph, figures) from SDTM as HTML, PDF, XLSX or JSON',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      protocol: { type: 'string' },
      sdtm: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      cutoff: { type: 'string' },
      lang: { type: 'string' },
      synthetic: { type: 'boolean' },
    })
    for (const flag of ['protocol', 'sdtm', 'format', 'out'] as const) if (values[flag] === undefined) throw new UsageError(`--${flag} is required`)
    const format = values.format as (typeof FORMATS)[number]
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`)
    const lang = (values.lang ?? 'en') as ReportLanguage
    if (!(LANGS as readonly string[]).includes(lang)) throw new UsageError(`--lang must be en or zh-CN, got ${JSON.stringify(values.lang)}`)
    if (values.cutoff !== undefined && !isIsoDate(values.cutoff))
      throw new UsageError(`--cutoff must be a calendar date YYYY-MM-DD, got ${JSON.stringify(values.cutoff)}`)
    const protocol = await loadProtocol(io, values.protocol!)
    const { subjects, cutoff } = await readReportInputs(resolve(io.cwd, values.sdtm!), values.cutoff ?? null)
    const model = buildStudyReport(subjects, { cutoff, protocol })
    const out = resolve(io.cwd, values.out!)
    let bytes: Buffer | string
    if (format === 'json') bytes = JSON.stringify(model, null, 2) + '\n'
    else if (format === 'xlsx') bytes = reportXlsx(reportTables(model, lang))
    else {
      const html = renderReportHtml(model, { lang, demo: values.synthetic === true })
      if (format === 'html') bytes = html
      else {
        const printed = await htmlToPdf(html, io.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
        if ('unavailable' in printed) throw new DataError(printed.unavailable)
        bytes = printed.pdf
      }
    }
    await writeFile(out, bytes)
    const all = model.groups[model.groups.length - 1]!
    io.stdout(
      `Protocol ${model.protocol.registryId}; data cut-off ${cutoff}; ${all.n} subjects; ORR ${all.efficacy.orr.x}/${all.efficacy.orr.n} ${all.efficacy.orr.display}\n` +
        `Wrote ${format.toUpperCase()} report to ${values.out} (${Buffer.byteLength(bytes)} bytes)\n`,
    )
    return EXIT.ok
  },
}

/** The commands of this file, for the registry. */
export const commands: Command[] = [report]
