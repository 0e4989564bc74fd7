/**
 * Fixed-window attempt counter per key (client address) held in memory: enough for one server process;
 * the account lockout in login.ts holds across processes.
 */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const hits = new Map<string, { start: number; count: number }>()
  return {
    /** true when this attempt is allowed */
    take(key: string, nowMs: number): boolean {
      const h = hits.get(key)
      if (!h || nowMs - h.start >= windowMs) {
        hits.set(key, { start: nowMs, count: 1 })
        if (hits.size > 10_000) for (const [k, v] of hits) if (nowMs - v.start >= windowMs) hits.delete(k)
        return true
      }
      h.count++
      return h.count <= limit
    },
  }
}
