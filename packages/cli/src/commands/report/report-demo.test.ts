/**
 * The report on the SYNTHETIC demo SDTM (packages/protocols/NCT06352281/demo-sdtm) reproduces every figure
 * of the seed abstract (shared/seeds/004_*.txt; domain/statistics.md §1-§2 for the displays).
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildStudyReport } from '@celltrial/core'
import { findProtocol } from '@celltrial/protocols'
import { readReportInputs } from './read-report-inputs.js'

const DIR = fileURLToPath(new URL('../../../../protocols/NCT06352281/demo-sdtm/', import.meta.url))

describe('report on the NCT06352281 demo SDTM', async () => {
  const { subjects, cutoff } = await readReportInputs(DIR, '2025-06-15')
  const report = buildStudyReport(subjects, { cutoff, protocol: findProtocol('NCT06352281')! })
  const all = report.groups.at(-1)!

  it('has one group per dose level and overall', () => {
    expect(report.groups.map((g) => [g.id, g.n])).toEqual([['DL1', 2], ['DL2', 2], ['overall', 4]])
  })

  it('reproduces the baseline characteristics', () => {
    const b = all.baseline
    expect([b.age!.median, b.age!.min, b.age!.max]).toEqual([12.5, 8, 25])
    expect(b.female.x).toBe(3)
    expect(b.female.percent).toBe(75)
    expect([b.baselinePlatelets!.median, b.baselinePlatelets!.min, b.baselinePlatelets!.max]).toEqual([9, 2, 24])
    expect([b.diseaseDurationYears!.median, b.diseaseDurationYears!.min, b.diseaseDurationYears!.max]).toEqual([7.5, 5, 20])
    expect([b.priorTherapies!.median, b.priorTherapies!.min, b.priorTherapies!.max]).toEqual([4, 3, 5])
    expect(b.gpAutoantibodyPositive.x).toBe(3)
    expect(b.priorTherapyClasses.filter((c) => c.count.x === 4).map((c) => c.therapyClass).sort()).toEqual(['GLUCOCORTICOID', 'IVIG', 'TPO-RA'])
  })

  it('reproduces exposure and follow-up', () => {
    expect(all.exposure.ldStandardSchedule.x).toBe(3)
    expect(all.exposure.cellDose!.min).toBe(150000)
    expect(all.exposure.cellDose!.max).toBe(300000)
    expect(Math.round(all.exposure.followUpMonths!.min)).toBe(2)
    expect(Math.round(all.exposure.followUpMonths!.max)).toBe(16)
  })

  it('reproduces the safety figures', () => {
    expect(all.safety.crs.byGrade[1].x).toBe(3)
    expect(all.safety.crs.any.x).toBe(3)
    expect(all.safety.icans.byGrade[3].x).toBe(2)
    expect(all.safety.icans.any.x).toBe(2)
    expect(all.safety.icans.corticosteroids.treatments).toEqual(['METHYLPREDNISOLONE'])
  })

  it('reproduces the efficacy figures', () => {
    const e = all.efficacy
    expect([e.orr.x, e.orr.n]).toEqual([3, 4])
    expect(e.orr.display).toBe('75.0 % (19.4–99.4)')
    expect(e.crRate.x).toBe(1)
    expect(e.bor.NR.x).toBe(1)
    expect(e.ttcr!.median).toBe(90)
    expect(e.dor.n).toBe(3)
    expect(e.newItpTherapy.ids).toEqual(['NCT06352281-SITE01-001'])
    expect(report.subjects[0]!.result.flags).toContain('NEW_THERAPY_CENSORED')
    // IVIG-independent: IVIG rescue until Day 69, none in the 90 days before daratumumab (Day 275)
    expect([e.ivigIndependent.x, e.ivigIndependent.n, e.ivigIndependenceDay!.median]).toEqual([1, 1, 70])
  })

  it('reproduces the correlatives', () => {
    const c = all.correlatives!
    expect(c.carExpansion.x).toBe(4)
    expect(c.carTmax!.median).toBe(10)
    expect(c.bCellElimination.x).toBe(4)
    expect(c.sustainedAplasia.x).toBe(3)
    expect(c.bCellRecovery.x).toBe(1)
    expect(c.bCellRecoveryDay!.median).toBe(28)
    expect([c.gpTurnedNegative.x, c.gpTurnedNegative.n]).toEqual([3, 3])
  })

  it('writes the abstract paragraph in English and Chinese', () => {
    expect(report.narrative.en).toContain('Three of four patients (75.0%; 95% CI 19.4–99.4) achieved an objective response')
    expect(report.narrative.en).toContain('The median age was 12.5 years (range, 8 to 25) and 75.0% of patients were women.')
    expect(report.narrative.en).toContain('Grade 1 CRS occurred in three patients; no grade 2 or higher CRS was observed.')
    expect(report.narrative.en).toContain('Grade 3 ICANS occurred in two patients, treated with high-dose methylprednisolone in two')
    expect(report.narrative['zh-CN']).toContain('4例患者中3例（75.0%；95% CI 19.4–99.4）达到客观缓解')
  })
})
