/** Shapes of the escalation API (packages/server/src/routes/escalation.ts, repo/escalation/panel.ts). */
export type EscalationAction = 'escalate' | 'stay' | 'deescalate' | 'stop'

export interface PendingSubject {
  subjectId: number
  code: string | null
  siteCode: string
  doseLevel: string
  infusionDate: string
  windowEndsOn: string
  reason: 'in-window' | 'awaiting-adjudication'
}

export interface EscalationLevel {
  doseLevel: string
  label: string
  nInfused: number
  nEvaluable: number
  nDlt: number
  nNotEvaluable: number
  pending: PendingSubject[]
  eliminated: boolean
  isotonicEstimate: number | null
}

export interface EscalationRule {
  id: string
  source: string
  text: string
}

export interface EscalationDecisionRow {
  id: number
  current_dose_level: string
  recommended_action: EscalationAction | null
  recommended_dose_level: string | null
  recommended_rule: string | null
  action: EscalationAction
  next_dose_level: string | null
  follows_recommendation: boolean
  reason: string | null
  signed_by_name: string
  signature_meaning: string
  signed_at: string
  voided_at: string | null
  void_reason: string | null
}

export interface OutcomeLevel {
  doseLevel: string
  responseEvaluated: number | null
  responders: number | null
  crsAny: number | null
  crsGrade3Plus: number | null
  icansAny: number | null
  icansGrade3Plus: number | null
}

export interface EscalationPanelData {
  studyId: number
  registryId: string
  design: '3+3' | 'BOIN' | 'none'
  designParams: Record<string, unknown>
  windowDays: number
  asOf: string
  startingDoseLevel: string | null
  currentDoseLevel: string | null
  ended: boolean
  levels: EscalationLevel[]
  unknownLevels: string[]
  pending: PendingSubject[]
  boundaries: { lambdaE: number; lambdaD: number; table: { n: number; escalateIfDltLe: number; deescalateIfDltGe: number; eliminateIfDltGe: number | null }[] } | null
  recommendation: { action: EscalationAction; nextDoseLevel: string | null; rule: EscalationRule; mtdDoseLevel?: string | null; stopReason?: string | null } | null
  noRecommendation: string | null
  issues: string[]
  decisions: EscalationDecisionRow[]
  mtdSuggestion: { doseLevel: string | null; reason: string } | null
  outcomes: { responseSource: boolean; safetySource: boolean; levels: OutcomeLevel[] }
  rp2d: { id: number; mtd_dose_level: string | null; rp2d_dose_level: string; rationale: string; signed_by_name: string; signed_at: string } | null
  canDecide: boolean
}

export interface DltAssessmentData {
  subjectId: number
  infusionDate: string | null
  doseLevel: string | null
  windowDays: number
  assessment: {
    id: number
    evaluable: boolean
    not_evaluable_reason: string | null
    dlt: boolean | null
    event_description: string | null
    dlt_grade: number | null
    onset_date: string | null
    signed_by_name: string | null
    signature_meaning: string | null
    signed_at: string | null
  } | null
}
