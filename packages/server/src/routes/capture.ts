import { z } from 'zod'
import { FORM_TYPES } from '@celltrial/core'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { createRecord, getRecord, listRecords, updateRecord, voidRecord } from '../capture/records.js'
import { answerQuery, closeQuery, markSdv, raiseQuery, siteQueries, siteSdvProgress, studyQueries, studySdvProgress, subjectQueries, subjectSdvProgress } from '../capture/review.js'
import { listLocks, lock, sign, subjectSignatures, unlock } from '../capture/signoff.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })
const Text = (max = 2000) => z.string().trim().min(1).max(max)
const FieldPath = z.string().max(200).regex(/^([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?$/, 'a dotted field path, or empty for the whole form')
/** `true` / `false` in a query string (`z.coerce.boolean` would read "false" as true) */
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true')
const FormsQuery = z.object({
  type: z.enum(FORM_TYPES).optional(),
  includeVoided: Flag.optional(),
  /** the latest `limit` records of each form type (the subject page's first view) */
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  /** comma-separated form types listed in full despite `limit` */
  expand: z
    .string()
    .max(1000)
    .transform((v) => (v === '' ? [] : v.split(',')))
    .pipe(z.array(z.enum(FORM_TYPES)))
    .optional(),
})
const QueryStatus = z.enum(['open', 'answered', 'closed', 'unresolved'])
const RecordBody = {
  data: z.record(z.string(), z.unknown()),
  visitDay: z.number().int().min(-60).max(3650).nullable().optional(),
  visitLabel: z.string().max(60).nullable().optional(),
  overrideReasons: z.record(z.string().max(80), z.string().max(1000)).optional(),
  draft: z.boolean().optional(),
}

/**
 * Clinical data capture: eCRF records with server-side edit checks, data queries, SDV, e-signatures and locks.
 * Form schemas and checks: packages/core/src/forms. Access: ScopedRepo (monitors never enter data).
 */
export const captureRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const tags = ['capture']
  const config = { access: 'user' as const }

  // ---- records ----
  r.get(
    '/api/subjects/:id/forms',
    { config, schema: { tags, params: Id, querystring: FormsQuery } },
    async (req) => listRecords(repoFor(req, deps), req.params.id, { formType: req.query.type, includeVoided: req.query.includeVoided, limit: req.query.limit, expand: req.query.expand }),
  )
  r.post(
    '/api/subjects/:id/forms',
    { config: { ...config, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ formType: z.enum(FORM_TYPES), ...RecordBody }) } },
    async (req, reply) => reply.status(201).send(await createRecord(repoFor(req, deps), req.params.id, req.body.formType, req.body)),
  )
  r.get('/api/forms/:id', { config, schema: { tags, params: Id } }, async (req) => getRecord(repoFor(req, deps), req.params.id))
  r.put(
    '/api/forms/:id',
    { config: { ...config, action: 'subject.write', target: 'form_record' }, schema: { tags, params: Id, body: z.object({ ...RecordBody, reason: z.string().max(1000).nullable().optional(), expectedVersion: z.number().int().positive().max(2_147_483_647).optional() }) } },
    async (req) => updateRecord(repoFor(req, deps), req.params.id, req.body),
  )
  r.post('/api/forms/:id/void', { config: { ...config, action: 'subject.write', target: 'form_record' }, schema: { tags, params: Id, body: z.object({ reason: Text(1000) }) } }, async (req) => voidRecord(repoFor(req, deps), req.params.id, req.body.reason))

  // ---- queries ----
  r.post(
    '/api/forms/:id/queries',
    { config: { ...config, action: 'query.raise', target: 'form_record' }, schema: { tags, params: Id, body: z.object({ fieldPath: FieldPath, text: Text() }) } },
    async (req, reply) => reply.status(201).send(await raiseQuery(repoFor(req, deps), req.params.id, req.body)),
  )
  r.post('/api/queries/:id/answer', { config: { ...config, action: 'query.answer', target: 'data_query' }, schema: { tags, params: Id, body: z.object({ answer: Text() }) } }, async (req) => answerQuery(repoFor(req, deps), req.params.id, req.body))
  r.post(
    '/api/queries/:id/close',
    { config: { ...config, action: 'query.raise', target: 'data_query' }, schema: { tags, params: Id, body: z.object({ note: z.string().max(2000).nullable().optional(), reopen: z.boolean().optional() }) } },
    async (req) => closeQuery(repoFor(req, deps), req.params.id, req.body),
  )
  r.get('/api/subjects/:id/queries', { config, schema: { tags, params: Id } }, async (req) => subjectQueries(repoFor(req, deps), req.params.id))
  r.get(
    '/api/sites/:id/queries',
    { config, schema: { tags, params: Id, querystring: z.object({ status: QueryStatus.optional() }) } },
    async (req) => siteQueries(repoFor(req, deps), req.params.id, { status: req.query.status }),
  )

  r.get(
    '/api/studies/:id/queries',
    { config, schema: { tags, params: Id, querystring: z.object({ siteId: z.coerce.number().int().positive().max(2_147_483_647).optional(), status: QueryStatus.optional() }) } },
    async (req) => studyQueries(repoFor(req, deps), req.params.id, { siteId: req.query.siteId, status: req.query.status }),
  )

  // ---- source data verification ----
  r.post(
    '/api/forms/:id/sdv',
    { config: { ...config, action: 'sdv.mark', target: 'form_record' }, schema: { tags, params: Id, body: z.object({ fieldPaths: z.array(FieldPath).max(100).optional() }) } },
    async (req, reply) => reply.status(201).send(await markSdv(repoFor(req, deps), req.params.id, req.body)),
  )
  r.get('/api/subjects/:id/sdv', { config, schema: { tags, params: Id } }, async (req) => subjectSdvProgress(repoFor(req, deps), req.params.id))
  r.get('/api/sites/:id/sdv', { config, schema: { tags, params: Id } }, async (req) => siteSdvProgress(repoFor(req, deps), req.params.id))
  r.get('/api/studies/:id/sdv', { config, schema: { tags, params: Id } }, async (req) => studySdvProgress(repoFor(req, deps), req.params.id))

  // ---- signatures ----
  r.post(
    '/api/subjects/:id/signatures',
    {
      config: { ...config, action: 'form.sign', target: 'subject' },
      schema: {
        tags, params: Id,
        body: z.object({ scope: z.enum(['form', 'visit', 'casebook']), recordId: z.number().int().positive().max(2_147_483_647).optional(), visitLabel: z.string().max(60).optional(), password: z.string().min(1).max(1000), meaning: Text(500) }),
      },
    },
    async (req, reply) => reply.status(201).send(await sign(repoFor(req, deps), req.params.id, req.body)),
  )
  r.get('/api/subjects/:id/signatures', { config, schema: { tags, params: Id } }, async (req) => subjectSignatures(repoFor(req, deps), req.params.id))

  // ---- locks ----
  r.post(
    '/api/locks',
    { config: { ...config, action: 'form.lock' }, schema: { tags, body: z.object({ scope: z.enum(['form', 'subject', 'study']), id: z.number().int().positive().max(2_147_483_647) }) } },
    async (req, reply) => reply.status(201).send(await lock(repoFor(req, deps), req.body)),
  )
  r.post('/api/locks/:id/unlock', { config: { ...config, action: 'form.lock', target: 'data_lock' }, schema: { tags, params: Id, body: z.object({ reason: Text(1000) }) } }, async (req) => unlock(repoFor(req, deps), req.params.id, req.body.reason))
  r.get('/api/studies/:id/locks', { config, schema: { tags, params: Id } }, async (req) => listLocks(repoFor(req, deps), req.params.id))
}
