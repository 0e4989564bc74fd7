/**
 * Third independent reference check of the scores engines against ../shared/domain/bleeding-and-scores.md
 * (and response-itp.md §3.1/§3.2/§3.6 for the BL-2 bleeding predicate).
 *
 * The `ref*` functions below were written from the doc prose alone, before the engine code was read. They are
 * compared with the engine on every worked example of the doc, on hand-picked boundaries and with fast-check
 * (fixed seed). No licensed item wording is used anywhere: items are ids and numeric codes only.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bleedingForResponse,
  bleedingGradeOnDate,
  chineseItpBleedingScore,
  clinicalSledaiOf,
  dorisRemission,
  ITP_BAT_MANIFESTATIONS,
  ITP_PAQ_SCALES,
  itpBatGrade,
  lldasStatus,
  meanOfAnsweredItems,
  modifiedWhoBleedingGrade,
  parsePhysicianGlobalAssessment,
  prednisoloneEquivalentMgPerDay,
  RAND36_V1_SCORING,
  recodeRand36Item,
  scoreItpPaq,
  scoreRand36,
  SLEDAI_2K_DESCRIPTORS,
  sledai2kScore,
  sledaiActivityCategory,
  whoBleedingGrade,
  type BleedingEvent,
  type ItpBatFinding,
  type ItpBatManifestation,
  type ItpPaqResponses,
  type ItpPaqScale,
  type ItpPaqScoringConfig,
  type LldasInput,
  type SledaiDescriptor,
} from './index.js'

const SEED = 20261208

// ───────────────────────────── reference implementations (doc prose only) ─────────────────────────────

// §1 BL-2/BL-3 with response-itp.md §3.1/§3.6: a null end date is active until the data cut-off (ONGOING) or on the
// start day only (START_DAY_ONLY); only events graded on the protocol's `bleedingScale` (default WHO) count.
type MissingEnd = 'ONGOING' | 'START_DAY_ONLY'
interface RefBleed {
  start: string
  end: string | null
  grade: number
  scale: BleedingEvent['scale']
}
const refActive = (e: RefBleed, date: string, mode: MissingEnd, cutoff: string | null): boolean => {
  if (date < e.start) return false // ISO YYYY-MM-DD compares chronologically as a string
  if (e.end !== null) return date <= e.end
  if (mode === 'START_DAY_ONLY') return date === e.start
  return cutoff === null || date <= cutoff
}
const refDailyGrade = (evs: readonly RefBleed[], date: string, scales: readonly string[], mode: MissingEnd, cutoff: string | null): number | null => {
  const active = evs.filter((e) => scales.includes(e.scale) && refActive(e, date, mode, cutoff))
  return active.length === 0 ? null : Math.max(...active.map((e) => e.grade))
}
const refBleeding = (evs: readonly RefBleed[], date: string, thr: number, scales: readonly string[], mode: MissingEnd, cutoff: string | null): boolean =>
  evs.some((e) => scales.includes(e.scale) && e.grade >= thr && refActive(e, date, mode, cutoff))

// §1 WHO: the grade of the most severe finding present.
const refWho = (f: { g4: boolean; g3: boolean; g2: boolean; g1: boolean }): number => (f.g4 ? 4 : f.g3 ? 3 : f.g2 ? 2 : f.g1 ? 1 : 0)

// §2 ITP-BAT: domain = highest manifestation grade; patient-reported only = 1; an unassessed manifestation leaves the
// domain unknown unless a known grade is already the ceiling 5 (fatal).
const REF_DOMAIN: Record<string, 'S' | 'M' | 'O'> = {
  petechiae: 'S',
  ecchymoses: 'S',
  'subcutaneous-haematoma': 'S',
  'bleeding-from-minor-wounds': 'S',
  epistaxis: 'M',
  'oral-cavity-bleeding': 'M',
  'subconjunctival-haemorrhage': 'M',
  gastrointestinal: 'O',
  lung: 'O',
  haematuria: 'O',
  menorrhagia: 'O',
  'muscle-haematoma': 'O',
  haemarthrosis: 'O',
  ocular: 'O',
  intracranial: 'O',
}
const refSmog = (fs: readonly { m: string; g: number | null; rep: boolean }[]): string => {
  const dom = (d: 'S' | 'M' | 'O'): string => {
    let max = 0
    let unknown = false
    for (const f of fs) {
      if (REF_DOMAIN[f.m] !== d) continue
      const g = f.rep ? 1 : f.g
      if (g === null) unknown = true
      else max = Math.max(max, g)
    }
    return unknown && max < 5 ? '?' : String(max)
  }
  return `S${dom('S')}M${dom('M')}O${dom('O')}`
}

// §3 Chinese 2020 score: points of the highest matching age band (age ≥ minAge) + the single highest symptom points.
const refChinese = (age: number, bands: readonly { minAge: number; points: number }[], table: Record<string, number>, present: readonly string[]): number => {
  const matching = bands.filter((b) => age >= b.minAge).sort((a, b) => b.minAge - a.minAge || b.points - a.points)
  const agePts = matching[0]?.points ?? 0
  return agePts + Math.max(0, ...present.map((s) => table[s] ?? 0))
}

// §4 SLEDAI-2K: the doc's table, in its order (1..24), weights and LLDAS organ groups.
const REF_SLEDAI: readonly [SledaiDescriptor, number, string][] = [
  ['seizure', 8, 'CNS'],
  ['psychosis', 8, 'CNS'],
  ['organic-brain-syndrome', 8, 'CNS'],
  ['visual-disturbance', 8, 'CNS'],
  ['cranial-nerve-disorder', 8, 'CNS'],
  ['lupus-headache', 8, 'CNS'],
  ['cerebrovascular-accident', 8, 'CNS'],
  ['vasculitis', 8, 'vasculitis'],
  ['arthritis', 4, 'musculoskeletal'],
  ['myositis', 4, 'musculoskeletal'],
  ['urinary-casts', 4, 'renal'],
  ['haematuria', 4, 'renal'],
  ['proteinuria', 4, 'renal'],
  ['pyuria', 4, 'renal'],
  ['rash', 2, 'mucocutaneous'],
  ['alopecia', 2, 'mucocutaneous'],
  ['mucosal-ulcers', 2, 'mucocutaneous'],
  ['pleurisy', 2, 'cardiopulmonary'],
  ['pericarditis', 2, 'cardiopulmonary'],
  ['low-complement', 2, 'serology'],
  ['increased-dna-binding', 2, 'serology'],
  ['fever', 1, 'fever'],
  ['thrombocytopenia', 1, 'haematological'],
  ['leukopenia', 1, 'haematological'],
]
const REF_W = new Map(REF_SLEDAI.map(([d, w]) => [d, w]))
const REF_GROUP = new Map(REF_SLEDAI.map(([d, , g]) => [d, g]))
const ALL_DESCRIPTORS = REF_SLEDAI.map(([d]) => d)
const refTotal = (p: readonly SledaiDescriptor[]): number => [...new Set(p)].reduce((s, d) => s + (REF_W.get(d) ?? 0), 0)
const refClinical = (p: readonly SledaiDescriptor[]): number => refTotal(p.filter((d) => REF_GROUP.get(d) !== 'serology'))
// §4 activity bands (NCT06826430): 0-4, 5-9, 10-14, ≥ 15
const refBand = (s: number): string => (s <= 4 ? 'basically no activity' : s <= 9 ? 'mild' : s <= 14 ? 'moderate' : 'severe')

// §6/§7 prednisolone equivalents, computed exactly: prednisone 5 = prednisolone 5 = methylprednisolone 4 =
// dexamethasone 0.75, i.e. factors 1, 1, 5/4, 20/3. Doses are whole micrograms; mg × 12 000 = Σ µg × twelfths.
const REF_TWELFTHS: Record<string, number> = { prednisone: 12, prednisolone: 12, methylprednisolone: 15, dexamethasone: 80 }
const refPredTimes12000 = (doses: readonly { drug: string; ug: number }[]): number => doses.reduce((s, d) => s + d.ug * (REF_TWELFTHS[d.drug] as number), 0)

// §6 DORIS: D1 clinical SLEDAI = 0, D2 PGA < 0.5, D3 pred ≤ 5 (PROTOCOL DECISION, alternative < 5), D4 stable.
// Tri-state: any false → not met; else any unknown → not evaluable.
type Tri = boolean | null
const refCombine = (xs: readonly Tri[]): 'met' | 'not-met' | 'not-evaluable' => (xs.includes(false) ? 'not-met' : xs.includes(null) ? 'not-evaluable' : 'met')
const refDoris = (clin: number | null, pga: number | null, pred: number | null, stable: Tri, cmp: '<=' | '<' = '<=', limit = 5) =>
  refCombine([clin === null ? null : clin === 0, pga === null ? null : pga < 0.5, pred === null ? null : cmp === '<=' ? pred <= limit : pred < limit, stable])

// §7 LLDAS. L1: SLEDAI-2K ≤ 4 and no renal/CNS/cardiopulmonary/vasculitis/fever activity, no haemolytic anaemia, no GI
// activity. With descriptors not assessed, L1 is decided when every possible value of the unassessed descriptors
// gives the same answer. L2: no descriptor present now that was absent at the previous assessment (no previous →
// PROTOCOL DECISION, default not evaluable). L3 PGA ≤ 1. L4 pred ≤ 7.5. L5 medication.
const REF_MAJOR = new Set(['renal', 'CNS', 'cardiopulmonary', 'vasculitis', 'fever'])
const refLldas = (i: LldasInput, noPrev: 'not-evaluable' | 'no-new-activity' = 'not-evaluable', cellViolates = false) => {
  const present = [...new Set(i.current.present)]
  const open = [...new Set(i.current.notAssessed ?? [])].filter((d) => !present.includes(d))
  const floor = refTotal(present)
  const ceiling = floor + refTotal(open)
  const majorNow = present.some((d) => REF_MAJOR.has(REF_GROUP.get(d) as string))
  const majorOpen = open.some((d) => REF_MAJOR.has(REF_GROUP.get(d) as string))
  let l1: Tri
  if (majorNow || floor > 4 || i.haemolyticAnaemia === true || i.giActivity === true) l1 = false
  else if (majorOpen || ceiling > 4 || i.haemolyticAnaemia === null || i.giActivity === null) l1 = null
  else l1 = true
  let l2: Tri
  if (i.previousPresent === null) l2 = noPrev === 'not-evaluable' ? null : true
  else {
    const prev = i.previousPresent
    l2 = present.some((d) => !prev.includes(d)) ? false : open.some((d) => !prev.includes(d)) ? null : true
  }
  const l3: Tri = i.pga === null ? null : i.pga <= 1
  const l4: Tri = i.prednisoloneEquivalentMgPerDay === null ? null : i.prednisoloneEquivalentMgPerDay <= 7.5
  const l5: Tri =
    i.maintenanceTherapyStandard === false || i.otherInvestigationalDrug === true || (cellViolates && i.studyCellProductGiven)
      ? false
      : i.maintenanceTherapyStandard === null || i.otherInvestigationalDrug === null
        ? null
        : true
  return { status: refCombine([l1, l2, l3, l4, l5]), l1, l2 }
}

// §9 RAND-36 1.0 (public-domain scoring): step 1 recode to 0-100, lowest response 0 and highest 100 (higher = better
// health); step 2 scale = mean of the answered items. Item numbers and direction only; no item wording.
// Recode tables (response code 1..n → score) of the RAND-36 1.0 public scoring instructions:
const R_5_DOWN = [100, 75, 50, 25, 0]
const R_3_UP = [0, 50, 100]
const R_2_UP = [0, 100]
const R_6_DOWN = [100, 80, 60, 40, 20, 0]
const R_6_UP = [0, 20, 40, 60, 80, 100]
const R_5_UP = [0, 25, 50, 75, 100]
const REF_RECODE: Record<number, number[]> = {}
for (const i of [1, 2, 20, 22, 34, 36]) REF_RECODE[i] = R_5_DOWN
for (const i of [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) REF_RECODE[i] = R_3_UP
for (const i of [13, 14, 15, 16, 17, 18, 19]) REF_RECODE[i] = R_2_UP
for (const i of [21, 23, 26, 27, 30]) REF_RECODE[i] = R_6_DOWN
for (const i of [24, 25, 28, 29, 31]) REF_RECODE[i] = R_6_UP
for (const i of [32, 33, 35]) REF_RECODE[i] = R_5_UP
// §9 table: PF 10, RP 4, BP 2, GH 5, VT 4, SF 2, RE 3, MH 5 items; health transition (item 2) in no scale.
const REF_SCALES: Record<string, number[]> = {
  PF: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  RP: [13, 14, 15, 16],
  BP: [21, 22],
  GH: [1, 33, 34, 35, 36],
  VT: [23, 27, 29, 31],
  SF: [20, 32],
  RE: [17, 18, 19],
  MH: [24, 25, 26, 28, 30],
}
const refRecode = (item: number, code: number | null): number | null => (code === null ? null : (REF_RECODE[item]?.[code - 1] ?? null))
const refScale = (items: readonly number[], responses: Readonly<Record<number, number | null>>): number | null => {
  const s = items.map((i) => refRecode(i, responses[i] ?? null)).filter((x): x is number => x !== null)
  return s.length === 0 ? null : s.reduce((a, b) => a + b, 0) / s.length
}

// ───────────────────────────── helpers ─────────────────────────────

const ev = (startDate: string, endDate: string | null, grade: number, scale: BleedingEvent['scale'] = 'WHO'): BleedingEvent => ({
  site: 'x',
  startDate,
  endDate,
  scale,
  grade,
  medicallyDocumented: true,
})
const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
const lldasBase = (over: Partial<LldasInput> = {}): LldasInput => ({
  current: { variant: 'SLEDAI-2K', present: ['low-complement', 'increased-dna-binding'] },
  previousPresent: ['low-complement', 'increased-dna-binding'],
  haemolyticAnaemia: false,
  giActivity: false,
  pga: 1.0,
  prednisoloneEquivalentMgPerDay: 7.5,
  maintenanceTherapyStandard: true,
  otherInvestigationalDrug: false,
  studyCellProductGiven: true,
  ...over,
})

// ───────────────────────────── §1 WHO bleeding scale ─────────────────────────────

describe('§1 WHO bleeding scale (third check)', () => {
  it('worked examples: petechiae 1, epistaxis 45 min (modified WHO) 2, GI bleed with red cells 3, ICH 4', () => {
    const none = { debilitatingRetinalCerebralOrFatal: false, redCellTransfusionRequired: false, clinicallySignificantBloodLoss: false, petechialBleeding: false }
    expect(whoBleedingGrade({ ...none, petechialBleeding: true })).toBe(1)
    expect(whoBleedingGrade({ ...none, redCellTransfusionRequired: true, clinicallySignificantBloodLoss: true })).toBe(3)
    expect(whoBleedingGrade({ ...none, debilitatingRetinalCerebralOrFatal: true })).toBe(4)
    expect(whoBleedingGrade(none)).toBe(0)
    // modified WHO: the protocol attaches its item list (hypothetical codes, not the secondary-source wording)
    const items = { EPI_GT_30: 2, EPI_LE_30: 1, MICRO_HU: 1, RBC_TX: 3, CNS_IMG: 4 } as const
    expect(modifiedWhoBleedingGrade(['EPI_GT_30'], items)).toEqual({ kind: 'graded', grade: 2 })
  })

  it('several simultaneous findings: the most severe one decides (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), (g4, g3, g2, g1) => {
        expect(whoBleedingGrade({ debilitatingRetinalCerebralOrFatal: g4, redCellTransfusionRequired: g3, clinicallySignificantBloodLoss: g2, petechialBleeding: g1 })).toBe(refWho({ g4, g3, g2, g1 }))
      }),
      { seed: SEED, numRuns: 64 },
    )
    const list = { A: 1, B: 2, C: 3, D: 4, Z: 0 } as const
    expect(modifiedWhoBleedingGrade(['A', 'C', 'B', 'A'], list)).toEqual({ kind: 'graded', grade: 3 })
    expect(modifiedWhoBleedingGrade([], list)).toEqual({ kind: 'graded', grade: 0 })
    expect(modifiedWhoBleedingGrade(['Z'], list)).toEqual({ kind: 'graded', grade: 0 })
    // an item outside the protocol's list cannot be graded (never silently 0)
    expect(modifiedWhoBleedingGrade(['D', 'Q'], list)).toEqual({ kind: 'not-evaluable', unknownItems: ['Q'] })
  })

  it('BL-2 worked example: with threshold 2, grade-1 petechiae do not count, grade-2 epistaxis does', () => {
    expect(bleedingForResponse('2025-01-05', [ev('2025-01-04', '2025-01-06', 1)], true)).toBe(false)
    expect(bleedingForResponse('2025-01-05', [ev('2025-01-05', '2025-01-05', 2)], true)).toBe(true)
    // threshold is a PROTOCOL DECISION: with 1 the petechiae count, with 3 the epistaxis does not
    expect(bleedingForResponse('2025-01-05', [ev('2025-01-04', '2025-01-06', 1)], true, 1)).toBe(true)
    expect(bleedingForResponse('2025-01-05', [ev('2025-01-05', '2025-01-05', 2)], true, 3)).toBe(false)
    // degenerate threshold 0: "any event with grade ≥ 0" needs an event; an assessed day without one is no bleeding
    expect(bleedingForResponse('2025-01-05', [], true, 0)).toBe(false)
    expect(bleedingForResponse('2025-01-05', [ev('2025-01-05', null, 0)], true, 0)).toBe(true)
  })

  it('BL-2/BL-3 closed interval: start and end days are active, the day before and after are not; leap-day arithmetic', () => {
    const e = [ev('2024-02-28', '2024-03-01', 2)]
    expect(bleedingForResponse('2024-02-27', e, true)).toBe(false)
    expect(bleedingForResponse('2024-02-28', e, true)).toBe(true)
    expect(bleedingForResponse('2024-02-29', e, true)).toBe(true)
    expect(bleedingForResponse('2024-03-01', e, true)).toBe(true)
    expect(bleedingForResponse('2024-03-02', e, true)).toBe(false)
    // not assessed and nothing active: unknown, never "no bleeding"; an active event is known regardless
    expect(bleedingForResponse('2024-03-02', e, false)).toBeNull()
    expect(bleedingGradeOnDate('2024-02-29', e, false)).toMatchObject({ kind: 'graded', grade: 2 })
  })

  it('response-itp.md §3.2 bleedingMissingEndDate: an open event is active until the data cut-off (ONGOING) or on its start day only', () => {
    const open = [ev('2025-03-01', null, 3)]
    // default ONGOING without a cut-off: still active later
    expect(bleedingForResponse('2025-06-01', open, true)).toBe(true)
    // ONGOING with a data cut-off: active up to and including the cut-off day, not after it
    expect(bleedingForResponse('2025-03-10', open, true, 2, { dataCutoffDate: '2025-03-10' })).toBe(true)
    expect(bleedingForResponse('2025-03-11', open, true, 2, { dataCutoffDate: '2025-03-10' })).toBe(false)
    // START_DAY_ONLY
    expect(bleedingForResponse('2025-03-01', open, true, 2, { missingEndDate: 'START_DAY_ONLY' })).toBe(true)
    expect(bleedingForResponse('2025-03-02', open, true, 2, { missingEndDate: 'START_DAY_ONLY' })).toBe(false)
    expect(bleedingGradeOnDate('2025-03-02', open, true, { missingEndDate: 'START_DAY_ONLY' })).toEqual({ kind: 'graded', grade: 0, activeEvents: [] })
    // an event with a recorded end is not affected by either option
    expect(bleedingForResponse('2025-03-05', [ev('2025-03-01', '2025-03-05', 2)], true, 2, { missingEndDate: 'START_DAY_ONLY', dataCutoffDate: '2025-03-02' })).toBe(true)
  })

  it('response-itp.md §3.1 bleedingScale: grades on another scale are not compared with the WHO threshold', () => {
    // one bleed recorded on both scales (the bleeding-event form stores a WHO and an ITP-BAT grade)
    const both = [ev('2025-03-01', '2025-03-02', 1, 'WHO'), ev('2025-03-01', '2025-03-02', 3, 'ITP-BAT')]
    expect(bleedingForResponse('2025-03-01', both, true)).toBe(false)
    expect(bleedingGradeOnDate('2025-03-01', both, true)).toMatchObject({ kind: 'graded', grade: 1 })
    // the default reads the WHO 0-4 scale, original or modified; a protocol may restrict it to one of them
    const mod = [ev('2025-03-01', '2025-03-02', 2, 'modified-WHO'), ev('2025-03-01', '2025-03-02', 4, 'ITP-BAT')]
    expect(bleedingForResponse('2025-03-01', mod, true)).toBe(true)
    expect(bleedingGradeOnDate('2025-03-01', mod, true)).toMatchObject({ kind: 'graded', grade: 2 })
    expect(bleedingForResponse('2025-03-01', mod, true, 2, { bleedingScales: ['WHO'] })).toBe(false)
    expect(bleedingGradeOnDate('2025-03-01', mod, false, { bleedingScales: ['WHO'] })).toEqual({ kind: 'not-assessed' })
    expect(bleedingGradeOnDate('2025-03-01', mod, true, { bleedingScales: ['ITP-BAT'] })).toMatchObject({ kind: 'graded', grade: 4 })
  })

  it('BL-2/BL-3 agree with the reference on random events, options and dates across a leap day (property)', () => {
    const base = '2024-02-20'
    const evArb = fc.record({
      s: fc.integer({ min: 0, max: 20 }),
      len: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
      grade: fc.integer({ min: 0, max: 4 }),
      scale: fc.constantFrom<BleedingEvent['scale']>('WHO', 'WHO', 'modified-WHO', 'ITP-BAT'),
    })
    fc.assert(
      fc.property(
        fc.array(evArb, { maxLength: 5 }),
        fc.integer({ min: 0, max: 28 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom<MissingEnd>('ONGOING', 'START_DAY_ONLY'),
        fc.option(fc.integer({ min: 0, max: 28 }), { nil: null }),
        fc.boolean(),
        fc.option(fc.subarray<BleedingEvent['scale']>(['WHO', 'modified-WHO', 'ITP-BAT']), { nil: undefined }),
        (raw, day, thr, mode, cut, assessed, scalesOpt) => {
          const refs: RefBleed[] = raw.map((r) => ({ start: addDays(base, r.s), end: r.len === null ? null : addDays(base, r.s + r.len), grade: r.grade, scale: r.scale }))
          const events = refs.map((r) => ev(r.start, r.end, r.grade, r.scale))
          const date = addDays(base, day)
          const cutoff = cut === null ? null : addDays(base, cut)
          const opts = { missingEndDate: mode, dataCutoffDate: cutoff, ...(scalesOpt === undefined ? {} : { bleedingScales: scalesOpt }) }
          const scales = scalesOpt ?? ['WHO', 'modified-WHO'] // response-itp.md §3.1 default: the WHO 0-4 scale
          const g = refDailyGrade(refs, date, scales, mode, cutoff)
          const engine = bleedingGradeOnDate(date, events, assessed, opts)
          if (g === null) expect(engine.kind === 'graded' ? engine.grade : null).toBe(assessed ? 0 : null)
          else expect(engine).toMatchObject({ kind: 'graded', grade: g })
          const want = g === null && !assessed ? null : refBleeding(refs, date, thr, scales, mode, cutoff)
          expect(bleedingForResponse(date, events, assessed, thr, opts)).toBe(want)
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })
})

// ───────────────────────────── §2 ITP-BAT ─────────────────────────────

describe('§2 ITP-BAT / SMOG (third check)', () => {
  it('worked examples B1-B4', () => {
    expect(itpBatGrade([{ manifestation: 'petechiae', grade: 2 }, { manifestation: 'ecchymoses', grade: 1 }, { manifestation: 'oral-cavity-bleeding', grade: 1 }]).label).toBe('S2M1O0')
    expect(itpBatGrade([{ manifestation: 'epistaxis', grade: null, patientReportedOnly: true }]).label).toBe('S0M1O0')
    expect(itpBatGrade([{ manifestation: 'menorrhagia', grade: 2 }, { manifestation: 'epistaxis', grade: 3 }]).label).toBe('S0M3O2')
    expect(itpBatGrade([{ manifestation: 'intracranial', grade: 5 }])).toEqual({ S: 0, M: 0, O: 5, label: 'S0M0O5' })
  })

  it('domain composition: worst episode per manifestation, max per domain, domains independent; empty visit S0M0O0', () => {
    expect(itpBatGrade([]).label).toBe('S0M0O0')
    // two episodes of the same manifestation since the last visit: the worst one
    expect(itpBatGrade([{ manifestation: 'epistaxis', grade: 1 }, { manifestation: 'epistaxis', grade: 3 }]).label).toBe('S0M3O0')
    // patient-reported only is 1 even when a higher number was typed (it lacks documentation)
    expect(itpBatGrade([{ manifestation: 'gastrointestinal', grade: 3, patientReportedOnly: true }]).label).toBe('S0M0O1')
    // an unassessed manifestation leaves its domain open below the fatal ceiling, not 0
    expect(itpBatGrade([{ manifestation: 'petechiae', grade: 2 }, { manifestation: 'ecchymoses', grade: null }])).toMatchObject({ S: null, label: 'S?M0O0' })
    // …but a fatal bleed (5) in that domain is the ceiling whatever the unassessed one was
    expect(itpBatGrade([{ manifestation: 'lung', grade: null }, { manifestation: 'intracranial', grade: 5 }])).toMatchObject({ O: 5, label: 'S0M0O5' })
  })

  it('every manifestation lands in the domain the doc names', () => {
    expect(Object.keys(ITP_BAT_MANIFESTATIONS).sort()).toEqual(Object.keys(REF_DOMAIN).sort())
    for (const [m, d] of Object.entries(REF_DOMAIN)) expect(ITP_BAT_MANIFESTATIONS[m as ItpBatManifestation]).toBe(d)
  })

  it('agrees with the reference on random visits (property)', () => {
    const man = fc.constantFrom(...(Object.keys(REF_DOMAIN) as ItpBatManifestation[]))
    fc.assert(
      fc.property(fc.array(fc.record({ m: man, g: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 6 }), rep: fc.boolean() }), { maxLength: 8 }), (fs) => {
        const findings: ItpBatFinding[] = fs.map((f) => ({ manifestation: f.m, grade: f.g, patientReportedOnly: f.rep }))
        expect(itpBatGrade(findings).label).toBe(refSmog(fs))
      }),
      { seed: SEED, numRuns: 400 },
    )
  })
})

// ───────────────────────────── §3 Chinese 2020 score ─────────────────────────────

describe('§3 Chinese 2020 bleeding score (third check, TEST FIXTURE — NOT THE GUIDELINE VALUES)', () => {
  const fixture = { ageBands: [{ minAge: 65, points: 1 }, { minAge: 75, points: 2 }], symptoms: { A: 1, B: 2, C: 3, D: 5, E: 8 }, source: 'test fixture' }
  it('worked examples and the band edges (≥ minAge)', () => {
    expect(chineseItpBleedingScore(70, ['A', 'C'], fixture)).toMatchObject({ kind: 'scored', total: 4 })
    expect(chineseItpBleedingScore(80, ['E'], fixture)).toMatchObject({ kind: 'scored', total: 10 })
    expect(chineseItpBleedingScore(40, [], fixture)).toMatchObject({ kind: 'scored', total: 0, decisiveSymptom: null })
    expect(chineseItpBleedingScore(64, [], fixture)).toMatchObject({ total: 0 })
    expect(chineseItpBleedingScore(65, [], fixture)).toMatchObject({ total: 1 })
    expect(chineseItpBleedingScore(74, ['D', 'E', 'D'], fixture)).toMatchObject({ total: 9, symptomPoints: 8, decisiveSymptom: 'E' })
    expect(chineseItpBleedingScore(75, ['B'], fixture)).toMatchObject({ total: 4 })
    // the band order in the table does not matter
    expect(chineseItpBleedingScore(76, [], { ...fixture, ageBands: [{ minAge: 75, points: 2 }, { minAge: 65, points: 1 }] })).toMatchObject({ total: 2 })
    expect(chineseItpBleedingScore(50, ['A', 'X'], fixture)).toEqual({ kind: 'not-evaluable', unknownSymptoms: ['X'] })
  })
  it('agrees with the reference on random tables (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 95 }),
        fc.array(fc.record({ minAge: fc.integer({ min: 18, max: 90 }), points: fc.integer({ min: 0, max: 4 }) }), { maxLength: 4 }),
        fc.subarray(['A', 'B', 'C', 'D', 'E']),
        (age, bands, present) => {
          const r = chineseItpBleedingScore(age, present, { ...fixture, ageBands: bands })
          expect(r).toMatchObject({ kind: 'scored', total: refChinese(age, bands, fixture.symptoms, present) })
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ───────────────────────────── §4 SLEDAI-2K ─────────────────────────────

describe('§4 SLEDAI-2K (third check)', () => {
  it('weights and organ groups equal the doc table; the maximum is 105', () => {
    expect(Object.keys(SLEDAI_2K_DESCRIPTORS)).toEqual(ALL_DESCRIPTORS)
    const groupName: Record<string, string> = { cns: 'CNS' }
    for (const [d, w, g] of REF_SLEDAI) {
      expect(SLEDAI_2K_DESCRIPTORS[d].weight).toBe(w)
      expect(groupName[SLEDAI_2K_DESCRIPTORS[d].group] ?? SLEDAI_2K_DESCRIPTORS[d].group).toBe(g)
    }
    expect(sledai2kScore({ variant: 'SLEDAI-2K', present: ALL_DESCRIPTORS })).toMatchObject({ sledai2k: 105, clinicalSledai: 101 })
  })

  it('worked examples SD1-SD4', () => {
    const s = (present: SledaiDescriptor[]) => sledai2kScore({ variant: 'SLEDAI-2K', present })
    expect(s(['thrombocytopenia', 'low-complement', 'increased-dna-binding', 'arthritis'])).toMatchObject({ kind: 'scored', sledai2k: 9, clinicalSledai: 5 })
    expect(s(['low-complement'])).toMatchObject({ sledai2k: 2, clinicalSledai: 0 })
    expect(s([])).toMatchObject({ kind: 'scored', sledai2k: 0, clinicalSledai: 0 })
    expect(s(['seizure', 'proteinuria', 'fever'])).toMatchObject({ sledai2k: 13, clinicalSledai: 13 })
  })

  it('missing items: unassessed is not zero; unassessed serology leaves the clinical SLEDAI known', () => {
    const r = sledai2kScore({ variant: 'SELENA-SLEDAI', present: ['arthritis'], notAssessed: ['urinary-casts', 'low-complement'] })
    expect(r).toMatchObject({ kind: 'not-evaluable', variant: 'SELENA-SLEDAI', sledai2kAtLeast: 4, clinicalSledaiAtLeast: 4 })
    expect(clinicalSledaiOf(r)).toEqual({ value: null, atLeast: 4 })
    const ser = sledai2kScore({ variant: 'SLEDAI-2K', present: [], notAssessed: ['low-complement', 'increased-dna-binding'] })
    expect(ser.kind).toBe('not-evaluable')
    expect(clinicalSledaiOf(ser)).toEqual({ value: 0, atLeast: 0 })
    // a descriptor both present and listed as not assessed counts as present
    expect(sledai2kScore({ variant: 'SLEDAI-2K', present: ['rash'], notAssessed: ['rash'] })).toMatchObject({ kind: 'scored', sledai2k: 2 })
  })

  it('activity bands 0-4 / 5-9 / 10-14 / ≥ 15 at every edge, and configurable', () => {
    for (let s = 0; s <= 105; s++) expect(sledaiActivityCategory(s)).toBe(refBand(s))
    expect(sledaiActivityCategory(3, [{ label: 'low', max: 2 }, { label: 'high', max: null }])).toBe('high')
  })

  it('totals agree with the reference (property; duplicates count once)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALL_DESCRIPTORS), { maxLength: 30 }), (present) => {
        const r = sledai2kScore({ variant: 'SLEDAI-2K', present })
        expect(r).toMatchObject({ kind: 'scored', sledai2k: refTotal(present), clinicalSledai: refClinical(present) })
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

// ───────────────────────────── §5 PGA, §6 DORIS, steroid equivalence ─────────────────────────────

describe('§5 PGA / §6 DORIS / steroid equivalence (third check)', () => {
  it('PGA: 0-3 with one decimal place, never rounded', () => {
    for (const x of [0, 0.1, 0.4, 0.5, 1, 1.0, 2.9, 3]) expect(parsePhysicianGlobalAssessment(x).ok).toBe(true)
    for (const x of [-0.1, 3.1, Number.NaN, Infinity]) expect(parsePhysicianGlobalAssessment(x)).toMatchObject({ ok: false, issues: [{ code: 'out_of_range' }] })
    for (const x of [0.45, 0.49, 1.05, 2.99]) expect(parsePhysicianGlobalAssessment(x)).toMatchObject({ ok: false, issues: [{ code: 'too_precise' }] })
  })

  it('DORIS worked examples', () => {
    expect(dorisRemission({ clinicalSledai: 0, pga: 0.3, prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true }).status).toBe('met')
    expect(dorisRemission({ clinicalSledai: 0, pga: 0.5, prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true })).toMatchObject({ status: 'not-met', failed: ['D2-pga'] })
    expect(dorisRemission({ clinicalSledai: 5, pga: 0.3, prednisoloneEquivalentMgPerDay: 5, backgroundTherapyStable: true })).toMatchObject({ status: 'not-met', failed: ['D1-clinical-sledai'] })
  })

  it('D3 PROTOCOL DECISION: ≤ 5 by default, < 5 when configured; limit configurable; 0.4 passes D2', () => {
    const base = { clinicalSledai: 0, pga: 0.4, backgroundTherapyStable: true }
    expect(dorisRemission({ ...base, prednisoloneEquivalentMgPerDay: 5 }, { prednisoloneComparator: '<' })).toMatchObject({ status: 'not-met', failed: ['D3-prednisolone'] })
    expect(dorisRemission({ ...base, prednisoloneEquivalentMgPerDay: 4.9 }, { prednisoloneComparator: '<' }).status).toBe('met')
    expect(dorisRemission({ ...base, prednisoloneEquivalentMgPerDay: 5.1 }).status).toBe('not-met')
    expect(dorisRemission({ ...base, prednisoloneEquivalentMgPerDay: 7.5 }, { prednisoloneLimitMg: 7.5 }).status).toBe('met')
    expect(dorisRemission({ ...base, prednisoloneEquivalentMgPerDay: 0 }).status).toBe('met')
  })

  it('DORIS agrees with the reference on random tri-state inputs (property)', () => {
    const tri = fc.option(fc.boolean(), { nil: null })
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 30 }).map((x) => x / 10), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 20 }).map((x) => x / 2), { nil: null }),
        tri,
        fc.constantFrom<'<=' | '<'>('<=', '<'),
        (clin, pga, pred, stable, cmp) => {
          expect(dorisRemission({ clinicalSledai: clin, pga, prednisoloneEquivalentMgPerDay: pred, backgroundTherapyStable: stable }, { prednisoloneComparator: cmp }).status).toBe(refDoris(clin, pga, pred, stable, cmp))
        },
      ),
      { seed: SEED, numRuns: 400 },
    )
  })

  it('equivalence: prednisone 5 = prednisolone 5 = methylprednisolone 4 = dexamethasone 0.75 (LL6: MP 8 → 10)', () => {
    for (const d of [{ drug: 'prednisone', mgPerDay: 5 }, { drug: 'Prednisolone', mgPerDay: 5 }, { drug: 'methylprednisolone', mgPerDay: 4 }, { drug: 'dexamethasone', mgPerDay: 0.75 }])
      expect(prednisoloneEquivalentMgPerDay([d])).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'methylprednisolone', mgPerDay: 8 }])).toEqual({ kind: 'known', mgPerDay: 10 })
    expect(prednisoloneEquivalentMgPerDay([])).toEqual({ kind: 'known', mgPerDay: 0 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'hydrocortisone', mgPerDay: 20 }])).toEqual({ kind: 'not-evaluable', unknownDrugs: ['hydrocortisone'] })
  })

  it('a mixed regimen that is exactly 5 or 7.5 mg is not pushed over the limit by binary rounding', () => {
    // 0.4 + 3.68 × 5/4 = 5 and 2.2 + 4.24 × 5/4 = 7.5 exactly; 0.9 + 0.615 × 20/3 = 5 and 2.1 + 0.81 × 20/3 = 7.5
    const five = prednisoloneEquivalentMgPerDay([{ drug: 'prednisone', mgPerDay: 0.4 }, { drug: 'methylprednisolone', mgPerDay: 3.68 }])
    expect(five).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'prednisone', mgPerDay: 0.9 }, { drug: 'dexamethasone', mgPerDay: 0.615 }])).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'prednisone', mgPerDay: 2.2 }, { drug: 'methylprednisolone', mgPerDay: 4.24 }])).toEqual({ kind: 'known', mgPerDay: 7.5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'prednisone', mgPerDay: 2.1 }, { drug: 'dexamethasone', mgPerDay: 0.81 }])).toEqual({ kind: 'known', mgPerDay: 7.5 })
    const mg = five.kind === 'known' ? five.mgPerDay : null
    expect(dorisRemission({ clinicalSledai: 0, pga: 0, prednisoloneEquivalentMgPerDay: mg, backgroundTherapyStable: true }).status).toBe('met')
  })

  it('regimens built to total exactly 5 or 7.5 mg equal the limit (property)', () => {
    const other = fc.record({ drug: fc.constantFrom('methylprednisolone', 'dexamethasone'), ug: fc.integer({ min: 0, max: 6000 }) })
    fc.assert(
      fc.property(fc.array(other, { minLength: 1, maxLength: 2 }), fc.constantFrom(5, 7.5), (doses, limit) => {
        const restTwelfths = limit * 12000 - refPredTimes12000(doses)
        fc.pre(restTwelfths >= 0 && restTwelfths % 12 === 0)
        const all = [{ drug: 'prednisone', ug: restTwelfths / 12 }, ...doses]
        const r = prednisoloneEquivalentMgPerDay(all.map((d) => ({ drug: d.drug, mgPerDay: d.ug / 1000 })))
        expect(r).toEqual({ kind: 'known', mgPerDay: limit })
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('the sum lands on the correct side of 5 and 7.5 for random regimens in whole micrograms (property)', () => {
    const drug = fc.constantFrom('prednisone', 'prednisolone', 'methylprednisolone', 'dexamethasone')
    fc.assert(
      fc.property(fc.array(fc.record({ drug, ug: fc.integer({ min: 0, max: 4000 }) }), { minLength: 1, maxLength: 3 }), (doses) => {
        const r = prednisoloneEquivalentMgPerDay(doses.map((d) => ({ drug: d.drug, mgPerDay: d.ug / 1000 })))
        expect(r.kind).toBe('known')
        const mg = r.kind === 'known' ? r.mgPerDay : Number.NaN
        const exact = refPredTimes12000(doses)
        for (const limit of [5, 7.5]) {
          expect(mg <= limit).toBe(exact <= limit * 12000)
          expect(mg < limit).toBe(exact < limit * 12000)
        }
        expect(Math.abs(mg - exact / 12000)).toBeLessThan(1e-9)
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})

// ───────────────────────────── §7 LLDAS ─────────────────────────────

describe('§7 LLDAS (third check)', () => {
  it('worked examples LL1-LL6', () => {
    expect(lldasStatus(lldasBase()).status).toBe('met') // LL1
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: ['low-complement', 'increased-dna-binding', 'pleurisy'] } }))).toMatchObject({ status: 'not-met', failed: ['L1-sledai', 'L2-no-new-activity'] }) // LL2
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: ['thrombocytopenia'] }, previousPresent: ['thrombocytopenia'], pga: 0.8, prednisoloneEquivalentMgPerDay: 5 })).status).toBe('met') // LL3
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: ['arthritis'] }, previousPresent: ['arthritis'], pga: 1.2 }))).toMatchObject({ status: 'not-met', failed: ['L3-pga'] }) // LL4
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: ['proteinuria'] }, previousPresent: ['proteinuria'] }))).toMatchObject({ status: 'not-met', failed: ['L1-sledai'] }) // LL5
    const mp = prednisoloneEquivalentMgPerDay([{ drug: 'methylprednisolone', mgPerDay: 8 }])
    expect(lldasStatus(lldasBase({ prednisoloneEquivalentMgPerDay: mp.kind === 'known' ? mp.mgPerDay : null }))).toMatchObject({ status: 'not-met', failed: ['L4-prednisolone'] }) // LL6
  })

  it('boundaries: SLEDAI 4 vs 5, PGA 1.0 vs 1.1, pred 7.5 vs 7.6; fever (1) alone is major-organ activity', () => {
    const at = (present: SledaiDescriptor[], over: Partial<LldasInput> = {}) => lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present }, previousPresent: present, ...over }))
    expect(at(['arthritis']).status).toBe('met')
    expect(at(['arthritis', 'leukopenia'])).toMatchObject({ status: 'not-met', failed: ['L1-sledai'] })
    expect(at(['fever'])).toMatchObject({ status: 'not-met', failed: ['L1-sledai'] })
    expect(at(['rash', 'alopecia']).status).toBe('met')
    expect(at([], { pga: 1.1 }).status).toBe('not-met')
    expect(at([], { prednisoloneEquivalentMgPerDay: 7.6 }).status).toBe('not-met')
    expect(at([], { haemolyticAnaemia: true })).toMatchObject({ failed: ['L1-sledai'] })
    expect(at([], { giActivity: null })).toMatchObject({ status: 'not-evaluable', missing: ['L1-sledai'] })
  })

  it('L2 PROTOCOL DECISION: no previous assessment → not evaluable by default, configurable', () => {
    expect(lldasStatus(lldasBase({ previousPresent: null }))).toMatchObject({ status: 'not-evaluable', missing: ['L2-no-new-activity'] })
    expect(lldasStatus(lldasBase({ previousPresent: null }), { noPreviousAssessment: 'no-new-activity' }).status).toBe('met')
    // a descriptor that resolved since the previous assessment is not new activity
    expect(lldasStatus(lldasBase({ previousPresent: ['low-complement', 'increased-dna-binding', 'arthritis'] })).status).toBe('met')
  })

  it('L5 PROTOCOL DECISION: the once-given cell product does not violate L5 by default', () => {
    expect(lldasStatus(lldasBase()).status).toBe('met')
    expect(lldasStatus(lldasBase(), { studyCellProductViolatesL5: true })).toMatchObject({ status: 'not-met', failed: ['L5-medication'] })
    expect(lldasStatus(lldasBase({ studyCellProductGiven: false }), { studyCellProductViolatesL5: true }).status).toBe('met')
    expect(lldasStatus(lldasBase({ otherInvestigationalDrug: true }))).toMatchObject({ failed: ['L5-medication'] })
  })

  it('missing items: L1 is decided when the unassessed descriptors cannot change it', () => {
    // nothing present, serology not drawn: SLEDAI-2K ≤ 0 + 2 + 2 = 4 whatever the result, no major organ open → L1 holds
    const ser = lldasBase({ current: { variant: 'SLEDAI-2K', present: [], notAssessed: ['low-complement', 'increased-dna-binding'] } })
    expect(lldasStatus(ser).status).toBe('met')
    // arthritis (4) + unassessed complement (2) could reach 6 → open
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: ['arthritis'], notAssessed: ['low-complement'] }, previousPresent: ['arthritis', 'low-complement'] }))).toMatchObject({ status: 'not-evaluable', missing: ['L1-sledai'] })
    // an unassessed renal descriptor could be major-organ activity → open
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: [], notAssessed: ['pyuria'] }, previousPresent: ['pyuria'] }))).toMatchObject({ status: 'not-evaluable', missing: ['L1-sledai'] })
    // an unassessed descriptor absent last time could be new activity → L2 open
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: [], notAssessed: ['low-complement'] }, previousPresent: [] }))).toMatchObject({ status: 'not-evaluable', missing: ['L2-no-new-activity'] })
    // a descriptor listed twice as not assessed weighs once: ceiling 2 + 2 = 4
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: [], notAssessed: ['rash', 'rash', 'alopecia'] }, previousPresent: ['rash', 'alopecia'] })).status).toBe('met')
    // already failing: floor 5 fails L1 whatever is open
    expect(lldasStatus(lldasBase({ current: { variant: 'SLEDAI-2K', present: ['arthritis', 'thrombocytopenia'], notAssessed: ['pyuria'] } }))).toMatchObject({ status: 'not-met' })
  })

  it('agrees with the reference on random assessments, incl. unassessed descriptors (property)', () => {
    const d = fc.constantFrom(...ALL_DESCRIPTORS)
    const tri = fc.option(fc.boolean(), { nil: null, freq: 4 })
    fc.assert(
      fc.property(
        fc.array(d, { maxLength: 3 }),
        fc.array(d, { maxLength: 2 }),
        fc.option(fc.array(d, { maxLength: 4 }), { nil: null, freq: 5 }),
        tri,
        tri,
        fc.option(fc.integer({ min: 0, max: 15 }).map((x) => x / 10), { nil: null, freq: 6 }),
        fc.option(fc.integer({ min: 0, max: 20 }).map((x) => x / 2), { nil: null, freq: 6 }),
        tri,
        tri,
        fc.boolean(),
        fc.constantFrom<'not-evaluable' | 'no-new-activity'>('not-evaluable', 'no-new-activity'),
        fc.boolean(),
        (present, notAssessed, prev, ha, gi, pga, pred, maint, inv, cell, noPrev, cellViol) => {
          const input: LldasInput = {
            current: { variant: 'SLEDAI-2K', present, notAssessed },
            previousPresent: prev,
            haemolyticAnaemia: ha,
            giActivity: gi,
            pga,
            prednisoloneEquivalentMgPerDay: pred,
            maintenanceTherapyStandard: maint,
            otherInvestigationalDrug: inv,
            studyCellProductGiven: cell,
          }
          const ref = refLldas(input, noPrev, cellViol)
          const out = lldasStatus(input, { noPreviousAssessment: noPrev, studyCellProductViolatesL5: cellViol })
          expect(out.status).toBe(ref.status)
          expect(out.failed.includes('L1-sledai')).toBe(ref.l1 === false)
          expect(out.missing.includes('L1-sledai')).toBe(ref.l1 === null)
          expect(out.failed.includes('L2-no-new-activity')).toBe(ref.l2 === false)
          expect(out.missing.includes('L2-no-new-activity')).toBe(ref.l2 === null)
        },
      ),
      { seed: SEED, numRuns: 1500 },
    )
  })
})

// ───────────────────────────── §8 ITP-PAQ, §9 RAND-36 ─────────────────────────────

type PaqScaleDef = ItpPaqScoringConfig['scales'][ItpPaqScale]
const paqScales = (): ItpPaqScoringConfig['scales'] => {
  const out = {} as Record<ItpPaqScale, PaqScaleDef>
  for (const s of ITP_PAQ_SCALES) {
    const def: PaqScaleDef = { itemIds: [`${s}-a`, `${s}-b`] }
    // hypothetical applicability hooks (the real rules are UNVERIFIED and come with the licence)
    if (s === 'womens-reproductive-health') out[s] = { ...def, appliesTo: (r: ItpPaqResponses['respondent']) => (r.sex === null ? null : r.sex === 'female') }
    else if (s === 'work') out[s] = { ...def, appliesTo: (r: ItpPaqResponses['respondent']) => r.employed }
    else out[s] = def
  }
  return out
}

describe('§8 ITP-PAQ structure (third check; no licensed items or algorithm)', () => {
  // hypothetical sponsor config: 2 item ids per scale, "score" = mean of answered codes × 10, null when none answered
  const cfg: ItpPaqScoringConfig = {
    source: 'test stand-in, not the licensed algorithm',
    scales: paqScales(),
    scoreScale: (_s, rs) => {
      const a = rs.filter((x): x is number => x !== null)
      return a.length === 0 ? null : (a.reduce((p, q) => p + q, 0) / a.length) * 10
    },
  }
  it('10 scales, 44 items; conditional scales; unanswered items reach the licensed hook as null (not 0)', () => {
    expect(ITP_PAQ_SCALES).toHaveLength(10)
    const seen: (number | null)[][] = []
    const out = scoreItpPaq(
      { instrumentVersion: 'v1', language: 'zh-CN', completedOn: '2025-03-01', respondent: { sex: 'male', employed: null }, items: { 'symptoms-a': 4, 'fear-a': 0, 'fear-b': null } },
      { ...cfg, scoreScale: (s, rs) => (seen.push([...rs]), cfg.scoreScale(s, rs)) },
    )
    expect(out['womens-reproductive-health']).toEqual({ kind: 'not-applicable' })
    expect(out.work.kind).toBe('not-evaluable')
    expect(out.symptoms).toEqual({ kind: 'scored', score: 40 })
    expect(out.fear).toEqual({ kind: 'scored', score: 0 })
    expect(out.activity.kind).toBe('not-evaluable')
    expect(seen).toContainEqual([4, null])
    expect(seen).toContainEqual([0, null])
    const scored = (Object.keys(out) as ItpPaqScale[]).filter((k) => out[k].kind === 'scored')
    expect(scored.sort()).toEqual(['fear', 'symptoms'])
  })
})

describe('§9 RAND-36 1.0 (third check)', () => {
  it('worked example: 100, 50, missing → 75', () => {
    expect(meanOfAnsweredItems([100, 50, null])).toBe(75)
    expect(meanOfAnsweredItems([null, null])).toBeNull()
    expect(meanOfAnsweredItems([0])).toBe(0)
  })

  it('item counts per scale as in the doc; item 2 (health transition) in no scale', () => {
    const sizes = Object.fromEntries(Object.entries(RAND36_V1_SCORING.scales).map(([k, v]) => [k, v.length]))
    expect(sizes).toEqual({ PF: 10, RP: 4, BP: 2, GH: 5, VT: 4, SF: 2, RE: 3, MH: 5 })
    const all = Object.values(RAND36_V1_SCORING.scales).flat()
    expect(new Set(all).size).toBe(35)
    expect(all).not.toContain(2)
    for (const [k, v] of Object.entries(REF_SCALES)) expect([...(RAND36_V1_SCORING.scales[k as keyof typeof RAND36_V1_SCORING.scales] ?? [])].sort((a, b) => a - b)).toEqual([...v].sort((a, b) => a - b))
  })

  it('recode: lowest 0, highest 100, reverse-scored items flipped; every code of every item', () => {
    for (let item = 1; item <= 36; item++) {
      const tbl = REF_RECODE[item] as number[]
      for (let code = 0; code <= tbl.length + 1; code++) expect(recodeRand36Item(item, code)).toBe(refRecode(item, code))
      expect(recodeRand36Item(item, null)).toBeNull()
      expect(recodeRand36Item(item, 1.5)).toBeNull()
    }
    expect(recodeRand36Item(37, 1)).toBeNull()
  })

  it('all items unanswered → every scale null (not 0); a scale with one answered item is that item', () => {
    expect(scoreRand36({})).toEqual({ PF: null, RP: null, BP: null, GH: null, VT: null, SF: null, RE: null, MH: null })
    expect(scoreRand36({ 21: 6 }).BP).toBe(0)
    expect(scoreRand36({ 21: 1, 22: null }).BP).toBe(100)
    // hypothetical 3 of 5 MH items: 24 code 6 → 100, 26 code 6 → 0, 28 code 4 → 60 → mean 160/3, not rounded
    expect(scoreRand36({ 24: 6, 26: 6, 28: 4 }).MH).toBe(160 / 3)
  })

  it('scale scores agree with the reference on random response sets with missing items (property)', () => {
    const resp = fc.dictionary(
      fc.integer({ min: 1, max: 36 }).map(String),
      fc.option(fc.integer({ min: 1, max: 6 }), { nil: null, freq: 5 }),
    )
    fc.assert(
      fc.property(resp, (raw) => {
        const r: Record<number, number | null> = {}
        for (const [k, v] of Object.entries(raw)) {
          const n = Number(k)
          const max = (REF_RECODE[n] as number[]).length
          r[n] = v === null ? null : ((v - 1) % max) + 1
        }
        const out = scoreRand36(r)
        for (const [k, items] of Object.entries(REF_SCALES)) expect(out[k as keyof typeof out]).toBe(refScale(items, r))
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})
