import type { Issue } from '../../result.js'
import type { ResponseInput, ResponseBleedingEvent, ResponseRescueEvent, RescueType } from '../../response/index.js'
import { SDTM_WHO_BLEEDING_SCALE, type SdtmCeRecord } from './ce.js'
import type { SdtmCmRecord } from './cm.js'
import type { SdtmDmRecord } from './dm.js'
import type { SdtmExRecord } from './ex.js'
import type { SdtmLbRecord } from './lb.js'
import type { SdtmLbValueColumns } from './lb-value-columns.js'
import { PlateletCountStore, plateletCountsOf, type PlateletCountColumns } from './platelet-count-store.js'
import { sdtmIssue } from './sdtm-issue.js'

/** CMSCAT of a RESCUE medication → the response engine's rescue type. */
export const RESCUE_TYPE_BY_CMSCAT: Readonly<Record<string, RescueType>> = {
  'PLATELET TRANSFUSION': 'PLATELET_TRANSFUSION',
  IVIG: 'IVIG',
  'HIGH DOSE CORTICOSTEROID': 'HIGH_DOSE_CORTICOSTEROID',
  'TPO-RA': 'TPO_RA',
  'OTHER RESCUE': 'OTHER_RESCUE',
}

/** CETOX of a bleeding event → the response engine's `bleedingScale` name (response-itp.md §3.2, default `WHO`). */
export const ENGINE_SCALE_BY_CETOX: Readonly<Record<string, string>> = { [SDTM_WHO_BLEEDING_SCALE]: 'WHO' }

/**
 * One subject's records. Its platelet counts live in the collector's `PlateletCountStore` (typed-array
 * columns), so 10 million counts are not 10 million objects; the engine's count objects are built per
 * subject on demand (`subjectAt`).
 */
interface SubjectAccumulator {
  /** position in dm.csv order (id in the count store) */
  id: number
  dm: SdtmDmRecord
  ldStartDate: string | null
  bleeding: ResponseBleedingEvent[]
  rescue: ResponseRescueEvent[]
  newTherapyStart: string | null
}

/** One subject ready for the response engine, with the DM facts ADaM needs. */
export interface SdtmResponseSubject {
  dm: SdtmDmRecord
  ldStartDate: string | null
  input: ResponseInput
}

/**
 * The engine inputs of a range of subjects as plain data and typed arrays (structured-cloneable, the count
 * columns transferable), for evaluating part of a cohort on a worker thread (see `sdtmResponseSubjectOf`).
 */
export interface SdtmResponseSubjectBatch {
  subjects: { dm: SdtmDmRecord; ldStartDate: string | null; bleeding: ResponseBleedingEvent[]; rescue: ResponseRescueEvent[]; newTherapyStart: string | null }[]
  counts: PlateletCountColumns
}

/** The `k`-th subject of `batch` as `ResponseInputCollector.subjectAt` builds it. */
export function sdtmResponseSubjectOf(batch: SdtmResponseSubjectBatch, k: number, dataCutoffDate: string | null): SdtmResponseSubject {
  const s = batch.subjects[k]
  if (s === undefined) throw new RangeError(`no subject at index ${k} (${batch.subjects.length} subjects)`)
  return responseSubject(s, plateletCountsOf(batch.counts, k), dataCutoffDate)
}

/** One subject's response input from its gathered records and platelet counts. */
function responseSubject(
  s: SdtmResponseSubjectBatch['subjects'][number],
  plateletCounts: ResponseInput['plateletCounts'],
  dataCutoffDate: string | null,
): SdtmResponseSubject {
  return {
    dm: s.dm,
    ldStartDate: s.ldStartDate,
    input: {
      infusionDate: s.dm.infusionDate,
      ldStartDate: s.ldStartDate,
      plateletCounts,
      bleedingEvents: s.bleeding,
      rescueEvents: s.rescue,
      newItpTherapyStartDate: s.newTherapyStart,
      dataCutoffDate,
    },
  }
}

/** Collects SDTM records subject by subject (records may come streamed, in any order). */
export interface ResponseInputCollector {
  addEx(rec: SdtmExRecord, file?: string): void
  addLb(rec: SdtmLbRecord, file?: string): void
  /**
   * `addLb` from the fields it uses, for readers that build no record object (the byte-level `lb.csv`
   * reader): `value` is the record's `value` (platelets ×10⁹/L).
   */
  addLbValue(line: number, usubjid: string, testCode: string, date: string, time: string | null, value: number | null, file?: string): void
  /**
   * `addLbValue` of every row of `columns` in order (rows read from a later part of the file, e.g. by a
   * worker thread), each row's line moved by `lineOffset` (the part's first line in the whole file minus
   * the line its reader gave it).
   */
  addLbColumns(columns: SdtmLbValueColumns, lineOffset: number, file?: string): void
  addCm(rec: SdtmCmRecord, file?: string): void
  addCe(rec: SdtmCeRecord, file?: string): void
  /** note a date seen anywhere in the data (for the default data cut-off) */
  seeDate(date: string | null): void
  /** cross-file problems: subjects missing from dm.csv, duplicate subjects */
  readonly issues: readonly Issue[]
  /** the latest date seen in any record (the default data cut-off), null when there is none */
  latestDate(): string | null
  /** the number of subjects (dm.csv rows, duplicates excluded) */
  readonly size: number
  /**
   * The engine input of the `index`-th subject in dm.csv order (0-based), built on each call, so a caller
   * can evaluate subject by subject without holding every count object at once.
   */
  subjectAt(index: number, dataCutoffDate: string | null): SdtmResponseSubject
  /** the subjects `from` .. `to - 1` (dm.csv order) as a batch for `sdtmResponseSubjectOf` */
  exportSubjects(from: number, to: number): SdtmResponseSubjectBatch
  /** the engine inputs in dm.csv order; `dataCutoffDate` set on every subject */
  subjects(dataCutoffDate: string | null): SdtmResponseSubject[]
}

/**
 * Adapter from SDTM records to the response engine's input (domain/response-itp.md §3.1):
 * - infusionDate = DM.RFXSTDTC (Day 0); ldStartDate = the first (earliest) EX LYMPHODEPLETION EXSTDTC;
 * - plateletCounts = LB `PLAT` rows (date, time, value ×10⁹/L);
 * - bleedingEvents = CE `BLEEDING` rows (CEENDTC empty = ongoing, null end date; CETOX `WHO BLEEDING SCALE` → scale `WHO`);
 * - rescueEvents = CM `RESCUE` rows typed by CMSCAT (empty CMENDTC = the start day);
 * - newItpTherapyStartDate = the first CMSTDTC of CM `NEW ITP THERAPY` rows.
 * Records of a subject that is not in dm.csv are errors; dates are interned so that millions of counts
 * share a few thousand date strings.
 *
 * Source: interchange/sdtm-adam.md "Input domains"; domain/response-itp.md §3.1, §3.4.
 *
 * @param dm the subjects of dm.csv (duplicates are reported, the first row wins)
 * @param dmFile file name used in issues
 */
export function createResponseInputCollector(dm: readonly SdtmDmRecord[], dmFile = 'dm.csv'): ResponseInputCollector {
  const issues: Issue[] = []
  const subjects = new Map<string, SubjectAccumulator>()
  const order: SubjectAccumulator[] = []
  const dateIds = new Map<string, number>()
  const dateList: string[] = []
  let latest: string | null = null
  /** the id of an interned date (a few thousand distinct dates serve millions of counts) */
  const dateId = (d: string): number => {
    const known = dateIds.get(d)
    if (known !== undefined) return known
    const id = dateList.length
    dateIds.set(d, id)
    dateList.push(d)
    if (latest === null || d > latest) latest = d
    return id
  }
  const intern = (d: string): string => dateList[dateId(d)] as string
  const seeDate = (d: string | null) => {
    if (d !== null) dateId(d)
  }
  for (const rec of dm) {
    const first = subjects.get(rec.usubjid)
    if (first) {
      issues.push(sdtmIssue(dmFile, rec.line, 'USUBJID', 'duplicate_subject', `subject ${JSON.stringify(rec.usubjid)} appears again (first on line ${first.dm.line})`))
      continue
    }
    seeDate(rec.infusionDate)
    // sdtm-adam.md "Output datasets": the default cut-off is the latest date in the data, a death date included (a
    // death after the last count must not fall after the cut-off and drop out of the report)
    seeDate(rec.deathDate)
    const acc: SubjectAccumulator = { id: order.length, dm: rec, ldStartDate: null, bleeding: [], rescue: [], newTherapyStart: null }
    subjects.set(rec.usubjid, acc)
    order.push(acc)
  }
  const counts = new PlateletCountStore(dateList, order.length)
  // rows of one subject usually come together: remember the last lookup
  let lastId: string | null = null
  let lastSubject: SubjectAccumulator | undefined
  const subject = (usubjid: string, line: number, file: string): SubjectAccumulator | undefined => {
    if (usubjid === lastId) return lastSubject
    const s = subjects.get(usubjid)
    if (!s) issues.push(sdtmIssue(file, line, 'USUBJID', 'unknown_subject', `subject ${JSON.stringify(usubjid)} is not in ${dmFile}`))
    else {
      lastId = usubjid
      lastSubject = s
    }
    return s
  }
  function addLbValue(line: number, usubjid: string, testCode: string, date: string, time: string | null, value: number | null, file = 'lb.csv'): void {
    const s = subject(usubjid, line, file)
    const id = dateId(date)
    if (s && testCode === 'PLAT' && value !== null) counts.add(s.id, id, time, value)
  }
  function addLbColumns(columns: SdtmLbValueColumns, lineOffset: number, file = 'lb.csv'): void {
    // the same issues, dates and counts as `addLbValue` row by row: subjects and dates are resolved once per
    // distinct text, an unknown subject is reported on each of its rows
    const known = columns.subjects.map((u) => subjects.get(u))
    const dateIdOf = Int32Array.from(columns.dates, dateId)
    const { line, subject: subjectCol, date, time, value, counted, times } = columns
    for (let i = 0; i < columns.n; i++) {
      const u = subjectCol[i] as number
      const s = known[u]
      if (!s) issues.push(sdtmIssue(file, (line[i] as number) + lineOffset, 'USUBJID', 'unknown_subject', `subject ${JSON.stringify(columns.subjects[u])} is not in ${dmFile}`))
      else if (counted[i] === 1) {
        const t = time[i] as number
        counts.add(s.id, dateIdOf[date[i] as number] as number, t < 0 ? null : (times[t] as string), value[i] as number)
      }
    }
  }
  const subjectAt = (index: number, dataCutoffDate: string | null): SdtmResponseSubject => {
    const s = order[index]
    if (s === undefined) throw new RangeError(`no subject at index ${index} (${order.length} subjects)`)
    return responseSubject(s, counts.countsOf(s.id), dataCutoffDate)
  }

  return {
    addEx(rec, file = 'ex.csv') {
      seeDate(rec.startDate)
      seeDate(rec.endDate)
      const s = subject(rec.usubjid, rec.line, file)
      if (s && rec.category === 'LYMPHODEPLETION' && (s.ldStartDate === null || rec.startDate < s.ldStartDate)) s.ldStartDate = intern(rec.startDate)
    },
    addLb(rec, file = 'lb.csv') {
      addLbValue(rec.line, rec.usubjid, rec.testCode, rec.date, rec.time, rec.value, file)
    },
    addLbValue,
    addLbColumns,
    addCm(rec, file = 'cm.csv') {
      seeDate(rec.startDate)
      seeDate(rec.endDate)
      const s = subject(rec.usubjid, rec.line, file)
      if (!s) return
      if (rec.category === 'RESCUE') {
        const type = RESCUE_TYPE_BY_CMSCAT[rec.subcategory ?? '']
        if (type) s.rescue.push({ type, startDate: rec.startDate, startTime: rec.startTime, endDate: rec.endDate })
      } else if (rec.category === 'NEW ITP THERAPY' && (s.newTherapyStart === null || rec.startDate < s.newTherapyStart)) {
        s.newTherapyStart = rec.startDate
      }
    },
    addCe(rec, file = 'ce.csv') {
      seeDate(rec.startDate)
      seeDate(rec.endDate)
      const s = subject(rec.usubjid, rec.line, file)
      // the engine names the scale as its `bleedingScale` parameter does (response-itp.md §3.1/§3.2: default
      // `WHO`), not as CETOX does, so that its input check (`parseResponseInput`) accepts these events
      if (s && rec.category === 'BLEEDING' && rec.grade !== null)
        s.bleeding.push({ startDate: rec.startDate, endDate: rec.endDate, scale: ENGINE_SCALE_BY_CETOX[rec.scale] ?? rec.scale, grade: rec.grade })
    },
    seeDate,
    get issues() {
      return issues
    },
    latestDate: () => latest,
    get size() {
      return order.length
    },
    subjectAt,
    exportSubjects(from, to) {
      if (!(0 <= from && from <= to && to <= order.length)) throw new RangeError(`no subjects ${from} .. ${to - 1} (${order.length} subjects)`)
      const subjectsOut = order.slice(from, to).map((s) => ({ dm: s.dm, ldStartDate: s.ldStartDate, bleeding: s.bleeding, rescue: s.rescue, newTherapyStart: s.newTherapyStart }))
      return { subjects: subjectsOut, counts: counts.exportRange(from, to) }
    },
    subjects: (dataCutoffDate) => order.map((_, i) => subjectAt(i, dataCutoffDate)),
  }
}
