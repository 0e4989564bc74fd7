import { describe, expect, it } from 'vitest'
import { cellDoseTarget } from './cell-dose.js'
import { assessDeliveredCellDose } from './delivered-cell-dose.js'
import { infusionVolume } from './infusion-volume.js'

const perKg = (cellsPerKg: number, maxWeightKg: number | null = null) => ({
  kind: 'per-kg' as const,
  cellsPerKg,
  maxWeightKg,
})

describe('cell dose per kg (regimen-and-dosing.md §3 table)', () => {
  const table: [number, number, number][] = [
    [25, 1.5e5, 3.75e6],
    [25, 3e5, 7.5e6],
    [25, 1.0e7, 2.5e8],
    [25, 2.0e7, 5.0e8],
    [60, 1.5e5, 9.0e6],
    [60, 3e5, 1.8e7],
    [60, 1.0e7, 6.0e8],
    [60, 2.0e7, 1.2e9],
    [70, 1.5e5, 1.05e7],
    [70, 3e5, 2.1e7],
    [70, 1.0e7, 7.0e8],
    [70, 2.0e7, 1.4e9],
  ]
  it.each(table)('%d kg x %d/kg = %d cells', (w, dose, cells) => {
    const r = cellDoseTarget(perKg(dose), w)
    expect(r.value?.targetCells).toBe(cells)
  })
  it('applies the protocol weight cap and explains it', () => {
    const r = cellDoseTarget(perKg(1e7, 65), 70)
    expect(r.value?.targetCells).toBe(6.5e8)
    expect(r.value?.capped).toBe(true)
    expect(r.value?.explanation).toContain('weight 70 kg capped at 65 kg')
  })
  it('gives a flat dose whatever the weight (KN5501 9e9 and 13.5e9)', () => {
    expect(cellDoseTarget({ kind: 'flat', cells: 9e9 }, null).value?.targetCells).toBe(9e9)
    expect(cellDoseTarget({ kind: 'flat', cells: 13.5e9 }, 80).value?.targetCells).toBe(1.35e10)
  })
  it('refuses a dose level the protocol leaves unspecified', () => {
    expect(cellDoseTarget({ kind: 'unspecified', note: 'not in registry' }, 60).issues?.[0]?.code).toBe(
      'dosing.dose_not_defined',
    )
  })
  it('refuses a per-kg dose without a valid weight or outside protocol weight limits', () => {
    expect(cellDoseTarget(perKg(1e7), null).issues?.[0]?.code).toBe('dosing.missing_value')
    expect(cellDoseTarget(perKg(1e7), 0).issues?.[0]?.code).toBe('dosing.not_positive')
    expect(cellDoseTarget(perKg(1e7), 20, { weightLimitsKg: { min: 25 } }).issues?.[0]?.code).toBe(
      'dosing.out_of_range',
    )
  })
})

describe('delivered dose range (§3 PROTOCOL DECISION, example +-20 %)', () => {
  it('is inclusive at the bounds', () => {
    expect(assessDeliveredCellDose(6e8, 4.8e8).value?.verdict).toBe('within-range')
    expect(assessDeliveredCellDose(6e8, 7.2e8).value?.verdict).toBe('within-range')
    expect(assessDeliveredCellDose(6e8, 7.21e8).value?.verdict).toBe('above-range')
  })
  it('returns the protocol action when below range', () => {
    const r = assessDeliveredCellDose(6e8, 4.7e8, { belowTargetAction: 're-manufacture' })
    expect(r.value).toMatchObject({ verdict: 'below-range', belowTargetAction: 're-manufacture' })
  })
})

describe('infusion volume from the viable CAR+ concentration', () => {
  it('divides the target by the counted concentration', () => {
    const r = infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 0.3 })
    expect(r.value?.volumeMl).toBeCloseTo(100, 10)
    expect(r.value?.explanation).toContain('= 100.00 mL')
    expect(infusionVolume(6e8, { viableCellsPerMl: 2e7 }, { counted: 'total-viable' }).value?.volumeMl).toBe(
      30,
    )
  })
  it('refuses a missing CAR+ fraction and a volume above what the bag holds', () => {
    expect(infusionVolume(6e8, { viableCellsPerMl: 2e7 }).issues?.[0]?.path).toEqual(['carPositiveFraction'])
    expect(
      infusionVolume(6e8, { viableCellsPerMl: 2e7, carPositiveFraction: 0.3 }, { availableVolumeMl: 70 })
        .issues?.[0]?.code,
    ).toBe('dosing.insufficient_product')
  })
})
