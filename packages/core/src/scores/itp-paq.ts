/**
 * ITP-PAQ (ITP Patient Assessment Questionnaire): structure only. 44 items in 10 scales; item wording, translations
 * and the scoring algorithm are proprietary and are loaded at run time from the licensed scoring manual.
 * CellTrial stores item ids and numeric responses only.
 * Source: Mathias SD, Bussel JB, George JN, et al. A disease-specific measure of health-related quality of life for
 * use in adults with immune thrombocytopenic purpura. Health Qual Life Outcomes 2007;5:11; bleeding-and-scores.md §8.
 */

export const ITP_PAQ_SCALES = [
  'symptoms',
  'bother-physical-health',
  'fatigue-sleep',
  'activity',
  'fear',
  'psychological-health',
  'work',
  'social-activity',
  'womens-reproductive-health',
  'overall-quality-of-life',
] as const

export type ItpPaqScale = (typeof ITP_PAQ_SCALES)[number]

export const ITP_PAQ_ITEM_COUNT = 44

/** One completed questionnaire: item id → numeric response code (`null` = unanswered). */
export interface ItpPaqResponses {
  instrumentVersion: string
  /** e.g. `zh-CN` */
  language: string
  completedOn: string
  respondent: { sex: 'female' | 'male' | 'other' | null; employed: boolean | null }
  items: Readonly<Record<string, number | null>>
}

/**
 * Licensed scoring, supplied by the sponsor: per scale its item ids and a scoring hook. Applicability rules
 * (Women's Reproductive Health for female respondents, Work for the employed) are **UNVERIFIED** and configured here.
 */
export interface ItpPaqScoringConfig {
  source: string
  scales: Readonly<Record<ItpPaqScale, { itemIds: readonly string[]; appliesTo?: (r: ItpPaqResponses['respondent']) => boolean | null }>>
  /** returns the 0-100 scale score or `null` when too few items are answered (manual's rule) */
  scoreScale: (scale: ItpPaqScale, responses: readonly (number | null)[]) => number | null
}

export type ItpPaqScaleScore = { kind: 'scored'; score: number } | { kind: 'not-applicable' } | { kind: 'not-evaluable'; reason: string }

/** Score every scale with the licensed config; applicability unknown → not evaluable. */
export function scoreItpPaq(r: ItpPaqResponses, config: ItpPaqScoringConfig): Record<ItpPaqScale, ItpPaqScaleScore> {
  const out = {} as Record<ItpPaqScale, ItpPaqScaleScore>
  for (const scale of ITP_PAQ_SCALES) {
    const def = config.scales[scale]
    const applies = def.appliesTo ? def.appliesTo(r.respondent) : true
    if (applies === false) out[scale] = { kind: 'not-applicable' }
    else if (applies === null) out[scale] = { kind: 'not-evaluable', reason: 'applicability unknown (respondent sex or employment missing)' }
    else {
      // own entries only: an item id such as `constructor` that was not answered reaches the hook as null
      const score = config.scoreScale(scale, def.itemIds.map((id) => (Object.hasOwn(r.items, id) ? (r.items[id] ?? null) : null)))
      out[scale] = score === null ? { kind: 'not-evaluable', reason: 'too few items answered' } : { kind: 'scored', score }
    }
  }
  return out
}
