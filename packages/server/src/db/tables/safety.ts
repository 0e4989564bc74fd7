import type { ColumnType, Generated } from 'kysely'

/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>

export interface LabAeProposalTable {
  id: Generated<number>
  subject_id: number
  analyte: string
  term: string
  soc: string
  ctcae_version: string
  emergence_rule: 'any-abnormal' | 'worsening-from-baseline'
  baseline_grade: number | null
  onset_date: string
  last_abnormal_date: string
  end_date: string | null
  worst_grade: number
  worst_grade_date: string
  sample_ids: Json<string[]>
  status: 'proposed' | 'confirmed' | 'rejected' | 'superseded'
  decided_by: number | null
  decided_at: string | null
  decision_reason: string | null
  created_at: string
}
export interface SafetyAlertTable {
  id: Generated<number>
  subject_id: number
  study_id: number
  site_id: number
  kind: 'crs' | 'icans' | 'lab'
  grade: number
  previous_grade: number | null
  protocol_day: number | null
  observed_on: string
  finding: string
  source_entity: string
  source_id: string | null
  created_at: string
  acknowledged_at: string | null
  acknowledged_by: number | null
}
export interface NotificationTable {
  id: Generated<number>
  alert_id: number | null
  channel: 'in_app' | 'email'
  recipient: string | null
  subject_line: string
  body: string
  status: 'queued' | 'sent' | 'failed' | 'shown'
  attempts: Generated<number>
  last_error: string | null
  created_at: string
  sent_at: string | null
}
export interface SaeReportTable {
  id: Generated<number>
  subject_id: number
  site_id: number
  ae_source: 'form_record' | 'lab_ae_proposal' | 'safety_alert' | 'other'
  ae_source_id: string | null
  term: string
  ctcae_grade: number | null
  onset_date: string | null
  seriousness: Json<unknown>
  serious: 'yes' | 'no' | 'unknown'
  criteria: Json<string[]>
  related: boolean | null
  unexpected: boolean | null
  susar_category: string
  site_aware_at: string
  site_aware_instant: string
  initial_sent_at: string | null
  sponsor_first_knowledge_at: string | null
  regulator_initial_submitted_at: string | null
  regulator_follow_up_submitted_at: string | null
  narrative: string
  created_at: string
  voided_at: string | null
  void_reason: string | null
}
export interface SaeFollowUpTable {
  id: Generated<number>
  sae_id: number
  sent_at: string
  summary: string
  created_at: string
}

/** Tables of migration 0006 (safety). */
export interface SafetyTables {
  lab_ae_proposal: LabAeProposalTable
  safety_alert: SafetyAlertTable
  notification: NotificationTable
  sae_report: SaeReportTable
  sae_follow_up: SaeFollowUpTable
}
