import type { EditCheckContext, FormType } from '@celltrial/core'

/** A record as `GET /api/subjects/:id/forms` returns it (server: packages/server/src/capture/records.ts). */
export interface FormRecordDto {
  id: number
  formType: FormType
  visitDay: number | null
  visitLabel: string | null
  observedOn: string
  data: Record<string, unknown>
  derived: Record<string, unknown>
  overrides: Record<string, string>
  status: 'draft' | 'saved' | 'signed' | 'locked'
  version: number
  openQueries: number
  answeredQueries: number
  sdv: { wholeForm: boolean; fields: string[] }
  signature: { signer: string; signedAt: string; meaning: string } | null
  lock: { id: number; scope: string } | null
}

export interface SubjectFormsDto {
  subject: { id: number; code: string; siteId: number; infusionDate: string | null }
  context: EditCheckContext
  locked: { id: number; scope: string } | null
  records: FormRecordDto[]
}
