import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { loadSeedProtocols } from '@celltrial/protocols'
import { freshDb, TEST_ENGINE } from '../testing/test-db.js'
import { makeUser } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import { loadProtocols } from '../demo/load-protocols.js'
import { loadDemoCohort } from '../demo/load-demo.js'
import { verifyAuditChain } from '../audit/chain.js'
import { canonicalJson } from '../audit/canonical-json.js'
import { restoreBackup, writeBackup } from './backup.js'
import { listTables } from './tables.js'
import { writeSnapshot } from './snapshot.js'

let source: Db
const dir = mkdtempSync(join(tmpdir(), 'celltrial-backup-'))
const now = new Date('2025-06-15T08:00:00.000Z')

beforeAll(async () => {
  source = await freshDb()
  await loadProtocols(source.kysely, loadSeedProtocols(), now)
  await loadDemoCohort(source.kysely, now)
  await makeUser(source, 'li.na', ['coordinator'], [1], now)
})
afterAll(async () => {
  await source.close()
})

async function dumpAll(db: Db) {
  const out: Record<string, string[]> = {}
  for (const t of await listTables(db.kysely)) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(db.kysely)
    out[t.name] = rows.rows.map((r) => canonicalJson(r)).sort()
  }
  return out
}

describe('backup and restore', () => {
  it('round-trips every table and the audit chain', async () => {
    const file = join(dir, 'round-trip.jsonl')
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', onWarning)
    const written = await writeBackup(source.kysely, file, { engine: source.engine, now }).finally(() => process.off('warning', onWarning))
    // waiting for 'drain' many times leaves no listener behind (it used to add one 'error' listener each time)
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([])
    expect(written.subject).toBe(4)
    expect(existsSync(`${file}.partial`)).toBe(false)
    const target = await freshDb()
    try {
      const restored = await restoreBackup(target.kysely, file)
      expect(restored).toEqual(Object.fromEntries(Object.entries(written).filter(([, n]) => n > 0)))
      expect(await dumpAll(target)).toEqual(await dumpAll(source))
      expect((await verifyAuditChain(target.kysely)).ok).toBe(true)
      // sequences moved past the restored ids: a new row gets a fresh id
      const site = await target.kysely.insertInto('site').values({ code: 'NEW01', name: 'New', city: null, country: 'China' }).returning('id').executeTakeFirstOrThrow()
      expect(site.id).toBeGreaterThan(1)
      // and past the restored row versions (migration 0013): a change gets a rev above every restored one
      const revs = await target.kysely.selectFrom('form_record').select(['id', 'rev']).execute()
      await target.kysely.updateTable('form_record').set({ status: 'saved' }).where('id', '=', revs[0]!.id).execute()
      const changed = await target.kysely.selectFrom('form_record').select('rev').where('id', '=', revs[0]!.id).executeTakeFirstOrThrow()
      expect(changed.rev).toBeGreaterThan(Math.max(...revs.map((r) => Number(r.rev))))
    } finally {
      await target.close()
    }
  })

  it('refuses to restore over existing data', async () => {
    const file = join(dir, 'again.jsonl')
    await writeBackup(source.kysely, file, { engine: source.engine, now })
    await expect(restoreBackup(source.kysely, file)).rejects.toThrow(/empty database/)
  })

  it('writes nothing from a damaged file and says where it is damaged', async () => {
    const good = readFileSync(join(dir, 'round-trip.jsonl'), 'utf8').split('\n')
    const bad = join(dir, 'damaged.jsonl')
    writeFileSync(bad, [...good.slice(0, 8), '{"table":"no_such_table","columns":[]}'].join('\n'))
    const target = await freshDb()
    try {
      await expect(restoreBackup(target.kysely, bad)).rejects.toThrow(`${bad}:9: unknown table "no_such_table"`)
      const sites = await target.kysely.selectFrom('site').select('id').execute()
      expect(sites).toEqual([])
    } finally {
      await target.close()
    }
  })

  it.runIf(TEST_ENGINE === 'pglite')('takes fsync-ed snapshots of the embedded database and keeps the newest', async () => {
    const snaps = join(dir, 'snapshots')
    const files: string[] = []
    for (let i = 0; i < 3; i++) files.push(await writeSnapshot(source, snaps, new Date(now.getTime() + i * 60_000), 2))
    expect(existsSync(files[0]!)).toBe(false)
    expect(existsSync(files[2]!)).toBe(true)
    expect(readFileSync(files[2]!).length).toBeGreaterThan(1_000_000)
  })
  it('restores a backup made before migration 0013: row versions given, protocol digests computed, both sequences ahead', async () => {
    // the round-trip file without the columns 0013 added, as a backup of that time was written
    const lines = readFileSync(join(dir, 'round-trip.jsonl'), 'utf8').split('\n')
    let drop: number[] = []
    const old = lines.map((line, i) => {
      if (i === 0 || line.trim() === '') return line
      const parsed = JSON.parse(line) as unknown
      if (!Array.isArray(parsed)) {
        const t = parsed as { table: string; columns: string[] }
        drop = t.columns.flatMap((c, k) => ((t.table === 'form_record' && c === 'rev') || (t.table === 'study_protocol_version' && c === 'protocol_md5') ? [k] : []))
        return JSON.stringify({ ...t, columns: t.columns.filter((_, k) => !drop.includes(k)) })
      }
      return JSON.stringify(parsed.filter((_, k) => !drop.includes(k)))
    })
    expect(old.join('\n')).not.toContain('protocol_md5')
    const file = join(dir, 'before-0013.jsonl')
    writeFileSync(file, old.join('\n'))
    const target = await freshDb()
    try {
      await restoreBackup(target.kysely, file)
      const records = await target.kysely.selectFrom('form_record').select(['id', 'rev']).execute()
      expect(records.length).toBeGreaterThan(0)
      expect(new Set(records.map((r) => r.rev)).size).toBe(records.length)
      const digests = await sql<{ ok: boolean }>`select bool_and(protocol_md5 = md5(protocol::text)) as ok from study_protocol_version`.execute(target.kysely)
      expect(digests.rows[0]!.ok).toBe(true)
      // a change after the restore gets a rev above every restored one
      await target.kysely.updateTable('form_record').set({ status: 'saved' }).where('id', '=', records[0]!.id).execute()
      const after = await target.kysely.selectFrom('form_record').select('rev').where('id', '=', records[0]!.id).executeTakeFirstOrThrow()
      expect(after.rev).toBeGreaterThan(Math.max(...records.map((r) => Number(r.rev))))
    } finally {
      await target.close()
    }
  })
})
