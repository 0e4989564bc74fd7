/**
 * `celltrial screen --subject patient.json [--protocol ID] [--as-of YYYY-MM-DD] [--json]`: pre-screen one
 * candidate against the seed trials (or one of them) and print the ranked table or JSON.
 *
 * Source: task brief (CLI); packages/cli/src/command.ts (contract); core eligibility/prescreen.ts.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { findProtocol, loadSeedProtocols } from '@celltrial/protocols'
import {
  parseScreeningProfile,
  prescreen,
  type ScreeningResult,
} from '@celltrial/core'
import { isIsoDate } from '@celltrial/core'
import { formatIssues } from '@celltrial/core'
import { DataError, EXIT, UsageError, parseFlags, type CliIo, type Command } from '../command.js'

const HELP = `Usage: celltrial screen --subject FILE [--protocol NCT_ID] [--as-of YYYY-MM-DD] [--json]

Pre-screen a candidate (screening profile JSON) against the seed protocols, most promising first:
eligible, then incomplete (fewest missing data), then ineligible (fewest unmet criteria).

  --subject FILE     screening profile (packages/core/src/eligibility/profile-schema.ts)
  --protocol ID      screen against this registry id only
  --as-of DATE       screening date (default: today in the local time zone)
  --json             print the full results as JSON
`

function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** The pre-screen table: one row per trial, then unmet criteria, missing data and pending attestations. */
export function formatScreeningTable(results: readonly ScreeningResult[]): string {
  const lines = ['Rank  Trial        Verdict     Unmet  Missing  Attest.  Title']
  results.forEach((r, i) => {
    lines.push(
      `${String(i + 1).padEnd(6)}${r.protocolId.padEnd(13)}${r.verdict.padEnd(12)}${String(r.unmet.length).padEnd(7)}${String(r.missing.length).padEnd(9)}${String(r.pendingAttestations.length).padEnd(9)}${r.briefTitle}`,
    )
  })
  for (const r of results) {
    lines.push('', `${r.protocolId} (version ${r.protocolVersion}, as of ${r.asOf}): ${r.verdict}`)
    for (const c of r.criteria.filter((c) => c.status === 'not met'))
      lines.push(`  not met            ${c.id}: ${c.text}`)
    for (const m of r.missing) lines.push(`  missing data       ${m}`)
    for (const c of r.criteria.filter((c) => c.status === 'needs attestation'))
      lines.push(`  needs attestation  ${c.id}: ${c.text}`)
  }
  return lines.join('\n') + '\n'
}

export const commands: Command[] = [
  {
    name: 'screen',
    summary: 'pre-screen a candidate against the seed trials',
    help: HELP,
    async run(argv: string[], io: CliIo): Promise<number> {
      const { values } = parseFlags(argv, {
        subject: { type: 'string' },
        protocol: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean' },
      })
      if (!values.subject) throw new UsageError('--subject is required')
      const asOf = values['as-of'] ?? today()
      if (!isIsoDate(asOf))
        throw new UsageError(`--as-of must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`)
      const path = resolve(io.cwd, values.subject)
      let json: unknown
      try {
        json = JSON.parse(await readFile(path, 'utf8'))
      } catch (e) {
        throw new DataError(`${values.subject}: ${e instanceof Error ? e.message : String(e)}`)
      }
      const profile = parseScreeningProfile(json)
      if (!profile.ok)
        throw new DataError(`${values.subject}: invalid screening profile\n${formatIssues(profile.issues)}`)
      let protocols = loadSeedProtocols()
      if (values.protocol) {
        const p = findProtocol(values.protocol)
        if (!p)
          throw new UsageError(
            `unknown protocol ${JSON.stringify(values.protocol)}; known: ${protocols.map((x) => x.identification.registryId).join(', ')}`,
          )
        protocols = [p]
      }
      const results = prescreen(profile.value, protocols, { asOf })
      io.stdout(values.json ? JSON.stringify(results, null, 2) + '\n' : formatScreeningTable(results))
      return EXIT.ok
    },
  },
]
