/**
 * Extension point of the capture save path: features that react to a saved eCRF record (e.g. safety grading
 * raising an alert) register a hook here, one line each. `createRecord` and `updateRecord` run every hook inside
 * their transaction, after the record and its audit entry are written, so a hook's own writes commit (or roll
 * back) with the record.
 */
import type { Tx } from './common.js'
import type { PostSaveContext, PostSaveHook } from './post-save-context.js'
import { safetyPostSaveHook } from '../safety/post-save-hook.js'

/** Registered hooks, run in this order. One line per feature. */
export const postSaveHooks: PostSaveHook[] = [
  safetyPostSaveHook,
]

export async function runPostSaveHooks(tx: Tx, audit: Parameters<PostSaveHook>[1], ctx: PostSaveContext): Promise<void> {
  for (const hook of postSaveHooks) await hook(tx, audit, ctx)
}
