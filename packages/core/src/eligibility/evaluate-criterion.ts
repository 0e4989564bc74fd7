/**
 * Evaluate one criterion: `met`, `not met`, `missing data` (fields named) or `needs attestation`, with the
 * values used. Missing data is never read as met or not met.
 *
 * "met" is about the criterion as a requirement: an inclusion criterion is met when its condition holds, an
 * exclusion criterion is met when its excluding condition is absent.
 *
 * Source: task brief (result per criterion); ../shared/registry/README.md (attestation criteria are
 * satisfied only by the investigator's signed attestation).
 */
import type { Criterion } from './criterion-schema.js'
import { evaluateExpression } from './evaluate-expression.js'
import type { EligibilityContext } from './tri-state.js'

export type CriterionStatus = 'met' | 'not met' | 'missing data' | 'needs attestation'

export interface CriterionResult {
  id: string
  type: 'inclusion' | 'exclusion'
  text: string
  status: CriterionStatus
  /** value of the expression (for an exclusion: whether the excluding condition is present) */
  condition: boolean | null
  /** fields whose absence left the criterion undecided */
  missing: string[]
  used: Record<string, unknown>
  /** the signature that decided an attestation criterion */
  attestation?: { signedBy: string; signedOn: string }
  note?: string
}

/**
 * @param protocolId registry id the profile's attestations are keyed by
 */
export function evaluateCriterion(
  c: Criterion,
  protocolId: string,
  ctx: EligibilityContext,
): CriterionResult {
  const base = { id: c.id, type: c.type, text: c.text }
  if (c.rule.kind === 'computable') {
    const r = evaluateExpression(c.rule.expr, ctx)
    const met = r.value === null ? null : c.type === 'inclusion' ? r.value : !r.value
    return {
      ...base,
      status: met === null ? 'missing data' : met ? 'met' : 'not met',
      condition: r.value,
      missing: r.missing,
      used: r.used,
    }
  }
  // The latest signature decides (signing after the screening date is the normal workflow: the server signs
  // on an attempt dated `screened_on`). Same-day signatures that disagree have no order (the date has no
  // time), so they decide nothing and the criterion still needs attestation, whatever the list order.
  const signatures = ctx.profile.attestations.filter(
    (a) => a.protocolId === protocolId && a.criterionId === c.id,
  )
  const signed = signatures.sort((x, y) =>
    x.signedOn < y.signedOn ? 1 : x.signedOn > y.signedOn ? -1 : 0,
  )[0]
  const conflict = signed
    ? signatures.some((a) => a.signedOn === signed.signedOn && a.satisfied !== signed.satisfied)
    : false
  const note = conflict
    ? `attestations signed on ${signed?.signedOn} disagree`
    : c.rule.kind === 'needs-encoding'
      ? 'criterion not yet encoded: the investigator judges it'
      : undefined
  if (!signed || conflict)
    return {
      ...base,
      status: 'needs attestation',
      condition: null,
      missing: [],
      used: {},
      ...(note ? { note } : {}),
    }
  return {
    ...base,
    status: signed.satisfied ? 'met' : 'not met',
    condition: c.type === 'inclusion' ? signed.satisfied : !signed.satisfied,
    missing: [],
    used: { attestation: { satisfied: signed.satisfied } },
    attestation: { signedBy: signed.signedBy, signedOn: signed.signedOn },
    ...(note ? { note } : {}),
  }
}
