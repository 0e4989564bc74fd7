/**
 * The seed protocols (packages/protocols/<NCT>/protocol.json) run through dosing and the visit calendar.
 * Source: regimen-and-dosing.md §3-§4 (seed regimens), §6 (schedule).
 */
import { describe, expect, it } from 'vitest'
import nct05315778 from '../../../protocols/NCT05315778/protocol.json' with { type: 'json' }
import nct06337474 from '../../../protocols/NCT06337474/protocol.json' with { type: 'json' }
import nct06352281 from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import nct06826430 from '../../../protocols/NCT06826430/protocol.json' with { type: 'json' }
import { cellDoseTarget } from '../dosing/cell-dose.js'
import { ldDosePlan } from '../dosing/lymphodepletion-doses.js'
import { parseProtocol } from '../protocol/parse-protocol.js'
import type { Protocol } from '../protocol/protocol-schema.js'
import { visitCalendar } from './visit-calendar.js'

function load(json: unknown): Protocol {
  const r = parseProtocol(json)
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
  return r.value
}
const adult = {
  heightCm: 165,
  weightKg: 60,
  ageYears: 40,
  sex: 'female' as const,
  serumCreatinine: { value: 0.8, unit: 'mg/dL' as const },
}

describe('seed protocols through dosing and scheduling', () => {
  it('NCT05315778: Flu 30 + Cy 300 x Days -5..-3 -> 49.8 / 498 mg at 1.66 m2; 1.0e7/kg x 60 kg = 6.0e8', () => {
    const p = load(nct05315778)
    const plan = ldDosePlan(p.lymphodepletion, adult)
    expect(plan.value?.drugs.map((d) => [d.name, d.dailyCalculatedMg, d.courseCalculatedMg])).toEqual([
      ['fludarabine', 49.8, 149.4],
      ['cyclophosphamide', 498, 1494],
    ])
    const dl1 = p.arms[0]?.doseLevels[0]
    expect(dl1 && cellDoseTarget(dl1.dose, 60).value?.targetCells).toBe(6e8)
  })

  it('NCT06337474 (KN5501): Flu 25 + Cy 1000 -> 41.5 / 1660 mg; flat 9e9 cells', () => {
    const p = load(nct06337474)
    expect(ldDosePlan(p.lymphodepletion, adult).value?.drugs.map((d) => d.dailyCalculatedMg)).toEqual([
      41.5, 1660,
    ])
    const dl1 = p.arms[0]?.doseLevels[0]
    expect(dl1 && cellDoseTarget(dl1.dose, null).value?.targetCells).toBe(9e9)
  })

  it('NCT06352281: child 128 cm / 25 kg (Schwartz) -> Flu 28.2 mg; 1.5e5/kg x 25 kg = 3.75e6', () => {
    const p = load(nct06352281)
    const child = {
      heightCm: 128,
      weightKg: 25,
      ageYears: 10,
      sex: 'male' as const,
      serumCreatinine: { value: 0.45, unit: 'mg/dL' as const },
      idmsTraceable: true,
    }
    const plan = ldDosePlan(p.lymphodepletion, child)
    expect(plan.value?.drugs[0]?.renalAdjustment?.renal.method).toBe('bedside-schwartz')
    expect(plan.value?.drugs[0]?.dailyCalculatedMg).toBe(28.2)
    const dl1 = p.arms[0]?.doseLevels[0]
    expect(dl1 && cellDoseTarget(dl1.dose, 25).value?.targetCells).toBe(3.75e6)
  })

  it('NCT06826430: doses not in the record are refused, the schedule still runs to Day 672', () => {
    const p = load(nct06826430)
    expect(
      ldDosePlan(p.lymphodepletion, adult).issues?.some((i) => i.code === 'dosing.dose_not_defined'),
    ).toBe(true)
    const dl1 = p.arms[0]?.doseLevels[0]
    expect(dl1 && cellDoseTarget(dl1.dose, 60).issues?.[0]?.code).toBe('dosing.dose_not_defined')
    const cal = visitCalendar(p.visitSchedule.visits, '2024-03-01', { lymphodepletion: p.lymphodepletion })
    expect(cal.value?.[0]).toMatchObject({ visitId: 'ld-day--5', targetDate: '2024-02-25' })
    expect(cal.value?.at(-1)).toMatchObject({ day: 672, targetDate: '2026-01-02', windowStart: '2025-12-19' })
  })
})
