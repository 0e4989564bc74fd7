import type { Result } from '../result.js'
import { fail, ok } from '../result.js'
import { resolveBoinDesign, type BoinDesign, type BoinDesignInput } from './boin-design.js'
import { NO_BOUNDARY, posteriorThreshold } from './boin-posterior.js'
import { lnCorrectlyRounded } from './stats/log-correctly-rounded.js'

/**
 * BOIN escalation / de-escalation boundaries λe, λd (Liu & Yuan 2015, eqs. 2-3; dose-escalation.md §2.2):
 *   λe = ln[(1 − φ₁)/(1 − φ)] / ln[φ(1 − φ₁) / (φ₁(1 − φ))]
 *   λd = ln[(1 − φ)/(1 − φ₂)] / ln[φ₂(1 − φ) / (φ(1 − φ₂))]
 * Same floating-point expression as BOIN 2.7.2 `get.boundary`, with correctly rounded logarithms as R's
 * C library gives them (V8's `Math.log` may be 1 ulp off, which changes floor/ceil(λ n) when λ n is an
 * integer in exact arithmetic, e.g. λd = ½ for φ₂ = 1 − φ; see stats/log-correctly-rounded.ts).
 * @example boinLambdas(0.3, 0.18, 0.42) // { lambdaE: 0.236491…, lambdaD: 0.358519… }
 */
export function boinLambdas(
  target: number,
  pSaf: number,
  pTox: number,
): { lambdaE: number; lambdaD: number } {
  const ln = lnCorrectlyRounded
  const lambdaE = ln((1 - pSaf) / (1 - target)) / ln((target * (1 - pSaf)) / (pSaf * (1 - target)))
  const lambdaD = ln((1 - target) / (1 - pTox)) / ln((pTox * (1 - target)) / (target * (1 - pTox)))
  return { lambdaE, lambdaD }
}

/**
 * Precomputed count boundaries for n = 0 … maxPatients (index = n; index 0 unused), as typed arrays
 * so the simulation's inner loop only reads them. {@link NO_BOUNDARY} marks "none at this n".
 */
export interface BoinTables {
  target: number
  lambdaE: number
  lambdaD: number
  maxPatients: number
  /** escalate if y ≤ escalate[n] = floor(λe n) */
  escalate: Int32Array
  /** de-escalate if y ≥ deescalate[n] = min(ceil(λd n), eliminate[n]) (§2.3 cap) */
  deescalate: Int32Array
  /** eliminate if y ≥ eliminate[n] (package table: searched from y = 1; used during conduct) */
  eliminate: Int32Array
  /** same rule checked directly for every y ≥ 0 (used by MTD selection, as `select.mtd` does) */
  eliminateDirect: Int32Array
  /** extrasafe: stop if the lowest dose has y ≥ extrasafeStop[n] (cutoffEli − offset, every y ≥ 0) */
  extrasafeStop: Int32Array
  /** extrasafe stopping table as printed by the package (searched from y = 1) */
  extrasafeTable: Int32Array
}

/**
 * Build the boundary tables of a validated design (no validation here; see {@link boinBoundaries}).
 * Source: dose-escalation.md §2.2-2.4; BOIN 2.7.2 `get.boundary`.
 * @param design - validated design
 * @param maxPatients - largest n tabulated (usually nCohort × cohortSize)
 */
export function boinTables(design: BoinDesign, maxPatients: number): BoinTables {
  const { target, cutoffEli, offset } = design
  const { lambdaE, lambdaD } = boinLambdas(target, design.pSaf, design.pTox)
  const size = maxPatients + 1
  const t: BoinTables = {
    target,
    lambdaE,
    lambdaD,
    maxPatients,
    escalate: new Int32Array(size),
    deescalate: new Int32Array(size),
    eliminate: new Int32Array(size).fill(NO_BOUNDARY),
    eliminateDirect: new Int32Array(size).fill(NO_BOUNDARY),
    extrasafeStop: new Int32Array(size).fill(NO_BOUNDARY),
    extrasafeTable: new Int32Array(size).fill(NO_BOUNDARY),
  }
  for (let n = 1; n <= maxPatients; n++) {
    t.escalate[n] = Math.floor(lambdaE * n)
    const eliminate = posteriorThreshold(n, target, cutoffEli, 1)
    t.eliminate[n] = eliminate
    t.deescalate[n] = Math.min(Math.ceil(lambdaD * n), eliminate)
    t.eliminateDirect[n] = posteriorThreshold(n, target, cutoffEli, 0)
    t.extrasafeStop[n] = posteriorThreshold(n, target, cutoffEli - offset, 0)
    t.extrasafeTable[n] = posteriorThreshold(n, target, cutoffEli - offset, 1)
  }
  return t
}

/** One column of the BOIN boundary table (dose-escalation.md §2.4), for n patients at the current dose. */
export interface BoinBoundaryRow {
  n: number
  escalateIfDltLe: number
  deescalateIfDltGe: number
  /** null when no number of DLTs eliminates the dose at this n (always for n < 3) */
  eliminateIfDltGe: number | null
  /** only with extrasafe: stop the trial if the LOWEST dose has this many DLTs; null when none */
  stopIfLowestDoseDltGe?: number | null
}

export interface BoinBoundaryTable {
  lambdaE: number
  lambdaD: number
  table: BoinBoundaryRow[]
}

/**
 * The BOIN decision table for n = 1 … nCohort × cohortSize (what `BOIN::get.boundary` prints).
 *
 * Source: dose-escalation.md §2.2-2.4; Liu & Yuan 2015; BOIN R package 2.7.2 `get.boundary`.
 * @param input - design (target required; nCohort default 10, cohortSize default 3)
 * @returns λe, λd and one row per n; or the validation issues
 * @example boinBoundaries({ target: 0.3, nCohort: 4, cohortSize: 3 }).value?.table[2]
 *   // { n: 3, escalateIfDltLe: 0, deescalateIfDltGe: 2, eliminateIfDltGe: 3 }
 */
export function boinBoundaries(input: BoinDesignInput): Result<BoinBoundaryTable> {
  const resolved = resolveBoinDesign(input)
  if (!resolved.ok) return fail(resolved.issues)
  const design = resolved.value
  const t = boinTables(design, design.nCohort * design.cohortSize)
  const orNull = (v: number) => (v === NO_BOUNDARY ? null : v)
  const table: BoinBoundaryRow[] = []
  for (let n = 1; n <= t.maxPatients; n++) {
    const row: BoinBoundaryRow = {
      n,
      escalateIfDltLe: t.escalate[n]!,
      deescalateIfDltGe: t.deescalate[n]!,
      eliminateIfDltGe: orNull(t.eliminate[n]!),
    }
    if (design.extrasafe) row.stopIfLowestDoseDltGe = orNull(t.extrasafeTable[n]!)
    table.push(row)
  }
  return ok({ lambdaE: t.lambdaE, lambdaD: t.lambdaD, table })
}
