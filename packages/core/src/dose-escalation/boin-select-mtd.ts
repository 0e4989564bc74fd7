import { fail, ok, type Issue, type Result } from '../result.js'
import { boinTables, type BoinTables } from './boin-boundaries.js'
import { resolveBoinDesign, type BoinDesignInput } from './boin-design.js'
import { pavaInPlace } from './stats/isotonic.js'

/**
 * BOIN MTD selection at the end of a trial (dose-escalation.md §2.6; BOIN 2.7.2 `select.mtd`):
 *   1. re-apply elimination to every dose (first dose j with n_j ≥ 3 and P(p_j > φ) > cutoffEli
 *      eliminates j … top); with extrasafe, the lowest dose also counts as eliminated when
 *      P(p₁ > φ) > cutoffEli − offset; if the lowest dose is eliminated, or no kept dose was treated: no MTD;
 *   2. keep treated (n_j > 0), non-eliminated doses;
 *   3. p̂_j = (y_j + 0.05)/(n_j + 0.1), v_j = (y_j + 0.05)(n_j − y_j + 0.05)/[(n_j + 0.1)²(n_j + 0.1 + 1)]
 *      (Beta(0.05, 0.05) pseudo-counts, as in the package; Liu & Yuan 2015 §2.3 use the observed rates);
 *   4. PAVA with weights 1/v_j (see stats/isotonic.ts);
 *   5. add j × 1e-10 (j = 1 … kept) and take the first dose with the smallest |p̂_j − φ|: ties go to the
 *      higher dose below φ and to the lower dose above φ;
 *   6. boundMTD: only doses whose (offset) estimate is < λd qualify; if none: no MTD.
 *
 * Source: dose-escalation.md §2.6; Liu & Yuan 2015 §2.3; Yan et al. J Stat Softw 2020;94(13) §2.
 */

/** Scratch buffers so that selection allocates nothing inside a simulation. */
export interface SelectScratch {
  /** isotonic estimates of the kept doses (without the 1e-10 tie offsets), first `kept` entries */
  estimate: Float64Array
  weight: Float64Array
  level: Int32Array
  /** 0-based dose index of each kept entry */
  index: Int32Array
  kept: number
  /** lowest eliminated dose (0-based), or the number of doses when none */
  eliminatedFrom: number
}

export function createSelectScratch(nDoses: number): SelectScratch {
  return {
    estimate: new Float64Array(nDoses),
    weight: new Float64Array(nDoses),
    level: new Int32Array(nDoses),
    index: new Int32Array(nDoses),
    kept: 0,
    eliminatedFrom: nDoses,
  }
}

/**
 * Allocation-free selection (the simulator's path).
 * @param t - tables covering every n_j (uses eliminateDirect, extrasafeStop, target, lambdaD)
 * @returns the MTD as a 0-based dose index, or −1 for no MTD
 */
export function selectMtdInto(
  t: BoinTables,
  extrasafe: boolean,
  boundMtd: boolean,
  n: ArrayLike<number>,
  y: ArrayLike<number>,
  s: SelectScratch,
): number {
  const nDoses = n.length
  let eliminatedFrom = nDoses
  for (let i = 0; i < nDoses; i++) {
    const ni = n[i]!
    if (ni >= 3 && y[i]! >= t.eliminateDirect[ni]!) {
      eliminatedFrom = i
      break
    }
  }
  if (extrasafe && n[0]! >= 3 && y[0]! >= t.extrasafeStop[n[0]!]!) eliminatedFrom = 0
  s.eliminatedFrom = eliminatedFrom
  s.kept = 0
  if (eliminatedFrom === 0) return -1
  let kept = 0
  for (let i = 0; i < eliminatedFrom; i++) {
    const ni = n[i]!
    if (ni === 0) continue
    const yi = y[i]!
    const nShift = ni + 0.1
    s.index[kept] = i
    s.estimate[kept] = (yi + 0.05) / nShift
    s.weight[kept] = 1 / (((yi + 0.05) * (ni - yi + 0.05)) / (nShift * nShift * (nShift + 1)))
    kept++
  }
  s.kept = kept
  if (kept === 0) return -1
  pavaInPlace(s.estimate, s.weight, s.level, kept)
  let best = -1
  let bestDistance = Infinity
  for (let j = 0; j < kept; j++) {
    const tieBroken = s.estimate[j]! + (j + 1) * 1e-10
    if (boundMtd && !(tieBroken < t.lambdaD)) continue
    const distance = Math.abs(tieBroken - t.target)
    if (distance < bestDistance) {
      bestDistance = distance
      best = j
    }
  }
  return best < 0 ? -1 : s.index[best]!
}

/** Why selection ended as it did. */
export type BoinSelectionReason =
  'selected' | 'lowest-dose-eliminated' | 'no-dose-treated' | 'no-dose-below-lambda-d'

export interface BoinMtdSelection {
  /** 1-based dose level selected as MTD, or null */
  mtd: number | null
  reason: BoinSelectionReason
  /** per dose: the isotonic estimate used for selection, null for doses not kept (untreated or eliminated) */
  isotonicEstimates: (number | null)[]
  /** per dose: eliminated by the safety rule (§2.3 / extrasafe) */
  eliminated: boolean[]
}

export interface SelectMtdInput extends Omit<
  BoinDesignInput,
  'nCohort' | 'cohortSize' | 'nEarlystop' | 'startDose'
> {
  /** patients treated per dose, lowest dose first */
  n: readonly number[]
  /** patients with a DLT per dose */
  y: readonly number[]
}

/**
 * Select the MTD from a finished BOIN trial's counts (dose-escalation.md §2.6).
 * @returns the selection with isotonic estimates and eliminated doses, or the input issues
 * @example selectMtdBoin({ target: 0.3, n: [3, 6, 3], y: [0, 2, 0] }).value
 *   // { mtd: 3, reason: 'selected', isotonicEstimates: [0.0161…, 0.0512…, 0.0512…], eliminated: [false, false, false] }
 */
export function selectMtdBoin(input: SelectMtdInput): Result<BoinMtdSelection> {
  const { n, y, ...rest } = input
  const issues: Issue[] = []
  if (n.length === 0)
    issues.push({ code: 'too_small', path: ['n'], message: 'at least one dose is required' })
  if (n.length !== y.length)
    issues.push({
      code: 'length_mismatch',
      path: ['y'],
      message: `n has ${n.length} doses but y has ${y.length}`,
    })
  n.forEach((ni, i) => {
    if (!Number.isInteger(ni) || ni < 0)
      issues.push({ code: 'invalid_count', path: ['n', i], message: `not a count: ${ni}` })
    const yi = y[i]
    if (yi !== undefined && (!Number.isInteger(yi) || yi < 0 || yi > ni))
      issues.push({
        code: 'invalid_count',
        path: ['y', i],
        message: `must be an integer from 0 to n = ${ni}: ${yi}`,
      })
  })
  const design = resolveBoinDesign(rest)
  if (!design.ok) issues.push(...design.issues)
  if (issues.length > 0 || !design.ok) return fail(issues)
  const t = boinTables(design.value, Math.max(...n))
  const s = createSelectScratch(n.length)
  const mtd = selectMtdInto(t, design.value.extrasafe, design.value.boundMtd, n, y, s)
  const isotonicEstimates: (number | null)[] = n.map(() => null)
  for (let j = 0; j < s.kept; j++) isotonicEstimates[s.index[j]!] = s.estimate[j]!
  const reason: BoinSelectionReason =
    mtd >= 0
      ? 'selected'
      : s.eliminatedFrom === 0
        ? 'lowest-dose-eliminated'
        : s.kept === 0
          ? 'no-dose-treated'
          : 'no-dose-below-lambda-d'
  return ok({
    mtd: mtd >= 0 ? mtd + 1 : null,
    reason,
    isotonicEstimates,
    eliminated: n.map((_, i) => i >= s.eliminatedFrom),
  })
}
