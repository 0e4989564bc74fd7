import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { parseProtocol, type Protocol } from '../protocol/index.js'
import { REPORT_FIXTURE } from './fixtures/report-fixture.js'
import { buildStudyReport } from './build-study-report.js'
import { renderReportHtml } from './render-html.js'
import { completedYears } from './summaries.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value
const report = buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol })
const all = report.groups.at(-1)!

describe('buildStudyReport', () => {
  it('has one group per dose level of the protocol seen in the data, then overall', () => {
    expect(report.groups.map((g) => [g.id, g.ids])).toEqual([['DL1', ['S1', 'S2']], ['DL2', ['S3', 'S4']], ['overall', ['S1', 'S2', 'S3', 'S4']]])
  })

  it('computes ORR and CR rate with exact CIs over all infused, NE in the denominator (statistics.md §2)', () => {
    expect(all.efficacy.orr).toMatchObject({ x: 2, n: 4, ids: ['S1', 'S2'], display: '50.0 % (6.8–93.2)' })
    expect(all.efficacy.crRate).toMatchObject({ x: 1, ids: ['S2'], display: '25.0 % (0.6–80.6)' })
    expect(all.efficacy.bor.NE.ids).toEqual(['S4'])
    expect(all.efficacy.bor.NR.ids).toEqual(['S3'])
    expect(report.groups[0]!.efficacy.orr.display).toBe('100.0 % (15.8–100.0)')
  })

  it('fits DoR by Kaplan-Meier with the relapse as an event (statistics.md §3)', () => {
    expect(all.efficacy.dor).toMatchObject({ n: 2, events: 1, ids: ['S1', 'S2'], median: 46 })
    expect(all.efficacy.relapse).toMatchObject({ x: 1, n: 2, ids: ['S1'] })
    expect(all.efficacy.ttr).toMatchObject({ median: 14, ids: ['S1', 'S2'] })
  })

  it('records the KM CI transform: log-log by default, another on request (statistics.md §3.1 PROTOCOL DECISION)', () => {
    expect(report.methods.kmConfType).toBe('log-log')
    expect(all.efficacy.dor.fit?.confType).toBe('log-log')
    expect(buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol, kmConfType: 'log-log' }).groups.at(-1)!.efficacy.dor).toEqual(all.efficacy.dor)
    const withLog = buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol, kmConfType: 'log' })
    expect(withLog.methods.kmConfType).toBe('log')
    expect(withLog.groups.at(-1)!.efficacy.dor.fit?.confType).toBe('log')
    expect(withLog.groups.at(-1)!.efficacy.dor.median).toBe(46)
  })

  it('counts IVIG independence among the subjects given IVIG after infusion (response-itp.md §2 item 5)', () => {
    const ivig = (days: [number, number][]) => days.map(([startDay, endDay]) => ({ treatment: 'IVIG', kind: 'IVIG' as const, startDay, endDay }))
    const withIvig = REPORT_FIXTURE.map((s) =>
      s.usubjid === 'S1' ? { ...s, medications: ivig([[10, 11], [30, 31]]) } : s.usubjid === 'S2' ? { ...s, medications: ivig([[100, 101]]) } : s.usubjid === 'S3' ? { ...s, medications: ivig([[-3, -2]]) } : s,
    )
    const e = buildStudyReport(withIvig, { cutoff: '2024-06-30', protocol }).groups.at(-1)!.efficacy
    // follow-up to Day 172: S1 IVIG-free from Day 32 (140 days), S2 from Day 102 (70 days < 90); S3 only before infusion
    expect(e.ivigIndependent).toMatchObject({ x: 1, n: 2, ids: ['S1'] })
    expect(e.ivigIndependenceDay).toMatchObject({ median: 32, ids: ['S1'] })
    expect(buildStudyReport(withIvig, { cutoff: '2024-06-30', protocol, ivigFreeDays: 60 }).groups.at(-1)!.efficacy.ivigIndependent.ids).toEqual(['S1', 'S2'])
  })

  it('counts CRS / ICANS by worst grade with the steroid treatment (safety-grading.md §1-§2)', () => {
    expect(all.safety.crs.byGrade[2].ids).toEqual(['S1'])
    expect(all.safety.icans.grade3OrHigher.ids).toEqual(['S3'])
    expect(all.safety.icans.corticosteroids.treatments).toEqual(['METHYLPREDNISOLONE'])
    expect(all.safety.seriousAe.ids).toEqual(['S3'])
  })

  it('summarises correlatives (regimen-and-dosing.md §7-§8)', () => {
    const c = all.correlatives!
    expect(c.carTmax).toMatchObject({ median: 12, ids: ['S1', 'S2'] })
    expect(c.bCellRecoveryDay).toMatchObject({ median: 60, ids: ['S1'] })
    expect(c.gpTurnedNegative).toMatchObject({ x: 1, n: 1 })
  })

  it('takes the kinetics and B-cell aplasia settings from the protocol (regimen-and-dosing.md §7, §8 PROTOCOL DECISIONS)', () => {
    const withSettings = (kinetics: Partial<Protocol['endpoints']['kinetics']>, aplasia: Partial<Protocol['endpoints']['bCellAplasia']>) => {
      const p = structuredClone(protocol)
      p.endpoints.kinetics = { ...p.endpoints.kinetics, ...kinetics }
      p.endpoints.bCellAplasia = { ...p.endpoints.bCellAplasia, ...aplasia }
      return buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-06-30', protocol: p })
    }
    // defaults: 100 cells/µL on two consecutive samples, as before the settings existed
    expect(report.methods).toMatchObject({ bCellCutoffPerUl: 100, bCellConfirmations: 2 })
    expect(renderReportHtml(report)).toContain('B-cell aplasia below 100 cells/µL on two consecutive samples;')
    expect(renderReportHtml(report, { lang: 'zh-CN' })).toContain('B细胞缺乏定义为连续两次样本低于100个/µL；')
    // LLOQ 10 000 copies: S2 (8000, 1000) has no quantifiable level, S1 only Day 10
    const lloq = withSettings({ lloq: 10000 }, {}).groups.at(-1)!.correlatives!
    expect(lloq.carTmax).toMatchObject({ median: 10, ids: ['S1'] })
    // three confirming samples: S1's two below-cutoff samples (Days 7, 14) are no onset, so no recovery
    const three = withSettings({}, { confirmations: 3 })
    expect(three.groups.at(-1)!.correlatives!.bCellRecoveryDay?.ids ?? []).toEqual([])
    expect(renderReportHtml(three)).toContain('B-cell aplasia below 100 cells/µL on 3 consecutive samples;')
    // a cutoff of 130 cells/µL: Day 60 (120) is still below, so recovery needs Days 90 and a later sample
    expect(withSettings({}, { absoluteCutoffPerUl: 130 }).groups.at(-1)!.correlatives!.sustainedAplasia).toMatchObject({ x: 1, ids: ['S1'] })
    // a % cutoff only: the report's absolute counts cannot be classified, so aplasia is not derived
    const pct = withSettings({}, { absoluteCutoffPerUl: null })
    expect(pct.methods.bCellCutoffPerUl).toBeNull()
    expect(pct.groups.at(-1)!.correlatives!.sustainedAplasia.x).toBe(0)
    expect(renderReportHtml(pct)).toContain('B-cell aplasia not derived (the protocol sets no absolute CD19+ cutoff)')
  })

  it('writes the narrative from the numbers in both languages', () => {
    expect(report.narrative.en).toContain('Two of four patients (50.0%; 95% CI 6.8–93.2) achieved an objective response')
    expect(report.narrative.en).toContain('The median duration of response was 46 days')
    expect(report.narrative['zh-CN']).toContain('4例患者中2例（50.0%；95% CI 6.8–93.2）达到客观缓解')
  })

  it('gives one follow-up value when the shortest and longest round to the same month', () => {
    const one = buildStudyReport([REPORT_FIXTURE[0]!], { cutoff: '2024-06-30', protocol })
    expect(one.narrative.en).toMatch(/; follow-up was \d+ months?\./)
    expect(one.narrative.en).not.toMatch(/ranged from (\d+) to \1 /)
    expect(one.narrative['zh-CN']).toMatch(/，随访时间\d+个月/)
    expect(one.narrative['zh-CN']).not.toMatch(/随访时间(\d+)–\1个月/)
    // four patients whose follow-up all rounds to 6 months (the seed cohort's range "2 to 16" is in reference.test.ts)
    expect(report.narrative.en).toContain('; follow-up was 6 months.')
  })

  it('leaves out subjects infused after the cut-off and rejects bad input', () => {
    expect(buildStudyReport(REPORT_FIXTURE, { cutoff: '2024-01-09', protocol }).groups.at(-1)!.n).toBe(0)
    expect(() => buildStudyReport(REPORT_FIXTURE, { cutoff: '30/06/2024', protocol })).toThrow(RangeError)
    expect(() => buildStudyReport([REPORT_FIXTURE[0]!, REPORT_FIXTURE[0]!], { cutoff: '2024-06-30', protocol })).toThrow(/twice/)
  })

  it('counts completed calendar years', () => {
    expect(completedYears('2015-10-09', '2024-02-26')).toBe(8)
    expect(completedYears('2020-02-29', '2021-02-28')).toBe(0)
    expect(completedYears('2020-02-29', '2021-03-01')).toBe(1)
  })
})
