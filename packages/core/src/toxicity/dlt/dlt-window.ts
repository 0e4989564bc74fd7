/**
 * DLT window, DLT-evaluability per subject and the per-dose-level counts a 3+3 / BOIN engine consumes.
 * Source: safety-grading.md §5 (window, evaluability, attribution, onset rule: all **PROTOCOL DECISION**s);
 * dose-escalation.md for the consumer.
 */

export type AeAttribution = 'unrelated' | 'unlikely' | 'possible' | 'probable' | 'definite'

/** An AE as the DLT rule sees it (protocol Day 0 = infusion). */
export interface DltCandidateEvent {
  eventId?: string
  term: string
  grade: number
  /** haematological toxicities are often excluded or handled separately by the DLT definition */
  category: 'haematological' | 'non-haematological'
  attribution: AeAttribution | null
  onsetDay: number
  /** day the DLT-qualifying grade was reached (defaults to onset) */
  qualifyingDay?: number
  /** the investigator's or SRC's explicit decision, which overrides the rule when given */
  adjudicatedDlt?: boolean
}

export interface DltSubject<L extends string | number = string | number> {
  subjectId: string
  doseLevel: L
  /** received the assigned dose (`null` = not yet known) */
  receivedAssignedDose: boolean | null
  /** last protocol day with complete safety follow-up */
  observedThroughDay: number
  /** off study (lost, withdrawn, died) — no more follow-up will come */
  offStudy: boolean
  events: readonly DltCandidateEvent[]
  /**
   * this subject's last window day, when it differs by subject (the window of the protocol version the subject
   * consented to, after an amendment changed it); overrides `DltWindowOptions.windowEndDay`
   */
  windowEndDay?: number
  /** this subject's off-study rule, when it differs by subject (its protocol version's); overrides `DltWindowOptions.offStudyBeforeWindowEnd` */
  offStudyBeforeWindowEnd?: DltWindowOptions['offStudyBeforeWindowEnd']
  /** this subject's onset rule, when it differs by subject (its protocol version's); overrides `DltWindowOptions.anchor` */
  anchor?: DltWindowOptions['anchor']
}

export interface DltWindowOptions {
  /** first day of the window (default 0 = infusion) */
  windowStartDay?: number
  /** last day of the window, inclusive (**PROTOCOL DECISION**, default 28) */
  windowEndDay?: number
  /** `onset` (default, **PROTOCOL DECISION**): onset inside the window counts even if the grade peaks later; `qualifying-grade`: the DLT grade must be reached inside */
  anchor?: 'onset' | 'qualifying-grade'
  /** the protocol's DLT definition; default `illustrativeDltRule()` */
  isDlt?: (e: DltCandidateEvent) => boolean
  /**
   * A subject off study before the window end without a DLT (**PROTOCOL DECISION**, default `not-evaluable`:
   * the patient is replaced); `evaluable-no-dlt` counts the patient as DLT-evaluable without a DLT.
   */
  offStudyBeforeWindowEnd?: 'not-evaluable' | 'evaluable-no-dlt'
}

const RELATED: readonly AeAttribution[] = ['possible', 'probable', 'definite']

/**
 * The illustrative DLT definition of safety-grading.md §5: grade ≥ `minGrade` non-haematological toxicity at
 * least possibly related (CRS and ICANS counted as non-haematological). A real protocol passes its own rule.
 */
export function illustrativeDltRule(options: { minGrade?: number; includeHaematological?: boolean } = {}): (e: DltCandidateEvent) => boolean {
  const minGrade = options.minGrade ?? 3
  return (e) => e.grade >= minGrade && (options.includeHaematological === true || e.category === 'non-haematological') && e.attribution !== null && RELATED.includes(e.attribution)
}

export type DltSubjectStatus =
  | { kind: 'evaluable'; dlt: true; dltEvents: DltCandidateEvent[] }
  | { kind: 'evaluable'; dlt: false }
  | { kind: 'pending'; reason: string }
  | { kind: 'not-evaluable'; reason: 'dose-not-received' | 'off-study-before-window-end' }

/**
 * DLT-evaluable: received the assigned dose and either completed the window or had a DLT within it.
 * Off study before the window end without a DLT → not evaluable (to be replaced, **PROTOCOL DECISION**, option
 * `offStudyBeforeWindowEnd`).
 * Still inside the window without a DLT → pending.
 * @example dltStatus({ subjectId: 'P3', doseLevel: 1, receivedAssignedDose: true, observedThroughDay: 35, offStudy: false,
 *   events: [{ term: 'ALT increased', grade: 3, category: 'non-haematological', attribution: 'probable', onsetDay: 31 }] }) // evaluable, no DLT
 */
export function dltStatus(s: DltSubject, options: DltWindowOptions = {}): DltSubjectStatus {
  const start = options.windowStartDay ?? 0
  const end = s.windowEndDay ?? options.windowEndDay ?? 28
  const anchor = s.anchor ?? options.anchor ?? 'onset'
  const rule = options.isDlt ?? illustrativeDltRule()
  if (s.receivedAssignedDose === false) return { kind: 'not-evaluable', reason: 'dose-not-received' }
  const dltEvents = s.events.filter((e) => {
    const day = anchor === 'onset' ? e.onsetDay : (e.qualifyingDay ?? e.onsetDay)
    return day >= start && day <= end && (e.adjudicatedDlt ?? rule(e))
  })
  if (s.receivedAssignedDose === null) return { kind: 'pending', reason: 'dose receipt not confirmed' }
  if (dltEvents.length > 0) return { kind: 'evaluable', dlt: true, dltEvents }
  if (s.observedThroughDay >= end) return { kind: 'evaluable', dlt: false }
  if (s.offStudy)
    return (s.offStudyBeforeWindowEnd ?? options.offStudyBeforeWindowEnd ?? 'not-evaluable') === 'evaluable-no-dlt'
      ? { kind: 'evaluable', dlt: false }
      : { kind: 'not-evaluable', reason: 'off-study-before-window-end' }
  return { kind: 'pending', reason: `followed through Day ${s.observedThroughDay} of ${end}` }
}

/** What a 3+3 / BOIN engine consumes for one dose level. */
export interface DoseLevelDltCount<L extends string | number = string | number> {
  doseLevel: L
  nEvaluable: number
  nDlt: number
  pendingSubjects: string[]
}

/**
 * Per dose level: number of DLT-evaluable subjects, number with ≥ 1 DLT, and subjects still pending.
 * Dose levels appear in ascending order when all are numbers, else in order of first appearance.
 * @example summariseDltByDoseLevel(subjects) // [{ doseLevel: 1, nEvaluable: 4, nDlt: 1, pendingSubjects: [] }] (§5 example)
 */
export function summariseDltByDoseLevel<L extends string | number>(subjects: readonly DltSubject<L>[], options: DltWindowOptions = {}): DoseLevelDltCount<L>[] {
  const levels: L[] = []
  for (const s of subjects) if (!levels.includes(s.doseLevel)) levels.push(s.doseLevel)
  if (levels.every((l) => typeof l === 'number')) levels.sort((a, b) => (a) - (b))
  return levels.map((doseLevel) => {
    const row: DoseLevelDltCount<L> = { doseLevel, nEvaluable: 0, nDlt: 0, pendingSubjects: [] }
    for (const s of subjects.filter((x) => x.doseLevel === doseLevel)) {
      const st = dltStatus(s, options)
      if (st.kind === 'evaluable') {
        row.nEvaluable++
        if (st.dlt) row.nDlt++
      } else if (st.kind === 'pending') row.pendingSubjects.push(s.subjectId)
    }
    return row
  })
}
