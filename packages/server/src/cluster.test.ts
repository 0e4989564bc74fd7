import { afterAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freshPostgresUrl, TEST_ENGINE } from './testing/test-db.js'
import { openDb } from './db/connect.js'
import { verifyAuditChain } from './audit/chain.js'
import { readConfig } from './config.js'

/**
 * Several server processes on one port (cluster.ts): sessions, writes and the audit chain are shared through
 * PostgreSQL, a dead process is replaced, SIGTERM stops them all. The embedded database refuses more than one.
 */
const BIN = fileURLToPath(new URL('../../cli/bin/celltrial.mjs', import.meta.url))
const TOKEN = 'cluster-test-setup-token-0123456789'
const PASSWORD = 'cluster test passphrase 42'
const port = 3800 + Math.floor(Math.random() * 190)
const base = `http://127.0.0.1:${port}`

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(base + path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  })
}
async function waitFor(check: () => boolean, what: string, ms = 60_000) {
  const t0 = Date.now()
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('several server processes', () => {
  it('refuses more than one process on the embedded database, naming the variable', () => {
    expect(() => readConfig({ CELLTRIAL_WORKERS: '2' }, '/tmp')).toThrow(/CELLTRIAL_WORKERS="2": several server processes need a PostgreSQL server/)
    expect(readConfig({ CELLTRIAL_WORKERS: '2', DATABASE_URL: 'postgres://h/db' }, '/tmp').workers).toBe(2)
    expect(readConfig({}, '/tmp').workers).toBe(1)
  })

  it.skipIf(TEST_ENGINE !== 'postgres')('share sessions and the audit chain; a dead process is replaced; SIGTERM stops all', { timeout: 180_000 }, async () => {
    const pg = await freshPostgresUrl()
    cleanups.push(pg.drop)
    const child = spawn(process.execPath, [BIN, 'serve', '--workers', '2'], {
      env: { ...process.env, DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1', CELLTRIAL_SETUP_TOKEN: TOKEN, CELLTRIAL_LOG: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    cleanups.push(async () => void child.kill('SIGKILL'))
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    await waitFor(() => out.includes('CellTrial is running') || child.exitCode !== null, 'the server')
    expect(out).toContain('with 2 server processes')

    expect((await api('/api/setup', { method: 'POST', body: { token: TOKEN, username: 'cluster.admin', displayName: 'Cluster', password: PASSWORD } })).status).toBe(200)
    const login = await api('/api/auth/login', { method: 'POST', body: { username: 'cluster.admin', password: PASSWORD } })
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const headers = { cookie, 'x-csrf-token': csrfToken }

    // audited writes side by side: each process appends to the one chain
    const invites = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api('/api/users', { method: 'POST', headers, body: { username: `cluster.user${i}`, displayName: `User ${i}`, roles: ['monitor'], siteIds: [] } }),
      ),
    )
    expect(invites.map((r) => r.status)).toEqual(Array(12).fill(201))
    // both processes answered with the one session (the request log names each process's pid)
    const pids = () => new Set([...out.matchAll(/"pid":(\d+)[^\n]*"url":"\/api\/users"/g)].map((m) => m[1]))
    expect(pids().size).toBe(2)

    // a process that dies is replaced, and the app keeps answering meanwhile
    const victim = Number([...pids()][0])
    process.kill(victim, 'SIGKILL')
    await waitFor(() => out.includes(`Server process ${victim} exited (SIGKILL); starting another.`), 'the replacement')
    for (let i = 0; i < 6; i++) expect((await api('/api/auth/me', { headers })).status).toBe(200)

    child.kill('SIGTERM')
    await exited(child)
    expect(child.exitCode).toBe(0)

    const db = await openDb({ engine: 'postgres', url: pg.url })
    try {
      const users = await db.kysely.selectFrom('app_user').select('username').where('username', 'like', 'cluster.user%').execute()
      expect(users).toHaveLength(12)
      const audited = await db.kysely.selectFrom('audit_event').select('id').where('entity', '=', 'user').where('action', '=', 'create').execute()
      expect(audited.length).toBeGreaterThanOrEqual(13)
      expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
    } finally {
      await db.close()
    }
  })
})
