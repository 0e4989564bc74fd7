import { z } from 'zod'
import { ArmSchema, EscalationSchema, type Escalation } from '@celltrial/core'
import { AppError, notFound } from '../../errors.js'
import type { ScopedRepo } from '../scoped-repo.js'

/** A study's escalation design as the panel needs it: the design, its ordered dose levels, the DLT window. */
export interface StudyEscalation {
  studyId: number
  registryId: string
  design: Escalation
  /** dose levels of the arm holding the starting level, lowest first */
  doseLevels: { id: string; label: string }[]
  /** last day of the DLT window, inclusive (safety-grading.md §5, default 28) */
  windowDays: number
  startingDoseLevelId: string | null
}

const ProtocolPart = z.object({ escalation: EscalationSchema, arms: z.array(ArmSchema).min(1) })

/**
 * Read the escalation part of a study's protocol (protocol/escalation.ts, arms.ts), or of the given version.
 * @throws not_found when the study does not exist; validation_failed when its protocol has no valid design
 */
export async function loadStudyEscalation(repo: ScopedRepo, studyId: number, protocolJson?: unknown): Promise<StudyEscalation> {
  repo.require('study.read')
  // protocolJson: a subject's consented version (protocol-versions.ts protocolJsonForSubject); else the study's
  // current one (read only then: a protocol is ~26 KB of JSON)
  const study =
    protocolJson === undefined
      ? await repo.db.selectFrom('study').select(['id', 'registry_id', 'protocol']).where('id', '=', studyId).executeTakeFirst()
      : await repo.db.selectFrom('study').select(['id', 'registry_id']).where('id', '=', studyId).executeTakeFirst()
  if (!study) throw notFound(`study ${studyId}`)
  const parsed = ProtocolPart.safeParse(protocolJson ?? ('protocol' in study ? study.protocol : undefined))
  if (!parsed.success)
    throw new AppError('validation_failed', `study ${study.registry_id} has no valid escalation design in its protocol`, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
  const { escalation, arms } = parsed.data
  const start = escalation.design === 'none' ? null : escalation.startingDoseLevelId
  const arm = arms.find((a) => a.doseLevels.some((l) => l.id === start)) ?? arms[0]!
  return {
    studyId: study.id,
    registryId: study.registry_id,
    design: escalation,
    doseLevels: arm.doseLevels.map((l) => ({ id: l.id, label: l.label })),
    windowDays: escalation.design === 'none' ? 28 : escalation.dltWindowDays,
    startingDoseLevelId: start,
  }
}
