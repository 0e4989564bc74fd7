import { AppError, notFound } from '../../errors.js'
import type { EscalationAction } from '../../db/tables/escalation.js'
import type { ScopedRepo } from '../scoped-repo.js'
import { escalationPanel } from './panel.js'
import { signAs, type SignatureInput } from './signature.js'

/**
 * The safety committee's decisions: after a cohort, where the next cohort goes (it may differ from the
 * recommendation, then with a reason); at the end, the MTD and RP2D. Each is signed by re-entering the
 * password and audited; corrections void the earlier record with a reason (nothing is deleted).
 */
export interface EscalationDecisionInput extends SignatureInput {
  action: EscalationAction
  /** dose level of the next cohort; omitted or null for 'stop' */
  nextDoseLevel?: string | null
  /** required when the decision differs from the recommendation (or none was given) */
  reason?: string | null
}

const bad = (path: string, message: string) => new AppError('validation_failed', 'invalid escalation decision', [{ path, message }])

export async function recordEscalationDecision(repo: ScopedRepo, studyId: number, input: EscalationDecisionInput) {
  repo.require('escalation.decide')
  const panel = await escalationPanel(repo, studyId)
  if (panel.design === 'none') throw new AppError('illegal_transition', 'this study has no dose escalation')
  if (panel.ended) throw new AppError('illegal_transition', 'escalation has ended: record the MTD and RP2D, or void the stop decision first')
  const ids = panel.levels.map((l) => l.doseLevel)
  const current = ids.indexOf(panel.currentDoseLevel ?? '')
  const next = input.action === 'stop' ? null : (input.nextDoseLevel ?? null)
  if (input.action === 'stop' && input.nextDoseLevel) throw bad('nextDoseLevel', 'a stop decision has no next dose level')
  if (input.action !== 'stop') {
    const j = next === null ? -1 : ids.indexOf(next)
    if (j < 0) throw bad('nextDoseLevel', `must be one of ${ids.join(', ')}`)
    // one level at a time, no skipping (dose-escalation.md §1.1, §2.5: d + 1 / d − 1)
    const expected = input.action === 'escalate' ? j === current + 1 : input.action === 'deescalate' ? j === current - 1 : j === current
    if (!expected) throw bad('nextDoseLevel', `${next} does not match "${input.action}" from ${panel.currentDoseLevel}`)
    if (panel.levels[j]!.eliminated && input.action !== 'deescalate')
      throw bad('nextDoseLevel', `${next} is eliminated (dose-escalation.md §2.3 / §1.1): it cannot be given again`)
  }
  const rec = panel.recommendation
  const follows = rec !== null && rec.action === input.action && rec.nextDoseLevel === next
  const reason = input.reason?.trim() ?? ''
  if (!follows && reason.length === 0)
    throw bad('reason', rec ? 'the decision differs from the recommendation: give the reason' : 'no recommendation was given: give the reason for deciding now')
  const signature = await signAs(repo, input, { entity: 'escalation_decision' })
  return repo.write(async (tx, audit) => {
    const row = await tx
      .insertInto('escalation_decision')
      .values({
        study_id: studyId,
        design: panel.design as '3+3' | 'BOIN',
        current_dose_level: panel.currentDoseLevel!,
        data: JSON.stringify({
          asOf: panel.asOf,
          fingerprint: panel.fingerprint,
          levels: panel.levels.map((l) => ({ doseLevel: l.doseLevel, nEvaluable: l.nEvaluable, nDlt: l.nDlt, eliminated: l.eliminated, pending: l.pending.length })),
          recommendation: rec,
          noRecommendation: panel.noRecommendation,
        }),
        recommended_action: rec?.action ?? null,
        recommended_dose_level: rec?.nextDoseLevel ?? null,
        recommended_rule: rec ? `${rec.rule.id} (${rec.rule.source})` : null,
        action: input.action,
        next_dose_level: next,
        follows_recommendation: follows,
        reason: reason.length > 0 ? reason : null,
        ...signature,
        voided_at: null,
        void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'escalation_decision', entityId: row.id, newValue: row, reason: row.reason })
    await audit({ action: 'sign', entity: 'escalation_decision', entityId: row.id, newValue: { meaning: signature.signature_meaning }, reason: signature.signature_meaning })
    return row
  })
}

/** Void the study's latest decision (e.g. recorded in error); the dose level reverts to the one before. */
export async function voidEscalationDecision(repo: ScopedRepo, id: number, input: SignatureInput & { reason: string }) {
  repo.require('escalation.decide')
  const row = await repo.db.selectFrom('escalation_decision').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`escalation decision ${id}`)
  if (row.voided_at) throw new AppError('conflict', `escalation decision ${id} is already void`)
  if (input.reason.trim().length === 0) throw new AppError('validation_failed', 'a reason is required', [{ path: 'reason', message: 'required' }])
  const later = await repo.db.selectFrom('escalation_decision').select('id').where('study_id', '=', row.study_id).where('voided_at', 'is', null).where('id', '>', id).executeTakeFirst()
  if (later) throw new AppError('illegal_transition', 'only the latest decision can be voided')
  const rp2d = await repo.db.selectFrom('rp2d_decision').select('id').where('study_id', '=', row.study_id).where('voided_at', 'is', null).executeTakeFirst()
  if (rp2d) throw new AppError('illegal_transition', 'void the RP2D decision first')
  await signAs(repo, input, { entity: 'escalation_decision', entityId: id })
  return repo.write(async (tx, audit) => {
    const voided = await tx.updateTable('escalation_decision').set({ voided_at: repo.clock().toISOString(), void_reason: input.reason.trim() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
    await audit({ action: 'void', entity: 'escalation_decision', entityId: id, oldValue: { voided_at: null }, newValue: { voided_at: voided.voided_at }, reason: voided.void_reason })
    return voided
  })
}

export interface Rp2dInput extends SignatureInput {
  /** null: the data identify no MTD */
  mtdDoseLevel: string | null
  rp2dDoseLevel: string
  rationale: string
  /** required when an RP2D is already recorded: it is voided with this reason */
  supersedeReason?: string | null
}

/** Record the MTD and the RP2D at the end of escalation, with a snapshot of the data weighed. */
export async function recordRp2d(repo: ScopedRepo, studyId: number, input: Rp2dInput) {
  repo.require('escalation.decide')
  const panel = await escalationPanel(repo, studyId)
  if (!panel.ended) throw new AppError('illegal_transition', 'escalation has not ended: the committee records a stop decision first')
  const ids = panel.levels.map((l) => l.doseLevel)
  const rp2dBad = (path: string, message: string) => new AppError('validation_failed', 'invalid RP2D decision', [{ path, message }])
  if (input.mtdDoseLevel !== null && !ids.includes(input.mtdDoseLevel)) throw rp2dBad('mtdDoseLevel', `must be one of ${ids.join(', ')} or none`)
  if (!ids.includes(input.rp2dDoseLevel)) throw rp2dBad('rp2dDoseLevel', `must be one of ${ids.join(', ')}`)
  if (input.mtdDoseLevel !== null && ids.indexOf(input.rp2dDoseLevel) > ids.indexOf(input.mtdDoseLevel)) throw rp2dBad('rp2dDoseLevel', 'the RP2D may not be above the MTD')
  const rationale = input.rationale.trim()
  if (rationale.length === 0) throw rp2dBad('rationale', 'required')
  const existing = await repo.db.selectFrom('rp2d_decision').selectAll().where('study_id', '=', studyId).where('voided_at', 'is', null).executeTakeFirst()
  const supersede = input.supersedeReason?.trim() ?? ''
  if (existing && supersede.length === 0) throw rp2dBad('supersedeReason', 'an RP2D is already recorded: give the reason for replacing it')
  const signature = await signAs(repo, input, { entity: 'rp2d_decision' })
  return repo.write(async (tx, audit) => {
    if (existing) {
      await tx.updateTable('rp2d_decision').set({ voided_at: signature.signed_at, void_reason: supersede }).where('id', '=', existing.id).execute()
      await audit({ action: 'void', entity: 'rp2d_decision', entityId: existing.id, oldValue: { voided_at: null }, newValue: { voided_at: signature.signed_at }, reason: supersede })
    }
    const row = await tx
      .insertInto('rp2d_decision')
      .values({
        study_id: studyId,
        mtd_dose_level: input.mtdDoseLevel,
        rp2d_dose_level: input.rp2dDoseLevel,
        rationale,
        data: JSON.stringify({ asOf: panel.asOf, levels: panel.levels.map(({ pending: _p, ...l }) => l), mtdSuggestion: panel.mtdSuggestion, outcomes: panel.outcomes }),
        ...signature,
        voided_at: null,
        void_reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit({ action: 'create', entity: 'rp2d_decision', entityId: row.id, newValue: row, reason: rationale })
    await audit({ action: 'sign', entity: 'rp2d_decision', entityId: row.id, newValue: { meaning: signature.signature_meaning }, reason: signature.signature_meaning })
    return row
  })
}
