/**
 * Fourth check of the kinetics engine: a line-by-line audit of ../shared/domain/regimen-and-dosing.md §7-§8.
 *
 * Every §7/§8 rule was already covered by the earlier reference checks except the persistence row of the §7
 * metric table, "Persistence | detectable (≥ LLOQ) at a given timepoint; or Tlast", which had no engine
 * (`carPersistence`, new). The tests below take the §7 worked example and ask about its sampling days.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { carKinetics, carPersistence, type KineticsSample } from './index.js'

/** §7 worked example (qPCR copies/ug gDNA) with later samples: Day 56 quantifiable, Day 84 BLQ. */
const EXAMPLE: KineticsSample[] = [
  { day: 0, level: 0 },
  { day: 4, level: 1200 },
  { day: 7, level: 15000 },
  { day: 10, level: 42000 },
  { day: 14, level: 18000 },
  { day: 21, level: 5000 },
  { day: 28, level: 2100 },
  { day: 56, level: 60 },
  { day: 84, level: 'BLQ' },
]

describe('§7 persistence: detectable (>= LLOQ) at a given timepoint, or Tlast', () => {
  it('worked example: detectable on Days 4-56, not on Day 84 (BLQ); no sample on Day 30', () => {
    const at = (day: number, lloq: number | null = 50) => carPersistence(EXAMPLE, day, { lloq }).value
    expect(at(28)).toEqual({ day: 28, detectable: true, level: 2100 })
    expect(at(56)).toEqual({ day: 56, detectable: true, level: 60 })
    expect(at(84)).toEqual({ day: 84, detectable: false, level: 'BLQ' })
    expect(at(30)).toEqual({ day: 30, detectable: null, level: null })
    // "or Tlast": the last day persistence is shown is the engine's Tlast
    expect(carKinetics(EXAMPLE, { lloq: 50 }).value?.tlast).toBe(56)
  })

  it('the comparator is >= LLOQ: a level equal to the LLOQ is detectable, just below is not; 0 never is', () => {
    expect(carPersistence(EXAMPLE, 56, { lloq: 60 }).value?.detectable).toBe(true)
    expect(carPersistence(EXAMPLE, 56, { lloq: 60.01 }).value?.detectable).toBe(false)
    expect(carPersistence(EXAMPLE, 0).value?.detectable).toBe(false)
    // without an LLOQ only BLQ entries and 0 are not detectable
    expect(carPersistence(EXAMPLE, 56).value?.detectable).toBe(true)
    expect(carPersistence(EXAMPLE, 84).value?.detectable).toBe(false)
  })

  it('actual sampling day (§7 PROTOCOL DECISION): a sample on Day 27.5 answers for Day 27.5, not for Day 28', () => {
    const s: KineticsSample[] = [{ day: 27.5, level: 900 }]
    expect(carPersistence(s, 27.5, { lloq: 50 }).value?.detectable).toBe(true)
    expect(carPersistence(s, 28, { lloq: 50 }).value?.detectable).toBeNull()
  })

  it('refuses an invalid day, LLOQ or level, and two samples on the day asked', () => {
    expect(carPersistence(EXAMPLE, Number.NaN).issues?.map((i) => i.code)).toEqual(['kinetics.invalid_day'])
    expect(carPersistence(EXAMPLE, 28, { lloq: 0 }).issues?.map((i) => i.code)).toEqual([
      'kinetics.invalid_option',
    ])
    expect(carPersistence([{ day: 7, level: -1 }], 7).issues?.map((i) => i.code)).toEqual([
      'kinetics.invalid_level',
    ])
    expect(
      carPersistence(
        [
          { day: 7, level: 10 },
          { day: 7, level: 'BLQ' },
        ],
        7,
      ).issues?.map((i) => i.code),
    ).toEqual(['kinetics.duplicate_day'])
  })

  it('property: detectable on a sampled day <=> the engine counts that sample as quantifiable (Clast/Tlast)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.oneof(fc.constant<'BLQ'>('BLQ'), fc.integer({ min: 0, max: 200 })), {
          minLength: 10,
          maxLength: 10,
        }),
        fc.option(fc.integer({ min: 1, max: 150 }), { nil: null }),
        (days, levels, lloq) => {
          const samples: KineticsSample[] = days.map((day, i) => ({ day, level: levels[i]! }))
          for (const s of samples) {
            const ref = s.level !== 'BLQ' && s.level > 0 && (lloq === null || s.level >= lloq)
            expect(carPersistence(samples, s.day, { lloq }).value?.detectable).toBe(ref)
          }
          // Tlast = the last day on which the sample is detectable (BLQ after Tmax excluded, §7)
          const detectableDays = samples
            .filter((s) => carPersistence(samples, s.day, { lloq }).value?.detectable)
            .map((s) => s.day)
          expect(carKinetics(samples, { lloq }).value?.tlast).toBe(
            detectableDays.length === 0 ? null : Math.max(...detectableDays),
          )
        },
      ),
      { seed: 20261209, numRuns: 300 },
    )
  })
})
