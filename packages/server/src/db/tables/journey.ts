import type { ColumnType, Generated } from 'kysely'

/** Timestamps written by the app from its clock; read back as ISO 8601 strings. */
type Stamp = string
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>

export interface SubjectEventTable {
  id: Generated<number>
  subject_id: number
  event_type: string
  from_status: string | null
  to_status: string
  occurred_on: string
  reason: string | null
  recorded_by: number | null
  recorded_by_name: string
  recorded_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface CellProductTable {
  id: Generated<number>
  subject_id: number
  coi_identifier: string
  din: string | null
  din_check_character: string | null
  product_description: string | null
  created_by: number | null
  created_at: Stamp
}
export interface ApheresisCollectionTable {
  id: Generated<number>
  product_id: number
  collected_at: string
  facility: string
  volume_ml: number | null
  din: string | null
  notes: string | null
  created_by: number | null
  created_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface ManufacturingLotTable {
  id: Generated<number>
  product_id: number
  lot_number: string
  manufacturer: string
  started_on: string
  ended_on: string | null
  batch_record_ref: string | null
  deviations: string | null
  created_by: number | null
  created_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface ReleaseTestTable {
  id: Generated<number>
  product_id: number
  lot_id: number | null
  test: string
  result: string
  passed: boolean
  tested_on: string
  created_by: number | null
  created_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface CustodyHandoffTable {
  id: Generated<number>
  product_id: number
  material_id: string
  from_holder: string
  to_holder: string
  place: string
  handed_at: string
  temperature_condition: string
  temperature_in_range: boolean
  seal_intact: boolean
  created_by: number | null
  created_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface BedsideVerificationTable {
  id: Generated<number>
  product_id: number
  subject_id: number
  bag_id: string
  scanned_patient_id: string
  scanned_coi_identifier: string
  verifiers: Json<string[]>
  result: 'match' | 'mismatch' | 'incomplete'
  deviation: boolean
  issues: Json<unknown[]>
  verified_at: string
  /** the first verifier: the logged-in user who recorded the check */
  recorded_by: number | null
  /** the authenticated second verifier (migration 0010); null before it and for the demo cohort */
  second_verifier_id: ColumnType<number | null, number | null | undefined, number | null>
  created_at: Stamp
}
export interface LdRecordTable {
  id: Generated<number>
  subject_id: number
  start_date: string
  height_cm: number
  weight_kg: number
  bsa_m2: number
  calculation: Json<unknown>
  recorded_by: number | null
  recorded_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface InfusionRecordTable {
  id: Generated<number>
  subject_id: number
  product_id: number
  verification_id: number
  bag_id: string
  infusion_date: string
  target_cells: number | null
  volume_ml: number | null
  calculation: Json<unknown>
  recorded_by: number | null
  recorded_at: Stamp
  voided_at: string | null
  void_reason: string | null
}
export interface SubjectVisitTable {
  id: Generated<number>
  subject_id: number
  visit_id: string
  label: string
  kind: 'lymphodepletion' | 'protocol'
  day: number
  target_date: string
  window_start: string
  window_end: string
  assessments: Json<string[]>
  done_on: string | null
  created_at: Stamp
  voided_at: string | null
  void_reason: string | null
}

/** Tables of migration 0004 (subject journey). */
export interface JourneyTables {
  subject_event: SubjectEventTable
  cell_product: CellProductTable
  apheresis_collection: ApheresisCollectionTable
  manufacturing_lot: ManufacturingLotTable
  release_test: ReleaseTestTable
  custody_handoff: CustodyHandoffTable
  bedside_verification: BedsideVerificationTable
  ld_record: LdRecordTable
  infusion_record: InfusionRecordTable
  subject_visit: SubjectVisitTable
}
