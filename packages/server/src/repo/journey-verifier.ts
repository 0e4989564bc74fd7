import type { Kysely } from 'kysely'
import type { Role } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { checkCredentials, type LockoutPolicy } from '../auth/login.js'
import type { TotpKey } from '../auth/totp-secret.js'
import { loadPrincipal, type SessionUser } from '../users/principal.js'
import { AppError } from '../errors.js'

/**
 * The second person of the bedside two-person identity check (regimen-and-dosing.md §5 Infusion: "bedside
 * two-person identity verification (patient <-> bag label <-> COI)"; §5.1 COI "verification events (who, when,
 * result)"). The second verifier is not a typed name: they authenticate with their own username and password
 * in the same request, so "who" is a real, distinct, accountable user.
 */

/** Roles that take part in patient care at their sites (they enter subject data there): the clinical roles. */
export const BEDSIDE_VERIFIER_ROLES: readonly Role[] = ['investigator', 'coordinator']

export interface SecondVerifierCredentials {
  username: string
  password: string
  /** the 6-digit authenticator code, when the second verifier's account has the TOTP second factor */
  totpCode?: string | undefined
}

/**
 * Authenticate the second verifier and check they may verify at the subject's site: another active user than
 * the logged-in one, holding a clinical role (investigator or coordinator) as a member of that site.
 * The password (and the TOTP code, for accounts with that second factor) is checked by the login code (argon2id),
 * so a wrong password counts toward that account's lockout exactly as a failed login does, and a locked account is
 * refused. The password is checked before the
 * role, so nothing about an account is revealed to someone who does not know its password.
 * Runs outside any transaction (a failed attempt must be counted even though the verification is refused).
 * @throws AppError `validation_failed` when the second verifier is the logged-in user, `invalid_credentials` (401)
 *   for a wrong username, password or TOTP code, `totp_required` (401) when the account's TOTP code is missing, `account_locked` (423), `forbidden` (403) without a clinical role at the site
 */
export async function authenticateSecondVerifier(
  db: Kysely<Database>,
  now: Date,
  credentials: SecondVerifierCredentials,
  ctx: { firstVerifier: SessionUser; siteId: number; siteCode: string; lockout: LockoutPolicy; totpKey?: TotpKey | undefined },
): Promise<SessionUser> {
  const username = credentials.username.trim()
  const path = 'secondVerifier.username'
  if (username === ctx.firstVerifier.username)
    throw new AppError('validation_failed', `the second verifier must be another person than the logged-in user ${ctx.firstVerifier.username}`, [{ path, message: 'same person as the first verifier' }])
  let userId: number
  try {
    userId = await checkCredentials(db, now, username, credentials.password, ctx.lockout, { totpCode: credentials.totpCode, totpKey: ctx.totpKey, successAction: 'second_verifier_authenticated' })
  } catch (e) {
    if (e instanceof AppError && e.code === 'invalid_credentials' && e.details.some((d) => d.path === 'totpCode'))
      throw new AppError('invalid_credentials', `second verifier ${username}: wrong or already used authentication code`, [{ path: 'secondVerifier.totpCode', message: 'wrong or already used' }])
    if (e instanceof AppError && e.code === 'invalid_credentials')
      throw new AppError('invalid_credentials', 'second verifier: wrong username or password', [{ path: 'secondVerifier.password', message: 'wrong username or password' }])
    if (e instanceof AppError && e.code === 'totp_required')
      throw new AppError('totp_required', `second verifier ${username}: the account needs the 6-digit code from its authenticator app`, [{ path: 'secondVerifier.totpCode', message: 'required' }])
    if (e instanceof AppError && e.code === 'account_locked') throw new AppError('account_locked', `second verifier ${username}: ${e.message}`, [{ path, message: 'account locked' }])
    throw e
  }
  const verifier = await loadPrincipal(db, userId)
  if (!verifier) throw new AppError('invalid_credentials', 'second verifier: wrong username or password', [{ path: 'secondVerifier.password', message: 'wrong username or password' }])
  if (verifier.userId === ctx.firstVerifier.userId)
    throw new AppError('validation_failed', `the second verifier must be another person than the logged-in user ${ctx.firstVerifier.username}`, [{ path, message: 'same person as the first verifier' }])
  const clinical = verifier.roles.some((r) => BEDSIDE_VERIFIER_ROLES.includes(r))
  if (!clinical || !verifier.siteIds.includes(ctx.siteId))
    throw new AppError('forbidden', `second verifier ${username} has no clinical role (${BEDSIDE_VERIFIER_ROLES.join(' or ')}) at site ${ctx.siteCode}`, [{ path, message: 'no clinical role at this site' }])
  return verifier
}
