import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import type { SdtmLbRecord, SdtmResponseSubject } from '../interchange/sdtm/index.js'
import { parseProtocol } from '../protocol/index.js'
import { buildStudyReport } from './build-study-report.js'
import { REPORT_FIXTURE } from './fixtures/report-fixture.js'
import { studyReportSubjectsFromSdtm } from './from-sdtm.js'
import { immunoglobulinSeries, toGramsPerLitre } from './immunoglobulins.js'
import { renderReportHtml } from './render-html.js'
import { reportTables } from './tables.js'
import type { StudyReportSubjectInput } from './types.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value

type Ig = NonNullable<StudyReportSubjectInput['immunoglobulins']>[number]
const ig = (test: Ig['test'], day: number, value: number, unit: string, refLow: number | null): Ig => ({ test, day, value, unit, refLow })
// Hand-computed cohort (g/L after conversion):
// S1 (DL1) IgG mg/dL: baseline = last on/before Day 0 = 850 -> 8.5; nadir 500 -> 5.0 < LLN 700 -> 7.0 (below).
//          IgM g/L: baseline 1.0 (Day 0 counts as baseline); nadir 0.3 < 0.4 (below).
// S2 (DL1) IgG g/L: baseline 10, nadir 8 >= 7 (not below); a Day 5 sample in an unknown unit is ignored.
// S3 (DL2) IgG g/L: no baseline; nadir 6.0 with no LLN -> outside the below-LLN denominator.
// S4 (DL2): no immunoglobulins.
const IG: Record<string, Ig[]> = {
  S1: [ig('IGG', -10, 900, 'mg/dL', 700), ig('IGG', -1, 850, 'mg/dL', 700), ig('IGG', 30, 600, 'mg/dL', 700), ig('IGG', 60, 500, 'mg/dL', 700), ig('IGM', 0, 1.0, 'g/L', 0.4), ig('IGM', 14, 0.3, 'g/L', 0.4)],
  S2: [ig('IGG', -3, 10, 'g/L', 7), ig('IGG', 5, 1, 'U/mL', null), ig('IGG', 28, 8, 'g/L', 7)],
  S3: [ig('IGG', 21, 6, 'g/L', null), ig('IGG', 90, 7.5, 'g/L', null)],
}
const cohort = REPORT_FIXTURE.map((s) => (IG[s.usubjid] ? { ...s, immunoglobulins: IG[s.usubjid] } : s))
const report = buildStudyReport(cohort, { cutoff: '2024-06-30', protocol })
const [dl1, dl2, all] = report.groups as [(typeof report.groups)[number], (typeof report.groups)[number], (typeof report.groups)[number]]

describe('immunoglobulins in the report correlatives', () => {
  it('converts mg/dL to g/L (1 g/L = 100 mg/dL) and rejects unknown units', () => {
    expect(toGramsPerLitre(850, 'mg/dL')).toBe(8.5)
    expect(toGramsPerLitre(8.5, 'g/L')).toBe(8.5)
    expect(toGramsPerLitre(1, 'U/mL')).toBeNull()
    expect(immunoglobulinSeries(IG.S1!).get('IGG')).toEqual({ baseline: 8.5, nadir: { value: 5, refLow: 7 } })
    expect(immunoglobulinSeries(IG.S2!).get('IGG')).toEqual({ baseline: 10, nadir: { value: 8, refLow: 7 } })
  })

  it('summarises baseline, nadir and nadir below the LLN per test, with the subject ids', () => {
    expect(all.correlatives!.immunoglobulins.map((x) => x.test)).toEqual(['IGG', 'IGM'])
    const igg = all.correlatives!.immunoglobulins[0]!
    expect(igg.baseline).toEqual({ n: 2, median: 9.25, min: 8.5, max: 10, ids: ['S1', 'S2'] })
    expect(igg.nadir).toEqual({ n: 3, median: 6, min: 5, max: 8, ids: ['S1', 'S2', 'S3'] })
    // S3 has no LLN: denominator S1, S2
    expect(igg.nadirBelowLln).toEqual({ x: 1, n: 2, percent: 50, ids: ['S1'] })
    const igm = all.correlatives!.immunoglobulins[1]!
    expect(igm).toMatchObject({ baseline: { n: 1, median: 1, ids: ['S1'] }, nadir: { n: 1, median: 0.3, ids: ['S1'] }, nadirBelowLln: { x: 1, n: 1, ids: ['S1'] } })
  })

  it('reports each dose level on its own subjects and leaves out subjects without data', () => {
    expect(dl1.correlatives!.immunoglobulins.map((x) => x.test)).toEqual(['IGG', 'IGM'])
    const dl2Igg = dl2.correlatives!.immunoglobulins
    expect(dl2Igg).toEqual([{ test: 'IGG', unit: 'g/L', baseline: null, nadir: { n: 1, median: 6, min: 6, max: 6, ids: ['S3'] }, nadirBelowLln: { x: 0, n: 0, percent: null, ids: [] } }])
  })

  it('adds an Immunoglobulins table in both languages, and none without data', () => {
    const table = reportTables(report, 'en').find((tb) => tb.id === 'immunoglobulins')!
    expect(table.title).toBe('Immunoglobulins')
    expect(table.rows.map((r) => r[0]!.text)).toEqual([
      'IgG with a baseline value, n',
      'IgG at baseline, g/L, median (range)',
      'IgG post-infusion nadir, g/L, median (range)',
      'IgG nadir below the laboratory lower limit of normal (of those with one), n (%)',
      'IgM with a baseline value, n',
      'IgM at baseline, g/L, median (range)',
      'IgM post-infusion nadir, g/L, median (range)',
      'IgM nadir below the laboratory lower limit of normal (of those with one), n (%)',
    ])
    // columns: label, DL1, DL2, overall
    expect(table.rows[0]!.slice(1).map((c) => c.text)).toEqual(['2', '–', '2'])
    expect(table.rows[1]![3]).toMatchObject({ text: '9.3 (8.5–10)', ids: ['S1', 'S2'] })
    // of those with a nadir and a limit: the column's n (DL1: 2) or a subset shown as x/n (overall: 2 of 3)
    expect(table.rows[3]!.slice(1).map((c) => c.text)).toEqual(['1 (50.0%)', '–', '1/2 (50.0%)'])
    expect(table.rows[3]![3]!.ids).toEqual(['S1'])
    expect(table.rows[7]!.slice(1).map((c) => c.text)).toEqual(['1/1 (100.0%)', '–', '1/1 (100.0%)'])
    expect(reportTables(report, 'zh-CN').find((tb) => tb.id === 'immunoglobulins')!.rows[2]![0]!.text).toBe('IgG输注后最低值（g/L），中位数（范围）')
    expect(renderReportHtml(report)).toContain('data-table="immunoglobulins"')
    expect(renderReportHtml(report, { lang: 'zh-CN' })).toContain('<h3 id="table-immunoglobulins">免疫球蛋白</h3>')

    const plain = buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol })
    expect(plain.groups.at(-1)!.correlatives!.immunoglobulins).toEqual([])
    expect(reportTables(plain, 'en').some((tb) => tb.id === 'immunoglobulins')).toBe(false)
    expect(renderReportHtml(plain)).not.toContain('immunoglobulins')
  })

  it('reads LB IGG / IGA / IGM from SDTM, the LLN converted from LBORRESU', () => {
    const lb = (testCode: string, date: string, value: number | null, valueUnit: string | null, unit: string, refLow: number | null): SdtmLbRecord => ({
      line: 1, studyId: 'X', usubjid: 'S1', testCode, result: String(value), unit, stdResult: null, stdUnit: null, value, valueUnit, date: date as SdtmLbRecord['date'], time: null, refLow, refHigh: null,
    })
    const subject = {
      dm: { line: 1, studyId: 'X', usubjid: 'S1', siteId: 'S01', age: 30, ageUnit: 'YEARS', sex: 'F', infusionDate: '2024-01-10', infusionTime: null, armCode: 'DL1', arm: null, deathDate: '2024-03-01' },
      ldStartDate: null,
      input: { infusionDate: '2024-01-10', ldStartDate: null, plateletCounts: [] },
    } as unknown as SdtmResponseSubject
    const [s] = studyReportSubjectsFromSdtm([subject], {
      ex: [], cm: [], ce: [], ae: [],
      lb: [lb('IGG', '2024-02-09', 5.5, 'g/L', 'mg/dL', 700), lb('IGG', '2024-01-08', 900, 'mg/dL', 'mg/dL', 700), lb('CD19', '2024-01-20', 0, 'cells/uL', 'cells/uL', null), lb('IGA', '2024-01-20', null, null, 'mg/dL', 70)],
    })
    expect(s!.immunoglobulins).toEqual([ig('IGG', -2, 9, 'g/L', 7), ig('IGG', 30, 5.5, 'g/L', 7)])
    // DM DTHDTC carried to the report (statistics.md §4.1 death marker)
    expect(s!.deathDate).toBe('2024-03-01')
    const [none] = studyReportSubjectsFromSdtm([subject], { ex: [], cm: [], ce: [], ae: [], lb: [] })
    expect(none!.immunoglobulins).toBeUndefined()
  })
})
