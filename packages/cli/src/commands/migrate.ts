import { parseFlags, type Command } from '../command.js'
import { serverApi } from './server-api.js'
import { configFrom, DB_FLAGS, DB_FLAGS_HELP } from './server-config.js'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  help: `Usage: celltrial migrate [--data-dir DIR | --database-url URL]

Applies the numbered migrations not yet applied, in one transaction under a lock.
${DB_FLAGS_HELP}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, DB_FLAGS)
    const { migrate, openDb } = await serverApi()
    const config = await configFrom(io, { CELLTRIAL_DATA_DIR: values['data-dir'], DATABASE_URL: values['database-url'] })
    const db = await openDb(config.databaseUrl ? { engine: 'postgres', url: config.databaseUrl } : { engine: 'pglite', dataDir: config.dataDir })
    try {
      const applied = await migrate(db.kysely)
      io.stdout(applied.length === 0 ? 'Database is up to date.\n' : `Applied migrations: ${applied.join(', ')}\n`)
      return 0
    } finally {
      await db.close()
    }
  },
}
