/**
 * ICE (Immune effector Cell-associated Encephalopathy) score, 0-10, from its items.
 * Orientation 4 (year, month, city, hospital), naming 3 objects, following commands 1, writing a standard
 * sentence 1, counting backwards from 100 by 10 1. 10 = normal. Task wording is not reproduced.
 * Source: Lee DW et al., BBMT 2019;25(4):625-638; safety-grading.md §2.1.
 */

/** `true` = done correctly (1 point), `false` = not done (0), `null` = not assessed. */
export interface IceItems {
  orientation: { year: boolean | null; month: boolean | null; city: boolean | null; hospital: boolean | null }
  naming: readonly [boolean | null, boolean | null, boolean | null]
  followsCommands: boolean | null
  writesStandardSentence: boolean | null
  countsBackwardsBy10: boolean | null
}

/** not evaluable: `points` scored by the items assessed, so the total lies in [points, points + missing.length] */
export type IceScoreResult = { kind: 'scored'; total: number } | { kind: 'not-evaluable'; missing: string[]; points: number }

/**
 * Sum the ICE items; any unassessed item makes the total not evaluable (never counted as 0).
 * @example iceScore({ orientation: { year: true, month: true, city: true, hospital: false },
 *   naming: [true, true, true], followsCommands: true, writesStandardSentence: false, countsBackwardsBy10: true }) // { kind: 'scored', total: 8 }
 */
export function iceScore(items: IceItems): IceScoreResult {
  const entries: [string, boolean | null][] = [
    ['orientation.year', items.orientation.year],
    ['orientation.month', items.orientation.month],
    ['orientation.city', items.orientation.city],
    ['orientation.hospital', items.orientation.hospital],
    ['naming.0', items.naming[0]],
    ['naming.1', items.naming[1]],
    ['naming.2', items.naming[2]],
    ['followsCommands', items.followsCommands],
    ['writesStandardSentence', items.writesStandardSentence],
    ['countsBackwardsBy10', items.countsBackwardsBy10],
  ]
  const missing = entries.filter(([, v]) => v === null || v === undefined).map(([k]) => k)
  const points = entries.filter(([, v]) => v === true).length
  return missing.length > 0 ? { kind: 'not-evaluable', missing, points } : { kind: 'scored', total: points }
}
