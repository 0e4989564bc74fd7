import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })

/** Studies: the list, one study with its protocol, sites and the subjects the caller may see. */
export const studyRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  r.get('/api/studies', { config: { access: 'user' }, schema: { tags: ['studies'] } }, async (req) => repoFor(req, deps).listStudies())

  r.get('/api/studies/:id', { config: { access: 'user' }, schema: { tags: ['studies'], params: Id } }, async (req) => {
    const repo = repoFor(req, deps)
    const study = await repo.getStudy(req.params.id)
    const subjects = await repo.listSubjects(req.params.id)
    return { ...study, subjects }
  })

  r.post(
    '/api/studies/:id/subjects',
    {
      config: { access: 'user', action: 'subject.enrol', target: 'body.siteId' },
      schema: {
        tags: ['subjects'],
        params: Id,
        body: z.object({
          siteId: z.number().int().positive().max(2_147_483_647),
          code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'pseudonymous code: 2-32 of A-Z 0-9 -'),
          sex: z.enum(['F', 'M', 'U']).nullable().optional(),
          ageYears: z.number().int().min(0).max(120).nullable().optional(),
        }),
      },
    },
    async (req, reply) => {
      const row = await repoFor(req, deps).createSubject(req.params.id, req.body)
      return reply.status(201).send(row)
    },
  )
}
