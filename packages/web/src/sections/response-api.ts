import type { ResponseCategory, ResponseCountRow, ResponseInput, ResponseParams, ResponseResult } from '@celltrial/core'

/** GET /api/subjects/:id/response (packages/server/src/repo/response.ts `SubjectResponse`). */
export interface SubjectResponseDto {
  subjectId: number
  code: string
  infusionDate: string | null
  protocolVersion: string
  sources: { plateletCounts: number; rescueEvents: number; bleedingEvents: number; bleedingUngraded: number; newItpTherapyStartDate: string | null }
  derived: {
    id: number
    protocolVersion: string
    params: ResponseParams
    input: ResponseInput
    inputFingerprint: string
    computedAt: string
    result: ResponseResult
    countTable: ResponseCountRow[]
  } | null
}

export interface ProportionDto {
  x: number
  n: number
  estimate: number | null
  lower: number | null
  upper: number | null
  display: string | null
}

/** GET /api/studies/:id/efficacy (packages/server/src/repo/response.ts `StudyEfficacy`). */
export interface StudyEfficacyDto {
  studyId: number
  protocolVersion: string
  categoryNames: Record<ResponseCategory, string>
  n: number
  notInfused: number
  bor: { category: ResponseCategory; label: string; n: number; percent: string | null }[]
  orr: ProportionDto
  crRate: ProportionDto
  ttr: { n: number; median: number; min: number; max: number } | null
  dor: { n: number; events: number; median: { estimate: number | null; lower: number | null; upper: number | null }; confType: string; level: number } | null
  subjects: { subjectId: number; code: string; siteCode: string; doseLevel: string | null; bestResponse: ResponseCategory; bestResponseLabel: string; TTR: number | null; DoR: number | null; DoREvent: boolean | null }[]
}
