import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { canonicalJson } from './canonical-json.js'
import { precompiled } from '../db/precompiled.js'

/** What a caller says happened; the chain fields are added by `appendAudit`. */
export interface AuditInput {
  actorUserId: number | null
  actor: string
  action: string
  entity: string
  entityId?: string | number | null
  siteId?: number | null
  oldValue?: unknown
  newValue?: unknown
  reason?: string | null
}

/** A stored audit record, as hashed. */
export interface AuditRecord {
  id: number
  at: string
  actor_user_id: number | null
  actor: string
  action: string
  entity: string
  entity_id: string | null
  site_id: number | null
  old_value: unknown
  new_value: unknown
  reason: string | null
  prev_hash: string
}

export const GENESIS_HASH = 'GENESIS'

/** SHA-256 of the record's canonical JSON (every field but `hash` itself), hex. */
export function auditHash(record: AuditRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex')
}

/** JSON values stored in jsonb come back through JSON: normalise before hashing so both sides agree. */
const asJson = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)) as unknown)

/**
 * Append one audit record in the caller's transaction, chained to the previous one.
 * `audit_head` is locked FOR UPDATE, so concurrent writers on PostgreSQL append one at a time
 * and the chain stays linear; the lock is held until the caller's transaction commits.
 */
export async function appendAudit(tx: Transaction<Database> | Kysely<Database>, at: Date, input: AuditInput) {
  const [record] = await appendAuditRecords(tx, at, [input])
  return record!
}

/** The audit head, locked until the transaction ends (every audited write: compiled once). */
const auditHeadForUpdate = precompiled((db) => db.selectFrom('audit_head').select(['last_id', 'last_hash']).forUpdate())

/**
 * Append several audit records, in order, in two statements: lock and read the head, then one statement
 * that inserts the records and moves the head (a data-modifying CTE). Callers append at the end of their
 * transaction (ScopedRepo.write does), so the head stays locked for as short a time as possible: the lock
 * serialises every writer, and the load benchmark showed writers queueing on it.
 */
export async function appendAuditRecords(tx: Transaction<Database> | Kysely<Database>, at: Date, inputs: AuditInput[]) {
  if (inputs.length === 0) return []
  const head = await auditHeadForUpdate.first(tx)
  if (!head) throw new Error('audit_head has no row: the database was not migrated')
  let lastId = Number(head.last_id)
  let lastHash = head.last_hash
  const records: (AuditRecord & { hash: string })[] = []
  for (const input of inputs) {
    const record: AuditRecord = {
      id: lastId + 1,
      at: at.toISOString(),
      actor_user_id: input.actorUserId,
      actor: input.actor,
      action: input.action,
      entity: input.entity,
      entity_id: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
      site_id: input.siteId ?? null,
      old_value: asJson(input.oldValue),
      new_value: asJson(input.newValue),
      reason: input.reason ?? null,
      prev_hash: lastHash,
    }
    const hash = auditHash(record)
    records.push({ ...record, hash })
    lastId = record.id
    lastHash = hash
  }
  await tx
    .with('moved_head', (db) =>
      db.updateTable('audit_head').set({ last_id: lastId, last_hash: lastHash }).where('singleton', '=', true).returning('last_id'),
    )
    .insertInto('audit_event')
    .values(
      records.map((r) => ({
        ...r,
        old_value: r.old_value === null ? null : JSON.stringify(r.old_value),
        new_value: r.new_value === null ? null : JSON.stringify(r.new_value),
      })),
    )
    .execute()
  return records
}

export interface ChainVerdict {
  ok: boolean
  checked: number
  /** the first record whose hash or link does not verify */
  firstBroken?: { id: number; reason: string }
}

/** Recompute every hash and link, in id order, and name the first broken record. */
export async function verifyAuditChain(db: Kysely<Database>, { batch = 5000 } = {}): Promise<ChainVerdict> {
  let prev = GENESIS_HASH
  let expectedId = 1
  let checked = 0
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('id', '>=', expectedId)
      .orderBy('id')
      .limit(batch)
      .execute()
    for (const row of rows) {
      const id = Number(row.id)
      if (id !== expectedId) return broken(id, `record ${expectedId} is missing (next id is ${id})`)
      if (row.prev_hash !== prev) return broken(id, 'prev_hash does not match the hash of the record before it')
      const { hash, ...rest } = row
      if (auditHash({ ...rest, id }) !== hash) return broken(id, 'content does not match its hash')
      prev = hash
      expectedId++
      checked++
    }
    if (rows.length < batch) break
  }
  const head = await db.selectFrom('audit_head').select(['last_id', 'last_hash']).executeTakeFirst()
  if (head && (Number(head.last_id) !== expectedId - 1 || head.last_hash !== prev))
    return broken(expectedId, `the chain ends at ${expectedId - 1} but the head says ${head.last_id}`)
  return { ok: true, checked }

  function broken(id: number, reason: string): ChainVerdict {
    return { ok: false, checked, firstBroken: { id, reason } }
  }
}

/** Used by tests and `celltrial audit verify` on PostgreSQL: count records cheaply. */
export async function countAudit(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_event`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}
