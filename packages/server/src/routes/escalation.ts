import { z } from 'zod'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { escalationPanel } from '../repo/escalation/panel.js'
import { changeDltAssessment, createDltAssessment, getDltAssessment, signDltAssessment } from '../repo/escalation/dlt-assessment.js'
import { recordEscalationDecision, recordRp2d, voidEscalationDecision } from '../repo/escalation/decisions.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })
const Signature = { password: z.string().min(1).max(200), meaning: z.string().min(1).max(200) }
const DoseLevelId = z.string().min(1).max(40)
const Assessment = {
  evaluable: z.boolean(),
  notEvaluableReason: z.string().max(1000).nullable().optional(),
  dlt: z.boolean().nullable().optional(),
  eventDescription: z.string().max(2000).nullable().optional(),
  dltGrade: z.number().int().min(1).max(5).nullable().optional(),
  onsetDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
}
const Action = z.enum(['escalate', 'stay', 'deescalate', 'stop'])

/**
 * Dose escalation: DLT adjudication per subject (safety-grading.md §5), the study's escalation panel
 * (dose-escalation.md §1-2), the safety committee's signed decisions, and the MTD / RP2D.
 */
export const escalationRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const tags = ['escalation']

  r.get('/api/studies/:id/escalation', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => escalationPanel(repoFor(req, deps), req.params.id))

  r.post(
    '/api/studies/:id/escalation/decisions',
    {
      config: { access: 'user', action: 'escalation.decide' },
      schema: { tags, params: Id, body: z.object({ action: Action, nextDoseLevel: DoseLevelId.nullable().optional(), reason: z.string().max(2000).nullable().optional(), ...Signature }) },
    },
    async (req, reply) => reply.status(201).send(await recordEscalationDecision(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/escalation-decisions/:id/void',
    { config: { access: 'user', action: 'escalation.decide' }, schema: { tags, params: Id, body: z.object({ reason: z.string().min(1).max(2000), ...Signature }) } },
    async (req) => voidEscalationDecision(repoFor(req, deps), req.params.id, req.body),
  )

  r.post(
    '/api/studies/:id/escalation/rp2d',
    {
      config: { access: 'user', action: 'escalation.decide' },
      schema: {
        tags,
        params: Id,
        body: z.object({ mtdDoseLevel: DoseLevelId.nullable(), rp2dDoseLevel: DoseLevelId, rationale: z.string().min(1).max(4000), supersedeReason: z.string().max(2000).nullable().optional(), ...Signature }),
      },
    },
    async (req, reply) => reply.status(201).send(await recordRp2d(repoFor(req, deps), req.params.id, req.body)),
  )

  r.get('/api/subjects/:id/dlt-assessment', { config: { access: 'user' }, schema: { tags, params: Id } }, async (req) => getDltAssessment(repoFor(req, deps), req.params.id))

  r.post(
    '/api/subjects/:id/dlt-assessment',
    { config: { access: 'user', action: ['safety.review', 'form.sign'], target: 'subject' }, schema: { tags, params: Id, body: z.object({ ...Assessment, ...Signature }) } },
    async (req, reply) => reply.status(201).send(await createDltAssessment(repoFor(req, deps), req.params.id, req.body)),
  )

  r.put(
    '/api/dlt-assessments/:id',
    { config: { access: 'user', action: ['safety.review', 'form.sign'], target: 'dlt_assessment' }, schema: { tags, params: Id, body: z.object({ ...Assessment, reason: z.string().min(1).max(2000) }) } },
    async (req) => changeDltAssessment(repoFor(req, deps), req.params.id, req.body),
  )

  r.post(
    '/api/dlt-assessments/:id/sign',
    { config: { access: 'user', action: ['safety.review', 'form.sign'], target: 'dlt_assessment' }, schema: { tags, params: Id, body: z.object(Signature) } },
    async (req) => signDltAssessment(repoFor(req, deps), req.params.id, req.body),
  )
}
