import type { ResponseCategory } from '@celltrial/core'
import { notFound } from '../errors.js'
import { buildResponseInput, protocolResponseParams } from '../response/build-input.js'
import { currentDerivedResponse, type DerivedResponse } from '../response/derive.js'
import { efficacySummary, type EfficacySummary } from '../response/efficacy.js'
import type { ScopedRepo } from './scoped-repo.js'
import { protocolJsonForSubject } from './protocol-versions.js'

/** The response of one subject: null `derived` when the subject has no infusion date (no Day 0). */
export interface SubjectResponse {
  subjectId: number
  studyId: number
  code: string
  infusionDate: string | null
  ldStartDate: string | null
  protocolVersion: string
  /** what the input was built from (response-itp.md §3.1) */
  sources: { plateletCounts: number; rescueEvents: number; bleedingEvents: number; bleedingUngraded: number; newItpTherapyStartDate: string | null }
  derived: DerivedResponse | null
}

async function studyProtocol(repo: ScopedRepo, studyId: number) {
  const study = await repo.db
    .selectFrom('study')
    .select(['id', 'registry_id', 'protocol', 'protocol_version'])
    .where('id', '=', studyId)
    .executeTakeFirst()
  if (!study) throw notFound(`study ${studyId}`)
  return { ...study, params: protocolResponseParams(study.protocol) }
}

async function evaluateSubject(
  repo: ScopedRepo,
  subject: { id: number; study_id: number; site_id: number; code: string; infusion_date: string | null; ld_start_date: string | null; created_at: string },
): Promise<SubjectResponse> {
  // the response parameters and thresholds of the subject's consented protocol version (issue 3 item 1)
  const own = await protocolJsonForSubject(repo.db, subject)
  const study = { protocol_version: own.versionNumber, params: protocolResponseParams(own.json) }
  const built = await buildResponseInput(repo.db, subject)
  const input = built?.input ?? null
  const derived =
    input === null
      ? null
      : await currentDerivedResponse(repo, {
          subjectId: subject.id,
          studyId: subject.study_id,
          siteId: subject.site_id,
          protocolVersion: study.protocol_version,
          params: study.params,
          input,
        })
  return {
    subjectId: subject.id,
    studyId: subject.study_id,
    code: subject.code,
    infusionDate: subject.infusion_date,
    ldStartDate: subject.ld_start_date,
    protocolVersion: study.protocol_version,
    sources: {
      plateletCounts: input?.plateletCounts.length ?? 0,
      rescueEvents: input?.rescueEvents?.length ?? 0,
      bleedingEvents: input?.bleedingEvents?.length ?? 0,
      bleedingUngraded: built?.forms.bleedingUngraded ?? 0,
      newItpTherapyStartDate: input?.newItpTherapyStartDate ?? null,
    },
    derived,
  }
}

/**
 * One subject's ITP response under the study protocol's response parameters: the stored derived result
 * (recomputed when its inputs changed), its explanation and the per-count table.
 * Access: `subject.read` at the subject's site (ScopedRepo.getSubject; 404 for other sites' subjects).
 * Source: ../shared/domain/response-itp.md §3.
 */
export async function subjectResponse(repo: ScopedRepo, subjectId: number): Promise<SubjectResponse> {
  const subject = await repo.getSubject(subjectId)
  return evaluateSubject(repo, subject)
}

/** One subject's line in the study summary. */
export interface EfficacySubjectRow {
  subjectId: number
  code: string
  siteCode: string
  doseLevel: string | null
  bestResponse: ResponseCategory
  bestResponseLabel: string
  TTR: number | null
  DoR: number | null
  DoREvent: boolean | null
}

export interface StudyEfficacy extends EfficacySummary {
  studyId: number
  registryId: string
  protocolVersion: string
  categoryNames: Record<ResponseCategory, string>
  /** subjects the caller may see who were not infused (outside the analysis population) */
  notInfused: number
  subjects: EfficacySubjectRow[]
}

/**
 * Efficacy summary of a study over the infused subjects the caller may see (their sites, or every site for
 * cross-site roles). Access: `study.read`, then `subject.read` per subject (ScopedRepo.listSubjects).
 * Source: ../shared/domain/response-itp.md §3.11; statistics.md §1-§3.
 */
export async function studyEfficacy(repo: ScopedRepo, studyId: number): Promise<StudyEfficacy> {
  const visible = await repo.listSubjects(studyId)
  const study = await studyProtocol(repo, studyId)
  const ids = visible.map((s) => s.id)
  const subjects =
    ids.length === 0
      ? []
      : await repo.db
          .selectFrom('subject')
          .innerJoin('site', 'site.id', 'subject.site_id')
          .select(['subject.id', 'subject.study_id', 'subject.site_id', 'subject.code', 'subject.infusion_date', 'subject.ld_start_date', 'subject.dose_level', 'subject.created_at', 'site.code as site_code'])
          .where('subject.id', 'in', ids)
          .orderBy('subject.code')
          .execute()
  const rows: EfficacySubjectRow[] = []
  for (const s of subjects) {
    const r = await evaluateSubject(repo, s)
    if (!r.derived) continue
    const res = r.derived.result
    rows.push({
      subjectId: s.id, code: s.code, siteCode: s.site_code, doseLevel: s.dose_level,
      bestResponse: res.bestResponse, bestResponseLabel: res.bestResponseLabel, TTR: res.TTR, DoR: res.DoR, DoREvent: res.DoREvent,
    })
  }
  const categoryNames = { ...study.params.categoryNames }
  return {
    studyId,
    registryId: study.registry_id,
    protocolVersion: study.protocol_version,
    categoryNames,
    notInfused: subjects.length - rows.length,
    subjects: rows,
    ...efficacySummary(rows, categoryNames),
  }
}
