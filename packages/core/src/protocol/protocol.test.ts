/**
 * Protocol model: parse with every issue, JSON Schema, version diffs, amendments, renal bands, the
 * ClinicalTrials.gov text splitter and time-frame reader.
 * Source: protocol-schema.ts; ../shared/interchange/ctgov-fhir-odm.md §1.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import {
  checkAmendment,
  diffProtocolVersions,
  importCtgovStudy,
  parseProtocol,
  protocolJsonSchema,
  RenalAdjustmentSchema,
  readTimeFrame,
  splitEligibilityText,
  type Protocol,
} from './index.js'

const base = (): Protocol => {
  const r = parseProtocol(seed)
  if (!r.ok) throw new Error('seed invalid')
  return r.value
}

describe('parseProtocol', () => {
  it('reports every error with its path', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately breaking arbitrary fields of the JSON
    const bad = structuredClone(seed) as Record<string, any>
    bad.identification.registryId = 'NCT123'
    bad.arms[0].doseLevels[1].dose.cellsPerKg = -1
    bad.eligibility[4].rule.expr.cmp = '=<'
    const r = parseProtocol(bad)
    expect(r.ok).toBe(false)
    expect(r.issues?.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining([
        'identification.registryId',
        'arms.0.doseLevels.1.dose.cellsPerKg',
        'eligibility.4.rule.expr.cmp',
      ]),
    )
  })
  it('rejects unknown keys, duplicate criterion ids and unknown response parameters', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately breaking arbitrary fields of the JSON
    const bad = structuredClone(seed) as Record<string, any>
    bad.extra = 1
    bad.eligibility[1].id = 'INC-1'
    bad.endpoints.responseSources.rThresh = [{ ref: 'x' }]
    const paths = parseProtocol(bad).issues?.map((i) => i.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining(['', 'eligibility.1.id', 'endpoints.responseSources.rThresh']),
    )
  })
  it('round-trips through JSON for any lab lookback and version', () => {
    fc.assert(
      fc.property(fc.nat(365), fc.tuple(fc.nat(20), fc.nat(20)), (lookback, [a, b]) => {
        const p = {
          ...base(),
          screening: { ...base().screening, labLookbackDays: lookback },
          version: { ...base().version, number: `${a}.${b}` },
        }
        expect(parseProtocol(JSON.parse(JSON.stringify(p))).value).toEqual(p)
      }),
      { numRuns: 25 },
    )
  })
})

describe('protocolJsonSchema', () => {
  it('describes the authored (input) shape', () => {
    const s = protocolJsonSchema() as {
      required: string[]
      properties: Record<string, unknown>
      title: string
    }
    expect(s.title).toBe('CellTrial protocol')
    expect(s.required).toEqual(expect.arrayContaining(['identification', 'eligibility', 'endpoints']))
    expect(s.required).not.toContain('reviewList')
    expect(JSON.stringify(s)).toContain('concomitantUse')
  })
})

describe('diffProtocolVersions and checkAmendment', () => {
  const amend = (): Protocol => {
    const v2 = structuredClone(base())
    v2.version = {
      ...v2.version,
      number: '1.1',
      effectiveDate: '2025-09-01',
      supersedes: '1.0',
      summary: 'Amendment 1',
    }
    v2.screening.labLookbackDays = 14
    const plt = v2.eligibility.find((c) => c.id === 'INC-5')
    if (plt?.rule.kind === 'computable' && plt.rule.expr.op === 'lab') plt.rule.expr.value = 20
    v2.eligibility.splice(1, 0, { ...v2.eligibility[0]!, id: 'INC-0' })
    return v2
  }
  it('lists changed paths with old and new values, matching criteria by id', () => {
    const changes = diffProtocolVersions(base(), amend())
    expect(changes).toContainEqual({ path: ['screening', 'labLookbackDays'], old: 28, new: 14 })
    expect(changes).toContainEqual({
      path: ['eligibility', 'id=INC-5', 'rule', 'expr', 'value'],
      old: 30,
      new: 20,
    })
    expect(changes.some((c) => c.path[1] === 'id=INC-0' && c.old === undefined)).toBe(true)
    expect(changes.some((c) => c.path[1] === 'id=INC-2')).toBe(false)
  })
  it('is empty for identical versions', () => expect(diffProtocolVersions(base(), base())).toEqual([]))
  it('accepts a proper amendment and rejects one that does not move forward', () => {
    expect(checkAmendment(base(), amend()).ok).toBe(true)
    const stale = {
      ...amend(),
      version: { ...amend().version, number: '0.9', effectiveDate: '2025-01-01', supersedes: '0.8' },
    }
    expect(checkAmendment(base(), stale).issues?.map((i) => i.code)).toEqual([
      'supersedes_mismatch',
      'version_not_increased',
      'effective_date_before_previous',
    ])
  })
  it('accepts an amendment effective on the same day as the version it amends, not a day before', () => {
    const sameDay = { ...amend(), version: { ...amend().version, effectiveDate: base().version.effectiveDate } }
    expect(checkAmendment(base(), sameDay).ok).toBe(true)
    const dayBefore = { ...amend(), version: { ...amend().version, effectiveDate: '2025-06-19' } }
    expect(checkAmendment(base(), dayBefore).issues?.map((i) => i.path.join('.'))).toEqual(['version.effectiveDate'])
  })
})

describe('RenalAdjustmentSchema', () => {
  const rule = (bands: unknown) => ({ bands, sources: [{ ref: 'x' }] })
  it('requires contiguous bands ending open', () => {
    expect(
      RenalAdjustmentSchema.safeParse(
        rule([
          { min: 0, max: 30, factor: null },
          { min: 30, max: null, factor: 1 },
        ]),
      ).success,
    ).toBe(true)
    expect(
      RenalAdjustmentSchema.safeParse(
        rule([
          { min: 0, max: 30, factor: null },
          { min: 40, max: null, factor: 1 },
        ]),
      ).success,
    ).toBe(false)
    expect(RenalAdjustmentSchema.safeParse(rule([{ min: 0, max: 30, factor: null }])).success).toBe(false)
  })
})

describe('ClinicalTrials.gov import helpers', () => {
  it('splits the documented layout, appends continuation lines and keeps unplaced text', () => {
    const text =
      'Preamble\n\nInclusion Criteria:\n\n* Primary ITP\n  for at least 12 months\n1. ECOG 0-1.\n\nFor the paediatric cohort:\n* Age 8-17\n\nExclusion Criteria:\n\n- Active infection'
    expect(splitEligibilityText(text)).toEqual({
      inclusion: ['Primary ITP for at least 12 months', 'ECOG 0-1.'],
      exclusion: ['Active infection'],
      review: ['Preamble', 'unrecognised heading: For the paediatric cohort:', '* Age 8-17'],
    })
  })
  it.each([
    ['Up to 28 days post-infusion', 0, 28],
    ['6-months', 0, 182],
    ['Up to 24 months post-infusion', 0, 730],
    ['Week 12', 0, 84],
    ['At least 2 weeks after infusion', 14, null],
    ['4 years', 0, 1461],
  ])('reads %j', (text, start, end) =>
    expect(readTimeFrame(text)).toMatchObject({ startDay: start, endDay: end, understood: true }),
  )
  it('imports the doc example study and reports a bad record with paths', () => {
    const study = {
      protocolSection: {
        identificationModule: {
          nctId: 'NCT99999901',
          briefTitle: 'CD19 CAR-T Cells for Refractory Immune Thrombocytopenia (EXAMPLE-ITP)',
        },
        statusModule: { overallStatus: 'RECRUITING', startDateStruct: { date: '2025-03', type: 'ACTUAL' } },
        sponsorCollaboratorsModule: { leadSponsor: { name: 'Example University Hospital', class: 'OTHER' } },
        designModule: {
          studyType: 'INTERVENTIONAL',
          phases: ['EARLY_PHASE1'],
          enrollmentInfo: { count: 12, type: 'ESTIMATED' },
        },
        outcomesModule: {
          primaryOutcomes: [
            { measure: 'Incidence of dose-limiting toxicities', timeFrame: 'Day 0 to Day 28' },
          ],
        },
        eligibilityModule: {
          eligibilityCriteria:
            'Inclusion Criteria:\n\n* Primary ITP for at least 12 months\n\nExclusion Criteria:\n\n* Secondary thrombocytopenia',
          sex: 'ALL',
          minimumAge: '18 Years',
          maximumAge: '70 Years',
        },
      },
    }
    const r = importCtgovStudy(study, { asOf: '2025-11-21' })
    expect(r.value?.eligibility.map((c) => [c.id, c.rule.kind])).toEqual([
      ['AGE', 'computable'],
      ['INC-1', 'needs-encoding'],
      ['EXC-1', 'needs-encoding'],
    ])
    expect(r.value?.endpoints.measures[0]?.window).toEqual({ startDay: 0, endDay: 28 })
    expect(r.value?.identification.targetAntigen).toBe('CD19')
    const bad = importCtgovStudy(
      { protocolSection: { ...study.protocolSection, statusModule: { overallStatus: 'OPEN' } } },
      { asOf: '2025-11-21' },
    )
    expect(bad.issues?.[0]?.path).toEqual(['protocolSection', 'statusModule', 'overallStatus'])
  })
})
