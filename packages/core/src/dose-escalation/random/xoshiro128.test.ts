import { describe, expect, it } from 'vitest'
import { Xoshiro128 } from './xoshiro128.js'

const draw = (r: Xoshiro128, k: number) => Array.from({ length: k }, () => r.nextUint32())

describe('Xoshiro128 (seeded, one stream per trial index)', () => {
  it('repeats exactly for the same seed and stream', () => {
    expect(draw(new Xoshiro128(1, 5), 20)).toEqual(draw(new Xoshiro128(1, 5), 20))
  })

  it('reseed(seed, i) restarts stream i wherever the generator was', () => {
    const r = new Xoshiro128(9)
    draw(r, 37)
    r.reseed(1, 5)
    expect(draw(r, 10)).toEqual(draw(new Xoshiro128(1, 5), 10))
  })

  it('gives different streams for different seeds and indices, including seeds above 2^32', () => {
    const firsts = new Set<number>()
    for (const seed of [0, 1, 2, 2 ** 32, 2 ** 32 + 1])
      for (let s = 0; s < 200; s++) firsts.add(new Xoshiro128(seed, s).nextUint32())
    expect(firsts.size).toBe(1000)
  })

  it('draws floats in [0, 1) with uniform deciles (chi-square, 9 df, p > 0.001)', () => {
    const r = new Xoshiro128(2024)
    const counts = new Array<number>(10).fill(0)
    const total = 100_000
    let outside = 0
    for (let i = 0; i < total; i++) {
      const u = r.nextFloat()
      if (!(u >= 0 && u < 1)) outside++
      else counts[Math.floor(u * 10)]!++
    }
    expect(outside).toBe(0)
    const chi2 = counts.reduce((s, c) => s + (c - total / 10) ** 2 / (total / 10), 0)
    expect(chi2).toBeLessThan(27.88)
  })

  it('gives uncorrelated first draws across consecutive trial streams', () => {
    let sum = 0
    const k = 20_000
    let prev = new Xoshiro128(3, 0).nextFloat() - 0.5
    for (let i = 1; i <= k; i++) {
      const u = new Xoshiro128(3, i).nextFloat() - 0.5
      sum += u * prev
      prev = u
    }
    // correlation estimate ≈ sum / (k/12); its standard error is ≈ 1/√k
    expect(Math.abs(sum / (k / 12))).toBeLessThan(4 / Math.sqrt(k))
  })
})
