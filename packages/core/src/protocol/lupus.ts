/**
 * Lupus activity settings of a protocol: the PROTOCOL DECISIONs of the DORIS 2021 remission and LLDAS
 * definitions (trials scoring SLE activity, e.g. NCT06826430). Every key is optional; an absent `lupus` block or
 * key takes the doc default, so protocols that do not name them derive exactly as before.
 * The keys mirror core's `DorisOptions` (scores/doris-2021.ts) and `LldasOptions` (scores/lldas-2016.ts).
 *
 * Source: ../shared/domain/bleeding-and-scores.md §6 (DORIS D3 "≤ 5" vs "< 5", PROTOCOL DECISION, default ≤ 5),
 * §7 (LLDAS L2 with no previous assessment, PROTOCOL DECISION, default not evaluable; L5 and the once-given study
 * cell product, PROTOCOL DECISION, default: does not violate L5).
 */
import { z } from 'zod'
import { SourcesSchema } from './source-note.js'

/** §6 DORIS 2021. */
export const DorisSettingsSchema = z
  .object({
    /** §6 D3: prednisolone-equivalent limit in mg/day (default 5) */
    prednisoloneLimitMg: z.number().nonnegative().default(5),
    /** §6 D3: `<=` (abstract and registry, default) or `<` (task-force table); PROTOCOL DECISION */
    prednisoloneComparator: z.enum(['<=', '<']).default('<='),
  })
  .strict()

/** §7 LLDAS 2016. */
export const LldasSettingsSchema = z
  .object({
    /** §7 L2 with no previous assessment: LLDAS `not-evaluable` (default) or treated as `no-new-activity`; PROTOCOL DECISION */
    noPreviousAssessment: z.enum(['not-evaluable', 'no-new-activity']).default('not-evaluable'),
    /** §7 L5: the once-given investigational cell product counts as an investigational drug afterwards (default false); PROTOCOL DECISION */
    studyCellProductViolatesL5: z.boolean().default(false),
  })
  .strict()

/** The doc defaults (bleeding-and-scores.md §6, §7). */
export const DEFAULT_LUPUS_SETTINGS = Object.freeze({
  doris: Object.freeze({ prednisoloneLimitMg: 5, prednisoloneComparator: '<=' as const }),
  lldas: Object.freeze({ noPreviousAssessment: 'not-evaluable' as const, studyCellProductViolatesL5: false }),
})

/**
 * DORIS / LLDAS settings; absent blocks and keys take the doc defaults.
 * @example LupusSettingsSchema.parse({ doris: { prednisoloneComparator: '<' } }).doris // { prednisoloneLimitMg: 5, prednisoloneComparator: '<' }
 */
export const LupusSettingsSchema = z
  .object({
    doris: DorisSettingsSchema.default(() => ({ ...DEFAULT_LUPUS_SETTINGS.doris })),
    lldas: LldasSettingsSchema.default(() => ({ ...DEFAULT_LUPUS_SETTINGS.lldas })),
    /** where each setting was decided (protocol section, or the PROTOCOL DECISION taken) */
    sources: SourcesSchema.optional(),
  })
  .strict()
export type LupusSettings = z.infer<typeof LupusSettingsSchema>

/**
 * The lupus settings of a protocol given as JSON that may not parse whole (a study's stored protocol): its
 * `lupus` block with the defaults filled in.
 * @returns `null` when the block is present but invalid
 * @example lupusSettingsOf({}) // the doc defaults
 */
export function lupusSettingsOf(protocol: unknown): LupusSettings | null {
  const block = protocol !== null && typeof protocol === 'object' ? (protocol as { lupus?: unknown }).lupus : undefined
  const parsed = LupusSettingsSchema.safeParse(block === undefined ? {} : block)
  return parsed.success ? parsed.data : null
}
