/**
 * ICH E2A seriousness and SUSAR classification. Severity (CTCAE grade) and seriousness are separate:
 * a grade 4 lab value is not automatically serious; a grade 2 event causing hospitalisation is.
 * Source: ICH E2A, Clinical Safety Data Management: Definitions and Standards for Expedited Reporting
 * (Step 4, 27 Oct 1994), §II.B; safety-grading.md §4.1.
 */

export type SeriousnessCriterion = 'death' | 'life-threatening' | 'hospitalisation' | 'disability' | 'congenital-anomaly' | 'important-medical-event'

/** Investigator's answers; `null` = not yet answered. */
export interface SeriousnessAnswers {
  resultsInDeath: boolean | null
  /** at risk of death at the time of the event, not hypothetically */
  lifeThreatening: boolean | null
  /** `prolongs-existing` covers e.g. ICU transfer of a patient already admitted for infusion (S1) */
  hospitalisation: 'none' | 'requires-admission' | 'prolongs-existing' | null
  persistentOrSignificantDisability: boolean | null
  congenitalAnomaly: boolean | null
  /** medically important by medical judgement */
  importantMedicalEvent: boolean | null
}

export type SeriousnessAssessment =
  /** `unanswered`: criteria not answered yet (only when there are any): the seriousness is known, its kind may not be */
  | { serious: true; criteria: SeriousnessCriterion[]; unanswered?: SeriousnessCriterion[] }
  | { serious: false }
  | { serious: 'unknown'; unanswered: SeriousnessCriterion[] }

/**
 * Any one criterion makes the event serious; all answered "no" makes it not serious; otherwise unknown.
 * @example assessSeriousness({ resultsInDeath: false, lifeThreatening: false, hospitalisation: 'requires-admission',
 *   persistentOrSignificantDisability: false, congenitalAnomaly: false, importantMedicalEvent: false }) // serious, ['hospitalisation'] (S3)
 */
export function assessSeriousness(a: SeriousnessAnswers): SeriousnessAssessment {
  const answers: [SeriousnessCriterion, boolean | null][] = [
    ['death', a.resultsInDeath],
    ['life-threatening', a.lifeThreatening],
    ['hospitalisation', a.hospitalisation === null ? null : a.hospitalisation !== 'none'],
    ['disability', a.persistentOrSignificantDisability],
    ['congenital-anomaly', a.congenitalAnomaly],
    ['important-medical-event', a.importantMedicalEvent],
  ]
  const met = answers.filter(([, v]) => v === true).map(([k]) => k)
  const unanswered = answers.filter(([, v]) => v === null || v === undefined).map(([k]) => k)
  if (met.length > 0) return unanswered.length > 0 ? { serious: true, criteria: met, unanswered } : { serious: true, criteria: met }
  return unanswered.length > 0 ? { serious: 'unknown', unanswered } : { serious: false }
}

/** Expedited-reporting category of an event. */
export type ExpeditedCategory = 'susar-fatal-or-life-threatening' | 'susar-other' | 'not-expedited' | 'unknown'

export interface SusarInput {
  seriousness: SeriousnessAssessment
  /** causal relationship at least a reasonable possibility (ADR) */
  related: boolean | null
  /** unexpected versus the reference safety information (Investigator's Brochure) */
  unexpected: boolean | null
}

/**
 * SUSAR = serious + related + unexpected. Fatal or life-threatening SUSARs run the 7-day clock, others 15 days;
 * anything else is periodic, not expedited (S7). A SUSAR serious on another criterion whose "results in death" or
 * "life-threatening" is not answered yet is `unknown` (the 7-day clock until it is answered), not the 15-day one:
 * an unanswered question is not a "no" (README cross-cutting conventions; §4.2 is silent on unanswered criteria).
 * @example classifySusar({ seriousness: { serious: true, criteria: ['death'] }, related: true, unexpected: true }) // 'susar-fatal-or-life-threatening'
 */
export function classifySusar(i: SusarInput): ExpeditedCategory {
  const serious = i.seriousness.serious
  if (serious === false || i.related === false || i.unexpected === false) return 'not-expedited'
  if (serious === 'unknown' || i.related === null || i.unexpected === null) return 'unknown'
  const fatalOrLt = i.seriousness.serious === true && i.seriousness.criteria.some((c) => c === 'death' || c === 'life-threatening')
  if (fatalOrLt) return 'susar-fatal-or-life-threatening'
  const fatalOrLtUnanswered = i.seriousness.serious === true && (i.seriousness.unanswered ?? []).some((c) => c === 'death' || c === 'life-threatening')
  return fatalOrLtUnanswered ? 'unknown' : 'susar-other'
}
