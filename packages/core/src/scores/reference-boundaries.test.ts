/**
 * Second, independent boundary check of the score engines against bleeding-and-scores.md (README conventions:
 * explicit comparators, raw values, no rounding). It complements reference.test.ts (worked examples and random
 * differential checks) and looks only at exact thresholds: WHO/modified-WHO grades, ITP-BAT unassessed/fatal
 * domains, Chinese 2020 age bands at exact birthdays, SLEDAI-2K lab cut-offs and partial assessments, DORIS
 * D1-D4 and LLDAS L1-L5 at each limit. The `ref*` functions are written from the doc only (section cited).
 * Not in the engine, so not checkable here: deriving descriptors from lab values (investigator-recorded presence)
 * and the 10-day window (assessments carry no descriptor dates).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { whoBleedingGrade, modifiedWhoBleedingGrade } from './who-bleeding.js'
import { itpBatGrade } from './itp-bat-2013.js'
import { chineseItpBleedingScore } from './chinese-itp-2020-bleeding-score.js'
import { sledai2kScore, type SledaiDescriptor } from './sledai-2k.js'
import { dorisRemission } from './doris-2021.js'
import { lldasStatus, type LldasInput } from './lldas-2016.js'
import { prednisoloneEquivalentMgPerDay } from './steroid-equivalence.js'
import { completedYears } from '../eligibility/calendar.js'
import { isoDate } from '../dates/index.js'
import { BleedingEventFormSchema } from '../forms/bleeding-event.js'
import { deriveLupusStatus, type LupusStatusForm } from '../forms/lupus-status.js'
import { deriveSledai } from '../forms/sledai.js'

const FC = { seed: 20261207, numRuns: 200 }

// ---------------------------------------------------------------------------------------------------------------
// Reference (doc only)
// ---------------------------------------------------------------------------------------------------------------

/** §1: grade = most severe finding (4 debilitating/retinal/cerebral/fatal, 3 red-cell transfusion, 2, 1). */
const refWho = (f: boolean[]) => [4, 3, 2, 1].find((_, i) => f[i]) ?? 0

/** §4 lab cut-offs exactly as worded (strict comparators: "> 0.5", "> 5", "> 38", "< 100", "< 3"). */
const refLab = {
  proteinuria: (gPer24h: number) => gPer24h > 0.5,
  haematuria: (rbcPerHpf: number) => rbcPerHpf > 5,
  pyuria: (wbcPerHpf: number) => wbcPerHpf > 5,
  fever: (celsius: number) => celsius > 38,
  thrombocytopenia: (plt: number) => plt < 100,
  leukopenia: (wbc: number) => wbc < 3,
}

/** §4 weights (doc table, #1-#24 in order) and §7 L1 major organ systems (renal, CNS, cardiopulmonary, vasculitis, fever). */
const words = (x: string) => x.trim().split(/\s+/) as SledaiDescriptor[]
const BY_WEIGHT: [number, SledaiDescriptor[]][] = [
  [
    8,
    words(`seizure psychosis organic-brain-syndrome visual-disturbance cranial-nerve-disorder lupus-headache
    cerebrovascular-accident vasculitis`),
  ],
  [4, words('arthritis myositis urinary-casts haematuria proteinuria pyuria')],
  [2, words('rash alopecia mucosal-ulcers pleurisy pericarditis low-complement increased-dna-binding')],
  [1, words('fever thrombocytopenia leukopenia')],
]
const W = Object.fromEntries(BY_WEIGHT.flatMap(([w, ds]) => ds.map((d) => [d, w]))) as Record<
  SledaiDescriptor,
  number
>
const ALL = Object.keys(W) as SledaiDescriptor[]
const SEROLOGY: SledaiDescriptor[] = words('low-complement increased-dna-binding')
const MAJOR = [
  ...BY_WEIGHT[0]![1],
  ...words('urinary-casts haematuria proteinuria pyuria pleurisy pericarditis fever'),
]
const sum = (ds: readonly SledaiDescriptor[]) => [...new Set(ds)].reduce((s, d) => s + W[d], 0)
/** §4/§6 D1: clinical SLEDAI ignores serology, so unassessed serology leaves it known. null = unknown. */
function refClinical(present: SledaiDescriptor[], notAssessed: SledaiDescriptor[]) {
  const clin = sum(present.filter((d) => !SEROLOGY.includes(d)))
  const unknown = notAssessed.some((d) => !SEROLOGY.includes(d) && !present.includes(d))
  return { value: unknown ? null : clin, atLeast: clin }
}
/** §6: all of D1-D4; a criterion known to fail → not met; else anything unknown → not evaluable. */
function refDoris(
  clin: { value: number | null; atLeast: number },
  pga: number | null,
  pred: number | null,
  le = true,
) {
  const d = [
    clin.atLeast > 0 ? false : clin.value === null ? null : true,
    pga === null ? null : pga < 0.5,
    pred === null ? null : le ? pred <= 5 : pred < 5,
  ]
  return d.includes(false) ? 'not-met' : d.includes(null) ? 'not-evaluable' : 'met'
}
/** Exact prednisolone equivalent in 1/240 mg (§7 table: pred 5 = MP 4 = dex 0.75) for dose grids of 0.5/0.25/0.125 mg. */
const exact240 = (p: number, mp: number, dx: number) => p * 240 + mp * 300 + dx * 1600

// ---------------------------------------------------------------------------------------------------------------

describe('§1 WHO grade boundaries', () => {
  it('all 16 finding combinations: the most severe finding decides', () => {
    const keys = ['debilitatingRetinalCerebralOrFatal', 'redCellTransfusionRequired', 'clinicallySignificantBloodLoss', 'petechialBleeding'] as const // prettier-ignore
    for (let m = 0; m < 16; m++) {
      const f = [8, 4, 2, 1].map((b) => (m & b) !== 0)
      const findings = Object.fromEntries(keys.map((k, i) => [k, f[i]])) as Record<
        (typeof keys)[number],
        boolean
      >
      expect(whoBleedingGrade(findings)).toBe(refWho(f))
    }
  })
  it('modified WHO: max of protocol items; no item → 0; unknown item → not evaluable, never 0', () => {
    const list = { EPISTAXIS_LE_30: 1, EPISTAXIS_GT_30: 2, RBC_TRANSFUSION: 3, CNS_IMAGING: 4 } as const
    const g = (items: string[]) => {
      const r = modifiedWhoBleedingGrade(items, list)
      return r.kind === 'graded' ? r.grade : r.unknownItems
    }
    expect([g([]), g(['EPISTAXIS_LE_30']), g(['EPISTAXIS_GT_30', 'EPISTAXIS_LE_30']), g(['CNS_IMAGING', 'X'])]).toEqual([0, 1, 2, ['X']]) // prettier-ignore
  })
})

describe('§2 ITP-BAT boundaries', () => {
  it('fatal (5) decides a domain even with an unassessed manifestation; 4 does not', () => {
    expect(
      itpBatGrade([
        { manifestation: 'intracranial', grade: 5 },
        { manifestation: 'lung', grade: null },
      ]).label,
    ).toBe('S0M0O5')
    expect(
      itpBatGrade([
        { manifestation: 'intracranial', grade: 4 },
        { manifestation: 'lung', grade: null },
      ]).label,
    ).toBe('S0M0O?')
  })
  it('patient-reported only is graded 1, whatever grade was typed, and is assessed', () => {
    const r = itpBatGrade([{ manifestation: 'gastrointestinal', grade: 3, patientReportedOnly: true }])
    expect(r.label).toBe('S0M0O1')
    expect(itpBatGrade([{ manifestation: 'petechiae', grade: null, patientReportedOnly: true }]).label).toBe(
      'S1M0O0',
    )
  })
  it('form accepts integer grades 0..5 only', () => {
    const b = { site: 'epistaxis', start: '2025-03-02', end: null, whoGrade: 2, patientReportedOnly: false }
    const ok = (g: number) => BleedingEventFormSchema.safeParse({ ...b, itpBatGrade: g }).success
    expect([-1, 0, 5, 6, 2.5].map(ok)).toEqual([false, true, true, false, false])
    const okWho = (g: number) =>
      BleedingEventFormSchema.safeParse({ ...b, itpBatGrade: 1, whoGrade: g }).success
    expect([-1, 0, 4, 5].map(okWho)).toEqual([false, true, true, false])
  })
})

describe('§3 Chinese 2020 score: age bands (doc TEST FIXTURE) at exact birthdays', () => {
  const cfg = {
    ageBands: [
      { minAge: 65, points: 1 },
      { minAge: 75, points: 2 },
    ],
    symptoms: { A: 1, C: 3 },
    source: 'TEST FIXTURE',
  }
  const total = (birth: string, on: string, s: string[]) => {
    const r = chineseItpBleedingScore(completedYears(birth, on), s, cfg)
    return r.kind === 'scored' ? r.total : null
  }
  it('65th and 75th birthdays: the day before is the lower band, the birthday itself the higher', () => {
    expect([total('1960-06-15', '2025-06-14', ['C']), total('1960-06-15', '2025-06-15', ['C'])]).toEqual([
      3, 4,
    ])
    expect([total('1950-06-15', '2025-06-14', []), total('1950-06-15', '2025-06-15', [])]).toEqual([1, 2])
    expect([total('1960-12-31', '2025-12-31', ['A']), total('1961-01-01', '2025-12-31', ['A'])]).toEqual([
      2, 1,
    ])
  })
  it('29 February birth: 65 on 1 March in a common year (age completed after 28 Feb), on 29 Feb in a leap year', () => {
    expect([total('1960-02-29', '2025-02-28', []), total('1960-02-29', '2025-03-01', [])]).toEqual([0, 1])
    expect([total('1959-02-28', '2024-02-28', []), total('1959-03-01', '2024-02-29', [])]).toEqual([1, 0])
  })
})

describe('§4 SLEDAI-2K: lab cut-offs, partial assessments, sums', () => {
  const present = (labs: {
    prot: number
    rbc: number
    wbcHpf: number
    temp: number
    plt: number
    wbc: number
  }) =>
    (
      [
        ['proteinuria', refLab.proteinuria(labs.prot)],
        ['haematuria', refLab.haematuria(labs.rbc)],
        ['pyuria', refLab.pyuria(labs.wbcHpf)],
        ['fever', refLab.fever(labs.temp)],
        ['thrombocytopenia', refLab.thrombocytopenia(labs.plt)],
        ['leukopenia', refLab.leukopenia(labs.wbc)],
      ] as [SledaiDescriptor, boolean][]
    )
      .filter(([, p]) => p)
      .map(([d]) => d)
  it('values exactly at each cut-off score nothing; just past it they score their weight', () => {
    const at = { prot: 0.5, rbc: 5, wbcHpf: 5, temp: 38, plt: 100, wbc: 3 }
    const past = { prot: 0.51, rbc: 6, wbcHpf: 6, temp: 38.1, plt: 99, wbc: 2.9 }
    expect(sledai2kScore({ variant: 'SLEDAI-2K', present: present(at) })).toMatchObject({ sledai2k: 0 })
    expect(sledai2kScore({ variant: 'SLEDAI-2K', present: present(past) })).toMatchObject({
      sledai2k: 15,
      clinicalSledai: 15,
    })
  })
  it('SLE-ITP: platelets 100 (not < 100) leave DORIS possible; 99.9 makes clinical SLEDAI 1 → no DORIS', () => {
    const dorisAt = (plt: number) => {
      const labs = { prot: 0, rbc: 0, wbcHpf: 0, temp: 37, plt, wbc: 5 }
      const s = sledai2kScore({ variant: 'SLEDAI-2K', present: present(labs) })
      const clinicalSledai = s.kind === 'scored' ? s.clinicalSledai : null
      const i = { clinicalSledai, pga: 0, prednisoloneEquivalentMgPerDay: 0, backgroundTherapyStable: true }
      return dorisRemission(i).status
    }
    expect([dorisAt(100), dorisAt(99.9)]).toEqual(['met', 'not-met'])
    expect([ALL.length, sum(ALL)]).toEqual([24, 105])
  })
  it('not-assessed descriptors: lower bounds are the sums of the present ones; never scored as 0', () => {
    fc.assert(
      fc.property(fc.subarray(ALL), fc.subarray(ALL, { maxLength: 3 }), (p, na) => {
        const r = sledai2kScore({ variant: 'SLEDAI-2K', present: p, notAssessed: na })
        const open = na.filter((d) => !p.includes(d))
        const c = refClinical(p, na)
        if (open.length === 0)
          expect(r).toMatchObject({ kind: 'scored', sledai2k: sum(p), clinicalSledai: c.atLeast })
        else
          expect(r).toMatchObject({
            kind: 'not-evaluable',
            sledai2kAtLeast: sum(p),
            clinicalSledaiAtLeast: c.atLeast,
          })
        const f = deriveSledai({
          assessedOn: isoDate('2025-03-01'),
          variant: 'SLEDAI-2K',
          present: p,
          notAssessed: na,
        })
        expect(f.clinicalSledai).toBe(c.value)
      }),
      FC,
    )
  })
})

describe('§6 DORIS boundaries', () => {
  const doris = (clin: number | null, pga: number | null, pred: number | null, le = true) =>
    dorisRemission(
      { clinicalSledai: clin, pga, prednisoloneEquivalentMgPerDay: pred, backgroundTherapyStable: true },
      { prednisoloneComparator: le ? '<=' : '<' },
    ).status
  it('D2 PGA < 0.5 on raw values; D3 ≤ 5 by default, < 5 as the PROTOCOL DECISION alternative', () => {
    expect([0.49999, 0.5, 0.50001].map((p) => doris(0, p, 5))).toEqual(['met', 'not-met', 'not-met'])
    expect([4.99999, 5, 5.00001].map((d) => doris(0, 0, d))).toEqual(['met', 'met', 'not-met'])
    expect([4.99999, 5].map((d) => doris(0, 0, d, false))).toEqual(['met', 'not-met'])
    expect([doris(1, 0, 0), doris(1, null, null), doris(0, null, 5), doris(0, 0.4, null)]).toEqual([
      'not-met',
      'not-met',
      'not-evaluable',
      'not-evaluable',
    ])
    const d4 = (stable: boolean | null) =>
      dorisRemission({
        clinicalSledai: 0,
        pga: 0,
        prednisoloneEquivalentMgPerDay: 0,
        backgroundTherapyStable: stable,
      }).status
    expect([d4(true), d4(false), d4(null)]).toEqual(['met', 'not-met', 'not-evaluable'])
  })
  it('steroid sums exactly at 5 / 7.5 mg are not pushed over the limit by floating point (whole dose grid)', () => {
    let wrong = 0
    for (let a = 0; a <= 20; a++)
      for (let b = 0; b <= 40; b++)
        for (let c = 0; c <= 20; c++) {
          const [p, mp, dx] = [a / 2, b / 4, c / 8]
          const r = prednisoloneEquivalentMgPerDay([
            { drug: 'prednisone', mgPerDay: p },
            { drug: 'Methylprednisolone', mgPerDay: mp },
            { drug: 'dexamethasone', mgPerDay: dx },
          ])
          const v = r.kind === 'known' ? r.mgPerDay : NaN
          const e = exact240(p, mp, dx)
          if (v <= 5 !== e <= 1200 || v <= 7.5 !== e <= 1800) wrong++
        }
    expect(wrong).toBe(0)
  })
  // prettier-ignore
  const form = (present: SledaiDescriptor[], notAssessed: SledaiDescriptor[]): LupusStatusForm => ({
    assessedOn: isoDate('2025-06-01'), pga: 0.3, sledai: { variant: 'SLEDAI-2K', present, notAssessed },
    previousPresent: present, prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true, haemolyticAnaemia: false,
    giActivity: false, maintenanceTherapyStandard: true, otherInvestigationalDrug: false, studyCellProductGiven: true,
  })
  it('D1 through the lupus-status form: serology is ignored; a known clinical descriptor fails D1 even if others are unassessed', () => {
    // "present | not assessed"
    const cases = [
      ' | low-complement increased-dna-binding',
      'low-complement | increased-dna-binding',
      ' | proteinuria',
      'arthritis | proteinuria',
      'arthritis | low-complement',
      'thrombocytopenia | ',
      'increased-dna-binding | ',
    ].map((c) => c.split('|').map((x) => (x.trim() === '' ? [] : words(x))))
    for (const [p, na] of cases as [SledaiDescriptor[], SledaiDescriptor[]][]) {
      const d = deriveLupusStatus(form(p, na))
      expect([p, na, d.doris.status]).toEqual([p, na, refDoris(refClinical(p, na), 0.3, 5)])
      expect(d.clinicalSledai).toBe(refClinical(p, na).value)
    }
  })
})

describe('§7 LLDAS: each criterion at its limit', () => {
  // prettier-ignore
  const base: LldasInput = {
    current: { variant: 'SLEDAI-2K', present: [] }, previousPresent: [], haemolyticAnaemia: false, giActivity: false,
    pga: 1, prednisoloneEquivalentMgPerDay: 7.5, maintenanceTherapyStandard: true, otherInvestigationalDrug: false,
    studyCellProductGiven: true,
  }
  const run = (p: SledaiDescriptor[], over: Partial<LldasInput> = {}) =>
    lldasStatus({ ...base, current: { variant: 'SLEDAI-2K', present: p }, previousPresent: p, ...over })
  it('L1 SLEDAI-2K 4 (non-major, serology counted) is met; 5 is not', () => {
    expect(run(['arthritis']).status).toBe('met')
    expect(run(['low-complement', 'thrombocytopenia', 'leukopenia']).status).toBe('met')
    expect(run(['arthritis', 'leukopenia']).failed).toEqual(['L1-sledai'])
    expect(run(['rash', 'alopecia', 'thrombocytopenia']).failed).toEqual(['L1-sledai'])
  })
  it('L1: every major-organ descriptor fails alone, including fever at weight 1; no other descriptor does', () => {
    for (const d of ALL) {
      const want = MAJOR.includes(d) || W[d] > 4 ? 'not-met' : 'met'
      expect([d, run([d]).status]).toEqual([d, want])
    }
    expect(run([], { haemolyticAnaemia: true }).failed).toEqual(['L1-sledai'])
    expect(run([], { giActivity: true }).failed).toEqual(['L1-sledai'])
    expect(run([], { giActivity: null }).status).toBe('not-evaluable')
  })
  it('L2: a descriptor absent last time is new; carried-over and resolved ones are not', () => {
    expect(run(['arthritis'], { previousPresent: ['rash'] }).failed).toEqual(['L2-no-new-activity'])
    expect(run(['rash'], { previousPresent: ['rash', 'arthritis'] }).status).toBe('met')
    expect(run(['rash'], { previousPresent: null }).status).toBe('not-evaluable')
    expect(
      lldasStatus({ ...base, previousPresent: null }, { noPreviousAssessment: 'no-new-activity' }).status,
    ).toBe('met')
  })
  it('L3 PGA ≤ 1 and L4 prednisolone ≤ 7.5 on raw values', () => {
    expect([1, 1.00001].map((pga) => run([], { pga }).status)).toEqual(['met', 'not-met'])
    expect([7.5, 7.50001].map((d) => run([], { prednisoloneEquivalentMgPerDay: d }).status)).toEqual([
      'met',
      'not-met',
    ])
  })
  it('L5: non-standard maintenance or another investigational drug fails; the study cell product only by PROTOCOL DECISION', () => {
    expect(run([], { maintenanceTherapyStandard: false }).failed).toEqual(['L5-medication'])
    expect(run([], { otherInvestigationalDrug: true }).failed).toEqual(['L5-medication'])
    expect(run([], { maintenanceTherapyStandard: null }).status).toBe('not-evaluable')
    expect(lldasStatus(base, { studyCellProductViolatesL5: true }).failed).toEqual(['L5-medication'])
    expect(
      lldasStatus({ ...base, studyCellProductGiven: false }, { studyCellProductViolatesL5: true }).status,
    ).toBe('met')
  })
})
