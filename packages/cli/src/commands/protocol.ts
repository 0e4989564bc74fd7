/**
 * `celltrial protocol validate FILE` and `celltrial protocol import-ctgov study.json [--out FILE]`.
 *
 * Source: task brief (CLI); packages/cli/src/command.ts; core protocol/parse-protocol.ts and ctgov-import.ts.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { importCtgovStudy, parseProtocol } from '@celltrial/core'
import { formatIssues } from '@celltrial/core'
import { DataError, EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.js'

async function readJson(io: CliIo, file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(resolve(io.cwd, file), 'utf8'))
  } catch (e) {
    throw new DataError(`${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

const VALIDATE_HELP = `Usage: celltrial protocol validate FILE

Validate a protocol JSON file against the protocol schema. Prints every schema error with its path;
exit 1 if the file is invalid.
`

const IMPORT_HELP = `Usage: celltrial protocol import-ctgov STUDY.json [--out FILE]

Read a ClinicalTrials.gov API v2 study record and write a draft protocol: identification, status, design,
arms/interventions, outcome measures with time frames, age/sex limits as computable criteria and the
free-text eligibility split into numbered criteria marked needs-encoding. Prints the draft (or writes it to
--out) and lists the points to review on stderr.
`

export const commands: Command[] = [
  {
    name: 'protocol validate',
    summary: 'validate a protocol file (every schema error with its path)',
    help: VALIDATE_HELP,
    async run(argv: string[], io: CliIo): Promise<number> {
      const { positionals } = parseFlags(argv, {}, { positionals: true })
      if (positionals.length !== 1) throw new UsageError('expected exactly one FILE')
      const file = positionals[0] as string
      const r = parseProtocol(await readJson(io, file))
      if (!r.ok) {
        io.stderr(`${file}: ${r.issues.length} error(s)\n${formatIssues(r.issues)}\n`)
        return EXIT.dataError
      }
      const p = r.value
      io.stdout(
        `${file}: valid protocol ${p.identification.registryId} version ${p.version.number} (${p.eligibility.length} criteria)\n`,
      )
      return EXIT.ok
    },
  },
  {
    name: 'protocol import-ctgov',
    summary: 'draft a protocol from a ClinicalTrials.gov API v2 study record',
    help: IMPORT_HELP,
    async run(argv: string[], io: CliIo): Promise<number> {
      const { values, positionals } = parseFlags(argv, { out: { type: 'string' } }, { positionals: true })
      if (positionals.length !== 1) throw new UsageError('expected exactly one STUDY.json')
      const file = positionals[0] as string
      const r = importCtgovStudy(await readJson(io, file), { asOf: today() })
      if (!r.ok) throw new DataError(`${file}: not a usable API v2 study record\n${formatIssues(r.issues)}`)
      const text = JSON.stringify(r.value, null, 2) + '\n'
      if (values.out) {
        await writeFile(resolve(io.cwd, values.out), text, 'utf8')
        io.stdout(`wrote draft protocol ${r.value.identification.registryId} to ${values.out}\n`)
      } else io.stdout(text)
      if (r.value.reviewList.length > 0)
        io.stderr(`To review:\n${r.value.reviewList.map((x) => `  - ${x}`).join('\n')}\n`)
      return EXIT.ok
    },
  },
]
