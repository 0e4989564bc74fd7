import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import {
  createScreeningAttempt,
  getScreeningAttempt,
  getStudyProtocol,
  listScreeningLog,
  prescreenAll,
  signAttestation,
} from '../repo/screening.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })
/** The profile is validated by core's ScreeningProfileSchema in the repository (every issue reported). */
const Profile = z.record(z.string(), z.unknown())
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** Protocol viewer data, the per-site screening log, attestation signing and cross-trial pre-screening. */
export const screeningRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)

  r.get('/api/studies/:id/protocol', { config: { access: 'user' }, schema: { tags: ['protocols'], params: Id } }, async (req) =>
    getStudyProtocol(repoFor(req, deps), req.params.id),
  )

  r.post(
    '/api/screening/prescreen',
    { config: { access: 'user', action: 'study.read' }, schema: { tags: ['screening'], body: z.object({ profile: Profile, asOf: IsoDate.optional() }) } },
    async (req) => ({ results: await prescreenAll(repoFor(req, deps), req.body) }),
  )

  r.get(
    '/api/studies/:id/screening',
    {
      config: { access: 'user' },
      schema: { tags: ['screening'], params: Id, querystring: z.object({ siteId: z.coerce.number().int().positive().max(2_147_483_647).optional() }) },
    },
    async (req) => ({ attempts: await listScreeningLog(repoFor(req, deps), req.params.id, req.query.siteId) }),
  )

  r.post(
    '/api/studies/:id/screening',
    {
      config: { access: 'user', action: 'subject.enrol', target: 'body.siteId' },
      schema: {
        tags: ['screening'],
        params: Id,
        body: z
          .object({
            siteId: z.number().int().positive().max(2_147_483_647),
            screeningNumber: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'pseudonymous code: 2-32 of A-Z 0-9 -').optional(),
            subjectId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
            previousAttemptId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
            profile: Profile,
          })
          .strip(),
      },
    },
    async (req, reply) => reply.status(201).send(await createScreeningAttempt(repoFor(req, deps), req.params.id, req.body)),
  )

  r.get('/api/screening/:id', { config: { access: 'user' }, schema: { tags: ['screening'], params: Id } }, async (req) =>
    getScreeningAttempt(repoFor(req, deps), req.params.id),
  )

  r.post(
    '/api/screening/:id/attestations',
    {
      config: { access: 'user', action: 'form.sign', target: 'screening_attempt' },
      schema: {
        tags: ['screening'],
        params: Id,
        body: z.object({ criterionId: z.string().min(1).max(40), satisfied: z.boolean(), comment: z.string().max(2000).nullable().optional() }),
      },
    },
    async (req, reply) => reply.status(201).send(await signAttestation(repoFor(req, deps), req.params.id, req.body)),
  )
}
