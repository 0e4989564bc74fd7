import { numberFlag, numberListFlag, parseFlags, type CliIo, type Command } from '../command.js'
import {
  boinBoundaries,
  checkBoinSimulation,
  exactBoin,
  finalizeOc,
  selectMtdBoin,
  type BoinDesignInput,
} from '@celltrial/core'
import { formatOc, table, usageFromIssues, workersFlag } from './dose-escalation/cli-support.js'
import { runInWorkers } from './dose-escalation/run-in-workers.js'

/**
 * `celltrial boin …`: BOIN boundaries, MTD selection, operating characteristics (dose-escalation.md §2-3;
 * Liu & Yuan 2015; flags and defaults follow the BOIN R package 2.7.2).
 */

const RULE_FLAGS = {
  target: { type: 'string' },
  'p-saf': { type: 'string' },
  'p-tox': { type: 'string' },
  'cutoff-eli': { type: 'string' },
  extrasafe: { type: 'boolean' },
  offset: { type: 'string' },
  json: { type: 'boolean' },
} as const
const SIZE_FLAGS = { ncohort: { type: 'string' }, cohortsize: { type: 'string' } } as const
const TRIAL_FLAGS = {
  'p-true': { type: 'string' },
  'start-dose': { type: 'string' },
  'n-earlystop': { type: 'string' },
  'bound-mtd': { type: 'boolean' },
} as const

type Values = Record<string, string | boolean | undefined>
const str = (v: Values, k: string) => v[k] as string | undefined
const optional = (v: Values, k: string) => (str(v, k) === undefined ? undefined : numberFlag(k, str(v, k)))

/** The design flags shared by every BOIN command (defaults are the package's). */
function designFrom(v: Values): BoinDesignInput {
  return {
    target: numberFlag('target', str(v, 'target')),
    pSaf: optional(v, 'p-saf'),
    pTox: optional(v, 'p-tox'),
    cutoffEli: numberFlag('cutoff-eli', str(v, 'cutoff-eli'), 0.95),
    extrasafe: v.extrasafe === true,
    offset: numberFlag('offset', str(v, 'offset'), 0.05),
    boundMtd: v['bound-mtd'] === true,
    nCohort: numberFlag('ncohort', str(v, 'ncohort'), 10),
    cohortSize: numberFlag('cohortsize', str(v, 'cohortsize'), 3),
    nEarlystop: numberFlag('n-earlystop', str(v, 'n-earlystop'), 100),
    startDose: numberFlag('start-dose', str(v, 'start-dose'), 1),
  }
}

const DESIGN_HELP = `  --target X        target DLT probability φ (required; 0.05-0.6)
  --p-saf X         φ₁, highest DLT probability deemed sub-therapeutic (default 0.6 φ)
  --p-tox X         φ₂, lowest DLT probability deemed overly toxic (default 1.4 φ)
  --cutoff-eli X    posterior cutoff for eliminating a dose (default 0.95)
  --extrasafe       stricter stop at the lowest dose: cutoff-eli − offset
  --offset X        extrasafe offset (default 0.05)
  --json            print one JSON object instead of a table`

const boundaries: Command = {
  name: 'boin boundaries',
  summary: 'BOIN escalation / de-escalation / elimination boundaries',
  help: `Usage: celltrial boin boundaries --target 0.3 [--ncohort 10 --cohortsize 3] [flags]

Prints λe, λd and, for n = 1 … ncohort × cohortsize patients at the current dose: escalate if DLTs ≤,
de-escalate if DLTs ≥, eliminate if DLTs ≥ (null: none). Source: dose-escalation.md §2.2-2.4.

  --ncohort N       number of cohorts (default 10)
  --cohortsize N    patients per cohort (default 3)
${DESIGN_HELP}`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags(argv, { ...RULE_FLAGS, ...SIZE_FLAGS })
    const r = boinBoundaries(designFrom(values))
    if (!r.ok) usageFromIssues(r.issues)
    if (values.json) {
      io.stdout(JSON.stringify(r.value) + '\n')
      return 0
    }
    const dash = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v)
    const extra = r.value.table[0]?.stopIfLowestDoseDltGe !== undefined
    const header = [
      'n',
      'escalate if DLT ≤',
      'de-escalate if DLT ≥',
      'eliminate if DLT ≥',
      ...(extra ? ['stop if DLT ≥ (lowest dose)'] : []),
    ]
    const rows = r.value.table.map((row) => [
      row.n,
      row.escalateIfDltLe,
      row.deescalateIfDltGe,
      dash(row.eliminateIfDltGe),
      ...(extra ? [dash(row.stopIfLowestDoseDltGe)] : []),
    ])
    io.stdout(
      `BOIN boundaries: λe = ${r.value.lambdaE.toFixed(6)}, λd = ${r.value.lambdaD.toFixed(6)}\n\n${table(header, rows)}\n`,
    )
    return 0
  },
}

const selectMtd: Command = {
  name: 'boin select-mtd',
  summary: 'select the MTD at the end of a BOIN trial (isotonic regression)',
  help: `Usage: celltrial boin select-mtd --target 0.3 --npts 3,3,9,12,3 --ntox 0,0,2,4,2 [flags]

Re-applies elimination, fits isotonic estimates (PAVA, Beta(0.05, 0.05) pseudo-counts) and picks the
dose closest to the target. Source: dose-escalation.md §2.6.
JSON: { "mtd": dose number or null, "isotonicEstimates": per dose (null if not kept), "eliminated": per dose }

  --npts LIST       patients treated per dose, lowest first (required)
  --ntox LIST       patients with a DLT per dose (required)
  --bound-mtd       only doses with isotonic estimate < λd may be selected
${DESIGN_HELP}`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags(argv, {
      ...RULE_FLAGS,
      npts: { type: 'string' },
      ntox: { type: 'string' },
      'bound-mtd': { type: 'boolean' },
    })
    const n = numberListFlag('npts', values.npts)
    const y = numberListFlag('ntox', values.ntox)
    const { nCohort: _c, cohortSize: _s, nEarlystop: _e, startDose: _d, ...rules } = designFrom(values)
    const r = selectMtdBoin({ ...rules, n, y })
    if (!r.ok) usageFromIssues(r.issues)
    const { mtd, isotonicEstimates, eliminated } = r.value
    if (values.json) {
      io.stdout(JSON.stringify({ mtd, isotonicEstimates, eliminated }) + '\n')
      return 0
    }
    const rows = n.map((nj, j) => [
      j + 1,
      nj,
      y[j]!,
      isotonicEstimates[j]?.toFixed(4) ?? '-',
      eliminated[j] ? 'yes' : 'no',
    ])
    const head = mtd === null ? `MTD: none (${r.value.reason})` : `MTD: dose ${mtd}`
    io.stdout(`${head}\n\n${table(['dose', 'patients', 'DLTs', 'isotonic estimate', 'eliminated'], rows)}\n`)
    return 0
  },
}

const simulate: Command = {
  name: 'boin simulate',
  summary: 'BOIN operating characteristics by seeded Monte Carlo simulation',
  help: `Usage: celltrial boin simulate --target 0.3 --p-true 0.05,0.1,0.2,0.3,0.45 [flags]

Simulates trials as BOIN::get.oc and prints the selection % per dose, % no MTD, mean patients and DLTs
per dose, mean sample size and overdosing risk (> 60 % / > 80 % of ncohort × cohortsize patients above
the MTD; null unless a dose's true DLT probability equals the target). Results depend only on the seed,
not on --workers. Source: dose-escalation.md §3.

  --p-true LIST     true DLT probability per dose (required)
  --ncohort N       number of cohorts (default 10)
  --cohortsize N    patients per cohort (default 3)
  --ntrial N        simulated trials (default 10000)
  --seed N          random seed (default 1)
  --start-dose N    starting dose level (default 1)
  --n-earlystop N   stop when this many patients are at the current dose (default 100)
  --bound-mtd       only doses with isotonic estimate < λd may be selected
  --workers N       worker threads (default 1)
${DESIGN_HELP}`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags(argv, {
      ...RULE_FLAGS,
      ...SIZE_FLAGS,
      ...TRIAL_FLAGS,
      ntrial: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
    })
    const pTrue = numberListFlag('p-true', values['p-true'])
    const nTrial = numberFlag('ntrial', values.ntrial, 10000)
    const seed = numberFlag('seed', values.seed, 1)
    const workers = workersFlag(values.workers)
    const checked = checkBoinSimulation({ ...designFrom(values), pTrue, nTrial, seed })
    if (!checked.ok) usageFromIssues(checked.issues)
    const { design } = checked.value
    const oc = finalizeOc(await runInWorkers({ kind: 'boin', design, pTrue }, { nTrial, seed, workers }))
    if (values.json) io.stdout(JSON.stringify(oc) + '\n')
    else
      io.stdout(
        formatOc(
          `BOIN operating characteristics: target ${design.target}, ${design.nCohort} cohorts of ${design.cohortSize}, ${nTrial} trials, seed ${seed}`,
          pTrue,
          oc,
        ),
      )
    return 0
  },
}

const exact: Command = {
  name: 'boin exact',
  summary: 'exact BOIN operating characteristics of a small design (enumeration)',
  help: `Usage: celltrial boin exact --target 0.3 --p-true 0.1,0.3 --ncohort 3 --cohortsize 3 [flags]

Enumerates every outcome sequence (small designs only). Same output keys as boin simulate.
Source: dose-escalation.md §3.

  --p-true LIST     true DLT probability per dose (required)
  --ncohort N       number of cohorts (default 10)
  --cohortsize N    patients per cohort (default 3)
  --start-dose N    starting dose level (default 1)
  --n-earlystop N   stop when this many patients are at the current dose (default 100)
  --bound-mtd       only doses with isotonic estimate < λd may be selected
${DESIGN_HELP}`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags(argv, { ...RULE_FLAGS, ...SIZE_FLAGS, ...TRIAL_FLAGS })
    const pTrue = numberListFlag('p-true', values['p-true'])
    const design = designFrom(values)
    const r = exactBoin({ ...design, pTrue })
    if (!r.ok) usageFromIssues(r.issues)
    if (values.json) io.stdout(JSON.stringify(r.value) + '\n')
    else
      io.stdout(
        formatOc(
          `BOIN exact operating characteristics: target ${design.target}, ${design.nCohort} cohorts of ${design.cohortSize}`,
          pTrue,
          r.value,
        ),
      )
    return 0
  },
}

export const commands: Command[] = [boundaries, selectMtd, simulate, exact]
