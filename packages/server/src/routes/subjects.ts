import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { addLabWithSafety, correctLabWithSafety } from '../repo/safety.js'
import { mailConfigFromEnv } from '../safety/notify.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })

/**
 * One subject, their lab results, and data entry of labs. Every lab write runs the safety evaluation in its
 * transaction (CTCAE v5.0 grading, alert and notification for grade ≥ 3: safety-grading.md §3.2).
 */
export const subjectRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  r.get('/api/subjects/:id', { config: { access: 'user' }, schema: { tags: ['subjects'], params: Id } }, async (req) => {
    const repo = repoFor(req, deps)
    const subject = await repo.getSubject(req.params.id)
    const labs = await repo.listLabs(subject)
    return { ...subject, labs }
  })

  r.post(
    '/api/subjects/:id/labs',
    {
      config: { access: 'user', action: 'subject.write', target: 'subject' },
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
    async (req, reply) => {
      // the lab row as before, plus what the safety evaluation raised in the same transaction
      const { lab, alerts, proposalsChanged } = await addLabWithSafety(repoFor(req, deps), req.params.id, req.body, mailConfigFromEnv())
      return reply.status(201).send({ ...lab, alerts, proposalsChanged })
    },
  )

  r.put(
    '/api/labs/:id',
    {
      config: { access: 'user', action: 'subject.write', target: 'lab_result' },
      schema: { tags: ['subjects'], params: Id, body: z.object({ value: z.number().finite().min(0).max(1e7), reason: z.string().min(1).max(1000) }) },
    },
    async (req) => {
      const { lab, alerts, proposalsChanged } = await correctLabWithSafety(repoFor(req, deps), req.params.id, req.body, mailConfigFromEnv())
      return { ...lab, alerts, proposalsChanged }
    },
  )

  r.get(
    '/api/audit',
    { config: { access: 'user' }, schema: { tags: ['audit'], querystring: z.object({ entity: z.string().min(1).max(40), entityId: z.string().min(1).max(40) }) } },
    async (req) => repoFor(req, deps).auditTrail(req.query.entity, req.query.entityId),
  )
}
