/**
 * Independent differential check of the kinetics engines against regimen-and-dosing.md §7 (CAR kinetics) and
 * §8 (B-cell aplasia). The `ref*` functions were written from the doc alone (section cited per rule) and then
 * aligned, where the doc is silent, to the engine's documented reading (noted inline).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { carKinetics, type KineticsSample } from './car-kinetics.js'
import { bCellAplasia, type BCellSample } from './b-cell-aplasia.js'

const FC = { seed: 20261207, numRuns: 300 }

// ---------------------------------------------------------------------------------------------------------------
// Reference implementations
// ---------------------------------------------------------------------------------------------------------------

/**
 * §7: Cmax = max observed level after infusion; Tmax = its day, first occurrence if tied; Clast/Tlast = last
 * quantifiable level / day; AUC0-28d = sum (t[i+1] - t[i]) (C[i] + C[i+1]) / 2.
 * PROTOCOL DECISIONS (defaults): pre-infusion level = 0; below LLOQ before Tmax = 0, after Tmax excluded from AUC
 * and Tlast; AUC requires a sample within Day 28 +- 2; no interpolation beyond the last sample.
 * A level of 0 is below any LLOQ (an LLOQ is positive), so it is never "quantifiable".
 * Engine reading adopted where the doc is silent: Day <= 0 samples are pre-infusion (curve starts at (0, 0));
 * the AUC ends at the in-window sample closest to Day 28 (tie → earlier, as the visit rule of §6).
 */
function refKinetics(samples: { day: number; level: number | 'BLQ' }[], lloq: number | null) {
  const post = samples.filter((s) => s.day > 0).sort((a, b) => a.day - b.day)
  const q = (s: { level: number | 'BLQ' }): s is { day: number; level: number } =>
    s.level !== 'BLQ' && s.level > 0 && (lloq === null || s.level >= lloq)
  let cmax: number | null = null
  let tmax: number | null = null
  for (const s of post)
    if (q(s) && (cmax === null || s.level > cmax)) {
      cmax = s.level
      tmax = s.day
    }
  const quant = post.filter(q)
  const last = quant.at(-1)
  const pts: [number, number][] = [[0, 0]]
  const inWin = post
    .filter((s) => Math.abs(s.day - 28) <= 2)
    .sort((a, b) => Math.abs(a.day - 28) - Math.abs(b.day - 28) || a.day - b.day)
  let auc: number | null = null
  if (inWin.length > 0) {
    const end = inWin[0]!.day
    for (const s of post) {
      if (s.day > end) break
      if (q(s)) pts.push([s.day, s.level])
      else if (tmax === null || s.day < tmax) pts.push([s.day, 0])
    }
    auc = 0
    for (let i = 1; i < pts.length; i++)
      auc += ((pts[i]![0] - pts[i - 1]![0]) * (pts[i]![1] + pts[i - 1]![1])) / 2
  }
  return { cmax, tmax, clast: last?.level ?? null, tlast: last?.day ?? null, auc }
}

/**
 * §8: below cutoff = every measure < its cutoff (worked example: Day 84 is "at/above via the % criterion" with
 * 1.8 % and 40 cells/uL); onset = first of two consecutive samples below; recovery = first of two consecutive
 * samples at/above after onset; duration = recovery - onset, censored at the last sample without recovery.
 */
function refAplasia(s: { day: number; pct: number; abs: number }[]) {
  const xs = [...s].sort((a, b) => a.day - b.day)
  const below = xs.map((x) => x.pct < 1 && x.abs < 100)
  let onset = -1
  for (let i = 0; i + 1 < xs.length; i++)
    if (below[i] && below[i + 1]) {
      onset = i
      break
    }
  if (onset < 0) return { onsetDay: null, recoveryDay: null, durationDays: null, censored: false }
  for (let i = onset + 1; i + 1 < xs.length; i++)
    if (!below[i] && !below[i + 1])
      return {
        onsetDay: xs[onset]!.day,
        recoveryDay: xs[i]!.day,
        durationDays: xs[i]!.day - xs[onset]!.day,
        censored: false,
      }
  return {
    onsetDay: xs[onset]!.day,
    recoveryDay: null,
    durationDays: xs.at(-1)!.day - xs[onset]!.day,
    censored: true,
  }
}

// ---------------------------------------------------------------------------------------------------------------

const EXAMPLE: KineticsSample[] = [
  { day: 0, level: 0 },
  { day: 4, level: 1200 },
  { day: 7, level: 15000 },
  { day: 10, level: 42000 },
  { day: 14, level: 18000 },
  { day: 21, level: 5000 },
  { day: 28, level: 2100 },
]

describe('§7 CAR kinetics against the reference', () => {
  it('worked example: Cmax 42 000, Tmax 10, trapezoids and AUC 337 550, Tlast 28 with later samples BLQ', () => {
    for (const later of ['BLQ', 0] as const) {
      const samples = [...EXAMPLE, { day: 56, level: later }, { day: 84, level: later }]
      const r = carKinetics(samples).value
      expect(r).toMatchObject({ cmax: 42000, tmax: 10, auc: 337550, tlast: 28, clast: 2100 })
      expect(r?.trapezoids).toEqual([2400, 24300, 85500, 120000, 80500, 24850])
      expect(refKinetics(samples, null)).toEqual({
        cmax: 42000,
        tmax: 10,
        auc: 337550,
        tlast: 28,
        clast: 2100,
      })
    }
  })
  it('the order of the samples does not matter (unsorted input)', () => {
    const shuffled = [
      EXAMPLE[5]!,
      EXAMPLE[1]!,
      EXAMPLE[6]!,
      EXAMPLE[0]!,
      EXAMPLE[3]!,
      EXAMPLE[2]!,
      EXAMPLE[4]!,
    ]
    expect(carKinetics(shuffled).value).toMatchObject({ cmax: 42000, tmax: 10, auc: 337550, tlast: 28 })
  })
  const sampleArb = fc.uniqueArray(
    fc.record({
      day: fc.oneof(
        fc.integer({ min: -7, max: 40 }),
        fc.integer({ min: 1, max: 400 }).map((x) => x / 10),
      ),
      level: fc.oneof(
        fc.constant<'BLQ'>('BLQ'),
        fc.constant(0),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 50000 }),
      ),
    }),
    { selector: (s) => (s.day <= 0 ? `pre${s.day}` : s.day), maxLength: 12 },
  )
  it('generated sample sets (unsorted, BLQ, zeros, fractional days, pre-infusion, LLOQ on/off) match the reference', () => {
    fc.assert(
      fc.property(sampleArb, fc.constantFrom(null, 5, 30), (samples, lloq) => {
        const r = carKinetics(samples, { lloq })
        const ref = refKinetics(samples, lloq)
        expect(r.ok).toBe(true)
        expect({
          cmax: r.value?.cmax,
          tmax: r.value?.tmax,
          clast: r.value?.clast,
          tlast: r.value?.tlast,
        }).toEqual({ cmax: ref.cmax, tmax: ref.tmax, clast: ref.clast, tlast: ref.tlast })
        if (ref.auc === null) expect(r.value?.auc).toBeNull()
        else expect(r.value?.auc).toBeCloseTo(ref.auc, 6)
      }),
      FC,
    )
  })
  it('end-window edges: samples only on Day 26 or Day 30 qualify; Day 25.9 / 30.1 do not', () => {
    for (const [d, has] of [
      [26, true],
      [30, true],
      [25.9, false],
      [30.1, false],
    ] as const) {
      const r = carKinetics([
        { day: 10, level: 100 },
        { day: d, level: 10 },
      ]).value
      expect(r?.auc === null).toBe(!has)
    }
  })
})

describe('§8 B-cell aplasia against the reference', () => {
  const rows: [number, number, number][] = [
    [0, 12, 150],
    [7, 0.1, 2],
    [14, 0, 0],
    [28, 0, 0],
    [56, 0.4, 5],
    [84, 1.8, 40],
    [112, 3.5, 110],
  ]
  const toSamples = (xs: { day: number; pct: number; abs: number }[]): BCellSample[] =>
    xs.map((x) => ({ day: x.day, cd19PercentOfLymphocytes: x.pct, cd19PerUl: x.abs }))
  it('worked example: onset 7, recovery 84, duration 77', () => {
    const xs = rows.map(([day, pct, abs]) => ({ day, pct, abs }))
    expect(bCellAplasia(toSamples(xs)).value).toMatchObject({
      onsetDay: 7,
      recoveryDay: 84,
      durationDays: 77,
      censored: false,
    })
    expect(refAplasia(xs)).toEqual({ onsetDay: 7, recoveryDay: 84, durationDays: 77, censored: false })
  })
  it('cutoff equality counts as at/above (1 % or 100 cells/uL)', () => {
    const r = bCellAplasia([
      { day: 7, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 5 },
      { day: 14, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 5 },
      { day: 21, cd19PercentOfLymphocytes: 1, cd19PerUl: 5 },
      { day: 28, cd19PercentOfLymphocytes: 0.5, cd19PerUl: 100 },
    ])
    expect(r.value).toMatchObject({ onsetDay: 7, recoveryDay: 21, durationDays: 14 })
  })
  it('generated unsorted series around both cutoffs match the reference', () => {
    const pct = fc.constantFrom(0, 0.1, 0.5, 0.99, 1, 1.01, 3.5)
    const abs = fc.constantFrom(0, 5, 99, 99.9, 100, 150)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ day: fc.integer({ min: -10, max: 200 }), pct, abs }), {
          selector: (x) => x.day,
          maxLength: 10,
        }),
        (xs) => {
          expect(bCellAplasia(toSamples(xs)).value).toMatchObject(refAplasia(xs))
        },
      ),
      FC,
    )
  })
})
