import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sql } from 'kysely'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, testApp } from '../testing/fixtures.js'
import { makeWriteWorld, type WriteWorld } from '../testing/write-targets.js'
import { fromSchema, hostileString, hostileValue, type JsonSchemaLike } from '../testing/hostile.js'
import type { Db } from '../db/connect.js'
import type { App, RouteEntry } from '../app.js'
import { WRITE_ACCESS } from './access-matrix.js'

/**
 * Issue "Trustworthy under attack", item 4: property-based fuzzing of every write route read from the router,
 * as an administrator (who passes every access check), with bodies shaped by the route's own JSON Schema but
 * hostile inside, wrongly typed and truncated bodies, and hostile path parameters and query strings. Every
 * answer is 2xx or 4xx; a 4xx carries a JSON error with a code and a message; no answer shows a stack trace or
 * database text; a 4xx writes nothing to the audit trail.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run <this file>. FUZZ_RUNS sets the
 * number of runs per route.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122)
const RUNS = Number(process.env.FUZZ_RUNS ?? 10)
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Stack frames, file paths and PostgreSQL messages: none may reach a client. */
const LEAKS = [
  /\n\s+at /, /\bat [^\s()]+ \([^)]*:\d+:\d+\)/, /node_modules/, /\/work\//, /\.(ts|js|mjs):\d+/,
  /syntax error at or near/i, /relation "[^"]+" does not exist/i, /violates [a-z -]*constraint/i, /invalid input syntax for type/i,
  /out of range for type/i, /invalid byte sequence/i, /unsupported Unicode escape/i, /duplicate key value/i, /column "[^"]+" (does not exist|of relation)/i,
]

let db: Db
let app: App
let world: WriteWorld
let headers: Record<string, string>
const clock = fixedClock()
const lastAuditId = async () => Number((await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from audit_event`.execute(db.kysely)).rows[0]!.n)
const auditSince = async (id: number) => (await sql<{ action: string }>`select action from audit_event where id > ${id} order by id`.execute(db.kysely)).rows.map((r) => r.action)
/**
 * What a refused request may leave in the audit trail: security events (a failed login or e-signature) and
 * reads of another site's patient data made before the refusal. These record what happened; they change no data.
 */
const AUDITED_ON_REFUSAL = /^(login_failed|login_failed_totp|signature_failed|read)$/

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  world = await makeWriteWorld(db, clock.now(), 'fz')
  headers = await login(app, world.userOf('admin'))
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await db.close()
})

/** What a response must satisfy, whatever was sent; returns the problems found. */
export function responseProblems(res: { statusCode: number; body: string; headers: Record<string, unknown> }): string[] {
  const problems: string[] = []
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`)
  for (const leak of LEAKS) if (leak.test(res.body)) problems.push(`response leaks ${leak}`)
  if (res.statusCode >= 400) {
    let error: { code?: unknown; message?: unknown } | undefined
    try {
      error = (JSON.parse(res.body) as { error?: typeof error }).error
    } catch {
      problems.push('error response is not JSON')
    }
    if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message.trim() === '') problems.push('error without a code and a message')
  }
  return problems
}

/** The OpenAPI request body schema of a route, as generated from its zod schema. */
function bodySchema(route: RouteEntry): JsonSchemaLike | undefined {
  const spec = app.swagger() as { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchemaLike }> } }>> }
  const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}')
  return spec.paths?.[path]?.[route.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema
}

/** A path parameter: usually a real row at the caller's site (so handlers run), sometimes hostile. */
function paramArb(route: RouteEntry, name: string): fc.Arbitrary<string> {
  const rule = WRITE_ACCESS[`${route.method} ${route.url}`]
  const target = rule?.target && rule.target !== 'body.siteId' ? world.own[rule.target] : route.url.startsWith('/api/studies/:id') ? world.studyId : 1
  const likely = name === 'id' ? [String(target), String(world.own.subject)] : ['day-7', 'screening', 'd28']
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...likely) }, { weight: 2, arbitrary: hostileString().filter((s) => s.length > 0) })
}

interface FuzzRequest {
  url: string
  payload: unknown
  /** send `payload` as this raw JSON text (truncated bodies) */
  raw?: string
}

function requestArb(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!)
  const params = fc.tuple(...names.map((n) => paramArb(route, n)))
  const query = fc.option(fc.dictionary(fc.constantFrom('id', 'siteId', 'type', 'status', 'x', "'", '__proto__'), hostileString(), { maxKeys: 3 }), { freq: 2 })
  const likely = {
    strings: ['2025-06-01', '2025-06-01T09:00+08:00', 'PLT', 'vital_signs', 'WRT-OWN', 'correct horse battery staple', 'reason', 'I-01'],
    numbers: [world.ownSite, world.studyId, world.own.subject, world.own.form_record, 1, 12],
  }
  const shaped = fromSchema(bodySchema(route) ?? { type: 'object' }, likely)
  const body = fc.oneof(
    { weight: 6, arbitrary: shaped.map((payload) => ({ payload })) },
    { weight: 1, arbitrary: hostileValue().map((payload) => ({ payload })) },
    { weight: 1, arbitrary: fc.tuple(shaped, fc.nat()).map(([p, n]) => { const text = JSON.stringify(p) ?? 'null'; return { payload: null, raw: text.slice(0, n % Math.max(1, text.length)) } }) },
  )
  return fc.tuple(params, query, body).map(([ps, q, b]) => {
    let url = route.url
    names.forEach((n, i) => (url = url.replace(`:${n}`, encodeURIComponent(ps[i]!))))
    if (q) url += `?${new URLSearchParams(q).toString()}`
    return { url, ...b }
  })
}

describe('fuzzing every write route', () => {
  const writeRoutes = () => app.routeTable.filter((r) => UNSAFE.has(r.method))

  it('finds the write routes in the router', () => {
    expect(writeRoutes().length).toBeGreaterThan(30)
  })

  it(`answers hostile input with a clear 4xx and writes nothing (seed ${SEED}, ${RUNS} runs per route)`, async () => {
    const failures: string[] = []
    for (const route of writeRoutes()) {
      const label = `${route.method} ${route.url}`
      try {
        await fc.assert(
          fc.asyncProperty(requestArb(route), async (r) => {
            const before = await lastAuditId()
            const res = await app.inject({
              method: route.method as 'POST', url: r.url,
              headers: r.raw === undefined ? headers : { ...headers, 'content-type': 'application/json' },
              payload: r.raw ?? (r.payload as object),
            })
            // logging out ends the session the next runs use
            if (route.url === '/api/auth/logout' && res.statusCode < 300) headers = await login(app, world.userOf('admin'))
            const problems = responseProblems(res)
            if (res.statusCode >= 400) {
              const written = (await auditSince(before)).filter((a) => !AUDITED_ON_REFUSAL.test(a))
              if (written.length > 0) problems.push(`a ${res.statusCode} wrote to the audit trail: ${written.join(', ')}`)
            }
            if (problems.length > 0) throw new Error(`${problems.join('; ')}: ${res.statusCode} ${res.body.slice(0, 300)}`)
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        )
      } catch (e) {
        const lines = (e as Error).message.split('\n').filter((l) => /seed|Counterexample/.test(l))
        const cause = (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : ''
        failures.push(`${label}: ${[...lines, cause].map((l) => l.slice(0, 400)).join('\n')}`)
      }
    }
    expect(failures, `FUZZ_SEED=${SEED}`).toEqual([])
  }, 120_000)
})

describe('request limits', () => {
  const labs = () => `/api/subjects/${world.own.subject}/labs`

  it('refuses a body over 1 MiB with 413 and a JSON message', async () => {
    const res = await app.inject({ method: 'POST', url: labs(), headers, payload: { unit: 'x'.repeat(1024 * 1024) } })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringMatching(/too large/i) } })
    expect(responseProblems(res)).toEqual([])
  })

  it('answers malformed JSON with 400 and a JSON message, not 500', async () => {
    for (const raw of ['{"testCode": "PLT",', '{', 'nul', '{"a":1}}', '\u0000', '[1,]']) {
      const res = await app.inject({ method: 'POST', url: labs(), headers: { ...headers, 'content-type': 'application/json' }, payload: raw })
      expect(res.statusCode, raw).toBe(400)
      expect(res.json<{ error: { code: string; message: string } }>().error.message, raw).toMatch(/JSON/)
      expect(responseProblems(res), raw).toEqual([])
    }
  })

  it('answers a body of an unsupported content type with 415 and a JSON message', async () => {
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const res = await app.inject({ method: 'POST', url: labs(), headers: { ...headers, 'content-type': type }, payload: 'testCode=PLT' })
      expect(res.statusCode, type).toBe(415)
      expect(res.json(), type).toMatchObject({ error: { code: 'unsupported_media_type', message: expect.stringMatching(/content.type/i) } })
      expect(responseProblems(res), type).toEqual([])
    }
  })

  it('refuses text PostgreSQL cannot store (NUL, lone surrogates) with 400 naming where it is, and writes nothing', async () => {
    const before = await lastAuditId()
    const cases: [unknown, string][] = [
      [{ testCode: 'PLT', value: 12, unit: 'a\u0000b', collectedOn: '2025-06-01' }, 'body.unit'],
      [{ testCode: 'PLT', value: 12, unit: '10^9/L', collectedOn: '2025-06-01', refLow: 1, 'x\ud800': 1 }, 'body.x\ud800'],
      [{ testCode: 'PLT', value: 12, unit: '\udfff', collectedOn: '2025-06-01' }, 'body.unit'],
    ]
    for (const [payload, path] of cases) {
      const res = await app.inject({ method: 'POST', url: labs(), headers, payload: payload as object })
      expect(res.statusCode, path).toBe(400)
      expect(res.json<{ error: { code: string; details: { path: string }[] } }>().error, path).toMatchObject({ code: 'validation_failed', details: [{ path }] })
    }
    const visit = await app.inject({ method: 'PUT', url: `/api/subjects/${world.own.subject}/visits/${encodeURIComponent('d\u00007')}`, headers, payload: { doneOn: '2025-06-01' } })
    expect(visit.json<{ error: { details: { path: string }[] } }>().error.details).toEqual([expect.objectContaining({ path: 'params.visitId' })])
    expect(await auditSince(before)).toEqual([])
  })

  it('answers an over-long path parameter with 414 and a JSON message', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/subjects/${'9'.repeat(150)}/labs`, headers, payload: {} })
    expect(res.statusCode).toBe(414)
    expect(res.json()).toMatchObject({ error: { code: 'uri_too_long', message: expect.stringMatching(/longer than 100/) } })
  })

  it('shows no stack trace when a request fails inside the server', async () => {
    const res = await app.inject({ method: 'POST', url: labs(), headers: { ...headers, 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}}' })
    expect(res.statusCode).toBeLessThan(500)
    expect(responseProblems(res)).toEqual([])
  })
})
