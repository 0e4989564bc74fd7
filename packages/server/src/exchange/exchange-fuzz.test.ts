import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'

/**
 * Issue 10 item 4 for the exchange routes: random, truncated, wrongly typed, injected (SQL, script) and
 * odd-Unicode bodies get a 4xx with a code and a message, never a 500 or a stack trace, and write nothing
 * (the audit_event count and the clinical tables are unchanged).
 */
let db: Db
let app: App
const clock = fixedClock()
let studyId: number
let subjectId: number
let dm: Record<string, string>
let coord: Record<string, string>
let validOdm: string

const counts = async () => {
  const n = async (t: 'audit_event' | 'subject' | 'form_record' | 'lab_result') => Number((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return [await n('audit_event'), await n('subject'), await n('form_record'), await n('lab_result')]
}
const INJECTIONS = [`'; DROP TABLE subject; --`, `" OR 1=1 --`, '<script>alert(1)</script>', '\u202Eevil', '\uFEFF', '𝔘𝔫𝔦', '\u0000', '\uD800', '&#0;', '&xxe;', ']]>', '${7*7}']
const odd = fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ unit: 'binary', maxLength: 60 }))

/** 4xx with an error code and message, no stack trace, nothing written. */
async function refusedCleanly(res: { statusCode: number; body: string }, before: number[]) {
  expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400)
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500)
  const body = JSON.parse(res.body) as { error: { code: string; message: string } }
  expect(typeof body.error.code).toBe('string')
  expect(typeof body.error.message).toBe('string')
  expect(res.body).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/)
  expect(await counts()).toEqual(before)
}

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  const made = await makeStudyAndSites(db, 'NCT09000011', ['FZA01'])
  studyId = made.studyId
  await makeUser(db, 'fz.dm', ['data_manager'], [], clock.now())
  await makeUser(db, 'fz.coord', ['coordinator'], made.siteIds, clock.now())
  dm = await login(app, 'fz.dm')
  coord = await login(app, 'fz.coord')
  const s = await app.inject({ method: 'POST', url: `/api/studies/${studyId}/subjects`, headers: coord, payload: { siteId: made.siteIds[0], code: 'FZA01-001', sex: 'M', ageYears: 40 } })
  subjectId = s.json<{ id: number }>().id
  await app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/labs`, headers: coord, payload: { testCode: 'PLAT', value: 20, unit: '10^9/L', collectedOn: '2025-06-01' } })
  const ex = await app.inject({ method: 'GET', url: `/api/studies/${studyId}/export/odm`, headers: dm })
  validOdm = ex.body
})
afterAll(async () => {
  await app.close()
  await db.close()
})

const odmPost = (payload: string, contentType = 'application/xml', query = '?createSubjects=true') =>
  app.inject({ method: 'POST', url: `/api/studies/${studyId}/import/odm${query}`, headers: { ...dm, 'content-type': contentType }, payload })

describe('ODM import route under fuzzing', () => {
  it('random and odd-Unicode bodies, truncated exports, injected SubjectKeys', async () => {
    expect(validOdm).toContain('<ClinicalData')
    const before = await counts()
    await fc.assert(fc.asyncProperty(odd, async (s) => refusedCleanly(await odmPost(s.length === 0 ? ' ' : s), before)), { numRuns: 25 })
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: validOdm.length - 8 }), async (n) => refusedCleanly(await odmPost(validOdm.slice(0, n)), before)), { numRuns: 25 })
    await fc.assert(fc.asyncProperty(fc.constantFrom(...INJECTIONS), async (s) => {
      const esc = s.replace(/&(?!#)/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
      return refusedCleanly(await odmPost(validOdm.replace('SubjectKey="FZA01-001"', `SubjectKey="${esc}"`)), before)
    }), { numRuns: 12 })
  }, 240_000)

  it('wrongly typed bodies and query values', async () => {
    const before = await counts()
    for (const [payload, type] of [['{"a":1}', 'application/json'], ['[]', 'application/json'], ['12', 'application/json'], ['<ODM/>', 'text/plain'], ['', 'application/xml']] as const)
      await refusedCleanly(await odmPost(payload, type), before)
    await refusedCleanly(await odmPost(validOdm, 'application/xml', '?createSubjects=maybe'), before)
  }, 60_000)
})

describe('FHIR import route under fuzzing', () => {
  it('random JSON, wrongly typed elements and injected strings', async () => {
    const before = await counts()
    const post = (payload: unknown) => app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/import/fhir`, headers: coord, payload: JSON.stringify(payload), })
    const obs = (v: unknown) => ({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p' } }, { resource: { resourceType: 'Observation', id: v, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: v }] }, subject: { reference: 'Patient/p' }, effectiveDateTime: v, valueQuantity: { value: v, system: 'http://unitsofmeasure.org', code: v } } }] })
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (v) => refusedCleanly(await post(v), before)), { numRuns: 25 })
    await fc.assert(fc.asyncProperty(fc.oneof(odd, fc.jsonValue()), async (v) => refusedCleanly(await post(obs(v)), before)), { numRuns: 25 })
    const raw = await app.inject({ method: 'POST', url: `/api/subjects/${subjectId}/import/fhir`, headers: { ...coord, 'content-type': 'application/json' }, payload: '{"resourceType":"Bundle",' })
    await refusedCleanly(raw, before)
  }, 240_000)
})
