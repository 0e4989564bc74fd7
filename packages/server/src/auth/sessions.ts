import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { newToken, tokenHash } from './tokens.js'
import { loadPrincipal, type SessionUser } from '../users/principal.js'

export const SESSION_COOKIE = 'celltrial_session'

export interface SessionPolicy {
  /** a session unused this long ends (minutes) */
  idleMinutes: number
  /** a session ends this long after login whatever its use (hours) */
  absoluteHours: number
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 }

export async function startSession(db: Kysely<Database>, userId: number, now: Date) {
  const token = newToken()
  const csrfToken = newToken()
  await db
    .insertInto('user_session')
    .values({ token_hash: tokenHash(token), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString(), ended_at: null })
    .execute()
  return { token, csrfToken }
}

export interface ActiveSession {
  user: SessionUser
  csrfToken: string
  tokenHash: string
}

/** Resolve a session cookie to its user; ends sessions past the idle or absolute limit. */
export async function resumeSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<ActiveSession | undefined> {
  const hash = tokenHash(token)
  const s = await db.selectFrom('user_session').selectAll().where('token_hash', '=', hash).executeTakeFirst()
  if (!s || s.ended_at) return undefined
  const idleMs = now.getTime() - Date.parse(s.last_seen_at)
  const ageMs = now.getTime() - Date.parse(s.created_at)
  if (idleMs > policy.idleMinutes * 60_000 || ageMs > policy.absoluteHours * 3600_000) {
    await endSession(db, hash, now)
    return undefined
  }
  const user = await loadPrincipal(db, s.user_id)
  if (!user) return undefined
  // one write a minute at most keeps reads cheap
  if (idleMs > 60_000) await db.updateTable('user_session').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', hash).execute()
  return { user, csrfToken: s.csrf_token, tokenHash: hash }
}

export async function endSession(db: Kysely<Database>, hash: string, now: Date) {
  await db.updateTable('user_session').set({ ended_at: now.toISOString() }).where('token_hash', '=', hash).where('ended_at', 'is', null).execute()
}
