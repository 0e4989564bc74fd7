/**
 * Load test of the HTTP API (issue 10 item 5): subject-page reads and audited form saves, through the real
 * server process, on the embedded database and on PostgreSQL.
 *
 *   node --conditions=@celltrial/source --import tsx bench/load/run.ts [--engine pglite|postgres] [--duration 60]
 *        [--connections N] [--users 8] [--port 3790] [--log info] [--cpu-prof DIR] [--keep] [--workers N]
 *        [--per-endpoint N]
 *
 * - `--engine pglite` (default): a fresh data directory, 20 connections by default.
 * - `--engine postgres`: a fresh database in the cluster of DATABASE_URL (e.g. a throwaway one:
 *   `eval "$(bash scripts/pg-throwaway.sh)"`), 100 connections by default; dropped at the end unless `--keep`.
 *   `--workers N` runs N server processes on the port (`serve --workers`, packages/server/src/cluster.ts).
 * - `--per-endpoint N`: before the load, N requests of each kind one at a time, with the server's CPU per kind.
 *
 * The script starts `celltrial serve --demo` itself, creates the first admin and `--users` coordinators
 * (invited through the API, so the login rate limit of 20 attempts a minute per address allows at most 9),
 * logs each in once, then runs autocannon. Each connection loops over one "visit" of a subject of its
 * user's site: the 7 GET requests the subject page makes, with 3 vital-sign form saves among them (70% reads,
 * 30% audited writes). It prints throughput, p50/p97.5/p99 latency and error counts, then stops the server
 * and checks that every save acknowledged with 201 is in `form_record` with its audit record, and that the
 * audit hash chain verifies. Exit status 1 when a check fails (targets missed are reported, not fatal: the
 * machine may be shared).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { openDb, verifyAuditChain, type Db } from '@celltrial/server'

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string' },
    users: { type: 'string', default: '8' },
    port: { type: 'string', default: String(3700 + Math.floor(Math.random() * 200)) },
    keep: { type: 'boolean' },
    'cpu-prof': { type: 'string' },
    /** before the load, N sequential requests of each kind, one at a time: the server's CPU per request kind */
    'per-endpoint': { type: 'string' },
    /** measure --per-endpoint after the load (on the casebooks it grew) instead of before */
    'per-endpoint-after': { type: 'boolean' },
    /** server processes (CELLTRIAL_WORKERS; PostgreSQL only) */
    workers: { type: 'string', default: '1' },
    /** the server's log level: `info` (the default of a real deployment) logs every request */
    log: { type: 'string', default: 'info' },
  },
})
const engine = values.engine
if (engine !== 'pglite' && engine !== 'postgres')
  throw new Error(`--engine must be pglite or postgres, got ${JSON.stringify(engine)}`)
const duration = Number(values.duration)
const connections = Number(values.connections ?? (engine === 'pglite' ? 20 : 100))
const nUsers = Number(values.users)
if (!(nUsers >= 1 && nUsers <= 9))
  throw new Error(
    `--users must be 1..9 (the login rate limit allows 20 attempts a minute), got ${values.users}`,
  )
const port = Number(values.port)
const TARGETS = { pglite: { p99Ms: 200, rps: 300 }, postgres: { p99Ms: 100, rps: 1000 } }[engine]

const BIN = fileURLToPath(new URL('../../packages/cli/bin/celltrial.mjs', import.meta.url))
const TOKEN = `bench-setup-${randomBytes(12).toString('hex')}`
const PASSWORD = 'load bench passphrase 42'
const base = `http://127.0.0.1:${port}`

// ---- database target ----------------------------------------------------------------------
let dataDir: string | undefined
let pgUrl: string | undefined
let dropPg: (() => Promise<void>) | undefined
if (engine === 'pglite') dataDir = mkdtempSync(join(tmpdir(), 'celltrial-load-'))
else {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('--engine postgres needs DATABASE_URL (eval "$(bash scripts/pg-throwaway.sh)")')
  const { default: pg } = await import('pg')
  const name = `celltrial_load_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  pgUrl = u.toString()
  dropPg = async () => {
    const a = new pg.Client({ connectionString: url })
    await a.connect()
    await a.query(`drop database if exists ${name} with (force)`)
    await a.end()
  }
}
const openBenchDb = (): Promise<Db> =>
  openDb(pgUrl ? { engine: 'postgres', url: pgUrl } : { engine: 'pglite', dataDir: dataDir! })

// ---- server ---------------------------------------------------------------------------------
function startServer(): Promise<ChildProcess> {
  const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--demo'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: pgUrl ?? '',
      CELLTRIAL_DATA_DIR: dataDir ?? tmpdir(),
      CELLTRIAL_SETUP_TOKEN: TOKEN,
      CELLTRIAL_LOG: values.log,
      CELLTRIAL_WORKERS: values.workers,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let ready = false
    // the request log is read and dropped (as a log shipper would), not kept in memory
    child.stdout.on('data', (d: Buffer) => {
      if (ready) return
      out += d.toString()
      if (out.includes('CellTrial is running')) {
        ready = true
        resolve(child)
      }
    })
    child.stderr.on('data', (d: Buffer) => {
      if (!ready) out += d.toString()
      process.stderr.write(d)
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)))
  })
}
/**
 * CPU seconds (user + system) the server has used: its process and, with `--workers`, the server processes it
 * forked, from /proc (Linux). On a shared machine the CPU time per request is a steadier figure than
 * wall-clock throughput.
 */
function cpuSeconds(pid: number): number {
  const stat = (p: number | string) => readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const fields = stat(entry)
      // fields[1] is the parent pid; utime + stime in clock ticks of 1/100 s
      if (Number(entry) === pid || Number(fields[1]) === pid) total += (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      // the process ended while the list was read
    }
  }
  return total
}
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  )

async function call<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; cookie: string }> {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, cookie }
}
async function must<T>(
  path: string,
  init: Parameters<typeof call>[1] = {},
  expected = [200, 201],
): Promise<{ body: T; cookie: string }> {
  const r = await call<T>(path, init)
  if (!expected.includes(r.status))
    throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r
}
async function login(username: string) {
  const r = await must<{ csrfToken: string }>('/api/auth/login', {
    method: 'POST',
    body: { username, password: PASSWORD },
  })
  return { cookie: r.cookie, 'x-csrf-token': r.body.csrfToken }
}

const t0 = performance.now()
const server = await startServer()
console.log(
  `server on ${engine} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
)

let failed = false
try {
  // ---- users and sessions, once ---------------------------------------------------------------
  await must('/api/setup', {
    method: 'POST',
    body: { token: TOKEN, username: 'bench.admin', displayName: 'Bench admin', password: PASSWORD },
  })
  const admin = await login('bench.admin')
  const studies = (await must<{ id: number; registry_id: string }[]>('/api/studies', { headers: admin })).body
  const demo = studies.find((s) => s.registry_id === 'NCT06352281')
  if (!demo) throw new Error('the demo study NCT06352281 is not loaded')
  const study = (
    await must<{ sites: { id: number; code: string }[]; subjects: { id: number; site_code: string }[] }>(
      `/api/studies/${demo.id}`,
      { headers: admin },
    )
  ).body
  const sites = study.sites.filter((s) => study.subjects.some((x) => x.site_code === s.code))
  const visits: { subjectId: number; headers: Record<string, string> }[] = []
  for (let i = 0; i < nUsers; i++) {
    const site = sites[i % sites.length]!
    const username = `bench.coord${i + 1}`
    const invited = await must<{ setupToken: string }>('/api/users', {
      method: 'POST',
      headers: admin,
      body: {
        username,
        displayName: `Bench coordinator ${i + 1}`,
        roles: ['coordinator'],
        siteIds: [site.id],
      },
    })
    await must('/api/setup', { method: 'POST', body: { token: invited.body.setupToken, password: PASSWORD } })
    const headers = await login(username)
    for (const s of study.subjects.filter((x) => x.site_code === site.code))
      visits.push({ subjectId: s.id, headers })
  }
  console.log(
    `${nUsers} coordinator sessions over ${sites.length} site(s), ${new Set(visits.map((v) => v.subjectId)).size} subjects`,
  )

  // ---- the scenario -------------------------------------------------------------------------------
  const SUBJECT_PAGE = [
    '',
    '/safety?v=0',
    '/journey',
    '/visits',
    '/response',
    '/dlt-assessment?v=0',
    // the record list as the page first asks for it: the latest 25 of each form type (DataEntrySection PAGE)
    '/forms?r=0&limit=25',
  ]
  const measuredAt = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16)
  let nextVisit = 0
  let nextWrite = 0
  /** saves acknowledged with 201: the record id the server returned and the heart rate sent */
  const acked: { id: number; heartRate: number }[] = []
  const writeStatus = new Map<number, number>()
  // one loop = one visit: 7 of the subject page's reads with 3 saves among them (R R W R R W R R W R)
  const read = (suffix: string, first: boolean) => ({
    method: 'GET',
    setupRequest: (req: object, ctx: Record<string, unknown>) => {
      // a new loop is a new visit: the next subject (and its site's session), round robin
      if (first) ctx.visit = visits[nextVisit++ % visits.length]
      const v = ctx.visit as (typeof visits)[number]
      return {
        ...req,
        method: 'GET',
        path: `/api/subjects/${v.subjectId}${suffix}`,
        headers: { cookie: v.headers.cookie! },
      }
    },
  })
  const save = () => ({
    method: 'POST',
    setupRequest: (req: object, ctx: Record<string, unknown>) => {
      const v = ctx.visit as (typeof visits)[number]
      // a bedside entry (BedsideQuickEntry): no visit label; told apart by the id the server returns
      const heartRate = 60 + (++nextWrite % 40)
      ctx.heartRate = heartRate
      const body = {
        formType: 'vital_signs',
        data: {
          measuredAt,
          temperatureC: 36.8,
          systolicMmHg: 118,
          diastolicMmHg: 72,
          heartRate,
          spo2Percent: 98,
        },
      }
      return {
        ...req,
        method: 'POST',
        path: `/api/subjects/${v.subjectId}/forms`,
        headers: { ...v.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }
    },
    onResponse: (status: number, body: string, ctx: Record<string, unknown>) => {
      writeStatus.set(status, (writeStatus.get(status) ?? 0) + 1)
      if (status === 201) acked.push({ id: (JSON.parse(body) as { id: number }).id, heartRate: ctx.heartRate as number })
    },
  })
  const [r0, r1, r2, r3, r4, r5, r6] = SUBJECT_PAGE.map((suffix, i) => read(suffix, i === 0))
  const requests = [r0!, r1!, save(), r2!, r3!, save(), r4!, r5!, save(), r6!]

  /** one request of each kind at a time, so the server's CPU time divides exactly among them */
  const perEndpoint = async (n: number) => {
    const v = visits[0]!
    const kinds: [string, () => Promise<unknown>][] = [
      ...SUBJECT_PAGE.map((suffix): [string, () => Promise<unknown>] => [
        `GET /api/subjects/:id${suffix}`,
        () => must(`/api/subjects/${v.subjectId}${suffix}`, { headers: { cookie: v.headers.cookie! } }),
      ]),
      [
        'POST /api/subjects/:id/forms (vital signs)',
        () =>
          must(`/api/subjects/${v.subjectId}/forms`, {
            method: 'POST',
            headers: v.headers,
            body: {
              formType: 'vital_signs',
              data: { measuredAt, temperatureC: 36.8, systolicMmHg: 118, diastolicMmHg: 72, heartRate: 70, spo2Percent: 98 },
            },
          }),
      ],
    ]
    for (const [name, fn] of kinds) {
      for (let i = 0; i < 5; i++) await fn()
      const c0 = cpuSeconds(server.pid!)
      const t0 = performance.now()
      for (let i = 0; i < n; i++) await fn()
      const ms = (performance.now() - t0) / n
      console.log(`  ${name.padEnd(48)} ${ms.toFixed(2).padStart(7)} ms each, server CPU ${(((cpuSeconds(server.pid!) - c0) * 1000) / n).toFixed(2).padStart(6)} ms`)
    }
  }
  if (values['per-endpoint'] && !values['per-endpoint-after']) await perEndpoint(Number(values['per-endpoint']))

  console.log(
    `running ${duration} s with ${connections} connections: the 7 subject-page GETs and 3 form saves per loop`,
  )
  const cpu0 = cpuSeconds(server.pid!)
  const result = await autocannon({ url: base, connections, duration, timeout: 30, requests })
  const cpuPerRequestMs = ((cpuSeconds(server.pid!) - cpu0) * 1000) / result.requests.total
  const rps = result.requests.average
  const p99 = result.latency.p99
  console.log(
    [
      `engine ${engine}, ${connections} connections, ${values.workers} server process(es), ${result.duration} s`,
      `  throughput  ${rps.toFixed(0)} req/s (${result.requests.total} requests; ${(result.requests.total / result.duration).toFixed(0)} req/s overall)`,
      `  latency     p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${p99} ms, max ${result.latency.max} ms`,
      `  server CPU  ${cpuPerRequestMs.toFixed(1)} ms per request (Node processes; at most ~${(1000 / cpuPerRequestMs).toFixed(0)} req/s per core it has to itself)`,
      `  errors      ${result.errors} connection errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
      `  status      ${Object.entries(result.statusCodeStats)
        .map(([code, s]) => `${code}: ${s.count}`)
        .join(', ')}`,
      `  saves       ${[...writeStatus].map(([code, n]) => `${code}: ${n}`).join(', ')} (${acked.length} acknowledged)`,
      `  target      p99 < ${TARGETS.p99Ms} ms at >= ${TARGETS.rps} req/s: ${p99 < TARGETS.p99Ms && rps >= TARGETS.rps ? 'met' : 'MISSED'}`,
      `  load avg    ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (shared machine: other processes count)`,
    ].join('\n'),
  )
  if (result.errors > 0 || result.non2xx > 0) failed = true
  if (values['per-endpoint'] && values['per-endpoint-after']) {
    console.log('  per request, one at a time, after the load:')
    await perEndpoint(Number(values['per-endpoint']))
  }

  // ---- every acknowledged write is there, with its audit record ------------------------------------
  server.kill('SIGTERM')
  await exited(server)
  const db = await openBenchDb()
  try {
    const rows = await db.kysely
      .selectFrom('form_record')
      .select(['id', 'data'])
      .where('id', 'in', acked.length === 0 ? [0] : acked.map((a) => a.id))
      .execute()
    // present, with the value that was sent (an acknowledged save neither lost nor half-applied)
    const stored = new Map(rows.map((r) => [r.id, (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { heartRate: number }]))
    const lost = acked.filter((a) => stored.get(a.id)?.heartRate !== a.heartRate)
    const audited = new Set(
      (
        await db.kysely
          .selectFrom('audit_event')
          .select('entity_id')
          .where('entity', '=', 'form_record')
          .where('action', '=', 'create')
          .execute()
      ).map((a) => a.entity_id),
    )
    const unaudited = rows.filter((r) => !audited.has(String(r.id)))
    const chain = await verifyAuditChain(db.kysely)
    console.log(
      `  durability  ${acked.length} acknowledged saves, ${lost.length} missing, ${unaudited.length} without audit record; ` +
        `audit chain ${chain.ok ? `verifies (${chain.checked} records)` : `BROKEN at ${JSON.stringify(chain.firstBroken)}`}`,
    )
    if (lost.length > 0 || unaudited.length > 0 || !chain.ok) failed = true
  } finally {
    await db.close()
  }
} finally {
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM')
    await exited(server)
  }
  if (dataDir && !values.keep) rmSync(dataDir, { recursive: true, force: true })
  if (dropPg && !values.keep) await dropPg()
}
process.exit(failed ? 1 : 0)
