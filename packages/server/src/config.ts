import { z } from 'zod'
import { resolve } from 'node:path'
import { AppError } from './errors.js'
import { parseTotpKey, type TotpKey } from './auth/totp-secret.js'

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  CELLTRIAL_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** a fixed first-run setup token (automated deployments and browser tests); random when unset */
  CELLTRIAL_SETUP_TOKEN: z.string().min(16, 'must have at least 16 characters').optional(),
  /** embedded mode: minutes between data-directory snapshots (0 = only at shutdown) */
  CELLTRIAL_SNAPSHOT_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** embedded mode: minutes between VACUUM (ANALYZE) runs, each at a pause in the requests (0 = never); PGlite has no autovacuum */
  CELLTRIAL_VACUUM_MINUTES: z.coerce.number().int().min(0).max(10_080).default(10),
  /** the built web app to serve (default: packages/web/dist) */
  CELLTRIAL_WEB_DIR: z.string().min(1).optional(),
  /** 32 bytes (64 hex digits or base64) that encrypt users' TOTP secrets at rest; unset: stored in clear */
  CELLTRIAL_TOTP_KEY: z
    .string()
    .refine((v) => {
      try {
        parseTotpKey(v)
        return true
      } catch {
        return false
      }
    }, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  /** server processes sharing the port (cluster.ts); more than 1 needs a PostgreSQL server */
  CELLTRIAL_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  CELLTRIAL_LOG: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
})

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  setupToken: string | undefined
  logLevel: string
  snapshotMinutes: number
  vacuumMinutes: number
  webDir: string | undefined
  /** encrypts TOTP secrets at rest (CELLTRIAL_TOTP_KEY) */
  totpKey: TotpKey | undefined
  /** server processes sharing the port (CELLTRIAL_WORKERS); 1 = this process serves */
  workers: number
}

/**
 * Read and validate the configuration from the environment.
 * @throws AppError `config_invalid` naming every bad variable and its value
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): ServerConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => {
      const name = String(i.path[0])
      return { path: name, message: `${name}=${JSON.stringify(env[name])}: ${i.message}` }
    })
    throw new AppError('config_invalid', `invalid configuration:\n  ${details.map((d) => d.message).join('\n  ')}`, details)
  }
  const e = parsed.data
  if (e.CELLTRIAL_WORKERS > 1 && !e.DATABASE_URL) {
    const message = `CELLTRIAL_WORKERS=${JSON.stringify(env.CELLTRIAL_WORKERS)}: several server processes need a PostgreSQL server (DATABASE_URL); the embedded database belongs to one process`
    throw new AppError('config_invalid', `invalid configuration:\n  ${message}`, [{ path: 'CELLTRIAL_WORKERS', message }])
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.CELLTRIAL_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    setupToken: e.CELLTRIAL_SETUP_TOKEN,
    logLevel: e.CELLTRIAL_LOG,
    snapshotMinutes: e.CELLTRIAL_SNAPSHOT_MINUTES,
    vacuumMinutes: e.CELLTRIAL_VACUUM_MINUTES,
    webDir: e.CELLTRIAL_WEB_DIR === undefined ? undefined : resolve(cwd, e.CELLTRIAL_WEB_DIR),
    totpKey: e.CELLTRIAL_TOTP_KEY === undefined ? undefined : parseTotpKey(e.CELLTRIAL_TOTP_KEY),
    workers: e.CELLTRIAL_WORKERS,
  }
}
