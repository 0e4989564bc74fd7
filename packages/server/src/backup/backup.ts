import { createReadStream, createWriteStream, fsyncSync, openSync, closeSync, renameSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { listMigrations } from '../db/migrate.js'
import { AppError } from '../errors.js'
import { listTables, type TableInfo } from './tables.js'

/**
 * Logical backups that work the same on both engines: one JSON-lines file with a header, then for each
 * table (parents before children) a table line and its rows. Read in one repeatable-read transaction,
 * so the copy is consistent; written to a temporary file, fsync'd and renamed, so a crash never leaves
 * a half-written backup under the final name.
 */
export const BACKUP_FORMAT = 'celltrial-backup'
export const BACKUP_VERSION = 1

interface Header {
  format: typeof BACKUP_FORMAT
  version: number
  createdAt: string
  engine: string
  migrations: number[]
}

export async function writeBackup(db: Kysely<Database>, file: string, { engine, now }: { engine: string; now: Date }) {
  const tmp = `${file}.partial`
  const out = createWriteStream(tmp, { encoding: 'utf8' })
  // wait for 'drain' when the stream's buffer is full; the listener not fired is removed, so a large backup
  // does not pile up one 'error' listener per full buffer
  const write = (obj: unknown) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(JSON.stringify(obj) + '\n')) return resolve()
      const onDrain = () => {
        out.off('error', onError)
        resolve()
      }
      const onError = (e: Error) => {
        out.off('drain', onDrain)
        reject(e)
      }
      out.once('drain', onDrain).once('error', onError)
    })
  const counts: Record<string, number> = {}
  await db.transaction().execute(async (tx) => {
    if (engine === 'postgres') await sql`set transaction isolation level repeatable read, read only`.execute(tx)
    const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), engine, migrations: listMigrations().map((m) => m.version) }
    await write(header)
    for (const table of await listTables(tx)) {
      await write({ table: table.name, columns: table.columns.map((c) => c.name) })
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} order by 1`.execute(tx)
      for (const row of rows.rows) await write(table.columns.map((c) => row[c.name] ?? null))
      counts[table.name] = rows.rows.length
    }
  })
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
  const fd = openSync(tmp, 'r')
  fsyncSync(fd)
  closeSync(fd)
  renameSync(tmp, file)
  return counts
}

const isJson = (type: string) => type === 'jsonb' || type === 'json'

/**
 * Restore a backup into a freshly migrated, empty database, in one transaction: any error leaves the
 * target as it was. Sequences are moved past the restored ids.
 * @throws AppError `conflict` when the target already holds data, `validation_failed` on a bad file
 */
export async function restoreBackup(db: Kysely<Database>, file: string) {
  const tables = new Map((await listTables(db)).map((t) => [t.name, t]))
  const users = await db.selectFrom('app_user').select('id').limit(1).execute()
  const studies = await db.selectFrom('study').select('id').limit(1).execute()
  if (users.length > 0 || studies.length > 0) throw new AppError('conflict', 'restore needs an empty database: this one already has users or studies')
  const counts: Record<string, number> = {}
  await db.transaction().execute(async (tx) => {
    // restore rows as they were: triggers that derive rows on insert (e.g. a protocol-version history
    // filled when a study is inserted) must not fire again, as pg_restore --disable-triggers does.
    // Needs a superuser (always so on the embedded database).
    await sql`set local session_replication_role = replica`.execute(tx)
    let lineNo = 0
    let current: { info: TableInfo; columns: string[]; batch: unknown[][] } | undefined
    const flush = async () => {
      if (!current || current.batch.length === 0) return
      const { info, columns } = current
      const values = current.batch.map((row) =>
        Object.fromEntries(columns.map((c, i) => {
          const type = info.columns.find((x) => x.name === c)!.type
          const v = row[i]
          return [c, v !== null && isJson(type) ? JSON.stringify(v) : v]
        })),
      )
      if (info.name === 'audit_head') {
        const v = values[0] as { last_id: number; last_hash: string }
        await tx.updateTable('audit_head').set({ last_id: v.last_id, last_hash: v.last_hash }).execute()
      } else {
        // tables are discovered at run time, so the typed builder cannot know them: insert through `sql`
        const cols = columns.map((c) => sql.ref(c))
        const rows = values.map((v) => sql`(${sql.join(columns.map((c) => sql`${(v as Record<string, unknown>)[c]}`))})`)
        await sql`insert into ${sql.table(info.name)} (${sql.join(cols)}) values ${sql.join(rows)}`.execute(tx)
      }
      counts[info.name] = (counts[info.name] ?? 0) + current.batch.length
      current.batch = []
    }
    // opened here, right before it is read: readline emits lines as soon as the file opens, and lines
    // emitted while awaiting anything else would be lost
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
    for await (const line of lines) {
      lineNo++
      if (line.trim() === '') continue
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch {
        throw new AppError('validation_failed', `${file}:${lineNo}: not JSON`)
      }
      if (lineNo === 1) {
        const h = parsed as Partial<Header>
        if (h.format !== BACKUP_FORMAT || h.version !== BACKUP_VERSION)
          throw new AppError('validation_failed', `${file}:1: not a CellTrial backup (format ${JSON.stringify(h.format)}, version ${JSON.stringify(h.version)})`)
        const known = new Set(listMigrations().map((m) => m.version))
        const unknown = (h.migrations ?? []).filter((v) => !known.has(v))
        if (unknown.length > 0) throw new AppError('validation_failed', `${file}:1: made by a newer CellTrial (migrations ${unknown.join(', ')})`)
        continue
      }
      if (!Array.isArray(parsed)) {
        await flush()
        const t = parsed as { table?: string; columns?: string[] }
        const info = t.table ? tables.get(t.table) : undefined
        if (!info || !Array.isArray(t.columns)) throw new AppError('validation_failed', `${file}:${lineNo}: unknown table ${JSON.stringify(t.table)}`)
        const missing = t.columns.filter((c) => !info.columns.some((x) => x.name === c))
        if (missing.length > 0) throw new AppError('validation_failed', `${file}:${lineNo}: table ${info.name} has no column ${missing.join(', ')}`)
        current = { info, columns: t.columns, batch: [] }
        continue
      }
      if (!current) throw new AppError('validation_failed', `${file}:${lineNo}: a row before any table line`)
      if (parsed.length !== current.columns.length)
        throw new AppError('validation_failed', `${file}:${lineNo}: ${parsed.length} values for ${current.columns.length} columns of ${current.info.name}`)
      current.batch.push(parsed)
      if (current.batch.length >= 500) await flush()
    }
    await flush()
    for (const info of tables.values())
      for (const col of info.serialColumns)
        await sql`select setval(pg_get_serial_sequence(${info.name}, ${col}), coalesce((select max(${sql.ref(col)}) from ${sql.table(info.name)}), 0) + 1, false)`.execute(tx)
    // derived, not trusted from the file: the digest parsed protocols are shared by (migration 0013; the
    // trigger that sets it does not fire during a restore, and a backup made before 0013 has no digest)
    await sql`update study_protocol_version set protocol_md5 = md5(protocol::text) where protocol_md5 is distinct from md5(protocol::text)`.execute(tx)
  })
  return counts
}
