/**
 * Visit schedule: nominal protocol day, window before/after, assessments due.
 *
 * Source: ../shared/domain/regimen-and-dosing.md §6 (default template and windows are a PROTOCOL DECISION:
 * Day 0-14 daily ±0; Days 21, 28 ±2; weekly to Week 12 ±3; monthly ±7; 3-monthly ±14).
 */
import { z } from 'zod'
import { SourcesSchema } from './source-note.js'

export const ProtocolVisitSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().min(1),
    /** protocol day (Day 0 = infusion) */
    day: z.number().int(),
    windowBefore: z.number().int().nonnegative(),
    windowAfter: z.number().int().nonnegative(),
    assessments: z.array(z.string().min(1)).min(1),
  })
  .strict()
export type ProtocolVisit = z.infer<typeof ProtocolVisitSchema>

export const VisitScheduleSchema = z
  .object({
    visits: z.array(ProtocolVisitSchema).min(1),
    sources: SourcesSchema,
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>()
    s.visits.forEach((v, i) => {
      if (seen.has(v.id))
        ctx.addIssue({ code: 'custom', path: ['visits', i, 'id'], message: `duplicate visit id ${v.id}` })
      seen.add(v.id)
      const prev = s.visits[i - 1]
      if (prev && v.day <= prev.day)
        ctx.addIssue({
          code: 'custom',
          path: ['visits', i, 'day'],
          message: `visit days must ascend: ${v.day} after ${prev.day}`,
        })
    })
  })
export type VisitSchedule = z.infer<typeof VisitScheduleSchema>
