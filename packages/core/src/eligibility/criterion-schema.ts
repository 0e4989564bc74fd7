/**
 * An eligibility criterion: computable (an expression), an attestation the investigator signs, or a
 * draft item still to be encoded (ClinicalTrials.gov import).
 *
 * For an exclusion criterion the expression states the *excluding condition*; the criterion's requirement
 * is met when that condition is false.
 *
 * Source: task brief; ../shared/registry/README.md (encoding convention for partial records).
 */
import { z } from 'zod'
import { SourcesSchema } from '../protocol/source-note.js'
import { EligibilityExpressionSchema } from './expression-schema.js'

export const CriterionRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('computable'), expr: EligibilityExpressionSchema }).strict(),
  z.object({ kind: z.literal('attestation'), statement: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('needs-encoding') }).strict(),
])
export type CriterionRule = z.infer<typeof CriterionRuleSchema>

export const CriterionSchema = z
  .object({
    /** stable id, e.g. `INC-5`, `EXC-4`, `INC-REST` */
    id: z.string().min(1),
    type: z.enum(['inclusion', 'exclusion']),
    /** the criterion as registered (verbatim or the registry file's close paraphrase) */
    text: z.string().min(1),
    rule: CriterionRuleSchema,
    sources: SourcesSchema,
  })
  .strict()
export type Criterion = z.infer<typeof CriterionSchema>
