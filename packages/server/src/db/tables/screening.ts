import type { ColumnType, Generated } from 'kysely'

type Auto<T> = ColumnType<T, T | undefined, never>

export interface StudyProtocolVersionTable {
  id: Generated<number>
  study_id: number
  version_number: string
  protocol: unknown
  recorded_at: Auto<string>
  /** md5(protocol::text), set by a trigger (migration 0013); null only in a restore in progress */
  protocol_md5: Generated<string | null>
}

export interface ScreeningAttemptTable {
  id: Generated<number>
  study_id: number
  site_id: number
  screening_number: string
  subject_id: number | null
  screened_on: string
  profile: unknown
  protocol_version: string
  protocol_version_id: number | null
  outcome: 'eligible' | 'ineligible' | 'incomplete'
  failed_criteria: unknown
  missing_fields: unknown
  pending_attestations: unknown
  result: unknown
  previous_attempt_id: number | null
  created_by: number
  created_at: Auto<string>
  voided_at: string | null
  void_reason: string | null
}

export interface ScreeningAttestationTable {
  id: Generated<number>
  attempt_id: number
  criterion_id: string
  satisfied: boolean
  comment: string | null
  signed_by: number
  signed_by_name: string
  signed_at: string
}

/** Tables of migration 0002 (screening log, protocol version history). */
export interface ScreeningTables {
  study_protocol_version: StudyProtocolVersionTable
  screening_attempt: ScreeningAttemptTable
  screening_attestation: ScreeningAttestationTable
}
