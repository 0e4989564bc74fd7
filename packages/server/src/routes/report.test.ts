import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseXml } from '@celltrial/core'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeUser, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { loadProtocols } from '../demo/load-protocols.js'
import { loadDemoCohort } from '../demo/load-demo.js'

/**
 * GET /api/studies/:id/report(.html) on the embedded demo cohort: the model over the subjects the caller may
 * see, the self-contained page marked as synthetic, both languages; site scoping; login required.
 */
let db: Db
let app: App
let studyId: number
const clock = fixedClock('2025-06-15T08:00:00.000Z')

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
  await loadProtocols(db.kysely, loadSeedProtocols(), clock.now())
  await loadDemoCohort(db.kysely, clock.now())
  const s = await db.kysely.selectFrom('subject').select(['study_id', 'site_id']).orderBy('id').executeTakeFirstOrThrow()
  studyId = s.study_id
  await makeUser(db, 'coord.demo', ['coordinator'], [s.site_id], clock.now())
  const other = await db.kysely.insertInto('site').values({ code: 'RPT02', name: 'Other hospital', city: 'Suzhou', country: 'China' }).returning('id').executeTakeFirstOrThrow()
  await db.kysely.insertInto('study_site').values({ study_id: studyId, site_id: other.id }).execute()
  await makeUser(db, 'coord.other', ['coordinator'], [other.id], clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('study report', () => {
  it('builds the model from the stored demo cohort with the cut-off defaulting to the server date', async () => {
    const res = await app.inject({ url: `/api/studies/${studyId}/report`, headers: await login(app, 'coord.demo') })
    expect(res.statusCode).toBe(200)
    const body = res.json<{ report: { cutoff: string; groups: { id: string; n: number; efficacy: { orr: { x: number; n: number } }; baseline: { age: { median: number } } }[] }; demo: boolean }>()
    expect(body.demo).toBe(true)
    expect(body.report.cutoff).toBe('2025-06-15')
    const all = body.report.groups.at(-1)!
    expect([all.n, all.efficacy.orr.x, all.efficacy.orr.n, all.baseline.age.median]).toEqual([4, 3, 4, 12.5])
  })

  it('serves the self-contained HTML page in Chinese, marked as synthetic, with six well-formed figures', async () => {
    const res = await app.inject({ url: `/api/studies/${studyId}/report.html?lang=zh-CN&cutoff=2025-06-15`, headers: await login(app, 'coord.demo') })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.body).toContain('合成演示数据')
    const svgs = [...res.body.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0])
    expect(svgs).toHaveLength(6)
    for (const svg of svgs) expect(parseXml(svg).name).toBe('svg')
  })

  it('covers only the subjects the caller may see, and needs a login and a valid cut-off', async () => {
    const other = await app.inject({ url: `/api/studies/${studyId}/report`, headers: await login(app, 'coord.other') })
    expect(other.statusCode).toBe(200)
    expect(other.json<{ report: { groups: { n: number }[] } }>().report.groups.at(-1)!.n).toBe(0)
    const page = await app.inject({ url: `/api/studies/${studyId}/report.html`, headers: await login(app, 'coord.other') })
    expect(page.statusCode).toBe(200)
    expect((await app.inject({ url: `/api/studies/${studyId}/report` })).statusCode).toBe(401)
    expect((await app.inject({ url: `/api/studies/${studyId}/report?cutoff=15/06/2025`, headers: await login(app, 'coord.demo') })).statusCode).toBe(400)
  })
})
