/**
 * Patient-reported questionnaire: ITP-PAQ, RAND-36 or SF-36. Only item ids and numeric response codes are stored
 * (no licensed wording). RAND-36 scale scores are derived with core's public-domain `scoreRand36`; ITP-PAQ and
 * SF-36 scale scores need the sponsor's licensed scoring config (`scoreItpPaq`, `scoreSf36`) and stay `null`
 * without it. SF-36 and RAND-36 results are not interchangeable (§9), so SF-36 is never scored the RAND way.
 * Source: bleeding-and-scores.md §8 (ITP-PAQ, Mathias et al. 2007), §9 (RAND-36, Hays et al. 1993; SF-36, Ware and
 * Sherbourne 1992; NCT06826430 uses SF-36).
 */
import { z } from 'zod'
import { ITP_PAQ_ITEM_COUNT, scoreItpPaq, scoreRand36, scoreSf36, type ItpPaqScoringConfig, type Rand36Scale, type Sf36ScoringConfig } from '../scores/index.js'
import { dateChecks, FormDateSchema } from './common.js'
import type { EditCheck } from './edit-check.js'

export const QUESTIONNAIRE_INSTRUMENTS = ['ITP-PAQ', 'RAND-36', 'SF-36'] as const

/** §9: SF-36 has 36 items (35 in the eight scales, plus the health-transition item). */
export const SF36_ITEM_COUNT = 36

/** §9: the eight SF-36 / RAND-36 scales. */
const SF36_SCALES: readonly Rand36Scale[] = ['PF', 'RP', 'BP', 'GH', 'VT', 'SF', 'RE', 'MH']

export const QuestionnaireFormSchema = z.object({
  instrument: z.enum(QUESTIONNAIRE_INSTRUMENTS),
  instrumentVersion: z.string().max(40),
  language: z.string().max(20),
  completedOn: FormDateSchema,
  respondent: z.object({ sex: z.enum(['female', 'male', 'other']).nullable(), employed: z.boolean().nullable() }).optional(),
  /** item id → response code; RAND-36 ids are `1`..`36`, ITP-PAQ and SF-36 ids come from the licensed manual */
  items: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,20}$/), z.number().int().min(0).max(10).nullable()),
})
export type QuestionnaireForm = z.infer<typeof QuestionnaireFormSchema>

export const QUESTIONNAIRE_CHECKS: readonly EditCheck[] = [
  ...dateChecks('qol', 'completedOn', 'Completion date'),
  { id: 'qol.items.count.rand36', kind: 'range', path: ['itemCount'], max: 36, when: { path: ['instrument'], in: ['RAND-36'] }, severity: 'error', message: 'RAND-36 has 36 items' },
  { id: 'qol.items.ids.rand36', kind: 'range', path: ['unknownRand36Items'], max: 0, when: { path: ['instrument'], in: ['RAND-36'] }, severity: 'error', message: 'RAND-36 item ids are 1-36' },
  { id: 'qol.items.count.sf36', kind: 'range', path: ['itemCount'], max: SF36_ITEM_COUNT, when: { path: ['instrument'], in: ['SF-36'] }, severity: 'error', message: `SF-36 has ${SF36_ITEM_COUNT} items` },
  { id: 'qol.items.count.itppaq', kind: 'range', path: ['itemCount'], max: ITP_PAQ_ITEM_COUNT, when: { path: ['instrument'], in: ['ITP-PAQ'] }, severity: 'error', message: `ITP-PAQ has ${ITP_PAQ_ITEM_COUNT} items` },
  { id: 'qol.items.unanswered', kind: 'range', path: ['unansweredItems'], max: 0, severity: 'warning', message: 'Some items are unanswered' },
]

/** Values the checks read that the user does not type. */
export function questionnaireCheckView(q: QuestionnaireForm): Record<string, unknown> {
  const ids = Object.keys(q.items ?? {})
  return {
    ...q,
    itemCount: ids.length,
    unknownRand36Items: ids.filter((id) => !/^([1-9]|[12]\d|3[0-6])$/.test(id)).length,
    unansweredItems: Object.values(q.items ?? {}).filter((v) => v === null).length,
  }
}

export interface QuestionnaireDerived {
  /** scale → 0-100 score (`null` = not evaluable or, for ITP-PAQ / SF-36, no licensed config) */
  scaleScores: Record<string, number | null>
  scoredWith: string | null
  /** why the scale scores are `null` (SF-36 without its licensed scoring config) */
  notScoredReason?: string
}

/** §9: SF-36 scoring (item recalibration, missing-item rule) is licensed; RAND-36 scoring is not a substitute. */
export const SF36_NOT_SCORED_REASON = 'SF-36 scale scores need the licensed SF-36 scoring configuration (not supplied); RAND-36 scoring is not interchangeable'

/**
 * @example deriveQuestionnaire({ instrument: 'RAND-36', ..., items: { '3': 3, '4': 2 } }).scaleScores.PF // 75 (mean of 100 and 50)
 */
export function deriveQuestionnaire(q: QuestionnaireForm, options: { itpPaqScoring?: ItpPaqScoringConfig; sf36Scoring?: Sf36ScoringConfig } = {}): QuestionnaireDerived {
  if (q.instrument === 'RAND-36') {
    const responses: Record<number, number | null> = {}
    for (const [k, v] of Object.entries(q.items)) responses[Number(k)] = v
    return { scaleScores: scoreRand36(responses), scoredWith: 'RAND-36 1.0 public-domain scoring' }
  }
  if (q.instrument === 'SF-36') {
    if (!options.sf36Scoring) return { scaleScores: Object.fromEntries(SF36_SCALES.map((s) => [s, null])), scoredWith: null, notScoredReason: SF36_NOT_SCORED_REASON }
    return { scaleScores: scoreSf36(q.items, options.sf36Scoring), scoredWith: options.sf36Scoring.source }
  }
  if (!options.itpPaqScoring) return { scaleScores: {}, scoredWith: null }
  const scored = scoreItpPaq(
    { instrumentVersion: q.instrumentVersion, language: q.language, completedOn: q.completedOn, respondent: q.respondent ?? { sex: null, employed: null }, items: q.items },
    options.itpPaqScoring,
  )
  const scaleScores: Record<string, number | null> = {}
  for (const [scale, s] of Object.entries(scored)) scaleScores[scale] = s.kind === 'scored' ? s.score : null
  return { scaleScores, scoredWith: options.itpPaqScoring.source }
}
