import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { AppError, type ErrorCode } from './errors.js'
import type { AppDeps } from './context.js'
import { SESSION_COOKIE, DEFAULT_SESSION_POLICY, resumeSession } from './auth/sessions.js'
import { checkPathId, checkRouteGuard, type RouteGuard } from './auth/route-guard.js'
import { unstorableText } from './http/unstorable-text.js'
import { routeModules } from './routes/index.js'

export type App = FastifyInstance

/** One API route as registered: for the route-by-route access matrix test. */
export interface RouteEntry {
  method: string
  url: string
  access: string
  /** config.action and config.target (auth/route-guard.ts), when the route declares them */
  guard: RouteGuard
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[]
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Error codes for Fastify's own 4xx errors (body parsing, routing); others are `bad_request`. */
const CLIENT_ERROR_CODES: Partial<Record<number, ErrorCode>> = { 404: 'not_found', 413: 'payload_too_large', 414: 'uri_too_long', 415: 'unsupported_media_type' }

/**
 * Build the HTTP application without listening (tested in-process with `inject`; cf. Fastify's
 * Testing guide). Every `/api` route declares `config.access`; a route without it is refused at start.
 */
export async function buildApp(input: AppDeps): Promise<App> {
  const deps = { clock: () => new Date(), protocolCount: async () => 0, session: DEFAULT_SESSION_POLICY, ...input }
  const app = Fastify({
    logger: deps.logger ?? false,
    // one access-log line per request (below), not Fastify's two ("incoming request", "request completed"):
    // writing and serialising log lines was ~13% of a request's CPU on the embedded engine (bench/load)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // errors the router raises before any hook (a path parameter over 100 characters, bad percent-encoding):
    // the same JSON error shape as every other error
    frameworkErrors: (err, _req, res) => {
      const reply = res as FastifyReply
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is longer than 100 characters' : err.code === 'FST_ERR_BAD_URL' ? 'the URL is not validly percent-encoded' : 'the request URL is invalid'
      void reply.status(status).send({ error: { code: CLIENT_ERROR_CODES[status] ?? 'bad_request', message, details: [] } })
    },
  }).withTypeProvider<ZodTypeProvider>()
  // the API takes JSON only: a text/plain body (which a cross-site form can send) is refused with 415
  app.removeContentTypeParser('text/plain')
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  await app.register(cookie)

  await app.register(swagger, {
    openapi: { info: { title: 'CellTrial API', version: '0.1.0', description: 'Early-phase CAR-T / CAR-NK trials in ITP' } },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  const routeTable: RouteEntry[] = []
  app.decorate('routeTable', routeTable)
  if (deps.logger)
    app.addHook('onResponse', (req, reply, done) => {
      reply.log.info({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed')
      done()
    })
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return
    if (!route.config?.access) throw new Error(`route ${String(route.method)} ${route.url} declares no config.access`)
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url, access: route.config.access, guard: { action: route.config.action, target: route.config.target } })
  })

  // session, then CSRF for state-changing requests made with a session cookie; before validation, so an
  // anonymous caller learns nothing about a route's input
  app.addHook('preValidation', async (req) => {
    if (!req.url.startsWith('/api/')) return
    const token = req.cookies[SESSION_COOKIE]
    if (token) req.session = await resumeSession(deps.db.kysely, token, deps.clock(), deps.session)
    const access = req.routeOptions.config?.access
    if (access === 'user' && !req.session) throw new AppError('unauthenticated', 'log in first')
    if (req.session && UNSAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== req.session.csrfToken)
      throw new AppError('csrf_failed', 'missing or wrong X-CSRF-Token header')
    // a write route's declared actions (config.action at config.target's site), before its input is validated
    checkPathId(req.params)
    if (req.session && req.routeOptions.config) await checkRouteGuard(deps.db.kysely, req.session.user, req.routeOptions.config, { params: req.params, body: req.body })
    const unstorable = unstorableText({ body: req.body, params: req.params, query: req.query })
    if (unstorable.length > 0) throw new AppError('validation_failed', 'request contains text that cannot be stored', unstorable)
  })

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } })
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        // `/a/0/b` -> `body.a.0.b`; the whole body or query (`/` or empty) -> `body`
        const rest = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
        const context = err.validationContext ?? 'body'
        return { path: rest ? `${context}.${rest}` : context, message: v.message ?? 'invalid' }
      })
      return reply.status(400).send({ error: { code: 'validation_failed', message: 'request is invalid', details } })
    }
    const status = err.statusCode
    if (status && status >= 400 && status < 500) {
      const code = CLIENT_ERROR_CODES[status] ?? 'bad_request'
      const message = status === 415 ? `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not supported: send application/json` : err.message
      return reply.status(status).send({ error: { code, message, details: [] } })
    }
    req.log.error(err)
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error', details: [] } })
  })

  for (const routes of routeModules) await app.register(routes(deps))

  if (deps.webDir && existsSync(join(deps.webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.webDir, wildcard: false })
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html')
      return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}`, details: [] } })
    })
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}`, details: [] } }),
    )
  }
  return app
}
