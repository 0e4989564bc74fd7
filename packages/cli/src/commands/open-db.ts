import type { Db } from '@celltrial/server'
import type { CliIo } from '../command.js'
import { serverApi } from './server-api.js'
import { configFrom } from './server-config.js'

/** Open (and migrate) the database named by the flags or the environment. */
export async function openConfiguredDbForCli(io: CliIo, values: { 'data-dir'?: string; 'database-url'?: string }): Promise<Db> {
  const { openConfiguredDb } = await serverApi()
  const config = await configFrom(io, { CELLTRIAL_DATA_DIR: values['data-dir'], DATABASE_URL: values['database-url'] })
  return openConfiguredDb(config)
}
