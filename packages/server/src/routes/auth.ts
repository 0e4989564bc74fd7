import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { checkCredentials, DEFAULT_LOCKOUT } from '../auth/login.js'
import { endSession, SESSION_COOKIE, startSession } from '../auth/sessions.js'
import { createRateLimiter } from '../auth/rate-limit.js'
import { completeSetup, countUsers } from '../users/accounts.js'
import { loadPrincipal } from '../users/principal.js'
import { AppError } from '../errors.js'
import { repoFor } from '../context.js'
import { confirmTotp, resetTotp, startTotpEnrolment, totpStatus } from '../auth/totp-enrolment.js'

const Me = z.object({
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  siteIds: z.array(z.number()),
  csrfToken: z.string(),
})

/** Login (with the optional TOTP second factor), logout, the current user, first-run setup, TOTP enrolment. */
export const authRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const limiter = createRateLimiter({ limit: deps.loginRateLimit ?? 20, windowMs: 60_000 })
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies ?? false }

  r.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        body: z.object({
          username: z.string().min(1).max(64),
          password: z.string().min(1).max(256),
          /** the 6-digit authenticator code, for accounts with a second factor */
          totpCode: z.string().max(16).optional(),
        }),
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      if (!limiter.take(req.ip, deps.clock().getTime())) throw new AppError('rate_limited', 'too many login attempts; wait a minute')
      const now = deps.clock()
      const userId = await checkCredentials(deps.db.kysely, now, req.body.username, req.body.password, deps.lockout ?? DEFAULT_LOCKOUT, {
        totpCode: req.body.totpCode,
        totpKey: deps.totpKey,
      })
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

  // ---- TOTP second factor (RFC 6238) ----
  const totpTags = ['auth']
  r.get(
    '/api/auth/totp',
    { config: { access: 'user' }, schema: { tags: totpTags, response: { 200: z.object({ enabled: z.boolean(), pending: z.boolean() }) } } },
    async (req) => totpStatus(repoFor(req, deps)),
  )
  r.post(
    '/api/auth/totp/enrol',
    { config: { access: 'user' }, schema: { tags: totpTags, response: { 200: z.object({ secret: z.string(), uri: z.string() }) } } },
    async (req, reply) => {
      // the secret is in this response only: keep it out of caches
      reply.header('cache-control', 'no-store')
      return startTotpEnrolment(repoFor(req, deps), deps.totpKey)
    },
  )
  r.post(
    '/api/auth/totp/confirm',
    {
      config: { access: 'user' },
      schema: { tags: totpTags, body: z.object({ code: z.string().trim().min(1).max(16) }), response: { 200: z.object({ enabled: z.literal(true) }) } },
    },
    async (req) => confirmTotp(repoFor(req, deps), deps.totpKey, req.body.code),
  )
  r.post(
    '/api/users/:id/totp/reset',
    {
      config: { access: 'user', action: 'user.manage' },
      schema: {
        tags: ['admin'],
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        body: z.object({ reason: z.string().trim().min(1).max(1000) }),
        response: { 200: z.object({ reset: z.literal(true) }) },
      },
    },
    async (req) => resetTotp(repoFor(req, deps), req.params.id, req.body.reason),
  )
}
