/**
 * IVIG independence (response-itp.md §2 item 5, the seed abstract's "became IVIG-independent"; concomitant-therapy
 * reduction). The report's efficacy group keeps its denominator (`ivigGivenIds`) for the narrative.
 */
import type { ReportMedication } from './types.js'

/**
 * A subject given IVIG rescue after infusion (Day > 0) during observation is IVIG-independent when no IVIG course
 * touches the last `freeDays` days of observation, which ends at the cut-off / last contact or at the start of a new
 * ITP therapy (its effect is not the CAR-T's, response-itp.md §3.2 `newTherapyPolicy`). IVIG started after that end
 * is outside the observation: such a subject is not "given IVIG" (and never independent "from day -Infinity").
 * @param medications the subject's medications as of the cut-off
 * @param followUpDay protocol day of the end of follow-up (cut-off, last contact or death)
 * @param freeDays IVIG-free days at the end of observation (PROTOCOL DECISION)
 * @returns `given`: IVIG during observation; `fromDay`: the day after the last course ends, or null
 * @example ivigIndependence([{ treatment: 'IVIG', kind: 'IVIG', startDay: 20, endDay: 21 }], 200, 90) // { given: true, fromDay: 22 }
 */
export function ivigIndependence(medications: readonly ReportMedication[], followUpDay: number, freeDays: number): { given: boolean; fromDay: number | null } {
  const newTherapy = Math.min(...medications.filter((m) => m.kind === 'NEW_ITP_THERAPY').map((m) => m.startDay))
  const end = Math.min(followUpDay, newTherapy)
  const ivig = medications.filter((m) => m.kind === 'IVIG' && m.startDay > 0 && m.startDay <= end)
  if (ivig.length === 0) return { given: false, fromDay: null }
  const lastEnd = Math.max(...ivig.map((m) => m.endDay))
  return { given: true, fromDay: end - lastEnd > freeDays ? lastEnd + 1 : null }
}
