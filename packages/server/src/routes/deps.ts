import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AppDeps } from '../context.js'
import type { SessionPolicy } from '../auth/sessions.js'

/** AppDeps with its defaults filled in by buildApp. */
export type Deps = AppDeps & { clock: () => Date; protocolCount: () => Promise<number>; session: SessionPolicy }

/** A route module: registered by buildApp, typed through zod. */
export type RoutePlugin = (app: FastifyInstance) => Promise<void>
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>()
