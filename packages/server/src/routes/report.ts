import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { scopedStudyReport, scopedStudyReportHtml } from '../report/study-report.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })
const Query = z.object({
  cutoff: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
  lang: z.enum(['en', 'zh-CN']).default('en'),
})

/**
 * Results report of a study: the JSON model and the self-contained HTML page (figures, tables, narrative),
 * built from the captured data (report/study-report-inputs.ts) of the subjects the caller may see.
 * The data cut-off defaults to today (server clock). Source: domain/statistics.md §1-§4.
 */
export const reportRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const today = () => deps.clock().toISOString().slice(0, 10)
  r.get('/api/studies/:id/report', { config: { access: 'user' }, schema: { tags: ['report'], params: Id, querystring: Query } }, async (req) =>
    scopedStudyReport(repoFor(req, deps), req.params.id, { cutoff: req.query.cutoff ?? today() }),
  )
  r.get('/api/studies/:id/report.html', { config: { access: 'user' }, schema: { tags: ['report'], params: Id, querystring: Query } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await scopedStudyReportHtml(repoFor(req, deps), req.params.id, { cutoff: req.query.cutoff ?? today(), lang: req.query.lang })),
  )
}
