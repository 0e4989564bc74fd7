/**
 * Screening profiles for the seed-protocol tests: one candidate per trial who meets every criterion
 * (with every attestation signed), to be varied one fact at a time by the tests.
 * Source: each ../<NCT>/protocol.json eligibility block.
 */
import type { ScreeningProfile } from '@celltrial/core'
import type { Protocol } from '@celltrial/core'

export const AS_OF = '2025-06-01'

/** Signed attestations (satisfied) for every attestation or needs-encoding criterion of `p`. */
export function attestAll(p: Protocol): ScreeningProfile['attestations'] {
  return p.eligibility
    .filter((c) => c.rule.kind !== 'computable')
    .map((c) => ({
      protocolId: p.identification.registryId,
      criterionId: c.id,
      satisfied: true,
      signedBy: 'Dr Investigator',
      signedOn: AS_OF,
    }))
}

const none = (...names: string[]) => Object.fromEntries(names.map((n) => [n, false]))

const REFRACTORY_THERAPIES: NonNullable<ScreeningProfile['therapies']> = [
  { class: 'corticosteroid', startDate: '2019-01-01', endDate: '2019-03-01', outcome: 'no-response' },
  { class: 'ivig', startDate: '2019-04-01', endDate: '2019-04-05', outcome: 'relapse' },
  { class: 'tpo-ra', startDate: '2020-01-01', endDate: '2022-01-01', outcome: 'no-response' },
  { class: 'rituximab', startDate: '2023-01-01', endDate: '2023-02-01', outcome: 'no-response' },
]

export function kunmingCandidate(p: Protocol): ScreeningProfile {
  return {
    subjectId: 'K-01',
    birthDate: '2010-03-01',
    sex: 'female',
    diagnosis: { type: 'primary-itp', date: '2018-01-01' },
    labs: [
      { test: 'platelets', value: 12, unit: '10^9/L', date: '2025-05-25' },
      { test: 'ALT', value: 20, unit: 'U/L', date: '2025-05-25', uln: 40 },
      { test: 'AST', value: 22, unit: 'U/L', date: '2025-05-25', uln: 40 },
      { test: 'creatinine', value: 0.5, unit: 'mg/dL', date: '2025-05-25', uln: 0.8 },
    ],
    therapies: REFRACTORY_THERAPIES,
    medications: [],
    findings: none(
      'secondaryThrombocytopeniaCause',
      'preventiveSplenectomy',
      'otherHemostaticDisorder',
      'plateletAgglutinationAbnormality',
      'concurrentMalignancy',
      'historyOfCancerChemotherapyOrRadiotherapy',
      'significantHeartDiseaseWithinOneYear',
      'thrombosisHistoryOrRisk',
      'seriousActiveInfection',
      'severeAllergyHistory',
      'pregnant',
      'lactating',
      'mentalIllnessOrAddiction',
    ),
    serology: ['HIV', 'HBsAg', 'anti-HBc', 'HCV-RNA'].map((test) => ({
      test,
      result: 'negative' as const,
      date: '2025-05-20',
    })),
    events: { otherTrialParticipation: null },
    attestations: attestAll(p),
  }
}

export function soochowCandidate(p: Protocol): ScreeningProfile {
  return {
    subjectId: 'S-01',
    birthDate: '1980-07-15',
    sex: 'male',
    diagnosis: { type: 'primary-itp', date: '2015-05-01' },
    labs: [],
    therapies: REFRACTORY_THERAPIES,
    findings: { itpConfirmedOnReassessment: true },
    serology: [],
    events: {},
    attestations: attestAll(p),
  }
}

export function pekingCandidate(p: Protocol): ScreeningProfile {
  return {
    subjectId: 'P-01',
    birthDate: '1990-10-10',
    sex: 'female',
    diagnosis: { type: 'sle-itp', date: '2020-02-01' },
    labs: [
      { test: 'platelets', value: 40, unit: '10^9/L', date: '2025-05-10' },
      { test: 'platelets', value: 35, unit: '10^3/uL', date: '2025-05-24' },
    ],
    therapies: [
      {
        class: 'methylprednisolone-pulse',
        startDate: '2023-06-01',
        endDate: '2023-06-03',
        outcome: 'relapse',
      },
      {
        class: 'immunosuppressant',
        name: 'mycophenolate',
        startDate: '2023-06-01',
        endDate: '2024-01-01',
        outcome: 'no-response',
      },
    ],
    findings: {
      sleClassificationCriteriaMet: true,
      peripheralSmearNoSignificantAbnormality: true,
      marrowConsistentWithItp: true,
    },
    serology: [],
    events: {},
    attestations: attestAll(p),
  }
}

export function changzhouCandidate(p: Protocol): ScreeningProfile {
  return {
    subjectId: 'C-01',
    birthDate: '1985-01-20',
    sex: 'male',
    diagnosis: { type: 'primary-itp', date: '2016-09-01' },
    labs: [
      { test: 'platelets', value: 20, unit: '10^9/L', date: '2025-05-12', lln: 125 },
      { test: 'platelets', value: 18, unit: '10^9/L', date: '2025-05-26', lln: 125 },
    ],
    therapies: REFRACTORY_THERAPIES,
    medications: [],
    findings: {
      peripheralSmearNoSignificantAbnormality: true,
      marrowMegakaryocytesWithImpairedMaturation: true,
      itpConfirmedOnReassessment: true,
      ...none(
        'splenomegaly',
        'secondaryThrombocytopeniaCause',
        'significantPericardialEffusion',
        'contraindicationToTrialDrugs',
        'severeAllergyHistory',
        'immunodeficiency',
        'heartFailureNyhaIIIorIV',
        'cnsDiseaseHistory',
        'severeHerpesInfectionHistory',
        'otherMalignancyNotCured',
        'nonItpThrombocytopenia',
      ),
    },
    ecog: 1,
    lvefPercent: 55,
    serology: [],
    events: { herpesOrVaricellaZosterInfection: null, otherTrialParticipation: null },
    attestations: attestAll(p),
  }
}
