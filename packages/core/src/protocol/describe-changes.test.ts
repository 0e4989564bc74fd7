/**
 * Protocol version differences in words: each area a reviewer reads (criteria, dose levels, regimen, visits,
 * endpoint parameters), matched by id, with old -> new values.
 * Source: describe-changes.ts; seed NCT06352281 (packages/protocols/NCT06352281/protocol.json).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { describeProtocolChanges, formatCellDose, parseProtocol, type Protocol } from './index.js'

const v1 = (): Protocol => {
  const r = parseProtocol(seed)
  if (!r.ok) throw new Error('seed invalid')
  return r.value
}
const texts = (a: Protocol, b: Protocol) => describeProtocolChanges(a, b).map((c) => c.text)

describe('describeProtocolChanges', () => {
  it('finds nothing between a version and itself, nor in the version block alone', () => {
    const b = v1()
    b.version = { ...b.version, number: '2.0', effectiveDate: '2026-01-01', supersedes: '1.0', summary: 'relabelled only' }
    expect(describeProtocolChanges(v1(), v1())).toEqual([])
    expect(describeProtocolChanges(v1(), b)).toEqual([])
  })

  it('states a changed response threshold and comparator with old -> new values', () => {
    const b = v1()
    b.endpoints.response.rThreshold = 50
    b.endpoints.response.rComparator = '>='
    const changes = describeProtocolChanges(v1(), b)
    expect(changes).toEqual([
      { area: 'endpoints', kind: 'changed', item: 'rThreshold', old: '30', new: '50', text: 'Endpoint parameter rThreshold: 30 -> 50' },
      { area: 'endpoints', kind: 'changed', item: 'rComparator', old: '>', new: '>=', text: 'Endpoint parameter rComparator: > -> >=' },
    ])
  })

  it('names nested endpoint parameters and measure windows', () => {
    const b = v1()
    b.endpoints.response.rescueWindowDays.IVIG = 21
    b.endpoints.measures[0]!.window.endDay = 168
    expect(texts(v1(), b)).toEqual([
      'Endpoint parameter rescueWindowDays IVIG: 14 -> 21',
      'Outcome measure R evaluation window: Day 14 to Day 84 -> Day 14 to Day 168',
    ])
  })

  it('lists eligibility criteria added, removed and changed, matched by id not position', () => {
    const a = v1()
    const b = v1()
    const removed = b.eligibility.splice(1, 1)[0]!
    b.eligibility.unshift({
      id: 'INC-NEW',
      type: 'inclusion',
      text: 'Weight at least 10 kg',
      rule: { kind: 'attestation', statement: 'weight >= 10 kg' },
      sources: [{ ref: 'amendment 2' }],
    })
    const inc5 = b.eligibility.find((c) => c.id === 'INC-5')!
    inc5.rule = { kind: 'computable', expr: { op: 'lab', test: 'platelets', cmp: '<', value: 50, unit: '10^9/L', consecutive: 1 } }
    const changes = describeProtocolChanges(a, b)
    expect(changes.filter((c) => c.area === 'eligibility')).toEqual([
      { area: 'eligibility', kind: 'added', item: 'INC-NEW', old: null, new: 'Weight at least 10 kg', text: 'Eligibility inclusion criterion INC-NEW added: "Weight at least 10 kg"' },
      { area: 'eligibility', kind: 'changed', item: 'INC-5 rule expr.value', old: '30', new: '50', text: 'Eligibility inclusion criterion INC-5 rule expr.value: 30 -> 50' },
      { area: 'eligibility', kind: 'removed', item: removed.id, old: removed.text, new: null, text: `Eligibility inclusion criterion ${removed.id} removed: "${removed.text}"` },
    ])
    expect(changes.every((c) => c.area === 'eligibility')).toBe(true)
  })

  it('describes dose levels, the regimen and the escalation design', () => {
    const b = v1()
    const arm = b.arms[0]!
    arm.doseLevels[1]!.dose = { kind: 'per-kg', cellsPerKg: 600000, maxWeightKg: 80 }
    arm.doseLevels.push({ id: 'DL3', label: 'high', dose: { kind: 'flat', cells: 1e8 }, sources: [{ ref: 'amendment 2' }] })
    const flu = b.lymphodepletion.drugs.find((d) => d.name === 'fludarabine')!
    flu.doseMgPerM2PerDay = 25
    flu.days = [-4, -3]
    if (b.escalation.design === 'none') throw new Error('seed has an escalation design')
    b.escalation.dltWindowDays = 21
    expect(texts(v1(), b)).toEqual([
      'Dose level DL2 dose: 3x10^5 cells/kg -> 6x10^5 cells/kg (weight capped at 80 kg)',
      'Dose level DL3 (high) added to arm CAR-T: 1x10^8 cells (flat)',
      'fludarabine dose (mg/m2/day): 30 -> 25',
      'fludarabine protocol days: -5, -4, -3 -> -4, -3',
      'Escalation dltWindowDays: 28 -> 21',
    ])
  })

  it('describes visits added, removed and re-windowed, and assessments per visit', () => {
    const a = v1()
    const b = v1()
    const visits = b.visitSchedule.visits
    const d1 = visits.find((v) => v.id === 'D1')!
    d1.windowAfter = 1
    d1.assessments = [...d1.assessments.filter((s) => s !== 'CRS and ICANS grading (ASTCT 2019)'), 'ferritin']
    const gone = visits.splice(visits.indexOf(visits.find((v) => v.id === 'D2')!), 1)[0]!
    const changes = describeProtocolChanges(a, b)
    expect(changes.map((c) => [c.area, c.kind, c.item])).toEqual([
      ['visits', 'changed', 'D1 window'],
      ['visits', 'added', 'D1 assessments'],
      ['visits', 'removed', 'D1 assessments'],
      ['visits', 'removed', 'D2'],
    ])
    expect(changes[0]!.text).toBe('Visit D1 window: -0/+0 days -> -0/+1 days')
    expect(changes[1]!.text).toBe('Visit D1 assessments added: ferritin')
    expect(changes[3]!.old).toBe(`Day 2, window -0/+0: ${gone.assessments.join(', ')}`)
  })

  it('is symmetric in kind: every addition from a to b is a removal from b to a', () => {
    fc.assert(
      fc.property(fc.subarray(v1().eligibility.map((c) => c.id), { minLength: 1 }), (keep) => {
        const b = v1()
        b.eligibility = b.eligibility.filter((c) => keep.includes(c.id))
        const forward = describeProtocolChanges(v1(), b)
        const back = describeProtocolChanges(b, v1())
        expect(forward.filter((c) => c.kind === 'removed').map((c) => c.item).sort()).toEqual(back.filter((c) => c.kind === 'added').map((c) => c.item).sort())
        expect(forward.every((c) => c.kind === 'removed')).toBe(true)
      }),
      { numRuns: 30 },
    )
  })
})

describe('formatCellDose', () => {
  it('writes per-kg, flat and unspecified doses', () => {
    expect(formatCellDose({ kind: 'per-kg', cellsPerKg: 1.5e5, maxWeightKg: null })).toBe('1.5x10^5 cells/kg')
    expect(formatCellDose({ kind: 'flat', cells: 2e8 })).toBe('2x10^8 cells (flat)')
    expect(formatCellDose({ kind: 'unspecified', note: 'not in the record' })).toBe('unspecified: not in the record')
  })
})
