import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb, TEST_ENGINE } from '../testing/test-db.js'
import { buildApp, type App } from '../app.js'
import type { Db } from '../db/connect.js'

let db: Db
let app: App
beforeAll(async () => {
  db = await freshDb()
  app = await buildApp({ db, protocolCount: async () => 4 })
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('GET /api/health', () => {
  it('answers without login, naming the engine and the protocols loaded', async () => {
    const res = await app.inject({ url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: TEST_ENGINE, protocols: 4, embedded: TEST_ENGINE === 'pglite' })
  })
  it('serves the OpenAPI document locally', async () => {
    const res = await app.inject({ url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    expect(Object.keys(res.json().paths)).toContain('/api/health')
  })
  it('answers unknown API routes with a coded 404', async () => {
    const res = await app.inject({ url: '/api/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('not_found')
  })
  it('names the whole body when it is not an object, and a field by its path', async () => {
    for (const payload of ['[]', '"text"', '12', 'null']) {
      const res = await app.inject({ method: 'POST', url: '/api/setup', headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode, payload).toBe(400)
      expect(res.json().error.details.map((d: { path: string }) => d.path), payload).toEqual(['body'])
    }
    const res = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: 'x'.repeat(20) } })
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain('body.password')
  })
})
