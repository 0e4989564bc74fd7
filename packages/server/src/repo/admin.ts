import type { Role } from '@celltrial/core'
import type { ScopedRepo } from './scoped-repo.js'
import { createUser } from '../users/accounts.js'
import { AppError } from '../errors.js'

/** Users and their roles and sites (admin only). */
export async function listUsers(repo: ScopedRepo) {
  repo.require('user.manage')
  const users = await repo.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'disabled_at', 'locked_until']).orderBy('username').execute()
  const roles = await repo.db.selectFrom('user_role').selectAll().execute()
  const sites = await repo.db.selectFrom('site_membership').selectAll().execute()
  return users.map((u) => ({
    ...u,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => r.role),
    siteIds: sites.filter((s) => s.user_id === u.id).map((s) => s.site_id),
  }))
}

/** Invite a user: returns the one-time token with which they set their password. */
export async function inviteUser(repo: ScopedRepo, input: { username: string; displayName: string; roles: Role[]; siteIds: number[] }) {
  repo.require('user.manage')
  return repo.write(async (tx) => {
    if (input.siteIds.length > 0) {
      const found = await tx.selectFrom('site').select('id').where('id', 'in', input.siteIds).execute()
      const missing = input.siteIds.filter((id) => !found.some((f) => f.id === id))
      if (missing.length > 0) throw new AppError('validation_failed', 'unknown site', [{ path: 'siteIds', message: `no site ${missing.join(', ')}` }])
    }
    return createUser(tx, { userId: repo.who.userId, name: repo.who.username }, repo.clock(), input)
  })
}

export async function listSites(repo: ScopedRepo) {
  repo.require('study.read')
  return repo.db.selectFrom('site').select(['id', 'code', 'name', 'city', 'country']).orderBy('code').execute()
}
