import type { ScopedRepo } from '../repo/scoped-repo.js'
import { AppError, notFound } from '../errors.js'
import { base32Encode, newTotpSecret, otpauthUri, verifyTotp } from './totp.js'
import { openTotpSecret, sealTotpSecret, type TotpKey } from './totp-secret.js'

/** Whether the caller has a TOTP second factor; never the secret. */
export async function totpStatus(repo: ScopedRepo): Promise<{ enabled: boolean; pending: boolean }> {
  const row = await repo.db
    .selectFrom('user_totp')
    .select(['enabled_at'])
    .where('user_id', '=', repo.who.userId)
    .executeTakeFirst()
  return { enabled: Boolean(row?.enabled_at), pending: row !== undefined && !row.enabled_at }
}

/**
 * Start (or restart) the caller's enrolment: a new secret, returned this once as base32 and as an
 * otpauth:// URI. Login is unchanged until `confirmTotp` sees a valid code.
 * @throws AppError `conflict` when a second factor is already enabled (an admin resets it first)
 */
export async function startTotpEnrolment(
  repo: ScopedRepo,
  key: TotpKey | undefined,
): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret()
  const userId = repo.who.userId
  await repo.write(async (tx, audit) => {
    const existing = await tx
      .selectFrom('user_totp')
      .select('enabled_at')
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst()
    if (existing?.enabled_at)
      throw new AppError(
        'conflict',
        'a second factor is already enabled for this account; an administrator can reset it',
      )
    const sealed = sealTotpSecret(secret, userId, key)
    const now = repo.clock().toISOString()
    await tx
      .insertInto('user_totp')
      .values({ user_id: userId, secret: sealed, created_at: now, enabled_at: null, last_used_step: null })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet({ secret: sealed, created_at: now, enabled_at: null, last_used_step: null }),
      )
      .execute()
    // the audit record says that an enrolment started, never the secret
    await audit({ action: 'totp_enrolment_started', entity: 'user', entityId: userId })
  })
  return {
    secret: base32Encode(secret, { padding: false }),
    uri: otpauthUri({ secret, account: repo.who.username }),
  }
}

/**
 * Finish the enrolment with a code from the authenticator app; from then on login asks for a code.
 * The step of this code counts as used.
 * @throws AppError `validation_failed` (path `code`) for a wrong code, `conflict` when nothing is pending
 */
export async function confirmTotp(
  repo: ScopedRepo,
  key: TotpKey | undefined,
  code: string,
): Promise<{ enabled: true }> {
  const userId = repo.who.userId
  return repo.write(async (tx, audit) => {
    const row = await tx
      .selectFrom('user_totp')
      .selectAll()
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new AppError('conflict', 'no enrolment is pending: start one first')
    if (row.enabled_at)
      throw new AppError('conflict', 'the second factor is already enabled for this account')
    const step = verifyTotp(openTotpSecret(row.secret, userId, key), code, repo.clock().getTime())
    if (step === undefined)
      throw new AppError('validation_failed', 'the code does not match', [
        { path: 'code', message: 'wrong code: check the time on the device' },
      ])
    const now = repo.clock().toISOString()
    await tx
      .updateTable('user_totp')
      .set({ enabled_at: now, last_used_step: step })
      .where('user_id', '=', userId)
      .execute()
    await audit({ action: 'totp_enabled', entity: 'user', entityId: userId })
    return { enabled: true as const }
  })
}

/**
 * An administrator removes a user's second factor (lost phone); the user logs in with the password
 * alone until they enrol again. Audited with the reason.
 * @throws AppError `forbidden` for non-admins, `not_found` for an unknown user or one without TOTP
 */
export async function resetTotp(repo: ScopedRepo, userId: number, reason: string): Promise<{ reset: true }> {
  repo.require('user.manage', undefined, "reset another user's second factor")
  return repo.write(async (tx, audit) => {
    const user = await tx
      .selectFrom('app_user')
      .select(['id', 'username'])
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!user) throw notFound(`user ${userId}`)
    const removed = await tx
      .deleteFrom('user_totp')
      .where('user_id', '=', userId)
      .returning(['enabled_at'])
      .executeTakeFirst()
    if (!removed) throw notFound(`second factor of user ${user.username}`)
    await audit({
      action: 'totp_reset',
      entity: 'user',
      entityId: userId,
      oldValue: { totpEnabled: removed.enabled_at !== null },
      newValue: { totpEnabled: false },
      reason,
    })
    return { reset: true as const }
  })
}
