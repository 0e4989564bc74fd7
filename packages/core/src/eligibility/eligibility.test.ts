/**
 * Expression language: Kleene logic, each atom's boundaries, unit conversion, calendar helpers,
 * criterion statuses and the verdict.
 * Source: expression-schema.ts, evaluate-expression.ts, ../shared/domain/README.md "Comparators", "Dates".
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMonths, completedYears } from './calendar.js'
import { evaluateCriterion } from './evaluate-criterion.js'
import { evaluateExpression } from './evaluate-expression.js'
import { EligibilityExpressionSchema } from './expression-schema.js'
import { convertLabValue } from './lab-units.js'
import { parseScreeningProfile } from './parse-profile.js'
import type { ScreeningProfile } from './profile-schema.js'

const asOf = '2025-06-01'
const profile = (p: Partial<ScreeningProfile> = {}): ScreeningProfile => ({
  subjectId: 'T',
  labs: [],
  findings: {},
  serology: [],
  events: {},
  attestations: [],
  ...p,
})
const ev = (expr: unknown, p: Partial<ScreeningProfile> = {}) =>
  evaluateExpression(EligibilityExpressionSchema.parse(expr), {
    profile: profile(p),
    asOf,
    labLookbackDays: 28,
  })
const T = { op: 'finding', name: 't' }
const F = { op: 'finding', name: 'f' }
const U = { op: 'finding', name: 'u' }
const facts = { findings: { t: true, f: false } }

describe('Kleene logic', () => {
  it.each([
    [{ op: 'all', of: [T, U] }, null],
    [{ op: 'all', of: [F, U] }, false],
    [{ op: 'any', of: [T, U] }, true],
    [{ op: 'any', of: [F, U] }, null],
    [{ op: 'not', of: U }, null],
    [{ op: 'not', of: F }, true],
  ])('%j -> %s', (expr, value) => expect(ev(expr, facts).value).toBe(value))
  it('names missing fields only when undecided', () => {
    expect(ev({ op: 'any', of: [F, U] }, facts).missing).toEqual(['findings.u'])
    expect(ev({ op: 'all', of: [F, U] }, facts).missing).toEqual([])
  })
  it('rejects unknown operators and comparators with paths', () => {
    expect(EligibilityExpressionSchema.safeParse({ op: 'eval', code: '1' }).success).toBe(false)
    const r = EligibilityExpressionSchema.safeParse({ op: 'all', of: [{ op: 'age', cmp: '=>', years: 18 }] })
    expect(r.error?.issues[0]?.path).toEqual(['of', 0, 'cmp'])
  })
})

describe('atoms', () => {
  it('age in completed years; missing birth date is missing data', () => {
    expect(ev({ op: 'age', cmp: '>=', years: 18 }, { birthDate: '2007-06-01' }).value).toBe(true)
    expect(ev({ op: 'age', cmp: '>=', years: 18 }, { birthDate: '2007-06-02' }).value).toBe(false)
    expect(ev({ op: 'age', cmp: '>=', years: 18 }).missing).toEqual(['birthDate'])
  })
  it('disease duration > 12 months is exact on the calendar', () => {
    const d = (date: string) =>
      ev({ op: 'diseaseDuration', cmp: '>', months: 12 }, { diagnosis: { date } }).value
    expect(d('2024-06-01')).toBe(false)
    expect(d('2024-05-31')).toBe(true)
  })
  it('labs convert units and compare raw values', () => {
    const crea = (value: number, unit: string) =>
      ev(
        { op: 'lab', test: 'creatinine', cmp: '>', value: 1.5, unit: 'mg/dL' },
        { labs: [{ test: 'creatinine', value, unit, date: asOf }] },
      )
    expect(crea(132.6, 'umol/L').value).toBe(false) // exactly 1.5 mg/dL
    expect(crea(133, 'µmol/L').value).toBe(true)
    expect(crea(1, 'mmol/L').missing).toEqual(['labs.creatinine (unit not convertible to mg/dL)'])
    expect(convertLabValue('platelets', 30, '10^3/µL', 'x10^9/L')).toBe(30)
  })
  it('ULN multiples need the ULN', () => {
    const alt = (l: object) =>
      ev(
        { op: 'labRef', test: 'ALT', cmp: '>', multiple: 3, ref: 'uln' },
        { labs: [{ test: 'ALT', value: 121, unit: 'U/L', date: asOf, ...l }] },
      )
    expect(alt({ uln: 40 }).value).toBe(true)
    expect(alt({}).missing).toEqual(['labs.ALT.uln'])
  })
  it('concomitant use counts the longest run of consecutive days inside the window', () => {
    const run = (meds: ScreeningProfile['medications']) =>
      ev(
        { op: 'concomitantUse', classes: ['nsaid', 'antiplatelet'], minConsecutiveDays: 4, withinDays: 14 },
        { medications: meds },
      ).value
    expect(
      run([
        { name: 'ibuprofen', class: 'nsaid', startDate: '2025-05-20', endDate: '2025-05-21' },
        { name: 'aspirin', class: 'antiplatelet', startDate: '2025-05-22', endDate: '2025-05-23' },
      ]),
    ).toBe(true)
    // window = 2025-05-18 .. 2025-06-01
    const aspirin = (startDate: string, endDate: string | null) => [
      { name: 'aspirin', class: 'antiplatelet' as const, startDate, endDate },
    ]
    expect(run(aspirin('2025-05-10', '2025-05-20'))).toBe(false) // 3 days inside the window
    expect(run(aspirin('2025-05-10', '2025-05-21'))).toBe(true)
    expect(run(aspirin('2025-05-14', '2025-05-17'))).toBe(false) // before the window
    expect(run(aspirin('2025-05-29', null))).toBe(true) // ongoing: 05-29 .. 06-01
    expect(
      run([{ name: 'paracetamol', class: 'other', startDate: '2025-05-20', endDate: '2025-05-30' }]),
    ).toBe(false)
    expect(run(undefined)).toBeNull()
  })
  it('prior therapy counts distinct classes and stays unknown only when the answer depends on missing dates', () => {
    const therapies: ScreeningProfile['therapies'] = [
      { class: 'immunosuppressant', startDate: '2024-01-01', endDate: '2024-02-01', outcome: 'no-response' },
      { class: 'biologic', outcome: 'no-response' },
    ]
    const atom = (count: number) => ({
      op: 'priorTherapy',
      classes: ['immunosuppressant', 'biologic'],
      outcomes: ['no-response'],
      minDurationDays: 90,
      count,
    })
    expect(ev(atom(1), { therapies }).value).toBeNull()
    expect(ev(atom(3), { therapies }).value).toBe(false)
    expect(ev(atom(0), { therapies }).value).toBe(true)
  })
  it('days since therapy: none matching is true, ongoing is 0 days', () => {
    const a = { op: 'daysSinceTherapy', classes: ['rituximab'], cmp: '>=', days: 28 }
    expect(ev(a, { therapies: [] }).value).toBe(true)
    expect(
      ev(a, {
        therapies: [{ class: 'rituximab', startDate: '2025-01-01', endDate: null, outcome: 'ongoing' }],
      }).value,
    ).toBe(false)
    expect(
      ev(a, {
        therapies: [
          { class: 'rituximab', startDate: '2025-01-01', endDate: '2025-05-04', outcome: 'no-response' },
        ],
      }).value,
    ).toBe(true)
    expect(ev(a, { therapies: [{ class: 'rituximab', outcome: 'no-response' }] }).missing).toEqual([
      'therapies[0].endDate',
    ])
  })
  it('events: null = never, months are calendar months', () => {
    const a = { op: 'eventWithin', event: 'trial', within: 1, unit: 'months' }
    expect(ev(a, { events: { trial: null } }).value).toBe(false)
    expect(ev(a, { events: { trial: '2025-05-01' } }).value).toBe(true)
    expect(ev(a, { events: { trial: '2025-04-30' } }).value).toBe(false)
    expect(ev(a).missing).toEqual(['events.trial'])
  })
  it('serology: indeterminate decides nothing', () => {
    expect(
      ev(
        { op: 'serology', test: 'HIV', result: 'positive' },
        { serology: [{ test: 'HIV', result: 'indeterminate', date: asOf }] },
      ).value,
    ).toBeNull()
  })
})

describe('calendar helpers', () => {
  it('adds months with the day clamped', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28')
  })
  it('completed years never exceed the year difference', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1930, max: 2020 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const b = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
          const age = completedYears(b, asOf)
          expect(age === 2025 - y || age === 2024 - y).toBe(true)
        },
      ),
    ))
})

describe('evaluateCriterion', () => {
  const ctx = (p: Partial<ScreeningProfile>) => ({ profile: profile(p), asOf, labLookbackDays: 28 })
  const exc = {
    id: 'EXC-1',
    type: 'exclusion' as const,
    text: 'Pregnancy',
    rule: { kind: 'computable' as const, expr: { op: 'finding' as const, name: 'pregnant' } },
    sources: [{ ref: 'x' }],
  }
  it('an exclusion is met when its condition is absent', () => {
    expect(evaluateCriterion(exc, 'NCT1', ctx({ findings: { pregnant: false } }))).toMatchObject({
      status: 'met',
      condition: false,
    })
    expect(evaluateCriterion(exc, 'NCT1', ctx({ findings: { pregnant: true } }))).toMatchObject({
      status: 'not met',
      condition: true,
    })
    expect(evaluateCriterion(exc, 'NCT1', ctx({}))).toMatchObject({
      status: 'missing data',
      missing: ['findings.pregnant'],
    })
  })
  it('attestations are keyed by protocol and criterion; the latest signature wins', () => {
    const att = {
      id: 'INC-1',
      type: 'inclusion' as const,
      text: 'Consent',
      rule: { kind: 'attestation' as const, statement: 'Consent signed' },
      sources: [{ ref: 'x' }],
    }
    const sig = (protocolId: string, satisfied: boolean, signedOn: string) => ({
      protocolId,
      criterionId: 'INC-1',
      satisfied,
      signedBy: 'Dr A',
      signedOn,
    })
    expect(evaluateCriterion(att, 'NCT1', ctx({ attestations: [sig('NCT2', true, asOf)] })).status).toBe(
      'needs attestation',
    )
    expect(
      evaluateCriterion(
        att,
        'NCT1',
        ctx({ attestations: [sig('NCT1', true, '2025-05-01'), sig('NCT1', false, '2025-05-20')] }),
      ).status,
    ).toBe('not met')
  })
})

describe('parseScreeningProfile', () => {
  it('reports every error with its path', () => {
    const r = parseScreeningProfile({
      subjectId: 'X',
      birthDate: '2025-02-30',
      labs: [{ test: 'platelets', value: '12', unit: '10^9/L', date: asOf }],
    })
    expect(r.issues?.map((i) => i.path.join('.'))).toEqual(['birthDate', 'labs.0.value'])
  })
})
