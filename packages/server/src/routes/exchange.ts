import { z } from 'zod'
import { ODM_MAX_BYTES } from '@celltrial/core'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { exportStudyOdm, importStudyOdm } from '../exchange/odm.js'
import { exportSubjectFhir, importSubjectFhir } from '../exchange/fhir.js'
import { scopedStudySdtm } from '../exchange/sdtm-export.js'

const Id = z.object({ id: z.coerce.number().int().positive() })

/**
 * Exchange in CDISC ODM 1.3.2 (a study's captured data with its audit trail and signatures, out and in) and FHIR
 * R4 (a subject's labs in, labs and adverse events out). Source: interchange/ctgov-fhir-odm.md §2-§3.
 *
 * Body size: the app's limit is 1 MiB; only `POST /api/studies/:id/import/odm` raises it, to the ODM reader's own
 * limit (ODM_MAX_BYTES, 32 MiB), for XML bodies (`application/xml`, `text/xml`) parsed as text in this plugin only.
 */
export const exchangeRoutes = (deps: Deps): RoutePlugin => async (app) => {
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: ODM_MAX_BYTES }, (_req, body, done) => done(null, body))
  const r = typed(app)
  const tags = ['exchange']

  r.get('/api/studies/:id/export/odm', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req, reply) => {
    const { fileOid, xml } = await exportStudyOdm(repoFor(req, deps), req.params.id)
    return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${fileOid}.xml"`).send(xml)
  })

  // the captured data as SDTM CSV files (interchange/sdtm-adam.md), over the subjects the caller may see
  r.get('/api/studies/:id/export/sdtm', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => scopedStudySdtm(repoFor(req, deps), req.params.id))

  r.post(
    '/api/studies/:id/import/odm',
    {
      config: { access: 'user', action: 'form.lock' },
      bodyLimit: ODM_MAX_BYTES,
      schema: {
        tags, params: Id,
        querystring: z.object({ createSubjects: z.enum(['true', 'false']).optional() }),
        body: z.string().min(1, 'send the ODM XML document as the body (Content-Type: application/xml)'),
      },
    },
    async (req) => importStudyOdm(repoFor(req, deps), req.params.id, req.body, { createSubjects: req.query.createSubjects === 'true' }),
  )

  r.post(
    '/api/subjects/:id/import/fhir',
    { config: { access: 'user', action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.unknown() } },
    async (req, reply) => reply.status(201).send(await importSubjectFhir(repoFor(req, deps), req.params.id, req.body)),
  )

  r.get('/api/subjects/:id/export/fhir', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req, reply) =>
    reply.type('application/fhir+json; charset=utf-8').send(JSON.stringify(await exportSubjectFhir(repoFor(req, deps), req.params.id))),
  )
}
