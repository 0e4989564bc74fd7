import { z } from 'zod'
import { fail, ok, type Issue, type Result } from '../result.js'

/**
 * BOIN design parameters (dose-escalation.md §2.1), validated once at the edge so the engines can
 * trust them. Each PROTOCOL DECISION of the doc is a field with the doc's default.
 *
 * Source: dose-escalation.md §2.1; Liu S, Yuan Y. J R Stat Soc C 2015;64(3):507-523;
 * BOIN R package 2.7.2 (`get.boundary`, `get.oc`, `select.mtd`: argument names and defaults).
 */
export const BoinDesignInputSchema = z.object({
  /** φ, target DLT probability */
  target: z.number().gt(0).lt(1),
  /** φ₁, highest DLT probability deemed sub-therapeutic; default 0.6 φ (R `p.saf`) */
  pSaf: z.number().gt(0).lt(1).optional(),
  /** φ₂, lowest DLT probability deemed overly toxic; default 1.4 φ (R `p.tox`) */
  pTox: z.number().gt(0).lt(1).optional(),
  /** posterior probability cutoff for elimination (R `cutoff.eli`), default 0.95 */
  cutoffEli: z.number().gt(0).lte(1).default(0.95),
  /** stricter stop for the lowest dose (R `extrasafe`), default off */
  extrasafe: z.boolean().default(false),
  /** extrasafe uses cutoffEli − offset (R `offset`), default 0.05 */
  offset: z.number().gte(0).lt(0.5).default(0.05),
  /** at selection, only doses with isotonic estimate < λd qualify (R `boundMTD`), default off */
  boundMtd: z.boolean().default(false),
  /** number of cohorts (maximum sample size = nCohort × cohortSize) */
  nCohort: z.number().int().positive().default(10),
  /** patients per cohort */
  cohortSize: z.number().int().positive().default(3),
  /** stop when this many patients have been treated at the current dose (R `n.earlystop`), default 100 */
  nEarlystop: z.number().int().positive().default(100),
  /** 1-based starting dose level (R `startdose`), default 1 */
  startDose: z.number().int().positive().default(1),
})

export type BoinDesignInput = z.input<typeof BoinDesignInputSchema>

/** A validated BOIN design with every default filled in. */
export interface BoinDesign {
  target: number
  pSaf: number
  pTox: number
  cutoffEli: number
  extrasafe: boolean
  offset: number
  boundMtd: boolean
  nCohort: number
  cohortSize: number
  nEarlystop: number
  startDose: number
}

const SOURCE = 'dose-escalation.md §2.1; BOIN 2.7.2 get.boundary argument checks'

/**
 * Validate a BOIN design and fill in the defaults (φ₁ = 0.6 φ, φ₂ = 1.4 φ computed as in R).
 * Besides the types, it applies the BOIN package's own checks, so that nothing is accepted that the
 * reference implementation refuses: 0.05 ≤ φ ≤ 0.6, φ − φ₁ ≥ 0.1 φ, φ₂ − φ ≥ 0.1 φ, offset < 0.5.
 * @param input - parameters; only `target` is required
 * @returns the design, or every issue found (code, path, message, source)
 * @example resolveBoinDesign({ target: 0.3 }) // ok: pSaf 0.18, pTox 0.42, cutoffEli 0.95, nCohort 10, cohortSize 3
 */
export function resolveBoinDesign(input: BoinDesignInput): Result<BoinDesign> {
  const parsed = BoinDesignInputSchema.safeParse(input)
  if (!parsed.success)
    return fail(
      parsed.error.issues.map((i) => ({
        code: `invalid_${i.code}`,
        path: i.path.map(pathPart),
        message: i.message,
        source: SOURCE,
      })),
    )
  const v = parsed.data
  const design: BoinDesign = { ...v, pSaf: v.pSaf ?? 0.6 * v.target, pTox: v.pTox ?? 1.4 * v.target }
  const issues: Issue[] = []
  const add = (path: string, message: string) =>
    issues.push({ code: 'out_of_range', path: [path], message, source: SOURCE })
  if (design.target < 0.05) add('target', `the target is too low (< 0.05): ${design.target}`)
  if (design.target > 0.6) add('target', `the target is too high (> 0.6): ${design.target}`)
  if (design.target - design.pSaf < 0.1 * design.target)
    add(
      'pSaf',
      `pSaf must be below the target by at least 10 % of it: pSaf ${design.pSaf}, target ${design.target}`,
    )
  if (design.pTox - design.target < 0.1 * design.target)
    add(
      'pTox',
      `pTox must exceed the target by at least 10 % of it: pTox ${design.pTox}, target ${design.target}`,
    )
  return issues.length > 0 ? fail(issues) : ok(design)
}

function pathPart(p: PropertyKey): string | number {
  return typeof p === 'number' ? p : String(p)
}
