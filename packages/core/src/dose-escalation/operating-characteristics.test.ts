import { describe, expect, it } from 'vitest'
import {
  dosesAboveMtd,
  emptyOcTotals,
  finalizeOc,
  mergeOcTotals,
  type OcTotals,
} from './operating-characteristics.js'

describe('operating characteristics totals (dose-escalation.md §3)', () => {
  const part = (
    nTrial: number,
    selected: number[],
    noMtd: number,
    patients: number[],
    dlts: number[],
    over: number | null,
  ): OcTotals => ({
    nTrial,
    selected,
    noMtd,
    patients,
    dlts,
    overdosed60: over,
    overdosed80: over === null ? null : 0,
  })

  it('adds parts and turns counts into percentages and means', () => {
    const merged = mergeOcTotals([
      part(2, [1, 1], 0, [9, 3], [1, 1], 1),
      part(2, [0, 1], 1, [6, 6], [2, 2], 0),
    ])
    expect(finalizeOc(merged)).toEqual({
      selectionPercent: [25, 50],
      noMtdPercent: 25,
      patientsPerDose: [3.75, 2.25],
      dltsPerDose: [0.75, 0.75],
      meanSampleSize: 6,
      overdosingRisk60: 25,
      overdosingRisk80: 0,
    })
  })

  it('keeps overdosing null when undefined, and refuses mismatched parts', () => {
    expect(finalizeOc({ ...emptyOcTotals(2, false), nTrial: 1 }).overdosingRisk60).toBeNull()
    expect(() => mergeOcTotals([])).toThrow(RangeError)
    expect(() => mergeOcTotals([emptyOcTotals(2, true), emptyOcTotals(3, true)])).toThrow(RangeError)
  })

  it('defines "above the MTD" only when some dose sits exactly at the target (as BOIN get.oc)', () => {
    expect(dosesAboveMtd([0.1, 0.3, 0.45], 0.3)).toEqual([false, false, true])
    expect(dosesAboveMtd([0.1, 0.25, 0.45], 0.3)).toBeNull()
    expect(dosesAboveMtd([0.1, 0.3], undefined)).toBeNull()
  })
})
