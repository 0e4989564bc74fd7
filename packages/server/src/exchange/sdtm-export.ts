/**
 * A study's captured data as SDTM-shaped CSV files (dm, ex, lb, cm, ce, ae), so data entered in the app can be
 * evaluated by any SDTM tool (issue 9 item 5), including `celltrial evaluate` / `celltrial report --sdtm`.
 *
 * Conventions: interchange/sdtm-adam.md "Input domains" (RFXSTDTC = infusion = Day 0; EX LYMPHODEPLETION /
 * CELL THERAPY; LB PLAT, CARCN, CD19; CM RESCUE / NEW ITP THERAPY / CONCOMITANT; CE BLEEDING on the WHO scale; AE with AETOX
 * `ASTCT 2019` for CRS / ICANS), and the sponsor conventions of packages/protocols/NCT06352281/demo-sdtm/README.md
 * (USUBJID = `<registry id>-<subject code>`; CE CECAT `ITP DIAGNOSIS`; LB `GPAB` POSITIVE / NEGATIVE).
 *
 * The content is what the results report reads (report/study-report-inputs.ts), plus every other lab result
 * of `lab_result` with its unit and reference range, and the concomitant medications of the medication forms
 * (CMCAT `CONCOMITANT`). Not exported: prior ITP therapies (the screening profile gives no start date, and
 * CMSTDTC is required).
 */
import type { Kysely } from 'kysely'
import {
  addDays,
  convertPlateletCount,
  formatAdamCsvDataset,
  MedicationFormSchema,
  RESCUE_TYPE_BY_CMSCAT,
  type AdamCsvValue,
  type Protocol,
  type StudyReportSubjectInput,
} from '@celltrial/core'
import type { Database } from '../db/schema.js'
import { AppError } from '../errors.js'
import { readStudyReportInputs } from '../report/study-report-inputs.js'
import type { ScopedRepo } from '../repo/scoped-repo.js'

type Row = Record<string, AdamCsvValue>

const VARIABLES = {
  dm: ['STUDYID', 'DOMAIN', 'USUBJID', 'SUBJID', 'SITEID', 'AGE', 'AGEU', 'SEX', 'ARMCD', 'ARM', 'RFXSTDTC', 'RFSTDTC', 'DTHDTC', 'DTHFL'],
  ex: ['STUDYID', 'DOMAIN', 'USUBJID', 'EXSEQ', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXSTDTC', 'EXENDTC'],
  lb: ['STUDYID', 'DOMAIN', 'USUBJID', 'LBSEQ', 'LBTESTCD', 'LBTEST', 'LBORRES', 'LBORRESU', 'LBORNRLO', 'LBORNRHI', 'LBDTC'],
  cm: ['STUDYID', 'DOMAIN', 'USUBJID', 'CMSEQ', 'CMTRT', 'CMCAT', 'CMSCAT', 'CMSTDTC', 'CMENDTC'],
  ce: ['STUDYID', 'DOMAIN', 'USUBJID', 'CESEQ', 'CETERM', 'CECAT', 'CETOX', 'CETOXGR', 'CESTDTC', 'CEENDTC'],
  ae: ['STUDYID', 'DOMAIN', 'USUBJID', 'AESEQ', 'AETERM', 'AEDECOD', 'AEBODSYS', 'AETOX', 'AETOXGR', 'AESER', 'AESTDTC', 'AEENDTC'],
} as const

/** LBTEST of the listed test codes (interchange/sdtm-adam.md, row `lb.csv`). */
const LB_TEST_NAMES: Readonly<Record<string, string>> = {
  PLAT: 'Platelets', WBC: 'Leukocytes', NEUT: 'Neutrophils', LYM: 'Lymphocytes', HGB: 'Hemoglobin', ALT: 'Alanine Aminotransferase',
  AST: 'Aspartate Aminotransferase', BILI: 'Bilirubin', CREAT: 'Creatinine', FIBRINO: 'Fibrinogen', IGG: 'Immunoglobulin G',
  IGA: 'Immunoglobulin A', IGM: 'Immunoglobulin M', CD19: 'CD19+ B cells', CARCN: 'CAR transgene copies', GPAB: 'Platelet glycoprotein autoantibody (ELISA)',
}

/** CMSCAT of a rescue type: the inverse of core's RESCUE_TYPE_BY_CMSCAT. */
const CMSCAT_BY_RESCUE_TYPE = new Map(Object.entries(RESCUE_TYPE_BY_CMSCAT).map(([cmscat, type]) => [type, cmscat]))

/** The LD agents the SDTM readers accept in EX LYMPHODEPLETION rows. */
const LD_AGENTS = new Set(['FLUDARABINE', 'CYCLOPHOSPHAMIDE'])

/**
 * Export the captured data of a study as SDTM CSV text, one file per domain.
 *
 * @param db the database (no access checks: the caller passes the subjects it may read)
 * @param studyId study id
 * @param options `subjectIds`: only these subjects; default every infused subject of the study
 * @returns file name (`dm.csv`, `ex.csv`, `lb.csv`, `cm.csv`, `ce.csv`, `ae.csv`) -> CSV text
 * @throws AppError not_found (study); conflict (stored protocol does not parse; data a required SDTM variable
 *   cannot be filled from, all listed as `USUBJID: domain VARIABLE: what is wrong`)
 */
export async function exportStudySdtm(db: Kysely<Database>, studyId: number, { subjectIds }: { subjectIds?: readonly number[] } = {}): Promise<Record<string, string>> {
  const read = await readStudyReportInputs(db, studyId, { subjectIds })
  const { product } = await db.selectFrom('study').select('product').where('id', '=', studyId).executeTakeFirstOrThrow()
  const codes = read.inputs.map((s) => s.usubjid)
  const ids = codes.length === 0 ? [] : await db.selectFrom('subject').select(['id', 'code']).where('study_id', '=', studyId).where('code', 'in', codes).execute()
  const labs =
    ids.length === 0
      ? []
      : await db
          .selectFrom('lab_result')
          .select(['subject_id', 'test_code', 'value', 'unit', 'ref_low', 'ref_high', 'collected_on'])
          .where('subject_id', 'in', ids.map((s) => s.id))
          .where('voided_at', 'is', null)
          // CD19 and CARCN come with the correlative forms' samples from the report inputs
          .where('test_code', 'not in', ['CD19', 'CARCN'])
          .orderBy('collected_on')
          .orderBy('id')
          .execute()
  const concomitant = await concomitantMedications(db, ids.map((s) => s.id))
  const idByCode = new Map(ids.map((s) => [s.code, s.id]))
  const problems: string[] = []
  const rows = { dm: [] as Row[], ex: [] as Row[], lb: [] as Row[], cm: [] as Row[], ce: [] as Row[], ae: [] as Row[] }
  for (const s of read.inputs) {
    const usubjid = `${read.registryId}-${s.usubjid}`
    const ctx: SubjectContext = { studyId: read.registryId, usubjid, date: (day: number) => addDays(s.response.infusionDate, day), problem: (m) => problems.push(`${usubjid}: ${m}`) }
    rows.dm.push(dmRow(ctx, s, read.protocol))
    rows.ex.push(...exRows(ctx, s, read.protocol, product))
    const subjectLabs = labs.filter((l) => l.subject_id === idByCode.get(s.usubjid))
    rows.lb.push(...lbRows(ctx, s, subjectLabs))
    rows.cm.push(...cmRows(ctx, s, concomitant.get(idByCode.get(s.usubjid) ?? -1) ?? []))
    rows.ce.push(...ceRows(ctx, s))
    rows.ae.push(...aeRows(ctx, s))
  }
  if (problems.length > 0) throw new AppError('conflict', `study ${studyId} (${read.registryId}) cannot be exported as SDTM: ${problems.length} problem(s):\n${problems.join('\n')}`)
  return Object.fromEntries((Object.keys(VARIABLES) as (keyof typeof VARIABLES)[]).map((d) => [`${d}.csv`, formatAdamCsvDataset<string>(VARIABLES[d], rows[d])]))
}

/**
 * The SDTM export over the subjects the caller may see (the results report's rule, routes/report.ts):
 * `study.read`, then `subject.read` per subject (ScopedRepo.listSubjects).
 */
export async function scopedStudySdtm(repo: ScopedRepo, studyId: number): Promise<{ files: Record<string, string> }> {
  const visible = await repo.listSubjects(studyId)
  return { files: await exportStudySdtm(repo.db, studyId, { subjectIds: visible.map((s) => s.id) }) }
}

interface SubjectContext {
  studyId: string
  usubjid: string
  /** the calendar date of a protocol day (Day 0 = infusion) */
  date(day: number): string
  problem(message: string): void
}

/** Common leading variables of a row, with the sequence number variable `--SEQ` of the domain. */
const head = (ctx: SubjectContext, domain: string, seq: number): Row => ({ STUDYID: ctx.studyId, DOMAIN: domain, USUBJID: ctx.usubjid, [`${domain}SEQ`]: seq })

/** DM: one row; RFXSTDTC = infusion (Day 0), RFSTDTC = LD start when given; ARMCD = dose level; DTHDTC / DTHFL from a recorded death. */
function dmRow(ctx: SubjectContext, s: StudyReportSubjectInput, protocol: Protocol): Row {
  if (s.age === null) ctx.problem('dm AGE: age not recorded (AGE is required)')
  const level = protocol.arms.flatMap((a) => a.doseLevels).find((l) => l.id === s.doseLevel)
  return {
    STUDYID: ctx.studyId, DOMAIN: 'DM', USUBJID: ctx.usubjid, SUBJID: s.usubjid, SITEID: s.siteId, AGE: s.age, AGEU: 'YEARS', SEX: s.sex,
    ARMCD: s.doseLevel, ARM: level?.label ?? null, RFXSTDTC: s.response.infusionDate, RFSTDTC: s.response.ldStartDate,
    DTHDTC: s.deathDate ?? null, DTHFL: s.deathDate ? 'Y' : null,
  }
}

/**
 * EX: each LD drug of the protocol on its own days, moved as the subject's LD days are (regimen-and-dosing.md
 * §4), at the protocol's mg/m2/day; then the cell infusion on Day 0 in cells/kg or cells when the dose level
 * states a dose, EXTRT the study's product (a level without one gives no CELL THERAPY row: DM RFXSTDTC still dates the infusion).
 */
function exRows(ctx: SubjectContext, s: StudyReportSubjectInput, protocol: Protocol, product: string): Row[] {
  const out: Row[] = []
  const drugs = (protocol.lymphodepletion?.drugs ?? []).filter((d) => s.ldAgents.includes(d.name.toUpperCase()))
  const first = Math.min(...drugs.flatMap((d) => d.days))
  const ld: { day: number; name: string; dose: number }[] = []
  if (s.ldDays !== null && s.ldDays.length > 0) {
    for (const d of drugs) {
      const name = d.name.toUpperCase()
      if (!LD_AGENTS.has(name)) ctx.problem(`ex EXTRT: lymphodepletion agent ${JSON.stringify(name)} is not FLUDARABINE or CYCLOPHOSPHAMIDE`)
      else if (d.doseMgPerM2PerDay === null) ctx.problem(`ex EXDOSE: the protocol gives no mg/m2/day dose of ${name}`)
      else for (const day of d.days) ld.push({ day: day - first + s.ldDays[0]!, name, dose: d.doseMgPerM2PerDay })
    }
  }
  ld.sort((a, b) => a.day - b.day)
  for (const e of ld) out.push({ ...head(ctx, 'EX', out.length + 1), EXTRT: e.name, EXCAT: 'LYMPHODEPLETION', EXDOSE: e.dose, EXDOSU: 'mg/m2', EXSTDTC: ctx.date(e.day), EXENDTC: ctx.date(e.day) })
  const dose = protocol.arms.flatMap((a) => a.doseLevels).find((l) => l.id === s.doseLevel)?.dose
  const cell = s.cellDose !== null ? { dose: s.cellDose, unit: s.cellDoseUnit ?? 'cells/kg' } : dose?.kind === 'flat' ? { dose: dose.cells, unit: 'cells' } : null
  if (cell)
    out.push({ ...head(ctx, 'EX', out.length + 1), EXTRT: product.toUpperCase(), EXCAT: 'CELL THERAPY', EXDOSE: cell.dose, EXDOSU: cell.unit, EXSTDTC: s.response.infusionDate, EXENDTC: s.response.infusionDate })
  return out
}

interface LabRow {
  test_code: string
  value: number
  unit: string
  ref_low: number | null
  ref_high: number | null
  collected_on: string
}

/** LB: every lab result of `lab_result` (platelets in a unit the readers convert), CAR copies, CD19+ B cells, GP autoantibodies. */
function lbRows(ctx: SubjectContext, s: StudyReportSubjectInput, labs: readonly LabRow[]): Row[] {
  const out: Row[] = []
  const add = (code: string, result: string | number, unit: string | null, lo: number | null, hi: number | null, date: string) =>
    out.push({ ...head(ctx, 'LB', out.length + 1), LBTESTCD: code, LBTEST: LB_TEST_NAMES[code] ?? code, LBORRES: result, LBORRESU: unit, LBORNRLO: lo, LBORNRHI: hi, LBDTC: date })
  for (const l of labs) {
    const value = Number(l.value)
    if (l.test_code === 'PLAT' && convertPlateletCount(value, l.unit) === null) ctx.problem(`lb LBORRESU: platelet count of ${l.collected_on} is in unit ${JSON.stringify(l.unit)}, which the SDTM conventions do not convert`)
    add(l.test_code, value, l.unit, l.ref_low === null ? null : Number(l.ref_low), l.ref_high === null ? null : Number(l.ref_high), l.collected_on)
  }
  for (const c of s.carSamples) add('CARCN', c.level, 'copies/ug gDNA', null, null, ctx.date(c.day))
  for (const b of s.bCellSamples) add('CD19', b.perUl, 'cells/uL', null, null, ctx.date(b.day))
  for (const g of s.gpAntibody) add('GPAB', g.positive ? 'POSITIVE' : 'NEGATIVE', null, null, null, ctx.date(g.day))
  return out
}

interface ConcomitantMedication {
  name: string
  start: string
  end: string | null
}

/** The concomitant medications (category CONCOMITANT) of the current medication forms, by subject, in entry order. */
async function concomitantMedications(db: Kysely<Database>, subjectIds: readonly number[]): Promise<Map<number, ConcomitantMedication[]>> {
  const out = new Map<number, ConcomitantMedication[]>()
  if (subjectIds.length === 0) return out
  const forms = await db
    .selectFrom('form_record')
    .select(['subject_id', 'data'])
    .where('subject_id', 'in', subjectIds)
    .where('form_type', '=', 'medication')
    .where('voided_at', 'is', null)
    .where('status', '<>', 'draft')
    .orderBy('id')
    .execute()
  for (const f of forms) {
    const m = MedicationFormSchema.safeParse(typeof f.data === 'string' ? JSON.parse(f.data) : f.data)
    if (!m.success || m.data.category !== 'CONCOMITANT') continue
    out.set(f.subject_id, [...(out.get(f.subject_id) ?? []), { name: m.data.name, start: m.data.start, end: m.data.end }])
  }
  return out
}

/**
 * CM: rescue courses (CMSCAT = rescue type) and new ITP therapy, as the response engine reads them, then the
 * concomitant medications (CMCAT `CONCOMITANT`, CMENDTC empty while ongoing), numbered on.
 */
function cmRows(ctx: SubjectContext, s: StudyReportSubjectInput, concomitant: readonly ConcomitantMedication[]): Row[] {
  const response = s.medications.map((m, i) => {
    const rescue = m.kind === 'NEW_ITP_THERAPY' ? null : CMSCAT_BY_RESCUE_TYPE.get(m.kind)
    if (rescue === undefined) ctx.problem(`cm CMSCAT: rescue type ${JSON.stringify(m.kind)} of ${m.treatment} has no SDTM subcategory`)
    return { ...head(ctx, 'CM', i + 1), CMTRT: m.treatment, CMCAT: rescue === null ? 'NEW ITP THERAPY' : 'RESCUE', CMSCAT: rescue ?? null, CMSTDTC: ctx.date(m.startDay), CMENDTC: ctx.date(m.endDay) }
  })
  const others = concomitant.map((m, i) => ({
    ...head(ctx, 'CM', response.length + i + 1), CMTRT: m.name.toUpperCase(), CMCAT: 'CONCOMITANT', CMSCAT: null, CMSTDTC: m.start, CMENDTC: m.end,
  }))
  return [...response, ...others]
}

/** CE: the ITP diagnosis (sponsor convention `ITP DIAGNOSIS`) and the WHO-graded bleeding events (CEENDTC empty = ongoing). */
function ceRows(ctx: SubjectContext, s: StudyReportSubjectInput): Row[] {
  const out: Row[] = []
  if (s.itpDiagnosisDate !== null)
    out.push({ ...head(ctx, 'CE', 1), CETERM: 'Primary immune thrombocytopenia', CECAT: 'ITP DIAGNOSIS', CETOX: 'NOT APPLICABLE', CETOXGR: 'NOT APPLICABLE', CESTDTC: s.itpDiagnosisDate, CEENDTC: null })
  for (const b of s.response.bleedingEvents ?? [])
    out.push({ ...head(ctx, 'CE', out.length + 1), CETERM: 'Bleeding', CECAT: 'BLEEDING', CETOX: 'WHO BLEEDING SCALE', CETOXGR: b.grade, CESTDTC: b.startDate, CEENDTC: b.endDate })
  return out
}

/** AE: the adverse events of the forms and the confirmed lab-derived AEs; CTCAE v5.0 or ASTCT 2019 grade. */
function aeRows(ctx: SubjectContext, s: StudyReportSubjectInput): Row[] {
  return (s.adverseEvents ?? []).map((e, i) => {
    if (e.grade === null) ctx.problem(`ae AETOXGR: adverse event ${JSON.stringify(e.term)} starting ${ctx.date(e.startDay)} has no grade`)
    return {
      ...head(ctx, 'AE', i + 1), AETERM: e.term, AEDECOD: e.term, AEBODSYS: e.soc, AETOX: e.gradingSystem, AETOXGR: e.grade, AESER: e.serious ? 'Y' : 'N',
      AESTDTC: ctx.date(e.startDay), AEENDTC: e.endDay === null ? null : ctx.date(e.endDay),
    }
  })
}
