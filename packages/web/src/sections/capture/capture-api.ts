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
  /** current marks ('' = whole form) and those a later change reset (not verified again) */
  sdv: { wholeForm: boolean; fields: string[]; reset: string[] }
  signature: { signer: string; signedAt: string; meaning: string } | null
  lock: { id: number; scope: string } | null
}

export interface SubjectFormsDto {
  subject: { id: number; code: string; siteId: number; infusionDate: string | null }
  context: EditCheckContext
  locked: { id: number; scope: string } | null
  /** over every record the filters select, including those a `limit` leaves out */
  totals: {
    records: Partial<Record<FormType, number>>
    openQueries: number
    answeredQueries: number
    /** visits with a saved (not draft) record, by visit day */
    visits: { label: string; day: number }[]
  }
  /** the latest `limit` of each form type (all of the expanded types), oldest first */
  records: FormRecordDto[]
}

/** A data query (server: packages/server/src/capture/review.ts). `field_path` '' = the whole form. */
export interface DataQueryDto {
  id: number
  form_record_id: number
  field_path: string
  text: string
  status: 'open' | 'answered' | 'closed'
  raised_by: number
  raised_by_name?: string
  raised_at: string
  answer: string | null
  answered_at: string | null
  closed_at: string | null
  close_note?: string | null
}

export interface SdvMarkDto {
  id: number
  field_path: string
  record_version: number
  verified_at: string
  reset_at: string | null
  reset_reason: string | null
}

export interface SignatureDto {
  id: number
  scope: 'form' | 'visit' | 'casebook'
  form_record_id: number | null
  visit_label: string | null
  record_version: number | null
  signer_name: string
  meaning: string
  signed_at: string
  voided_at: string | null
  void_reason: string | null
}

export interface LockDto {
  id: number
  scope: 'form' | 'subject' | 'study'
  study_id: number
  subject_id: number | null
  form_record_id: number | null
  locked_at: string
}

/** `GET /api/forms/:id`: one record with every query, SDV mark (current and reset), signature and its lock. */
export interface RecordDetailDto extends Omit<FormRecordDto, 'openQueries' | 'answeredQueries' | 'sdv' | 'signature' | 'lock'> {
  subjectId: number
  siteId: number
  voidedAt: string | null
  queries: DataQueryDto[]
  sdvMarks: SdvMarkDto[]
  signatures: SignatureDto[]
  lock: { id: number; scope: string } | null
}

export interface SdvProgressDto {
  records: number
  verified: number
  percent: number | null
}

/** `GET /api/subjects/:id/sdv` */
export interface SubjectSdvDto extends SdvProgressDto {
  byFormType: (SdvProgressDto & { formType: FormType })[]
}

/** `GET /api/studies/:id/queries` */
export interface StudyQueriesDto {
  status: string
  sites: { id: number; code: string; name: string }[]
  queries: (DataQueryDto & { site_code: string; subject_id: number; subject_code: string; form_type: FormType; visit_label: string | null; observed_on: string; ageDays: number })[]
}

/** `GET /api/studies/:id/sdv` */
export interface StudySdvDto {
  sites: (SdvProgressDto & { siteId: number; siteCode: string; siteName: string; subjects: (SdvProgressDto & { subjectId: number; subjectCode: string })[] })[]
}
