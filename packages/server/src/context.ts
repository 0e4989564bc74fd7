import type { FastifyRequest } from 'fastify'
import type { Db } from './db/connect.js'
import type { ActiveSession, SessionPolicy } from './auth/sessions.js'
import type { LockoutPolicy } from './auth/login.js'
import type { RouteGuard } from './auth/route-guard.js'
import { ScopedRepo } from './repo/scoped-repo.js'
import { AppError } from './errors.js'

/** Everything the app needs from outside: passed in, so tests control the database and the clock. */
export interface AppDeps {
  db: Db
  clock?: () => Date
  /** number of protocols loaded (reported by /api/health) */
  protocolCount?: () => Promise<number>
  /** directory of the built web app; omitted: API only */
  webDir?: string
  logger?: boolean | object
  /** send cookies with `Secure` (behind HTTPS) */
  secureCookies?: boolean
  session?: SessionPolicy
  lockout?: LockoutPolicy
  /** login attempts per client address per minute */
  loginRateLimit?: number
  /** encrypts TOTP secrets at rest; unset: they are stored in clear (SECURITY.md) */
  totpKey?: Buffer
}

/** Who may call a route: everyone, any logged-in user (checked further by the repository). */
export type RouteAccess = 'public' | 'user'

declare module 'fastify' {
  interface FastifyRequest {
    session?: ActiveSession
  }
  interface FastifyContextConfig extends RouteGuard {
    access?: RouteAccess
  }
}

/** The caller's repository; `unauthenticated` when there is no valid session. */
export function repoFor(req: FastifyRequest, deps: Required<Pick<AppDeps, 'db' | 'clock'>>): ScopedRepo {
  if (!req.session) throw new AppError('unauthenticated', 'log in first')
  return new ScopedRepo(deps.db.kysely, req.session.user, deps.clock)
}
