import { fail, ok, type Result } from '../result.js'

/**
 * SELENA-SLEDAI Physician Global Assessment: 0-3 (none / mild / moderate / severe anchors, wording UNVERIFIED),
 * stored as a decimal with one decimal place. DORIS needs PGA < 0.5, LLDAS PGA ≤ 1.
 * Source: bleeding-and-scores.md §5 (SELENA trial PGA).
 */
export type PhysicianGlobalAssessment = number & { readonly __unit: 'PGA 0-3' }

/**
 * Validate a PGA value (0 ≤ x ≤ 3, at most one decimal place); never rounds.
 * @example parsePhysicianGlobalAssessment(0.3) // ok 0.3
 */
export function parsePhysicianGlobalAssessment(x: number): Result<PhysicianGlobalAssessment> {
  if (!Number.isFinite(x) || x < 0 || x > 3) return fail([{ code: 'out_of_range', path: ['pga'], message: `PGA must be within 0-3, got ${x}` }])
  if (!/^\d(\.\d)?$/.test(String(x))) return fail([{ code: 'too_precise', path: ['pga'], message: `PGA is recorded with one decimal place, got ${x}` }])
  return ok(x as PhysicianGlobalAssessment)
}
