/**
 * Seeded synthetic ITP cohort for benchmarks: per subject an infusion date, an LD start 5 days before,
 * a baseline count and `countsPerSubject` platelet counts (every 3-4 days from Day -5), some rescue
 * (IVIG / transfusion) and bleeding events. Not clinical data: shapes only.
 */

/** Mulberry32: a small seeded PRNG (deterministic benchmarks; core takes RNGs as arguments). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface SyntheticSubject {
  usubjid: string
  infusionEpochDay: number
  counts: { day: number; value: number }[]
  rescue: { type: 'IVIG' | 'PLATELET TRANSFUSION'; startDay: number; endDay: number }[]
  bleeding: { startDay: number; endDay: number; grade: number }[]
}

/** Generate subject `i` of a cohort from a shared RNG. */
export function syntheticSubject(i: number, countsPerSubject: number, rng: () => number): SyntheticSubject {
  const infusionEpochDay = 19723 + Math.floor(rng() * 365) // 2024-01-01 + up to a year
  const baseline = 2 + Math.floor(rng() * 25)
  const responder = rng() < 0.7
  const plateau = responder ? 40 + rng() * 150 : 5 + rng() * 25
  const lossDay = rng() < 0.3 ? 60 + Math.floor(rng() * 200) : Infinity
  const counts: { day: number; value: number }[] = [{ day: -5, value: baseline }]
  let day = 7
  for (let k = 1; k < countsPerSubject; k++) {
    const level = day < 14 ? baseline * 1.5 : day >= lossDay ? baseline * (0.8 + rng()) : plateau * (0.7 + 0.6 * rng())
    counts.push({ day, value: Math.round(level) })
    day += 3 + Math.floor(rng() * 2)
  }
  const rescue: SyntheticSubject['rescue'] = []
  if (rng() < 0.2) {
    const s = 10 + Math.floor(rng() * 100)
    rescue.push({ type: rng() < 0.5 ? 'IVIG' : 'PLATELET TRANSFUSION', startDay: s, endDay: s + Math.floor(rng() * 3) })
  }
  const bleeding: SyntheticSubject['bleeding'] = []
  if (rng() < 0.15) {
    const s = 14 + Math.floor(rng() * 150)
    bleeding.push({ startDay: s, endDay: s + Math.floor(rng() * 5), grade: 1 + Math.floor(rng() * 3) })
  }
  return { usubjid: `BENCH-${String(i).padStart(6, '0')}`, infusionEpochDay, counts, rescue, bleeding }
}
