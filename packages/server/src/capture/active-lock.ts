/**
 * Data locks as a save sees them: the active lock covering a record (its form, subject or study), read before a
 * save and again inside its transaction. Apart from common.ts so the repository's own writes (scoped-repo.ts)
 * can check them without importing the capture helpers that use the repository.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import { precompiled } from '../db/precompiled.js'

type Tx = Transaction<Database>

/** The active lock that covers a record (form, its subject or its study), if any. */
export async function activeLockFor(db: Kysely<Database>, r: { id: number; subject_id: number; study_id: number }) {
  return activeLock.first(db, r.id, r.subject_id, r.study_id)
}
/** Checked twice on every save (before and inside its transaction): compiled once. */
const activeLock = precompiled((db, formRecordId: number, subjectId: number, studyId: number) =>
  db
    .selectFrom('data_lock')
    .select(['id', 'scope'])
    .where('unlocked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'form'), eb('form_record_id', '=', formRecordId)]),
        eb.and([eb('scope', '=', 'subject'), eb('subject_id', '=', subjectId)]),
        eb.and([eb('scope', '=', 'study'), eb('study_id', '=', studyId)]),
      ]),
    )
    .limit(1),
)

/**
 * The active lock covering a record, checked inside a save's transaction. It first takes a share lock on the
 * subject's row and its study's row; `lock` (signoff.ts) takes FOR UPDATE on the row of what it locks (the subject
 * for a form or subject lock, the study for a study lock). A save and a lock of the same data therefore run one
 * after the other, and under READ COMMITTED the check, a new statement after the wait, sees a lock committed
 * meanwhile: no save commits after the lock that covers it (21 CFR 11.10(a), 11.10(f)).
 */
export async function activeLockInTx(tx: Tx, r: { id: number; subject_id: number; study_id: number }) {
  await subjectAndStudyForShare.execute(tx, r.subject_id)
  return activeLockFor(tx, r)
}
const subjectAndStudyForShare = precompiled((db, subjectId: number) =>
  db.selectFrom('subject').innerJoin('study', 'study.id', 'subject.study_id').select('subject.id').where('subject.id', '=', subjectId).forShare(),
)
