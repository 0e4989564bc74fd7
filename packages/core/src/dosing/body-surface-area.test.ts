import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bodySurfaceArea, duBoisBsa, mostellerBsa } from './body-surface-area.js'

// regimen-and-dosing.md §1 table (values to 4 dp, "computed and re-checked by script")
const TABLE: [number, number, number, number][] = [
  [165, 60, 1.6583, 1.6587],
  [128, 25, 0.9428, 0.9511],
  [180, 80, 2.0, 1.9964],
  [150, 40, 1.291, 1.3029],
  [170, 70, 1.8181, 1.8097],
]

describe('BSA (regimen-and-dosing.md §1)', () => {
  it.each(TABLE)('H %d cm, W %d kg: Mosteller %d, DuBois %d', (h, w, mosteller, dubois) => {
    expect(mostellerBsa(h, w)).toBeCloseTo(mosteller, 4)
    expect(duBoisBsa(h, w)).toBeCloseTo(dubois, 4)
  })

  it('rounds half up to 2 dp by default before dosing (165/60 -> 1.66, 128/25 -> 0.94)', () => {
    const adult = bodySurfaceArea({ heightCm: 165, weightKg: 60 })
    const child = bodySurfaceArea({ heightCm: 128, weightKg: 25 })
    expect(adult.ok && adult.value.bsaM2).toBe(1.66)
    expect(child.ok && child.value.bsaM2).toBe(0.94)
    expect(adult.ok && adult.value.explanation).toContain('sqrt(165 x 60 / 3600) = 1.6583 m2')
  })

  it('uses DuBois when the protocol says so', () => {
    const r = bodySurfaceArea({ heightCm: 150, weightKg: 40 }, { formula: 'dubois' })
    expect(r.ok && r.value.bsaM2).toBe(1.3)
    expect(r.ok && r.value.rawM2).toBeCloseTo(1.3029, 4)
  })

  it('180 cm / 80 kg gives exactly 2.00 m2', () => {
    const r = bodySurfaceArea({ heightCm: 180, weightKg: 80 })
    expect(r.ok && r.value.bsaM2).toBe(2)
  })

  it('applies a protocol cap after rounding and says so', () => {
    const r = bodySurfaceArea({ heightCm: 180, weightKg: 80 }, { capM2: 1.9 })
    expect(r.ok && r.value.bsaM2).toBe(1.9)
    expect(r.ok && r.value.capped).toBe(true)
    expect(r.ok && r.value.explanation).toContain('capped at 1.9 m2')
  })

  it('keeps the raw value when rounding is off', () => {
    const r = bodySurfaceArea({ heightCm: 165, weightKg: 60 }, { roundingDecimals: null })
    expect(r.ok && r.value.bsaM2).toBe(Math.sqrt((165 * 60) / 3600))
  })

  it('refuses non-positive inputs and protocol-limit violations with every issue', () => {
    const r = bodySurfaceArea({ heightCm: 0, weightKg: Number.NaN })
    expect(r.ok).toBe(false)
    expect(r.issues?.map((i) => i.path[0])).toEqual(['heightCm', 'weightKg'])
    const limited = bodySurfaceArea({ heightCm: 165, weightKg: 260 }, { limits: { weightKg: { max: 250 } } })
    expect(limited.issues?.[0]?.code).toBe('dosing.out_of_range')
    expect(limited.issues?.[0]?.message).toMatch(/260.*250/)
  })

  it('Mosteller is monotone in height and weight', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 40, max: 220, noNaN: true }),
        fc.double({ min: 2, max: 200, noNaN: true }),
        (h, w) => mostellerBsa(h + 1, w) > mostellerBsa(h, w) && mostellerBsa(h, w + 1) > mostellerBsa(h, w),
      ),
    )
  })
})
