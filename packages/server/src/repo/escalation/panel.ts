import {
  boinBoundaries, canAccess, decideBoin, decideThreePlusThree, formatIssues, selectMtdBoin,
  type BoinBoundaryTable, type BoinDesignInput, type BoinDesignSchema,
} from '@celltrial/core'
import type { z } from 'zod'
import type { ScopedRepo } from '../scoped-repo.js'
import type { EscalationAction } from '../../db/tables/escalation.js'
import { loadStudyEscalation, type StudyEscalation } from './design.js'
import { dltCountsByDoseLevel, type DoseLevelCounts, type PendingSubject } from './dlt-counts.js'
import { outcomesByDoseLevel } from './weighed-data.js'

/**
 * The escalation panel of a study: DLT counts per dose level from the database, the design's boundaries,
 * the recommended decision with the rule that produced it (decideBoin, dose-escalation.md §2.5;
 * decideThreePlusThree, §1.1), eliminated doses, pending subjects, the committee's decisions and the
 * MTD / RP2D with the data weighed (selectMtdBoin, §2.6).
 */
export interface Recommendation {
  action: EscalationAction
  /** null when stopping */
  nextDoseLevel: string | null
  rule: { id: string; source: string; text: string }
  /** 3+3 stop: the MTD the rule declares (null: none) */
  mtdDoseLevel?: string | null
  stopReason?: string | null
}

export type NoRecommendationReason =
  | 'design-none' | 'escalation-ended' | 'window-open' | 'no-evaluable-at-current-dose' | 'no-new-data' | 'invalid-counts'

export interface LevelRow extends DoseLevelCounts {
  eliminated: boolean
  /** BOIN isotonic DLT estimate (§2.6), null when not kept or for 3+3 */
  isotonicEstimate: number | null
}

type BoinProtocolDesign = z.infer<typeof BoinDesignSchema>

/** The protocol's BOIN parameters in core's terms (protocol/escalation.ts -> boin-design.ts). */
export function boinInputOf(d: BoinProtocolDesign): BoinDesignInput {
  return {
    target: d.targetToxicity,
    pSaf: d.phi1Ratio * d.targetToxicity,
    pTox: d.phi2Ratio * d.targetToxicity,
    cutoffEli: d.eliminationCutoff,
    nEarlystop: d.nEarlyStop,
    cohortSize: d.cohortSize,
    // the maximum sample size in whole cohorts (never above the protocol's maximum)
    nCohort: Math.max(1, Math.floor(d.maxSampleSize / d.cohortSize)),
  }
}

/** The study's signed, non-voided escalation decisions, oldest first. */
async function activeDecisions(repo: ScopedRepo, studyId: number) {
  return repo.db
    .selectFrom('escalation_decision')
    .select([
      'id', 'current_dose_level', 'recommended_action', 'recommended_dose_level', 'recommended_rule', 'action', 'next_dose_level',
      'follows_recommendation', 'reason', 'signed_by_name', 'signature_meaning', 'signed_at', 'voided_at', 'void_reason', 'data',
    ])
    .where('study_id', '=', studyId)
    .orderBy('signed_at')
    .orderBy('id')
    .execute()
}

const fingerprint = (levels: readonly DoseLevelCounts[]) => JSON.stringify(levels.map((l) => [l.doseLevel, l.nEvaluable, l.nDlt]))

export async function escalationPanel(repo: ScopedRepo, studyId: number) {
  const esc = await loadStudyEscalation(repo, studyId)
  const counts = await dltCountsByDoseLevel(repo, esc)
  const all = await activeDecisions(repo, studyId)
  const decisions = all.map(({ data: _data, ...d }) => d)
  const active = all.filter((d) => d.voided_at === null)
  const last = active.at(-1)
  const ended = last?.action === 'stop'
  const currentDoseLevel = ended ? last.current_dose_level : (last?.next_dose_level ?? esc.startingDoseLevelId)
  const ids = esc.doseLevels.map((l) => l.id)
  const n = counts.levels.map((l) => l.nEvaluable)
  const y = counts.levels.map((l) => l.nDlt)
  const pending: PendingSubject[] = counts.levels.flatMap((l) => l.pending)
  const issues: string[] = []

  let boundaries: BoinBoundaryTable | null = null
  let eliminated = ids.map(() => false)
  let isotonic: (number | null)[] = ids.map(() => null)
  let mtdSuggestion: { doseLevel: string | null; reason: string } | null = null
  const design = esc.design
  if (design.design === 'BOIN') {
    const input = boinInputOf(design)
    const b = boinBoundaries(input)
    if (b.ok) boundaries = b.value
    else issues.push(formatIssues(b.issues))
    const sel = selectMtdBoin({ target: input.target, pSaf: input.pSaf, pTox: input.pTox, cutoffEli: input.cutoffEli, n, y })
    if (sel.ok) {
      eliminated = sel.value.eliminated
      isotonic = sel.value.isotonicEstimates
      mtdSuggestion = { doseLevel: sel.value.mtd === null ? null : ids[sel.value.mtd - 1]!, reason: sel.value.reason }
    }
  } else if (design.design === '3+3') {
    // §1.1: a dose with ≥ 2 DLTs exceeds the MTD, and so does every higher dose
    const first = y.findIndex((v) => v >= 2)
    if (first >= 0) eliminated = ids.map((_, i) => i >= first)
    const stop = active.findLast((d) => d.action === 'stop')
    const rec = (stop?.data as { recommendation?: Recommendation | null } | undefined)?.recommendation
    if (stop && rec?.action === 'stop') mtdSuggestion = { doseLevel: rec.mtdDoseLevel ?? null, reason: rec.rule.text }
  }

  let recommendation: Recommendation | null = null
  let noRecommendation: NoRecommendationReason | null = null
  const current = currentDoseLevel === null ? 0 : ids.indexOf(currentDoseLevel) + 1
  const lastData = last?.data as { fingerprint?: string } | undefined
  if (design.design === 'none') noRecommendation = 'design-none'
  else if (ended) noRecommendation = 'escalation-ended'
  else if (pending.length > 0) noRecommendation = 'window-open'
  else if (current === 0 || (n[current - 1] ?? 0) === 0) noRecommendation = 'no-evaluable-at-current-dose'
  else if (lastData?.fingerprint === fingerprint(counts.levels)) noRecommendation = 'no-new-data'
  else if (design.design === 'BOIN') {
    const r = decideBoin({ ...boinInputOf(design), n, y, currentDose: current, eliminated })
    if (r.ok) {
      const d = r.value
      recommendation = { action: d.action, nextDoseLevel: d.nextDose === null ? null : ids[d.nextDose - 1]!, rule: d.rule, stopReason: d.stopReason }
      eliminated = d.eliminated
    } else {
      noRecommendation = 'invalid-counts'
      issues.push(formatIssues(r.issues))
    }
  } else {
    const r = decideThreePlusThree({ n, y, currentDose: current, confirmTopDose: design.requireSixAtMtd })
    if (r.ok) {
      const d = r.value
      recommendation = {
        // 3+3 "treat 3 more at d" is a stay at the same dose
        action: d.action === 'expand' ? 'stay' : d.action,
        nextDoseLevel: d.nextDose === null ? null : ids[d.nextDose - 1]!,
        rule: d.rule,
        ...(d.action === 'stop' ? { mtdDoseLevel: d.mtd ? ids[d.mtd - 1]! : null } : {}),
      }
    } else {
      noRecommendation = 'invalid-counts'
      issues.push(formatIssues(r.issues))
    }
  }

  const outcomes = await outcomesByDoseLevel(repo, studyId, ids)
  const rp2d = await repo.db
    .selectFrom('rp2d_decision')
    .select(['id', 'mtd_dose_level', 'rp2d_dose_level', 'rationale', 'signed_by_name', 'signature_meaning', 'signed_at'])
    .where('study_id', '=', studyId)
    .where('voided_at', 'is', null)
    .executeTakeFirst()
  const levels: LevelRow[] = counts.levels.map((l, i) => ({ ...l, eliminated: eliminated[i] ?? false, isotonicEstimate: isotonic[i] ?? null }))
  return {
    studyId,
    registryId: esc.registryId,
    design: design.design,
    designParams: design.design === 'none' ? { maxSampleSize: design.maxSampleSize } : boinOr33Params(design),
    windowDays: esc.windowDays,
    asOf: counts.asOf,
    startingDoseLevel: esc.startingDoseLevelId,
    currentDoseLevel,
    ended,
    levels,
    unknownLevels: counts.unknownLevels,
    pending,
    boundaries,
    recommendation,
    noRecommendation,
    issues,
    fingerprint: fingerprint(counts.levels),
    decisions,
    mtdSuggestion,
    outcomes,
    rp2d: rp2d ?? null,
    canDecide: canDecide(repo),
  }
}

function boinOr33Params(design: Exclude<StudyEscalation['design'], { design: 'none' }>) {
  const { sources: _s, ...rest } = design
  return rest
}

const canDecide = (repo: ScopedRepo): boolean => canAccess(repo.who, 'escalation.decide')

export type EscalationPanel = Awaited<ReturnType<typeof escalationPanel>>
