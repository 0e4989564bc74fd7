import { afterAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshPostgresUrl, TEST_ENGINE } from '../testing/test-db.js'
import { openDb } from '../db/connect.js'
import { verifyAuditChain } from '../audit/chain.js'

/**
 * Issue "Trustworthy under attack, load and failure", item 3: writes go through the real server process,
 * which is killed with SIGKILL in the middle of the load; after a restart every write acknowledged to a
 * client must be there, none half-applied (each lab row has its audit record), and the chain verifies.
 */
const BIN = fileURLToPath(new URL('../../../cli/bin/celltrial.mjs', import.meta.url))
const TOKEN = 'crash-test-setup-token-0123456789'
const PASSWORD = 'crash test passphrase 42'
let port = 3400 + Math.floor(Math.random() * 400)

/** Ports of this range that fetch refuses to use ("bad port", WHATWG Fetch standard §2.9: 3659 apple-sasl). */
const FETCH_BAD_PORTS = new Set([3659])

function start(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  do port++
  while (FETCH_BAD_PORTS.has(port))
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', CELLTRIAL_SETUP_TOKEN: TOKEN, CELLTRIAL_LOG: 'error', CELLTRIAL_SNAPSHOT_MINUTES: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const base = `http://127.0.0.1:${port}`
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('CellTrial is running')) resolve({ child, base, output: () => out })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)))
  })
}

async function api(base: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  })
  return res
}

/** Resolves when the process has exited, also when it already had. */
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

describe(`crash safety on ${TEST_ENGINE}`, () => {
  it('keeps every acknowledged write across a SIGKILL, with its audit record, and the chain verifies', { timeout: 180_000 }, async () => {
    const env: Record<string, string> = { DATABASE_URL: '' }
    if (TEST_ENGINE === 'postgres') {
      const pg = await freshPostgresUrl()
      cleanups.push(pg.drop)
      env.DATABASE_URL = pg.url
    } else env.CELLTRIAL_DATA_DIR = mkdtempSync(join(tmpdir(), 'celltrial-crash-'))

    const first = await start(env)
    cleanups.push(async () => void first.child.kill('SIGKILL'))
    expect((await api(first.base, '/api/setup', { method: 'POST', body: { token: TOKEN, username: 'crash.admin', displayName: 'Crash', password: PASSWORD } })).status).toBe(200)
    const login = await api(first.base, '/api/auth/login', { method: 'POST', body: { username: 'crash.admin', password: PASSWORD } })
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const headers = { cookie, 'x-csrf-token': csrfToken }

    // four clients write lab values as fast as the server acknowledges them
    const acked: number[] = []
    let stop = false
    const client = async (k: number) => {
      for (let i = 0; !stop; i++) {
        const value = k * 100_000 + i
        try {
          const res = await api(first.base, '/api/subjects/1/labs', { method: 'POST', headers, body: { testCode: 'PLAT', value, unit: '10^9/L', collectedOn: '2025-06-01' } })
          if (res.status === 201) acked.push(value)
        } catch {
          return // connection refused or reset: the server is gone
        }
      }
    }
    const clients = [1, 2, 3, 4].map(client)
    // kill mid-load: once at least 1.5 s have passed and 20 writes were acknowledged (a busy machine is slower)
    const t0 = Date.now()
    while (Date.now() - t0 < 1500 || (acked.length < 20 && Date.now() - t0 < 60_000)) await new Promise((r) => setTimeout(r, 50))
    first.child.kill('SIGKILL')
    stop = true
    await Promise.all(clients)
    await exited(first.child)
    expect(acked.length).toBeGreaterThan(10)

    const second = await start(env)
    // if the restarted server does not answer, say why: the fetch error's cause, the process state, its output
    const health = await api(second.base, '/api/health').catch((e: unknown) => {
      const cause = e instanceof Error && e.cause ? JSON.stringify(e.cause, Object.getOwnPropertyNames(e.cause)) : ''
      throw new Error(`the restarted server did not answer: ${String(e)} ${cause} (exit ${second.child.exitCode}, signal ${second.child.signalCode}):\n${second.output()}`)
    })
    expect(health.status).toBe(200)
    second.child.kill('SIGTERM')
    await exited(second.child)

    const db = await openDb(env.DATABASE_URL ? { engine: 'postgres', url: env.DATABASE_URL } : { engine: 'pglite', dataDir: env.CELLTRIAL_DATA_DIR! })
    try {
      const labs = await db.kysely.selectFrom('lab_result').select(['id', 'value']).where('value', '>=', 100_000).execute()
      const stored = new Set(labs.map((l) => l.value))
      const lost = acked.filter((v) => !stored.has(v))
      expect(lost).toEqual([])
      // nothing half-applied: every stored lab row has its audit record
      const audited = await db.kysely.selectFrom('audit_event').select('entity_id').where('entity', '=', 'lab_result').where('action', '=', 'create').execute()
      const auditedIds = new Set(audited.map((a) => a.entity_id))
      expect(labs.filter((l) => !auditedIds.has(String(l.id)))).toEqual([])
      expect((await verifyAuditChain(db.kysely)).ok).toBe(true)
    } finally {
      await db.close()
    }
  })
})
