/**
 * Provenance of a protocol value: where it was read, the words quoted, and whether it is a
 * PROTOCOL DECISION (a gap in the record filled with a domain-doc default).
 *
 * Source: task brief "every value traced to its source"; ../shared/domain/README.md ("PROTOCOL DECISION").
 */
import { z } from 'zod'

/**
 * One provenance note.
 * @example { ref: 'seeds/000 inclusion 5', quote: 'Platelet count <30 x 109 / L;' }
 * @example { ref: 'domain/safety-grading.md §5', decision: 'DLT window not in the record; default Day 0-28' }
 */
export const SourceNoteSchema = z
  .object({
    /** document and place: `seeds/000 inclusion 5`, `registry/NCT05315778.md Design`, `domain/regimen-and-dosing.md §2.3` */
    ref: z.string().min(1),
    /** the words of the source, verbatim where possible */
    quote: z.string().min(1).optional(),
    /** present when the value is a PROTOCOL DECISION: what was decided and why (the doc default applied) */
    decision: z.string().min(1).optional(),
  })
  .strict()
export type SourceNote = z.infer<typeof SourceNoteSchema>

/** At least one note per sourced value. */
export const SourcesSchema = z.array(SourceNoteSchema).min(1)
