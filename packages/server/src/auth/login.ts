import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { verifyPassword } from './passwords.js'
import { appendAudit } from '../audit/chain.js'
import { AppError } from '../errors.js'

export interface LockoutPolicy {
  /** consecutive failures that lock the account */
  maxFailures: number
  lockMinutes: number
}
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 }

/**
 * Check a username and password. Failures are counted per account and lock it for a while after
 * `maxFailures` in a row; every attempt is audited. The message never says which part was wrong.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  now: Date,
  username: string,
  password: string,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): Promise<number> {
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
  if (user?.locked_until && user.locked_until > now.toISOString())
    throw new AppError('account_locked', `account locked after repeated failed logins; try again after ${user.locked_until}`)
  const good = await verifyPassword(user?.password_hash ?? null, password)
  if (!user || !good || user.disabled_at) {
    if (user) {
      const failures = user.failed_logins + 1
      const lock = failures >= policy.maxFailures
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('app_user')
          .set({
            failed_logins: lock ? 0 : failures,
            locked_until: lock ? new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString() : user.locked_until,
          })
          .where('id', '=', user.id)
          .execute()
        await appendAudit(tx, now, {
          actorUserId: null,
          actor: username,
          action: lock ? 'login_failed_locked' : 'login_failed',
          entity: 'user',
          entityId: user.id,
        })
      })
    }
    throw new AppError('invalid_credentials', 'wrong username or password')
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute()
    await appendAudit(tx, now, { actorUserId: user.id, actor: user.username, action: 'login', entity: 'user', entityId: user.id })
  })
  return user.id
}
