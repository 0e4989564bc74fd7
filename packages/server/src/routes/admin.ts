import { z } from 'zod'
import { ROLES } from '@celltrial/core'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { inviteUser, listSites, listUsers } from '../repo/admin.js'

/** User administration and the site list. */
export const adminRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  r.get('/api/users', { config: { access: 'user' }, schema: { tags: ['admin'] } }, async (req) => listUsers(repoFor(req, deps)))
  r.post(
    '/api/users',
    {
      config: { access: 'user', action: 'user.manage' },
      schema: {
        tags: ['admin'],
        body: z.object({
          username: z.string().min(3).max(64),
          displayName: z.string().min(1).max(200),
          roles: z.array(z.enum(ROLES)).min(1),
          siteIds: z.array(z.number().int().positive().max(2_147_483_647)).default([]),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await inviteUser(repoFor(req, deps), req.body)),
  )
  r.get('/api/sites', { config: { access: 'user' }, schema: { tags: ['admin'] } }, async (req) => listSites(repoFor(req, deps)))
}
