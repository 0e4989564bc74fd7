import { describe, expect, it } from 'vitest'
import { decideBoin, type BoinDecisionInput } from './boin-decision.js'

const decide = (input: BoinDecisionInput) => {
  const r = decideBoin(input)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.value
}
/** current dose data at dose 2 of 3, so both directions are open */
const mid = (n: number, y: number, target = 0.3) =>
  decide({ target, n: [3, n, 0], y: [0, y, 0], currentDose: 2 })

describe('BOIN decision after a cohort (dose-escalation.md §2.5, examples §2.7)', () => {
  it('D1: n = 3, y = 0 → escalate', () => {
    const d = mid(3, 0)
    expect(d).toMatchObject({ action: 'escalate', nextDose: 3, stopReason: null })
    expect(d.rule.id).toBe('escalate')
    expect(d.rule.source).toMatch(/§2\.5 rule 3/)
  })
  it('D2: n = 3, y = 1 → stay (0 < 1 < 2)', () => {
    expect(mid(3, 1)).toMatchObject({ action: 'stay', nextDose: 2, rule: { id: 'stay' } })
  })
  it('D3: n = 3, y = 1, φ = 0.25 → de-escalate', () => {
    expect(mid(3, 1, 0.25)).toMatchObject({ action: 'deescalate', nextDose: 1, rule: { id: 'deescalate' } })
  })
  it('D4: n = 3, y = 2 → de-escalate, not eliminated (0.9163)', () => {
    const d = mid(3, 2)
    expect(d).toMatchObject({ action: 'deescalate', nextDose: 1, eliminated: [false, false, false] })
  })
  it('D5: n = 3, y = 3 → eliminate this and higher doses, de-escalate; stop at the lowest dose', () => {
    const d = mid(3, 3)
    expect(d).toMatchObject({
      action: 'deescalate',
      nextDose: 1,
      eliminated: [false, true, true],
      rule: { id: 'eliminate-and-deescalate' },
    })
    const low = decide({ target: 0.3, n: [3, 0], y: [3, 0], currentDose: 1 })
    expect(low).toMatchObject({
      action: 'stop',
      nextDose: null,
      stopReason: 'lowest-dose-eliminated',
      eliminated: [true, true],
    })
  })
  it('D6: n = 3, y = 2, φ = 0.25 → de-escalate, not eliminated (0.9492 ≤ 0.95)', () => {
    expect(mid(3, 2, 0.25)).toMatchObject({ action: 'deescalate', eliminated: [false, false, false] })
  })
  it('D7: n = 6, y = 2 → stay', () => {
    expect(mid(6, 2)).toMatchObject({ action: 'stay', nextDose: 2 })
  })
  it('D8: n = 9, y = 2 → escalate', () => {
    expect(mid(9, 2)).toMatchObject({ action: 'escalate', nextDose: 3 })
  })
  it('D9: top dose, n = 6, y = 0 → stay (cannot escalate)', () => {
    expect(decide({ target: 0.3, n: [3, 6], y: [0, 0], currentDose: 2 })).toMatchObject({
      action: 'stay',
      nextDose: 2,
      rule: { id: 'stay-at-top-dose' },
    })
  })

  it('walk-through (2 doses, 3 cohorts of 3): escalate, stay, stay, then the trial ends at 9 patients', () => {
    const design = { target: 0.3, nCohort: 3, cohortSize: 3 }
    expect(decide({ ...design, n: [3, 0], y: [0, 0], currentDose: 1 })).toMatchObject({
      action: 'escalate',
      nextDose: 2,
    })
    expect(decide({ ...design, n: [3, 3], y: [0, 1], currentDose: 2 })).toMatchObject({
      action: 'stay',
      nextDose: 2,
    })
    const last = decide({ ...design, n: [3, 6], y: [0, 2], currentDose: 2 })
    expect(last).toMatchObject({ action: 'stop', stopReason: 'max-sample-size', rule: { id: 'stay' } })
  })

  it('stays when the next dose is eliminated, and at the lowest dose when de-escalation is due', () => {
    expect(
      decide({ target: 0.3, n: [6, 3], y: [0, 3], currentDose: 1, eliminated: [false, true] }),
    ).toMatchObject({
      action: 'stay',
      rule: { id: 'stay-next-dose-eliminated' },
      eliminated: [false, true],
    })
    expect(decide({ target: 0.3, n: [3, 0], y: [2, 0], currentDose: 1 })).toMatchObject({
      action: 'stay',
      rule: { id: 'stay-at-lowest-dose' },
    })
  })

  it('n.earlystop stops the trial when n_d reaches it', () => {
    expect(decide({ target: 0.3, nEarlystop: 9, n: [3, 9], y: [0, 3], currentDose: 2 })).toMatchObject({
      action: 'stop',
      stopReason: 'n-earlystop',
    })
  })

  it('§2.5 rule 2 (elimination) is applied before rule 6 (n.earlystop): the early stop still eliminates', () => {
    // φ = 0.30, n = 6: elim(6) = 4 (§2.4). At the lowest dose: stop with no MTD (rule 2), not an n.earlystop stop.
    expect(decide({ target: 0.3, nEarlystop: 6, n: [6, 0], y: [4, 0], currentDose: 1 })).toMatchObject({
      action: 'stop',
      stopReason: 'lowest-dose-eliminated',
      eliminated: [true, true],
    })
    // At dose 2: doses 2 and 3 are eliminated, then n.earlystop stops the trial.
    expect(decide({ target: 0.3, nEarlystop: 6, n: [3, 6, 0], y: [0, 4, 0], currentDose: 2 })).toMatchObject({
      action: 'stop',
      stopReason: 'n-earlystop',
      eliminated: [false, true, true],
    })
  })

  it('extrasafe: stop when P(p₁ > φ) > cutoffEli − offset at the lowest dose', () => {
    // P(p > 0.3 | 2/3) = 0.9163 > 0.95 − 0.05: stop; without extrasafe de-escalation at the lowest dose → stay
    expect(decide({ target: 0.3, extrasafe: true, n: [3, 0], y: [2, 0], currentDose: 1 })).toMatchObject({
      action: 'stop',
      stopReason: 'extrasafe',
    })
    expect(
      decide({ target: 0.3, extrasafe: true, offset: 0.01, n: [3, 0], y: [2, 0], currentDose: 1 }),
    ).toMatchObject({ action: 'stay' })
  })

  it('reports bad input as issues', () => {
    const r = decideBoin({ target: 0.3, n: [3, 0], y: [4, 0], currentDose: 2 })
    expect(r.ok).toBe(false)
    expect(r.issues?.map((i) => i.path.join('.'))).toEqual(['n.0', 'currentDose'])
  })
})
