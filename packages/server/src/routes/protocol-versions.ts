import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { diffStudyVersions, listProtocolVersions, reconsentSubject, subjectConsent, uploadProtocolVersion } from '../repo/protocol-amendments.js'

const Id = z.object({ id: z.coerce.number().int().positive() })
const VersionId = z.coerce.number().int().positive().max(2_147_483_647)
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')

/**
 * Protocol amendments (issue 3 item 1, item 7): a study's versions with their effective dates, the changes
 * between any two in words, the upload of an amended version (`study.configure`), and each subject's
 * consented version with re-consent to a later one (`subject.enrol` at the subject's site).
 */
export const protocolVersionRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const tags = ['protocols']

  r.get('/api/studies/:id/protocol-versions', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) =>
    listProtocolVersions(repoFor(req, deps), req.params.id),
  )

  r.get(
    '/api/studies/:id/protocol-versions/diff',
    { config: { access: 'user' }, schema: { tags, params: Id, querystring: z.object({ from: VersionId.optional(), to: VersionId.optional() }) } },
    async (req) => diffStudyVersions(repoFor(req, deps), req.params.id, req.query.from, req.query.to),
  )

  r.post(
    '/api/studies/:id/protocol-versions',
    {
      config: { access: 'user', action: 'study.configure' },
      // the protocol itself is validated by core's schema in the repository, every error with its path
      schema: { tags, params: Id, body: z.object({ protocol: z.unknown(), note: z.string().max(1000).nullable().optional() }) },
    },
    async (req, reply) => reply.status(201).send(await uploadProtocolVersion(repoFor(req, deps), req.params.id, req.body)),
  )

  r.get('/api/subjects/:id/consent', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) =>
    subjectConsent(repoFor(req, deps), req.params.id),
  )

  r.post(
    '/api/subjects/:id/consent',
    {
      config: { access: 'user', action: 'subject.enrol', target: 'subject' },
      schema: { tags, params: Id, body: z.object({ versionId: VersionId, on: IsoDate, note: z.string().max(1000).nullable().optional() }) },
    },
    async (req, reply) => reply.status(201).send(await reconsentSubject(repoFor(req, deps), req.params.id, req.body)),
  )
}
