/**
 * Independent differential check of the ASTCT 2019 CRS and ICANS engines against small reference implementations
 * written from ../shared/domain/safety-grading.md §1-2 alone (each rule cites its section).
 * Fixed seed for committed runs; property runs compare the engine with the reference on generated inputs,
 * including boundary values (38.0 °C, 6 L/min, ICE 2/3/6/7/9/10, CAPD 0/1/8/9) and missing components.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gradeCrsDay, type CrsDailyFindings, type OxygenDelivery, type OxygenSupport, type VasopressorAgent, type VasopressorUse } from './astct-crs-2019.js'
import { gradeCrsCourse, type CrsTreatment } from './astct-crs-course-2019.js'
import { gradeIcansDay, type ConsciousnessLevel, type IcansDailyFindings, type RaisedIcpFinding, type SeizureFinding } from './astct-icans-2019.js'
import { iceScore, type IceItems } from './astct-ice-2019.js'
import { ageInCompletedYears, selectIcansTool } from './astct-icans-tool-2019.js'

const FC = { seed: 20261207, numRuns: 300 } as const

// ---------------------------------------------------------------------------------------------------------------
// Reference implementation (safety-grading.md only)
// ---------------------------------------------------------------------------------------------------------------

type RefBp = 'NONE' | 'NO_PRESSOR' | 'ONE_PRESSOR' | 'MULTI_PRESSOR'
type RefO2 = 'NONE' | 'LOW_FLOW' | 'HIGH_FLOW' | 'POSITIVE_PRESSURE'

/** §1.1 hypoxia column; CRS-8 comfort oxygen and CRS-4 other-cause hypoxia are not CRS hypoxia. */
function refO2(o: OxygenSupport): RefO2 {
  if (o.delivery === 'none' || o.forComfortOnly || o.attributableToOtherCause) return 'NONE' // CRS-8, CRS-4
  switch (o.delivery) {
    case 'blow-by':
      return 'LOW_FLOW' // §1.1 grade 2 "blow-by oxygen"
    case 'nasal-cannula':
      return (o.flowLPerMin as number) <= 6 ? 'LOW_FLOW' : 'HIGH_FLOW' // §1.1 ≤ 6 L/min low-flow, > 6 high-flow (C5, C6)
    case 'high-flow-nasal-cannula':
      // §1.1 defines high-flow nasal cannula by its flow (> 6 L/min): a recorded flow ≤ 6 is low-flow (third check)
      return o.flowLPerMin != null && o.flowLPerMin <= 6 ? 'LOW_FLOW' : 'HIGH_FLOW'
    case 'facemask':
    case 'non-rebreather':
    case 'venturi-mask':
      return 'HIGH_FLOW' // §1.1 grade 3
    case 'cpap':
    case 'bipap':
    case 'mechanical-ventilation':
      return 'POSITIVE_PRESSURE' // §1.1 grade 4
  }
}

/** §1.1 hypotension column; CRS-6 vasopressin not counted toward "multiple"; CRS-4 other cause. */
function refBp(hypotension: boolean, pressors: readonly VasopressorUse[], otherCause: boolean): RefBp {
  if (otherCause) return 'NONE' // CRS-4
  const key = (p: VasopressorUse) => (p.agent === 'other' ? `other:${p.name ?? ''}` : p.agent)
  const counted = new Set(pressors.filter((p) => p.agent !== 'vasopressin').map(key))
  if (counted.size >= 2) return 'MULTI_PRESSOR' // CRS-6: norepinephrine + epinephrine = 4
  if (pressors.length >= 1) return 'ONE_PRESSOR' // §1.1 "one vasopressor, with or without vasopressin"
  return hypotension ? 'NO_PRESSOR' : 'NONE'
}

/** §1.3 algorithm, verbatim. */
function refCrs(x: { tempC: number; feverOtherCause: boolean; masked: boolean; diagnosed: boolean; bp: RefBp; o2: RefO2; death: boolean }): number {
  if (x.death) return 5
  const fever = x.tempC >= 38.0 && !x.feverOtherCause // CRS-1
  const feverOk = fever || (x.diagnosed && x.masked && (x.bp !== 'NONE' || x.o2 !== 'NONE')) // CRS-2
  if (!feverOk) return 0
  const hyp = { NONE: 1, NO_PRESSOR: 2, ONE_PRESSOR: 3, MULTI_PRESSOR: 4 }[x.bp]
  const oxy = { NONE: 1, LOW_FLOW: 2, HIGH_FLOW: 3, POSITIVE_PRESSURE: 4 }[x.o2]
  return Math.max(hyp, oxy) // CRS-3
}

/** The set of reference grades over every way of filling in the missing components (ICANS-6 spirit: missing ≠ normal). */
function refCrsCompletions(f: CrsDailyFindings, masked: boolean, diagnosed: boolean): number[] {
  const temps = f.maxTemperatureC == null ? [37.0, 39.0] : [f.maxTemperatureC]
  // hypotension not assessed: an empty vasopressor list is not proof that none was needed, so the completion
  // ranges over no hypotension, fluids only, one vasopressor and multiple vasopressors (engine convention, atMost 4)
  const hypCompletions: [boolean, readonly VasopressorUse[]][] =
    f.hypotension == null
      ? [[false, f.vasopressors ?? []], [true, f.vasopressors ?? []], [true, [{ agent: 'norepinephrine' }]], [true, [{ agent: 'norepinephrine' }, { agent: 'epinephrine' }]]]
      : [[f.hypotension, f.vasopressors ?? []]]
  const hyps = (f.vasopressors ?? []).length > 0 ? [[f.hypotension ?? true, f.vasopressors ?? []] as [boolean, readonly VasopressorUse[]]] : hypCompletions
  const allO2: OxygenSupport[] = [{ delivery: 'none' }, { delivery: 'nasal-cannula', flowLPerMin: 2 }, { delivery: 'facemask' }, { delivery: 'bipap' }]
  const o2s: OxygenSupport[] =
    f.oxygen === null ? allO2 : f.oxygen.delivery === 'nasal-cannula' && f.oxygen.flowLPerMin == null ? [2, 7].map((flowLPerMin) => ({ ...f.oxygen, flowLPerMin }) as OxygenSupport) : [f.oxygen]
  const out: number[] = []
  for (const tempC of temps)
    for (const [h, pressors] of hyps)
      for (const o of o2s)
        out.push(
          refCrs({
            tempC, feverOtherCause: f.feverAttributableToOtherCause === true, masked, diagnosed, death: f.deathDueToCrs === true,
            bp: refBp(h, pressors, f.hypotensionAttributableToOtherCause === true), o2: refO2(o),
          }),
        )
  return out
}

/** ICANS-5: completed years on the assessment date (birthday not yet reached this year ⇒ one year less). */
function refAge(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** §2.5 algorithm, verbatim (domains attributable to another cause are dropped, ICANS-1). */
function refIcans(x: {
  tool: 'ICE' | 'CAPD'; ice: number | null; iceUnarousable: boolean; capd: number | null; capdUnable: boolean
  consciousness: ConsciousnessLevel; seizure: SeizureFinding; weakness: boolean; icp: RaisedIcpFinding; death: boolean
}): number {
  if (x.death) return 5
  let g = 0
  if (x.tool === 'ICE') {
    if (x.iceUnarousable) g = Math.max(g, 4) // ICANS-2
    else if (x.ice !== null) g = Math.max(g, x.ice <= 2 ? 3 : x.ice <= 6 ? 2 : x.ice <= 9 ? 1 : 0) // §2.2
  } else {
    if (x.capdUnable) g = Math.max(g, 4) // §2.3
    else if (x.capd !== null) g = Math.max(g, x.capd >= 9 ? 3 : x.capd >= 1 ? 1 : 0)
  }
  g = Math.max(g, { normal: 0, 'awakens-spontaneously': 1, 'awakens-to-voice': 2, 'awakens-to-tactile': 3, unarousable: 4 }[x.consciousness])
  g = Math.max(g, { none: 0, 'rapidly-resolving': 3, 'prolonged-or-repetitive': 4 }[x.seizure])
  g = Math.max(g, x.weakness ? 4 : 0)
  g = Math.max(g, { none: 0, 'focal-oedema': 3, 'diffuse-oedema-or-signs': 4 }[x.icp])
  return g
}

const crsGrade = (f: CrsDailyFindings, masked = false, diagnosed = masked) => {
  const o = gradeCrsDay(f, { crsAlreadyDiagnosed: diagnosed, maskingTherapyGivenSinceOnset: masked })
  return o.kind === 'graded' ? o.grade : { atLeast: o.atLeast, atMost: o.atMost }
}

// ---------------------------------------------------------------------------------------------------------------
// Worked examples C1-C12 through the reference (the engine side is covered in astct-crs-2019.test.ts)
// ---------------------------------------------------------------------------------------------------------------

describe('reference CRS reproduces the §1.4 worked examples, and so does the engine', () => {
  const none: OxygenSupport = { delivery: 'none' }
  const nc = (flowLPerMin: number): OxygenSupport => ({ delivery: 'nasal-cannula', flowLPerMin })
  const cases: [string, CrsDailyFindings, boolean, number][] = [
    ['C1', { day: 1, maxTemperatureC: 38.6, hypotension: false, oxygen: none }, false, 1],
    ['C2', { day: 1, maxTemperatureC: 38.0, hypotension: false, oxygen: none }, false, 1],
    ['C3', { day: 1, maxTemperatureC: 37.9, hypotension: false, oxygen: nc(2) }, false, 0],
    ['C4', { day: 1, maxTemperatureC: 39.1, hypotension: true, oxygen: nc(2) }, false, 2],
    ['C5', { day: 1, maxTemperatureC: 38.4, hypotension: false, oxygen: nc(6) }, false, 2],
    ['C6', { day: 1, maxTemperatureC: 38.4, hypotension: false, oxygen: nc(7) }, false, 3],
    ['C7', { day: 1, maxTemperatureC: 39.5, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }], oxygen: nc(2) }, false, 3],
    ['C8', { day: 3, maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'vasopressin' }], oxygen: none }, true, 3],
    ['C9', { day: 3, maxTemperatureC: 36.8, hypotension: true, vasopressors: [{ agent: 'norepinephrine' }, { agent: 'epinephrine' }], oxygen: none }, true, 4],
    ['C10', { day: 2, maxTemperatureC: 37.3, hypotension: true, oxygen: none }, true, 2],
    ['C11', { day: 1, maxTemperatureC: 38.9, hypotension: false, oxygen: { delivery: 'bipap' } }, false, 4],
    ['C12', { day: 1, maxTemperatureC: 39, hypotension: false, oxygen: none }, false, 1],
  ]
  for (const [id, f, masked, expected] of cases)
    it(`${id} → ${expected}`, () => {
      const ref = refCrsCompletions(f, masked, masked)
      expect(ref).toEqual([expected])
      expect(crsGrade(f, masked)).toBe(expected)
    })
})

// ---------------------------------------------------------------------------------------------------------------
// Generated CRS days
// ---------------------------------------------------------------------------------------------------------------

const AGENTS: VasopressorAgent[] = ['norepinephrine', 'epinephrine', 'dopamine', 'phenylephrine', 'vasopressin', 'other']
const DELIVERIES: OxygenDelivery[] = ['none', 'blow-by', 'nasal-cannula', 'high-flow-nasal-cannula', 'facemask', 'non-rebreather', 'venturi-mask', 'cpap', 'bipap', 'mechanical-ventilation']

const tempArb = fc.oneof(
  fc.constantFrom(37.9, 37.99, 37.999, 38, 38.0, 38.01, 36.8, 39.5),
  fc.double({ min: 35, max: 41.5, noNaN: true }),
)
const flowArb = fc.oneof(fc.constantFrom(0, 0.5, 5.9, 5.99, 6, 6.0, 6.01, 6.1, 7, 15), fc.double({ min: 0, max: 60, noNaN: true }))
const pressorArb: fc.Arbitrary<VasopressorUse> = fc.record({ agent: fc.constantFrom(...AGENTS), name: fc.option(fc.constantFrom('angiotensin II', 'milrinone'), { nil: undefined }) }).map((p) =>
  p.name === undefined ? { agent: p.agent } : { agent: p.agent, name: p.name },
)
const oxygenArb: fc.Arbitrary<OxygenSupport> = fc
  .record({ delivery: fc.constantFrom(...DELIVERIES), flow: flowArb, comfort: fc.boolean(), other: fc.boolean(), rare: fc.nat(9) })
  .map(({ delivery, flow, comfort, other, rare }) => ({
    delivery,
    ...(delivery === 'none' ? {} : { flowLPerMin: flow }),
    ...(rare === 0 ? { forComfortOnly: comfort } : {}),
    ...(rare === 1 ? { attributableToOtherCause: other } : {}),
  }))

const crsDayArb = fc.record({
  temp: tempArb,
  feverOther: fc.nat(9).map((n) => n === 0),
  hypotension: fc.boolean(),
  hypoOther: fc.nat(9).map((n) => n === 0),
  pressors: fc.array(pressorArb, { maxLength: 3 }),
  oxygen: oxygenArb,
  death: fc.nat(40).map((n) => n === 0),
  masked: fc.boolean(),
  diagnosed: fc.boolean(),
})

describe('generated CRS days: engine = reference (§1.3, CRS-1…CRS-8)', () => {
  it('fully recorded days are graded exactly as the reference', () => {
    fc.assert(
      fc.property(crsDayArb, (x) => {
        const f: CrsDailyFindings = {
          day: 2, maxTemperatureC: x.temp, hypotension: x.hypotension, vasopressors: x.pressors, oxygen: x.oxygen,
          ...(x.feverOther ? { feverAttributableToOtherCause: true } : {}),
          ...(x.hypoOther ? { hypotensionAttributableToOtherCause: true } : {}),
          ...(x.death ? { deathDueToCrs: true } : {}),
        }
        const ref = refCrsCompletions(f, x.masked, x.diagnosed)
        expect(ref).toHaveLength(1)
        expect(crsGrade(f, x.masked, x.diagnosed)).toBe(ref[0])
      }),
      FC,
    )
  })

  it('days with missing components: graded iff every completion agrees, else the [min, max] of the completions', () => {
    fc.assert(
      fc.property(
        crsDayArb,
        fc.record({ noTemp: fc.boolean(), noHyp: fc.boolean(), noO2: fc.boolean(), noFlow: fc.boolean() }),
        (x, miss) => {
          const oxygen: OxygenSupport | null = miss.noO2 ? null : miss.noFlow && x.oxygen.delivery === 'nasal-cannula' ? { ...x.oxygen, flowLPerMin: null } : x.oxygen
          const f: CrsDailyFindings = {
            day: 2, maxTemperatureC: miss.noTemp ? null : x.temp, hypotension: miss.noHyp ? null : x.hypotension, vasopressors: x.pressors, oxygen,
            // the other-cause flag qualifies a measured fever (CRS-1); with no temperature it is not combined here
            ...(x.feverOther && !miss.noTemp ? { feverAttributableToOtherCause: true } : {}),
            ...(x.death ? { deathDueToCrs: true } : {}),
          }
          const ref = refCrsCompletions(f, x.masked, x.diagnosed)
          const lo = Math.min(...ref)
          const hi = Math.max(...ref)
          expect(crsGrade(f, x.masked, x.diagnosed)).toEqual(lo === hi ? lo : { atLeast: lo, atMost: hi })
        },
      ),
      FC,
    )
  })
})

describe('CRS-6 agent counting', () => {
  it('two distinct named "other" products are multiple vasopressors; the same agent twice plus vasopressin is one', () => {
    // CRS-6 counts distinct non-vasopressin agents; named products are distinct agents
    const f = (vasopressors: VasopressorUse[]): CrsDailyFindings => ({ day: 1, maxTemperatureC: 38.5, hypotension: true, vasopressors, oxygen: { delivery: 'none' } })
    expect(crsGrade(f([{ agent: 'other', name: 'angiotensin II' }, { agent: 'other', name: 'milrinone' }]))).toBe(4)
    expect(crsGrade(f([{ agent: 'norepinephrine' }, { agent: 'norepinephrine' }, { agent: 'vasopressin' }]))).toBe(3)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// CRS course: masking only after diagnosis (CRS-2) and only while hypotension/hypoxia persists (§1.3)
// ---------------------------------------------------------------------------------------------------------------

describe('generated CRS courses: day grades follow the reference with the CRS-2 masking state carried over', () => {
  it('each day grade equals the reference given the episode/masking state the doc defines', () => {
    const dayArb = fc.record({
      temp: fc.constantFrom(36.8, 37.9, 38.0, 39.2),
      hyp: fc.boolean(),
      pressors: fc.array(fc.constantFrom<VasopressorAgent>('norepinephrine', 'epinephrine', 'vasopressin'), { maxLength: 2 }),
      o2: fc.constantFrom<OxygenSupport>({ delivery: 'none' }, { delivery: 'nasal-cannula', flowLPerMin: 6 }, { delivery: 'nasal-cannula', flowLPerMin: 6.5 }, { delivery: 'bipap' }),
      toci: fc.nat(4).map((n) => n === 0),
    })
    fc.assert(
      fc.property(fc.array(dayArb, { minLength: 1, maxLength: 8 }), (xs) => {
        const findings: CrsDailyFindings[] = xs.map((x, day) => ({ day, maxTemperatureC: x.temp, hypotension: x.hyp, vasopressors: x.pressors.map((agent) => ({ agent })), oxygen: x.o2 }))
        const treatments: CrsTreatment[] = xs.flatMap((x, day) => (x.toci ? [{ day, class: 'tocilizumab' as const }] : []))
        const r = gradeCrsCourse(findings, treatments)
        // reference state machine: an episode opens on a grade ≥ 1 day, closes on the first day afebrile (< 38.0),
        // off vasopressors and off oxygen with grade 0 (CRS-7 PROTOCOL DECISION default)
        let onset: number | null = null
        const expected: number[] = []
        findings.forEach((f, day) => {
          const masked = onset !== null && treatments.some((t) => t.day >= (onset as number) && t.day <= day)
          const g = refCrs({ tempC: f.maxTemperatureC as number, feverOtherCause: false, masked, diagnosed: onset !== null, death: false, bp: refBp(f.hypotension as boolean, f.vasopressors ?? [], false), o2: refO2(f.oxygen as OxygenSupport) })
          expected.push(g)
          if (g >= 1 && onset === null) onset = day
          else if (g === 0 && onset !== null && (f.maxTemperatureC as number) < 38 && (f.vasopressors ?? []).length === 0 && f.oxygen?.delivery === 'none') onset = null
        })
        expect(r.days.map((d) => (d.outcome.kind === 'graded' ? d.outcome.grade : 'NE'))).toEqual(expected)
        expect(r.maxGrade).toBe(Math.max(0, ...expected))
      }),
      FC,
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// ICANS
// ---------------------------------------------------------------------------------------------------------------

const icansGrade = (f: IcansDailyFindings) => {
  const o = gradeIcansDay(f)
  return o.kind === 'graded' ? o.grade : { atLeast: o.atLeast, atMost: o.atMost }
}
const icansDay = (x: Partial<IcansDailyFindings>): IcansDailyFindings => ({ day: 3, encephalopathy: { tool: 'ICE', score: 10 }, consciousness: 'normal', seizure: 'none', deepFocalMotorWeakness: false, raisedIcp: 'none', ...x })

describe('reference ICANS reproduces the §2.6 worked examples, and so does the engine', () => {
  const R = (x: Partial<Parameters<typeof refIcans>[0]>) =>
    refIcans({ tool: 'ICE', ice: 10, iceUnarousable: false, capd: null, capdUnable: false, consciousness: 'normal', seizure: 'none', weakness: false, icp: 'none', death: false, ...x })
  const cases: [string, number, Partial<Parameters<typeof refIcans>[0]>, Partial<IcansDailyFindings>, number][] = [
    ['N1', 40, { ice: 8 }, { encephalopathy: { tool: 'ICE', score: 8 } }, 1],
    ['N2', 40, { ice: 10 }, {}, 0],
    ['N3', 40, { ice: 5, consciousness: 'awakens-to-voice' }, { encephalopathy: { tool: 'ICE', score: 5 }, consciousness: 'awakens-to-voice' }, 2],
    ['N4', 25, { ice: 2 }, { encephalopathy: { tool: 'ICE', score: 2 } }, 3],
    ['N5', 25, { ice: 0 }, { encephalopathy: { tool: 'ICE', score: 0 } }, 3],
    ['N6', 25, { ice: 0, iceUnarousable: true, consciousness: 'unarousable' }, { encephalopathy: { tool: 'ICE', score: 0, unarousable: true }, consciousness: 'unarousable' }, 4],
    ['N7', 40, { ice: 9, seizure: 'rapidly-resolving' }, { encephalopathy: { tool: 'ICE', score: 9 }, seizure: 'rapidly-resolving' }, 3],
    ['N8', 40, { ice: 7, icp: 'diffuse-oedema-or-signs' }, { encephalopathy: { tool: 'ICE', score: 7 }, raisedIcp: 'diffuse-oedema-or-signs' }, 4],
    ['N9', 40, { ice: 10 }, {}, 0],
    ['N10', 17, { ice: 6 }, { encephalopathy: { tool: 'ICE', score: 6 }, intracranialHaemorrhage: true }, 2],
    ['N11', 9, { tool: 'CAPD', capd: 6, consciousness: 'awakens-spontaneously' }, { encephalopathy: { tool: 'CAPD', total: 6 }, consciousness: 'awakens-spontaneously' }, 1],
    ['N12', 9, { tool: 'CAPD', capd: 6, consciousness: 'awakens-to-voice' }, { encephalopathy: { tool: 'CAPD', total: 6 }, consciousness: 'awakens-to-voice' }, 2],
    ['N13', 9, { tool: 'CAPD', capd: 12 }, { encephalopathy: { tool: 'CAPD', total: 12 } }, 3],
    ['N14', 8, { tool: 'CAPD', capdUnable: true, consciousness: 'unarousable' }, { encephalopathy: { tool: 'CAPD', unableToPerform: true }, consciousness: 'unarousable' }, 4],
    ['N16', 13, { ice: 6 }, { encephalopathy: { tool: 'ICE', score: 6 } }, 2],
  ]
  for (const [id, age, refIn, engIn, expected] of cases)
    it(`${id} (age ${age}) → ${expected}`, () => {
      expect(R(refIn)).toBe(expected)
      expect(icansGrade(icansDay(engIn))).toBe(expected)
      expect(selectIcansTool({ birthDate: `${2025 - age - 1}-12-31`, assessmentDate: '2025-06-01' }).tool).toBe(age <= 12 ? 'CAPD' : 'ICE')
    })
  it('N15 birthday 12 years ago last month → CAPD', () => {
    expect(refAge('2013-05-10', '2025-06-01')).toBe(12)
    expect(selectIcansTool({ birthDate: '2013-05-10', assessmentDate: '2025-06-01' }).tool).toBe('CAPD')
  })
})

const CONSC: ConsciousnessLevel[] = ['normal', 'awakens-spontaneously', 'awakens-to-voice', 'awakens-to-tactile', 'unarousable']
const SEIZ: SeizureFinding[] = ['none', 'rapidly-resolving', 'prolonged-or-repetitive']
const ICP: RaisedIcpFinding[] = ['none', 'focal-oedema', 'diffuse-oedema-or-signs']

const icansArb = fc.record({
  tool: fc.constantFrom<'ICE' | 'CAPD'>('ICE', 'CAPD'),
  ice: fc.oneof(fc.constantFrom(0, 2, 3, 6, 7, 9, 10), fc.integer({ min: 0, max: 10 })),
  capd: fc.oneof(fc.constantFrom(0, 1, 8, 9, 32), fc.integer({ min: 0, max: 32 })),
  unable: fc.nat(6).map((n) => n === 0),
  consciousness: fc.constantFrom(...CONSC),
  seizure: fc.constantFrom(...SEIZ),
  weakness: fc.boolean(),
  icp: fc.constantFrom(...ICP),
  death: fc.nat(40).map((n) => n === 0),
  other: fc.record({ encephalopathy: fc.boolean(), consciousness: fc.boolean(), seizure: fc.boolean(), motor: fc.boolean(), raisedIcp: fc.boolean() }),
  useOther: fc.nat(3).map((n) => n === 0),
  missing: fc.record({ enc: fc.boolean(), consciousness: fc.boolean(), seizure: fc.boolean(), motor: fc.boolean(), icp: fc.boolean() }),
  useMissing: fc.boolean(),
})

describe('generated ICANS days: engine = reference (§2.5, ICANS-1, ICANS-2, ICANS-6)', () => {
  it('graded exactly as the reference when complete; [known floor, 4] when a domain is not assessed', () => {
    fc.assert(
      fc.property(icansArb, (x) => {
        const miss = x.useMissing ? x.missing : { enc: false, consciousness: false, seizure: false, motor: false, icp: false }
        const other = x.useOther ? x.other : { encephalopathy: false, consciousness: false, seizure: false, motor: false, raisedIcp: false }
        const f: IcansDailyFindings = {
          day: 4,
          encephalopathy: miss.enc ? null : x.tool === 'ICE' ? { tool: 'ICE', score: x.ice, unarousable: x.unable } : { tool: 'CAPD', total: x.capd, unableToPerform: x.unable },
          consciousness: miss.consciousness ? null : x.consciousness,
          seizure: miss.seizure ? null : x.seizure,
          deepFocalMotorWeakness: miss.motor ? null : x.weakness,
          raisedIcp: miss.icp ? null : x.icp,
          attributableToOtherCause: other,
          ...(x.death ? { deathDueToIcans: true } : {}),
        }
        // ICANS-1: a domain attributable to another cause is not counted; ICANS-6: a missing domain is unknown
        const known = refIcans({
          tool: x.tool, ice: miss.enc || other.encephalopathy ? null : x.ice, iceUnarousable: !miss.enc && !other.encephalopathy && x.tool === 'ICE' && x.unable,
          capd: miss.enc || other.encephalopathy ? null : x.capd, capdUnable: !miss.enc && !other.encephalopathy && x.tool === 'CAPD' && x.unable,
          consciousness: miss.consciousness || other.consciousness ? 'normal' : x.consciousness, seizure: miss.seizure || other.seizure ? 'none' : x.seizure,
          weakness: !miss.motor && !other.motor && x.weakness, icp: miss.icp || other.raisedIcp ? 'none' : x.icp, death: x.death,
        })
        const anyMissing = miss.enc || miss.consciousness || miss.seizure || miss.motor || miss.icp
        // a missing domain can always still reach 4 (unarousable / prolonged seizure / weakness / diffuse oedema)
        const expected = x.death || !anyMissing || known === 4 ? known : { atLeast: known, atMost: 4 }
        expect(icansGrade(f)).toEqual(expected)
      }),
      FC,
    )
  })

  it('ICE from items = number of items done (§2.1); any unassessed item is not evaluable', () => {
    const item = fc.option(fc.boolean(), { nil: null, freq: 8 })
    fc.assert(
      fc.property(fc.array(item, { minLength: 10, maxLength: 10 }), (v) => {
        const items: IceItems = {
          orientation: { year: v[0] ?? null, month: v[1] ?? null, city: v[2] ?? null, hospital: v[3] ?? null },
          naming: [v[4] ?? null, v[5] ?? null, v[6] ?? null], followsCommands: v[7] ?? null, writesStandardSentence: v[8] ?? null, countsBackwardsBy10: v[9] ?? null,
        }
        const r = iceScore(items)
        if (v.some((b) => b === null)) expect(r.kind).toBe('not-evaluable')
        else expect(r).toEqual({ kind: 'scored', total: v.filter((b) => b === true).length })
      }),
      FC,
    )
  })
})

describe('ICANS-5 tool selection by completed age, across leap years', () => {
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
  it('age in completed years and the ≤ 12 ⇒ CAPD cut-off match the reference', () => {
    const day = 86_400_000
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1) / day, max: Date.UTC(2024, 11, 31) / day }),
        fc.oneof(fc.integer({ min: 0, max: 80 * 366 }), fc.constantFrom(...[12, 13].flatMap((y) => [-1, 0, 1].map((d) => Math.round(y * 365.25) + d)))),
        fc.boolean(),
        (b, delta, delay) => {
          const birth = iso(b * day)
          const on = iso((b + delta) * day)
          const age = refAge(birth, on)
          expect(ageInCompletedYears(birth, on)).toBe(age)
          expect(selectIcansTool({ birthDate: birth, assessmentDate: on, developmentalDelay: delay }).tool).toBe(delay || age <= 12 ? 'CAPD' : 'ICE')
        },
      ),
      FC,
    )
  })
  it('Feb 29 birthdays: 13th birthday reached on Mar 1 in a common year (Feb 28 is still 12 ⇒ CAPD)', () => {
    expect(refAge('2012-02-29', '2025-02-28')).toBe(12)
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2025-02-28' }).tool).toBe('CAPD')
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2025-03-01' }).tool).toBe('ICE')
    expect(selectIcansTool({ birthDate: '2012-02-29', assessmentDate: '2024-02-29' }).tool).toBe('CAPD')
  })
})
