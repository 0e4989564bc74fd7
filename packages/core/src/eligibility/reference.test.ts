/**
 * Independent check of the eligibility engine on the four seed protocols against small reference
 * implementations written from the registry files and the domain conventions, on boundary cases and on
 * generated inputs (fast-check, fixed seed).
 *
 * Source: ../shared/registry/NCT06352281.md (inclusion 2 "aged 8-75", 3 "chronic (>12 months)", 5 "Platelet
 * count <30", 6 "stable (at least 2 weeks prior to screening)", exclusion 4 "> 3 consecutive days within 2
 * weeks", 18 "in the 4 weeks prior"); NCT05315778.md ("Ages 18-65 years inclusive"); NCT06826430.md ("18-70
 * years (including 18 and 70 years)", "at least two consecutive ... platelet counts <50x10^9/L");
 * NCT06337474.md (inclusion 1 "≥ 18 years old and ≤ 65 years old", 9 "ECOG score ≤ 1", 10 "LVEF ≥50%", 11 "≥ 4
 * weeks after ... last dose", exclusion 11 "within 3 month"); ../shared/domain/README.md "Comparators" ("below"
 * = `<`, "at least" = `>=`), "Dates" (calendar arithmetic, leap years), glossary (chronic = >12 months).
 *
 * The reference date arithmetic uses `Date.UTC`, not the engine's day-count algorithm. Age is completed years
 * on the screening date; a 29 February birthday is reached on 1 March in common years (the engine's documented
 * decision, calendar.ts; no doc states a rule).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AS_OF,
  changzhouCandidate,
  kunmingCandidate,
  pekingCandidate,
  soochowCandidate,
} from '../../../protocols/src/screening-cases.js'
import { SEED_PROTOCOLS } from '../protocol/fixtures/seed-protocols.js'
import type { Protocol } from '../protocol/protocol-schema.js'
import type { LabResult, PriorTherapy, ScreeningProfile } from './profile-schema.js'
import { screenSubject } from './screen-subject.js'

const FC = { seed: 20261207, numRuns: 200 }

const P = SEED_PROTOCOLS
type TrialId = keyof typeof P
const CANDIDATE: Record<TrialId, (p: Protocol) => ScreeningProfile> = {
  NCT06352281: kunmingCandidate,
  NCT05315778: soochowCandidate,
  NCT06826430: pekingCandidate,
  NCT06337474: changzhouCandidate,
}
const TRIALS = Object.keys(P) as TrialId[]

// ---- reference helpers (Date.UTC, independent of the engine's calendar code) ----
const DAY = 86_400_000
const toDays = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY
const fromDays = (n: number) => new Date(n * DAY).toISOString().slice(0, 10)
const plusDays = (d: string, n: number) => fromDays(toDays(d) + n)
/** Completed years: the year difference, minus one while the month-day of asOf is before the birth month-day. */
const refAge = (birth: string, asOf: string) =>
  +asOf.slice(0, 4) - +birth.slice(0, 4) - (asOf.slice(5) < birth.slice(5) ? 1 : 0)
/** The same month-day `years` later; 29 February falls back to 28 February in a common year. */
function refAnniversary(date: string, years: number): string {
  const y = +date.slice(0, 4) + years
  const md = date.slice(5)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`
}

/** Registry age limits, both ends inclusive (completed years on the screening date). */
const AGE_LIMITS: Record<TrialId, [number, number]> = {
  NCT06352281: [8, 75], // registry/NCT06352281.md inclusion 2 "Men and women aged 8-75"
  NCT05315778: [18, 65], // registry/NCT05315778.md "Ages 18-65 years inclusive"
  NCT06826430: [18, 70], // registry/NCT06826430.md "18-70 years (including 18 and 70 years)"
  NCT06337474: [18, 65], // registry/NCT06337474.md inclusion 1 "≥ 18 years old and ≤ 65 years old"
}

const usesOp = (c: Protocol['eligibility'][number], op: string) =>
  c.rule.kind === 'computable' && JSON.stringify(c.rule.expr).includes(`"op":"${op}"`)
function criterionWith(p: Protocol, op: string) {
  const found = p.eligibility.filter((c) => usesOp(c, op))
  expect(found, `${p.identification.registryId}: one criterion reads ${op}`).toHaveLength(1)
  return found[0]!.id
}
function statusOf(p: Protocol, profile: ScreeningProfile, asOf: string, id: string) {
  const r = screenSubject(profile, p, { asOf })
  const c = r.criteria.find((x) => x.id === id)
  if (!c) throw new Error(`no criterion ${id}`)
  return { status: c.status, verdict: r.verdict }
}

describe('seed candidates are eligible at AS_OF (baseline for one-fact variations)', () => {
  it.each(TRIALS)('%s', (id) => {
    expect(screenSubject(CANDIDATE[id](P[id]), P[id], { asOf: AS_OF }).verdict).toBe('eligible')
  })
})

describe('age limits (registry ages, inclusive, completed years on the screening date)', () => {
  it.each(TRIALS)('%s: the encoded limits are the registry limits', (id) => {
    const c = P[id].eligibility.find((x) => usesOp(x, 'age'))
    const expr = c?.rule.kind === 'computable' ? c.rule.expr : undefined
    const [min, max] = AGE_LIMITS[id]
    expect(expr).toEqual({
      op: 'all',
      of: [
        { op: 'age', cmp: '>=', years: min },
        { op: 'age', cmp: '<=', years: max },
      ],
    })
  })

  // asOf = 2025-06-01; birthDate = AS_OF minus n years, shifted by -1/0/+1 day
  const cases = TRIALS.flatMap((id) => {
    const [min, max] = AGE_LIMITS[id]
    const y = +AS_OF.slice(0, 4)
    return [
      [id, `${y - min}-06-02`, false, `day before ${min}th birthday`],
      [id, `${y - min}-06-01`, true, `${min}th birthday`],
      [id, `${y - min}-05-31`, true, `day after ${min}th birthday`],
      [id, `${y - max}-06-01`, true, `${max}th birthday`],
      [id, `${y - max - 1}-06-02`, true, `day before ${max + 1}th birthday (still ${max})`],
      [id, `${y - max - 1}-06-01`, false, `${max + 1}th birthday`],
      [id, `${y - max - 1}-05-31`, false, `day after ${max + 1}th birthday`],
    ] as [TrialId, string, boolean, string][]
  })
  it.each(cases)('%s born %s (%s): eligible=%s', (id, birthDate, eligible) => {
    const p = P[id]
    const r = statusOf(p, { ...CANDIDATE[id](p), birthDate }, AS_OF, criterionWith(p, 'age'))
    expect(r.status).toBe(eligible ? 'met' : 'not met')
    expect(r.verdict).toBe(eligible ? 'eligible' : 'ineligible')
    expect(
      refAge(birthDate, AS_OF) >= AGE_LIMITS[id][0] && refAge(birthDate, AS_OF) <= AGE_LIMITS[id][1],
    ).toBe(eligible)
  })

  it('NCT06352281: an 8-year-old and a 75-year-old are in; a 7-year-old and a 76-year-old are out', () => {
    const p = P.NCT06352281
    const age = (birthDate: string) =>
      statusOf(p, { ...kunmingCandidate(p), birthDate }, AS_OF, criterionWith(p, 'age')).status
    expect(age('2017-01-15')).toBe('met') // 8 years 4 months
    expect(age('1949-12-31')).toBe('met') // 75 years 5 months
    expect(age('2017-12-31')).toBe('not met') // 7
    expect(age('1949-01-01')).toBe('not met') // 76
  })

  it.each([
    // born 29 Feb: in a common year the birthday is reached on 1 March; in a leap year on 29 February
    ['NCT06352281', '2016-02-29', '2024-02-28', 'not met'],
    ['NCT06352281', '2016-02-29', '2024-02-29', 'met'],
    ['NCT05315778', '2004-02-29', '2022-02-28', 'not met'],
    ['NCT05315778', '2004-02-29', '2022-03-01', 'met'],
    ['NCT06826430', '1952-02-29', '2023-02-28', 'met'], // still 70
    ['NCT06826430', '1952-02-29', '2023-03-01', 'not met'], // 71
    ['NCT06337474', '1960-02-29', '2026-02-28', 'met'], // still 65
    ['NCT06337474', '1960-02-29', '2026-03-01', 'not met'], // 66
  ] as [TrialId, string, string, string][])('%s born %s screened %s: %s', (id, birthDate, asOf, status) => {
    const p = P[id]
    expect(statusOf(p, { ...CANDIDATE[id](p), birthDate }, asOf, criterionWith(p, 'age')).status).toBe(status)
  })

  it.each(TRIALS)('%s: generated birth and screening dates agree with the reference', (id) => {
    const p = P[id]
    const crit = criterionWith(p, 'age')
    const [min, max] = AGE_LIMITS[id]
    const base = CANDIDATE[id](p)
    fc.assert(
      fc.property(
        fc.integer({ min: toDays('2020-01-01'), max: toDays('2030-12-31') }),
        fc.integer({ min: 0, max: 90 * 366 }),
        (asOfDay, ageDays) => {
          const asOf = fromDays(asOfDay)
          const birthDate = fromDays(asOfDay - ageDays)
          const age = refAge(birthDate, asOf)
          const got = statusOf(p, { ...base, birthDate }, asOf, crit).status
          expect(got).toBe(age >= min && age <= max ? 'met' : 'not met')
        },
      ),
      FC,
    )
  })

  it('generated dates concentrated on birthdays (±1 day, incl. 29 Feb) agree with the reference', () => {
    const p = P.NCT06352281
    const crit = criterionWith(p, 'age')
    const base = kunmingCandidate(p)
    fc.assert(
      fc.property(
        fc.integer({ min: 1940, max: 2020 }),
        fc.constantFrom('01-01', '02-28', '02-29', '03-01', '12-31', '06-15'),
        fc.integer({ min: 7, max: 77 }),
        fc.integer({ min: -1, max: 1 }),
        (by, md, years, shift) => {
          const birthDate = md === '02-29' ? `${by - (by % 4)}-02-29` : `${by}-${md}`
          const asOf = plusDays(refAnniversary(birthDate, years), shift)
          const age = refAge(birthDate, asOf)
          const got = statusOf(p, { ...base, birthDate }, asOf, crit).status
          expect(got).toBe(age >= 8 && age <= 75 ? 'met' : 'not met')
        },
      ),
      FC,
    )
  })
})

// ---- platelets ----
type Count = { offset: number; value: number; unit?: string }
const platelets = (counts: Count[], asOf: string, lln?: number): LabResult[] =>
  counts.map((c) => ({
    test: 'platelets',
    value: c.value,
    unit: c.unit ?? '10^9/L',
    date: plusDays(asOf, c.offset),
    ...(lln === undefined ? {} : { lln }),
  }))
/**
 * Reference: the latest `n` counts dated in [asOf - lookback, asOf] must all be `< threshold`; fewer than
 * `n` such counts is missing data (NCT06352281: n = 1, < 30; NCT06826430: n = 2, < 50; NCT06337474: n = 2,
 * < LLN). Counts after the screening date are not yet known on it.
 */
function refPlatelets(counts: Count[], n: number, threshold: number, lookback = 28) {
  const inWindow = counts
    .filter((c) => c.offset <= 0 && c.offset >= -lookback)
    .sort((a, b) => b.offset - a.offset)
  if (inWindow.length < n) return 'missing data'
  return inWindow.slice(0, n).every((c) => c.value < threshold) ? 'met' : 'not met'
}
const PLATELET_RULES: [TrialId, number, number][] = [
  ['NCT06352281', 1, 30], // registry inclusion 5 "Platelet count <30 x 109 / L"
  ['NCT06826430', 2, 50], // registry inclusion 2 "at least two consecutive ... <50×10⁹/L"
  ['NCT06337474', 2, 125], // registry inclusion 3 "decreased ... at least two consecutive times": < LLN (125 here)
]

describe('platelet thresholds (strict "<", raw values, latest counts in the lookback)', () => {
  const lab = (id: TrialId, counts: Count[], asOf = AS_OF) => {
    const p = P[id]
    const lln = id === 'NCT06337474' ? 125 : undefined
    return statusOf(
      p,
      { ...CANDIDATE[id](p), labs: platelets(counts, asOf, lln) },
      asOf,
      criterionWith(p, id === 'NCT06337474' ? 'labRef' : 'lab'),
    ).status
  }
  it.each([
    ['NCT06352281', [{ offset: 0, value: 29.9 }], 'met'],
    ['NCT06352281', [{ offset: 0, value: 30 }], 'not met'],
    ['NCT06352281', [{ offset: 0, value: 30.0001 }], 'not met'],
    ['NCT06352281', [{ offset: -28, value: 29 }], 'met'], // first day of the 28-day lookback
    ['NCT06352281', [{ offset: -29, value: 29 }], 'missing data'],
    ['NCT06352281', [{ offset: 1, value: 29 }], 'missing data'], // after the screening date
    [
      'NCT06352281',
      [
        { offset: -10, value: 10 },
        { offset: -2, value: 30 },
      ],
      'not met',
    ], // the latest decides
    [
      'NCT06352281',
      [
        { offset: -10, value: 40 },
        { offset: -2, value: 29, unit: '10^3/µL' },
      ],
      'met',
    ],
    [
      'NCT06826430',
      [
        { offset: -7, value: 49.9 },
        { offset: 0, value: 49.9 },
      ],
      'met',
    ],
    [
      'NCT06826430',
      [
        { offset: -7, value: 50 },
        { offset: 0, value: 10 },
      ],
      'not met',
    ],
    [
      'NCT06826430',
      [
        { offset: -7, value: 10 },
        { offset: 0, value: 50 },
      ],
      'not met',
    ],
    [
      'NCT06826430',
      [
        { offset: -20, value: 80 },
        { offset: -7, value: 10 },
        { offset: 0, value: 12 },
      ],
      'met',
    ],
    ['NCT06826430', [{ offset: 0, value: 10 }], 'missing data'], // one count is not two consecutive
    [
      'NCT06826430',
      [
        { offset: -29, value: 10 },
        { offset: 0, value: 10 },
      ],
      'missing data',
    ],
    [
      'NCT06337474',
      [
        { offset: -14, value: 124.9 },
        { offset: -1, value: 20 },
      ],
      'met',
    ],
    [
      'NCT06337474',
      [
        { offset: -14, value: 125 },
        { offset: -1, value: 20 },
      ],
      'not met',
    ],
  ] as [TrialId, Count[], string][])('%s %j -> %s', (id, counts, status) => {
    expect(lab(id, counts)).toBe(status)
    const rule = PLATELET_RULES.find(([t]) => t === id)!
    expect(refPlatelets(counts, rule[1], rule[2])).toBe(status)
  })

  it.each(PLATELET_RULES)(
    '%s: generated count series agree with the reference (n=%s, <%s)',
    (id, n, threshold) => {
      const p = P[id]
      const crit = criterionWith(p, id === 'NCT06337474' ? 'labRef' : 'lab')
      const base = CANDIDATE[id](p)
      const value = fc.oneof(
        fc.constantFrom(threshold, threshold - 0.1, threshold + 0.1, threshold - 1e-9, 0, 2),
        fc.double({ min: 0, max: 2 * threshold, noNaN: true }),
      )
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: -35, max: 3 }), { maxLength: 4 }),
          fc.array(value, { minLength: 4, maxLength: 4 }),
          fc.integer({ min: toDays('2023-01-01'), max: toDays('2026-12-31') }),
          (offsets, values, asOfDay) => {
            const asOf = fromDays(asOfDay)
            const counts = offsets.map((offset, i) => ({ offset, value: values[i]! }))
            const lln = id === 'NCT06337474' ? threshold : undefined
            const got = statusOf(p, { ...base, labs: platelets(counts, asOf, lln) }, asOf, crit).status
            expect(got).toBe(refPlatelets(counts, n, threshold))
          },
        ),
        FC,
      )
    },
  )
})

// ---- NCT06352281 inclusion 3: chronic (>12 months) or refractory ----
const FIRST_LINE = ['corticosteroid', 'high-dose-corticosteroid', 'methylprednisolone-pulse', 'ivig']
const SECOND_LINE = ['tpo-ra', 'rituximab', 'splenectomy', 'immunosuppressant']
const FAILED = ['no-response', 'relapse', 'intolerance']
/**
 * Reference of inclusion 3 with the protocol's documented encoding of "insufficient response or intolerance to
 * the first and second line": a failed first-line class and a failed second-line class; chronic = screening
 * date after the 12-month anniversary of diagnosis (glossary: chronic = >12 months).
 */
function refKunmingInc3(dx: string, therapies: PriorTherapy[], asOf: string): boolean | null {
  const chronic = asOf > refAnniversary(dx, 1)
  // outcome `unknown` may or may not be a failure (STYLE §8.2: unknown is its own outcome): Kleene logic
  const failed = (line: string[]): boolean | null =>
    therapies.some((t) => line.includes(t.class) && FAILED.includes(t.outcome))
      ? true
      : therapies.some((t) => line.includes(t.class) && t.outcome === 'unknown')
        ? null
        : false
  if (chronic) return true
  const [a, b] = [failed(FIRST_LINE), failed(SECOND_LINE)]
  return a === false || b === false ? false : a === null || b === null ? null : true
}
const inc3Status = (v: boolean | null) => (v === null ? 'missing data' : v ? 'met' : 'not met')

describe('NCT06352281 inclusion 3 (chronic >12 months or refractory)', () => {
  const p = P.NCT06352281
  const inc3 = (date: string, asOf: string, therapies: PriorTherapy[] = []) =>
    statusOf(
      p,
      { ...kunmingCandidate(p), diagnosis: { type: 'primary-itp', date }, therapies },
      asOf,
      'INC-3',
    ).status
  it.each([
    ['2024-06-01', '2025-06-01', 'not met'], // exactly 12 months is not more than 12
    ['2024-06-01', '2025-06-02', 'met'],
    ['2024-05-31', '2025-06-01', 'met'],
    ['2024-02-29', '2025-02-28', 'not met'], // 12 months after 29 Feb 2024 = 28 Feb 2025 (month end)
    ['2024-02-29', '2025-03-01', 'met'],
    ['2023-02-28', '2024-02-29', 'met'], // leap day after the anniversary
  ])('diagnosed %s, screened %s, no failed therapy: %s', (dx, asOf, status) => {
    expect(inc3(dx, asOf)).toBe(status)
    expect(inc3Status(refKunmingInc3(dx, [], asOf))).toBe(status)
  })

  it('generated diagnosis dates and therapy histories agree with the reference', () => {
    const therapy = fc.record({
      class: fc.constantFrom(...FIRST_LINE, ...SECOND_LINE, 'biologic', 'other'),
      outcome: fc.constantFrom('response', 'no-response', 'relapse', 'intolerance', 'dependence', 'unknown'),
    }) as fc.Arbitrary<PriorTherapy>
    fc.assert(
      fc.property(
        fc.integer({ min: toDays('2022-01-01'), max: toDays('2026-12-31') }),
        fc.integer({ min: 0, max: 800 }),
        fc.array(therapy, { maxLength: 4 }),
        (asOfDay, ago, therapies) => {
          const asOf = fromDays(asOfDay)
          const dx = fromDays(asOfDay - ago)
          expect(inc3(dx, asOf, therapies)).toBe(inc3Status(refKunmingInc3(dx, therapies, asOf)))
        },
      ),
      FC,
    )
  })
})

describe('day-window criteria: first and last days', () => {
  it('NCT06352281 inclusion 6: corticosteroid dose stable at least 14 days', () => {
    const p = P.NCT06352281
    const med = (start: number) => [
      {
        name: 'prednisone',
        class: 'corticosteroid' as const,
        startDate: plusDays(AS_OF, start),
        endDate: null,
      },
    ]
    expect(statusOf(p, { ...kunmingCandidate(p), medications: med(-14) }, AS_OF, 'INC-6').status).toBe('met')
    expect(statusOf(p, { ...kunmingCandidate(p), medications: med(-13) }, AS_OF, 'INC-6').status).toBe(
      'not met',
    )
  })
  it('NCT06352281 exclusion 4: > 3 consecutive days (>= 4) of antiplatelet use within 2 weeks', () => {
    const p = P.NCT06352281
    const med = (from: number, to: number) => [
      {
        name: 'aspirin',
        class: 'antiplatelet' as const,
        startDate: plusDays(AS_OF, from),
        endDate: plusDays(AS_OF, to),
      },
    ]
    const s = (from: number, to: number) =>
      statusOf(p, { ...kunmingCandidate(p), medications: med(from, to) }, AS_OF, 'EXC-4').status
    expect(s(-10, -7)).toBe('not met') // 4 days: excluded
    expect(s(-10, -8)).toBe('met') // 3 days: not more than 3
  })
  it('NCT06352281 exclusion 18: another trial in the 4 weeks (28 days) before screening', () => {
    const p = P.NCT06352281
    const s = (offset: number) =>
      statusOf(
        p,
        { ...kunmingCandidate(p), events: { otherTrialParticipation: plusDays(AS_OF, offset) } },
        AS_OF,
        'EXC-18',
      ).status
    expect(s(-28)).toBe('not met')
    expect(s(-29)).toBe('met')
  })
  it('NCT06337474 inclusion 9-11: ECOG <= 1, LVEF >= 50 %, >= 28 days since last therapy', () => {
    const p = P.NCT06337474
    const c = changzhouCandidate(p)
    expect(statusOf(p, { ...c, ecog: 2 }, AS_OF, 'INC-9').status).toBe('not met')
    expect(statusOf(p, { ...c, lvefPercent: 50 }, AS_OF, 'INC-10').status).toBe('met')
    expect(statusOf(p, { ...c, lvefPercent: 49.9 }, AS_OF, 'INC-10').status).toBe('not met')
    const last = (end: number): PriorTherapy[] => [
      ...(c.therapies ?? []),
      { class: 'rituximab', startDate: '2024-01-01', endDate: plusDays(AS_OF, end), outcome: 'no-response' },
    ]
    expect(statusOf(p, { ...c, therapies: last(-28) }, AS_OF, 'INC-11').status).toBe('met')
    expect(statusOf(p, { ...c, therapies: last(-27) }, AS_OF, 'INC-11').status).toBe('not met')
  })
  it('NCT06337474 exclusion 11: another trial within 3 calendar months (month end clamped)', () => {
    const p = P.NCT06337474
    const s = (asOf: string, event: string) =>
      statusOf(p, { ...changzhouCandidate(p), events: { otherTrialParticipation: event } }, asOf, 'EXC-11')
        .status
    expect(s('2025-05-31', '2025-02-28')).toBe('not met') // 31 May - 3 months = 28 Feb: inside
    expect(s('2025-05-31', '2025-02-27')).toBe('met')
    expect(s('2024-05-29', '2024-02-29')).toBe('not met')
    expect(s('2024-05-29', '2024-02-28')).toBe('met')
  })
})

describe('regressions: the latest dated result decides', () => {
  // Regression: labs and serology were sorted oldest first, so the oldest counts in the lookback decided.
  it('NCT06352281 inclusion 5: count 10 on Day -10 then 30 on Day -2 -> not met (latest 30 is not < 30)', () => {
    const p = P.NCT06352281
    const labs = platelets(
      [
        { offset: -10, value: 10 },
        { offset: -2, value: 30 },
      ],
      AS_OF,
    )
    expect(statusOf(p, { ...kunmingCandidate(p), labs }, AS_OF, 'INC-5').status).toBe('not met')
  })
  it('NCT06826430 inclusion 2: 80, 10, 12 (oldest to newest) -> the latest two (10, 12) are < 50', () => {
    const p = P.NCT06826430
    const labs = platelets(
      [
        { offset: -20, value: 80 },
        { offset: -7, value: 10 },
        { offset: 0, value: 12 },
      ],
      AS_OF,
    )
    expect(statusOf(p, { ...pekingCandidate(p), labs }, AS_OF, 'INC-2').status).toBe('met')
  })
  it('NCT06352281 exclusion 13: HIV negative then positive -> excluded; positive then negative -> not', () => {
    const p = P.NCT06352281
    const c = kunmingCandidate(p)
    const hiv = (older: 'positive' | 'negative', newer: 'positive' | 'negative') => [
      ...c.serology.filter((s) => s.test !== 'HIV'),
      { test: 'HIV', result: older, date: '2025-04-01' },
      { test: 'HIV', result: newer, date: '2025-05-20' },
    ]
    expect(statusOf(p, { ...c, serology: hiv('negative', 'positive') }, AS_OF, 'EXC-13').status).toBe(
      'not met',
    )
    expect(statusOf(p, { ...c, serology: hiv('positive', 'negative') }, AS_OF, 'EXC-13').status).toBe('met')
  })
})

describe('NCT06826430 inclusion 2: immunosuppressant for "at least 3 months" (encoded as >= 90 days)', () => {
  const p = P.NCT06826430
  const withIs = (startDate: string, endDate: string) => {
    const c = pekingCandidate(p)
    const therapies: PriorTherapy[] = [
      ...(c.therapies ?? []).filter((t) => t.class !== 'immunosuppressant'),
      { class: 'immunosuppressant', startDate, endDate, outcome: 'no-response' },
    ]
    return statusOf(p, { ...c, therapies }, AS_OF, 'INC-2').status
  }
  it.each([
    ['2024-01-01', '2024-03-31', 'met'], // 90 days (leap year)
    ['2025-01-01', '2025-03-31', 'not met'], // 89 days
    ['2024-11-30', '2025-02-28', 'met'], // 90 days
    ['2024-12-01', '2025-02-28', 'not met'], // 89 days
  ])('%s to %s -> %s', (start, end, status) => {
    expect(withIs(start, end)).toBe(status)
    expect(toDays(end) - toDays(start) >= 90 ? 'met' : 'not met').toBe(status)
  })
})
