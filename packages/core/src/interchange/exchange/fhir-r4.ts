/**
 * FHIR R4 (4.0.1) Bundle export and import of subjects (Patient, ResearchSubject), laboratory results
 * (Observation) and adverse events (AdverseEvent).
 * Source: interchange/ctgov-fhir-odm.md §2: LOINC / UCUM systems and the lab code table; pseudonymous
 * Patient (identifier = USUBJID, no name/telecom/address; birthDate omitted as only age is known); platelets in
 * UCUM 10*9/L (10*3/uL accepted on import, same number); import aliases 26515-7, 26464-8, 26499-4, 26474-7;
 * CARCN and GPAB in the platform code system with code.text = LBTESTCD; AE grade in the ae-grade extension with
 * NCIt codes (C41338 1, C41339 2, C41340 3, C41337 4, C48275 5); severity 1 mild, 2 moderate, >= 3 severe;
 * seriousness Serious / Non-serious; NCT system https://clinicaltrials.gov/nctid (all four spellings read).
 */
import type { AdverseEvent, Bundle, BundleEntry, FhirResource, Observation, Patient, ResearchStudy, ResearchSubject } from 'fhir/r4.js'
import { isIsoDate } from '../../dates/index.js'
import type { Issue } from '../../result.js'
import type { ExchangeAdverseEvent, ExchangeLab, ExchangeStudy, ExchangeSubject } from './exchange-study.js'

export const FHIR_SYSTEMS = {
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  seriousness: 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness',
  severity: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity',
  ncit: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl',
  nct: 'https://clinicaltrials.gov/nctid',
  usubjid: 'https://celltrial.example/fhir/sid/usubjid',
  lbtestcd: 'https://celltrial.example/fhir/CodeSystem/lbtestcd',
  aeGrade: 'http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade',
  studyPhase: 'http://terminology.hl7.org/CodeSystem/research-study-phase',
} as const

/** Registry overallStatus -> ResearchStudy.status (ctgov-fhir-odm.md §2 "Registry status -> ResearchStudy.status"). */
export const CTGOV_STATUS_TO_FHIR: Record<string, NonNullable<ResearchStudy['status']>> = {
  RECRUITING: 'active', ENROLLING_BY_INVITATION: 'active', NOT_YET_RECRUITING: 'approved', ACTIVE_NOT_RECRUITING: 'closed-to-accrual',
  SUSPENDED: 'temporarily-closed-to-accrual', TERMINATED: 'administratively-completed', COMPLETED: 'completed', WITHDRAWN: 'withdrawn',
}
/** Registry phases (sorted, joined by `,`) -> research-study-phase code (ctgov-fhir-odm.md §2 ResearchStudy row). */
export const CTGOV_PHASES_TO_FHIR: Record<string, string> = {
  NA: 'n-a', EARLY_PHASE1: 'early-phase-1', PHASE1: 'phase-1', 'PHASE1,PHASE2': 'phase-1-phase-2', PHASE2: 'phase-2', 'PHASE2,PHASE3': 'phase-2-phase-3', PHASE3: 'phase-3', PHASE4: 'phase-4',
}

/**
 * The value of a table entry, own keys only: a text such as `constructor` or `toString` names no code of the §2
 * tables ("Copy codes from this table only"), whereas a plain lookup would return an inherited function.
 */
const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined)

const NCT_SYSTEMS = ['https://clinicaltrials.gov/nctid', 'http://clinicaltrials.gov', 'http://clinicaltrials.gov/', 'https://clinicaltrials.gov']

/** LBTESTCD -> LOINC code, long common name, UCUM code (ctgov-fhir-odm.md §2 lab table). */
export const LAB_LOINC: Record<string, { loinc: string; display: string; ucum: string }> = {
  PLAT: { loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', ucum: '10*9/L' },
  WBC: { loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', ucum: '10*3/uL' },
  NEUT: { loinc: '751-8', display: 'Neutrophils [#/volume] in Blood by Automated count', ucum: '10*3/uL' },
  LYM: { loinc: '731-0', display: 'Lymphocytes [#/volume] in Blood by Automated count', ucum: '10*3/uL' },
  HGB: { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', ucum: 'g/dL' },
  ALT: { loinc: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', ucum: 'U/L' },
  AST: { loinc: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', ucum: 'U/L' },
  BILI: { loinc: '1975-2', display: 'Bilirubin.total [Mass/volume] in Serum or Plasma', ucum: 'mg/dL' },
  CREAT: { loinc: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', ucum: 'mg/dL' },
  FIBRINO: { loinc: '3255-7', display: 'Fibrinogen [Mass/volume] in Platelet poor plasma by Coagulation assay', ucum: 'mg/dL' },
  IGG: { loinc: '2465-3', display: 'IgG [Mass/volume] in Serum or Plasma', ucum: 'mg/dL' },
  IGA: { loinc: '2458-8', display: 'IgA [Mass/volume] in Serum or Plasma', ucum: 'mg/dL' },
  IGM: { loinc: '2472-9', display: 'IgM [Mass/volume] in Serum or Plasma', ucum: 'mg/dL' },
  CD19: { loinc: '8116-6', display: 'CD19 cells [#/volume] in Blood', ucum: '/uL' },
}
/** Method-less LOINC codes accepted on import. */
const LOINC_ALIASES: Record<string, string> = { '26515-7': 'PLAT', '26464-8': 'WBC', '26499-4': 'NEUT', '26474-7': 'LYM' }
const CARCN_UCUM = '{copies}/ug'
const GRADE_NCIT: Record<number, string> = { 1: 'C41338', 2: 'C41339', 3: 'C41340', 4: 'C41337', 5: 'C48275' }
const NCIT_GRADE: Record<string, number> = Object.fromEntries(Object.entries(GRADE_NCIT).map(([g, c]) => [c, Number(g)]))
const GENDER = { M: 'male', F: 'female', U: 'unknown', UNDIFFERENTIATED: 'other' } as const

/** Platform unit -> UCUM code; a unit not listed is sent as text only (never labelled with a code it is not). */
const PLATFORM_UCUM: Record<string, string> = {
  '10^9/l': '10*9/L', 'x10^9/l': '10*9/L', '10^3/ul': '10*3/uL', 'g/dl': 'g/dL', 'g/l': 'g/L', 'u/l': 'U/L', 'iu/l': '[IU]/L', 'mg/dl': 'mg/dL',
  'umol/l': 'umol/L', '/ul': '/uL', 'cells/ul': '/uL', 'copies/ug gdna': CARCN_UCUM, '{copies}/ug': CARCN_UCUM, '%': '%',
}
const UCUM_CODES = new Set(Object.values(PLATFORM_UCUM))
/** The UCUM code of a unit: a platform spelling, or a UCUM code as such (an import keeps the code when no display unit came). */
const ucumOf = (unit: string | null): string | null =>
  unit === null ? null : (own(PLATFORM_UCUM, unit.trim().toLowerCase().replace(/µ|μ/g, 'u')) ?? (UCUM_CODES.has(unit) ? unit : null))

type Json = Record<string, unknown>
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').slice(0, 64)

/** A UTC offset as FHIR R4 dateTime writes it (`Z`, `+08:00`, `-03:30`; R4 allows -14:00 to +14:00). */
const UTC_OFFSET = /^(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/
/** A UTC offset as R4 dateTime writes it: `Z` or `±hh:mm` from -14:00 to +14:00. */
export const isUtcOffset = (s: string): boolean => UTC_OFFSET.test(s)

/**
 * FHIR R4 `dateTime` of a lab sample. R4 (datatypes.html#dateTime): "If hours and minutes are specified, a time
 * zone SHALL be populated", and seconds must be present. SDTM times carry no zone (the site's local time), so the
 * time is written, with seconds, only when the site's UTC offset is known; otherwise the date alone.
 */
const effectiveDateTime = (l: ExchangeLab, utcOffset: string | null): string =>
  l.time && utcOffset !== null ? `${l.date}T${l.time.length === 5 ? `${l.time}:00` : l.time}${utcOffset}` : l.date

function observation(pid: string, l: ExchangeLab, id: string, utcOffset: string | null): Observation {
  const known = own(LAB_LOINC, l.testCode)
  const coding = known ? [{ system: FHIR_SYSTEMS.loinc, code: known.loinc, display: known.display }] : [{ system: FHIR_SYSTEMS.lbtestcd, code: l.testCode }]
  const ucum = l.testCode === 'PLAT' ? known!.ucum : ucumOf(l.unit) ?? (l.unit === null ? (known?.ucum ?? (l.testCode === 'CARCN' ? CARCN_UCUM : null)) : null)
  const value: Pick<Observation, 'valueQuantity' | 'valueString'> =
    l.value !== null
      ? { valueQuantity: { value: l.value, unit: l.testCode === 'PLAT' ? '10^9/L' : (l.unit ?? ucum ?? ''), ...(ucum ? { system: FHIR_SYSTEMS.ucum, code: ucum } : {}) } }
      : { valueString: l.text }
  const range: Pick<Observation, 'referenceRange'> = l.refLow !== null || l.refHigh !== null
    ? { referenceRange: [{ ...(l.refLow !== null ? { low: { value: l.refLow, ...(ucum ? { system: FHIR_SYSTEMS.ucum, code: ucum } : {}) } } : {}), ...(l.refHigh !== null ? { high: { value: l.refHigh, ...(ucum ? { system: FHIR_SYSTEMS.ucum, code: ucum } : {}) } } : {}) }] }
    : {}
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: FHIR_SYSTEMS.observationCategory, code: 'laboratory' }] }],
    code: { coding, text: l.testCode },
    subject: { reference: `Patient/${pid}` },
    effectiveDateTime: effectiveDateTime(l, utcOffset),
    ...value,
    ...range,
  }
}

function adverseEvent(pid: string, a: ExchangeAdverseEvent, id: string, studyRef: string): AdverseEvent {
  const g = a.grade
  return {
    resourceType: 'AdverseEvent',
    id,
    ...(g !== null && GRADE_NCIT[g] ? { extension: [{ url: FHIR_SYSTEMS.aeGrade, valueCodeableConcept: { coding: [{ system: FHIR_SYSTEMS.ncit, code: GRADE_NCIT[g], display: `Grade ${g}` }], text: a.gradingSystem ?? undefined } }] } : {}),
    actuality: 'actual',
    event: { text: a.term },
    subject: { reference: `Patient/${pid}` },
    date: a.startDate,
    seriousness: { coding: [{ system: FHIR_SYSTEMS.seriousness, code: a.serious ? 'Serious' : 'Non-serious' }] },
    // §2 convention: grade 1 -> mild, 2 -> moderate, >= 3 -> severe; a grade below 1 has no severity
    ...(g !== null && g >= 1 ? { severity: { coding: [{ system: FHIR_SYSTEMS.severity, code: g < 2 ? 'mild' : g < 3 ? 'moderate' : 'severe' }] } } : {}),
    study: [{ reference: studyRef }],
  }
}

/**
 * Patient ids, one per subject: the USUBJID in lower case with other characters than `a-z 0-9 . -` as `-`, cut to
 * 48 characters, and `-2`, `-3`, … when two USUBJIDs give the same text (`S_1`, `S 1`, `s-1`). FHIR R4 `id` is
 * `[A-Za-z0-9\-\.]{1,64}`: 48 leaves room for that suffix and the `rs-` / `-lb-<n>` / `-ae-<n>` ids built on it.
 */
function patientIds(subjects: readonly ExchangeSubject[]): string[] {
  const used = new Set<string>()
  return subjects.map((s) => {
    const base = slug(s.usubjid).slice(0, 48)
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return id
  })
}

/**
 * @param baseUrl base of the `fullUrl`s (e.g. `https://celltrial.example/fhir`)
 * @param utcOffset the site's UTC offset (`Z`, `+08:00`): lab times are written only with it (R4 dateTime needs a
 *   zone with a time); without it an Observation carries the sample date alone
 * @returns a Bundle of type `collection`: ResearchStudy, then per subject Patient, ResearchSubject, Observations, AdverseEvents
 * @throws RangeError when utcOffset is not `Z` or `±hh:mm`
 */
export function buildFhirBundle(study: ExchangeStudy, { baseUrl = 'https://celltrial.example/fhir', utcOffset = null }: { baseUrl?: string; utcOffset?: string | null } = {}): Bundle {
  if (utcOffset !== null && !UTC_OFFSET.test(utcOffset)) throw new RangeError(`utcOffset must be Z or ±hh:mm (-14:00 to +14:00), got ${JSON.stringify(utcOffset)}`)
  const entries: BundleEntry[] = []
  const add = (r: FhirResource) => entries.push({ fullUrl: `${baseUrl}/${r.resourceType}/${String(r.id)}`, resource: r })
  const studyId = slug(study.registryId)
  // §2: status from the registry status map (1..1; `active` when the status is not given or not in the map);
  // phase is one CodeableConcept, so PHASE1 + PHASE2 is phase-1-phase-2; arm[].name holds every arm string a
  // ResearchSubject uses ("Arm strings equal ResearchStudy.arm.name")
  const phase = study.phases && study.phases.length > 0 ? own(CTGOV_PHASES_TO_FHIR, [...new Set(study.phases)].sort().join(',')) : undefined
  const arms = [...new Set(study.subjects.map((s) => s.armCode).filter((a): a is string => !!a))]
  add({
    resourceType: 'ResearchStudy', id: studyId, identifier: [{ system: FHIR_SYSTEMS.nct, value: study.registryId }], title: study.title,
    status: (study.overallStatus && own(CTGOV_STATUS_TO_FHIR, study.overallStatus)) || 'active',
    ...(phase ? { phase: { coding: [{ system: FHIR_SYSTEMS.studyPhase, code: phase }] } } : {}),
    ...(arms.length > 0 ? { arm: arms.map((name) => ({ name })) } : {}),
  } satisfies ResearchStudy)
  const pids = patientIds(study.subjects)
  study.subjects.forEach((s, k) => {
    const pid = pids[k]!
    add({ resourceType: 'Patient', id: pid, identifier: [{ system: FHIR_SYSTEMS.usubjid, value: s.usubjid }], gender: GENDER[s.sex] } satisfies Patient)
    add({
      resourceType: 'ResearchSubject', id: `rs-${pid}`, status: 'on-study',
      study: { reference: `ResearchStudy/${studyId}` }, individual: { reference: `Patient/${pid}` },
      ...(s.armCode ? { assignedArm: s.armCode, actualArm: s.armCode } : {}),
      ...(s.infusionDate ? { period: { start: s.infusionDate } } : {}),
    } satisfies ResearchSubject)
    s.labs.forEach((l, j) => add(observation(pid, l, `${pid}-lb-${j + 1}`, utcOffset)))
    s.adverseEvents.forEach((a, j) => add(adverseEvent(pid, a, `${pid}-ae-${j + 1}`, `ResearchStudy/${studyId}`)))
  })
  return { resourceType: 'Bundle', type: 'collection', entry: entries }
}

const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null)
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const codings = (cc: unknown) => arr(obj(cc)?.coding).map(obj).filter((c): c is Json => c !== null)

/** What a FHIR import produced: the study data and every problem (a bad resource is skipped, never guessed). */
export interface FhirImport {
  study: ExchangeStudy
  issues: Issue[]
}

/**
 * Read a FHIR R4 Bundle (collection, transaction, batch or searchset) into the exchange shape.
 * Patients need a USUBJID identifier; Observations are read when their code maps to an LBTESTCD (LOINC table,
 * aliases, or the platform code system); platelets must be in 10*9/L or 10*3/uL (UCUM), anything else is an issue.
 */
export function readFhirBundle(bundle: unknown): FhirImport {
  const issues: Issue[] = []
  const issue = (path: (string | number)[], code: string, message: string) => issues.push({ code: `fhir.${code}`, path, message, source: 'interchange/ctgov-fhir-odm.md §2' })
  const b = obj(bundle)
  if (!b || b.resourceType !== 'Bundle') {
    issue([], 'not_a_bundle', 'expected a FHIR Bundle')
    return { study: { registryId: '', title: '', subjects: [] }, issues }
  }
  const resources = arr(b.entry).map((e, i) => ({ i, r: obj(obj(e)?.resource), fullUrl: str(obj(e)?.fullUrl) }))
  const patients = new Map<string, ExchangeSubject>()
  let registryId = ''
  let title = ''
  const loincToCode = new Map(Object.entries(LAB_LOINC).map(([k, v]) => [v.loinc, k]))
  for (const { i, r, fullUrl } of resources) {
    if (!r) continue
    if (r.resourceType === 'ResearchStudy') {
      const nct = arr(r.identifier).map(obj).find((id) => NCT_SYSTEMS.includes(str(id?.system) ?? '') && /^NCT\d{8}$/.test(str(id?.value) ?? ''))
      registryId = str(nct?.value) ?? registryId
      title = str(r.title) ?? title
    }
    if (r.resourceType === 'Patient') {
      const usubjid = str(arr(r.identifier).map(obj).find((id) => id?.system === FHIR_SYSTEMS.usubjid)?.value)
      if (!usubjid) {
        issue(['entry', i], 'no_usubjid', `Patient ${String(r.id)}: no identifier with system ${FHIR_SYSTEMS.usubjid}`)
        continue
      }
      const gender = str(r.gender)
      const subject: ExchangeSubject = {
        usubjid, siteId: '', age: null, armCode: null, infusionDate: null, labs: [], adverseEvents: [],
        sex: gender === 'male' ? 'M' : gender === 'female' ? 'F' : gender === 'other' ? 'UNDIFFERENTIATED' : 'U',
      }
      patients.set(`Patient/${String(r.id)}`, subject)
      // R4 Bundle reference resolution: a reference may also be the entry's fullUrl (absolute URL or urn:uuid)
      if (fullUrl) patients.set(fullUrl, subject)
    }
  }
  for (const { i, r } of resources) {
    if (!r) continue
    const who = patients.get(str(obj(r.subject ?? r.individual)?.reference) ?? '')
    if (r.resourceType === 'ResearchSubject' && who) {
      who.armCode = str(r.actualArm) ?? str(r.assignedArm)
      who.infusionDate = str(obj(r.period)?.start)?.slice(0, 10) ?? null
    }
    if (r.resourceType === 'Observation') {
      if (!who) {
        issue(['entry', i], 'unknown_subject', `Observation ${String(r.id)}: subject is not a Patient of the bundle`)
        continue
      }
      if (r.status === 'entered-in-error' || r.status === 'cancelled') continue
      const cs = codings(r.code)
      const testCode =
        cs.map((c) => (c.system === FHIR_SYSTEMS.loinc ? (loincToCode.get(str(c.code) ?? '') ?? own(LOINC_ALIASES, str(c.code) ?? '')) : c.system === FHIR_SYSTEMS.lbtestcd ? str(c.code) : undefined)).find((c) => c) ?? null
      if (!testCode) {
        issue(['entry', i, 'code'], 'unknown_code', `Observation ${String(r.id)}: no known LOINC or platform code`)
        continue
      }
      // R4 effective[x]: effectiveDateTime (LBDTC, §2), or the start of an effectivePeriod (the collection start,
      // as SDTM LBDTC); a full calendar date is required
      const period = r.effectiveDateTime === undefined ? obj(r.effectivePeriod) : null
      const when = period ? str(period.start) : str(r.effectiveDateTime)
      if (!when || !/^\d{4}-\d{2}-\d{2}(T|$)/.test(when) || !isIsoDate(when.slice(0, 10))) {
        issue(['entry', i, ...(period ? ['effectivePeriod', 'start'] : ['effectiveDateTime'])], 'no_date', `Observation ${String(r.id)}: effectiveDateTime (or effectivePeriod.start) with a full calendar date is required, got ${JSON.stringify(when)}`)
        continue
      }
      const q = obj(r.valueQuantity)
      let value = typeof q?.value === 'number' ? q.value : null
      if (testCode === 'PLAT') {
        const unit = str(q?.code)
        if (value === null || q?.system !== FHIR_SYSTEMS.ucum || (unit !== '10*9/L' && unit !== '10*3/uL')) {
          issue(['entry', i, 'valueQuantity'], 'platelet_unit', `Observation ${String(r.id)}: platelets need a UCUM 10*9/L or 10*3/uL quantity, got ${JSON.stringify(unit)}`)
          continue
        }
        value = q.value as number
      }
      const rr = obj(arr(r.referenceRange)[0])
      // hh:mm as SDTM writes it; seconds kept only when not :00 (the export writes hh:mm as hh:mm:00)
      const t = /T(\d{2}:\d{2})(?::(\d{2}))?/.exec(when)
      who.labs.push({
        // §2: the UCUM code is in .code, the display text in .unit; without a display text the code is the unit
        testCode, value, text: value !== null ? String(value) : (str(r.valueString) ?? ''), unit: testCode === 'PLAT' ? '10^9/L' : (str(q?.unit) ?? (q?.system === FHIR_SYSTEMS.ucum ? str(q.code) : null)),
        date: when.slice(0, 10), time: t ? (t[2] === undefined || t[2] === '00' ? t[1]! : `${t[1]!}:${t[2]}`) : null,
        refLow: typeof obj(rr?.low)?.value === 'number' ? (obj(rr?.low)!.value as number) : null,
        refHigh: typeof obj(rr?.high)?.value === 'number' ? (obj(rr?.high)!.value as number) : null,
      })
    }
    if (r.resourceType === 'AdverseEvent') {
      if (!who) {
        issue(['entry', i], 'unknown_subject', `AdverseEvent ${String(r.id)}: subject is not a Patient of the bundle`)
        continue
      }
      const gradeExt = arr(r.extension).map(obj).find((e) => e?.url === FHIR_SYSTEMS.aeGrade)
      const gradeCode = codings(gradeExt?.valueCodeableConcept).find((c) => c.system === FHIR_SYSTEMS.ncit)
      const date = str(r.date)
      const term = str(obj(r.event)?.text) ?? str(codings(r.event)[0]?.display)
      if (!date || !term) {
        issue(['entry', i], 'incomplete_ae', `AdverseEvent ${String(r.id)}: event text and date are required`)
        continue
      }
      const serious = codings(r.seriousness).some((c) => /^serious/i.test(str(c.code) ?? '') && !/^non-serious$/i.test(str(c.code) ?? ''))
      who.adverseEvents.push({
        term, grade: gradeCode ? (own(NCIT_GRADE, str(gradeCode.code) ?? '') ?? null) : null,
        gradingSystem: str(obj(gradeExt?.valueCodeableConcept)?.text), serious, startDate: date.slice(0, 10), endDate: null,
      })
    }
  }
  // a Patient is keyed by `Patient/<id>` and by its fullUrl: one subject each
  return { study: { registryId, title, subjects: [...new Set(patients.values())] }, issues }
}
