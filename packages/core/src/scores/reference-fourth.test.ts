/**
 * Fourth check of the score engines and the shared date helpers: a line-by-line audit of
 * ../shared/domain/bleeding-and-scores.md and the README "Cross-cutting conventions". Each block covers statements the
 * three earlier reference files left untested (audit list in the round-4 report). References are written from the
 * doc prose; date references use the platform's UTC calendar, independent of the engine's day arithmetic.
 * No licensed item wording (ITP-PAQ, SF-36) appears: item ids and numeric codes only.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, protocolDay, sdtmStudyDay } from '../dates/index.js'
import {
  chineseItpBleedingScore,
  ITP_PAQ_SCALES,
  modifiedWhoBleedingGrade,
  prednisoloneEquivalentMgPerDay,
  scoreItpPaq,
  scoreSf36,
  sf36TransformedScore,
  sledai2kScore,
  type ItpPaqScale,
  type ItpPaqScoringConfig,
  type Rand36Scale,
  type Sf36ScoringConfig,
} from './index.js'

const FC = { seed: 20261209, numRuns: 300 }

/** Reference calendar: UTC midnight of a `YYYY-MM-DD` date in days (the platform's proleptic Gregorian calendar). */
const utcDay = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
const utcIso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

// ───────────────────────────── README: day numbering, SDTM --DY, dates ─────────────────────────────

describe('README conventions: protocol day (Day 0 = infusion) and SDTM --DY (no day 0)', () => {
  it('README date examples as study days: 2024-02-20 → 2024-03-05 is Day 14 (--DY 15); in 2025 Day 13 (--DY 14)', () => {
    expect([protocolDay('2024-03-05', '2024-02-20'), sdtmStudyDay('2024-03-05', '2024-02-20')]).toEqual([14, 15])
    expect([protocolDay('2025-03-05', '2025-02-20'), sdtmStudyDay('2025-03-05', '2025-02-20')]).toEqual([13, 14])
    // and the other way round: before the reference date --DY equals the (negative) difference, no +1
    expect([protocolDay('2024-02-20', '2024-03-05'), sdtmStudyDay('2024-02-20', '2024-03-05')]).toEqual([-14, -14])
  })

  it('lymphodepletion days are negative protocol days (Day −5, −4, −3), infusion is Day 0 and --DY 1, the day before --DY −1', () => {
    const infusion = '2025-03-01' // LD on 24-26 February 2025 (common year)
    expect(['2025-02-24', '2025-02-25', '2025-02-26', '2025-02-28', '2025-03-01', '2025-03-02'].map((d) => protocolDay(d, infusion))).toEqual([-5, -4, -3, -1, 0, 1])
    expect(['2025-02-24', '2025-02-28', '2025-03-01', '2025-03-02'].map((d) => sdtmStudyDay(d, infusion))).toEqual([-5, -1, 1, 2])
  })

  it('century rules: 1900 and 2100 are common years, 2000 a leap year', () => {
    expect(daysBetween('1900-02-28', '1900-03-01')).toBe(1)
    expect(daysBetween('2100-02-28', '2100-03-01')).toBe(1)
    expect(daysBetween('2000-02-28', '2000-03-01')).toBe(2)
    expect(protocolDay('2001-01-01', '2000-01-01')).toBe(366)
    expect(sdtmStudyDay('2101-01-01', '2100-01-01')).toBe(366)
  })

  it('property: protocol day = calendar difference; --DY = protocol day + 1 on/after the reference, else equal; never 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcDay('1950-01-01'), max: utcDay('2099-12-31') }), fc.integer({ min: -800, max: 800 }), (ref, k) => {
        const refDate = utcIso(ref)
        const date = utcIso(ref + k)
        const p = protocolDay(date, refDate)
        const dy = sdtmStudyDay(date, refDate)
        expect(p).toBe(k)
        expect(dy).toBe(k >= 0 ? k + 1 : k)
        expect(dy).not.toBe(0)
        expect(addDays(refDate, k)).toBe(date)
      }),
      FC,
    )
  })
})

// ───────────────────────────── §1 WHO (modified) item lists ─────────────────────────────

describe('§1 modified WHO: only the protocol item list grades an item', () => {
  const list = { EPI_GT_30: 2, EPI_LE_30: 1 } as const
  it('codes that are not items of the list are not evaluable, including names inherited by every JS object', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect([code, modifiedWhoBleedingGrade(['EPI_LE_30', code], list)]).toEqual([code, { kind: 'not-evaluable', unknownItems: [code] }])
    expect(modifiedWhoBleedingGrade(['EPI_LE_30', 'EPI_GT_30'], list)).toEqual({ kind: 'graded', grade: 2 })
  })
})

// ───────────────────────────── §3 Chinese 2020 score ─────────────────────────────

describe('§3 Chinese 2020 score: score = agePoints(age) + max(points[s] for s in presentSymptoms, default 0)', () => {
  const fixture = { ageBands: [{ minAge: 65, points: 1 }, { minAge: 75, points: 2 }], symptoms: { A: 1, B: 2, C: 3, D: 5, E: 8 }, source: 'TEST FIXTURE — NOT THE GUIDELINE VALUES' }
  it('a symptom code outside the configured table is not evaluable, including inherited object property names', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'valueOf'])
      expect([code, chineseItpBleedingScore(70, ['A', code], fixture)]).toEqual([code, { kind: 'not-evaluable', unknownSymptoms: [code] }])
  })
  it('the pseudo-code is followed literally: "default 0" only when no symptom is present; the matching band gives its own points', () => {
    // a table whose entries are below 0 (a hypothetical deduction; the doc fixes no sign): the max of the present ones
    const cfg = { ageBands: [{ minAge: 0, points: 0 }, { minAge: 90, points: -1 }], symptoms: { N: -2, M: -1, Z: 0 }, source: 'TEST FIXTURE' }
    expect(chineseItpBleedingScore(40, ['N'], cfg)).toMatchObject({ kind: 'scored', total: -2, symptomPoints: -2, decisiveSymptom: 'N' })
    expect(chineseItpBleedingScore(40, ['N', 'M'], cfg)).toMatchObject({ kind: 'scored', total: -1, symptomPoints: -1, decisiveSymptom: 'M' })
    expect(chineseItpBleedingScore(40, [], cfg)).toMatchObject({ kind: 'scored', total: 0, symptomPoints: 0, decisiveSymptom: null })
    expect(chineseItpBleedingScore(91, [], cfg)).toMatchObject({ kind: 'scored', total: -1, agePoints: -1 })
    expect(chineseItpBleedingScore(91, ['Z'], cfg)).toMatchObject({ kind: 'scored', total: -1, symptomPoints: 0 })
  })
  it('property: agrees with the doc pseudo-code on random tables with any integer points', () => {
    const refScore = (age: number, bands: { minAge: number; points: number }[], table: Record<string, number>, present: string[]) => {
      const top = bands.filter((b) => age >= b.minAge).sort((a, b) => b.minAge - a.minAge || b.points - a.points)[0]
      return (top?.points ?? 0) + (present.length === 0 ? 0 : Math.max(...present.map((s) => table[s] as number)))
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 100 }),
        fc.array(fc.record({ minAge: fc.integer({ min: 18, max: 95 }), points: fc.integer({ min: -3, max: 4 }) }), { maxLength: 4 }),
        fc.record({ A: fc.integer({ min: -3, max: 8 }), B: fc.integer({ min: -3, max: 8 }), C: fc.integer({ min: -3, max: 8 }) }),
        fc.array(fc.constantFrom('A', 'B', 'C'), { maxLength: 4 }),
        (age, bands, symptoms, present) => {
          expect(chineseItpBleedingScore(age, present, { ageBands: bands, symptoms, source: 'TEST FIXTURE' })).toMatchObject({ kind: 'scored', total: refScore(age, bands, symptoms, present) })
        },
      ),
      FC,
    )
  })
})

// ───────────────────────────── §4 SLEDAI-2K variant ─────────────────────────────

describe('§4 SLEDAI-2K / SELENA-SLEDAI: same descriptors and weights, the variant is stored per assessment', () => {
  it('a scored SELENA-SLEDAI assessment keeps its variant and the SLEDAI-2K weights (SD1 → 9 / 5)', () => {
    const present = ['thrombocytopenia', 'low-complement', 'increased-dna-binding', 'arthritis'] as const
    expect(sledai2kScore({ variant: 'SELENA-SLEDAI', present })).toMatchObject({ kind: 'scored', variant: 'SELENA-SLEDAI', sledai2k: 9, clinicalSledai: 5 })
    expect(sledai2kScore({ variant: 'SLEDAI-2K', present })).toMatchObject({ kind: 'scored', variant: 'SLEDAI-2K', sledai2k: 9, clinicalSledai: 5 })
  })
})

// ───────────────────────────── §7 steroid equivalence as configuration ─────────────────────────────

describe('§7 corticosteroid equivalence: "load as configuration"', () => {
  it('a protocol table replaces the default (e.g. adds hydrocortisone 20 mg = prednisolone 5 mg)', () => {
    const table = { prednisolone: 5, prednisone: 5, methylprednisolone: 4, dexamethasone: 0.75, hydrocortisone: 20 }
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'Hydrocortisone', mgPerDay: 20 }], table)).toEqual({ kind: 'known', mgPerDay: 5 })
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'hydrocortisone', mgPerDay: 10 }, { drug: 'prednisone', mgPerDay: 5 }], table)).toEqual({ kind: 'known', mgPerDay: 7.5 })
    // a table without dexamethasone cannot convert it
    expect(prednisoloneEquivalentMgPerDay([{ drug: 'dexamethasone', mgPerDay: 0.75 }], { prednisolone: 5 })).toEqual({ kind: 'not-evaluable', unknownDrugs: ['dexamethasone'] })
  })
  it('a drug name that is not a table entry is not evaluable, even when it names an inherited object property', () => {
    for (const drug of ['constructor', 'toString', '__proto__'])
      expect([drug, prednisoloneEquivalentMgPerDay([{ drug, mgPerDay: 5 }])]).toEqual([drug, { kind: 'not-evaluable', unknownDrugs: [drug.toLowerCase()] }])
  })
})

// ───────────────────────────── §8 ITP-PAQ scales ─────────────────────────────

describe('§8 ITP-PAQ: the ten scales named by the doc', () => {
  it('Symptoms; Bother–Physical Health; Fatigue/Sleep; Activity; Fear; Psychological Health; Work; Social Activity; Women\'s Reproductive Health; Overall QoL', () => {
    expect(ITP_PAQ_SCALES).toEqual(['symptoms', 'bother-physical-health', 'fatigue-sleep', 'activity', 'fear', 'psychological-health', 'work', 'social-activity', 'womens-reproductive-health', 'overall-quality-of-life'])
  })
  it('the licensed hook sees only the stored responses: an unanswered item id is null even when it names an inherited object property', () => {
    const scales = Object.fromEntries(ITP_PAQ_SCALES.map((s) => [s, { itemIds: s === 'fear' ? ['constructor', 'toString'] : [`${s}-1`] }])) as unknown as ItpPaqScoringConfig['scales']
    const seen = new Map<ItpPaqScale, (number | null)[]>()
    const config: ItpPaqScoringConfig = { source: 'TEST STAND-IN', scales, scoreScale: (s, rs) => (seen.set(s, [...rs]), rs.every((x) => x === null) ? null : 50) }
    const out = scoreItpPaq({ instrumentVersion: 'fixture', language: 'zh-CN', completedOn: '2025-03-01', respondent: { sex: 'female', employed: true }, items: { 'symptoms-1': 2 } }, config)
    expect(seen.get('fear')).toEqual([null, null])
    expect(out.fear).toEqual({ kind: 'not-evaluable', reason: 'too few items answered' })
    expect(out.symptoms).toEqual({ kind: 'scored', score: 50 })
  })
})

// ───────────────────────────── §9 SF-36 transformation and licensed hook ─────────────────────────────

describe('§9 SF-36: (raw − min possible) / (max possible − min possible) × 100 around a licensed raw-score hook', () => {
  it('the transformation at the ends and inside the range, not rounded', () => {
    expect(sf36TransformedScore(10, 10, 30)).toBe(0)
    expect(sf36TransformedScore(30, 10, 30)).toBe(100)
    expect(sf36TransformedScore(25, 10, 30)).toBe(75)
    expect(sf36TransformedScore(3.4, 2, 12)).toBeCloseTo(14, 12)
    expect(sf36TransformedScore(4, 3, 6)).toBeCloseTo(100 / 3, 12)
    expect(() => sf36TransformedScore(31, 10, 30)).toThrow(RangeError)
    expect(() => sf36TransformedScore(5, 5, 5)).toThrow(RangeError)
  })
  it('scoreSf36: the hook receives each scale\'s responses in item order (missing as null) and its raw score is transformed', () => {
    const scales = {} as Record<Rand36Scale, { itemIds: string[]; minPossible: number; maxPossible: number }>
    for (const s of ['PF', 'RP', 'BP', 'GH', 'VT', 'SF', 'RE', 'MH'] as Rand36Scale[]) scales[s] = { itemIds: [`${s}1`, `${s}2`], minPossible: 2, maxPossible: 10 }
    const seen: [Rand36Scale, (number | null)[]][] = []
    const config: Sf36ScoringConfig = {
      source: 'TEST STAND-IN, not the licensed algorithm',
      scales,
      // stand-in: sum of codes when both answered, else not scoreable
      rawScaleScore: (scale, rs) => (seen.push([scale, [...rs]]), rs.some((x) => x === null) ? null : (rs as number[]).reduce((a, b) => a + b, 0)),
    }
    const out = scoreSf36({ PF1: 5, PF2: 5, BP1: 1, BP2: 1, GH1: 3, MH1: 5, MH2: 5, constructor: 4 }, config)
    expect(out).toEqual({ PF: 100, RP: null, BP: 0, GH: null, VT: null, SF: null, RE: null, MH: 100 })
    expect(seen).toContainEqual(['GH', [3, null]])
    expect(seen).toContainEqual(['RP', [null, null]])
  })
})
