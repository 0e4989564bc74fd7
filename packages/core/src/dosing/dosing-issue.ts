/**
 * Input checks shared by the dosing calculators: each returns an Issue (never throws) naming the value seen.
 *
 * Source: packages/core/src/result.ts (Issue shape); regimen-and-dosing.md (units of each input).
 */
import type { Issue } from '../result.js'

/** An inclusive numeric range; an absent bound is open. */
export interface InclusiveRange {
  min?: number
  max?: number
}

/**
 * Check that `value` is a finite number > 0 and inside `range` (bounds inclusive).
 * @returns an Issue with code `dosing.not_positive` / `dosing.out_of_range`, or undefined when valid
 */
export function checkPositive(
  value: number,
  path: (string | number)[],
  label: string,
  source: string,
  range: InclusiveRange = {},
): Issue | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return {
      code: 'dosing.not_positive',
      path,
      message: `${label} must be a finite number > 0, got ${String(value)}`,
      source,
    }
  }
  if (range.min !== undefined && value < range.min) {
    return {
      code: 'dosing.out_of_range',
      path,
      message: `${label} ${value} is below the protocol limit ${range.min}`,
      source,
    }
  }
  if (range.max !== undefined && value > range.max) {
    return {
      code: 'dosing.out_of_range',
      path,
      message: `${label} ${value} is above the protocol limit ${range.max}`,
      source,
    }
  }
  return undefined
}

/** Keep the issues that were found. */
export function presentIssues(...found: (Issue | undefined)[]): Issue[] {
  return found.filter((i): i is Issue => i !== undefined)
}
