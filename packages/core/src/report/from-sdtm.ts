/**
 * SDTM records -> report inputs. Source: interchange/sdtm-adam.md "Input domains" (RFXSTDTC = Day 0; EX
 * LYMPHODEPLETION / CELL THERAPY; LB CARCN copies/ug gDNA, CD19 cells/uL; CM RESCUE / NEW ITP THERAPY; AE with
 * AETOX `ASTCT 2019` for CRS / ICANS). Sponsor conventions beyond that page (packages/protocols/NCT06352281/
 * demo-sdtm/README.md): prior therapies = CM CMSCAT `PRIOR ITP THERAPY`; diagnosis = CE CECAT `ITP DIAGNOSIS`;
 * platelet GP autoantibodies = LB `GPAB` with LBORRES POSITIVE / NEGATIVE; serum immunoglobulins = LB `IGG` / `IGA` /
 * `IGM` (interchange/ctgov-fhir-odm.md LOINC / UCUM table, mg/dL), the analysis value in its unit and LBORNRLO in
 * LBORRESU, both converted to g/L.
 */
import { protocolDay } from '../dates/index.js'
import {
  RESCUE_TYPE_BY_CMSCAT,
  type SdtmAeRecord,
  type SdtmCeRecord,
  type SdtmCmRecord,
  type SdtmExRecord,
  type SdtmLbRecord,
  type SdtmResponseSubject,
} from '../interchange/sdtm/index.js'
import { IMMUNOGLOBULIN_TESTS, toGramsPerLitre } from './immunoglobulins.js'
import type { StudyReportSubjectInput } from './types.js'

/** The SDTM records a report reads beyond the response inputs. */
export interface ReportSdtmRecords {
  ex: readonly SdtmExRecord[]
  lb: readonly SdtmLbRecord[]
  cm: readonly SdtmCmRecord[]
  ce: readonly SdtmCeRecord[]
  ae: readonly SdtmAeRecord[]
  /** false when ae.csv was absent: adverse events not collected (default true) */
  aeCollected?: boolean
}

function groupBy<T extends { usubjid: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const list = m.get(r.usubjid)
    if (list) list.push(r)
    else m.set(r.usubjid, [r])
  }
  return m
}

/**
 * Build the report inputs of every subject from the response collector's subjects and the other records.
 * @param subjects `collector.subjects(cutoff)` (dm.csv order)
 * @param records the EX, LB (non-platelet), CM, CE and AE records
 * @example studyReportSubjectsFromSdtm(collector.subjects('2025-06-15'), records)[0].ldDays // [-5, -4, -3]
 */
export function studyReportSubjectsFromSdtm(subjects: readonly SdtmResponseSubject[], records: ReportSdtmRecords): StudyReportSubjectInput[] {
  const ex = groupBy(records.ex)
  const lb = groupBy(records.lb)
  const cm = groupBy(records.cm)
  const ce = groupBy(records.ce)
  const ae = groupBy(records.ae)
  return subjects.map(({ dm, input }) => {
    const day = (d: string) => protocolDay(d, dm.infusionDate)
    const exs = ex.get(dm.usubjid) ?? []
    const ld = exs.filter((e) => e.category === 'LYMPHODEPLETION')
    const cell = exs.find((e) => e.category === 'CELL THERAPY') ?? null
    const labs = lb.get(dm.usubjid) ?? []
    const meds = cm.get(dm.usubjid) ?? []
    const prior = meds.filter((m) => m.category === 'CONCOMITANT' && m.subcategory === 'PRIOR ITP THERAPY').map((m) => m.treatment)
    const diagnosis = (ce.get(dm.usubjid) ?? []).filter((c) => c.category === 'ITP DIAGNOSIS').map((c) => c.startDate).sort()[0] ?? null
    const num = (code: string) =>
      labs.filter((l) => l.testCode === code && l.value !== null).map((l) => ({ day: day(l.date), value: l.value! })).sort((a, b) => a.day - b.day)
    return {
      usubjid: dm.usubjid,
      siteId: dm.siteId,
      age: dm.age,
      sex: dm.sex,
      doseLevel: dm.armCode ?? dm.arm,
      response: input,
      ...(dm.deathDate === null ? {} : { deathDate: dm.deathDate }),
      itpDiagnosisDate: diagnosis,
      priorTherapies: prior.length > 0 ? [...new Set(prior)] : null,
      ldDays: [...new Set(ld.map((e) => day(e.startDate)))].sort((a, b) => a - b),
      ldAgents: [...new Set(ld.map((e) => e.treatment))],
      cellDose: cell?.dose ?? null,
      cellDoseUnit: cell?.doseUnit ?? null,
      adverseEvents: records.aeCollected === false ? null : (ae.get(dm.usubjid) ?? []).map((a) => ({
        term: a.decodedTerm,
        // AEBODSYS when the file has it (read optionally: the SDTM reader carries it as `bodySystem`)
        soc: (a as { bodySystem?: string | null }).bodySystem ?? null,
        grade: a.grade,
        gradingSystem: a.gradingSystem,
        serious: a.serious,
        startDay: day(a.startDate),
        endDay: a.endDate === null ? null : day(a.endDate),
      })),
      medications: meds
        .filter((m) => m.category === 'RESCUE' || m.category === 'NEW ITP THERAPY')
        .map((m) => ({
          treatment: m.treatment,
          kind: m.category === 'NEW ITP THERAPY' ? ('NEW_ITP_THERAPY' as const) : (RESCUE_TYPE_BY_CMSCAT[m.subcategory ?? ''] ?? 'OTHER_RESCUE'),
          startDay: day(m.startDate),
          endDay: day(m.endDate ?? m.startDate),
        })),
      carSamples: num('CARCN').map((s) => ({ day: s.day, level: s.value })),
      bCellSamples: num('CD19').map((s) => ({ day: s.day, perUl: s.value })),
      gpAntibody: labs
        .filter((l) => l.testCode === 'GPAB' && /^(POSITIVE|NEGATIVE)$/i.test(l.result))
        .map((l) => ({ day: day(l.date), positive: /^POSITIVE$/i.test(l.result) }))
        .sort((a, b) => a.day - b.day),
      ...immunoglobulins(labs, day),
    }
  })
}

/** LB IGG / IGA / IGM in g/L (the LLN converted from LBORRESU); absent when the subject has none. */
function immunoglobulins(labs: readonly SdtmLbRecord[], day: (d: string) => number): Pick<StudyReportSubjectInput, 'immunoglobulins'> {
  const out: NonNullable<StudyReportSubjectInput['immunoglobulins']> = []
  for (const l of labs) {
    const test = IMMUNOGLOBULIN_TESTS.find((t) => t === l.testCode)
    const value = test && l.value !== null && l.valueUnit !== null ? toGramsPerLitre(l.value, l.valueUnit) : null
    if (test === undefined || value === null) continue
    out.push({ test, day: day(l.date), value, unit: 'g/L', refLow: l.refLow === null ? null : toGramsPerLitre(l.refLow, l.unit) })
  }
  return out.length > 0 ? { immunoglobulins: out.sort((a, b) => a.day - b.day) } : {}
}
