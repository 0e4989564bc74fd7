/**
 * A trial protocol as data: identification, arms and dose levels, lymphodepletion, escalation, visit
 * schedule, eligibility criteria, screening settings, endpoint parameters, lupus activity settings,
 * safety grading settings and version.
 *
 * Source: task brief (protocol model); ../shared/STYLE.md §7 (protocol/: zod schemas -> types + JSON Schema).
 */
import { z } from 'zod'
import { CriterionSchema } from '../eligibility/criterion-schema.js'
import { ArmSchema } from './arms.js'
import { EndpointsSchema } from './endpoints.js'
import { EscalationSchema } from './escalation.js'
import { IdentificationSchema } from './identification.js'
import { DEFAULT_LUPUS_SETTINGS, LupusSettingsSchema } from './lupus.js'
import { LymphodepletionSchema } from './lymphodepletion.js'
import { defaultSafetySettings, SafetySettingsSchema } from './safety.js'
import { SourcesSchema } from './source-note.js'
import { ProtocolVersionSchema } from './version.js'
import { VisitScheduleSchema } from './visits.js'

/** Settings of the screening engine that a protocol may override. */
export const ScreeningSettingsSchema = z
  .object({
    /** screening labs older than this many days before `asOf` are not used (PROTOCOL DECISION, default 28) */
    labLookbackDays: z.number().int().nonnegative().default(28),
    sources: SourcesSchema,
  })
  .strict()

export const ProtocolSchema = z
  .object({
    schemaVersion: z.literal(1),
    identification: IdentificationSchema,
    version: ProtocolVersionSchema,
    arms: z.array(ArmSchema).min(1),
    lymphodepletion: LymphodepletionSchema,
    escalation: EscalationSchema,
    visitSchedule: VisitScheduleSchema,
    screening: ScreeningSettingsSchema,
    eligibility: z.array(CriterionSchema).min(1),
    endpoints: EndpointsSchema,
    /** DORIS / LLDAS PROTOCOL DECISIONs (bleeding-and-scores.md §6, §7); optional, absent = the doc defaults (lupus.ts) */
    lupus: LupusSettingsSchema.default(() => ({ doris: { ...DEFAULT_LUPUS_SETTINGS.doris }, lldas: { ...DEFAULT_LUPUS_SETTINGS.lldas } })),
    /** safety-grading.md PROTOCOL DECISIONs (CRS-2, CRS-7, hypotension, ICANS-5, LAB-7, §4.2, §5); optional, absent = the doc defaults (safety.ts) */
    safety: SafetySettingsSchema.default(defaultSafetySettings),
    /** open points a reviewer must settle (gaps in the record, imported text to encode) */
    reviewList: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = new Set<string>()
    p.eligibility.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({
          code: 'custom',
          path: ['eligibility', i, 'id'],
          message: `duplicate criterion id ${c.id}`,
        })
      ids.add(c.id)
    })
    const levels = new Set<string>()
    p.arms.forEach((arm, a) =>
      arm.doseLevels.forEach((l, d) => {
        if (levels.has(l.id))
          ctx.addIssue({
            code: 'custom',
            path: ['arms', a, 'doseLevels', d, 'id'],
            message: `duplicate dose level id ${l.id}`,
          })
        levels.add(l.id)
      }),
    )
    const e = p.escalation
    if (e.design !== 'none' && !levels.has(e.startingDoseLevelId))
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'startingDoseLevelId'],
        message: `no dose level with id ${e.startingDoseLevelId}`,
      })
  })

/** A parsed protocol (defaults filled in). */
export type Protocol = z.infer<typeof ProtocolSchema>
/** A protocol as authored (defaults may be omitted). */
export type ProtocolInput = z.input<typeof ProtocolSchema>
