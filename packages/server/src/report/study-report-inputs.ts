/**
 * Database -> results report inputs, shared by the in-app report (routes/report.ts) and `celltrial report
 * --study` (packages/cli). Everything comes from captured data:
 * - subject facts (age, sex, dose level, LD start, infusion) from `subject`;
 * - the response input as the response feature builds it (platelet counts, rescue, new ITP therapy, bleeding);
 * - adverse events from the `adverse_event` forms (term, CTCAE / ASTCT grade, seriousness; SOC from the form
 *   when present, else core's `socForTerm`, as the safety tables do) and the confirmed lab-derived AEs
 *   (`lab_ae_proposal`, with their SOC); CRS / ICANS are the AEs of those terms (safety-grading.md §1-§3);
 * - rescue and new ITP therapy courses from the `medication` forms (IVIG rescue before IVIG independence);
 * - CAR copies, CD19+ B cells and GP autoantibodies from the `correlative` forms and `lab_result` CARCN / CD19;
 * - serum IgG / IgA / IgM from `lab_result` IGG / IGA / IGM with their unit and lower reference limit (core
 *   converts to g/L; no hypogammaglobulinaemia threshold, safety-grading.md §3.2);
 * - diagnosis date and prior therapies from the subject's latest screening profile (`screening_attempt`);
 * - LD days from the LD start date and the protocol's FC schedule, cell dose from the dose level
 *   (regimen-and-dosing.md §3-§4).
 * Nothing collected stays null ("not collected"), never zero. Drafts and voided records are left out.
 * Source: domain/statistics.md §1 (analysis population: all infused); packages/core/src/report.
 */
import type { Kysely } from 'kysely'
import {
  AdverseEventFormSchema,
  CorrelativeFormSchema,
  MedicationFormSchema,
  parseProtocol,
  protocolDay,
  socForTerm,
  type Protocol,
  type ReportAdverseEvent,
  type ReportMedication,
  type StudyReportSubjectInput,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { AppError, notFound } from '../errors.js'
import { buildResponseInput } from '../response/build-input.js'
import { protocolForSubject } from '../repo/protocol-versions.js'

/** ASTCT 2019 consensus terms (graded on the ASTCT scale, not CTCAE). */
const ASTCT_TERMS = /^(cytokine release syndrome|immune effector cell-associated neurotoxicity syndrome)$/i

export interface StudyReportInputs {
  studyId: number
  registryId: string
  protocol: Protocol
  /** one entry per infused subject, ordered by subject code */
  inputs: StudyReportSubjectInput[]
  /** true when any subject is synthetic demo data */
  demo: boolean
}

interface FormRow {
  subject_id: number
  form_type: string
  data: unknown
}

/**
 * @param db the database (no access checks here: the caller decides which subjects may be read)
 * @param studyId study id
 * @param options `subjectIds`: only these subjects (the ones the caller may see); default every subject
 * @throws AppError not_found (study), conflict (the stored protocol does not parse)
 */
export async function readStudyReportInputs(db: Kysely<Database>, studyId: number, { subjectIds }: { subjectIds?: readonly number[] } = {}): Promise<StudyReportInputs> {
  const study = await db.selectFrom('study').select(['id', 'registry_id', 'protocol']).where('id', '=', studyId).executeTakeFirst()
  if (!study) throw notFound(`study ${studyId}`)
  const parsed = parseProtocol(study.protocol)
  if (!parsed.ok) throw new AppError('conflict', `the stored protocol of study ${studyId} (${study.registry_id}) does not parse`)
  const protocol = parsed.value
  let q = db
    .selectFrom('subject')
    .innerJoin('site', 'site.id', 'subject.site_id')
    .select(['subject.id', 'subject.study_id', 'subject.created_at', 'subject.code', 'subject.sex', 'subject.age_years', 'subject.dose_level', 'subject.infusion_date', 'subject.ld_start_date', 'subject.is_demo', 'site.code as site_code'])
    .where('subject.study_id', '=', studyId)
    .where('subject.infusion_date', 'is not', null)
  if (subjectIds) {
    if (subjectIds.length === 0) return { studyId, registryId: study.registry_id, protocol, inputs: [], demo: false }
    q = q.where('subject.id', 'in', [...subjectIds])
  }
  const subjects = await q.orderBy('subject.code').execute()
  const ids = subjects.map((s) => s.id)
  if (ids.length === 0) return { studyId, registryId: study.registry_id, protocol, inputs: [], demo: false }
  const [forms, labs, confirmedLabAes, screening, exits] = await Promise.all([
    db
      .selectFrom('form_record')
      .select(['subject_id', 'form_type', 'data'])
      .where('subject_id', 'in', ids)
      .where('voided_at', 'is', null)
      .where('status', '<>', 'draft')
      .where('form_type', 'in', ['adverse_event', 'medication', 'correlative'])
      .orderBy('observed_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('lab_result')
      .select(['subject_id', 'test_code', 'value', 'unit', 'collected_on', 'ref_low'])
      .where('subject_id', 'in', ids)
      .where('test_code', 'in', ['CD19', 'CARCN', ...IMMUNOGLOBULIN_CODES])
      .where('voided_at', 'is', null)
      .orderBy('collected_on')
      .execute(),
    db
      .selectFrom('lab_ae_proposal')
      .select(['subject_id', 'term', 'soc', 'worst_grade', 'onset_date', 'end_date'])
      .where('subject_id', 'in', ids)
      .where('status', '=', 'confirmed')
      .execute(),
    db
      .selectFrom('screening_attempt')
      .select(['subject_id', 'profile'])
      .where('subject_id', 'in', ids)
      .where('voided_at', 'is', null)
      .orderBy('id', 'desc')
      .execute(),
    // leaving the study (journey: withdraw, lose to follow-up, die): the end of the subject's follow-up
    db
      .selectFrom('subject_event')
      .select(['subject_id', 'to_status', 'occurred_on'])
      .where('subject_id', 'in', ids)
      .where('to_status', 'in', ['withdrawn', 'lost_to_follow_up', 'died'])
      .where('voided_at', 'is', null)
      .orderBy('occurred_on')
      .orderBy('id')
      .execute(),
  ])
  const inputs: StudyReportSubjectInput[] = []
  for (const s of subjects) {
    const built = await buildResponseInput(db, s)
    if (!built) continue
    const infusion = s.infusion_date!
    const day = (d: string) => protocolDay(d, infusion)
    const mine = forms.filter((f) => f.subject_id === s.id)
    const correlatives = correlativeSeries(mine, day)
    const lab = labs.filter((l) => l.subject_id === s.id && l.value !== null)
    const profile = screeningProfile(screening.find((a) => a.subject_id === s.id)?.profile)
    const own = await subjectProtocol(db, s, protocol)
    // the latest exit recorded: follow-up ends there (statistics.md §4.1: bar to last follow-up; death marker)
    const exit = exits.filter((e) => e.subject_id === s.id).at(-1)
    inputs.push({
      usubjid: s.code,
      siteId: s.site_code,
      age: s.age_years,
      sex: s.sex ?? 'U',
      doseLevel: s.dose_level,
      response: built.input,
      ...(exit === undefined ? {} : exit.to_status === 'died' ? { deathDate: exit.occurred_on } : { lastContactDate: exit.occurred_on }),
      ...(own === protocol ? {} : { responseParams: own.endpoints.response }),
      itpDiagnosisDate: profile?.diagnosisDate ?? null,
      priorTherapies: profile?.therapies ?? null,
      ...lymphodepletion(own, s.ld_start_date === null ? null : day(s.ld_start_date)),
      ...cellDose(own, s.dose_level),
      adverseEvents: [
        ...adverseEvents(mine, day),
        ...confirmedLabAes
          .filter((p) => p.subject_id === s.id)
          .map((p): ReportAdverseEvent => ({ term: p.term, soc: p.soc, grade: p.worst_grade, gradingSystem: 'CTCAE v5.0', serious: false, startDay: day(p.onset_date), endDay: p.end_date === null ? null : day(p.end_date) })),
      ],
      medications: medications(mine, day),
      carSamples: [...correlatives.car, ...lab.filter((l) => l.test_code === 'CARCN').map((l) => ({ day: day(l.collected_on), level: Number(l.value) }))].sort((a, b) => a.day - b.day),
      bCellSamples: [...correlatives.bCells, ...lab.filter((l) => l.test_code === 'CD19').map((l) => ({ day: day(l.collected_on), perUl: Number(l.value) }))].sort((a, b) => a.day - b.day),
      gpAntibody: correlatives.gp,
      ...immunoglobulins(lab, day),
    })
  }
  return { studyId, registryId: study.registry_id, protocol, inputs, demo: subjects.some((s) => s.is_demo) }
}

const IMMUNOGLOBULIN_CODES = ['IGG', 'IGA', 'IGM'] as const
const isImmunoglobulin = (code: string): code is (typeof IMMUNOGLOBULIN_CODES)[number] => (IMMUNOGLOBULIN_CODES as readonly string[]).includes(code)

/** IgG / IgA / IgM lab results as they were entered (unit and LLN kept; core converts to g/L); absent when none. */
function immunoglobulins(
  lab: readonly { test_code: string; value: number; unit: string; collected_on: string; ref_low: number | null }[],
  day: (d: string) => number,
): Pick<StudyReportSubjectInput, 'immunoglobulins'> {
  const out: NonNullable<StudyReportSubjectInput['immunoglobulins']> = []
  for (const l of lab) {
    const test = l.test_code
    if (isImmunoglobulin(test)) out.push({ test, day: day(l.collected_on), value: Number(l.value), unit: l.unit, refLow: l.ref_low === null ? null : Number(l.ref_low) })
  }
  return out.length > 0 ? { immunoglobulins: out.sort((a, b) => a.day - b.day) } : {}
}

/** Adverse event forms (safety-grading.md §3.1, §4.1): term, grade, seriousness; SOC when the form has one. */
function adverseEvents(forms: readonly FormRow[], day: (d: string) => number): ReportAdverseEvent[] {
  return forms
    .filter((f) => f.form_type === 'adverse_event')
    .flatMap((f) => {
      const a = AdverseEventFormSchema.safeParse(f.data)
      if (!a.success) return []
      const soc = (f.data as { soc?: unknown }).soc
      return [{
        term: a.data.ctcaeTerm,
        soc: typeof soc === 'string' && soc.trim() !== '' ? soc : socForTerm(a.data.ctcaeTerm),
        grade: a.data.grade,
        gradingSystem: ASTCT_TERMS.test(a.data.ctcaeTerm.trim()) ? 'ASTCT 2019' : 'CTCAE v5.0',
        serious: a.data.serious,
        startDay: day(a.data.start),
        endDay: a.data.end === null ? null : day(a.data.end),
      }]
    })
}

/** Rescue courses and new ITP therapy from the medication forms (response-itp.md §3.1). */
function medications(forms: readonly FormRow[], day: (d: string) => number): ReportMedication[] {
  return forms
    .filter((f) => f.form_type === 'medication')
    .flatMap((f): ReportMedication[] => {
      const m = MedicationFormSchema.safeParse(f.data)
      if (!m.success) return []
      const end = day(m.data.end ?? m.data.start)
      if (m.data.category === 'NEW_ITP_THERAPY') return [{ treatment: m.data.name.toUpperCase(), kind: 'NEW_ITP_THERAPY', startDay: day(m.data.start), endDay: end }]
      if (m.data.category === 'RESCUE' && m.data.rescueType !== null) return [{ treatment: m.data.name.toUpperCase(), kind: m.data.rescueType, startDay: day(m.data.start), endDay: end }]
      return []
    })
}

/**
 * Correlative forms (regimen-and-dosing.md §7-§8): CAR copies/µg gDNA, CD19+ B cells/µL, and the GP
 * autoantibody result of the sample: positive when either anti-GPIIb/IIIa or anti-GPIb/IX is positive,
 * negative when tested and none is positive; indeterminate or untested samples are left out.
 */
function correlativeSeries(forms: readonly FormRow[], day: (d: string) => number) {
  const car: { day: number; level: number }[] = []
  const bCells: { day: number; perUl: number }[] = []
  const gp: { day: number; positive: boolean }[] = []
  for (const f of forms) {
    if (f.form_type !== 'correlative') continue
    const c = CorrelativeFormSchema.safeParse(f.data)
    if (!c.success) continue
    const d = day(c.data.collectedOn)
    if (c.data.carCopiesPerUgGdna !== null) car.push({ day: d, level: c.data.carCopiesPerUgGdna })
    if (c.data.cd19BCellsPerUl !== null) bCells.push({ day: d, perUl: c.data.cd19BCellsPerUl })
    const results = [c.data.antiGpIIbIIIa, c.data.antiGpIbIX].filter((r) => r !== null)
    if (results.includes('positive')) gp.push({ day: d, positive: true })
    else if (results.length > 0 && results.every((r) => r === 'negative')) gp.push({ day: d, positive: false })
  }
  return { car, bCells, gp: gp.sort((a, b) => a.day - b.day) }
}

/** Diagnosis date and the distinct prior ITP therapies (by name, else class) of a screening profile. */
function screeningProfile(profile: unknown): { diagnosisDate: string | null; therapies: string[] | null } | null {
  if (profile === null || typeof profile !== 'object') return null
  const p = profile as { diagnosis?: { date?: unknown }; therapies?: unknown }
  const diagnosisDate = typeof p.diagnosis?.date === 'string' ? p.diagnosis.date : null
  const therapies = Array.isArray(p.therapies)
    ? [...new Set(p.therapies.flatMap((t: { name?: unknown; class?: unknown }) => (typeof t.name === 'string' ? [t.name.trim().toUpperCase()] : typeof t.class === 'string' ? [t.class.toUpperCase()] : [])))]
    : null
  return { diagnosisDate, therapies }
}

/**
 * The protocol version the subject consented to (issue #3: a subject stays on its consent's version until
 * re-consented); the study's protocol when that is the same version or when no stored version parses.
 */
async function subjectProtocol(db: Kysely<Database>, s: { id: number; study_id: number; created_at: string }, study: Protocol): Promise<Protocol> {
  try {
    const own = await protocolForSubject(db, s)
    return own.protocol.version.number === study.version.number ? study : own.protocol
  } catch (e) {
    if (e instanceof AppError && e.code === 'conflict') return study
    throw e
  }
}

/**
 * LD days: the protocol's schedule (e.g. FC on Days -5, -4, -3) moved to start on the subject's LD start day,
 * so a course given on Days -3..-1 is recorded as such (regimen-and-dosing.md §4). Null without an LD start.
 */
function lymphodepletion(protocol: Protocol, startDay: number | null): Pick<StudyReportSubjectInput, 'ldDays' | 'ldAgents'> {
  const drugs = protocol.lymphodepletion?.drugs ?? []
  const days = [...new Set(drugs.flatMap((d) => d.days))].sort((a, b) => a - b)
  if (startDay === null || days.length === 0) return { ldDays: null, ldAgents: [] }
  return { ldDays: days.map((d) => d - days[0]! + startDay), ldAgents: drugs.map((d) => d.name.toUpperCase()) }
}

/** Cell dose of the subject's dose level when the protocol gives it per kg (regimen-and-dosing.md §3). */
function cellDose(protocol: Protocol, doseLevel: string | null): Pick<StudyReportSubjectInput, 'cellDose' | 'cellDoseUnit'> {
  const level = protocol.arms.flatMap((a) => a.doseLevels).find((l) => l.id === doseLevel)
  const dose = level?.dose as { kind?: string; cellsPerKg?: number } | undefined
  return dose?.kind === 'per-kg' && typeof dose.cellsPerKg === 'number' ? { cellDose: dose.cellsPerKg, cellDoseUnit: 'cells/kg' } : { cellDose: null, cellDoseUnit: null }
}
