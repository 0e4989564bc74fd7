import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { EXIT, parseFlags, UsageError, type Command } from '../command.js'
import { DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'
import { openConfiguredDbForCli } from './open-db.js'
import { serverApi } from './server-api.js'

const backup: Command = {
  name: 'backup',
  summary: 'write a consistent backup of every table (either engine)',
  help: `Usage: celltrial backup --out FILE [--data-dir DIR | --database-url URL]

Writes every table, parents before children, read in one consistent transaction, to a JSON-lines
file (written under FILE.partial, fsync'd, then renamed). Works the same on the embedded database and
on PostgreSQL. For the embedded database, stop the server first (its data directory is locked).
  --out FILE            where to write the backup
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...DB_FLAGS, out: { type: 'string' } })
    if (!values.out) throw new UsageError('--out is required')
    const file = resolve(io.cwd, values.out)
    const { writeBackup } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    try {
      const counts = await writeBackup(db.kysely, file, { engine: db.engine, now: new Date() })
      const rows = Object.values(counts).reduce((a, b) => a + b, 0)
      io.stdout(`Backup written to ${file}: ${Object.keys(counts).length} tables, ${rows} rows.\n`)
      return EXIT.ok
    } finally {
      await db.close()
    }
  },
}

const restore: Command = {
  name: 'restore',
  summary: 'restore a backup into an empty database and verify its audit chain',
  help: `Usage: celltrial restore FILE [--data-dir DIR | --database-url URL]

Restores a file written by \`celltrial backup\` into an empty database (a new data directory or a new
PostgreSQL database), in one transaction: any error leaves the database as it was. Then recomputes the
audit trail's hash chain. Exit 1 when the file is damaged or the chain does not verify.
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, DB_FLAGS, { positionals: true })
    if (positionals.length !== 1) throw new UsageError('give exactly one backup FILE')
    const file = resolve(io.cwd, positionals[0]!)
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`)
    const { restoreBackup, verifyAuditChain } = await serverApi()
    const db = await openConfiguredDbForCli(io, values)
    try {
      const counts = await restoreBackup(db.kysely, file)
      const verdict = await verifyAuditChain(db.kysely)
      const rows = Object.values(counts).reduce((a, b) => a + b, 0)
      io.stdout(`Restored ${rows} rows in ${Object.keys(counts).length} tables from ${file}.\n`)
      if (!verdict.ok) {
        io.stdout(`Audit chain BROKEN at record ${verdict.firstBroken!.id}: ${verdict.firstBroken!.reason}\n`)
        return EXIT.dataError
      }
      io.stdout(`Audit chain intact: ${verdict.checked} records verified.\n`)
      return EXIT.ok
    } finally {
      await db.close()
    }
  },
}

export const commands: Command[] = [backup, restore]
