/**
 * DORIS 2021 definition of remission in SLE, at one assessment (duration is not part of the definition).
 * D1 clinical SLEDAI = 0; D2 PGA < 0.5; D3 prednisolone-equivalent ≤ 5 mg/day (**PROTOCOL DECISION**: the abstract and
 * registry say "≤ 5", a task-force table "< 5"; default ≤); D4 antimalarials, immunosuppressants and biologics only at
 * stable/maintenance doses. In SLE-ITP, thrombocytopenia (< 100) scores 1, so DORIS implies CR-level platelets.
 * Source: van Vollenhoven RF, Bertsias G, Doria A, et al. 2021 DORIS definition of remission in SLE. Lupus Sci Med
 * 2021;8(1):e000538; bleeding-and-scores.md §6.
 */

export interface DorisInput {
  clinicalSledai: number | null
  pga: number | null
  prednisoloneEquivalentMgPerDay: number | null
  /** D4: any antimalarial / immunosuppressant / biologic is at a stable maintenance dose (true when none is taken) */
  backgroundTherapyStable: boolean | null
}

export interface DorisOptions {
  prednisoloneLimitMg?: number
  prednisoloneComparator?: '<=' | '<'
}

export type DorisCriterion = 'D1-clinical-sledai' | 'D2-pga' | 'D3-prednisolone' | 'D4-background-therapy'

export interface SleStateVerdict<C extends string> {
  status: 'met' | 'not-met' | 'not-evaluable'
  failed: C[]
  missing: C[]
}

/** Any failed criterion → not met; otherwise any missing → not evaluable. */
export function combineSleStateCriteria<C extends string>(checks: readonly [C, boolean | null][]): SleStateVerdict<C> {
  const failed = checks.filter(([, v]) => v === false).map(([c]) => c)
  const missing = checks.filter(([, v]) => v === null).map(([c]) => c)
  return { status: failed.length > 0 ? 'not-met' : missing.length > 0 ? 'not-evaluable' : 'met', failed, missing }
}

/**
 * @example dorisRemission({ clinicalSledai: 0, pga: 0.3, prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true }) // met
 */
export function dorisRemission(i: DorisInput, options: DorisOptions = {}): SleStateVerdict<DorisCriterion> {
  const limit = options.prednisoloneLimitMg ?? 5
  const cmp = options.prednisoloneComparator ?? '<='
  const pred = i.prednisoloneEquivalentMgPerDay
  return combineSleStateCriteria<DorisCriterion>([
    ['D1-clinical-sledai', i.clinicalSledai === null ? null : i.clinicalSledai === 0],
    ['D2-pga', i.pga === null ? null : i.pga < 0.5],
    ['D3-prednisolone', pred === null ? null : cmp === '<=' ? pred <= limit : pred < limit],
    ['D4-background-therapy', i.backgroundTherapyStable],
  ])
}
