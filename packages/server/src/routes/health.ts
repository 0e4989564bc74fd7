import { z } from 'zod'
import { sql } from 'kysely'
import { typed, type Deps, type RoutePlugin } from './deps.js'

/** GET /api/health: liveness and which engine is in use; no login. */
export const healthRoutes = (deps: Deps): RoutePlugin => async (app) => {
  typed(app).get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), protocols: z.number().int(), embedded: z.boolean() }) },
      },
    },
    async () => {
      await sql`select 1`.execute(deps.db.kysely)
      return { status: 'ok' as const, database: deps.db.engine, protocols: await deps.protocolCount(), embedded: deps.db.engine === 'pglite' }
    },
  )
}
