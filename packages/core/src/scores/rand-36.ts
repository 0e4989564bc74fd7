/**
 * RAND 36-Item Health Survey 1.0 (public domain) scored by the RAND method; structure shared with SF-36, whose
 * licensed scoring (norm-based T-scores, PCS/MCS) is not implemented. No item wording is stored.
 * Step 1: recode each item to 0-100 (lowest response 0, highest 100, higher = better health).
 * Step 2: scale score = mean of the answered items of the scale (missing items ignored).
 * Item-to-scale map and recoding direction: RAND's public scoring instructions for the RAND-36 1.0 (not given in
 * the domain doc; loaded as the default configuration and replaceable).
 * Source: Hays RD, Sherbourne CD, Mazel RM. The RAND 36-Item Health Survey 1.0. Health Econ 1993;2(3):217-227;
 * Ware JE Jr, Sherbourne CD. Med Care 1992;30(6):473-483; bleeding-and-scores.md §9.
 */

export type Rand36Scale = 'PF' | 'RP' | 'BP' | 'GH' | 'VT' | 'SF' | 'RE' | 'MH'

export interface Rand36ItemScoring {
  /** number of response choices (codes 1..n) */
  choices: number
  /** `true` when response code 1 is the best health state (recoded 100) */
  reversed: boolean
}

export interface Rand36ScoringConfig {
  source: string
  items: Readonly<Record<number, Rand36ItemScoring>>
  scales: Readonly<Record<Rand36Scale, readonly number[]>>
}

const items: Record<number, Rand36ItemScoring> = {}
const set = (ids: number[], s: Rand36ItemScoring) => ids.forEach((i) => (items[i] = s))
set([1, 2, 20, 22, 34, 36], { choices: 5, reversed: true })
set([3, 4, 5, 6, 7, 8, 9, 10, 11, 12], { choices: 3, reversed: false })
set([13, 14, 15, 16, 17, 18, 19], { choices: 2, reversed: false })
set([21, 23, 26, 27, 30], { choices: 6, reversed: true })
set([24, 25, 28, 29, 31], { choices: 6, reversed: false })
set([32, 33, 35], { choices: 5, reversed: false })

/** RAND-36 1.0 public-domain scoring key. Item 2 (health transition) belongs to no scale. */
export const RAND36_V1_SCORING: Rand36ScoringConfig = {
  source: 'RAND 36-Item Health Survey 1.0 scoring instructions (public domain); Hays et al. 1993',
  items,
  scales: {
    PF: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    RP: [13, 14, 15, 16],
    RE: [17, 18, 19],
    VT: [23, 27, 29, 31],
    MH: [24, 25, 26, 28, 30],
    SF: [20, 32],
    BP: [21, 22],
    GH: [1, 33, 34, 35, 36],
  },
}

/**
 * Step 1: recode a response code (1..choices) to 0-100; `null` for a missing or out-of-range code.
 * @example recodeRand36Item(3, 2) // 50 (3-choice item)
 */
export function recodeRand36Item(item: number, code: number | null, config: Rand36ScoringConfig = RAND36_V1_SCORING): number | null {
  const s = config.items[item]
  if (s === undefined || code === null || !Number.isInteger(code) || code < 1 || code > s.choices) return null
  const step = 100 / (s.choices - 1)
  return s.reversed ? (s.choices - code) * step : (code - 1) * step
}

/**
 * Mean of recoded item scores, ignoring missing ones; `null` when none is answered.
 * @example meanOfAnsweredItems([100, 50, null]) // 75 (doc worked example)
 */
export function meanOfAnsweredItems(recoded: readonly (number | null)[]): number | null {
  const answered = recoded.filter((x): x is number => x !== null)
  return answered.length === 0 ? null : answered.reduce((a, b) => a + b, 0) / answered.length
}

/** Step 2 for all eight scales from raw response codes keyed by item number (1-36). */
export function scoreRand36(responses: Readonly<Record<number, number | null>>, config: Rand36ScoringConfig = RAND36_V1_SCORING): Record<Rand36Scale, number | null> {
  const out = {} as Record<Rand36Scale, number | null>
  for (const [scale, ids] of Object.entries(config.scales) as [Rand36Scale, readonly number[]][]) {
    out[scale] = meanOfAnsweredItems(ids.map((i) => recodeRand36Item(i, responses[i] ?? null, config)))
  }
  return out
}
