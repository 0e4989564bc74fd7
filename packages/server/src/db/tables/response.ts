import type { Generated } from 'kysely'

/**
 * Derived ITP response results (migration 0008_response.sql). `params`, `input`, `result` and
 * `count_table` are jsonb: written as JSON text, read back as objects.
 */
export interface DerivedResponseTable {
  id: Generated<number>
  subject_id: number
  study_id: number
  protocol_version: string
  params: unknown
  input: unknown
  input_fingerprint: string
  best_response: 'CR' | 'R' | 'NR' | 'NE'
  result: unknown
  count_table: unknown
  computed_at: string
  superseded_at: string | null
}

/** Tables of migration 0008 (response). */
export interface ResponseTables {
  derived_response: DerivedResponseTable
}
