import { UsageError } from '../../command.js'
import type { Issue, OperatingCharacteristics } from '@celltrial/core'

/** Core field name → the flag that sets it, so validation issues name what the user typed. */
const FLAG_OF: Record<string, string> = {
  target: '--target',
  pSaf: '--p-saf',
  pTox: '--p-tox',
  cutoffEli: '--cutoff-eli',
  offset: '--offset',
  nCohort: '--ncohort',
  cohortSize: '--cohortsize',
  nEarlystop: '--n-earlystop',
  startDose: '--start-dose',
  pTrue: '--p-true',
  nTrial: '--ntrial',
  seed: '--seed',
  n: '--npts',
  y: '--ntox',
}

/** Throw the core's validation issues as one usage error (exit 2), each line naming its flag. */
export function usageFromIssues(issues: readonly Issue[]): never {
  const lines = issues.map((i) => {
    const [field, index] = i.path
    const flag = FLAG_OF[String(field)] ?? String(field ?? '(input)')
    return `${flag}${typeof index === 'number' ? ` item ${index + 1}` : ''}: ${i.message}`
  })
  throw new UsageError(lines.join('\n'))
}

/** Parse --workers: a positive integer, default 1. */
export function workersFlag(value: string | undefined): number {
  if (value === undefined) return 1
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError(`--workers must be an integer from 1 to 256, got ${JSON.stringify(value)}`)
  return n
}

/** Right-aligned text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)))
  return cells.map((r) => r.map((v, c) => v.padStart(widths[c]!)).join('  ')).join('\n')
}

const f = (v: number, digits: number) => v.toFixed(digits)

/** The OC as a readable table (the JSON form is the OC object itself). */
export function formatOc(title: string, pTrue: readonly number[], oc: OperatingCharacteristics): string {
  const rows = pTrue.map((p, j) => [
    j + 1,
    p,
    f(oc.selectionPercent[j]!, 1),
    f(oc.patientsPerDose[j]!, 2),
    f(oc.dltsPerDose[j]!, 2),
  ])
  const overdosing =
    oc.overdosingRisk60 === null
      ? 'overdosing risk: not defined (no dose has a true DLT probability equal to the target)'
      : `overdosing risk (> 60 % / > 80 % of patients above the MTD): ${f(oc.overdosingRisk60, 1)} % / ${f(oc.overdosingRisk80 ?? 0, 1)} %`
  return [
    title,
    '',
    table(['dose', 'p(DLT)', 'selected %', 'patients', 'DLTs'], rows),
    '',
    `no MTD: ${f(oc.noMtdPercent, 1)} %`,
    `mean sample size: ${f(oc.meanSampleSize, 2)}`,
    overdosing,
    '',
  ].join('\n')
}
