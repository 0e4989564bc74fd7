import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD, testApp } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import type { App } from '../app.js'
import { firstRunSetupToken } from '../users/accounts.js'

let db: Db
let app: App
const clock = fixedClock()

beforeAll(async () => {
  db = await freshDb()
  app = await testApp(db, clock)
})
afterAll(async () => {
  await app.close()
  await db.close()
})

describe('first-run setup', () => {
  it('creates the first admin once from the one-time token, with no default password', async () => {
    expect((await app.inject({ url: '/api/setup/status' })).json()).toEqual({ needsSetup: true })
    const token = await firstRunSetupToken(db.kysely, clock.now())
    expect(token).toBeTypeOf('string')
    const weak = await app.inject({ method: 'POST', url: '/api/setup', payload: { token, username: 'chief', displayName: 'Chief', password: 'short' } })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error.details[0].path).toBe('password')
    const ok = await app.inject({ method: 'POST', url: '/api/setup', payload: { token, username: 'chief', displayName: 'Chief', password: PASSWORD } })
    expect(ok.statusCode).toBe(200)
    const again = await app.inject({ method: 'POST', url: '/api/setup', payload: { token, username: 'chief2', displayName: 'C2', password: PASSWORD } })
    expect(again.statusCode).toBe(401)
    expect((await app.inject({ url: '/api/setup/status' })).json()).toEqual({ needsSetup: false })
    expect(await firstRunSetupToken(db.kysely, clock.now())).toBeUndefined()
    const me = await app.inject({ url: '/api/auth/me', headers: await login(app, 'chief') })
    expect(me.json().roles).toEqual(['admin'])
  })
})

describe('login and sessions', () => {
  beforeAll(async () => {
    const { siteIds } = await makeStudyAndSites(db, 'NCT00000001', ['KM'])
    await makeUser(db, 'coord.km', ['coordinator'], siteIds, clock.now())
    await makeUser(db, 'locked.out', ['coordinator'], siteIds, clock.now())
  })

  it('sets an HttpOnly SameSite=Strict session cookie and returns a CSRF token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'coord.km', password: PASSWORD } })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'celltrial_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Strict')
    expect(res.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(res.json()).not.toHaveProperty('password_hash')
  })

  it('refuses a wrong password without saying which part was wrong', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'coord.km', password: 'nope' } })
    expect(res.statusCode).toBe(401)
    expect(res.json().error).toMatchObject({ code: 'invalid_credentials', message: 'wrong username or password' })
    const ghost = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope' } })
    expect(ghost.json().error.message).toBe('wrong username or password')
  })

  it('locks an account after five failures in a row, even with the right password', async () => {
    for (let i = 0; i < 5; i++)
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locked.out', password: 'wrong' } })
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locked.out', password: PASSWORD } })
    expect(res.statusCode).toBe(423)
    clock.advance(16 * 60_000)
    const later = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locked.out', password: PASSWORD } })
    expect(later.statusCode).toBe(200)
  })

  it('requires the CSRF header on state-changing requests', async () => {
    const headers = await login(app, 'coord.km')
    const noCsrf = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: headers.cookie } })
    expect(noCsrf.statusCode).toBe(403)
    expect(noCsrf.json().error.code).toBe('csrf_failed')
    const ok = await app.inject({ method: 'POST', url: '/api/auth/logout', headers })
    expect(ok.statusCode).toBe(200)
    const after = await app.inject({ url: '/api/auth/me', headers })
    expect(after.statusCode).toBe(401)
  })

  it('ends a session after 30 idle minutes', async () => {
    const headers = await login(app, 'coord.km')
    expect((await app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(200)
    clock.advance(31 * 60_000)
    expect((await app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401)
  })

  it('rejects anonymous calls to protected routes', async () => {
    const res = await app.inject({ url: '/api/studies' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthenticated')
  })
})
