/**
 * Seeded pseudo-random numbers for simulations: xoshiro128** (Blackman & Vigna 2018), a fast 32-bit
 * generator with period 2^128 − 1, seeded through a 32-bit integer hash.
 *
 * Core never calls Math.random: a simulation receives a seed and derives one independent stream per
 * trial index with {@link Xoshiro128.reseed}(seed, trialIndex). Trial i therefore draws the same numbers
 * whichever worker runs it and however the trials are split, so results do not depend on the worker count.
 *
 * Source: Blackman D, Vigna S. Scrambled linear pseudorandom number generators. ACM Trans Math Softw
 * 2021;47(4):36 (https://prng.di.unimi.it/xoshiro128starstar.c). Seeding hash: C. Wellons,
 * "Prospecting for hash functions" (2018), `lowbias32`.
 */
export class Xoshiro128 {
  private s0 = 0
  private s1 = 0
  private s2 = 0
  private s3 = 0

  /**
   * @param seed - any finite number; integers up to 2^53 are used in full
   * @param stream - independent stream index (e.g. the trial number), default 0
   */
  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream)
  }

  /** Restart at the beginning of stream `stream` of `seed`, without allocating. */
  reseed(seed: number, stream: number): void {
    const lo = seed >>> 0
    const hi = Math.floor(seed / 4294967296) >>> 0
    let h = mix32(lo ^ mix32(hi ^ 0x6a09e667))
    h = mix32(
      h ^ mix32((stream >>> 0) ^ 0xbb67ae85) ^ Math.imul(Math.floor(stream / 4294967296) >>> 0, 0x3c6ef372),
    )
    // four words from a splitmix-style counter on the hash; the state can never be all zero
    this.s0 = mix32((h + 0x9e3779b9) | 0)
    this.s1 = mix32((h + 0x3c6ef372) | 0)
    this.s2 = mix32((h + 0xdaa66d2b) | 0)
    this.s3 = mix32((h + 0x78dde6a4) | 0) | 1
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform number in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() * 2.3283064365386963e-10
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** 32-bit integer finaliser with low bias (Wellons `lowbias32`). */
function mix32(x: number): number {
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x | 0
}
