import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { alertOnBedsideSave, type Audit } from './evaluate.js'
import { mailConfigFromEnv } from './notify.js'
import { keepRecordVersion } from './bedside-source.js'
import type { PostSaveContext } from '../capture/post-save-context.js'

/** Form types whose save can change a CRS or ICANS grade. */
const GRADED_FORMS = new Set(['vital_signs', 'oxygen', 'vasopressor', 'neuro', 'medication'])

/**
 * Capture post-save hook: a saved vital-signs, oxygen, vasopressor, neuro or medication record regrades the
 * subject's CRS and ICANS days and raises an alert when a day's grade rises (same transaction as the save).
 */
export async function safetyPostSaveHook(tx: Kysely<Database>, audit: Audit, ctx: PostSaveContext): Promise<void> {
  if (!GRADED_FORMS.has(ctx.formType)) return
  // the version just written, as the bedside data reads it (not read back from the database)
  if (ctx.saved) keepRecordVersion(tx, ctx.saved)
  await alertOnBedsideSave(tx, audit, { now: ctx.now, subjectId: ctx.subjectId, recordId: String(ctx.recordId), sourceEntity: 'form_record', mail: mailConfigFromEnv() })
}
