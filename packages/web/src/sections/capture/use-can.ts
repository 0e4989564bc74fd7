import { canAccess, isRole, type Action } from '@celltrial/core'
import { useSession } from '../../session'

/**
 * What the logged-in user may do, from core's access policy (packages/core/src/access/roles.ts), the same
 * function the server enforces: the web hides what a role cannot do, the server stays the authority.
 */
export function useCan(): (action: Action, siteId?: number) => boolean {
  const { me } = useSession()
  return (action, siteId) =>
    me !== null && canAccess({ userId: me.userId, username: me.username, roles: me.roles.filter(isRole), siteIds: me.siteIds }, action, siteId)
}
