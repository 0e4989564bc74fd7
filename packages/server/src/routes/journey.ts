import { z } from 'zod'
import { JOURNEY_EVENT_TYPES, type JourneyEventType } from '@celltrial/core'
import { typed, type Deps, type RoutePlugin } from './deps.js'
import { repoFor } from '../context.js'
import { DEFAULT_LOCKOUT } from '../auth/login.js'
import { recordJourneyEvent, subjectJourney } from '../repo/journey.js'
import { addCollection, addHandOff, addLot, addReleaseTest, productChain, registerProduct, verifyBedside } from '../repo/journey-product.js'
import { calculateDosing, recordInfusion, recordLymphodepletion } from '../repo/journey-dosing.js'
import { calendarSites, moveInfusionDate, recordVisitDone, siteCalendar, siteICalendar, subjectVisits } from '../repo/journey-visits.js'

const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) })
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
/** RFC 3339 date-time with offset (hand-offs cross time zones). */
const Instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'date-time with offset, e.g. 2024-03-01T09:00+08:00')
const Text = (max = 200) => z.string().trim().min(1).max(max)
const Optional = (max = 1000) => z.string().max(max).nullable().optional()

const Dosing = z.object({
  heightCm: z.number().finite(),
  weightKg: z.number().finite(),
  ageYears: z.number().int().min(0).max(120),
  sex: z.enum(['female', 'male']),
  serumCreatinine: z.number().finite(),
  creatinineUnit: z.enum(['mg/dL', 'umol/L']),
  idmsTraceable: z.boolean().optional(),
  doseLevelId: z.string().max(40).nullable().optional(),
  viableCellsPerMl: z.number().finite().nullable().optional(),
  carPositiveFraction: z.number().finite().nullable().optional(),
  availableVolumeMl: z.number().finite().nullable().optional(),
  /** dated body weights; a per-kg cell dose uses the one on the leukapheresis date (regimen-and-dosing.md §3) */
  weights: z.array(z.object({ date: IsoDate, weightKg: z.number().finite() })).max(100).nullable().optional(),
})

/**
 * Subject journey (regimen-and-dosing.md §3, §5, §6): lifecycle events, the product's chain of identity and
 * custody, bedside verification, dosing, LD and infusion records, the visit schedule and site calendars.
 */
export const journeyRoutes = (deps: Deps): RoutePlugin => async (app) => {
  const r = typed(app)
  const tags = ['journey']
  const user = { access: 'user' as const }

  r.get('/api/subjects/:id/journey', { config: user, schema: { tags, params: Id } }, async (req) => subjectJourney(repoFor(req, deps), req.params.id))

  r.post(
    '/api/subjects/:id/events',
    {
      config: { ...user, action: 'subject.write', target: 'subject' },
      schema: {
        tags, params: Id,
        body: z.object({
          type: z.string().refine((t): t is JourneyEventType => (JOURNEY_EVENT_TYPES as string[]).includes(t), 'unknown journey event'),
          on: IsoDate,
          reason: Optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await recordJourneyEvent(repoFor(req, deps), req.params.id, req.body)),
  )

  // ---- chain of identity and custody ----
  r.get('/api/subjects/:id/product', { config: user, schema: { tags, params: Id } }, async (req) => productChain(repoFor(req, deps), req.params.id))

  r.post(
    '/api/subjects/:id/product',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ din: Optional(40), productDescription: Optional(200) }) } },
    async (req, reply) => reply.status(201).send(await registerProduct(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/subjects/:id/product/collections',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ collectedAt: Instant, facility: Text(), volumeMl: z.number().positive().max(10000).nullable().optional(), din: Optional(40), notes: Optional() }) } },
    async (req, reply) => reply.status(201).send(await addCollection(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/subjects/:id/product/lots',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ lotNumber: Text(60), manufacturer: Text(), startedOn: IsoDate, endedOn: IsoDate.nullable().optional(), batchRecordRef: Optional(200), deviations: Optional() }) } },
    async (req, reply) => reply.status(201).send(await addLot(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/subjects/:id/product/release-tests',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ lotId: z.number().int().positive().max(2_147_483_647).nullable().optional(), test: Text(100), result: Text(200), passed: z.boolean(), testedOn: IsoDate }) } },
    async (req, reply) => reply.status(201).send(await addReleaseTest(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/subjects/:id/product/hand-offs',
    {
      config: { ...user, action: 'subject.write', target: 'subject' },
      schema: {
        tags, params: Id,
        body: z.object({
          materialId: Text(60), from: Text(), to: Text(), place: Text(), at: Instant, temperatureCondition: Text(100),
          temperatureInRange: z.boolean(), sealIntact: z.boolean(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addHandOff(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/subjects/:id/product/bedside-verifications',
    {
      config: { ...user, action: 'subject.write', target: 'subject' },
      schema: {
        tags, params: Id,
        body: z.object({
          bagId: Text(60), scannedPatientId: z.string().max(60), scannedCoiIdentifier: z.string().max(80),
          // the second verifier's own credentials, checked like a login (journey-verifier.ts)
          secondVerifier: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256), totpCode: z.string().max(16).optional() }),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await verifyBedside(repoFor(req, deps), req.params.id, req.body, { lockout: deps.lockout ?? DEFAULT_LOCKOUT, totpKey: deps.totpKey })),
  )

  // ---- dosing, LD and infusion ----
  r.post('/api/subjects/:id/dosing/calculate', { config: { ...user, action: 'subject.read', target: 'subject' }, schema: { tags, params: Id, body: Dosing } }, async (req) => calculateDosing(repoFor(req, deps), req.params.id, req.body))

  r.post(
    '/api/subjects/:id/lymphodepletion',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: Dosing.extend({ startDate: IsoDate }) } },
    async (req, reply) => reply.status(201).send(await recordLymphodepletion(repoFor(req, deps), req.params.id, req.body)),
  )

  r.post(
    '/api/subjects/:id/infusion',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: Dosing.extend({ bagId: Text(60), infusionDate: IsoDate }) } },
    async (req, reply) => reply.status(201).send(await recordInfusion(repoFor(req, deps), req.params.id, req.body)),
  )

  r.put(
    '/api/subjects/:id/infusion-date',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id, body: z.object({ infusionDate: IsoDate, reason: z.string().max(1000) }) } },
    async (req) => moveInfusionDate(repoFor(req, deps), req.params.id, req.body),
  )

  // ---- visits and calendars ----
  r.get('/api/subjects/:id/visits', { config: user, schema: { tags, params: Id } }, async (req) => subjectVisits(repoFor(req, deps), req.params.id))

  r.put(
    '/api/subjects/:id/visits/:visitId',
    { config: { ...user, action: 'subject.write', target: 'subject' }, schema: { tags, params: Id.extend({ visitId: z.string().min(1).max(60) }), body: z.object({ doneOn: IsoDate }) } },
    async (req) => recordVisitDone(repoFor(req, deps), req.params.id, req.params.visitId, req.body),
  )

  r.get('/api/calendar/sites', { config: user, schema: { tags } }, async (req) => calendarSites(repoFor(req, deps)))

  r.get('/api/sites/:id/calendar', { config: user, schema: { tags, params: Id } }, async (req) => siteCalendar(repoFor(req, deps), req.params.id))

  r.get('/api/sites/:id/calendar.ics', { config: user, schema: { tags, params: Id } }, async (req, reply) => {
    const host = req.hostname.replace(/:\d+$/, '') || 'celltrial.invalid'
    const ics = await siteICalendar(repoFor(req, deps), req.params.id, host)
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="visits-${ics.siteCode}.ics"`)
      .send(ics.text)
  })
}
