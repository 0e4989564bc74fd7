import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canAccess, ROLES, type Action, type Principal, type Role } from '@celltrial/core'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, testApp } from '../testing/fixtures.js'
import { databaseFingerprint, fingerprintChanges, makeWriteWorld, type WriteWorld } from '../testing/write-targets.js'
import type { Db } from '../db/connect.js'
import type { App, RouteEntry } from '../app.js'
import { WRITE_ACCESS, type WriteRule } from './access-matrix.js'

/**
 * Issue "Trustworthy under attack", item 1, for writes: every write route read from the router has a documented
 * rule (WRITE_ACCESS in access-matrix.ts) that its `config` declares too; every role at its own site and at
 * another site gets what the core policy says; a refused write changes nothing; and access is checked before
 * the input is validated. The body sent is invalid for every route with a body schema, so a role that may
 * write gets 400 from validation, and a role that may not must get 403 (or 404 for another site's data it may
 * not read), never 400: that proves the order. One database is shared by all roles; each role's refused
 * requests run between two fingerprints of every table, which must be equal.
 */
let db: Db
let app: App
let world: WriteWorld
const clock = fixedClock()
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`
const actionsOf = (rule: { action?: WriteRule['action'] }): readonly Action[] =>
  rule.action === null || rule.action === undefined ? [] : typeof rule.action === 'string' ? [rule.action] : rule.action
/** The write routes that need a login, as registered. */
const writeRoutes = () => app.routeTable.filter((r) => UNSAFE.has(r.method) && r.access === 'user')

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  world = await makeWriteWorld(db, clock.now(), 'wm')
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await db.close()
})

interface WriteCase {
  url: string
  body: unknown
  /** where the action is checked; undefined: study-wide */
  siteId?: number
  /** the path's `:id` names a row of this site (another site's row the caller may not read answers 404) */
  row: boolean
  label: string
}

/** The requests for one route: at the own site and at the other site when the route has a site, else one. */
function casesFor(route: RouteEntry, rule: WriteRule): WriteCase[] {
  const base = route.url.replace(/:visitId\b/, 'day-7')
  const studyWide = base.replace(':id', String(route.url.startsWith('/api/studies/:id') ? world.studyId : 1))
  if (rule.target === 'body.siteId')
    return [world.ownSite, world.otherSite].map((siteId) => ({ url: studyWide, body: { siteId }, siteId, row: false, label: siteId === world.ownSite ? 'own site' : 'other site' }))
  if (rule.target) {
    const target = rule.target
    return [
      { targets: world.own, siteId: world.ownSite, label: 'own site' },
      { targets: world.other, siteId: world.otherSite, label: 'other site' },
    ].map((c) => ({ url: base.replace(':id', String(c.targets[target])), body: [], siteId: c.siteId, row: true, label: c.label }))
  }
  return [{ url: studyWide, body: [], row: false, label: 'study-wide' }]
}

/** Whether the route validates a JSON body (from the OpenAPI document generated from its zod schemas). */
function hasBodySchema(route: RouteEntry): boolean {
  const spec = app.swagger() as { paths?: Record<string, Record<string, { requestBody?: unknown }>> }
  return spec.paths?.[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()]?.requestBody !== undefined
}

/** What roles.ts says for `role` (a member of the own site only) on this case. */
function expected(role: Role, rule: WriteRule, c: WriteCase): 'allowed' | 403 | 404 {
  const who: Principal = { userId: 0, username: '', roles: [role], siteIds: [world.ownSite] }
  if (c.row && c.siteId !== undefined && !canAccess(who, 'subject.read', c.siteId)) return 404
  return actionsOf(rule).every((a) => canAccess(who, a, c.siteId)) ? 'allowed' : 403
}

describe('write routes in the role matrix', () => {
  it('documents every write route in WRITE_ACCESS, and only those', () => {
    const registered = writeRoutes().map(key)
    expect(registered.length, 'write routes found in the router').toBeGreaterThan(30)
    expect(registered.filter((k) => !(k in WRITE_ACCESS)), 'write routes without an entry in WRITE_ACCESS (access-matrix.ts)').toEqual([])
    expect(Object.keys(WRITE_ACCESS).filter((k) => !registered.includes(k)), 'WRITE_ACCESS entries for routes that do not exist').toEqual([])
  })

  it("declares in each write route's config the action and target of its WRITE_ACCESS entry", () => {
    const wrong: string[] = []
    for (const r of writeRoutes()) {
      const rule = WRITE_ACCESS[key(r)]
      if (!rule) continue
      const declared = { action: actionsOf(r.guard), target: r.guard.target }
      const documented = { action: actionsOf(rule), target: rule.target }
      if (JSON.stringify(declared) !== JSON.stringify(documented))
        wrong.push(`${key(r)}: config declares ${JSON.stringify(declared)}, WRITE_ACCESS documents ${JSON.stringify(documented)}`)
    }
    expect(wrong).toEqual([])
  })

  for (const role of ROLES) {
    it(`gives a ${role} what the policy says on every write route, at its own site and another, before validation`, async () => {
      const headers = await login(app, world.userOf(role))
      const cases = writeRoutes().flatMap((route) => {
        const rule = WRITE_ACCESS[key(route)]
        if (!rule || rule.action === null) return []
        return casesFor(route, rule).map((c) => ({ route, c, want: expected(role, rule, c) }))
      })
      const wrong: string[] = []
      const check = async ({ route, c, want }: (typeof cases)[number]) => {
        const res = await app.inject({ method: route.method as 'POST', url: c.url, headers, payload: c.body as object })
        const label = `${role} ${route.method} ${c.url} (${c.label})`
        const got = `${res.statusCode} ${res.body.slice(0, 160)}`
        if (want === 'allowed') {
          // past access control, the invalid body meets validation: 400 validation_failed when the route has a body schema
          const validated = res.statusCode === 400 && res.json<{ error?: { code?: string } }>().error?.code === 'validation_failed'
          if (hasBodySchema(route) ? !validated : [401, 403, 404].includes(res.statusCode) || res.statusCode >= 500)
            wrong.push(`${label}: expected to pass access control${hasBodySchema(route) ? ' and fail validation' : ''}, got ${got}`)
          return
        }
        const code = want === 404 ? 'not_found' : 'forbidden'
        if (res.statusCode !== want || res.json<{ error?: { code?: string } }>().error?.code !== code)
          wrong.push(`${label}: expected ${want} ${code} (before validation), got ${got}`)
      }
      // the refused requests first, between two fingerprints of the whole database: none may write anything
      const before = await databaseFingerprint(db)
      for (const x of cases.filter((x) => x.want !== 'allowed')) await check(x)
      const changes = fingerprintChanges(before, await databaseFingerprint(db))
      if (changes.length > 0) wrong.push(`${role}: refused writes changed ${changes.join(', ')}`)
      for (const x of cases.filter((x) => x.want === 'allowed')) await check(x)
      expect(wrong).toEqual([])
    })
  }

  it('lets every logged-in role call the write routes open to any user', async () => {
    const wrong: string[] = []
    for (const route of writeRoutes()) {
      if (WRITE_ACCESS[key(route)]?.action !== null) continue
      for (const role of ROLES) {
        const headers = await login(app, world.userOf(role)) // a session of its own: logout ends it
        const res = await app.inject({ method: route.method as 'POST', url: route.url, headers, payload: {} })
        if ([401, 403, 404].includes(res.statusCode) || res.statusCode >= 500) wrong.push(`${role} ${key(route)}: got ${res.statusCode} ${res.body.slice(0, 160)}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('answers 404 to every role for a row that does not exist, whatever the body', async () => {
    const headers = await login(app, world.userOf('admin'))
    const wrong: string[] = []
    for (const route of writeRoutes()) {
      const rule = WRITE_ACCESS[key(route)]
      if (!rule?.target || rule.target === 'body.siteId') continue
      for (const id of ['2147483647', '99999999999']) {
        const url = route.url.replace(/:visitId\b/, 'day-7').replace(':id', id)
        const res = await app.inject({ method: route.method as 'POST', url, headers, payload: [] })
        if (res.statusCode !== 404) wrong.push(`${route.method} ${url}: expected 404, got ${res.statusCode} ${res.body.slice(0, 160)}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
