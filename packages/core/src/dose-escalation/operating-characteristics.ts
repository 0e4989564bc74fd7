/**
 * Operating characteristics (OC) of a dose-finding design (dose-escalation.md §3), as reported by
 * `BOIN::get.oc`: selection % per dose, % no MTD, mean patients and DLTs per dose, mean sample size,
 * and the risk of overdosing.
 *
 * Simulators produce {@link OcTotals}: plain sums (integer counts for Monte Carlo, probability-weighted
 * sums for exact enumeration). Sums of integers merge exactly, so splitting trials across workers and
 * adding the parts gives the same result as one run; {@link finalizeOc} turns totals into the OC.
 *
 * Overdosing (§3 "probability that > 60 % (or > 80 %) of patients are treated above the MTD"): as in
 * BOIN 2.7.2 `get.oc`, "above the MTD" = doses whose true DLT probability exceeds the target, and the
 * figure exists only when some dose's true probability equals the target exactly (otherwise the true MTD is
 * undefined and the package reports nothing: here null). The share is of the maximum sample size
 * nCohort × cohortSize for BOIN (`> 0.6 * npts` in the package), of the patients enrolled in that trial
 * for 3+3, whose sample size is not fixed.
 *
 * Source: dose-escalation.md §3; BOIN R package 2.7.2 `get.oc`.
 */

export interface OcTotals {
  /** trials summed (1 for an exact enumeration, whose sums are probabilities) */
  nTrial: number
  /** trials (or probability) selecting each dose */
  selected: number[]
  /** trials (or probability) ending with no MTD */
  noMtd: number
  /** Σ patients treated per dose */
  patients: number[]
  /** Σ DLTs per dose */
  dlts: number[]
  /** trials (or probability) with > 60 % / > 80 % of patients above the MTD; null when undefined */
  overdosed60: number | null
  overdosed80: number | null
}

export interface OperatingCharacteristics {
  /** % of trials selecting each dose as MTD */
  selectionPercent: number[]
  /** % of trials with no MTD (stopped early for toxicity, or nothing selectable) */
  noMtdPercent: number
  /** mean patients treated per dose */
  patientsPerDose: number[]
  /** mean DLTs per dose */
  dltsPerDose: number[]
  /** mean patients per trial */
  meanSampleSize: number
  /** % of trials treating > 60 % of patients above the MTD; null when no dose's true DLT probability equals the target */
  overdosingRisk60: number | null
  /** same with > 80 % */
  overdosingRisk80: number | null
}

/** Empty totals for `nDoses` doses; overdosing is tracked only when `overdose` is true. */
export function emptyOcTotals(nDoses: number, overdose: boolean): OcTotals {
  return {
    nTrial: 0,
    selected: new Array<number>(nDoses).fill(0),
    noMtd: 0,
    patients: new Array<number>(nDoses).fill(0),
    dlts: new Array<number>(nDoses).fill(0),
    overdosed60: overdose ? 0 : null,
    overdosed80: overdose ? 0 : null,
  }
}

/**
 * Add totals (e.g. from several workers). Exact for Monte Carlo counts whatever the order.
 * @throws RangeError when the parts have different numbers of doses
 */
export function mergeOcTotals(parts: readonly OcTotals[]): OcTotals {
  const first = parts[0]
  if (!first) throw new RangeError('mergeOcTotals requires at least one part')
  const out = emptyOcTotals(first.selected.length, first.overdosed60 !== null)
  for (const p of parts) {
    if (p.selected.length !== out.selected.length)
      throw new RangeError('mergeOcTotals requires parts with the same number of doses')
    out.nTrial += p.nTrial
    out.noMtd += p.noMtd
    for (let i = 0; i < out.selected.length; i++) {
      out.selected[i]! += p.selected[i]!
      out.patients[i]! += p.patients[i]!
      out.dlts[i]! += p.dlts[i]!
    }
    if (out.overdosed60 !== null) out.overdosed60 += p.overdosed60 ?? 0
    if (out.overdosed80 !== null) out.overdosed80 += p.overdosed80 ?? 0
  }
  return out
}

/** Turn totals into the OC (percentages as count / nTrial × 100, like R). */
export function finalizeOc(t: OcTotals): OperatingCharacteristics {
  const per = (v: number) => v / t.nTrial
  const pct = (v: number) => (v / t.nTrial) * 100
  return {
    selectionPercent: t.selected.map(pct),
    noMtdPercent: pct(t.noMtd),
    patientsPerDose: t.patients.map(per),
    dltsPerDose: t.dlts.map(per),
    meanSampleSize: per(t.patients.reduce((a, b) => a + b, 0)),
    overdosingRisk60: t.overdosed60 === null ? null : pct(t.overdosed60),
    overdosingRisk80: t.overdosed80 === null ? null : pct(t.overdosed80),
  }
}

/**
 * Doses above the true MTD (true DLT probability > target), or null when no dose's true probability
 * equals the target (BOIN 2.7.2 `get.oc`: `if (length(which(p.true == target)) > 0)`).
 */
export function dosesAboveMtd(pTrue: readonly number[], target: number | undefined): boolean[] | null {
  if (target === undefined || !pTrue.includes(target)) return null
  return pTrue.map((p) => p > target)
}
