import type { Role } from '@celltrial/core'
import type { Db } from '../db/connect.js'
import { buildApp, type App } from '../app.js'
import { createUser, completeSetup } from '../users/accounts.js'

/** A clock the test moves by hand. */
export function fixedClock(start = '2025-06-15T08:00:00.000Z') {
  let t = Date.parse(start)
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms
    },
  }
}

export const PASSWORD = 'correct horse battery staple'

/** Create a site and a study taking part there; returns their ids. */
export async function makeStudyAndSites(db: Db, registryId: string, siteCodes: string[]) {
  const k = db.kysely
  const study = await k
    .insertInto('study')
    .values({ registry_id: registryId, title: `Test study ${registryId}`, product: 'CD19 CAR-T', phase: 'PHASE1', target_enrolment: 10, protocol: '{}', protocol_version: '1.0' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const siteIds: number[] = []
  for (const code of siteCodes) {
    const site = await k.insertInto('site').values({ code, name: `Hospital ${code}`, city: 'Kunming', country: 'China' }).returning('id').executeTakeFirstOrThrow()
    await k.insertInto('study_site').values({ study_id: study.id, site_id: site.id }).execute()
    siteIds.push(site.id)
  }
  return { studyId: study.id, siteIds }
}

/** Create a user with a known password directly (the invitation flow is tested on its own). */
export async function makeUser(db: Db, username: string, roles: Role[], siteIds: number[], now = new Date()) {
  const { userId, setupToken } = await db.kysely.transaction().execute((tx) => createUser(tx, { userId: null, name: 'test' }, now, { username, displayName: username, roles, siteIds }))
  await completeSetup(db.kysely, now, { token: setupToken, password: PASSWORD })
  return userId
}

/** Log in through the API; returns headers to send with later requests. */
export async function login(app: App, username: string, password = PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'celltrial_session')
  const body = res.json<{ csrfToken: string }>()
  return { cookie: `celltrial_session=${cookie?.value ?? ''}`, 'x-csrf-token': body.csrfToken }
}

export async function testApp(db: Db, clock = fixedClock()) {
  return buildApp({ db, clock: clock.now, loginRateLimit: 1000 })
}
