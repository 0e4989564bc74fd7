import type { Generated } from 'kysely'

/**
 * The protocol version of each subject's consent and its re-consents (migration 0011_amendments.sql).
 * The subject's protocol is the version of its latest row (packages/server/src/repo/protocol-versions.ts).
 */
export interface SubjectConsentTable {
  id: Generated<number>
  subject_id: number
  protocol_version_id: number
  version_number: string
  consented_on: string
  kind: 'consent' | 're-consent'
  note: string | null
  recorded_by: number | null
  recorded_by_name: string
  recorded_at: string
}

/** Tables of migration 0011 (amendments). */
export interface AmendmentTables {
  subject_consent: SubjectConsentTable
}
