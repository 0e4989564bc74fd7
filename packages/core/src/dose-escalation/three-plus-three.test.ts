import { describe, expect, it } from 'vitest'
import { decideThreePlusThree, type ThreePlusThreeDecision } from './three-plus-three.js'

/**
 * Play a 3+3 sequence of cohort outcomes (dose, DLTs) through the decision function and return the
 * decisions, so each worked example of dose-escalation.md §1.2 is checked step by step.
 */
function play(
  nDoses: number,
  cohorts: [dose: number, dlts: number][],
  confirmTopDose = false,
): ThreePlusThreeDecision[] {
  const n = new Array<number>(nDoses).fill(0)
  const y = new Array<number>(nDoses).fill(0)
  return cohorts.map(([dose, dlts]) => {
    n[dose - 1]! += 3
    y[dose - 1]! += dlts
    const r = decideThreePlusThree({ n, y, currentDose: dose, confirmTopDose })
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    return r.value
  })
}
const last = <T>(a: T[]) => a[a.length - 1]!

describe('3+3 design (dose-escalation.md §1.1, worked examples §1.2)', () => {
  it('T1: D1 0/3 → D2 0/3 → MTD = D2 (top), 6 patients', () => {
    const d = play(2, [
      [1, 0],
      [2, 0],
    ])
    expect(d.map((x) => x.action)).toEqual(['escalate', 'stop'])
    expect(last(d)).toMatchObject({ mtd: 2, rule: { id: 'mtd-top-dose' } })
  })
  it('T2: D1 0/3 → D2 1/3 → D2 +0/3 (1/6) → MTD = D2, 9 patients', () => {
    const d = play(2, [
      [1, 0],
      [2, 1],
      [2, 0],
    ])
    expect(d.map((x) => x.action)).toEqual(['escalate', 'expand', 'stop'])
    expect(last(d).mtd).toBe(2)
  })
  it('T3: D1 0/3 → D2 2/3 → D1 +1/3 (1/6) → MTD = D1, 9 patients', () => {
    const d = play(2, [
      [1, 0],
      [2, 2],
      [1, 1],
    ])
    expect(d.map((x) => x.action)).toEqual(['escalate', 'deescalate', 'stop'])
    expect(d[1]).toMatchObject({ nextDose: 1, rule: { id: 'expand-below-exceeded' } })
    expect(last(d)).toMatchObject({ mtd: 1, rule: { id: 'mtd-confirmed' } })
  })
  it('T4: D1 1/3 → D1 +1/3 (2/6) → no MTD, 6 patients', () => {
    const d = play(2, [
      [1, 1],
      [1, 1],
    ])
    expect(d.map((x) => x.action)).toEqual(['expand', 'stop'])
    expect(last(d)).toMatchObject({ mtd: null, rule: { id: 'lowest-dose-exceeded' } })
  })
  it('T5: D1 0/3 → D2 1/3 → D2 +1/3 (2/6) → D1 +0/3 (0/6) → MTD = D1, 12 patients', () => {
    const d = play(2, [
      [1, 0],
      [2, 1],
      [2, 1],
      [1, 0],
    ])
    expect(d.map((x) => x.action)).toEqual(['escalate', 'expand', 'deescalate', 'stop'])
    expect(last(d).mtd).toBe(1)
  })

  it('exceeded at d with 6 already treated at d − 1 → MTD = d − 1 at once', () => {
    const d = play(3, [
      [1, 1],
      [1, 0],
      [2, 2],
    ])
    expect(d.map((x) => x.action)).toEqual(['expand', 'escalate', 'stop'])
    expect(last(d)).toMatchObject({ mtd: 1, rule: { id: 'mtd-below-exceeded' } })
  })

  it('recurses downward when the expanded lower dose is exceeded too', () => {
    const d = play(3, [
      [1, 0],
      [2, 0],
      [3, 2],
      [2, 2],
    ])
    expect(d.map((x) => x.action)).toEqual(['escalate', 'escalate', 'deescalate', 'deescalate'])
    expect(d[3]!.nextDose).toBe(1)
    expect(
      last(
        play(3, [
          [1, 0],
          [2, 0],
          [3, 2],
          [2, 2],
          [1, 1],
        ]),
      ).mtd,
    ).toBe(1)
  })

  it('PROTOCOL DECISION confirmTopDose: 0/3 at the top dose asks for 3 more', () => {
    const d = play(
      2,
      [
        [1, 0],
        [2, 0],
        [2, 1],
      ],
      true,
    )
    expect(d.map((x) => x.action)).toEqual(['escalate', 'expand', 'stop'])
    expect(d[1]!.rule.id).toBe('expand-top-dose')
    expect(last(d).mtd).toBe(2)
    expect(
      last(
        play(
          2,
          [
            [1, 0],
            [2, 0],
            [2, 2],
          ],
          true,
        ),
      ),
    ).toMatchObject({ action: 'deescalate', nextDose: 1 })
  })

  it('reports impossible states as issues', () => {
    const r = decideThreePlusThree({ n: [4, 0], y: [0, 0], currentDose: 2 })
    expect(r.issues?.map((i) => i.path.join('.'))).toEqual(['n.0', 'currentDose'])
  })
})
