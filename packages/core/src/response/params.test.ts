import { describe, it, expect } from 'vitest'
import {
  DEFAULT_RESPONSE_PARAMS,
  ResponseParamsOverrideSchema,
  ResponseParamsSchema,
  withResponseOverrides,
} from './params.js'

describe('ResponseParamsSchema (response-itp.md §3.2)', () => {
  it('fills every documented default', () => {
    expect(DEFAULT_RESPONSE_PARAMS).toEqual({
      rThreshold: 30,
      rComparator: '>=',
      doublingFactor: 2,
      doublingComparator: '>=',
      crThreshold: 100,
      crComparator: '>=',
      rLossThreshold: 30,
      crLossThreshold: 100,
      requireNoBleedingForR: true,
      requireNoBleedingForCR: true,
      bleedingScale: 'WHO',
      bleedingGradeThreshold: 2,
      bleedingMissingEndDate: 'ONGOING',
      bleedingCheckScope: 'COUNT_DATES',
      confirmMinGapDays: 7,
      lossMinGapDays: 1,
      evalStartDay: 14,
      evalEndDay: null,
      baselineAnchor: 'LD_START',
      baselineLookbackDays: 30,
      baselineExcludeRescueAffected: true,
      baselineSameDateTie: 'LATEST_TIME_ELSE_LOWEST_VALUE',
      sameDateUntimedPolicy: 'LOWEST_VALUE',
      indeterminateBreaksResponseRun: true,
      indeterminateBreaksLossPair: false,
      missingBaselinePolicy: 'R_NOT_EVALUABLE',
      rescueWindowDays: {
        PLATELET_TRANSFUSION: 7,
        IVIG: 14,
        HIGH_DOSE_CORTICOSTEROID: 14,
        TPO_RA: 14,
        OTHER_RESCUE: 14,
      },
      highDoseCorticosteroidDefinition: {
        prednisoneEquivalentMgPerKgPerDay: 1,
        dexamethasoneMgPerDay: 20,
        anyMethylprednisolonePulse: true,
        crsIcansCourseIsRescue: true,
      },
      newTherapyPolicy: 'CENSOR',
      corticosteroidDependenceRule: 'OFF',
      corticosteroidDependenceMinDays: 60,
      categoryNames: { CR: 'CR', R: 'R', NR: 'NR', NE: 'NE' },
      dataCutoffDate: null,
    })
  })

  it('fills missing rescue types with their defaults', () => {
    const p = ResponseParamsSchema.parse({ rescueWindowDays: { IVIG: 21 } })
    expect(p.rescueWindowDays).toEqual({ ...DEFAULT_RESPONSE_PARAMS.rescueWindowDays, IVIG: 21 })
  })

  it('rejects unknown keys and bad dates', () => {
    expect(ResponseParamsSchema.safeParse({ foo: 1 }).success).toBe(false)
    expect(ResponseParamsSchema.safeParse({ dataCutoffDate: '2025-02-30' }).success).toBe(false)
    expect(ResponseParamsSchema.safeParse({ rComparator: '<' }).success).toBe(false)
  })
})

describe('ResponseParamsOverrideSchema', () => {
  it('accepts a partial NCT06352281-like preset without filling defaults', () => {
    const o = ResponseParamsOverrideSchema.parse({ rComparator: '>', crComparator: '>' })
    expect(o).toEqual({ rComparator: '>', crComparator: '>' })
  })

  it('accepts the §3.4 / §3.5 / §3.9 protocol decisions and rejects values the doc does not name', () => {
    const o = {
      sameDateUntimedPolicy: 'KEEP_ALL',
      baselineSameDateTie: 'LOWEST_VALUE',
      indeterminateBreaksResponseRun: false,
      indeterminateBreaksLossPair: true,
    } as const
    expect(ResponseParamsOverrideSchema.parse(o)).toEqual(o)
    expect(withResponseOverrides(DEFAULT_RESPONSE_PARAMS, o)).toMatchObject(o)
    expect(ResponseParamsSchema.parse(o)).toMatchObject(o)
    expect(ResponseParamsOverrideSchema.safeParse({ sameDateUntimedPolicy: 'HIGHEST_VALUE' }).success).toBe(
      false,
    )
    expect(ResponseParamsSchema.safeParse({ baselineSameDateTie: 'EARLIEST_TIME' }).success).toBe(false)
  })

  it('names an unknown key in the issue', () => {
    const r = ResponseParamsOverrideSchema.safeParse({ rThresh: 30 })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('rThresh')
  })

  it('rejects an unknown nested rescue type', () => {
    const r = ResponseParamsOverrideSchema.safeParse({ rescueWindowDays: { PLASMA: 3 } })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('PLASMA')
  })

  it('merges nested overrides key by key', () => {
    const p = withResponseOverrides(DEFAULT_RESPONSE_PARAMS, {
      rescueWindowDays: { IVIG: 28 },
      categoryNames: { R: 'PR' },
    })
    expect(p.rescueWindowDays.PLATELET_TRANSFUSION).toBe(7)
    expect(p.rescueWindowDays.IVIG).toBe(28)
    expect(p.categoryNames).toEqual({ CR: 'CR', R: 'PR', NR: 'NR', NE: 'NE' })
  })
})
