import type { Generated } from 'kysely'

/**
 * Data capture (migration 0003_data_capture.sql). jsonb columns are written as JSON text and read back parsed.
 */
export interface FormRecordTable {
  id: Generated<number>
  subject_id: number
  study_id: number
  site_id: number
  form_type: string
  visit_day: number | null
  visit_label: string | null
  observed_on: string
  data: unknown
  derived: unknown
  overrides: unknown
  status: 'draft' | 'saved' | 'signed' | 'locked'
  version: number
  created_by: number
  created_at: string
  updated_by: number
  updated_at: string
  voided_at: string | null
  voided_by: number | null
  void_reason: string | null
  /** row version: new on every insert and update, unique in the table (migration 0013) */
  rev: Generated<number>
}

export interface DataQueryTable {
  id: Generated<number>
  form_record_id: number
  field_path: string
  text: string
  raised_by: number
  raised_at: string
  status: 'open' | 'answered' | 'closed'
  answer: string | null
  answered_by: number | null
  answered_at: string | null
  closed_by: number | null
  closed_at: string | null
  close_note: string | null
}

export interface SdvMarkTable {
  id: Generated<number>
  form_record_id: number
  field_path: string
  record_version: number
  verified_by: number
  verified_at: string
  reset_at: string | null
  reset_reason: string | null
}

export interface ESignatureTable {
  id: Generated<number>
  scope: 'form' | 'visit' | 'casebook'
  subject_id: number
  form_record_id: number | null
  visit_label: string | null
  record_version: number | null
  signer_id: number
  signer_name: string
  meaning: string
  signed_at: string
  voided_at: string | null
  void_reason: string | null
}

export interface DataLockTable {
  id: Generated<number>
  scope: 'form' | 'subject' | 'study'
  study_id: number
  subject_id: number | null
  form_record_id: number | null
  locked_by: number
  locked_at: string
  unlocked_by: number | null
  unlocked_at: string | null
  unlock_reason: string | null
}

/** One imported ODM file (migration 0012): its FileOID is imported once. */
export interface OdmImportTable {
  id: Generated<number>
  file_oid: string
  study_id: number | null
  imported_at: string
  imported_by: number | null
  imported_by_name: string
}

/** Tables of migrations 0003 (data capture) and 0012 (ODM imports). */
export interface CaptureTables {
  form_record: FormRecordTable
  data_query: DataQueryTable
  sdv_mark: SdvMarkTable
  e_signature: ESignatureTable
  data_lock: DataLockTable
  odm_import: OdmImportTable
}
