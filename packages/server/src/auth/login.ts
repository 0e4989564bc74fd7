import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { verifyPassword } from './passwords.js'
import { appendAudit } from '../audit/chain.js'
import { AppError } from '../errors.js'
import { verifyTotp } from './totp.js'
import { openTotpSecret, type TotpKey } from './totp-secret.js'

export interface LockoutPolicy {
  /** consecutive failures that lock the account */
  maxFailures: number
  lockMinutes: number
}
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 }

/** The second factor, when the account has one: the code typed, and the key secrets are sealed with. */
export interface SecondFactor {
  totpCode?: string
  totpKey?: TotpKey
  /**
   * The audit action of a successful check: `login` when a session follows; a check that only confirms who is
   * present (the bedside second verifier) records what it was for instead, so the trail shows no login.
   */
  successAction?: 'login' | 'second_verifier_authenticated'
}

/**
 * Check a username and password, then the TOTP code when the account has enrolled one. Failures (a wrong
 * password or a wrong or replayed code) are counted per account and lock it for a while after
 * `maxFailures` in a row; every attempt is audited. The message never says whether the user exists.
 * A right password without a code answers `totp_required` (not a failure) so the client can ask for it.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  now: Date,
  username: string,
  password: string,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
  { totpCode, totpKey, successAction = 'login' }: SecondFactor = {},
): Promise<number> {
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
  if (user?.locked_until && user.locked_until > now.toISOString())
    throw new AppError('account_locked', `account locked after repeated failed logins; try again after ${user.locked_until}`)
  const good = await verifyPassword(user?.password_hash ?? null, password)
  if (!user || !good || user.disabled_at) {
    if (user) await recordFailure(db, now, user, policy, 'login_failed')
    throw new AppError('invalid_credentials', 'wrong username or password')
  }
  const totp = await db.selectFrom('user_totp').selectAll().where('user_id', '=', user.id).where('enabled_at', 'is not', null).executeTakeFirst()
  let usedStep: number | undefined
  if (totp) {
    if (!totpCode) throw new AppError('totp_required', 'this account needs the 6-digit code from its authenticator app', [{ path: 'totpCode', message: 'required' }])
    const secret = openTotpSecret(totp.secret, user.id, totpKey)
    usedStep = verifyTotp(secret, totpCode, now.getTime(), { lastUsedStep: totp.last_used_step === null ? null : Number(totp.last_used_step) })
    if (usedStep === undefined) {
      await recordFailure(db, now, user, policy, 'login_failed_totp')
      throw new AppError('invalid_credentials', 'wrong or already used authentication code', [{ path: 'totpCode', message: 'wrong or already used' }])
    }
  }
  await db.transaction().execute(async (tx) => {
    if (usedStep !== undefined) {
      // the step is claimed atomically: of two logins racing with the same code, one wins
      const claimed = await tx
        .updateTable('user_totp')
        .set({ last_used_step: usedStep })
        .where('user_id', '=', user.id)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', usedStep)]))
        .returning('user_id')
        .executeTakeFirst()
      if (!claimed) throw new AppError('invalid_credentials', 'wrong or already used authentication code', [{ path: 'totpCode', message: 'wrong or already used' }])
    }
    await tx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute()
    await appendAudit(tx, now, { actorUserId: user.id, actor: user.username, action: successAction, entity: 'user', entityId: user.id, newValue: usedStep === undefined ? null : { secondFactor: 'totp' } })
  })
  return user.id
}

/** Count one failed attempt; the `maxFailures`th in a row locks the account for `lockMinutes`. */
async function recordFailure(
  db: Kysely<Database>,
  now: Date,
  user: { id: number; username: string },
  policy: LockoutPolicy,
  action: 'login_failed' | 'login_failed_totp',
) {
  await db.transaction().execute(async (tx) => {
    // counted in the database (not from the row read before), so concurrent failures all count
    const { failed_logins: failures } = await tx
      .updateTable('app_user')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', user.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow()
    const lock = failures >= policy.maxFailures
    if (lock)
      await tx
        .updateTable('app_user')
        .set({ failed_logins: 0, locked_until: new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString() })
        .where('id', '=', user.id)
        .execute()
    await appendAudit(tx, now, {
      actorUserId: null,
      actor: user.username,
      action: lock ? `${action}_locked` : action,
      entity: 'user',
      entityId: user.id,
    })
  })
}
