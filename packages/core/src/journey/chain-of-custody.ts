/**
 * Chain of custody (COC): an ordered list of hand-offs, checked to be complete, gap-free and within conditions.
 *
 * Source: regimen-and-dosing.md §5.1 (COC = "who held the material, where, when, under what conditions";
 * engine rule 3: "COC must be gap-free (each transfer's `from` equals the previous transfer's `to`)") and §5
 * (shipping: hand-offs, shipper id, temperature logger trace; receipt check: label vs COI, shipper temperature).
 */
import { fail, ok, type Issue, type Result } from '../result.js'
import { instantToEpochMs } from './instant.js'

export interface CustodyHandOff {
  /** material handed over: DIN, bag or lot id */
  materialId: string
  /** holder handing over (person or organisation) */
  from: string
  /** holder receiving */
  to: string
  /** where the hand-off took place */
  place: string
  /** when, RFC 3339 with offset */
  at: string
  /** the required condition, e.g. `LN2 vapour <= -150 C`, `2-8 C` */
  temperatureCondition: string
  /** the logger trace stayed within the condition since the previous hand-off */
  temperatureInRange: boolean
  sealIntact: boolean
}

export interface CustodyChainExpectations {
  /** first holder, e.g. the collection facility */
  origin?: string
  /** last holder, e.g. the infusing site's cell-therapy lab */
  destination?: string
}

export interface CustodySummary {
  materialId: string
  holders: string[]
  startedAt: string
  endedAt: string
}

const SOURCE = 'regimen-and-dosing.md §5.1 (chain of custody)'

/**
 * Check every hand-off and the continuity between them; all problems are reported, none stops the check.
 * @returns holders in order, or issues: `custody.missing_field`, `custody.invalid_time`, `custody.time_order`,
 *   `custody.gap`, `custody.seal_broken`, `custody.temperature_excursion`, `custody.material_changed`,
 *   `custody.origin`, `custody.destination`, `custody.empty`
 * @example validateCustodyChain([{ from: 'apheresis unit', to: 'courier', ... }, { from: 'courier', to: 'manufacturer', ... }])
 */
export function validateCustodyChain(
  handOffs: readonly CustodyHandOff[],
  { origin, destination }: CustodyChainExpectations = {},
): Result<CustodySummary> {
  const first = handOffs[0]
  const last = handOffs[handOffs.length - 1]
  if (!first || !last)
    return fail([
      { code: 'custody.empty', path: [], message: 'the chain of custody has no hand-off', source: SOURCE },
    ])
  const issues: Issue[] = []
  let previousMs: number | null = null
  handOffs.forEach((h, i) => {
    for (const field of ['materialId', 'from', 'to', 'place', 'temperatureCondition'] as const) {
      if (typeof h[field] !== 'string' || h[field].trim() === '') {
        issues.push({
          code: 'custody.missing_field',
          path: [i, field],
          message: `hand-off ${i + 1}: ${field} is required`,
          source: SOURCE,
        })
      }
    }
    const ms = instantToEpochMs(h.at)
    if (ms === null) {
      issues.push({
        code: 'custody.invalid_time',
        path: [i, 'at'],
        message: `hand-off ${i + 1}: time must be a date-time with offset, got ${JSON.stringify(h.at)}`,
        source: SOURCE,
      })
    } else {
      if (previousMs !== null && ms < previousMs) {
        issues.push({
          code: 'custody.time_order',
          path: [i, 'at'],
          message: `hand-off ${i + 1} at ${h.at} is earlier than the previous hand-off`,
          source: SOURCE,
        })
      }
      previousMs = ms
    }
    const prev = handOffs[i - 1]
    if (prev && prev.to !== h.from) {
      issues.push({
        code: 'custody.gap',
        path: [i, 'from'],
        message: `hand-off ${i + 1} starts with "${h.from}" but the previous hand-off ended with "${prev.to}"`,
        source: SOURCE,
      })
    }
    if (prev && prev.materialId !== h.materialId) {
      issues.push({
        code: 'custody.material_changed',
        path: [i, 'materialId'],
        message: `hand-off ${i + 1} moves "${h.materialId}", the chain is for "${prev.materialId}"`,
        source: SOURCE,
      })
    }
    if (h.sealIntact !== true) {
      issues.push({
        code: 'custody.seal_broken',
        path: [i, 'sealIntact'],
        message: `hand-off ${i + 1} (${h.from} -> ${h.to} at ${h.place}): seal not intact`,
        source: SOURCE,
      })
    }
    if (h.temperatureInRange !== true) {
      issues.push({
        code: 'custody.temperature_excursion',
        path: [i, 'temperatureInRange'],
        message: `hand-off ${i + 1} (${h.from} -> ${h.to}): temperature outside ${h.temperatureCondition}`,
        source: SOURCE,
      })
    }
  })
  if (origin !== undefined && first.from !== origin) {
    issues.push({
      code: 'custody.origin',
      path: [0, 'from'],
      message: `the chain starts with "${first.from}", expected "${origin}"`,
      source: SOURCE,
    })
  }
  if (destination !== undefined && last.to !== destination) {
    issues.push({
      code: 'custody.destination',
      path: [handOffs.length - 1, 'to'],
      message: `the chain ends with "${last.to}", expected "${destination}"`,
      source: SOURCE,
    })
  }
  if (issues.length > 0) return fail(issues)
  return ok({
    materialId: first.materialId,
    holders: [first.from, ...handOffs.map((h) => h.to)],
    startedAt: first.at,
    endedAt: last.at,
  })
}
