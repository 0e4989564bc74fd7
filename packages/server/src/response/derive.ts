import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import {
  evaluateResponse,
  responseCountTable,
  type ResponseCountRow,
  type ResponseInput,
  type ResponseParams,
  type ResponseResult,
} from '@celltrial/core'
import { canonicalJson } from '../audit/canonical-json.js'
import type { ScopedRepo } from '../repo/scoped-repo.js'

/** Advisory lock class for derived_response writes (key 2 = subject id): one writer per subject. */
const LOCK_CLASS = 8008

/** A stored evaluation, as the API returns it. */
export interface DerivedResponse {
  id: number
  subjectId: number
  protocolVersion: string
  params: ResponseParams
  input: ResponseInput
  inputFingerprint: string
  computedAt: string
  result: ResponseResult
  countTable: ResponseCountRow[]
}

/**
 * Fingerprint of everything a result depends on: protocol version, parameters and engine input
 * (sha256 of their canonical JSON, so jsonb key order does not matter).
 */
export function responseFingerprint(protocolVersion: string, params: ResponseParams, input: ResponseInput): string {
  return createHash('sha256').update(canonicalJson({ protocolVersion, params, input })).digest('hex')
}

type Row = {
  id: number
  subject_id: number
  protocol_version: string
  params: unknown
  input: unknown
  input_fingerprint: string
  result: unknown
  count_table: unknown
  computed_at: string
}

const toDerived = (r: Row): DerivedResponse => ({
  id: r.id,
  subjectId: r.subject_id,
  protocolVersion: r.protocol_version,
  params: r.params as ResponseParams,
  input: r.input as ResponseInput,
  inputFingerprint: r.input_fingerprint,
  computedAt: r.computed_at,
  result: r.result as ResponseResult,
  countTable: r.count_table as ResponseCountRow[],
})

const COLUMNS = ['id', 'subject_id', 'protocol_version', 'params', 'input', 'input_fingerprint', 'result', 'count_table', 'computed_at'] as const

/**
 * The current derived response of a subject for these inputs. Recompute on read: when the stored
 * current row's fingerprint differs from the inputs' fingerprint (new or voided lab, changed dates, new
 * protocol version or parameters), the engine runs again, the old row is superseded (never deleted) and
 * the new row is written with an audit record in the same transaction. A stale result is never returned.
 */
export async function currentDerivedResponse(
  repo: ScopedRepo,
  ctx: { subjectId: number; studyId: number; siteId: number; protocolVersion: string; params: ResponseParams; input: ResponseInput },
): Promise<DerivedResponse> {
  const fingerprint = responseFingerprint(ctx.protocolVersion, ctx.params, ctx.input)
  const current = await repo.db
    .selectFrom('derived_response')
    .select(COLUMNS)
    .where('subject_id', '=', ctx.subjectId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst()
  if (current && current.input_fingerprint === fingerprint) return toDerived(current)

  const result = evaluateResponse(ctx.input, ctx.params)
  const countTable = responseCountTable(ctx.input, ctx.params)
  const now = repo.clock().toISOString()
  const row = await repo.write(async (tx, audit) => {
    await sql`select pg_advisory_xact_lock(${LOCK_CLASS}, ${ctx.subjectId})`.execute(tx)
    const again = await tx
      .selectFrom('derived_response')
      .select(COLUMNS)
      .where('subject_id', '=', ctx.subjectId)
      .where('superseded_at', 'is', null)
      .executeTakeFirst()
    if (again && again.input_fingerprint === fingerprint) return again
    if (again) await tx.updateTable('derived_response').set({ superseded_at: now }).where('id', '=', again.id).execute()
    const inserted = await tx
      .insertInto('derived_response')
      .values({
        subject_id: ctx.subjectId,
        study_id: ctx.studyId,
        protocol_version: ctx.protocolVersion,
        params: JSON.stringify(ctx.params),
        input: JSON.stringify(ctx.input),
        input_fingerprint: fingerprint,
        best_response: result.bestResponse,
        result: JSON.stringify(result),
        count_table: JSON.stringify(countTable),
        computed_at: now,
        superseded_at: null,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow()
    await audit({
      action: 'derive',
      entity: 'derived_response',
      entityId: inserted.id,
      siteId: ctx.siteId,
      oldValue: again ? { id: again.id, inputFingerprint: again.input_fingerprint } : undefined,
      newValue: { subjectId: ctx.subjectId, bestResponse: result.bestResponse, protocolVersion: ctx.protocolVersion, inputFingerprint: fingerprint },
      reason: again ? 'response recomputed: inputs changed' : 'response evaluated',
    })
    return inserted
  })
  return toDerived(row)
}
