import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'

const Id = z.object({ id: z.coerce.number().int().positive() })

/** One subject, their lab results, and data entry of labs. */
export const subjectRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  r.get('/api/subjects/:id', { config: { access: 'user' }, schema: { tags: ['subjects'], params: Id } }, async (req) => {
    const repo = repoFor(req, deps)
    const subject = await repo.getSubject(req.params.id)
    const labs = await repo.listLabs(req.params.id)
    return { ...subject, labs }
  })

  r.post(
    '/api/subjects/:id/labs',
    {
      config: { access: 'user' },
      schema: {
        tags: ['subjects'],
        params: Id,
        body: z.object({
          testCode: z.string().regex(/^[A-Z0-9]{2,8}$/),
          value: z.number().finite().min(0).max(1e7),
          unit: z.string().min(1).max(20),
          collectedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          refLow: z.number().finite().nullable().optional(),
          refHigh: z.number().finite().nullable().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await repoFor(req, deps).addLab(req.params.id, req.body)),
  )

  r.put(
    '/api/labs/:id',
    {
      config: { access: 'user' },
      schema: { tags: ['subjects'], params: Id, body: z.object({ value: z.number().finite().min(0).max(1e7), reason: z.string().min(1).max(1000) }) },
    },
    async (req) => repoFor(req, deps).correctLab(req.params.id, req.body),
  )

  r.get(
    '/api/audit',
    { config: { access: 'user' }, schema: { tags: ['audit'], querystring: z.object({ entity: z.string().min(1).max(40), entityId: z.string().min(1).max(40) }) } },
    async (req) => repoFor(req, deps).auditTrail(req.query.entity, req.query.entityId),
  )
}
