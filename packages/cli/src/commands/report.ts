/**
 * `celltrial report`: SDTM CSV or the study's database in -> results report (baseline, exposure, efficacy, safety, correlatives per
 * dose level and overall, abstract-style narrative, figures) as a self-contained HTML page, PDF, XLSX or JSON.
 *
 * Source: domain/statistics.md §1-§4; domain/response-itp.md §3.11; interchange/sdtm-adam.md (input
 * domains, cut-off default = latest date in the data); packages/cli/src/command.ts (exit codes). The database
 * path reads what the app reads (packages/server/src/report/study-report-inputs.ts).
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { buildStudyReport, isIsoDate, renderReportHtml, reportTables, type ReportLanguage, type StudyReport } from '@celltrial/core'
import { DataError, EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.js'
import { loadProtocol } from './evaluate/load-inputs.js'
import { openConfiguredDbForCli } from './open-db.js'
import { htmlToPdf } from './report/pdf.js'
import { readReportInputs } from './report/read-report-inputs.js'
import { reportXlsx } from './report/xlsx.js'
import { serverApi } from './server-api.js'
import { DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'

const FORMATS = ['html', 'pdf', 'xlsx', 'json'] as const
const LANGS = ['en', 'zh-CN'] as const

const HELP = `Usage: celltrial report --protocol <NCT id | protocol.json> (--sdtm <dir> | --study <id>) --format html|pdf|xlsx|json
                        --out <file> [--cutoff YYYY-MM-DD] [--lang en|zh-CN] [--synthetic]
                        [--data-dir DIR | --database-url URL]

Build the results report of a study: baseline characteristics, exposure, efficacy (best response with exact
95 % CIs, ORR, CR rate, time to response, Kaplan-Meier duration of response), safety (CRS / ICANS by grade,
adverse events), correlatives (CAR-T expansion, B cells, GP autoantibodies), per dose level and overall,
with an abstract-style summary paragraph and figures (swimmer, platelet spaghetti, waterfall, Kaplan-Meier,
CAR-T expansion, B cells). Every number of the HTML page links to the subjects behind it.

From SDTM CSV files (--sdtm: dm.csv, ex.csv, lb.csv required; cm.csv, ce.csv, ae.csv if present), or from
the study's captured data in the app's database (--study: every infused subject; the report uses the
study's stored protocol, and --protocol must name the same trial).

  --protocol      seed protocol registry id (e.g. NCT06352281) or a protocol JSON file
  --sdtm          directory holding the SDTM CSV files
  --study         study id in the database (as in the app's address /studies/<id>)
  --format        html (self-contained page), pdf (printed by Chromium), xlsx (every table), json (the model)
  --out           output file
  --cutoff        data cut-off date (default: the latest date in the SDTM data; today for --study)
  --lang          language of the page, figures and tables (default en)
  --synthetic     mark the report "Synthetic demo data" (--study marks it when the study holds demo data)
${DB_FLAGS_HELP}

Exit 0 on success, 1 when the data have errors, the study is unknown or does not match --protocol, or PDF
printing is unavailable, 2 on a usage error.
`

export const report: Command = {
  name: 'report',
  summary: 'results report (tables, abstract paragraph, figures) from SDTM or the database as HTML, PDF, XLSX or JSON',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      protocol: { type: 'string' },
      sdtm: { type: 'string' },
      study: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      cutoff: { type: 'string' },
      lang: { type: 'string' },
      synthetic: { type: 'boolean' },
      ...DB_FLAGS,
    })
    for (const flag of ['protocol', 'format', 'out'] as const) if (values[flag] === undefined) throw new UsageError(`--${flag} is required`)
    if ((values.sdtm === undefined) === (values.study === undefined)) throw new UsageError('give exactly one of --sdtm DIR and --study ID')
    if (values.study !== undefined && !/^[1-9]\d{0,9}$/.test(values.study)) throw new UsageError(`--study must be a study id (a positive whole number), got ${JSON.stringify(values.study)}`)
    if (values.sdtm !== undefined && (values['data-dir'] !== undefined || values['database-url'] !== undefined)) throw new UsageError('--data-dir and --database-url go with --study, not --sdtm')
    const format = values.format as (typeof FORMATS)[number]
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`)
    const lang = (values.lang ?? 'en') as ReportLanguage
    if (!(LANGS as readonly string[]).includes(lang)) throw new UsageError(`--lang must be en or zh-CN, got ${JSON.stringify(values.lang)}`)
    if (values.cutoff !== undefined && !isIsoDate(values.cutoff))
      throw new UsageError(`--cutoff must be a calendar date YYYY-MM-DD, got ${JSON.stringify(values.cutoff)}`)
    let model: StudyReport
    let cutoff: string
    let demo = values.synthetic === true
    if (values.study !== undefined) {
      cutoff = values.cutoff ?? new Date().toISOString().slice(0, 10)
      const fromDb = await reportFromDatabase(io, values, Number(values.study), cutoff)
      model = fromDb.report
      demo ||= fromDb.demo
    } else {
      const protocol = await loadProtocol(io, values.protocol!)
      const read = await readReportInputs(resolve(io.cwd, values.sdtm!), values.cutoff ?? null)
      cutoff = read.cutoff
      model = buildStudyReport(read.subjects, { cutoff, protocol })
    }
    const out = resolve(io.cwd, values.out!)
    let bytes: Buffer | string
    if (format === 'json') bytes = JSON.stringify(model, null, 2) + '\n'
    else if (format === 'xlsx') bytes = reportXlsx(reportTables(model, lang))
    else {
      const html = renderReportHtml(model, { lang, demo, media: format === 'pdf' ? 'print' : 'screen' })
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

/**
 * The report of study `studyId` from the database, after checking that `--protocol` names the study's trial.
 * @throws DataError unknown study, protocol mismatch, stored protocol that does not parse
 */
async function reportFromDatabase(io: CliIo, values: { protocol?: string; 'data-dir'?: string; 'database-url'?: string }, studyId: number, cutoff: string) {
  const wanted = /^NCT\d{8}$/i.test(values.protocol!.trim()) ? values.protocol!.trim().toUpperCase() : (await loadProtocol(io, values.protocol!)).identification.registryId
  const { AppError, studyReportFromDb } = await serverApi()
  const db = await openConfiguredDbForCli(io, values)
  try {
    const study = await db.kysely.selectFrom('study').select(['id', 'registry_id']).where('id', '=', studyId).executeTakeFirst()
    if (!study) {
      const known = await db.kysely.selectFrom('study').select(['id', 'registry_id']).orderBy('id').execute()
      throw new DataError(`--study ${studyId}: no such study in the database${known.length > 0 ? ` (studies: ${known.map((s) => `${s.id} ${s.registry_id}`).join(', ')})` : ' (it holds no study)'}`)
    }
    if (study.registry_id.toUpperCase() !== wanted.toUpperCase())
      throw new DataError(`--protocol ${values.protocol} does not match --study ${studyId}, which runs ${study.registry_id}`)
    return await studyReportFromDb(db.kysely, studyId, { cutoff })
  } catch (e) {
    if (e instanceof AppError) throw new DataError(`--study ${studyId}: ${e.message}`)
    throw e
  } finally {
    await db.close()
  }
}

/** The commands of this file, for the registry. */
export const commands: Command[] = [report]
