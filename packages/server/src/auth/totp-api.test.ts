import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock, login, makeStudyAndSites, makeUser, PASSWORD } from '../testing/fixtures.js'
import { buildApp, type App } from '../app.js'
import type { Db } from '../db/connect.js'
import { base32Decode, totp } from './totp.js'
import { verifyAuditChain } from '../audit/chain.js'

/** Issue 10 item 1: the optional TOTP second factor through the API (enrol, login, replay, lockout, reset). */
let db: Db
let app: App
const clock = fixedClock('2025-06-15T08:00:10.000Z')
const KEY = Buffer.alloc(32, 0x5a)
let adminId: number
let userId: number

beforeAll(async () => {
  db = await freshDb()
  app = await buildApp({ db, clock: clock.now, loginRateLimit: 1000, totpKey: KEY })
  const { siteIds } = await makeStudyAndSites(db, 'NCT00000010', ['KM'])
  adminId = await makeUser(db, 'totp.admin', ['admin'], [], clock.now())
  userId = await makeUser(db, 'totp.user', ['coordinator'], siteIds, clock.now())
  await makeUser(db, 'totp.other', ['coordinator'], siteIds, clock.now())
})
afterAll(async () => {
  await app.close()
  await db.close()
})

const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
  app.inject({ method: 'POST', url, headers, payload })
const loginWith = (username: string, totpCode?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD, ...(totpCode === undefined ? {} : { totpCode }) },
  })

let secret: Buffer

describe('TOTP enrolment', () => {
  it('returns the secret and otpauth URI once, and login is unchanged until a valid code confirms it', async () => {
    const headers = await login(app, 'totp.user')
    expect((await app.inject({ url: '/api/auth/totp', headers })).json()).toEqual({
      enabled: false,
      pending: false,
    })
    const res = await post('/api/auth/totp/enrol', headers)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json<{ secret: string; uri: string }>()
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(body.uri).toBe(
      `otpauth://totp/CellTrial:totp.user?secret=${body.secret}&issuer=CellTrial&algorithm=SHA1&digits=6&period=30`,
    )
    secret = base32Decode(body.secret)

    // stored encrypted with the configured key, never in clear, never returned again
    const row = await db.kysely
      .selectFrom('user_totp')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    expect(row.secret).toMatch(/^aes256gcm:/)
    expect(row.secret).not.toContain(secret.toString('hex'))
    const status = await app.inject({ url: '/api/auth/totp', headers })
    expect(status.json()).toEqual({ enabled: false, pending: true })
    expect(status.body).not.toContain(body.secret)
    const audit = await db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('entity', '=', 'user')
      .where('entity_id', '=', String(userId))
      .execute()
    expect(JSON.stringify(audit)).not.toContain(body.secret)
    expect(audit.map((a) => a.action)).toContain('totp_enrolment_started')

    // still a password-only login while pending
    expect((await loginWith('totp.user')).statusCode).toBe(200)

    const wrong = await post('/api/auth/totp/confirm', headers, {
      code: '000000' === totp(secret, clock.now().getTime()) ? '111111' : '000000',
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.details[0].path).toBe('code')
    const ok = await post('/api/auth/totp/confirm', headers, { code: totp(secret, clock.now().getTime()) })
    expect(ok.statusCode).toBe(200)
    expect((await app.inject({ url: '/api/auth/totp', headers })).json()).toEqual({
      enabled: true,
      pending: false,
    })
    // a second enrolment would replace the secret: refused while enabled
    const again = await post('/api/auth/totp/enrol', headers)
    expect(again.statusCode).toBe(409)
  })
})

describe('login with a second factor', () => {
  it('asks for the code after a right password, and accepts a fresh code once', async () => {
    const missing = await loginWith('totp.user')
    expect(missing.statusCode).toBe(401)
    expect(missing.json().error.code).toBe('totp_required')
    expect(missing.cookies.find((c) => c.name === 'celltrial_session')).toBeUndefined()

    // the code of the confirmation step is already used: the next step's code is needed
    expect((await loginWith('totp.user', totp(secret, clock.now().getTime()))).statusCode).toBe(401)
    clock.advance(30_000)
    const code = totp(secret, clock.now().getTime())
    const ok = await loginWith('totp.user', code)
    expect(ok.statusCode).toBe(200)
    expect(ok.cookies.find((c) => c.name === 'celltrial_session')?.value).toBeTruthy()

    // replay of the same code within its validity: refused
    const replay = await loginWith('totp.user', code)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().error).toMatchObject({
      code: 'invalid_credentials',
      message: 'wrong or already used authentication code',
    })
  })

  it("accepts the previous step's code (clock drift) but not one two steps old", async () => {
    clock.advance(60_000)
    const twoOld = totp(secret, clock.now().getTime() - 60_000)
    const oneOld = totp(secret, clock.now().getTime() - 30_000)
    expect((await loginWith('totp.user', twoOld)).statusCode).toBe(401)
    expect((await loginWith('totp.user', oneOld)).statusCode).toBe(200)
  })

  it('counts wrong codes toward the account lockout', async () => {
    clock.advance(30_000)
    await db.kysely.updateTable('app_user').set({ failed_logins: 0 }).where('id', '=', userId).execute()
    const good = totp(secret, clock.now().getTime())
    const bad = String((Number(good) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 5; i++) expect((await loginWith('totp.user', bad)).statusCode).toBe(401)
    const locked = await loginWith('totp.user', good)
    expect(locked.statusCode).toBe(423)
    const actions = await db.kysely
      .selectFrom('audit_event')
      .select('action')
      .where('entity', '=', 'user')
      .where('entity_id', '=', String(userId))
      .execute()
    expect(actions.map((a) => a.action)).toContain('login_failed_totp_locked')
    clock.advance(16 * 60_000)
    expect((await loginWith('totp.user', totp(secret, clock.now().getTime()))).statusCode).toBe(200)
  })
})

describe('admin reset', () => {
  it('is refused to non-admins and audited with its reason for admins; the user then logs in without a code', async () => {
    const other = await login(app, 'totp.other')
    const refused = await post(`/api/users/${userId}/totp/reset`, other, { reason: 'lost phone' })
    expect(refused.statusCode).toBe(403)
    const admin = await login(app, 'totp.admin')
    expect((await post(`/api/users/${userId}/totp/reset`, admin, {})).statusCode).toBe(400)
    const res = await post(`/api/users/${userId}/totp/reset`, admin, { reason: 'lost phone' })
    expect(res.statusCode).toBe(200)
    const record = await db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'totp_reset')
      .executeTakeFirstOrThrow()
    expect(record).toMatchObject({ actor_user_id: adminId, entity_id: String(userId), reason: 'lost phone' })
    expect((await post(`/api/users/${userId}/totp/reset`, admin, { reason: 'again' })).statusCode).toBe(404)
    expect((await post('/api/users/999999/totp/reset', admin, { reason: 'x' })).statusCode).toBe(404)
    expect((await loginWith('totp.user')).statusCode).toBe(200)
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
  })
})
