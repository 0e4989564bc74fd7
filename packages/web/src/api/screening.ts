import type { CriterionResult, EndpointDescription, Protocol, ProtocolChange, ScreeningResult } from '@celltrial/core'

/** Shapes of the screening and protocol-viewer routes (packages/server/src/routes/screening.ts). */
export interface ProtocolView {
  studyId: number
  registryId: string
  protocol: Protocol
  endpointText: Record<'en' | 'zh-CN', EndpointDescription[]>
  versions: { id: number; number: string; effectiveDate: string; status: string; summary: string; recordedAt: string }[]
  diffs: { from: string; to: string; changes: ProtocolChange[] }[]
}

export interface PrescreenResult extends ScreeningResult {
  studyId: number | null
}

export interface AttestationRow {
  id: number
  criterion_id: string
  satisfied: boolean
  comment: string | null
  signed_by_name: string
  signed_at: string
}

export interface ScreeningLogRow {
  id: number
  site_id: number
  site_code: string
  screening_number: string
  subject_id: number | null
  screened_on: string
  protocol_version: string
  outcome: 'eligible' | 'ineligible' | 'incomplete'
  failed_criteria: string[]
  missing_fields: string[]
  pending_attestations: string[]
  previous_attempt_id: number | null
  rescreened_by: number | null
  voided_at: string | null
  attestations: AttestationRow[]
}

export interface SavedAttempt extends Omit<ScreeningLogRow, 'site_code' | 'rescreened_by'> {
  criteria: CriterionResult[]
}
