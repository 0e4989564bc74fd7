import type { Kysely } from 'kysely'
import { safetySettingsOf, type SafetySettings } from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { AppError } from '../errors.js'
import { protocolJsonForSubject } from '../repo/protocol-versions.js'

/** The safety settings a subject is graded with and the protocol version they come from. */
export interface SubjectSafetySettings {
  settings: SafetySettings
  /** the protocol version number the settings were read from (logged with the derived results) */
  protocolVersion: string
}

/**
 * The `safety` settings (core protocol/safety.ts) of the protocol version a subject consented to
 * (`protocolJsonForSubject`: the study's current protocol when no version parses). A protocol without the block
 * grades with the doc defaults.
 * Source: safety-grading.md PROTOCOL DECISIONs (CRS-2, CRS-7, hypotension, ICANS-5, LAB-7, §4.2, §5);
 * ../shared/domain/README.md "Configuration" (the configuration version used for every derived result).
 * @throws AppError `conflict` when the protocol's `safety` block does not parse (no silent fallback to defaults)
 */
export async function safetySettingsForSubject(db: Kysely<Database>, subject: { id: number; study_id: number; created_at: string }): Promise<SubjectSafetySettings> {
  const { json, versionNumber } = await protocolJsonForSubject(db, subject)
  const settings = safetySettingsOf(json)
  if (!settings) throw new AppError('conflict', `the safety settings of protocol version ${versionNumber} do not parse`)
  return { settings, protocolVersion: versionNumber }
}

/** The part of the settings a CRS / ICANS course depends on, as text (a course cache key part). */
export const courseSettingsKey = (s: SafetySettings): string => JSON.stringify([s.crs, s.icans])
