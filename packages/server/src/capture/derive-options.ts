/**
 * The settings a form's derived values depend on: for form types whose derivation reads protocol settings (lupus
 * status: the DORIS / LLDAS PROTOCOL DECISIONs of the protocol's `lupus` block), those of the subject's consented
 * protocol version; other form types derive from their data alone, without a protocol read.
 *
 * Source: ../shared/domain/bleeding-and-scores.md §6, §7 (PROTOCOL DECISIONs); ../shared/domain/README.md
 * "Configuration" (a trial's protocol overrides the defaults; log the configuration version used for every derived
 * result: the save's audit record carries `derivedWith`).
 */
import type { Kysely, Transaction } from 'kysely'
import { deriveOptionsFromProtocol, formUsesProtocolSettings, type DeriveOptions, type FormType } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { AppError } from '../errors.js'
import { protocolJsonForSubject } from '../repo/protocol-versions.js'

type Db = Kysely<Database> | Transaction<Database>

/** The options to derive a record with, and the protocol version they came from (`null`: no protocol was read). */
export interface FormDeriveSettings {
  options: DeriveOptions
  derivedWith: { protocolVersion: string } | null
}

/**
 * @throws AppError `conflict` when the subject's protocol has a settings block that does not parse
 */
export async function deriveSettingsFor(db: Db, subjectId: number, type: FormType): Promise<FormDeriveSettings> {
  if (!formUsesProtocolSettings(type)) return { options: {}, derivedWith: null }
  const subject = await db.selectFrom('subject').select(['id', 'study_id', 'created_at']).where('id', '=', subjectId).executeTakeFirstOrThrow()
  // the subject's consented version; when no version of the study parses whole, the study's current protocol JSON
  // (a study without a protocol, or without the block, derives with the doc defaults)
  const own = await protocolJsonForSubject(db, subject)
  const options = deriveOptionsFromProtocol(own.json)
  if (options === null) throw new AppError('conflict', `protocol version ${own.versionNumber} has invalid lupus settings (lupus): nothing was saved`)
  return { options, derivedWith: { protocolVersion: own.versionNumber } }
}
