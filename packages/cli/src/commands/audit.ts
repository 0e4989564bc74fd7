import { openConfiguredDbForCli } from './open-db.js'
import { EXIT, parseFlags, type Command } from '../command.js'
import { serverApi } from './server-api.js'
import { DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'

export const auditVerify: Command = {
  name: 'audit verify',
  summary: 'recompute the audit trail hash chain and name the first broken record',
  help: `Usage: celltrial audit verify [--json] [--data-dir DIR | --database-url URL]

Recomputes the SHA-256 hash of every audit record and its link to the previous one.
Exit 0 when the chain is intact, 1 when a record was altered, removed or inserted.
  --json                print the verdict as JSON
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...DB_FLAGS, json: { type: 'boolean' } })
    const { verifyAuditChain } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    try {
      const verdict = await verifyAuditChain(db.kysely)
      if (values.json) io.stdout(JSON.stringify(verdict) + '\n')
      else if (verdict.ok) io.stdout(`Audit chain intact: ${verdict.checked} records verified.\n`)
      else io.stdout(`Audit chain BROKEN at record ${verdict.firstBroken!.id}: ${verdict.firstBroken!.reason} (${verdict.checked} records verified before it).\n`)
      return verdict.ok ? EXIT.ok : EXIT.dataError
    } finally {
      await db.close()
    }
  },
}
