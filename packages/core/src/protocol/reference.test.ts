/**
 * Independent check of the seed protocols' regimen facts against the registry files and the regimen table.
 *
 * Source: ../shared/domain/regimen-and-dosing.md §4 (seed-trial regimens); ../shared/registry/NCT05315778.md
 * (Flu 30 + Cy 300 mg/m²/day, Days −5, −4, −3; 1.0–2.0 ×10⁷/kg), NCT06337474.md (Flu 25 + Cy 1000 mg/m²/day
 * "on day -3"; flat 9 ×10⁹ and 13.5 ×10⁹ cells), NCT06352281.md Notes (abstract: Flu 30 + Cy 300, Days −5 to −3;
 * 1.5 ×10⁵/kg and 3 ×10⁵/kg), NCT06826430.md (Flu + Cy over 3–4 days, doses and dose levels NOT FOUND);
 * "single infusion" / one infusion per subject in every record.
 */
import { describe, expect, it } from 'vitest'
import nct05315778 from '../../../protocols/NCT05315778/protocol.json' with { type: 'json' }
import nct06337474 from '../../../protocols/NCT06337474/protocol.json' with { type: 'json' }
import nct06352281 from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import nct06826430 from '../../../protocols/NCT06826430/protocol.json' with { type: 'json' }
import { parseProtocol } from './parse-protocol.js'
import type { Protocol } from './protocol-schema.js'

function load(json: unknown): Protocol {
  const r = parseProtocol(json)
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
  return r.value
}

/** [drug, mg/m²/day (null = not stated), days] per trial, and the cell doses. */
const REGIMEN: Record<
  string,
  { ld: [string, number | null, number[]][]; doses: unknown[]; enrolment: number }
> = {
  NCT05315778: {
    ld: [
      ['fludarabine', 30, [-5, -4, -3]],
      ['cyclophosphamide', 300, [-5, -4, -3]],
    ],
    doses: [
      { kind: 'per-kg', cellsPerKg: 1.0e7, maxWeightKg: null },
      { kind: 'per-kg', cellsPerKg: 2.0e7, maxWeightKg: null },
    ],
    enrolment: 5,
  },
  NCT06352281: {
    ld: [
      ['fludarabine', 30, [-5, -4, -3]],
      ['cyclophosphamide', 300, [-5, -4, -3]],
    ],
    doses: [
      { kind: 'per-kg', cellsPerKg: 1.5e5, maxWeightKg: null },
      { kind: 'per-kg', cellsPerKg: 3e5, maxWeightKg: null },
    ],
    enrolment: 10,
  },
  NCT06337474: {
    ld: [
      ['fludarabine', 25, [-3]],
      ['cyclophosphamide', 1000, [-3]],
    ],
    doses: [
      { kind: 'flat', cells: 9e9 },
      { kind: 'flat', cells: 13.5e9 },
    ],
    enrolment: 9,
  },
  NCT06826430: {
    ld: [
      ['fludarabine', null, [-5, -4, -3]],
      ['cyclophosphamide', null, [-5, -4, -3]],
    ],
    doses: [{ kind: 'unspecified' }],
    enrolment: 12,
  },
}
const FILES = {
  NCT05315778: nct05315778,
  NCT06352281: nct06352281,
  NCT06337474: nct06337474,
  NCT06826430: nct06826430,
}

describe('seed regimens match the registry (regimen-and-dosing.md §4)', () => {
  it.each(Object.entries(FILES))('%s', (id, json) => {
    const p = load(json)
    const want = REGIMEN[id]!
    expect(p.identification.registryId).toBe(id)
    expect(p.lymphodepletion.drugs.map((d) => [d.name, d.doseMgPerM2PerDay, d.days])).toEqual(want.ld)
    expect(p.arms).toHaveLength(1)
    expect(p.arms[0]?.infusions).toBe(1)
    expect(p.arms[0]?.doseLevels.map((l) => l.dose)).toEqual(
      want.doses.map((d) => expect.objectContaining(d as Record<string, unknown>)),
    )
    expect(p.identification.targetEnrollment?.count).toBe(want.enrolment)
  })
})
