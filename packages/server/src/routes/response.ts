import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { studyEfficacy, subjectResponse } from '../repo/response.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })

/**
 * ITP response: one subject's derived result (with explanation and count table) and a study's efficacy
 * summary. Source: ../shared/domain/response-itp.md §3; statistics.md.
 */
export const responseRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  r.get('/api/subjects/:id/response', { config: { access: 'user' }, schema: { tags: ['response'], params: Id } }, async (req) =>
    subjectResponse(repoFor(req, deps), req.params.id),
  )
  r.get('/api/studies/:id/efficacy', { config: { access: 'user' }, schema: { tags: ['response'], params: Id } }, async (req) =>
    studyEfficacy(repoFor(req, deps), req.params.id),
  )
}
