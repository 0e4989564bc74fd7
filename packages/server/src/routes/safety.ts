import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { AppError } from '../errors.js'
import {
  acknowledgeAlert, addLabWithSafety, addSaeFollowUp, createSae, decideLabProposal, evaluateBedsideRecord, getSae, refreshLabProposals,
  saePrintHtml, studyAlerts, studySafetyTables, subjectSafety, updateSae, voidSae,
} from '../repo/safety.js'
import { mailConfigFromEnv, sendQueuedEmails } from '../safety/notify.js'
import { saeFormPdf } from '../safety/sae.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })
const yn = z.boolean().nullable()
const Seriousness = z.object({
  resultsInDeath: yn,
  lifeThreatening: yn,
  hospitalisation: z.enum(['none', 'requires-admission', 'prolongs-existing']).nullable(),
  persistentOrSignificantDisability: yn,
  congenitalAnomaly: yn,
  importantMedicalEvent: yn,
})
/** ISO 8601 with a UTC offset; checked exactly by core's parseZonedDateTime in the repository. */
const Zoned = z.string().min(16).max(40)
const tags = ['safety']

/** Interval of the background e-mail sender. */
const SEND_EVERY_MS = 15_000

/**
 * Safety: daily CRS/ICANS grades, alerts, lab AE proposals, SAE reports and study safety tables
 * (safety-grading.md §1-4). Starts the e-mail sender when `CELLTRIAL_SMTP_URL` is set.
 */
export const safetyRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const mail = mailConfigFromEnv() // a malformed value stops the server here, naming the variable
  if (mail) {
    let timer: NodeJS.Timeout | undefined
    let running = false
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        if (running) return
        running = true
        sendQueuedEmails(deps.db.kysely, mail, deps.clock)
          .catch((e: unknown) => app.log.error({ err: e }, 'safety e-mail sender'))
          .finally(() => (running = false))
      }, SEND_EVERY_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  }

  const r = typed(app)
  r.get('/api/subjects/:id/safety', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => subjectSafety(repoFor(req, deps), req.params.id))

  r.post(
    '/api/subjects/:id/safety/evaluate',
    { config: { access: 'user', action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ recordId: z.coerce.string().regex(/^\d+$/) }) } },
    async (req) => ({ alerts: await evaluateBedsideRecord(repoFor(req, deps), req.params.id, req.body.recordId, mailConfigFromEnv()) }),
  )

  r.post(
    '/api/subjects/:id/safety/labs',
    {
      config: { access: 'user', action: 'subject.write', target: 'subject' },
      schema: {
        tags, params: Id,
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
    async (req, reply) => reply.status(201).send(await addLabWithSafety(repoFor(req, deps), req.params.id, req.body, mailConfigFromEnv())),
  )

  r.post('/api/subjects/:id/safety/lab-proposals/refresh', { config: { access: 'user', action: 'subject.write', target: 'subject' }, schema: { tags, params: Id } }, async (req) =>
    refreshLabProposals(repoFor(req, deps), req.params.id, mailConfigFromEnv()),
  )

  r.post(
    '/api/lab-ae-proposals/:id/decision',
    { config: { access: 'user', action: 'safety.review', target: 'lab_ae_proposal' }, schema: { tags, params: Id, body: z.object({ decision: z.enum(['confirmed', 'rejected']), reason: z.string().max(1000).nullable().optional() }) } },
    async (req) => decideLabProposal(repoFor(req, deps), req.params.id, req.body),
  )

  r.get('/api/studies/:id/safety/alerts', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => studyAlerts(repoFor(req, deps), req.params.id))
  r.post('/api/safety-alerts/:id/acknowledge', { config: { access: 'user', action: 'safety.review', target: 'safety_alert' }, schema: { tags, params: Id } }, async (req) => acknowledgeAlert(repoFor(req, deps), req.params.id))
  r.get('/api/studies/:id/safety/tables', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => studySafetyTables(repoFor(req, deps), req.params.id))

  r.post(
    '/api/subjects/:id/sae',
    {
      config: { access: 'user', action: 'safety.review', target: 'subject' },
      schema: {
        tags, params: Id,
        body: z.object({
          aeSource: z.enum(['form_record', 'lab_ae_proposal', 'safety_alert', 'other']),
          aeSourceId: z.string().max(40).nullable().optional(),
          term: z.string().trim().min(1).max(200),
          ctcaeGrade: z.number().int().min(1).max(5).nullable().optional(),
          onsetDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
          seriousness: Seriousness,
          related: yn,
          unexpected: yn,
          siteAwareAt: Zoned,
          initialSentAt: Zoned.nullable().optional(),
          sponsorFirstKnowledgeAt: Zoned.nullable().optional(),
          narrative: z.string().max(10_000).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createSae(repoFor(req, deps), req.params.id, req.body)),
  )
  r.get('/api/sae/:id', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => getSae(repoFor(req, deps), req.params.id))
  r.patch(
    '/api/sae/:id',
    {
      config: { access: 'user', action: 'safety.review', target: 'sae_report' },
      schema: {
        tags, params: Id,
        body: z.object({
          initialSentAt: Zoned.nullable().optional(),
          sponsorFirstKnowledgeAt: Zoned.nullable().optional(),
          regulatorInitialSubmittedAt: Zoned.nullable().optional(),
          regulatorFollowUpSubmittedAt: Zoned.nullable().optional(),
          related: yn.optional(),
          unexpected: yn.optional(),
          seriousness: Seriousness.optional(),
          narrative: z.string().max(10_000).optional(),
          reason: z.string().min(1).max(1000),
        }),
      },
    },
    async (req) => updateSae(repoFor(req, deps), req.params.id, req.body),
  )
  r.post(
    '/api/sae/:id/follow-ups',
    { config: { access: 'user', action: 'safety.review', target: 'sae_report' }, schema: { tags, params: Id, body: z.object({ sentAt: Zoned, summary: z.string().trim().min(1).max(5000) }) } },
    async (req, reply) => reply.status(201).send(await addSaeFollowUp(repoFor(req, deps), req.params.id, req.body)),
  )
  r.post('/api/sae/:id/void', { config: { access: 'user', action: 'safety.review', target: 'sae_report' }, schema: { tags, params: Id, body: z.object({ reason: z.string().min(1).max(1000) }) } }, async (req) =>
    voidSae(repoFor(req, deps), req.params.id, req.body.reason),
  )
  r.get('/api/sae/:id/form.html', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req, reply) =>
    reply.type('text/html; charset=utf-8').send(await saePrintHtml(repoFor(req, deps), req.params.id)),
  )
  r.get('/api/sae/:id/form.pdf', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req, reply) => {
    const html = await saePrintHtml(repoFor(req, deps), req.params.id)
    const out = await saeFormPdf(html)
    if ('unavailable' in out) throw new AppError('conflict', out.unavailable)
    return reply.type('application/pdf').header('content-disposition', `inline; filename="sae-${req.params.id}.pdf"`).send(out.pdf)
  })
}
