/**
 * What a post-save hook (post-save-hooks.ts) is handed: the saved record and the transaction's clock. Kept apart
 * from the hook list so that a feature's hook can name these types without importing the list that names it.
 */
import type { Tx } from './common.js'
import type { AuditInput } from '../audit/chain.js'

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
