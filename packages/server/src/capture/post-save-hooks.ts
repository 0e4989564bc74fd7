/**
 * Extension point of the capture save path: features that react to a saved eCRF record (e.g. safety grading
 * raising an alert) register a hook here, one line each. `createRecord` and `updateRecord` run every hook inside
 * their transaction, after the record and its audit entry are written, so a hook's own writes commit (or roll
 * back) with the record.
 */
import type { Tx } from './common.js'
import type { AuditInput } from '../audit/chain.js'
import { safetyPostSaveHook } from '../safety/post-save-hook.js'

export interface PostSaveContext {
  /** the transaction's clock value, ISO 8601 */
  now: string
  subjectId: number
  recordId: number
  formType: string
  action: 'create' | 'update'
  /** the row version just written (`returning`), when the caller has it: a hook need not read it again */
  saved?: { id: number; rev: number; form_type: string; data: unknown }
}

export type PostSaveHook = (tx: Tx, audit: (e: Omit<AuditInput, 'actorUserId' | 'actor'>) => Promise<void>, ctx: PostSaveContext) => Promise<void>

/** Registered hooks, run in this order. One line per feature. */
export const postSaveHooks: PostSaveHook[] = [
  safetyPostSaveHook,
]

export async function runPostSaveHooks(tx: Tx, audit: Parameters<PostSaveHook>[1], ctx: PostSaveContext): Promise<void> {
  for (const hook of postSaveHooks) await hook(tx, audit, ctx)
}
