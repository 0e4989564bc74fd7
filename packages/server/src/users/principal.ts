import type { Kysely } from 'kysely'
import { isRole, type Principal } from '@celltrial/core'
import type { Database } from '../db/schema.js'

/** A logged-in user as the policy and the UI see them. */
export interface SessionUser extends Principal {
  displayName: string
}

/** Load roles and site memberships of a user; undefined when the user does not exist or is disabled. */
export async function loadPrincipal(db: Kysely<Database>, userId: number): Promise<SessionUser | undefined> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user || user.disabled_at) return undefined
  const roles = await db.selectFrom('user_role').select('role').where('user_id', '=', userId).orderBy('role').execute()
  const sites = await db.selectFrom('site_membership').select('site_id').where('user_id', '=', userId).orderBy('site_id').execute()
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: roles.map((r) => r.role).filter(isRole),
    siteIds: sites.map((s) => s.site_id),
  }
}
