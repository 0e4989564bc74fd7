/**
 * `celltrial evaluate`: SDTM CSV in → ITP response per subject → ADaM CSV out (adsl, adrs, adtte), with a
 * one-screen cohort summary or, with `--json`, every subject's result and explanation.
 *
 * A large `lb.csv` is read and the cohort evaluated half on a worker thread (the machine's second core); the
 * output is the same as on one thread (evaluate/read-lb.ts, evaluate/evaluate-helper.ts).
 *
 * Source: interchange/sdtm-adam.md (input domains, output datasets, cut-off); domain/response-itp.md §3;
 * domain/statistics.md §2-§3; packages/cli/src/command.ts (exit codes 0 / 1 data / 2 usage).
 */
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { DataError, EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.js'
import { openAdamWriter } from './evaluate/adam-writer.js'
import { renderEvaluationSummary, summariseEvaluation, type CohortResult } from './evaluate/cohort-summary.js'
import {
  evaluateResponse,
  formatSdtmIssue,
  isIsoDate,
  renderResponseExplanation,
  type Protocol,
  type ResponseParams,
  type ResponseResult,
} from '@celltrial/core'
import { adamRowsOf, cohortResultOf } from './evaluate/evaluate-part.js'
import { loadProtocol, resolveResponseParams } from './evaluate/load-inputs.js'
import { readSdtmDirectory, type SdtmDirectory } from './evaluate/read-sdtm-dir.js'
import { prestartHelper } from './evaluate/read-lb.js'

const HELP = `Usage: celltrial evaluate --protocol <NCT id | protocol.json> --sdtm <dir> --out <dir>
                          [--cutoff YYYY-MM-DD] [--params params.json] [--json]

Read SDTM CSV files (dm.csv, ex.csv, lb.csv required; cm.csv, ce.csv, ae.csv, vs.csv if present), evaluate
the ITP response of every subject in dm.csv with the protocol's response parameters, and write adsl.csv,
adrs.csv and adtte.csv to --out. Prints n, best-response counts, ORR with its exact 95 % CI and median TTR.

  --protocol   seed protocol registry id (e.g. NCT06352281) or a protocol JSON file
  --sdtm       directory holding the SDTM CSV files
  --out        directory for the ADaM CSV files (created if absent)
  --cutoff     data cut-off date (default: the latest date in the data)
  --params     JSON object of response parameters overriding the protocol's (keys as in response-itp.md §3.2)
  --json       print every subject's result with its explanation as JSON instead of the summary

Exit 0 on success, 1 when the data have errors (all are listed; nothing is written), 2 on a usage error.
`

export const evaluate: Command = {
  name: 'evaluate',
  summary: 'evaluate ITP response from SDTM CSV files and write ADaM adsl/adrs/adtte',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      protocol: { type: 'string' },
      sdtm: { type: 'string' },
      out: { type: 'string' },
      cutoff: { type: 'string' },
      params: { type: 'string' },
      json: { type: 'boolean' },
    })
    for (const flag of ['protocol', 'sdtm', 'out'] as const) if (values[flag] === undefined) throw new UsageError(`--${flag} is required`)
    if (values.cutoff !== undefined && !isIsoDate(values.cutoff))
      throw new UsageError(`--cutoff must be a calendar date YYYY-MM-DD, got ${JSON.stringify(values.cutoff)}`)
    const sdtmDir = resolve(io.cwd, values.sdtm!)
    // the worker that read part of a large lb.csv evaluates part of the cohort too (not for --json, which
    // keeps every full result); CELLTRIAL_EVALUATE_WORKER_MIN_BYTES moves the size threshold (tests use 0).
    // It starts first, so that its start-up overlaps with reading the protocol.
    const workerMin = io.env.CELLTRIAL_EVALUATE_WORKER_MIN_BYTES ? Number(io.env.CELLTRIAL_EVALUATE_WORKER_MIN_BYTES) : undefined
    const prestarted = await prestartHelper(join(sdtmDir, 'lb.csv'), workerMin)
    let protocol: Awaited<ReturnType<typeof loadProtocol>>
    let params: Awaited<ReturnType<typeof resolveResponseParams>>
    try {
      protocol = await loadProtocol(io, values.protocol!)
      params = await resolveResponseParams(io, protocol, values.params)
    } catch (e) {
      prestarted?.stop()
      throw e
    }
    const read = await readSdtmDirectory(sdtmDir, {}, { keepHelper: !values.json, lbWorkerMinBytes: workerMin, prestarted }).catch((e: unknown) => {
      prestarted?.stop()
      throw e
    })
    try {
      return await evaluateAndWrite(read, values, io, protocol, params)
    } finally {
      read.helper?.stop()
    }
  },
}

/** Subjects from which the helper worker (present only for a large lb.csv) evaluates part of the cohort. */
const EVAL_WORKER_MIN_SUBJECTS = 2

/** Share of the subjects evaluated on this thread, which also writes every row. */
const MAIN_EVAL_SHARE = 0.5

/**
 * Report the data errors of `read` (nothing written), or evaluate every subject, write the ADaM files and
 * print the summary (or `--json`). Subjects are evaluated in dm.csv order; with the helper worker the
 * second half of them on the worker, the rows and figures joined in the same order.
 */
async function evaluateAndWrite(
  read: SdtmDirectory,
  values: { sdtm?: string; out?: string; cutoff?: string; json?: boolean },
  io: CliIo,
  protocol: Protocol,
  params: ResponseParams,
): Promise<number> {
  if (read.missing.length > 0) throw new DataError(read.missing.map((f) => `${f}: required file not found in ${values.sdtm}`).join('\n'))
  if (read.issues.length > 0) {
    const n = read.issues.length
    throw new DataError(`${n} error${n === 1 ? '' : 's'} in the SDTM data; nothing was written:\n${read.issues.map(formatSdtmIssue).join('\n')}`)
  }

  const cutoff = values.cutoff ?? params.dataCutoffDate ?? read.collector.latestDate()
  const cutoffSource = values.cutoff ? '--cutoff' : params.dataCutoffDate ? 'protocol/--params dataCutoffDate' : 'latest date in the data'
  // subject by subject: only one subject's count objects exist at a time, ADaM rows go straight to disk
  const outDir = resolve(io.cwd, values.out!)
  await mkdir(outDir, { recursive: true })
  const writer = await openAdamWriter(outDir)
  const n = read.collector.size
  const results: CohortResult[] = []
  const json: { usubjid: string; result: ResponseResult; explanation: ReturnType<typeof renderResponseExplanation> }[] = []
  const evaluateSubject = (i: number): Promise<void> | undefined => {
    const s = read.collector.subjectAt(i, cutoff)
    const result = evaluateResponse(s.input, params)
    const full = writer.add(adamRowsOf(s, result))
    if (values.json) {
      results.push(result)
      json.push({ usubjid: s.dm.usubjid, result, explanation: renderResponseExplanation(result) })
    } else results.push(cohortResultOf(result))
    return full
  }
  // with the helper worker, it evaluates the later subjects (rows formatted as here) while this thread
  // evaluates the first ones; its rows are appended after them, so the files are the same
  const split = read.helper !== null && n >= EVAL_WORKER_MIN_SUBJECTS ? Math.floor(n * MAIN_EVAL_SHARE) : n
  const later = split < n ? read.helper?.evaluate(read.collector.exportSubjects(split, n), params, cutoff) : undefined
  try {
    for (let i = 0; i < split; i++) {
      const full = evaluateSubject(i)
      if (full) await full
    }
    const part = later ? await later : null
    if (part) {
      await writer.addText(part)
      for (const r of part.cohort) results.push(r)
    } else {
      // no helper, or it failed: this thread evaluates the rest
      for (let i = split; i < n; i++) {
        const full = evaluateSubject(i)
        if (full) await full
      }
    }
    await writer.commit()
  } catch (e) {
    await writer.abort()
    throw e
  }
  const written = writer.counts()

  const summary = summariseEvaluation(results, params)
  const importLog = read.logs.filter((l) => l.unknownColumns.length > 0 || l.notes.length > 0)
  if (values.json) {
    const out = {
      protocol: { registryId: protocol.identification.registryId, version: protocol.version },
      dataCutoffDate: cutoff,
      dataCutoffSource: cutoffSource,
      params,
      importLog: read.logs,
      absentOptionalFiles: read.absent,
      summary,
      subjects: json,
    }
    io.stdout(JSON.stringify(out, null, 2) + '\n')
    return EXIT.ok
  }
  const lines = [
    `Protocol ${protocol.identification.registryId}; data cut-off ${cutoff ?? 'none'} (${cutoffSource}); evaluation end day ${params.evalEndDay ?? 'none'}`,
    ...renderEvaluationSummary(summary, params),
    `Wrote adsl.csv (${written.adsl} rows), adrs.csv (${written.adrs} rows), adtte.csv (${written.adtte} rows) to ${values.out}`,
  ]
  if (read.absent.length > 0) lines.push(`Not present (treated as no records): ${read.absent.join(', ')}`)
  for (const l of importLog) {
    if (l.unknownColumns.length > 0) lines.push(`Import log ${l.file}: unknown columns kept out: ${l.unknownColumns.join(', ')}`)
    for (const note of l.notes) lines.push(`Import log ${l.file}: ${note}`)
  }
  io.stdout(lines.join('\n') + '\n')
  return EXIT.ok
}

/** The commands of this file, for the registry. */
export const commands: Command[] = [evaluate]
