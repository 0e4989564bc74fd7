import { openConfiguredDb, type Db } from '@celltrial/server'
import type { CliIo } from '../command.js'
import { configFrom } from './server-config.js'

/** Open (and migrate) the database named by the flags or the environment. */
export function openConfiguredDbForCli(io: CliIo, values: { 'data-dir'?: string; 'database-url'?: string }): Promise<Db> {
  const config = configFrom(io, { CELLTRIAL_DATA_DIR: values['data-dir'], DATABASE_URL: values['database-url'] })
  return openConfiguredDb(config)
}
