/**
 * Changed paths between two protocol versions, with old and new values.
 *
 * Arrays whose elements all carry a unique string `id` (criteria, arms, dose levels, visits, measures)
 * are matched by id, and the path segment reads `id=INC-5`, so inserting a criterion does not show every
 * later one as changed. Other arrays are compared index by index.
 *
 * Source: task brief (`diffProtocolVersions(a, b)`); ../shared/domain/README.md "Configuration" (audit trail).
 */

/** One difference. `old` is undefined when added, `new` undefined when removed. */
export interface ProtocolChange {
  path: (string | number)[]
  old: unknown
  new: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function idsOf(list: unknown[]): string[] | undefined {
  const ids = list.map((x) => (isObject(x) && typeof x.id === 'string' ? x.id : undefined))
  if (ids.some((id) => id === undefined)) return undefined
  const set = new Set(ids)
  return set.size === ids.length ? (ids as string[]) : undefined
}

function walk(a: unknown, b: unknown, path: (string | number)[], out: ProtocolChange[]): void {
  if (Object.is(a, b)) return
  if (Array.isArray(a) && Array.isArray(b)) {
    const ia = idsOf(a)
    const ib = idsOf(b)
    if (ia && ib && (a.length > 0 || b.length > 0)) {
      const byA = new Map(ia.map((id, i) => [id, a[i]]))
      const byB = new Map(ib.map((id, i) => [id, b[i]]))
      for (const id of ia) walk(byA.get(id), byB.get(id), [...path, `id=${id}`], out)
      for (const id of ib) if (!byA.has(id)) walk(undefined, byB.get(id), [...path, `id=${id}`], out)
      if (ia.filter((id) => byB.has(id)).join('\u0000') !== ib.filter((id) => byA.has(id)).join('\u0000'))
        out.push({ path: [...path, '(order)'], old: ia, new: ib })
      return
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i], out)
    return
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    for (const k of keys) walk(a[k], b[k], [...path, k], out)
    return
  }
  out.push({ path, old: a, new: b })
}

/**
 * List every changed leaf between protocol versions `a` and `b`.
 * @example diffProtocolVersions(v1, v2) // [{ path: ['screening', 'labLookbackDays'], old: 28, new: 14 }]
 */
export function diffProtocolVersions(a: unknown, b: unknown): ProtocolChange[] {
  const out: ProtocolChange[] = []
  walk(a, b, [], out)
  return out
}
