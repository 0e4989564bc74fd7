/**
 * Third independent reference check of the eligibility engine against the four seed trials.
 *
 * The reference below (`ref*`) was written from the documents alone, before the engine's code was read:
 * - criteria: ../shared/seeds/000, 001, 002, 003 and ../shared/registry/NCT*.md (numbered criteria);
 * - the protocol data (packages/protocols/NCT*, "the four trials' eligibility as data") and the documented
 *   meaning of each atom in expression-schema.ts / profile-schema.ts (the engine's public types);
 * - ../shared/domain/README.md "Cross-cutting conventions": Comparators (explicit, "at least" `>=`, "more
 *   than" `>`, "below" `<`), Rounding (compare raw values), Dates (calendar-date arithmetic, leap years);
 *   Glossary (ITP phases: chronic > 12 months);
 * - ../shared/domain/response-itp.md §1.1 (phases), §3.3 (same-date samples are 0 days apart);
 * - ../shared/registry/README.md (partial records: the attestation criterion keeps a screening `incomplete`);
 * - ../shared/STYLE.md §8.1 (collect every failed criterion), §8.2 (unknown is its own outcome).
 *
 * Then engine and reference are compared: explicit at/inside/outside cases for every limit of every seed
 * criterion, tri-state composition, pre-screen vs screen, and a fast-check comparison (seed 20261208).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SEED_PROTOCOLS, type SeedTrialId } from '../protocol/fixtures/seed-protocols.js'
import type { Protocol } from '../protocol/protocol-schema.js'
import type { Criterion } from './criterion-schema.js'
import { evaluateCriterion } from './evaluate-criterion.js'
import { evaluateExpression } from './evaluate-expression.js'
import type { EligibilityComparator, EligibilityExpression } from './expression-schema.js'
import { prescreen } from './prescreen.js'
import type { Attestation, LabResult, Medication, PriorTherapy, ScreeningProfile } from './profile-schema.js'
import { screenSubject } from './screen-subject.js'

// ---------------------------------------------------------------------------------------------------------
// Reference: calendar arithmetic (domain/README.md "Dates": calendar dates, leap years matter)
// ---------------------------------------------------------------------------------------------------------

type Tri = boolean | null

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}
function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!
}
function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number)
  return [y!, m!, d!]
}
/** Days since 1970-01-01 by counting whole years and months (no Date object). */
function dayNumber(iso: string): number {
  const [y, m, d] = parts(iso)
  let n = 0
  if (y >= 1970) for (let yy = 1970; yy < y; yy++) n += isLeap(yy) ? 366 : 365
  else for (let yy = y; yy < 1970; yy++) n -= isLeap(yy) ? 366 : 365
  for (let mm = 1; mm < m; mm++) n += daysInMonth(y, mm)
  return n + d - 1
}
function fromDayNumber(n: number): string {
  let y = 1970
  while (n < 0) {
    y--
    n += isLeap(y) ? 366 : 365
  }
  while (n >= (isLeap(y) ? 366 : 365)) {
    n -= isLeap(y) ? 366 : 365
    y++
  }
  let m = 1
  while (n >= daysInMonth(y, m)) {
    n -= daysInMonth(y, m)
    m++
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(n + 1).padStart(2, '0')}`
}
const addDays = (iso: string, k: number): string => fromDayNumber(dayNumber(iso) + k)
const diffDays = (later: string, earlier: string): number => dayNumber(later) - dayNumber(earlier)
/** Calendar months, day clamped to the end of the target month (expression-schema.ts diseaseDuration). */
function addMonths(iso: string, k: number): string {
  const [y, m, d] = parts(iso)
  const t = y * 12 + (m - 1) + k
  const ny = Math.floor(t / 12)
  const nm = t - ny * 12 + 1
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, daysInMonth(ny, nm))).padStart(2, '0')}`
}

/**
 * Age in completed years on `asOf`. The only case where readings differ is a 29 February birthday on
 * 28 February of a common year: `mar1` (birthday not yet reached; month/day comparison) or `feb28`
 * (anniversary clamped to month end, as diseaseDuration clamps). No domain document fixes it.
 */
function refAge(birth: string, asOf: string, feb29: 'mar1' | 'feb28'): number {
  const [by, bm, bd] = parts(birth)
  const [ay, am, ad] = parts(asOf)
  if (feb29 === 'feb28') {
    let n = Math.max(0, ay - by - 1)
    while (addMonths(birth, 12 * (n + 1)) <= asOf) n++
    return n
  }
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0)
}

// ---------------------------------------------------------------------------------------------------------
// Reference: atoms and Kleene logic
// ---------------------------------------------------------------------------------------------------------

function cmp(a: number, c: EligibilityComparator, b: number): boolean {
  switch (c) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '==':
      return a === b
  }
}
/** Kleene AND / OR / NOT (expression-schema.ts header: unknown stays unknown). */
function kAll(xs: Tri[]): Tri {
  if (xs.some((x) => x === false)) return false
  return xs.some((x) => x === null) ? null : true
}
function kAny(xs: Tri[]): Tri {
  if (xs.some((x) => x === true)) return true
  return xs.some((x) => x === null) ? null : false
}
/** A count/number known only to lie in [lo, hi]: the comparison is known iff it is the same at both ends. */
function cmpRange(lo: number, hi: number, c: EligibilityComparator, b: number): Tri {
  if (lo === hi) return cmp(lo, c, b)
  if (c === '==') return b < lo || b > hi ? false : null
  const a = cmp(lo, c, b)
  return a === cmp(hi, c, b) ? a : null
}

/** Factor to the base unit (first entry); domain/README.md "Platelet unit", regimen-and-dosing.md §2.1. */
const UNIT: Record<string, Record<string, number>> = {
  platelets: { '10^9/l': 1, '10^3/ul': 1, '10^3/mm3': 1 },
  creatinine: { 'mg/dl': 1, 'umol/l': 1 / 88.4 },
}
function refConvert(test: string, value: number, from: string, to: string): number | undefined {
  // spelling: case, spaces, micro sign and a leading "x"/"×" do not change the unit ("×10⁹/L" = "10^9/L")
  const canon = (u: string) => u.toLowerCase().replace(/\s+/g, '').replace(/[µμ]/g, 'u').replace(/^[x×]/, '')
  const f = canon(from)
  const t = canon(to)
  if (f === t) return value
  const table = UNIT[test.toLowerCase()]
  const a = table?.[f]
  const b = table?.[t]
  return a === undefined || b === undefined ? undefined : (value * a) / b
}

/** Decimal digits of a finite number as written by JS: [integer mantissa, power of ten]. */
function decimal(x: number): [bigint, number] {
  const [mant = '0', ex = '0'] = String(x).toLowerCase().split('e')
  const neg = mant.startsWith('-')
  const [i = '0', f = ''] = mant.replace('-', '').split('.')
  const m = BigInt(i + f) * (neg ? -1n : 1n)
  return [m, Number(ex) - f.length]
}
/** `value cmp multiple × limit` on the decimals as written (README "Rounding": compare raw values). */
function refExactMultiple(value: number, c: EligibilityComparator, multiple: number, limit: number): boolean {
  const [a, ea] = decimal(value)
  const [b1, eb1] = decimal(multiple)
  const [b2, eb2] = decimal(limit)
  const b = b1 * b2
  const eb = eb1 + eb2
  const e = Math.min(ea, eb)
  const l = a * 10n ** BigInt(ea - e)
  const r = b * 10n ** BigInt(eb - e)
  return cmp(l < r ? -1 : l > r ? 1 : 0, c, 0)
}

interface RefOptions {
  labLookbackDays: number
  feb29: 'mar1' | 'feb28'
}

/**
 * The latest `k` results of `test` in [asOf - within, asOf] must all satisfy `ok` (expression-schema.ts
 * `consecutive`). Results on the same date have no order (response-itp.md §3.3: same-date samples are 0 days
 * apart, no time is recorded here): when the k-th place falls inside a group of same-date results, the
 * value is decided only if every choice of results from that group gives the same answer.
 * Engine decision kept (atoms-labs.ts header): fewer than k results, or an undecidable result among them
 * (unit not convertible, no reference limit), is missing data as a whole.
 */
function refLatestAll(
  p: ScreeningProfile,
  test: string,
  asOf: string,
  within: number,
  k: number,
  ok: (r: LabResult) => Tri,
): Tri {
  const rows = p.labs.filter((l) => l.test === test && l.date <= asOf && diffDays(asOf, l.date) <= within)
  if (rows.length < k) return null
  const dates = [...new Set(rows.map((r) => r.date))].sort().reverse()
  const values: Tri[] = []
  let left = k
  for (const d of dates) {
    if (left === 0) break
    const group = rows.filter((r) => r.date === d).map(ok)
    if (group.some((v) => v === null)) return null
    if (group.length <= left) {
      values.push(...group)
      left -= group.length
      continue
    }
    // `left` of the group are meant, which ones is unknown: decided only if every choice agrees
    const nTrue = group.filter((v) => v === true).length
    values.push(nTrue === group.length ? true : nTrue < left ? false : null)
    left = 0
  }
  return kAll(values)
}

function refEval(e: EligibilityExpression, p: ScreeningProfile, asOf: string, o: RefOptions): Tri {
  switch (e.op) {
    case 'all':
      return kAll(e.of.map((x) => refEval(x, p, asOf, o)))
    case 'any':
      return kAny(e.of.map((x) => refEval(x, p, asOf, o)))
    case 'not': {
      const v = refEval(e.of, p, asOf, o)
      return v === null ? null : !v
    }
    case 'age':
      return p.birthDate === undefined ? null : cmp(refAge(p.birthDate, asOf, o.feb29), e.cmp, e.years)
    case 'sex':
      return p.sex === undefined ? null : e.in.includes(p.sex)
    case 'diagnosis':
      return p.diagnosis?.type === undefined ? null : e.in.includes(p.diagnosis.type)
    case 'diseaseDuration': {
      // "> 12 months" holds iff asOf > diagnosisDate + 12 calendar months (expression-schema.ts)
      const d = p.diagnosis?.date
      if (d === undefined) return null
      const anchor = addMonths(d, e.months)
      const s = asOf < anchor ? -1 : asOf > anchor ? 1 : 0
      return cmp(s, e.cmp, 0)
    }
    case 'lab':
    case 'labRef': {
      const within = e.withinDays ?? o.labLookbackDays
      return refLatestAll(p, e.test, asOf, within, e.consecutive, (r) => {
        if (e.op === 'lab') {
          const v = refConvert(e.test, r.value, r.unit, e.unit)
          return v === undefined ? null : cmp(v, e.cmp, e.value)
        }
        const limit = e.ref === 'uln' ? r.uln : r.lln
        return limit === undefined ? null : refExactMultiple(r.value, e.cmp, e.multiple, limit)
      })
    }
    case 'priorTherapy': {
      if (p.therapies === undefined) return null
      const sure = new Set<string>()
      const maybe = new Set<string>()
      let nSure = 0
      let nMaybe = 0
      p.therapies.forEach((t, i) => {
        if (e.classes && !e.classes.includes(t.class)) return
        let m: Tri = true
        if (e.outcomes && !e.outcomes.includes(t.outcome)) m = t.outcome === 'unknown' ? null : false
        if (m !== false && e.minDurationDays !== undefined) {
          if (t.startDate === undefined || t.endDate === undefined) m = m === true ? null : m
          else {
            const dur = diffDays(t.endDate ?? asOf, t.startDate)
            if (dur < e.minDurationDays) m = false
          }
        }
        const key = e.countBy === 'class' ? t.class : `#${i}`
        if (m === true) {
          sure.add(key)
          nSure++
        }
        if (m !== false) {
          maybe.add(key)
          nMaybe++
        }
      })
      const lo = e.countBy === 'class' ? sure.size : nSure
      const hi = e.countBy === 'class' ? maybe.size : nMaybe
      return cmpRange(lo, hi, e.cmp, e.count)
    }
    case 'daysSinceTherapy': {
      if (p.therapies === undefined) return null
      const match = p.therapies.filter((t) => !e.classes || e.classes.includes(t.class))
      if (match.length === 0) return true
      let knownMin = Infinity
      let unknownEnd = false
      for (const t of match) {
        if (t.endDate === undefined) unknownEnd = true
        else knownMin = Math.min(knownMin, t.endDate === null ? 0 : Math.max(0, diffDays(asOf, t.endDate)))
      }
      if (!unknownEnd) return cmp(knownMin, e.cmp, e.days)
      return cmpRange(0, knownMin === Infinity ? 1e9 : knownMin, e.cmp, e.days)
    }
    case 'concomitantUse': {
      if (p.medications === undefined) return null
      const lo = dayNumber(asOf) - e.withinDays
      const hi = dayNumber(asOf)
      const days = new Set<number>()
      for (const m of p.medications) {
        if (!e.classes.includes(m.class)) continue
        const s = Math.max(lo, dayNumber(m.startDate))
        const t = Math.min(hi, m.endDate === null ? hi : dayNumber(m.endDate))
        for (let d = s; d <= t; d++) days.add(d)
      }
      let best = 0
      let run = 0
      for (let d = lo; d <= hi; d++) {
        run = days.has(d) ? run + 1 : 0
        best = Math.max(best, run)
      }
      return best >= e.minConsecutiveDays
    }
    case 'onMedication':
      if (p.medications === undefined) return null
      return p.medications.some(
        (m) =>
          e.classes.includes(m.class) && m.startDate <= asOf && (m.endDate === null || m.endDate >= asOf),
      )
    case 'stableDose': {
      if (p.medications === undefined) return null
      const current = p.medications.filter(
        (m) =>
          e.classes.includes(m.class) && m.startDate <= asOf && (m.endDate === null || m.endDate >= asOf),
      )
      return current.every((m) => diffDays(asOf, m.startDate) >= e.minDays)
    }
    case 'finding': {
      const v = p.findings[e.name]
      return v === undefined ? null : v
    }
    case 'serology': {
      // the latest result decides; same-date results that disagree leave it undecided (no order among them)
      const rows = p.serology.filter((x) => x.test === e.test && x.date <= asOf)
      const lastDate = rows
        .map((x) => x.date)
        .sort()
        .pop()
      if (lastDate === undefined) return null
      const results = new Set(rows.filter((x) => x.date === lastDate).map((x) => x.result))
      if (results.size !== 1 || results.has('indeterminate')) return null
      return results.has(e.result)
    }
    case 'ecog':
      return p.ecog === undefined ? null : cmp(p.ecog, e.cmp, e.value)
    case 'lvef':
      return p.lvefPercent === undefined ? null : cmp(p.lvefPercent, e.cmp, e.percent)
    case 'eventWithin': {
      if (!(e.event in p.events)) return null
      const d = p.events[e.event]
      if (d === null || d === undefined) return false
      const from = e.unit === 'days' ? addDays(asOf, -e.within) : addMonths(asOf, -e.within)
      return d >= from && d <= asOf
    }
  }
}

type Status = 'met' | 'not met' | 'missing data' | 'needs attestation'

/** Criterion status (criterion-schema.ts: an exclusion's expression is the excluding condition). */
function refCriterion(
  c: Criterion,
  protocolId: string,
  p: ScreeningProfile,
  asOf: string,
  o: RefOptions,
): Status {
  if (c.rule.kind !== 'computable') {
    // the latest signature decides (it may be dated after the screening date: the investigator signs on a
    // screening attempt after its date); same-day signatures that disagree have no order and decide nothing
    const a = p.attestations.filter((x) => x.protocolId === protocolId && x.criterionId === c.id)
    const last = a
      .map((x) => x.signedOn)
      .sort()
      .pop()
    if (last === undefined) return 'needs attestation'
    const v = new Set(a.filter((x) => x.signedOn === last).map((x) => x.satisfied))
    if (v.size !== 1) return 'needs attestation'
    return v.has(true) ? 'met' : 'not met'
  }
  const v = refEval(c.rule.expr, p, asOf, o)
  if (v === null) return 'missing data'
  return (c.type === 'inclusion' ? v : !v) ? 'met' : 'not met'
}

/** Verdict: any `not met` → ineligible; else anything undecided → incomplete; else eligible (STYLE §8.1). */
function refVerdict(statuses: Status[]): 'eligible' | 'ineligible' | 'incomplete' {
  if (statuses.includes('not met')) return 'ineligible'
  return statuses.every((s) => s === 'met') ? 'eligible' : 'incomplete'
}

const optsFor = (p: Protocol, feb29: 'mar1' | 'feb28' = 'mar1'): RefOptions => ({
  labLookbackDays: p.screening.labLookbackDays,
  feb29,
})

// ---------------------------------------------------------------------------------------------------------
// Fixtures: a candidate who meets every criterion of a trial; tests change one fact at a time
// ---------------------------------------------------------------------------------------------------------

const ASOF = '2025-06-15'
const TRIALS = Object.keys(SEED_PROTOCOLS) as SeedTrialId[]
const K = 'NCT06352281' // CD19 CAR-T, Kunming
const SOO = 'NCT05315778' // BCMA CAR-T, Soochow (partial record)
const SLE = 'NCT06826430' // inaticabtagene, SLE-ITP (partial record)
const NK = 'NCT06337474' // KN5501 CAR-NK

/** Findings that an eligible candidate has (inclusion facts); every other finding is false. */
const POSITIVE_FINDINGS = [
  'itpConfirmedOnReassessment',
  'sleClassificationCriteriaMet',
  'peripheralSmearNoSignificantAbnormality',
  'marrowConsistentWithItp',
  'marrowMegakaryocytesWithImpairedMaturation',
]
const NEGATIVE_FINDINGS = [
  'cnsDiseaseHistory',
  'concurrentMalignancy',
  'contraindicationToTrialDrugs',
  'heartFailureNyhaIIIorIV',
  'historyOfCancerChemotherapyOrRadiotherapy',
  'immunodeficiency',
  'lactating',
  'mentalIllnessOrAddiction',
  'nonItpThrombocytopenia',
  'otherHemostaticDisorder',
  'otherMalignancyNotCured',
  'planningPregnancyWithin6Months',
  'plateletAgglutinationAbnormality',
  'pregnant',
  'preventiveSplenectomy',
  'secondaryThrombocytopeniaCause',
  'seriousActiveInfection',
  'severeAllergyHistory',
  'severeHerpesInfectionHistory',
  'significantHeartDiseaseWithinOneYear',
  'significantPericardialEffusion',
  'splenomegaly',
  'thrombosisHistoryOrRisk',
]

function attestAll(trial: SeedTrialId): Attestation[] {
  return SEED_PROTOCOLS[trial].eligibility
    .filter((c) => c.rule.kind === 'attestation')
    .map((c) => ({ protocolId: trial, criterionId: c.id, satisfied: true, signedBy: 'PI', signedOn: ASOF }))
}

const plt = (date: string, value: number, extra: Partial<LabResult> = {}): LabResult => ({
  test: 'platelets',
  value,
  unit: '10^9/L',
  date,
  lln: 125,
  uln: 350,
  ...extra,
})

/** A candidate eligible for `trial` on ASOF (checked below for each trial by engine and reference). */
function eligibleFor(trial: SeedTrialId): ScreeningProfile {
  const findings: Record<string, boolean> = {}
  for (const f of POSITIVE_FINDINGS) findings[f] = true
  for (const f of NEGATIVE_FINDINGS) findings[f] = false
  const therapies: PriorTherapy[] = [
    { class: 'corticosteroid', startDate: '2020-03-01', endDate: '2020-05-01', outcome: 'no-response' },
    { class: 'ivig', startDate: '2020-06-01', endDate: '2020-06-05', outcome: 'no-response' },
    { class: 'tpo-ra', startDate: '2021-01-01', endDate: '2021-12-31', outcome: 'no-response' },
    { class: 'rituximab', startDate: '2022-01-01', endDate: '2022-01-22', outcome: 'no-response' },
    {
      class: 'methylprednisolone-pulse',
      startDate: '2022-06-01',
      endDate: '2022-06-03',
      outcome: 'no-response',
    },
    { class: 'immunosuppressant', startDate: '2023-01-01', endDate: '2024-01-01', outcome: 'no-response' },
  ]
  if (trial === SOO)
    therapies.push({
      class: 'splenectomy',
      startDate: '2023-03-01',
      endDate: '2023-03-01',
      outcome: 'relapse',
    })
  return {
    subjectId: `S-${trial}`,
    birthDate: '1990-01-01',
    sex: 'female',
    diagnosis: { type: trial === SLE ? 'sle-itp' : 'primary-itp', date: '2019-01-01' },
    labs: [
      plt('2025-06-10', 12),
      plt('2025-06-03', 15),
      { test: 'ALT', value: 30, unit: 'U/L', date: '2025-06-10', uln: 40 },
      { test: 'AST', value: 30, unit: 'U/L', date: '2025-06-10', uln: 40 },
      { test: 'creatinine', value: 0.8, unit: 'mg/dL', date: '2025-06-10', uln: 1.0 },
    ],
    therapies,
    medications: [],
    findings,
    serology: ['HIV', 'HBsAg', 'anti-HBc', 'HBV-DNA', 'HCV-RNA'].map((test) => ({
      test,
      result: 'negative' as const,
      date: '2025-06-01',
    })),
    ecog: 1,
    lvefPercent: 60,
    events: { otherTrialParticipation: null, herpesOrVaricellaZosterInfection: null },
    attestations: attestAll(trial),
  }
}

function criterion(trial: SeedTrialId, id: string): Criterion {
  const c = SEED_PROTOCOLS[trial].eligibility.find((x) => x.id === id)
  if (!c) throw new Error(`${trial} has no criterion ${id}`)
  return c
}

/** Engine status of one criterion. */
function engineStatus(trial: SeedTrialId, id: string, p: ScreeningProfile, asOf = ASOF): Status {
  const proto = SEED_PROTOCOLS[trial]
  return evaluateCriterion(criterion(trial, id), trial, {
    profile: p,
    asOf,
    labLookbackDays: proto.screening.labLookbackDays,
  }).status
}
/** Reference status of one criterion. */
function refStatus(trial: SeedTrialId, id: string, p: ScreeningProfile, asOf = ASOF): Status {
  return refCriterion(criterion(trial, id), trial, p, asOf, optsFor(SEED_PROTOCOLS[trial]))
}
/** Engine and reference agree, and both equal `expected`. */
function expectStatus(
  trial: SeedTrialId,
  id: string,
  p: ScreeningProfile,
  expected: Status,
  asOf = ASOF,
): void {
  expect(refStatus(trial, id, p, asOf), `reference ${trial} ${id}`).toBe(expected)
  expect(engineStatus(trial, id, p, asOf), `engine ${trial} ${id}`).toBe(expected)
}
const with_ = (p: ScreeningProfile, patch: Partial<ScreeningProfile>): ScreeningProfile => ({
  ...p,
  ...patch,
})
const withFinding = (p: ScreeningProfile, name: string, v: boolean | undefined): ScreeningProfile => {
  const findings = { ...p.findings }
  if (v === undefined) delete findings[name]
  else findings[name] = v
  return { ...p, findings }
}
const labsWithout = (p: ScreeningProfile, test: string): LabResult[] => p.labs.filter((l) => l.test !== test)

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('fixtures: the all-criteria candidate is eligible for each seed trial', () => {
  it.each(TRIALS)('%s: eligible on ASOF, every criterion met (engine = reference)', (trial) => {
    const p = eligibleFor(trial)
    const r = screenSubject(p, SEED_PROTOCOLS[trial], { asOf: ASOF })
    const ref = SEED_PROTOCOLS[trial].eligibility.map((c) =>
      refCriterion(c, trial, p, ASOF, optsFor(SEED_PROTOCOLS[trial])),
    )
    expect(ref.every((s) => s === 'met')).toBe(true)
    expect(r.criteria.map((c) => [c.id, c.status])).toEqual(
      SEED_PROTOCOLS[trial].eligibility.map((c) => [c.id, 'met']),
    )
    expect(r.verdict).toBe('eligible')
  })
})

describe('age in completed years on the screening date (registry ages; README "Dates")', () => {
  const AGE: Record<SeedTrialId, { id: string; min: number; max: number }> = {
    [K]: { id: 'INC-2', min: 8, max: 75 }, // "aged 8-75"
    [SOO]: { id: 'INC-2', min: 18, max: 65 }, // "Ages 18-65 years inclusive"
    [SLE]: { id: 'INC-1', min: 18, max: 70 }, // "18-70 years (including 18 and 70 years)"
    [NK]: { id: 'INC-1a', min: 18, max: 65 }, // ">= 18 years old and <= 65 years old"
  }
  it.each(TRIALS)('%s: at / just inside / just outside both age limits', (trial) => {
    const { id, min, max } = AGE[trial]
    const born = (yearsAgo: number, shiftDays: number) =>
      with_(eligibleFor(trial), { birthDate: addDays(addMonths(ASOF, -12 * yearsAgo), shiftDays) })
    expectStatus(trial, id, born(min, 0), 'met') // minimum-age birthday today
    expectStatus(trial, id, born(min, 1), 'not met') // minimum-age birthday tomorrow
    expectStatus(trial, id, born(min, -1), 'met')
    expectStatus(trial, id, born(max + 1, 1), 'met') // day before the (max+1)th birthday: still `max`
    expectStatus(trial, id, born(max + 1, 0), 'not met') // (max+1)th birthday today
    expectStatus(trial, id, born(max, 0), 'met')
    expectStatus(trial, id, with_(eligibleFor(trial), { birthDate: undefined }), 'missing data')
  })

  it('29 February birthdays, limits reached in leap years (no reading needed)', () => {
    const p = (birthDate: string) => with_(eligibleFor(K), { birthDate })
    expectStatus(K, 'INC-2', p('2012-02-29'), 'not met', '2020-02-28') // 7
    expectStatus(K, 'INC-2', p('2012-02-29'), 'met', '2020-02-29') // 8
    expectStatus(K, 'INC-2', p('1948-02-29'), 'met', '2024-02-28') // 75
    expectStatus(K, 'INC-2', p('1948-02-29'), 'not met', '2024-02-29') // 76
    for (const t of [SOO, SLE, NK] as const) {
      const id = t === SLE ? 'INC-1' : t === NK ? 'INC-1a' : 'INC-2'
      // 18th birthday of a 2008-02-29 birth falls in a common year: on 1 March both readings give 18
      expectStatus(t, id, with_(eligibleFor(t), { birthDate: '2008-02-29' }), 'met', '2026-03-01')
      expectStatus(t, id, with_(eligibleFor(t), { birthDate: '2008-02-29' }), 'not met', '2026-02-27')
    }
  })

  it('29 February birthday on 28 February of a common year: the engine follows one documented reading', () => {
    // refAge 'mar1' (birthday not reached until 1 March) vs 'feb28' (anniversary clamped to 28 February).
    const pLow = with_(eligibleFor(NK), { birthDate: '2008-02-29' }) // 17 or 18 on 2026-02-28
    const pHigh = with_(eligibleFor(NK), { birthDate: '1956-02-29' }) // 65 or 66 on 2022-02-28
    const low = engineStatus(NK, 'INC-1a', pLow, '2026-02-28')
    const high = engineStatus(NK, 'INC-1a', pHigh, '2022-02-28')
    // whichever reading, it must be the same one at both ends (consistent completed-years function)
    const reading = low === 'met' ? 'feb28' : 'mar1'
    expect(high).toBe(reading === 'feb28' ? 'not met' : 'met')
    expect(refAge('2008-02-29', '2026-02-28', reading)).toBe(reading === 'feb28' ? 18 : 17)
  })
})

describe('platelet thresholds, "<" vs "<=", two consecutive counts and the lookback (README "Comparators")', () => {
  const onlyPlt = (trial: SeedTrialId, ...rows: LabResult[]) =>
    with_(eligibleFor(trial), { labs: [...labsWithout(eligibleFor(trial), 'platelets'), ...rows] })

  it('NCT06352281 INC-5 "Platelet count <30": the latest count decides, 30 itself fails', () => {
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 29.9)), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 30)), 'not met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 30.000001)), 'not met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 29.999999)), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 0)), 'met')
    // latest wins over an older value on either side
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-01', 45), plt('2025-06-14', 20)), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-01', 20), plt('2025-06-14', 45)), 'not met')
    // input order does not matter
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 45), plt('2025-06-01', 20)), 'not met')
    // same value in an equivalent unit (x10^3/uL = x10^9/L)
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 29, { unit: '10^3/uL' })), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 30, { unit: '10^3/uL' })), 'not met')
  })

  it('NCT06352281 INC-5: 28-day lookback (protocol screening.labLookbackDays), screening-day and future counts', () => {
    expectStatus(K, 'INC-5', onlyPlt(K, plt(addDays(ASOF, -28), 10)), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt(addDays(ASOF, -29), 10)), 'missing data')
    expectStatus(K, 'INC-5', onlyPlt(K, plt(ASOF, 10)), 'met')
    // a count dated after the screening date is not part of the screening
    expectStatus(K, 'INC-5', onlyPlt(K, plt(addDays(ASOF, 1), 10)), 'missing data')
    expectStatus(K, 'INC-5', onlyPlt(K, plt(addDays(ASOF, -3), 10), plt(addDays(ASOF, 1), 80)), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K), 'missing data')
    // an old count outside the lookback does not stand in for a missing recent one
    expectStatus(K, 'INC-5', onlyPlt(K, plt(addDays(ASOF, -29), 80)), 'missing data')
  })

  it('NCT06826430 INC-2 "at least two consecutive ... <50": both latest counts, "<" strict', () => {
    const c = (a: number, b: number) => onlyPlt(SLE, plt('2025-06-01', a), plt('2025-06-12', b))
    expectStatus(SLE, 'INC-2', c(49.9, 49.9), 'met')
    expectStatus(SLE, 'INC-2', c(50, 10), 'not met')
    expectStatus(SLE, 'INC-2', c(10, 50), 'not met')
    expectStatus(SLE, 'INC-2', c(49.999, 0), 'met')
    // a third, older count above the limit is not one of the two latest
    expectStatus(
      SLE,
      'INC-2',
      onlyPlt(SLE, plt('2025-05-25', 80), plt('2025-06-01', 20), plt('2025-06-12', 30)),
      'met',
    )
    // a count above the limit in between breaks "consecutive"
    expectStatus(
      SLE,
      'INC-2',
      onlyPlt(SLE, plt('2025-05-25', 20), plt('2025-06-01', 80), plt('2025-06-12', 30)),
      'not met',
    )
  })

  it('NCT06826430 INC-2: only one count in the lookback -> missing data (engine decision, atoms-labs.ts)', () => {
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, plt('2025-06-12', 20)), 'missing data')
    // Kleene would already say "not met" here (the latest count fails); the engine documents "fewer than
    // `consecutive` results is missing data", which is never "eligible", so it is kept
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, plt('2025-06-12', 60)), 'missing data')
    // second count outside the 28-day lookback: only one usable
    expectStatus(
      SLE,
      'INC-2',
      onlyPlt(SLE, plt(addDays(ASOF, -29), 20), plt('2025-06-12', 20)),
      'missing data',
    )
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, plt(addDays(ASOF, -28), 20), plt(ASOF, 20)), 'met')
  })

  it('NCT06337474 INC-3 "Platelet count is decreased ... at least two consecutive times" = < 1 x LLN on both', () => {
    const c = (a: number, b: number, lln: number | null = 125) =>
      onlyPlt(
        NK,
        plt('2025-06-01', a, { lln: lln ?? undefined }),
        plt('2025-06-12', b, { lln: lln ?? undefined }),
      )
    expectStatus(NK, 'INC-3', c(124.9, 124.9), 'met')
    expectStatus(NK, 'INC-3', c(125, 20), 'not met') // at the LLN is not decreased
    expectStatus(NK, 'INC-3', c(20, 125), 'not met')
    expectStatus(NK, 'INC-3', c(20, 20, null), 'missing data') // no reference limit
    expectStatus(NK, 'INC-3', onlyPlt(NK, plt('2025-06-12', 20)), 'missing data')
    // each count against its own laboratory's LLN
    expectStatus(
      NK,
      'INC-3',
      onlyPlt(NK, plt('2025-06-01', 140, { lln: 150 }), plt('2025-06-12', 140, { lln: 125 })),
      'not met',
    )
    expectStatus(
      NK,
      'INC-3',
      onlyPlt(NK, plt('2025-06-01', 140, { lln: 150 }), plt('2025-06-12', 100, { lln: 125 })),
      'met',
    )
  })
})

describe('same-date results have no order: the verdict never depends on the order of the input lists', () => {
  const onlyPlt = (trial: SeedTrialId, ...rows: LabResult[]) =>
    with_(eligibleFor(trial), { labs: [...labsWithout(eligibleFor(trial), 'platelets'), ...rows] })

  it('NCT06352281 INC-5: two counts on the latest date, 25 and 35, in either order -> missing data', () => {
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 25), plt('2025-06-14', 35)), 'missing data')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 35), plt('2025-06-14', 25)), 'missing data')
    // agreeing same-date counts decide
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 25), plt('2025-06-14', 28)), 'met')
    expectStatus(K, 'INC-5', onlyPlt(K, plt('2025-06-14', 31), plt('2025-06-14', 30)), 'not met')
  })

  it('NCT06826430 INC-2: the second place falls in a same-date pair', () => {
    const rows = (a: number, b: number) => [plt('2025-06-12', 20), plt('2025-06-05', a), plt('2025-06-05', b)]
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, ...rows(40, 60)), 'missing data')
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, ...rows(60, 40)), 'missing data')
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, ...rows(40, 45)), 'met')
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, ...rows(55, 60)), 'not met')
    // two same-date counts are both taken when they are the latest two (no minimum gap is encoded)
    expectStatus(SLE, 'INC-2', onlyPlt(SLE, plt('2025-06-12', 20), plt('2025-06-12', 30)), 'met')
  })

  it('NCT06352281 EXC-13: HIV negative and positive on the same latest date, either order -> missing data', () => {
    const p = (first: 'positive' | 'negative', second: 'positive' | 'negative') =>
      with_(eligibleFor(K), {
        serology: [
          ...eligibleFor(K).serology.filter((s) => s.test !== 'HIV'),
          { test: 'HIV', result: first, date: '2025-06-10' },
          { test: 'HIV', result: second, date: '2025-06-10' },
        ],
      })
    expectStatus(K, 'EXC-13', p('negative', 'positive'), 'missing data')
    expectStatus(K, 'EXC-13', p('positive', 'negative'), 'missing data')
    expectStatus(K, 'EXC-13', p('positive', 'positive'), 'not met')
    expect(screenSubject(p('negative', 'positive'), SEED_PROTOCOLS[K], { asOf: ASOF }).verdict).toBe(
      'incomplete',
    )
  })

  it('attestation: conflicting signatures on the same day leave the criterion to be attested, either order', () => {
    const sig = (satisfied: boolean): Attestation => ({
      protocolId: SOO,
      criterionId: 'INC-REST',
      satisfied,
      signedBy: satisfied ? 'PI' : 'Sub-I',
      signedOn: '2025-06-10',
    })
    const base = eligibleFor(SOO)
    const others = base.attestations.filter((a) => a.criterionId !== 'INC-REST')
    const p1 = with_(base, { attestations: [...others, sig(true), sig(false)] })
    const p2 = with_(base, { attestations: [...others, sig(false), sig(true)] })
    expectStatus(SOO, 'INC-REST', p1, 'needs attestation')
    expectStatus(SOO, 'INC-REST', p2, 'needs attestation')
    // a later signature supersedes an earlier one
    const later = { ...sig(false), signedOn: '2025-06-12' }
    expectStatus(SOO, 'INC-REST', with_(base, { attestations: [...others, sig(true), later] }), 'not met')
    expectStatus(SOO, 'INC-REST', with_(base, { attestations: [...others, later, sig(true)] }), 'not met')
  })
})

describe('attestations (registry README: partial records stay incomplete until attested)', () => {
  it.each(TRIALS)(
    '%s: each attestation criterion alone unsigned -> incomplete, listed as pending',
    (trial) => {
      for (const a of attestAll(trial)) {
        const p = with_(eligibleFor(trial), {
          attestations: attestAll(trial).filter((x) => x.criterionId !== a.criterionId),
        })
        const r = screenSubject(p, SEED_PROTOCOLS[trial], { asOf: ASOF })
        expect(r.verdict).toBe('incomplete')
        expect(r.pendingAttestations).toEqual([a.criterionId])
        expect(r.missing).toEqual([])
      }
    },
  )
  it.each(TRIALS)(
    '%s: an attestation signed "not satisfied" -> ineligible, even with others pending',
    (trial) => {
      const [first] = attestAll(trial)
      const p = with_(eligibleFor(trial), { attestations: [{ ...first!, satisfied: false }] })
      const r = screenSubject(p, SEED_PROTOCOLS[trial], { asOf: ASOF })
      expect(r.verdict).toBe('ineligible')
      expect(r.unmet).toEqual([first!.criterionId])
    },
  )
  it('signatures dated after the screening date count (the investigator signs on an earlier attempt)', () => {
    const p = with_(eligibleFor(SLE), {
      attestations: attestAll(SLE).map((a) => ({ ...a, signedOn: addDays(ASOF, 5) })),
    })
    expect(screenSubject(p, SEED_PROTOCOLS[SLE], { asOf: ASOF }).verdict).toBe('eligible')
  })
  it('NCT06826430 INC-REST: only a signature for this protocol and this criterion counts', () => {
    const p = eligibleFor(SLE)
    const sig: Attestation = {
      protocolId: SLE,
      criterionId: 'INC-REST',
      satisfied: true,
      signedBy: 'PI',
      signedOn: ASOF,
    }
    expectStatus(SLE, 'INC-REST', with_(p, { attestations: [sig] }), 'met')
    expectStatus(SLE, 'INC-REST', with_(p, { attestations: [] }), 'needs attestation')
    expectStatus(
      SLE,
      'INC-REST',
      with_(p, { attestations: [{ ...sig, protocolId: SOO }] }),
      'needs attestation',
    )
    expectStatus(
      SLE,
      'INC-REST',
      with_(p, { attestations: [{ ...sig, criterionId: 'INC-1' }] }),
      'needs attestation',
    )
    // a computable criterion is never decided by a signature
    const young = with_(p, {
      birthDate: addMonths(ASOF, -12 * 17),
      attestations: [sig, { ...sig, criterionId: 'INC-1' }],
    })
    expectStatus(SLE, 'INC-1', young, 'not met')
  })
})

describe('prior-therapy outcome "unknown" is unknown, never a non-response nor a response (STYLE §8.2)', () => {
  const therapies = (xs: PriorTherapy[]) => (trial: SeedTrialId) =>
    with_(eligibleFor(trial), { therapies: xs })
  const t = (
    cls: PriorTherapy['class'],
    outcome: PriorTherapy['outcome'],
    startDate = '2021-01-01',
    endDate: string | null = '2021-06-01',
  ): PriorTherapy => ({
    class: cls,
    outcome,
    startDate,
    endDate,
  })
  it('NCT06337474 INC-7: TPO-RA outcome unknown, all else refractory -> missing data (not "not met")', () => {
    const p = therapies([
      t('corticosteroid', 'no-response'),
      t('tpo-ra', 'unknown'),
      t('rituximab', 'no-response'),
    ])(NK)
    expectStatus(NK, 'INC-7', p, 'missing data')
    expectStatus(NK, 'INC-8', p, 'missing data')
    // the same history with a known non-response is met, with a known response not met
    expectStatus(
      NK,
      'INC-7',
      therapies([
        t('corticosteroid', 'no-response'),
        t('tpo-ra', 'no-response'),
        t('rituximab', 'no-response'),
      ])(NK),
      'met',
    )
    expectStatus(
      NK,
      'INC-7',
      therapies([t('corticosteroid', 'no-response'), t('tpo-ra', 'response'), t('rituximab', 'no-response')])(
        NK,
      ),
      'not met',
    )
    // an unknown outcome cannot rescue a history already decided by known records
    expectStatus(
      NK,
      'INC-7',
      therapies([
        t('corticosteroid', 'no-response'),
        t('tpo-ra', 'unknown'),
        t('tpo-ra', 'no-response'),
        t('rituximab', 'no-response'),
      ])(NK),
      'met',
    )
    const v = screenSubject(p, SEED_PROTOCOLS[NK], { asOf: ASOF })
    expect(v.verdict).toBe('incomplete')
    expect(v.missing.length).toBeGreaterThan(0)
  })
  it('NCT06352281 INC-3: chronic decides alone; otherwise an unknown second-line outcome leaves it open', () => {
    const hist = [t('corticosteroid', 'intolerance'), t('splenectomy', 'unknown', '2022-01-01', '2022-01-01')]
    const p = (diagnosisDate: string) =>
      with_(therapies(hist)(K), { diagnosis: { type: 'primary-itp', date: diagnosisDate } })
    expectStatus(K, 'INC-3', p('2019-01-01'), 'met')
    expectStatus(K, 'INC-3', p('2025-01-01'), 'missing data')
  })
  it('NCT06826430 INC-2: immunosuppressant with unknown outcome for >= 90 days -> missing data; < 90 days -> not met', () => {
    const base = eligibleFor(SLE)
    const keep = base.therapies!.filter((x) => x.class !== 'immunosuppressant')
    expectStatus(
      SLE,
      'INC-2',
      with_(base, { therapies: [...keep, t('immunosuppressant', 'unknown', '2024-01-01', '2024-03-31')] }),
      'missing data',
    )
    expectStatus(
      SLE,
      'INC-2',
      with_(base, { therapies: [...keep, t('immunosuppressant', 'unknown', '2024-01-01', '2024-03-30')] }),
      'not met',
    )
  })
})

describe('disease duration "> 12 months" in calendar months (README glossary: chronic > 12 months)', () => {
  // therapies: [] -> the refractory branch is false, so NCT06352281 INC-3 is the duration alone
  const p = (date: string, therapies: PriorTherapy[] | 'not collected' = []) =>
    with_(eligibleFor(K), {
      diagnosis: { type: 'primary-itp', date },
      therapies: therapies === 'not collected' ? undefined : therapies,
    })
  it.each([
    ['2024-06-15', ASOF, 'not met'], // exactly 12 months
    ['2024-06-14', ASOF, 'met'], // 12 months and 1 day
    ['2024-06-16', ASOF, 'not met'],
    ['2024-02-29', '2025-02-28', 'not met'], // + 12 months = 28 Feb 2025 (clamped): not more
    ['2024-02-29', '2025-03-01', 'met'],
    ['2023-02-28', '2024-02-28', 'not met'],
    ['2023-02-28', '2024-02-29', 'met'], // leap day is after the anniversary
    ['2024-03-31', '2025-03-31', 'not met'],
    ['2024-03-31', '2025-04-01', 'met'],
    [ASOF, ASOF, 'not met'], // diagnosed on the screening day
    ['2026-01-01', ASOF, 'not met'], // diagnosis after screening (data error): not chronic
  ] as const)('diagnosed %s, screened %s -> %s', (dx, asOf, status) => {
    expectStatus(K, 'INC-3', p(dx), status, asOf)
  })
  it('unknown diagnosis date: missing data unless the refractory branch decides', () => {
    const noDate = (therapies: PriorTherapy[] | undefined) =>
      with_(eligibleFor(K), { diagnosis: { type: 'primary-itp' }, therapies })
    expectStatus(K, 'INC-3', noDate([]), 'missing data')
    expectStatus(K, 'INC-3', noDate(undefined), 'missing data')
    expectStatus(K, 'INC-3', noDate(eligibleFor(K).therapies), 'met')
    // diagnosis type not primary ITP decides "not met" even with the duration unknown
    expectStatus(K, 'INC-3', with_(eligibleFor(K), { diagnosis: { type: 'sle-itp' } }), 'not met')
    // chronic decides even with the therapy history not collected
    expectStatus(K, 'INC-3', p('2020-01-01', 'not collected'), 'met')
    expectStatus(K, 'INC-3', p('2025-01-01', 'not collected'), 'missing data')
  })
})

describe('prior-therapy counts: failed classes per line (protocol decisions in protocol.json)', () => {
  /** `endDate` false = not recorded (unknown), null = ongoing */
  const t = (
    cls: PriorTherapy['class'],
    outcome: PriorTherapy['outcome'],
    startDate = '2021-01-01',
    endDate: string | null | false = '2021-06-01',
  ): PriorTherapy =>
    endDate === false ? { class: cls, outcome, startDate } : { class: cls, outcome, startDate, endDate }
  const hist = (trial: SeedTrialId, therapies: PriorTherapy[], dx = '2025-01-01') =>
    with_(eligibleFor(trial), {
      therapies,
      diagnosis: { type: trial === SLE ? 'sle-itp' : 'primary-itp', date: dx },
    })

  it('NCT06352281 INC-3 (not chronic): one failed first-line class AND one failed second-line class', () => {
    expectStatus(K, 'INC-3', hist(K, [t('corticosteroid', 'no-response'), t('tpo-ra', 'relapse')]), 'met')
    expectStatus(K, 'INC-3', hist(K, [t('ivig', 'intolerance'), t('splenectomy', 'no-response')]), 'met')
    expectStatus(
      K,
      'INC-3',
      hist(K, [t('corticosteroid', 'no-response'), t('ivig', 'no-response')]),
      'not met',
    ) // first line only
    expectStatus(K, 'INC-3', hist(K, [t('tpo-ra', 'no-response'), t('rituximab', 'no-response')]), 'not met') // second line only
    expectStatus(
      K,
      'INC-3',
      hist(K, [t('corticosteroid', 'response'), t('tpo-ra', 'no-response')]),
      'not met',
    )
    expectStatus(
      K,
      'INC-3',
      hist(K, [t('corticosteroid', 'dependence'), t('tpo-ra', 'no-response')]),
      'not met',
    )
    expectStatus(K, 'INC-3', hist(K, [t('corticosteroid', 'ongoing'), t('tpo-ra', 'no-response')]), 'not met')
    expectStatus(K, 'INC-3', hist(K, []), 'not met')
  })

  it('NCT05315778 INC-1: refractory (guideline) or relapsed after first line and anti-CD20', () => {
    const refractory = [t('ivig', 'no-response'), t('tpo-ra', 'no-response'), t('rituximab', 'no-response')]
    const withReassess = (p: ScreeningProfile, v: boolean | undefined) =>
      withFinding(p, 'itpConfirmedOnReassessment', v)
    expectStatus(SOO, 'INC-1', hist(SOO, refractory), 'met')
    expectStatus(SOO, 'INC-1', hist(SOO, refractory.slice(0, 2)), 'not met') // no rituximab failure
    expectStatus(SOO, 'INC-1', withReassess(hist(SOO, refractory), false), 'not met')
    expectStatus(SOO, 'INC-1', withReassess(hist(SOO, refractory), undefined), 'missing data')
    expectStatus(SOO, 'INC-1', hist(SOO, [t('splenectomy', 'relapse')]), 'met') // splenectomy branch
    expectStatus(SOO, 'INC-1', hist(SOO, [t('splenectomy', 'intolerance')]), 'not met')
    // relapse branch: first line relapse + rituximab relapse, no reassessment needed
    const relapsed = withReassess(
      hist(SOO, [t('corticosteroid', 'relapse'), t('rituximab', 'relapse')]),
      false,
    )
    expectStatus(SOO, 'INC-1', relapsed, 'met')
    expectStatus(
      SOO,
      'INC-1',
      withReassess(hist(SOO, [t('corticosteroid', 'relapse'), t('rituximab', 'no-response')]), false),
      'not met',
    )
    expectStatus(SOO, 'INC-1', with_(eligibleFor(SOO), { therapies: undefined }), 'missing data')
  })

  it('NCT06826430 INC-2: MP pulse / high-dose steroid (any outcome) and an immunosuppressant >= 90 days', () => {
    const base = [t('methylprednisolone-pulse', 'response', '2022-06-01', '2022-06-03')]
    const p = (x: PriorTherapy[]) => hist(SLE, [...base, ...x])
    expectStatus(SLE, 'INC-2', p([t('immunosuppressant', 'no-response', '2024-01-01', '2024-03-31')]), 'met') // 90 days
    expectStatus(
      SLE,
      'INC-2',
      p([t('immunosuppressant', 'no-response', '2024-01-01', '2024-03-30')]),
      'not met',
    ) // 89
    expectStatus(SLE, 'INC-2', p([t('biologic', 'dependence', '2023-01-01', '2023-04-01')]), 'met') // 90 days (common year)
    expectStatus(SLE, 'INC-2', p([t('immunosuppressant', 'response', '2024-01-01', '2024-12-31')]), 'not met')
    // ongoing: duration runs to the screening date
    expectStatus(SLE, 'INC-2', p([t('immunosuppressant', 'no-response', addDays(ASOF, -90), null)]), 'met')
    expectStatus(
      SLE,
      'INC-2',
      p([t('immunosuppressant', 'no-response', addDays(ASOF, -89), null)]),
      'not met',
    )
    // unknown start or end date: undecided
    expectStatus(
      SLE,
      'INC-2',
      p([t('immunosuppressant', 'no-response', '2024-01-01', false)]),
      'missing data',
    )
    // two short courses do not add up
    expectStatus(
      SLE,
      'INC-2',
      p([
        t('immunosuppressant', 'no-response', '2024-01-01', '2024-02-15'),
        t('immunosuppressant', 'no-response', '2024-02-16', '2024-03-31'),
      ]),
      'not met',
    )
    // no steroid pulse at all
    expectStatus(
      SLE,
      'INC-2',
      hist(SLE, [t('immunosuppressant', 'no-response', '2024-01-01', '2024-12-31')]),
      'not met',
    )
  })
})

describe('washout and look-back windows in days / weeks / months (schema: window [asOf - n, asOf])', () => {
  it('NCT06337474 INC-11 ">= 4 weeks after last dose" = 28 days since the end of the last matching therapy', () => {
    const p = (endDate: string | null | undefined, cls: PriorTherapy['class'] = 'rituximab') =>
      with_(eligibleFor(NK), {
        therapies: [
          ...eligibleFor(NK).therapies!.filter((x) => x.class !== 'rituximab'),
          endDate === undefined
            ? { class: cls, outcome: 'no-response', startDate: '2025-01-01' }
            : { class: cls, outcome: 'no-response', startDate: '2025-01-01', endDate },
        ],
      })
    expectStatus(NK, 'INC-11', p(addDays(ASOF, -28)), 'met')
    expectStatus(NK, 'INC-11', p(addDays(ASOF, -27)), 'not met')
    expectStatus(NK, 'INC-11', p(ASOF), 'not met')
    expectStatus(NK, 'INC-11', p(null), 'not met') // ongoing
    expectStatus(NK, 'INC-11', p(addDays(ASOF, 10)), 'not met') // ends after screening
    expectStatus(NK, 'INC-11', p(undefined), 'missing data')
    expectStatus(NK, 'INC-11', p(addDays(ASOF, -5), 'tpo-ra'), 'met') // background ITP drug not counted (protocol decision)
    expectStatus(NK, 'INC-11', p(addDays(ASOF, -5), 'cell-therapy'), 'not met')
    expectStatus(NK, 'INC-11', with_(eligibleFor(NK), { therapies: [] }), 'met')
    expectStatus(NK, 'INC-11', with_(eligibleFor(NK), { therapies: undefined }), 'missing data')
    // an unknown end date cannot rescue a known recent one, nor be ignored when the known one is old
    const two = (other: PriorTherapy) =>
      with_(eligibleFor(NK), {
        therapies: [{ class: 'chemotherapy', outcome: 'unknown', startDate: '2024-01-01' }, other],
      })
    expectStatus(
      NK,
      'INC-11',
      two({
        class: 'radiotherapy',
        outcome: 'response',
        startDate: '2025-06-01',
        endDate: addDays(ASOF, -3),
      }),
      'not met',
    )
    expectStatus(
      NK,
      'INC-11',
      two({ class: 'radiotherapy', outcome: 'response', startDate: '2024-06-01', endDate: '2024-07-01' }),
      'missing data',
    )
  })

  it('NCT06337474 EXC-2 IV antibiotics within one week (7 days)', () => {
    const p = (startDate: string, endDate: string | null) =>
      with_(eligibleFor(NK), {
        medications: [{ name: 'ceftriaxone', class: 'iv-antibiotic', startDate, endDate }],
      })
    expectStatus(NK, 'EXC-2', p(addDays(ASOF, -10), addDays(ASOF, -7)), 'not met') // last day exactly 7 days ago
    expectStatus(NK, 'EXC-2', p(addDays(ASOF, -10), addDays(ASOF, -8)), 'met')
    expectStatus(NK, 'EXC-2', p(ASOF, ASOF), 'not met')
    expectStatus(NK, 'EXC-2', p(addDays(ASOF, -30), null), 'not met') // ongoing
    expectStatus(NK, 'EXC-2', p(addDays(ASOF, 1), null), 'met') // planned after screening
    expectStatus(NK, 'EXC-2', with_(eligibleFor(NK), { medications: undefined }), 'missing data')
    expectStatus(
      NK,
      'EXC-2',
      with_(eligibleFor(NK), {
        medications: [{ name: 'amoxicillin', class: 'other', startDate: ASOF, endDate: null }],
      }),
      'met',
    )
  })

  it('NCT06337474 EXC-8a herpes / VZV within 12 weeks (84 days)', () => {
    const p = (d: string | null | undefined) => {
      const events: Record<string, string | null> = { ...eligibleFor(NK).events }
      if (d === undefined) delete events.herpesOrVaricellaZosterInfection
      else events.herpesOrVaricellaZosterInfection = d
      return with_(eligibleFor(NK), { events })
    }
    expectStatus(NK, 'EXC-8a', p(addDays(ASOF, -84)), 'not met')
    expectStatus(NK, 'EXC-8a', p(addDays(ASOF, -85)), 'met')
    expectStatus(NK, 'EXC-8a', p(ASOF), 'not met')
    expectStatus(NK, 'EXC-8a', p(null), 'met')
    expectStatus(NK, 'EXC-8a', p(undefined), 'missing data')
  })

  it('NCT06337474 EXC-11 other trial within 3 calendar months; NCT06352281 EXC-18 within 4 weeks (28 days)', () => {
    const p = (trial: SeedTrialId, d: string | null) =>
      with_(eligibleFor(trial), { events: { ...eligibleFor(trial).events, otherTrialParticipation: d } })
    expectStatus(NK, 'EXC-11', p(NK, '2025-03-15'), 'not met') // exactly 3 months before 2025-06-15
    expectStatus(NK, 'EXC-11', p(NK, '2025-03-14'), 'met')
    expectStatus(NK, 'EXC-11', p(NK, '2025-02-28'), 'not met', '2025-05-31') // 31 May - 3 months = 28 Feb (clamped)
    expectStatus(NK, 'EXC-11', p(NK, '2025-02-27'), 'met', '2025-05-31')
    expectStatus(NK, 'EXC-11', p(NK, '2024-02-29'), 'not met', '2024-05-31') // leap year: 29 Feb
    expectStatus(NK, 'EXC-11', p(NK, '2024-02-28'), 'met', '2024-05-31')
    expectStatus(K, 'EXC-18', p(K, addDays(ASOF, -28)), 'not met')
    expectStatus(K, 'EXC-18', p(K, addDays(ASOF, -29)), 'met')
    expectStatus(K, 'EXC-18', p(K, null), 'met')
    expectStatus(K, 'EXC-18', with_(eligibleFor(K), { events: {} }), 'missing data')
  })

  it('NCT06352281 EXC-4 "> 3 consecutive days within 2 weeks" = a run of >= 4 days inside [asOf-14, asOf]', () => {
    const med = (
      startDate: string,
      endDate: string | null,
      cls: Medication['class'] = 'antiplatelet',
    ): Medication => ({
      name: cls,
      class: cls,
      startDate,
      endDate,
    })
    const p = (...m: Medication[]) => with_(eligibleFor(K), { medications: m })
    const d = (k: number) => addDays(ASOF, k)
    expectStatus(K, 'EXC-4', p(med(d(-10), d(-7))), 'not met') // 4 days
    expectStatus(K, 'EXC-4', p(med(d(-10), d(-8))), 'met') // 3 days
    expectStatus(K, 'EXC-4', p(med(d(-10), d(-9)), med(d(-8), d(-7))), 'not met') // dose change: still 4 in a row
    expectStatus(K, 'EXC-4', p(med(d(-10), d(-9), 'nsaid'), med(d(-8), d(-7), 'anticoagulant')), 'not met') // classes combine
    expectStatus(K, 'EXC-4', p(med(d(-10), d(-9)), med(d(-7), d(-6))), 'met') // a gap day
    expectStatus(K, 'EXC-4', p(med(d(-17), d(-11))), 'not met') // days -14..-11 inside: 4
    expectStatus(K, 'EXC-4', p(med(d(-17), d(-12))), 'met') // days -14..-12 inside: 3
    expectStatus(K, 'EXC-4', p(med(d(-3), null)), 'not met') // ongoing: -3..0 = 4 days
    expectStatus(K, 'EXC-4', p(med(d(-2), null)), 'met')
    expectStatus(K, 'EXC-4', p(med(d(-1), d(5))), 'met') // after screening not counted
    expectStatus(K, 'EXC-4', p(med(d(-10), d(-5), 'corticosteroid')), 'met')
    expectStatus(K, 'EXC-4', with_(eligibleFor(K), { medications: undefined }), 'missing data')
  })

  it('NCT06352281 INC-6 corticosteroid dose stable >= 14 days before screening (true when not taking any)', () => {
    const cs = (startDate: string, endDate: string | null): Medication => ({
      name: 'prednisone',
      class: 'corticosteroid',
      startDate,
      endDate,
    })
    const p = (...m: Medication[]) => with_(eligibleFor(K), { medications: m })
    expectStatus(K, 'INC-6', p(cs(addDays(ASOF, -14), null)), 'met')
    expectStatus(K, 'INC-6', p(cs(addDays(ASOF, -13), null)), 'not met')
    expectStatus(
      K,
      'INC-6',
      p(cs(addDays(ASOF, -40), addDays(ASOF, -14)), cs(addDays(ASOF, -13), null)),
      'not met',
    ) // dose change 13 days ago
    expectStatus(K, 'INC-6', p(cs(addDays(ASOF, -40), addDays(ASOF, -1))), 'met') // stopped before screening
    expectStatus(K, 'INC-6', p(cs(addDays(ASOF, -13), ASOF)), 'not met') // last day is the screening day
    expectStatus(K, 'INC-6', p(), 'met')
    expectStatus(K, 'INC-6', with_(eligibleFor(K), { medications: undefined }), 'missing data')
  })
})

describe('lab limits in x ULN with units (NCT06352281 EXC-10, EXC-11; README "Rounding": raw values)', () => {
  const lab = (
    test: string,
    value: number,
    uln: number | undefined,
    unit = 'U/L',
    date = '2025-06-10',
  ): LabResult => (uln === undefined ? { test, value, unit, date } : { test, value, unit, date, uln })
  const p = (...rows: LabResult[]) => {
    const keep = eligibleFor(K).labs.filter((l) => !rows.some((r) => r.test === l.test))
    return with_(eligibleFor(K), { labs: [...keep, ...rows] })
  }
  it('transaminases "more than 3 times" ULN: 3.0 x ULN is not excluded', () => {
    expectStatus(K, 'EXC-10', p(lab('ALT', 120, 40)), 'met')
    expectStatus(K, 'EXC-10', p(lab('ALT', 120.01, 40)), 'not met')
    expectStatus(K, 'EXC-10', p(lab('AST', 150, 50)), 'met')
    expectStatus(K, 'EXC-10', p(lab('AST', 150.5, 50)), 'not met')
    // decimals whose binary product rounds: 3 x 33.4 = 100.2 exactly (100.19999999999999 in floating point)
    expectStatus(K, 'EXC-10', p(lab('ALT', 100.2, 33.4)), 'met')
    expectStatus(K, 'EXC-10', p(lab('ALT', 100.21, 33.4)), 'not met')
    expectStatus(K, 'EXC-10', p(lab('AST', 1.74, 0.58)), 'met')
  })
  it('transaminases: Kleene "any" over ALT and AST with missing data', () => {
    const noAlt = with_(eligibleFor(K), { labs: eligibleFor(K).labs.filter((l) => l.test !== 'ALT') })
    expectStatus(K, 'EXC-10', noAlt, 'missing data') // AST normal, ALT unknown
    expectStatus(
      K,
      'EXC-10',
      with_(noAlt, { labs: [...noAlt.labs.filter((l) => l.test !== 'AST'), lab('AST', 200, 40)] }),
      'not met',
    )
    expectStatus(K, 'EXC-10', p(lab('ALT', 30, undefined)), 'missing data') // no ULN
    expectStatus(K, 'EXC-10', p(lab('ALT', 500, undefined), lab('AST', 121, 40)), 'not met')
    expectStatus(K, 'EXC-10', p(lab('ALT', 30, 40, 'U/L', addDays(ASOF, -29))), 'missing data') // outside lookback
  })
  it('creatinine "more than two times" ULN, in mg/dL or umol/L', () => {
    expectStatus(K, 'EXC-11', p(lab('creatinine', 2.0, 1.0, 'mg/dL')), 'met')
    expectStatus(K, 'EXC-11', p(lab('creatinine', 2.01, 1.0, 'mg/dL')), 'not met')
    expectStatus(K, 'EXC-11', p(lab('creatinine', 176.8, 88.4, 'umol/L')), 'met')
    expectStatus(K, 'EXC-11', p(lab('creatinine', 176.9, 88.4, 'umol/L')), 'not met')
    expectStatus(K, 'EXC-11', p(lab('creatinine', 2.2, 1.1, 'mg/dL')), 'met')
    expectStatus(K, 'EXC-11', p(lab('creatinine', 0.8, undefined, 'mg/dL')), 'missing data')
    expectStatus(
      K,
      'EXC-11',
      with_(eligibleFor(K), { labs: eligibleFor(K).labs.filter((l) => l.test !== 'creatinine') }),
      'missing data',
    )
  })
})

describe('tri-state AND / OR / NOT with unknowns (expression-schema.ts header: Kleene)', () => {
  const ctx = (profile: ScreeningProfile) => ({ profile, asOf: ASOF, labLookbackDays: 28 })
  const T: EligibilityExpression = { op: 'ecog', cmp: '<=', value: 5 }
  const F: EligibilityExpression = { op: 'ecog', cmp: '>', value: 5 }
  const U: EligibilityExpression = { op: 'finding', name: 'neverRecorded' }
  const leaves: [EligibilityExpression, Tri][] = [
    [T, true],
    [F, false],
    [U, null],
  ]
  it('every 2-ary all/any and not over {true, false, unknown}', () => {
    const p = eligibleFor(NK)
    for (const [a, va] of leaves) {
      expect(evaluateExpression({ op: 'not', of: a }, ctx(p)).value).toBe(va === null ? null : !va)
      for (const [b, vb] of leaves) {
        expect(evaluateExpression({ op: 'all', of: [a, b] }, ctx(p)).value).toBe(kAll([va, vb]))
        expect(evaluateExpression({ op: 'any', of: [a, b] }, ctx(p)).value).toBe(kAny([va, vb]))
        expect(evaluateExpression({ op: 'not', of: { op: 'all', of: [a, b] } }, ctx(p)).value).toBe(
          evaluateExpression(
            {
              op: 'any',
              of: [
                { op: 'not', of: a },
                { op: 'not', of: b },
              ],
            },
            ctx(p),
          ).value,
        )
      }
    }
  })
  it('unknown is reported with the field only while the value is unknown', () => {
    const p = eligibleFor(NK)
    expect(evaluateExpression({ op: 'any', of: [U, T] }, ctx(p)).missing).toEqual([])
    expect(evaluateExpression({ op: 'any', of: [U, F] }, ctx(p)).missing).toEqual(['findings.neverRecorded'])
    expect(evaluateExpression({ op: 'not', of: U }, ctx(p)).missing).toEqual(['findings.neverRecorded'])
  })
  it('NCT06352281 EXC-13 hepatitis B: (HBsAg or anti-HBc) and HBV-DNA', () => {
    const sero = (v: Record<string, 'positive' | 'negative' | 'indeterminate' | undefined>) =>
      with_(eligibleFor(K), {
        serology: eligibleFor(K)
          .serology.filter((s) => !(s.test in v))
          .concat(
            Object.entries(v).flatMap(([test, result]) =>
              result ? [{ test, result, date: '2025-06-01' }] : [],
            ),
          ),
      })
    expectStatus(K, 'EXC-13', sero({ HBsAg: 'positive', 'HBV-DNA': undefined }), 'missing data')
    expectStatus(K, 'EXC-13', sero({ HBsAg: 'positive', 'HBV-DNA': 'negative' }), 'met')
    expectStatus(K, 'EXC-13', sero({ HBsAg: 'positive', 'HBV-DNA': 'positive' }), 'not met')
    expectStatus(
      K,
      'EXC-13',
      sero({ HBsAg: undefined, 'anti-HBc': 'negative', 'HBV-DNA': 'negative' }),
      'met',
    )
    expectStatus(
      K,
      'EXC-13',
      sero({ HBsAg: undefined, 'anti-HBc': 'negative', 'HBV-DNA': 'positive' }),
      'missing data',
    )
    expectStatus(K, 'EXC-13', sero({ 'anti-HBc': 'positive', 'HBV-DNA': 'positive' }), 'not met')
    expectStatus(K, 'EXC-13', sero({ HIV: undefined }), 'missing data')
    expectStatus(K, 'EXC-13', sero({ HIV: 'indeterminate' }), 'missing data')
    expectStatus(K, 'EXC-13', sero({ HIV: undefined, 'HCV-RNA': 'positive' }), 'not met')
    expectStatus(
      K,
      'EXC-13',
      withFinding(sero({ HIV: undefined }), 'seriousActiveInfection', true),
      'not met',
    )
    // latest result decides: positive then negative later
    const later = with_(eligibleFor(K), {
      serology: [
        ...eligibleFor(K).serology.filter((s) => s.test !== 'HIV'),
        { test: 'HIV', result: 'negative', date: '2025-06-12' },
        { test: 'HIV', result: 'positive', date: '2025-01-01' },
      ],
    })
    expectStatus(K, 'EXC-13', later, 'met')
  })
  it('pregnancy exclusions: evaluated for female candidates only', () => {
    for (const [trial, id] of [
      [K, 'EXC-15'],
      [NK, 'EXC-9'],
    ] as const) {
      const noPreg = withFinding(
        withFinding(eligibleFor(trial), 'pregnant', undefined),
        'lactating',
        undefined,
      )
      expectStatus(trial, id, with_(noPreg, { sex: 'male' }), 'met')
      expectStatus(trial, id, with_(noPreg, { sex: 'female' }), 'missing data')
      expectStatus(trial, id, with_(eligibleFor(trial), { sex: undefined }), 'met') // findings false
      expectStatus(
        trial,
        id,
        with_(withFinding(eligibleFor(trial), 'lactating', true), { sex: undefined }),
        'missing data',
      )
      expectStatus(trial, id, withFinding(eligibleFor(trial), 'pregnant', true), 'not met')
    }
  })
  it('NCT06337474 INC-4 "Spleen is not enlarged" and INC-6 = NOT(...): unknown stays unknown', () => {
    expectStatus(NK, 'INC-4', withFinding(eligibleFor(NK), 'splenomegaly', undefined), 'missing data')
    expectStatus(NK, 'INC-4', withFinding(eligibleFor(NK), 'splenomegaly', true), 'not met')
    expectStatus(
      NK,
      'INC-6',
      withFinding(eligibleFor(NK), 'secondaryThrombocytopeniaCause', undefined),
      'missing data',
    )
    expectStatus(
      NK,
      'INC-6',
      with_(withFinding(eligibleFor(NK), 'secondaryThrombocytopeniaCause', undefined), {
        diagnosis: { type: 'sle-itp' },
      }),
      'not met',
    )
  })
  it('NCT06337474 INC-9 ECOG <= 1, INC-10 LVEF >= 50 %', () => {
    expectStatus(NK, 'INC-9', with_(eligibleFor(NK), { ecog: 1 }), 'met')
    expectStatus(NK, 'INC-9', with_(eligibleFor(NK), { ecog: 2 }), 'not met')
    expectStatus(NK, 'INC-9', with_(eligibleFor(NK), { ecog: undefined }), 'missing data')
    expectStatus(NK, 'INC-10', with_(eligibleFor(NK), { lvefPercent: 50 }), 'met')
    expectStatus(NK, 'INC-10', with_(eligibleFor(NK), { lvefPercent: 49.9 }), 'not met')
    expectStatus(NK, 'INC-10', with_(eligibleFor(NK), { lvefPercent: undefined }), 'missing data')
    expectStatus(
      NK,
      'INC-10',
      with_(withFinding(eligibleFor(NK), 'significantPericardialEffusion', undefined), { lvefPercent: 45 }),
      'not met',
    )
  })
})

describe('verdict and pre-screen vs full screen (STYLE §8.1; prescreen.ts ranking)', () => {
  it.each(TRIALS)(
    '%s: a missing computable item gives "incomplete", never "eligible"; a failure wins over it',
    (trial) => {
      const proto = SEED_PROTOCOLS[trial]
      const p = with_(eligibleFor(trial), { birthDate: undefined })
      const r = screenSubject(p, proto, { asOf: ASOF })
      expect(r.verdict).toBe('incomplete')
      expect(r.missing).toEqual(['birthDate'])
      expect(r.unmet).toEqual([])
      const [first, ...rest] = attestAll(trial)
      const worse = with_(p, { attestations: [{ ...first!, satisfied: false }, ...rest] })
      const w = screenSubject(worse, proto, { asOf: ASOF })
      expect(w.verdict).toBe('ineligible')
      expect(w.unmet).toEqual([first!.criterionId])
      expect(w.missing).toEqual(['birthDate'])
    },
  )

  it('a pre-screen profile (age, sex, diagnosis only) is never eligible anywhere; results equal the full screens', () => {
    const pre: ScreeningProfile = {
      subjectId: 'PRE-1',
      birthDate: '1990-01-01',
      sex: 'female',
      diagnosis: { type: 'primary-itp', date: '2019-01-01' },
      labs: [],
      findings: {},
      serology: [],
      events: {},
      attestations: [],
    }
    const protocols = TRIALS.map((t) => SEED_PROTOCOLS[t])
    const ranked = prescreen(pre, protocols, { asOf: ASOF })
    expect(ranked.map((r) => [r.protocolId, r.verdict])).toEqual([
      // incomplete: fewest missing fields first, then fewest pending attestations, then registry id
      ...ranked.filter((r) => r.verdict === 'incomplete').map((r) => [r.protocolId, 'incomplete']),
      [SLE, 'ineligible'],
    ])
    expect(ranked.filter((r) => r.verdict === 'incomplete')).toHaveLength(3)
    for (const r of ranked) {
      const full = screenSubject(pre, SEED_PROTOCOLS[r.protocolId as SeedTrialId], { asOf: ASOF })
      expect(r).toEqual(full)
    }
    // the SLE-ITP trial is out for a primary-ITP candidate: ranked last
    expect(ranked.at(-1)?.protocolId).toBe(SLE)
  })

  it('the same complete profile: full screen eligible for its trial, pre-screen ranks it first', () => {
    const protocols = TRIALS.map((t) => SEED_PROTOCOLS[t])
    for (const trial of TRIALS) {
      const ranked = prescreen(eligibleFor(trial), protocols, { asOf: ASOF })
      expect(ranked[0]?.protocolId).toBe(trial)
      expect(ranked[0]?.verdict).toBe('eligible')
    }
  })
})

// ---------------------------------------------------------------------------------------------------------
// Property: engine = reference on generated candidates concentrated at every limit of the four trials
// ---------------------------------------------------------------------------------------------------------

const ASOFS = ['2025-06-15', '2024-02-29', '2025-02-28', '2025-03-01', '2024-05-31', '2026-02-28']
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs)
const opt = <T>(a: fc.Arbitrary<T>, pUndefined = 0.15) =>
  fc.oneof(
    { weight: Math.round((1 - pUndefined) * 100), arbitrary: a },
    { weight: Math.round(pUndefined * 100), arbitrary: fc.constant(undefined) },
  )

/** A profile generator relative to the screening date (offsets in days / years), built per run. */
function arbProfile(asOf: string): fc.Arbitrary<ScreeningProfile> {
  const day = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => addDays(asOf, k))
  const birth = fc.oneof(
    fc
      .tuple(pick([7, 8, 9, 17, 18, 19, 64, 65, 66, 69, 70, 71, 75, 76]), fc.integer({ min: -2, max: 2 }))
      .map(([y, k]) => addDays(addMonths(asOf, -12 * y), k)),
    pick(['2008-02-29', '2007-02-28', '2007-03-01', '1956-02-29', '1960-02-29', '2016-02-29', '1948-02-29']),
  )
  const diagnosis = fc.record(
    {
      type: pick(['primary-itp', 'sle-itp', 'secondary-itp-other', 'non-immune-thrombocytopenia'] as const),
      date: fc.oneof(
        fc.integer({ min: -2, max: 2 }).map((k) => addDays(addMonths(asOf, -12), k)),
        pick(['2024-02-29', '2023-02-28', '2019-01-01', '2024-06-15']),
      ),
    },
    { requiredKeys: [] },
  )
  const lab = fc
    .record({
      test: pick(['platelets', 'platelets', 'platelets', 'ALT', 'AST', 'creatinine']),
      date: day(-31, 2),
      v: pick([0, 10, 29.9, 30, 30.1, 49.9, 50, 50.1, 124.9, 125, 200]),
      unit: pick(['10^9/L', '10^3/uL', 'x10^9/L']),
      lln: opt(pick([125, 150])),
      liver: pick([39, 40, 120, 120.01, 100.2, 33.4]),
      uln: opt(pick([40, 33.4, 1.0, 1.1, 88.4])),
      cr: pick([0.8, 2.0, 2.01, 2.2, 176.8, 176.9]),
      crUnit: pick(['mg/dL', 'umol/L']),
    })
    .map((r): LabResult => {
      const extra = {
        ...(r.uln === undefined ? {} : { uln: r.uln }),
        ...(r.lln === undefined ? {} : { lln: r.lln }),
      }
      if (r.test === 'platelets') return { test: r.test, value: r.v, unit: r.unit, date: r.date, ...extra }
      if (r.test === 'creatinine')
        return { test: r.test, value: r.cr, unit: r.crUnit, date: r.date, ...extra }
      return { test: r.test, value: r.liver, unit: 'U/L', date: r.date, ...extra }
    })
  const therapy = fc
    .record({
      class: pick([
        'corticosteroid',
        'methylprednisolone-pulse',
        'ivig',
        'tpo-ra',
        'rituximab',
        'splenectomy',
        'immunosuppressant',
        'biologic',
        'chemotherapy',
        'monoclonal-antibody',
      ] as const),
      outcome: pick([
        'response',
        'no-response',
        'relapse',
        'intolerance',
        'dependence',
        'ongoing',
        'unknown',
      ] as const),
      start: opt(fc.integer({ min: -400, max: -60 }), 0.1),
      len: fc.oneof(pick([88, 89, 90, 91]), fc.integer({ min: 0, max: 400 })),
      end: pick(['dated', 'dated', 'ongoing', 'unknown'] as const),
      recent: fc.integer({ min: -40, max: 3 }),
    })
    .map((r): PriorTherapy => {
      const t: PriorTherapy = { class: r.class, outcome: r.outcome }
      if (r.start !== undefined) t.startDate = addDays(asOf, r.start)
      if (r.end === 'ongoing') t.endDate = null
      else if (r.end === 'dated')
        t.endDate =
          r.start !== undefined && r.recent < -30 ? addDays(asOf, r.start + r.len) : addDays(asOf, r.recent)
      return t
    })
  const med = fc
    .record({
      class: pick([
        'antiplatelet',
        'nsaid',
        'anticoagulant',
        'corticosteroid',
        'iv-antibiotic',
        'other',
      ] as const),
      s: fc.integer({ min: -20, max: 1 }),
      len: fc.integer({ min: 0, max: 6 }),
      ongoing: fc.boolean(),
    })
    .map((r): Medication => ({
      name: r.class,
      class: r.class,
      startDate: addDays(asOf, r.s),
      endDate: r.ongoing ? null : addDays(asOf, r.s + r.len),
    }))
  const findingNames = [...POSITIVE_FINDINGS, ...NEGATIVE_FINDINGS]
  const findings = fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('good' as const) },
        { weight: 1, arbitrary: fc.constant('bad' as const) },
        { weight: 1, arbitrary: fc.constant('unknown' as const) },
      ),
      {
        minLength: findingNames.length,
        maxLength: findingNames.length,
      },
    )
    .map((xs) => {
      const f: Record<string, boolean> = {}
      xs.forEach((x, i) => {
        const name = findingNames[i]!
        if (x === 'unknown') return
        f[name] = POSITIVE_FINDINGS.includes(name) === (x === 'good')
      })
      return f
    })
  const serology = fc.array(
    fc.record({
      test: pick(['HIV', 'HBsAg', 'anti-HBc', 'HBV-DNA', 'HCV-RNA']),
      result: pick(['negative', 'negative', 'negative', 'positive', 'indeterminate'] as const),
      date: day(-3, 1),
    }),
    { maxLength: 7 },
  )
  const eventDate = fc.oneof(
    fc.constant(null),
    day(-100, 2),
    fc.integer({ min: -1, max: 1 }).map((k) => addDays(addMonths(asOf, -3), k)),
  )
  const attest = fc.array(
    fc.record({
      protocolId: pick(TRIALS),
      criterionId: pick([
        'INC-1',
        'INC-1b',
        'INC-3',
        'INC-4',
        'INC-7',
        'INC-8',
        'INC-12',
        'INC-REST',
        'EXC-8b',
        'EXC-9',
        'EXC-12',
        'EXC-17',
      ]),
      satisfied: fc.oneof(
        { weight: 5, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      signedBy: fc.constant('PI'),
      signedOn: day(-2, 2),
    }),
    { maxLength: 14 },
  )
  return fc
    .record({
      birthDate: opt(birth, 0.1),
      sex: opt(pick(['female', 'male'] as const), 0.1),
      diagnosis: opt(diagnosis, 0.1),
      labs: fc.array(lab, { maxLength: 8 }),
      therapies: opt(fc.array(therapy, { maxLength: 6 })),
      medications: opt(fc.array(med, { maxLength: 3 })),
      findings,
      serology,
      ecog: opt(fc.integer({ min: 0, max: 3 })),
      lvefPercent: opt(pick([45, 49.9, 50, 60])),
      events: fc.record(
        { otherTrialParticipation: eventDate, herpesOrVaricellaZosterInfection: eventDate },
        { requiredKeys: [] },
      ),
      attestations: attest,
    })
    .map((r): ScreeningProfile => {
      const p: ScreeningProfile = {
        subjectId: 'GEN',
        labs: r.labs,
        findings: r.findings,
        serology: r.serology,
        events: r.events,
        attestations: r.attestations,
      }
      if (r.birthDate !== undefined) p.birthDate = r.birthDate
      if (r.sex !== undefined) p.sex = r.sex
      if (r.diagnosis !== undefined) p.diagnosis = r.diagnosis
      if (r.therapies !== undefined) p.therapies = r.therapies
      if (r.medications !== undefined) p.medications = r.medications
      if (r.ecog !== undefined) p.ecog = r.ecog
      if (r.lvefPercent !== undefined) p.lvefPercent = r.lvefPercent
      return p
    })
}

describe('property: engine = reference for every criterion of the four trials (fast-check seed 20261208)', () => {
  const FC = { seed: 20261208, numRuns: 250 }
  it('criterion statuses, verdicts and the pre-screen ranking agree', () => {
    const protocols = TRIALS.map((t) => SEED_PROTOCOLS[t])
    fc.assert(
      fc.property(
        pick(ASOFS).chain((asOf) => fc.tuple(fc.constant(asOf), arbProfile(asOf))),
        ([asOf, p]) => {
          const results = prescreen(p, protocols, { asOf })
          for (const r of results) {
            const trial = r.protocolId as SeedTrialId
            const proto = SEED_PROTOCOLS[trial]
            const ref = proto.eligibility.map((c) => refCriterion(c, trial, p, asOf, optsFor(proto)))
            expect(
              r.criteria.map((c) => `${c.id}:${c.status}`).join(' '),
              `${trial} ${asOf} ${JSON.stringify(p)}`,
            ).toBe(proto.eligibility.map((c, i) => `${c.id}:${ref[i]}`).join(' '))
            expect(r.verdict).toBe(refVerdict(ref))
            expect(r).toEqual(screenSubject(p, proto, { asOf }))
            // "missing data" always names what is missing; an undecided criterion never yields "eligible"
            for (const c of r.criteria)
              if (c.status === 'missing data') expect(c.missing.length).toBeGreaterThan(0)
          }
          // ranking: eligible < incomplete < ineligible
          const rank = { eligible: 0, incomplete: 1, ineligible: 2 }
          const ranks = results.map((r) => rank[r.verdict])
          expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
        },
      ),
      FC,
    )
  })

  it('near-eligible candidates: the eligible fixture with a few facts replaced by generated ones', () => {
    const keys = [
      'birthDate',
      'sex',
      'diagnosis',
      'labs',
      'therapies',
      'medications',
      'findings',
      'serology',
      'ecog',
      'lvefPercent',
      'events',
      'attestations',
    ] as const
    const seen = { eligible: 0, incomplete: 0, ineligible: 0 }
    fc.assert(
      fc.property(
        pick(TRIALS),
        pick(ASOFS).chain((asOf) => fc.tuple(fc.constant(asOf), arbProfile(asOf))),
        fc.array(pick(keys), { minLength: 1, maxLength: 2 }),
        (trial, [asOf, gen], replace) => {
          const base = eligibleFor(trial)
          // the fixture's dates are relative to ASOF: shift the screening date only when a date field is generated
          const p: ScreeningProfile = { ...base }
          for (const k of replace) Object.assign(p, { [k]: gen[k] })
          const day = replace.some((k) =>
            [
              'birthDate',
              'diagnosis',
              'labs',
              'therapies',
              'medications',
              'serology',
              'events',
              'attestations',
            ].includes(k),
          )
            ? asOf
            : ASOF
          const proto = SEED_PROTOCOLS[trial]
          const r = screenSubject(p, proto, { asOf: day })
          const ref = proto.eligibility.map((c) => refCriterion(c, trial, p, day, optsFor(proto)))
          expect(
            r.criteria.map((c) => `${c.id}:${c.status}`).join(' '),
            `${trial} ${day} ${JSON.stringify(p)}`,
          ).toBe(proto.eligibility.map((c, i) => `${c.id}:${ref[i]}`).join(' '))
          expect(r.verdict).toBe(refVerdict(ref))
          seen[r.verdict]++
        },
      ),
      { seed: 20261208, numRuns: 1000 },
    )
    // the generator reaches all three verdicts (the comparison is not vacuous)
    expect(Math.min(seen.eligible, seen.incomplete, seen.ineligible)).toBeGreaterThan(30)
  })

  it('order independence: reversing every list of the profile changes nothing', () => {
    const protocols = TRIALS.map((t) => SEED_PROTOCOLS[t])
    fc.assert(
      fc.property(
        pick(ASOFS).chain((asOf) => fc.tuple(fc.constant(asOf), arbProfile(asOf))),
        ([asOf, p]) => {
          const rev: ScreeningProfile = {
            ...p,
            labs: [...p.labs].reverse(),
            serology: [...p.serology].reverse(),
            attestations: [...p.attestations].reverse(),
            ...(p.therapies ? { therapies: [...p.therapies].reverse() } : {}),
            ...(p.medications ? { medications: [...p.medications].reverse() } : {}),
          }
          for (const proto of protocols) {
            const a = screenSubject(p, proto, { asOf })
            const b = screenSubject(rev, proto, { asOf })
            expect(b.criteria.map((c) => c.status)).toEqual(a.criteria.map((c) => c.status))
            expect(b.verdict).toBe(a.verdict)
          }
        },
      ),
      { seed: 20261208, numRuns: 150 },
    )
  })
})
