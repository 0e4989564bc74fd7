/**
 * Protocol version: every amendment makes a new version with a later effective date.
 *
 * Source: task brief ("a version with effective date; amendments make a new version");
 * ../shared/domain/README.md "Configuration" (log the configuration version used for every derived result).
 */
import { z } from 'zod'
import { isIsoDate } from '../dates/index.js'

export const ProtocolVersionSchema = z
  .object({
    /** dotted version number, e.g. `1.0`, `2.1` */
    number: z.string().regex(/^\d+(\.\d+)*$/, 'expected a dotted version number such as 1.0'),
    effectiveDate: z
      .string()
      .refine((s: string): boolean => isIsoDate(s), { message: 'expected a calendar date YYYY-MM-DD' }),
    /** `draft` for an imported or unreviewed protocol, `approved` once signed off */
    status: z.enum(['draft', 'approved']),
    /** the version this one amends; null for the first version */
    supersedes: z.string().nullable(),
    summary: z.string().min(1),
  })
  .strict()
export type ProtocolVersion = z.infer<typeof ProtocolVersionSchema>

/** Compare dotted version numbers numerically: negative if a < b. */
export function compareProtocolVersionNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
