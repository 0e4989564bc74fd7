import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { freshDb } from './testing/test-db.js'
import { buildApp, type App } from './app.js'
import type { Db } from './db/connect.js'

/** The server's request log: one line per request, with what an operator looks for. */
let db: Db
let app: App
const lines: Record<string, unknown>[] = []

beforeAll(async () => {
  db = await freshDb()
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  app = await buildApp({ db, logger: { level: 'info', stream } })
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('request log', () => {
  it('writes one line per request: request id, method, URL, client address, status and response time', async () => {
    lines.length = 0
    const res = await app.inject({ method: 'GET', url: '/api/health?probe=1' })
    const missing = await app.inject({ method: 'GET', url: '/api/no-such-route' })
    expect([res.statusCode, missing.statusCode]).toEqual([200, 404])
    const requests = lines.filter((l) => l.req !== undefined || l.res !== undefined)
    expect(requests).toHaveLength(2)
    expect(requests[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/api/health?probe=1', remoteAddress: '127.0.0.1' }, res: { statusCode: 200 } })
    expect(requests[1]).toMatchObject({ req: { url: '/api/no-such-route' }, res: { statusCode: 404 } })
    expect(typeof requests[0]!.reqId).toBe('string')
    expect(requests[0]!.reqId).not.toBe(requests[1]!.reqId)
    expect(requests[0]!.responseTime).toBeGreaterThanOrEqual(0)
  })
})
