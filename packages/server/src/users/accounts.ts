import type { Kysely, Transaction } from 'kysely'
import { isRole, type Role } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { appendAudit } from '../audit/chain.js'
import { hashPassword, passwordProblem } from '../auth/passwords.js'
import { newToken, tokenHash } from '../auth/tokens.js'
import { AppError } from '../errors.js'

const SETUP_TTL_HOURS = 72
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/

type Tx = Transaction<Database> | Kysely<Database>

/** Who performs an account change, for the audit trail. */
export interface Actor {
  userId: number | null
  name: string
}

/** Accounts that are not disabled (the disabled `demo-data` account does not count). */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).where('disabled_at', 'is', null).executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * Issue a one-time setup token: for the first admin (`userId` null) or for an invited user to set
 * their password. Only the token's hash is stored; the token itself is returned once.
 */
export async function issueSetupToken(tx: Tx, now: Date, userId: number | null, token = newToken()): Promise<string> {
  await tx
    .insertInto('setup_token')
    .values({
      token_hash: tokenHash(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SETUP_TTL_HOURS * 3600_000).toISOString(),
      used_at: null,
    })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute()
  return token
}

/** On first start with no user at all: a token for the first admin, else undefined. */
export async function firstRunSetupToken(db: Kysely<Database>, now: Date, fixedToken?: string): Promise<string | undefined> {
  if ((await countUsers(db)) > 0) return undefined
  return issueSetupToken(db, now, null, fixedToken)
}

export interface NewUser {
  username: string
  displayName: string
  roles: Role[]
  siteIds: number[]
}

function checkNewUser(u: NewUser) {
  const problems: { path: string; message: string }[] = []
  if (!USERNAME.test(u.username))
    problems.push({ path: 'username', message: `must be 3-64 of a-z 0-9 . _ - starting with a letter or digit, got ${JSON.stringify(u.username)}` })
  if (u.displayName.trim().length === 0) problems.push({ path: 'displayName', message: 'must not be empty' })
  if (u.roles.length === 0) problems.push({ path: 'roles', message: 'at least one role is required' })
  for (const r of u.roles) if (!isRole(r)) problems.push({ path: 'roles', message: `unknown role ${JSON.stringify(r)}` })
  if (problems.length > 0) throw new AppError('validation_failed', 'invalid user', problems)
}

/** Create a user without a password, and the one-time token with which they set it. */
export async function createUser(tx: Transaction<Database>, actor: Actor, now: Date, u: NewUser) {
  checkNewUser(u)
  const exists = await tx.selectFrom('app_user').select('id').where('username', '=', u.username).executeTakeFirst()
  if (exists) throw new AppError('conflict', `username ${u.username} is taken`)
  const { id } = await tx
    .insertInto('app_user')
    .values({ username: u.username, display_name: u.displayName, password_hash: null, locked_until: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const role of u.roles) await tx.insertInto('user_role').values({ user_id: id, role }).execute()
  for (const siteId of u.siteIds) await tx.insertInto('site_membership').values({ user_id: id, site_id: siteId }).execute()
  await appendAudit(tx, now, {
    actorUserId: actor.userId,
    actor: actor.name,
    action: 'create',
    entity: 'user',
    entityId: id,
    newValue: { username: u.username, displayName: u.displayName, roles: u.roles, siteIds: u.siteIds },
  })
  const token = await issueSetupToken(tx, now, id)
  return { userId: id, setupToken: token }
}

export interface SetupInput {
  token: string
  username?: string
  displayName?: string
  password: string
}

/**
 * Redeem a setup token: create the first admin, or set an invited user's password.
 * The token is single-use and expires after 72 hours.
 */
export async function completeSetup(db: Kysely<Database>, now: Date, input: SetupInput): Promise<{ userId: number; username: string }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('setup_token')
      .selectAll()
      .where('token_hash', '=', tokenHash(input.token))
      .forUpdate()
      .executeTakeFirst()
    if (!row || row.used_at || row.expires_at < now.toISOString())
      throw new AppError('invalid_credentials', 'this setup link is invalid, used or expired')
    let userId: number
    let username: string
    if (row.user_id === null) {
      if ((await countUsers(tx)) > 0) throw new AppError('setup_done', 'the first administrator already exists')
      const created = await createUser(tx, { userId: null, name: 'setup' }, now, {
        username: input.username ?? '',
        displayName: input.displayName ?? '',
        roles: ['admin'],
        siteIds: [],
      })
      userId = created.userId
      username = input.username ?? ''
      // the invitation token createUser issued is not needed: this link sets the password now
      await tx.updateTable('setup_token').set({ used_at: now.toISOString() }).where('token_hash', '=', tokenHash(created.setupToken)).execute()
    } else {
      const user = await tx.selectFrom('app_user').select(['id', 'username']).where('id', '=', row.user_id).executeTakeFirstOrThrow()
      userId = user.id
      username = user.username
    }
    const problem = passwordProblem(input.password, username)
    if (problem) throw new AppError('validation_failed', problem, [{ path: 'password', message: problem }])
    await tx.updateTable('app_user').set({ password_hash: await hashPassword(input.password) }).where('id', '=', userId).execute()
    await tx.updateTable('setup_token').set({ used_at: now.toISOString() }).where('token_hash', '=', row.token_hash).execute()
    await appendAudit(tx, now, {
      actorUserId: userId,
      actor: username,
      action: 'set_password',
      entity: 'user',
      entityId: userId,
      reason: row.user_id === null ? 'first administrator created from the setup link' : 'password set from the invitation link',
    })
    return { userId, username }
  })
}
