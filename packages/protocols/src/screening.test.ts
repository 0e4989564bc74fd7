/**
 * Screening cases for each seed trial (eligible, each kind of failure, missing data, attestation pending)
 * and cross-trial pre-screen ranking.
 * Source: each ../<NCT>/protocol.json; task brief (verdicts eligible / ineligible / incomplete).
 */
import { describe, expect, it } from 'vitest'
import { prescreen, screenSubject, type ScreeningProfile } from '@celltrial/core'
import type { Protocol } from '@celltrial/core'
import {
  AS_OF,
  changzhouCandidate,
  kunmingCandidate,
  pekingCandidate,
  soochowCandidate,
} from './screening-cases.js'
import { findProtocol, loadSeedProtocols } from './index.js'

const get = (id: string): Protocol => findProtocol(id) as Protocol
type Case = [
  name: string,
  change: (p: ScreeningProfile) => ScreeningProfile,
  verdict: string,
  detail: { unmet?: string[]; missing?: string[]; pending?: string[] },
]

function run(id: string, base: (p: Protocol) => ScreeningProfile, cases: Case[]) {
  const p = get(id)
  it.each(cases)(`${id}: %s`, (_name, change, verdict, detail) => {
    const r = screenSubject(change(base(p)), p, { asOf: AS_OF })
    expect(r.verdict).toBe(verdict)
    if (detail.unmet) expect(r.unmet).toEqual(detail.unmet)
    if (detail.missing) expect(r.missing).toEqual(detail.missing)
    if (detail.pending) expect(r.pendingAttestations).toEqual(detail.pending)
  })
}
const same = (x: ScreeningProfile) => x
const lab = (x: ScreeningProfile, test: string, patch: object) => ({
  ...x,
  labs: x.labs.map((l) => (l.test === test ? { ...l, ...patch } : l)),
})

describe('NCT06352281 (CD19 CAR-T, ages 8-75, platelets < 30)', () => {
  run('NCT06352281', kunmingCandidate, [
    ['eligible', same, 'eligible', { unmet: [], missing: [], pending: [] }],
    ['age 7 is below 8', (x) => ({ ...x, birthDate: '2017-06-02' }), 'ineligible', { unmet: ['INC-2'] }],
    ['age 8 on the birthday', (x) => ({ ...x, birthDate: '2017-06-01' }), 'eligible', {}],
    [
      'platelets exactly 30 are not < 30',
      (x) => lab(x, 'platelets', { value: 30 }),
      'ineligible',
      { unmet: ['INC-5'] },
    ],
    ['ALT 4 x ULN', (x) => lab(x, 'ALT', { value: 160 }), 'ineligible', { unmet: ['EXC-10'] }],
    ['ALT exactly 3 x ULN is not more than 3 x', (x) => lab(x, 'ALT', { value: 120 }), 'eligible', {}],
    [
      'aspirin 4 consecutive days within 2 weeks',
      (x) => ({
        ...x,
        medications: [
          { name: 'aspirin', class: 'antiplatelet', startDate: '2025-05-20', endDate: '2025-05-23' },
        ],
      }),
      'ineligible',
      { unmet: ['EXC-4'] },
    ],
    [
      'aspirin 3 consecutive days is allowed',
      (x) => ({
        ...x,
        medications: [
          { name: 'aspirin', class: 'antiplatelet', startDate: '2025-05-20', endDate: '2025-05-22' },
        ],
      }),
      'eligible',
      {},
    ],
    [
      'steroid dose changed 10 days ago',
      (x) => ({
        ...x,
        medications: [
          { name: 'prednisone', class: 'corticosteroid', startDate: '2025-05-22', endDate: null },
        ],
      }),
      'ineligible',
      { unmet: ['INC-6'] },
    ],
    [
      '12 months exactly and not refractory',
      (x) => ({ ...x, diagnosis: { type: 'primary-itp', date: '2024-06-01' }, therapies: [] }),
      'ineligible',
      { unmet: ['INC-3'] },
    ],
    [
      '12 months and 1 day, not refractory (chronic)',
      (x) => ({ ...x, diagnosis: { type: 'primary-itp', date: '2024-05-31' }, therapies: [] }),
      'eligible',
      {},
    ],
    [
      'SLE-ITP is secondary',
      (x) => ({ ...x, diagnosis: { type: 'sle-itp', date: '2018-01-01' } }),
      'ineligible',
      { unmet: ['INC-3', 'EXC-1'] },
    ],
    [
      'no platelet count',
      (x) => ({ ...x, labs: x.labs.filter((l) => l.test !== 'platelets') }),
      'incomplete',
      { unmet: [], missing: ['labs.platelets (1 result(s) within 28 days)'] },
    ],
    [
      'platelet count older than 28 days',
      (x) => lab(x, 'platelets', { date: '2025-05-03' }),
      'incomplete',
      { missing: ['labs.platelets (1 result(s) within 28 days)'] },
    ],
    [
      'anti-HBc positive without HBV-DNA',
      (x) => ({
        ...x,
        serology: [
          ...x.serology.filter((s) => s.test !== 'anti-HBc'),
          { test: 'anti-HBc', result: 'positive', date: '2025-05-20' },
        ],
      }),
      'incomplete',
      { missing: ['serology.HBV-DNA'] },
    ],
    [
      'male: pregnancy not asked',
      (x) => ({ ...x, sex: 'male', findings: { ...x.findings, pregnant: undefined as unknown as boolean } }),
      'eligible',
      {},
    ],
    [
      'attestations not yet signed',
      (x) => ({ ...x, attestations: [] }),
      'incomplete',
      { unmet: [], missing: [], pending: ['INC-1', 'INC-4', 'INC-7', 'INC-8', 'EXC-9', 'EXC-12', 'EXC-17'] },
    ],
    [
      'investigator attests an exclusion applies',
      (x) => ({
        ...x,
        attestations: x.attestations.map((a) =>
          a.criterionId === 'EXC-17' ? { ...a, satisfied: false } : a,
        ),
      }),
      'ineligible',
      { unmet: ['EXC-17'] },
    ],
  ])
})

describe('NCT05315778 (BCMA CAR-T, ages 18-65, partial record)', () => {
  run('NCT05315778', soochowCandidate, [
    ['eligible once INC-REST is attested', same, 'eligible', { unmet: [], missing: [], pending: [] }],
    [
      'INC-REST not attested: never eligible',
      (x) => ({ ...x, attestations: x.attestations.filter((a) => a.criterionId !== 'INC-REST') }),
      'incomplete',
      { pending: ['INC-REST'] },
    ],
    ['age 66', (x) => ({ ...x, birthDate: '1959-05-31' }), 'ineligible', { unmet: ['INC-2'] }],
    ['age 65 (inclusive)', (x) => ({ ...x, birthDate: '1959-06-02' }), 'eligible', {}],
    [
      'relapse after first line and anti-CD20',
      (x) => ({
        ...x,
        findings: {},
        therapies: [
          { class: 'corticosteroid', outcome: 'relapse' },
          { class: 'rituximab', outcome: 'relapse' },
        ],
      }),
      'eligible',
      {},
    ],
    [
      'TPO-RA responded: neither refractory nor relapsed',
      (x) => ({
        ...x,
        therapies: (x.therapies ?? []).map((t) =>
          t.class === 'tpo-ra' ? { ...t, outcome: 'response' as const } : t,
        ),
      }),
      'ineligible',
      { unmet: ['INC-1'] },
    ],
    [
      'therapy history not collected',
      (x) => ({ ...x, therapies: undefined }),
      'incomplete',
      { missing: ['therapies'] },
    ],
  ])
})

describe('NCT06826430 (inaticabtagene, SLE-ITP, ages 18-70, partial record)', () => {
  run('NCT06826430', pekingCandidate, [
    ['eligible once INC-REST is attested', same, 'eligible', { unmet: [], missing: [], pending: [] }],
    [
      'primary ITP is not SLE-ITP',
      (x) => ({ ...x, diagnosis: { type: 'primary-itp', date: '2020-02-01' } }),
      'ineligible',
      { unmet: ['INC-2'] },
    ],
    ['age 71', (x) => ({ ...x, birthDate: '1954-01-01' }), 'ineligible', { unmet: ['INC-1'] }],
    [
      'second count exactly 50',
      (x) => ({ ...x, labs: x.labs.map((l, i) => (i === 1 ? { ...l, value: 50 } : l)) }),
      'ineligible',
      { unmet: ['INC-2'] },
    ],
    [
      'only one platelet count',
      (x) => ({ ...x, labs: x.labs.slice(1) }),
      'incomplete',
      { missing: ['labs.platelets (2 result(s) within 28 days)'] },
    ],
    [
      'immunosuppressant for only 60 days',
      (x) => ({
        ...x,
        therapies: (x.therapies ?? []).map((t) =>
          t.class === 'immunosuppressant' ? { ...t, endDate: '2023-07-31' } : t,
        ),
      }),
      'ineligible',
      { unmet: ['INC-2'] },
    ],
    [
      'immunosuppressant dates unknown',
      (x) => ({
        ...x,
        therapies: (x.therapies ?? []).map((t) =>
          t.class === 'immunosuppressant' ? { class: t.class, outcome: t.outcome } : t,
        ),
      }),
      'incomplete',
      { missing: ['therapies[1].startDate/endDate'] },
    ],
    ['INC-REST pending', (x) => ({ ...x, attestations: [] }), 'incomplete', { pending: ['INC-REST'] }],
  ])
})

describe('NCT06337474 (KN5501 CAR-NK, ages 18-65, ECOG, LVEF)', () => {
  run('NCT06337474', changzhouCandidate, [
    ['eligible', same, 'eligible', { unmet: [], missing: [], pending: [] }],
    ['ECOG 2', (x) => ({ ...x, ecog: 2 }), 'ineligible', { unmet: ['INC-9'] }],
    ['LVEF exactly 50%', (x) => ({ ...x, lvefPercent: 50 }), 'eligible', {}],
    ['LVEF 49%', (x) => ({ ...x, lvefPercent: 49 }), 'ineligible', { unmet: ['INC-10'] }],
    [
      'LVEF not measured',
      (x) => ({ ...x, lvefPercent: undefined }),
      'incomplete',
      { missing: ['lvefPercent'] },
    ],
    [
      'rituximab ended 20 days ago',
      (x) => ({
        ...x,
        therapies: [
          ...(x.therapies ?? []).filter((t) => t.class !== 'rituximab'),
          { class: 'rituximab', startDate: '2025-04-01', endDate: '2025-05-12', outcome: 'no-response' },
        ],
      }),
      'ineligible',
      { unmet: ['INC-11'] },
    ],
    [
      'IV antibiotics 3 days ago',
      (x) => ({
        ...x,
        medications: [
          { name: 'ceftriaxone', class: 'iv-antibiotic', startDate: '2025-05-25', endDate: '2025-05-29' },
        ],
      }),
      'ineligible',
      { unmet: ['EXC-2'] },
    ],
    [
      'other trial 3 calendar months ago (on the boundary)',
      (x) => ({ ...x, events: { ...x.events, otherTrialParticipation: '2025-03-01' } }),
      'ineligible',
      { unmet: ['EXC-11'] },
    ],
    [
      'other trial 3 months and a day ago',
      (x) => ({ ...x, events: { ...x.events, otherTrialParticipation: '2025-02-28' } }),
      'eligible',
      {},
    ],
    [
      'enlarged spleen',
      (x) => ({ ...x, findings: { ...x.findings, splenomegaly: true } }),
      'ineligible',
      { unmet: ['INC-4'] },
    ],
    [
      'platelet LLN not reported',
      (x) => ({ ...x, labs: x.labs.map(({ lln: _lln, ...l }) => l) }),
      'incomplete',
      { missing: ['labs.platelets.lln'] },
    ],
    [
      'consent not yet signed',
      (x) => ({ ...x, attestations: x.attestations.filter((a) => a.criterionId !== 'INC-1b') }),
      'incomplete',
      { pending: ['INC-1b'] },
    ],
  ])
})

describe('prescreen', () => {
  it('ranks eligible, then incomplete by fewest missing, then ineligible by fewest unmet', () => {
    const all = loadSeedProtocols()
    const k = kunmingCandidate(get('NCT06352281'))
    // attestations for every trial, so only data decide
    const profile: ScreeningProfile = {
      ...k,
      birthDate: '1990-03-01',
      attestations: all.flatMap((p) => kunmingCandidate(p).attestations),
      findings: { ...k.findings, itpConfirmedOnReassessment: true },
    }
    const ranked = prescreen(profile, all, { asOf: AS_OF })
    expect(ranked.map((r) => [r.protocolId, r.verdict])).toEqual([
      ['NCT05315778', 'eligible'],
      ['NCT06352281', 'eligible'],
      ['NCT06337474', 'incomplete'],
      ['NCT06826430', 'ineligible'],
    ])
    const rank = { eligible: 0, incomplete: 1, ineligible: 2 }
    for (let i = 1; i < ranked.length; i++)
      expect(rank[ranked[i]!.verdict]).toBeGreaterThanOrEqual(rank[ranked[i - 1]!.verdict])
  })

  it('orders incomplete trials by missing-data count', () => {
    const all = loadSeedProtocols()
    const profile: ScreeningProfile = {
      subjectId: 'X',
      labs: [],
      findings: {},
      serology: [],
      events: {},
      attestations: [],
    }
    const ranked = prescreen(profile, all, { asOf: AS_OF })
    expect(ranked.every((r) => r.verdict === 'incomplete')).toBe(true)
    const counts = ranked.map((r) => r.missing.length)
    expect([...counts].sort((a, b) => a - b)).toEqual(counts)
  })

  it('rejects a bad asOf', () => {
    expect(() =>
      prescreen(kunmingCandidate(get('NCT06352281')), loadSeedProtocols(), { asOf: '2025-02-30' }),
    ).toThrow(RangeError)
  })
})
