/**
 * Dose-escalation design: 3+3, BOIN, or none (single dose).
 *
 * Source: ../shared/domain/dose-escalation.md §1.1 (3+3 rules and PROTOCOL DECISION variants), §2.1 (BOIN
 * parameters: phi, phi1 = 0.6 phi, phi2 = 1.4 phi, cutoff.eli 0.95, n.earlystop 100); safety-grading.md §5
 * (DLT window PROTOCOL DECISION, default 28 days: Day 0 to Day 28 inclusive).
 */
import { z } from 'zod'
import { SourcesSchema } from './source-note.js'

const common = {
  /** safety-grading.md §5: DLT window Day 0..dltWindowDays inclusive (default 28) */
  dltWindowDays: z.number().int().positive().default(28),
  maxSampleSize: z.number().int().positive(),
  /** id of the first dose level (arm order is lowest first) */
  startingDoseLevelId: z.string().min(1),
  sources: SourcesSchema,
}

/** 3+3: cohorts of 3 (dose-escalation.md §1.1). */
export const ThreePlusThreeDesignSchema = z
  .object({
    design: z.literal('3+3'),
    cohortSize: z.literal(3).default(3),
    /** §1.1 PROTOCOL DECISION: 6 patients at the declared MTD even after 0/3 at the top dose (default false) */
    requireSixAtMtd: z.boolean().default(false),
    ...common,
  })
  .strict()

/** BOIN (dose-escalation.md §2.1). */
export const BoinDesignSchema = z
  .object({
    design: z.literal('BOIN'),
    targetToxicity: z.number().gt(0).lt(1),
    cohortSize: z.number().int().positive(),
    /** phi1 / phi (default 0.6) */
    phi1Ratio: z.number().gt(0).lt(1).default(0.6),
    /** phi2 / phi (default 1.4) */
    phi2Ratio: z.number().gt(1).default(1.4),
    eliminationCutoff: z.number().gt(0).lt(1).default(0.95),
    nEarlyStop: z.number().int().positive().default(100),
    ...common,
  })
  .strict()

/** No escalation: every patient gets the same dose level. */
export const NoEscalationSchema = z
  .object({ design: z.literal('none'), maxSampleSize: z.number().int().positive(), sources: SourcesSchema })
  .strict()

export const EscalationSchema = z.discriminatedUnion('design', [
  ThreePlusThreeDesignSchema,
  BoinDesignSchema,
  NoEscalationSchema,
])
export type Escalation = z.infer<typeof EscalationSchema>
