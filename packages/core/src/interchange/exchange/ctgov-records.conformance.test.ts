/**
 * The four trials' registry records (packages/protocols/ctgov/*.json) against the API v2 field reference of
 * /work/shared/interchange/ctgov-fhir-odm.md §1: paths, types, enumerations, formats and cross-references.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const DIR = new URL('../../../../protocols/ctgov/', import.meta.url)
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'))
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry JSON is read untyped
const records = files.map((f) => [f, JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Record<string, any>] as const)

const STATUS = ['ACTIVE_NOT_RECRUITING', 'COMPLETED', 'ENROLLING_BY_INVITATION', 'NOT_YET_RECRUITING', 'RECRUITING', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN', 'AVAILABLE', 'NO_LONGER_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING', 'WITHHELD', 'UNKNOWN']
const LOCATION_STATUS = ['ACTIVE_NOT_RECRUITING', 'COMPLETED', 'ENROLLING_BY_INVITATION', 'NOT_YET_RECRUITING', 'RECRUITING', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN', 'AVAILABLE']
const AGENCY = ['NIH', 'FED', 'OTHER_GOV', 'INDIV', 'INDUSTRY', 'NETWORK', 'AMBIG', 'OTHER', 'UNKNOWN']
const PHASE = ['NA', 'EARLY_PHASE1', 'PHASE1', 'PHASE2', 'PHASE3', 'PHASE4']
const ARM_TYPE = ['EXPERIMENTAL', 'ACTIVE_COMPARATOR', 'PLACEBO_COMPARATOR', 'SHAM_COMPARATOR', 'NO_INTERVENTION', 'OTHER']
const INTERVENTION_TYPE = ['BEHAVIORAL', 'BIOLOGICAL', 'COMBINATION_PRODUCT', 'DEVICE', 'DIAGNOSTIC_TEST', 'DIETARY_SUPPLEMENT', 'DRUG', 'GENETIC', 'PROCEDURE', 'RADIATION', 'OTHER']
/** "Type: Name" prefix of interventionNames for each InterventionType (API display names) */
const TYPE_PREFIX: Record<string, string> = { BEHAVIORAL: 'Behavioral', BIOLOGICAL: 'Biological', COMBINATION_PRODUCT: 'Combination Product', DEVICE: 'Device', DIAGNOSTIC_TEST: 'Diagnostic Test', DIETARY_SUPPLEMENT: 'Dietary Supplement', DRUG: 'Drug', GENETIC: 'Genetic', PROCEDURE: 'Procedure', RADIATION: 'Radiation', OTHER: 'Other' }
const AGE = /^\d+ (Year|Years|Month|Months|Week|Weeks|Day|Days|Hour|Hours|Minute|Minutes)$/
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/
const optIn = (v: unknown, values: readonly string[]) => v === undefined || values.includes(v as string)

describe.each(records)('ClinicalTrials.gov API v2 record %s (ctgov-fhir-odm.md §1)', (file, study) => {
  const ps = study.protocolSection
  it('§1 identificationModule and statusModule: NCT + 8 digits matching the file, Status enum, PartialDate with ACTUAL / ESTIMATED', () => {
    expect(ps.identificationModule.nctId).toMatch(/^NCT\d{8}$/)
    expect(`${String(ps.identificationModule.nctId)}.json`).toBe(file)
    expect(typeof ps.identificationModule.briefTitle).toBe('string')
    expect(STATUS).toContain(ps.statusModule.overallStatus)
    for (const k of ['startDateStruct', 'primaryCompletionDateStruct', 'completionDateStruct']) {
      const d = ps.statusModule[k]
      if (d === undefined) continue
      expect(d.date, k).toMatch(PARTIAL_DATE)
      expect(optIn(d.type, ['ACTUAL', 'ESTIMATED']), k).toBe(true)
    }
  })

  it('§1 sponsor, conditions, design: AgencyClass, studyType, Phase[], designInfo enums, integer enrollment', () => {
    expect(AGENCY).toContain(ps.sponsorCollaboratorsModule.leadSponsor.class)
    expect(ps.conditionsModule.conditions.every((c: unknown) => typeof c === 'string')).toBe(true)
    const dm = ps.designModule
    expect(['EXPANDED_ACCESS', 'INTERVENTIONAL', 'OBSERVATIONAL']).toContain(dm.studyType)
    for (const p of dm.phases ?? []) expect(PHASE).toContain(p)
    expect(optIn(dm.designInfo?.allocation, ['RANDOMIZED', 'NON_RANDOMIZED', 'NA'])).toBe(true)
    expect(optIn(dm.designInfo?.interventionModel, ['SINGLE_GROUP', 'PARALLEL', 'CROSSOVER', 'FACTORIAL', 'SEQUENTIAL'])).toBe(true)
    expect(optIn(dm.designInfo?.primaryPurpose, ['TREATMENT', 'PREVENTION', 'DIAGNOSTIC', 'ECT', 'SUPPORTIVE_CARE', 'SCREENING', 'HEALTH_SERVICES_RESEARCH', 'BASIC_SCIENCE', 'DEVICE_FEASIBILITY', 'OTHER'])).toBe(true)
    expect(optIn(dm.designInfo?.maskingInfo?.masking, ['NONE', 'SINGLE', 'DOUBLE', 'TRIPLE', 'QUADRUPLE'])).toBe(true)
    expect(Number.isInteger(dm.enrollmentInfo.count)).toBe(true)
    expect(optIn(dm.enrollmentInfo.type, ['ACTUAL', 'ESTIMATED'])).toBe(true)
  })

  it('§1 arms and interventions: enums, "Type: Name" interventionNames naming an intervention, armGroupLabels naming an arm', () => {
    const m = ps.armsInterventionsModule
    const labels = new Set(m.armGroups.map((a: { label: string }) => a.label))
    const names = new Set(m.interventions.map((i: { type: string; name: string }) => `${TYPE_PREFIX[i.type]}: ${i.name}`))
    for (const a of m.armGroups) {
      expect(ARM_TYPE).toContain(a.type)
      for (const n of a.interventionNames ?? []) expect(names.has(n), n).toBe(true)
    }
    for (const i of m.interventions) {
      expect(INTERVENTION_TYPE).toContain(i.type)
      for (const l of i.armGroupLabels ?? []) expect(labels.has(l), l).toBe(true)
    }
  })

  it('§1 outcomes, eligibility and locations: string outcome fields, Sex enum, age format, StandardAge enum, RecruitmentStatus', () => {
    for (const o of [...(ps.outcomesModule?.primaryOutcomes ?? []), ...(ps.outcomesModule?.secondaryOutcomes ?? [])])
      for (const k of ['measure', 'description', 'timeFrame']) expect(o[k] === undefined || typeof o[k] === 'string', k).toBe(true)
    const e = ps.eligibilityModule
    expect(typeof e.eligibilityCriteria).toBe('string')
    expect(e.eligibilityCriteria).toMatch(/^inclusion criteria:?$/im)
    expect(['FEMALE', 'MALE', 'ALL']).toContain(e.sex)
    for (const k of ['minimumAge', 'maximumAge']) if (e[k] !== undefined) expect(e[k]).toMatch(AGE)
    for (const a of e.stdAges ?? []) expect(['CHILD', 'ADULT', 'OLDER_ADULT']).toContain(a)
    if (e.healthyVolunteers !== undefined) expect(typeof e.healthyVolunteers).toBe('boolean')
    for (const l of ps.contactsLocationsModule?.locations ?? []) expect(optIn(l.status, LOCATION_STATUS)).toBe(true)
  })
})
