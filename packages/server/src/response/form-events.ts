import {
  BleedingEventFormSchema,
  MedicationFormSchema,
  type ResponseBleedingEvent,
  type ResponseRescueEvent,
} from '@celltrial/core'

/** A captured form as stored (`form_record`): its type and its data. */
export interface CapturedForm {
  form_type: string
  data: unknown
}

/** What the response engine takes from the capture forms (response-itp.md §3.1). */
export interface ResponseFormEvents {
  rescueEvents: ResponseRescueEvent[]
  bleedingEvents: ResponseBleedingEvent[]
  newItpTherapyStartDate: string | null
  /** bleeding records without a WHO grade: they cannot be judged against `bleedingGradeThreshold` */
  bleedingUngraded: number
}

/**
 * Map captured forms to the engine's event inputs (response-itp.md §3.1):
 * - `medication` with category RESCUE and a rescue type -> a rescue event (start, end; §3.4 rule 3);
 * - `medication` with category NEW_ITP_THERAPY -> `newItpTherapyStartDate` = the earliest such start (§3.4 rule 4);
 * - `bleeding_event` with a WHO grade -> a bleeding event on the WHO scale (§3.6; bleeding-and-scores.md §1).
 * Records that do not parse with the form's schema are left out (the capture layer validates on save).
 */
export function responseEventsFromForms(forms: readonly CapturedForm[]): ResponseFormEvents {
  const out: ResponseFormEvents = { rescueEvents: [], bleedingEvents: [], newItpTherapyStartDate: null, bleedingUngraded: 0 }
  for (const f of forms) {
    if (f.form_type === 'medication') {
      const m = MedicationFormSchema.safeParse(f.data)
      if (!m.success) continue
      if (m.data.category === 'RESCUE' && m.data.rescueType !== null)
        out.rescueEvents.push({ type: m.data.rescueType, startDate: m.data.start, endDate: m.data.end })
      if (m.data.category === 'NEW_ITP_THERAPY' && (out.newItpTherapyStartDate === null || m.data.start < out.newItpTherapyStartDate))
        out.newItpTherapyStartDate = m.data.start
    } else if (f.form_type === 'bleeding_event') {
      const b = BleedingEventFormSchema.safeParse(f.data)
      if (!b.success) continue
      if (b.data.whoGrade === null) out.bleedingUngraded++
      else out.bleedingEvents.push({ startDate: b.data.start, endDate: b.data.end, scale: 'WHO', grade: b.data.whoGrade })
    }
  }
  out.rescueEvents.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))
  out.bleedingEvents.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))
  return out
}
