/**
 * The ODM and FHIR imports for operational commands (`celltrial import ...`): they run as a named user, so the
 * same access policy applies and the audit trail records that user, exactly as through the API.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { ScopedRepo } from '../repo/scoped-repo.js'
import { loadPrincipal } from '../users/principal.js'
import { AppError, notFound } from '../errors.js'
import { importStudyOdm } from './odm.js'
import { importSubjectFhir } from './fhir.js'

/** A repository acting as `username` (an active user); `study` is a numeric id or a registry id. */
async function repoAs(db: Kysely<Database>, username: string, now: () => Date): Promise<ScopedRepo> {
  const user = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst()
  const who = user ? await loadPrincipal(db, user.id) : undefined
  if (!who) throw new AppError('forbidden', `no active user ${JSON.stringify(username)}`)
  return new ScopedRepo(db, who, now)
}

async function studyId(db: Kysely<Database>, study: string): Promise<number> {
  const row = /^\d{1,9}$/.test(study)
    ? await db.selectFrom('study').select('id').where('id', '=', Number(study)).executeTakeFirst()
    : await db.selectFrom('study').select('id').where('registry_id', '=', study).executeTakeFirst()
  if (!row) throw notFound(`study ${study}`)
  return row.id
}

/** `celltrial import odm`: see importStudyOdm. */
export async function importOdmAs(db: Kysely<Database>, input: { username: string; study: string; xml: string; createSubjects: boolean; now?: () => Date }) {
  const repo = await repoAs(db, input.username, input.now ?? (() => new Date()))
  return importStudyOdm(repo, await studyId(db, input.study), input.xml, { createSubjects: input.createSubjects })
}

/** `celltrial import fhir`: see importSubjectFhir; the subject is named by its code within the study. */
export async function importFhirAs(db: Kysely<Database>, input: { username: string; study: string; subjectCode: string; bundle: unknown; now?: () => Date }) {
  const repo = await repoAs(db, input.username, input.now ?? (() => new Date()))
  const id = await studyId(db, input.study)
  const subject = await db.selectFrom('subject').select('id').where('study_id', '=', id).where('code', '=', input.subjectCode).executeTakeFirst()
  if (!subject) throw notFound(`subject ${input.subjectCode} in study ${input.study}`)
  return importSubjectFhir(repo, subject.id, input.bundle)
}
