import type { ServerConfig } from '@celltrial/server'
import { UsageError, type CliIo } from '../command.js'
import { serverApi } from './server-api.js'

/** Flags shared by the commands that open the database; they override the environment. */
export const DB_FLAGS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const

export const DB_FLAGS_HELP = `  --data-dir DIR        embedded database directory (env CELLTRIAL_DATA_DIR, default ./data)
  --database-url URL    PostgreSQL server instead of the embedded database (env DATABASE_URL)`

/** Server configuration from the environment, overridden by flags; a bad value is a usage error. */
export async function configFrom(io: CliIo, overrides: Record<string, string | undefined>): Promise<ServerConfig> {
  const { readConfig } = await serverApi()
  const env = { ...io.env }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = v
  try {
    return readConfig(env, io.cwd)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}
