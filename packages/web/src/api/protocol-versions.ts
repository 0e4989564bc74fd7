import type { ProtocolChangeDescription } from '@celltrial/core'

/** Shapes of the protocol amendment routes (packages/server/src/routes/protocol-versions.ts). */
export interface ProtocolVersionRow {
  id: number
  number: string
  effectiveDate: string
  status: string
  supersedes: string | null
  summary: string
  recordedAt: string
  inForce: boolean
  latest: boolean
}

export interface ProtocolVersionList {
  studyId: number
  registryId: string
  today: string
  versions: ProtocolVersionRow[]
}

export interface VersionRef {
  id: number
  number: string
  effectiveDate: string
}

export interface ProtocolVersionDiff {
  from: VersionRef
  to: VersionRef
  changes: ProtocolChangeDescription[]
}

export interface UploadedVersion {
  version: Omit<ProtocolVersionRow, 'inForce' | 'latest'>
  changes: ProtocolChangeDescription[]
  pinnedSubjects: number
}

export interface SubjectConsentView {
  subjectId: number
  current: { versionId: number; number: string; effectiveDate: string; consentedOn: string; pinned: boolean }
  history: { id: number; protocol_version_id: number; version_number: string; consented_on: string; kind: 'consent' | 're-consent'; note: string | null; recorded_by_name: string; recorded_at: string }[]
  laterVersions: { id: number; number: string; effectiveDate: string; summary: string }[]
}
