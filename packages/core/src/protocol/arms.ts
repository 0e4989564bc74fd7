/**
 * Arms and dose levels: cells per kg (optional weight cap) or flat cells.
 *
 * Source: ../shared/domain/regimen-and-dosing.md §3 (per-kg and flat cell doses; "maximum weight for per-kg
 * dosing (cap)" is a PROTOCOL DECISION, default none; weight used, counted cells, delivered range and the action
 * below target are PROTOCOL DECISIONS too) and §4 (seed regimens).
 */
import { z } from 'zod'
import { SourcesSchema } from './source-note.js'

/** A cell dose: `cells = cellsPerKg x min(weight, maxWeightKg)` or a fixed number of cells. */
export const ProtocolCellDoseSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('per-kg'),
      cellsPerKg: z.number().positive(),
      /** weight cap for per-kg dosing; null = no cap (regimen-and-dosing.md §3 PROTOCOL DECISION, default none) */
      maxWeightKg: z.number().positive().nullable().default(null),
    })
    .strict(),
  z.object({ kind: z.literal('flat'), cells: z.number().positive() }).strict(),
  /** the record gives no dose for this level (e.g. NCT06826430); `note` says what is known */
  z.object({ kind: z.literal('unspecified'), note: z.string().min(1) }).strict(),
])
export type ProtocolCellDose = z.infer<typeof ProtocolCellDoseSchema>

/** One dose level of an arm. */
export const ProtocolDoseLevelSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().min(1),
    dose: ProtocolCellDoseSchema,
    sources: SourcesSchema,
  })
  .strict()
export type ProtocolDoseLevel = z.infer<typeof ProtocolDoseLevelSchema>

/**
 * Cell-dose PROTOCOL DECISIONS of regimen-and-dosing.md §3 for an arm's product; an absent block or key takes the
 * doc default (or, where the doc names none, the core engine's default), so existing protocols dose as before.
 */
export const CellDosingSettingsSchema = z
  .object({
    /** §3 "weight used (default weight at leukapheresis)"; `lymphodepletion` = the weight the LD doses use (§1) */
    weightSource: z.enum(['leukapheresis', 'lymphodepletion']).default('leukapheresis'),
    /**
     * §3 "what is counted (CAR-positive viable cells vs total viable cells — product specification)"; the doc names
     * no default, core's `infusionVolume` counts CAR+ viable cells
     */
    countedCells: z.enum(['car-positive-viable', 'total-viable']).default('car-positive-viable'),
    /** §3 "acceptable delivered range (e.g. ±20 % of target)": % below target still acceptable, inclusive (default 20) */
    deliveredLowerTolerancePercent: z.number().nonnegative().max(100).default(20),
    /** §3 acceptable delivered range: % above target still acceptable, inclusive (default 20) */
    deliveredUpperTolerancePercent: z.number().nonnegative().default(20),
    /**
     * §3 "what happens when the manufactured product is below target (infuse as out-of-specification,
     * re-manufacture, or lower dose level)"; the doc names no default: null = not decided
     */
    belowTargetAction: z.enum(['infuse-out-of-specification', 're-manufacture', 'lower-dose-level']).nullable().default(null),
    /** where each setting was decided (protocol section, or the PROTOCOL DECISION taken) */
    sources: SourcesSchema.optional(),
  })
  .strict()
export type CellDosingSettings = z.infer<typeof CellDosingSettingsSchema>

/** A study arm with its ordered dose levels (lowest first). */
export const ArmSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().min(1),
    type: z.enum([
      'EXPERIMENTAL',
      'ACTIVE_COMPARATOR',
      'PLACEBO_COMPARATOR',
      'SHAM_COMPARATOR',
      'NO_INTERVENTION',
      'OTHER',
    ]),
    description: z.string().min(1),
    doseLevels: z.array(ProtocolDoseLevelSchema).min(1),
    /** number of cell infusions per patient */
    infusions: z.number().int().positive().default(1),
    /** §3 cell-dose PROTOCOL DECISIONS; absent = the defaults */
    cellDosing: CellDosingSettingsSchema.default(() => CellDosingSettingsSchema.parse({})),
    sources: SourcesSchema,
  })
  .strict()
  .superRefine((arm, ctx) => {
    // Dose escalation moves from a level to the next one up (dose-escalation.md §1.1 "escalate to d+1"),
    // so levels are listed lowest first: a level must be above the previous one when both are doses of
    // the same kind (per kg: cells/kg; flat: cells). Unspecified levels and changes of kind are not compared,
    // nor a dose that is itself refused (not positive), which already has its own issue.
    const amount = (d: ProtocolCellDose | undefined): [number, string] | null =>
      d?.kind === 'per-kg' && d.cellsPerKg > 0
        ? [d.cellsPerKg, 'cells/kg']
        : d?.kind === 'flat' && d.cells > 0
          ? [d.cells, 'cells']
          : null
    arm.doseLevels.forEach((level, i) => {
      const prev = arm.doseLevels[i - 1]
      const [a, b] = [amount(prev?.dose), amount(level.dose)]
      if (prev && a && b && a[1] === b[1] && !(b[0] > a[0]))
        ctx.addIssue({
          code: 'custom',
          path: ['doseLevels', i, 'dose'],
          message: `dose levels must ascend (lowest first): ${level.id} (${b[0]} ${b[1]}) is not above ${prev.id} (${a[0]} ${a[1]})`,
        })
    })
  })
export type Arm = z.infer<typeof ArmSchema>
