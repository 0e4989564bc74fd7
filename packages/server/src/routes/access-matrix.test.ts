import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canAccess, ROLES, type Role } from '@celltrial/core'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { loadProtocols } from '../demo/load-protocols.js'
import { loadDemoCohort } from '../demo/load-demo.js'
import { ROUTE_ACCESS, type RouteRule } from './access-matrix.js'

/**
 * Issue "Trustworthy under attack", item 1: every API route, read from the router itself, has a
 * documented rule (routes/access-matrix.ts); anonymous callers get 401 on every non-public route; and
 * for the routes that read a study or a subject, every role at its own site and at another site gets
 * exactly what the core access policy says.
 */
let db: Db
let app: App
const clock = fixedClock()
let ownSubject: number
let otherSubject: number
let studyId: number
let ownSite: number
let otherSite: number

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  await loadProtocols(db.kysely, loadSeedProtocols(), clock.now())
  await loadDemoCohort(db.kysely, clock.now())
  const s = await db.kysely.selectFrom('subject').select(['id', 'study_id', 'site_id']).orderBy('id').executeTakeFirstOrThrow()
  ownSubject = s.id
  studyId = s.study_id
  ownSite = s.site_id
  const site = await db.kysely.insertInto('site').values({ code: 'OTH01', name: 'Other hospital', city: 'Suzhou', country: 'China' }).returning('id').executeTakeFirstOrThrow()
  otherSite = site.id
  await db.kysely.insertInto('study_site').values({ study_id: studyId, site_id: otherSite }).execute()
  const other = await db.kysely
    .insertInto('subject')
    .values({ study_id: studyId, site_id: otherSite, code: 'OTH01-001', status: 'consented', sex: 'F', age_years: 30, dose_level: null, ld_start_date: null, infusion_date: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  otherSubject = other.id
  for (const role of ROLES) await makeUser(db, `matrix.${role.replace('_', '-')}`, [role], [ownSite], clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

const key = (method: string, url: string) => `${method} ${url}`

describe('route-by-route access matrix', () => {
  it('documents every registered API route, and only those', () => {
    const registered = app.routeTable.map((r) => key(r.method, r.url)).sort()
    const documented = Object.keys(ROUTE_ACCESS).sort()
    expect(registered.filter((k) => !(k in ROUTE_ACCESS)), 'routes without an entry in access-matrix.ts').toEqual([])
    expect(documented.filter((k) => !registered.includes(k)), 'entries for routes that do not exist').toEqual([])
  })

  it('declares on each route the same access as the matrix', () => {
    for (const r of app.routeTable) expect(r.access, key(r.method, r.url)).toBe(ROUTE_ACCESS[key(r.method, r.url)]?.access)
  })

  it('answers 401 to an anonymous caller on every non-public route, whatever the body', async () => {
    for (const r of app.routeTable) {
      if (r.access === 'public') continue
      const url = r.url.replace(/:[A-Za-z]+/g, '1')
      const res = await app.inject({ method: r.method as 'GET', url, payload: r.method === 'GET' ? undefined : { junk: true } })
      expect(res.statusCode, key(r.method, r.url)).toBe(401)
    }
  })

  const readable = () => Object.entries(ROUTE_ACCESS).filter((e): e is [string, RouteRule & { scope: 'subject' | 'study' | 'none'; action: RouteRule['action'] }] => e[0].startsWith('GET ') && e[1].access === 'user' && e[1].scope !== 'other' && e[1].action !== undefined)
  for (const role of ROLES) {
    it(`gives a ${role} what the policy says on every study and subject read, at its own site and another`, async () => {
      const headers = await login(app, `matrix.${role.replace('_', '-')}`)
      const who = { userId: 0, username: '', roles: [role] as Role[], siteIds: [ownSite] }
      for (const [route, rule] of readable()) {
        const url = route.slice(4) + (rule.query ?? '')
        const cases: { url: string; siteId?: number }[] =
          rule.scope === 'subject'
            ? [
                { url: url.replace(':id', String(ownSubject)), siteId: ownSite },
                { url: url.replace(':id', String(otherSubject)), siteId: otherSite },
              ]
            : rule.scope === 'study'
              ? [{ url: url.replace(':id', String(studyId)) }]
              : [{ url }]
        const wrong: string[] = []
        for (const c of cases) {
          const allowed = rule.action === null || rule.action === undefined || canAccess(who, rule.action, c.siteId)
          const res = await app.inject({ method: 'GET', url: c.url, headers })
          const label = `${role} GET ${c.url} (${c.siteId === undefined ? 'study' : c.siteId === ownSite ? 'own site' : 'other site'})`
          if (allowed ? res.statusCode >= 400 : ![403, 404].includes(res.statusCode))
            wrong.push(`${label}: expected ${allowed ? 'allowed' : '403/404'}, got ${res.statusCode} ${res.body.slice(0, 120)}`)
        }
        expect(wrong).toEqual([])
      }
    })
  }
})
