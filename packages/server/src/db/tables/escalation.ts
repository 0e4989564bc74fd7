import type { ColumnType, Generated } from 'kysely'

/** Columns filled by the database: readable, optional on insert, never updated by the app. */
type Auto<T> = ColumnType<T, T | undefined, never>

/**
 * DLT adjudication of one subject (migration 0005_escalation.sql; safety-grading.md §5). The signature
 * columns are null until the investigator signs, and cleared again by any later change.
 */
export interface DltAssessmentTable {
  id: Generated<number>
  subject_id: number
  evaluable: boolean
  not_evaluable_reason: string | null
  dlt: boolean | null
  event_description: string | null
  dlt_grade: number | null
  onset_date: string | null
  signed_by: number | null
  signed_by_name: string | null
  signature_meaning: string | null
  signed_at: string | null
  created_at: Auto<string>
  updated_at: string | null
}

export type EscalationAction = 'escalate' | 'stay' | 'deescalate' | 'stop'

/** The safety committee's signed decision after a cohort (dose-escalation.md §1.1 / §2.5). */
export interface EscalationDecisionTable {
  id: Generated<number>
  study_id: number
  design: '3+3' | 'BOIN'
  current_dose_level: string
  /** the per-dose-level counts and recommendation weighed (jsonb) */
  data: unknown
  recommended_action: EscalationAction | null
  recommended_dose_level: string | null
  recommended_rule: string | null
  action: EscalationAction
  next_dose_level: string | null
  follows_recommendation: boolean
  reason: string | null
  signed_by: number
  signed_by_name: string
  signature_meaning: string
  signed_at: string
  voided_at: string | null
  void_reason: string | null
}

/** MTD and RP2D recorded at the end of escalation (dose-escalation.md §1.1, §2.6). */
export interface Rp2dDecisionTable {
  id: Generated<number>
  study_id: number
  mtd_dose_level: string | null
  rp2d_dose_level: string
  rationale: string
  data: unknown
  signed_by: number
  signed_by_name: string
  signature_meaning: string
  signed_at: string
  voided_at: string | null
  void_reason: string | null
}

/** Tables of migration 0005 (escalation). */
export interface EscalationTables {
  dlt_assessment: DltAssessmentTable
  escalation_decision: EscalationDecisionTable
  rp2d_decision: Rp2dDecisionTable
}
