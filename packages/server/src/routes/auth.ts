import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { checkCredentials, DEFAULT_LOCKOUT } from '../auth/login.js'
import { endSession, SESSION_COOKIE, startSession } from '../auth/sessions.js'
import { createRateLimiter } from '../auth/rate-limit.js'
import { completeSetup, countUsers } from '../users/accounts.js'
import { loadPrincipal } from '../users/principal.js'
import { AppError } from '../errors.js'

const Me = z.object({
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  siteIds: z.array(z.number()),
  csrfToken: z.string(),
})

/** Login, logout, the current user, and first-run setup. */
export const authRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const limiter = createRateLimiter({ limit: deps.loginRateLimit ?? 20, windowMs: 60_000 })
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies ?? false }

  r.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }), response: { 200: Me } },
    },
    async (req, reply) => {
      if (!limiter.take(req.ip, deps.clock().getTime())) throw new AppError('rate_limited', 'too many login attempts; wait a minute')
      const now = deps.clock()
      const userId = await checkCredentials(deps.db.kysely, now, req.body.username, req.body.password, deps.lockout ?? DEFAULT_LOCKOUT)
      const { token, csrfToken } = await startSession(deps.db.kysely, userId, now)
      const user = await loadPrincipal(deps.db.kysely, userId)
      if (!user) throw new AppError('invalid_credentials', 'wrong username or password')
      reply.setCookie(SESSION_COOKIE, token, cookieOptions)
      return { ...user, roles: [...user.roles], siteIds: [...user.siteIds], csrfToken }
    },
  )

  r.post('/api/auth/logout', { config: { access: 'user' }, schema: { tags: ['auth'] } }, async (req, reply) => {
    if (req.session) await endSession(deps.db.kysely, req.session.tokenHash, deps.clock())
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true }
  })

  r.get('/api/auth/me', { config: { access: 'user' }, schema: { tags: ['auth'], response: { 200: Me } } }, async (req) => {
    const s = req.session!
    return { ...s.user, roles: [...s.user.roles], siteIds: [...s.user.siteIds], csrfToken: s.csrfToken }
  })

  r.get(
    '/api/setup/status',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: z.object({ needsSetup: z.boolean() }) } } },
    async () => ({ needsSetup: (await countUsers(deps.db.kysely)) === 0 }),
  )

  r.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        body: z.object({
          token: z.string().min(10).max(200),
          username: z.string().max(64).optional(),
          displayName: z.string().max(200).optional(),
          password: z.string().max(256),
        }),
        response: { 200: z.object({ userId: z.number(), username: z.string() }) },
      },
    },
    async (req) => {
      if (!limiter.take(req.ip, deps.clock().getTime())) throw new AppError('rate_limited', 'too many attempts; wait a minute')
      return completeSetup(deps.db.kysely, deps.clock(), req.body)
    },
  )
}
