import type { Rand36Scale } from './rand-36.js'

/**
 * SF-36 (v1 MOS Trust / v2 QualityMetric): structure and hooks only. The item wording, the raw scale scoring (item
 * recalibration — BP and GH differ from RAND-36 — and the missing-item rule), norm-based T-scores and the PCS/MCS
 * summaries are licensed and supplied by the sponsor at run time; no item wording is stored.
 * The public part is the 0-100 transformation: `(raw − min possible) / (max possible − min possible) × 100`.
 * Results are not interchangeable with RAND-36 1.0 scoring (see rand-36.ts): the licensed edition is logged.
 * Source: Ware JE Jr, Sherbourne CD. The MOS 36-item short-form health survey (SF-36). Med Care 1992;30(6):473-483;
 * bleeding-and-scores.md §9.
 */

/**
 * §9 SF-36: transformed 0-100 scale score; raw values are not rounded (README "Rounding").
 * @example sf36TransformedScore(25, 10, 30) // 75
 * @throws RangeError when the possible range is empty or the raw score lies outside it
 */
export function sf36TransformedScore(raw: number, minPossible: number, maxPossible: number): number {
  if (!(maxPossible > minPossible)) throw new RangeError(`SF-36 scale range must have max > min, got ${minPossible}..${maxPossible}`)
  if (!(raw >= minPossible && raw <= maxPossible)) throw new RangeError(`SF-36 raw score ${raw} outside ${minPossible}..${maxPossible}`)
  return ((raw - minPossible) / (maxPossible - minPossible)) * 100
}

/** Licensed SF-36 scoring, supplied by the sponsor (edition and language fixed by the protocol). */
export interface Sf36ScoringConfig {
  /** licensed edition, e.g. version 2 standard recall, zh-CN; logged with each score */
  source: string
  /** per scale: its item ids and the lowest / highest possible raw score */
  scales: Readonly<Record<Rand36Scale, { itemIds: readonly string[]; minPossible: number; maxPossible: number }>>
  /** raw scale score from the item response codes (licensed recalibration and missing-item rule); `null` = not scoreable */
  rawScaleScore: (scale: Rand36Scale, responses: readonly (number | null)[]) => number | null
}

/** The eight transformed scale scores (0-100); `null` where the licensed hook cannot score the scale. */
export function scoreSf36(items: Readonly<Record<string, number | null>>, config: Sf36ScoringConfig): Record<Rand36Scale, number | null> {
  const out = {} as Record<Rand36Scale, number | null>
  for (const [scale, def] of Object.entries(config.scales) as [Rand36Scale, Sf36ScoringConfig['scales'][Rand36Scale]][]) {
    const raw = config.rawScaleScore(scale, def.itemIds.map((id) => (Object.hasOwn(items, id) ? (items[id] ?? null) : null)))
    out[scale] = raw === null ? null : sf36TransformedScore(raw, def.minPossible, def.maxPossible)
  }
  return out
}
