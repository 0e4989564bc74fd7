import { numberFlag, numberListFlag, parseFlags, type CliIo, type Command } from '../command.js'
import {
  exactThreePlusThree,
  finalizeOc,
  scenarioIssues,
  type ThreePlusThreeOptions,
} from '@celltrial/core'
import { formatOc, usageFromIssues, workersFlag } from './dose-escalation/cli-support.js'
import { runInWorkers } from './dose-escalation/run-in-workers.js'

/**
 * `celltrial three-plus-three …`: operating characteristics of the 3+3 design, exact and simulated
 * (dose-escalation.md §1.1, §3; Storer 1989).
 */

const COMMON_FLAGS = {
  'p-true': { type: 'string' },
  'confirm-top-dose': { type: 'boolean' },
  target: { type: 'string' },
  json: { type: 'boolean' },
} as const

const COMMON_HELP = `  --p-true LIST        true DLT probability per dose (required)
  --confirm-top-dose   PROTOCOL DECISION: treat 6 at the top dose also after 0/3 (default off)
  --target X           DLT rate defining the true MTD, for the overdosing risk (optional)
  --json               print one JSON object instead of a table`

function optionsFrom(values: { 'confirm-top-dose'?: boolean; target?: string }): ThreePlusThreeOptions {
  const options: ThreePlusThreeOptions = { confirmTopDose: values['confirm-top-dose'] === true }
  if (values.target !== undefined) options.target = numberFlag('target', values.target)
  return options
}

const exact: Command = {
  name: 'three-plus-three exact',
  summary: 'exact 3+3 operating characteristics (enumeration)',
  help: `Usage: celltrial three-plus-three exact --p-true 0.1,0.3 [flags]

Same output keys as boin simulate; overdosing counts the share of each trial's enrolled patients above
the MTD (null without --target, or when no dose's true probability equals it). Source: dose-escalation.md §3.

${COMMON_HELP}`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags(argv, COMMON_FLAGS)
    const pTrue = numberListFlag('p-true', values['p-true'])
    const r = exactThreePlusThree(pTrue, optionsFrom(values))
    if (!r.ok) usageFromIssues(r.issues)
    if (values.json) io.stdout(JSON.stringify(r.value) + '\n')
    else io.stdout(formatOc('3+3 exact operating characteristics', pTrue, r.value))
    return 0
  },
}

const simulate: Command = {
  name: 'three-plus-three simulate',
  summary: '3+3 operating characteristics by seeded Monte Carlo simulation',
  help: `Usage: celltrial three-plus-three simulate --p-true 0.05,0.1,0.2,0.3 --ntrial 10000 --seed 1 [flags]

Results depend only on the seed, not on --workers. Source: dose-escalation.md §1.1, §3.

  --ntrial N           simulated trials (default 10000)
  --seed N             random seed (default 1)
  --workers N          worker threads (default 1)
${COMMON_HELP}`,
  async run(argv: string[], io: CliIo) {
    const { values } = parseFlags(argv, {
      ...COMMON_FLAGS,
      ntrial: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
    })
    const pTrue = numberListFlag('p-true', values['p-true'])
    const nTrial = numberFlag('ntrial', values.ntrial, 10000)
    const seed = numberFlag('seed', values.seed, 1)
    const workers = workersFlag(values.workers)
    const issues = scenarioIssues(pTrue, nTrial, seed)
    if (issues.length > 0) usageFromIssues(issues)
    const options = optionsFrom(values)
    const oc = finalizeOc(
      await runInWorkers({ kind: 'three-plus-three', pTrue, options }, { nTrial, seed, workers }),
    )
    if (values.json) io.stdout(JSON.stringify(oc) + '\n')
    else io.stdout(formatOc(`3+3 operating characteristics: ${nTrial} trials, seed ${seed}`, pTrue, oc))
    return 0
  },
}

export const commands: Command[] = [exact, simulate]
