/**
 * Independent reference check of the DLT pipeline: captured AEs (calendar dates, CTCAE/ASTCT grade, category,
 * attribution) -> per-subject DLT status -> (n DLT-evaluable, n with ≥ 1 DLT) per dose level, the pair that
 * dose-escalation.md feeds to 3+3 / BOIN. The reference below was written from ../shared/domain/safety-grading.md
 * §5 and the README conventions alone, before reading dlt-window.ts; calendar days come from `Date.UTC` here and
 * from the engine's own `daysBetween` on the pipeline side (README "Dates": leap years matter).
 * The §5 worked example itself is covered by ../sae/reference-sae-dlt.test.ts and dlt-window.test.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysBetween } from '../../dates/iso-date.js'
import { dltStatus, illustrativeDltRule, summariseDltByDoseLevel, type AeAttribution, type DltSubject } from './dlt-window.js'

const FC = { seed: 20261207, numRuns: 250 } as const

// ---------------------------------------------------------------------------------------------------------------
// Reference (safety-grading.md §5 + README only)
// ---------------------------------------------------------------------------------------------------------------

type Category = 'non-haematological' | 'haematological' | 'crs' | 'icans'
interface RefAe {
  onsetDate: string
  /** highest grade of the event, possibly reached after the window (§5 onset rule) */
  grade: number
  /** date the protocol's DLT grade was first reached (>= onset) */
  gradeReachedDate: string
  category: Category
  /** null = not yet assessed */
  attribution: AeAttribution | null
}
interface RefSubject {
  id: string
  doseLevel: number
  infusionDate: string
  /** §5 "received the assigned dose"; null = not known yet */
  receivedAssignedDose: boolean | null
  /** date the subject went off study (died, withdrew, lost); null = still followed */
  offStudyDate: string | null
  aes: RefAe[]
}
interface RefConfig {
  /** §5 PROTOCOL DECISION: window Day 0 .. Day `windowDays` inclusive (default 28) */
  windowDays: number
  /** illustrative DLT definition: grade ≥ 3 (PROTOCOL DECISION, varied here) */
  minGrade: number
  /** illustrative definition excludes haematological toxicity; CRS and ICANS count as non-haematological */
  excludeHaematological: boolean
  /** §5 onset rule (default) or the alternative "grade reached inside the window" */
  anchor: 'onset' | 'qualifying-grade'
}
const DEFAULT: RefConfig = { windowDays: 28, minGrade: 3, excludeHaematological: true, anchor: 'onset' }

const utcDay = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000
/** README: study day = calendar date − infusion date (Day 0 = infusion, no rounding) */
const studyDay = (date: string, infusion: string) => utcDay(date) - utcDay(infusion)
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10)
const plus = (date: string, n: number) => isoOf(utcDay(date) + n)

/** §5 attribution: "at least possibly related" */
const RELATED = new Set<AeAttribution>(['possible', 'probable', 'definite'])

function refIsDlt(ae: RefAe, infusion: string, c: RefConfig): boolean {
  const day = studyDay(c.anchor === 'onset' ? ae.onsetDate : ae.gradeReachedDate, infusion)
  if (day < 0 || day > c.windowDays) return false // §5 window, Day 0..W inclusive; LD days are negative (README)
  if (ae.grade < c.minGrade) return false
  if (c.excludeHaematological && ae.category === 'haematological') return false
  return ae.attribution !== null && RELATED.has(ae.attribution)
}

type RefStatus = 'dlt' | 'no-dlt' | 'pending' | 'not-evaluable'
function refStatus(s: RefSubject, asOf: string, c: RefConfig): RefStatus {
  if (s.receivedAssignedDose === false) return 'not-evaluable' // §5: must have received the assigned dose
  if (s.receivedAssignedDose === null) return 'pending'
  if (s.aes.some((a) => refIsDlt(a, s.infusionDate, c))) return 'dlt' // "had a DLT within it"
  const lastFollowed = s.offStudyDate !== null && s.offStudyDate < asOf ? s.offStudyDate : asOf
  if (studyDay(lastFollowed, s.infusionDate) >= c.windowDays) return 'no-dlt' // "completed the window"
  return s.offStudyDate !== null ? 'not-evaluable' : 'pending' // lost before window end without DLT -> replaced
}

function refCounts(subjects: readonly RefSubject[], asOf: string, c: RefConfig) {
  const levels = [...new Set(subjects.map((s) => s.doseLevel))].sort((a, b) => a - b)
  return levels.map((doseLevel) => {
    const st = subjects.filter((s) => s.doseLevel === doseLevel).map((s) => [s.id, refStatus(s, asOf, c)] as const)
    return {
      doseLevel,
      nEvaluable: st.filter(([, x]) => x === 'dlt' || x === 'no-dlt').length,
      nDlt: st.filter(([, x]) => x === 'dlt').length,
      pendingSubjects: st.filter(([, x]) => x === 'pending').map(([id]) => id),
    }
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Pipeline under test: dates -> engine inputs (the caller's mapping, as the server does with core's daysBetween)
// ---------------------------------------------------------------------------------------------------------------

function toEngine(s: RefSubject, asOf: string): DltSubject<number> {
  const end = s.offStudyDate !== null && s.offStudyDate < asOf ? s.offStudyDate : asOf
  return {
    subjectId: s.id,
    doseLevel: s.doseLevel,
    receivedAssignedDose: s.receivedAssignedDose,
    observedThroughDay: daysBetween(s.infusionDate, end),
    offStudy: s.offStudyDate !== null,
    events: s.aes.map((a) => ({
      term: a.category,
      grade: a.grade,
      category: a.category === 'haematological' ? 'haematological' : 'non-haematological', // §5: CRS/ICANS non-haem
      attribution: a.attribution,
      onsetDay: daysBetween(s.infusionDate, a.onsetDate),
      qualifyingDay: daysBetween(s.infusionDate, a.gradeReachedDate),
    })),
  }
}
const engineOptions = (c: RefConfig) => ({
  windowEndDay: c.windowDays,
  anchor: c.anchor,
  isDlt: illustrativeDltRule({ minGrade: c.minGrade, includeHaematological: !c.excludeHaematological }),
})
const engineStatus = (s: RefSubject, asOf: string, c: RefConfig): RefStatus => {
  const st = dltStatus(toEngine(s, asOf), engineOptions(c))
  return st.kind === 'evaluable' ? (st.dlt ? 'dlt' : 'no-dlt') : st.kind
}
const engineCounts = (subjects: readonly RefSubject[], asOf: string, c: RefConfig) =>
  summariseDltByDoseLevel(subjects.map((s) => toEngine(s, asOf)), engineOptions(c))

// ---------------------------------------------------------------------------------------------------------------
// Explicit edge cases (default protocol unless stated)
// ---------------------------------------------------------------------------------------------------------------

const INF = '2024-02-01' // leap year: Day 28 = 2024-02-29, Day 29 = 2024-03-01
const AS_OF = '2024-04-01'
const ae = (onsetDate: string, over: Partial<RefAe> = {}): RefAe => ({ onsetDate, grade: 3, gradeReachedDate: onsetDate, category: 'non-haematological', attribution: 'possible', ...over })
const subj = (id: string, aes: RefAe[], over: Partial<RefSubject> = {}): RefSubject => ({ id, doseLevel: 1, infusionDate: INF, receivedAssignedDose: true, offStudyDate: null, aes, ...over })

const cases: { name: string; s: RefSubject; c?: Partial<RefConfig>; asOf?: string; expected: RefStatus }[] = [
  { name: 'onset on Day 0 (infusion day) counts', s: subj('d0', [ae(INF)]), expected: 'dlt' },
  { name: 'onset on Day 28 = 2024-02-29 counts (inclusive end, leap day)', s: subj('d28', [ae('2024-02-29')]), expected: 'dlt' },
  { name: 'onset on Day 29 = 2024-03-01 does not', s: subj('d29', [ae('2024-03-01')]), expected: 'no-dlt' },
  { name: 'non-leap year: 2025-03-01 is Day 28 after 2025-02-01', s: subj('nl', [ae('2025-03-01')], { infusionDate: '2025-02-01' }), asOf: '2025-04-01', expected: 'dlt' },
  { name: 'onset before infusion (LD, Day −1) does not count', s: subj('ld', [ae('2024-01-31', { grade: 4 })]), expected: 'no-dlt' },
  { name: 'onset Day 26 grade peaking on Day 31: counts under the onset rule', s: subj('peak', [ae('2024-02-27', { gradeReachedDate: '2024-03-03' })]), expected: 'dlt' },
  { name: 'same event with the qualifying-grade anchor: does not count', s: subj('peakq', [ae('2024-02-27', { gradeReachedDate: '2024-03-03' })]), c: { anchor: 'qualifying-grade' }, expected: 'no-dlt' },
  { name: 'unrelated grade 4 does not count', s: subj('unrel', [ae('2024-02-05', { grade: 4, attribution: 'unrelated' })]), expected: 'no-dlt' },
  { name: 'unlikely related does not count', s: subj('unl', [ae('2024-02-05', { attribution: 'unlikely' })]), expected: 'no-dlt' },
  { name: 'possibly related grade 3 counts', s: subj('poss', [ae('2024-02-05', { attribution: 'possible' })]), expected: 'dlt' },
  { name: 'grade 2 related does not count (grade ≥ 3)', s: subj('g2', [ae('2024-02-05', { grade: 2, attribution: 'definite' })]), expected: 'no-dlt' },
  { name: 'haematological grade 4 related excluded by default', s: subj('haem', [ae('2024-02-06', { grade: 4, category: 'haematological' })]), expected: 'no-dlt' },
  { name: 'haematological counts when the protocol includes it', s: subj('haem2', [ae('2024-02-06', { grade: 4, category: 'haematological' })]), c: { excludeHaematological: false }, expected: 'dlt' },
  { name: 'ICANS grade 3 is non-haematological', s: subj('icans', [ae('2024-02-07', { category: 'icans', attribution: 'probable' })]), expected: 'dlt' },
  { name: 'CRS grade 3 is non-haematological', s: subj('crs', [ae('2024-02-03', { category: 'crs', attribution: 'definite' })]), expected: 'dlt' },
  { name: 'inside the window without DLT (Day 14): pending', s: subj('in', []), asOf: '2024-02-15', expected: 'pending' },
  { name: 'followed through Day 28 without DLT: evaluable', s: subj('done', []), asOf: '2024-02-29', expected: 'no-dlt' },
  { name: 'followed through Day 27 only: pending', s: subj('d27', []), asOf: '2024-02-28', expected: 'pending' },
  { name: 'early DLT (Day 4) while still in the window: evaluable with DLT', s: subj('early', [ae('2024-02-05')]), asOf: '2024-02-10', expected: 'dlt' },
  { name: 'died Day 10 without DLT, read later: not evaluable (replaced)', s: subj('died', [], { offStudyDate: '2024-02-11' }), expected: 'not-evaluable' },
  { name: 'withdrew Day 20 with a DLT on Day 5: evaluable with DLT', s: subj('wd', [ae('2024-02-06')], { offStudyDate: '2024-02-21' }), expected: 'dlt' },
  { name: 'fatal related event Day 9 (grade 5): DLT', s: subj('g5', [ae('2024-02-10', { grade: 5, attribution: 'probable' })], { offStudyDate: '2024-02-10' }), expected: 'dlt' },
  { name: 'off study after Day 28 without DLT: evaluable', s: subj('late', [], { offStudyDate: '2024-03-05' }), expected: 'no-dlt' },
  { name: 'assigned dose not received: not evaluable, even with a DLT', s: subj('nodose', [ae('2024-02-05')], { receivedAssignedDose: false }), expected: 'not-evaluable' },
  { name: 'dose receipt not confirmed: pending', s: subj('unk', [ae('2024-02-05')], { receivedAssignedDose: null }), expected: 'pending' },
  { name: 'window 21 days: Day 21 counts', s: subj('w21', [ae('2024-02-22')]), c: { windowDays: 21 }, expected: 'dlt' },
  { name: 'window 21 days: Day 22 does not', s: subj('w22', [ae('2024-02-23')]), c: { windowDays: 21 }, expected: 'no-dlt' },
  { name: 'window 21 days: followed through Day 21 is complete', s: subj('w21c', []), c: { windowDays: 21 }, asOf: '2024-02-22', expected: 'no-dlt' },
  { name: 'window 35 days: Day 29 counts', s: subj('w35', [ae('2024-03-01')]), c: { windowDays: 35 }, expected: 'dlt' },
  { name: 'window 35 days: followed through Day 28 is still pending', s: subj('w35p', []), c: { windowDays: 35 }, asOf: '2024-02-29', expected: 'pending' },
]

describe('explicit edge cases (safety-grading.md §5; README day numbering and dates)', () => {
  for (const k of cases) {
    it(k.name, () => {
      const c = { ...DEFAULT, ...k.c }
      const asOf = k.asOf ?? AS_OF
      expect(refStatus(k.s, asOf, c)).toBe(k.expected) // the reference reads the doc as expected
      expect(engineStatus(k.s, asOf, c)).toBe(k.expected)
    })
  }

  it('several DLTs in one subject count once; the per-level pair is (evaluable, with ≥ 1 DLT)', () => {
    const subjects = [
      subj('many', [ae('2024-02-02', { category: 'crs' }), ae('2024-02-08', { category: 'icans', grade: 4 }), ae('2024-02-20')]),
      subj('one', [ae('2024-02-10')]),
      subj('none', []),
      subj('lost', [], { offStudyDate: '2024-02-05' }),
      subj('open', [], { doseLevel: 2, infusionDate: '2024-03-20' }),
      subj('two', [ae('2024-03-22'), ae('2024-03-23')], { doseLevel: 2, infusionDate: '2024-03-20' }),
    ]
    const expected = [
      { doseLevel: 1, nEvaluable: 3, nDlt: 2, pendingSubjects: [] },
      { doseLevel: 2, nEvaluable: 1, nDlt: 1, pendingSubjects: ['open'] },
    ]
    expect(refCounts(subjects, AS_OF, DEFAULT)).toEqual(expected)
    expect(engineCounts(subjects, AS_OF, DEFAULT)).toEqual(expected)
  })

  it('dose levels come out in ascending order whatever the input order', () => {
    const subjects = [subj('c', [], { doseLevel: 3 }), subj('a', [], { doseLevel: 1 }), subj('b', [ae('2024-02-04')], { doseLevel: 2 })]
    expect(engineCounts(subjects, AS_OF, DEFAULT).map((r) => [r.doseLevel, r.nEvaluable, r.nDlt])).toEqual([[1, 1, 0], [2, 1, 1], [3, 1, 0]])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Generated cohorts: engine pipeline == reference, across window lengths, grade thresholds, haematological
// exclusion and both anchors, with onsets clustered around Day −1/0/W/W+1 and leap-year infusion dates
// ---------------------------------------------------------------------------------------------------------------

describe('generated cohorts (fast-check, seed 20261207)', () => {
  const configArb: fc.Arbitrary<RefConfig> = fc.record({
    windowDays: fc.constantFrom(28, 28, 21, 14, 35),
    minGrade: fc.constantFrom(3, 3, 2, 4),
    excludeHaematological: fc.boolean(),
    anchor: fc.constantFrom<'onset' | 'qualifying-grade'>('onset', 'onset', 'qualifying-grade'),
  })
  const baseDay = utcDay('2023-12-15')
  const scenarioArb = configArb.chain((c) => {
    const edgeDay = fc.oneof(fc.constantFrom(-1, 0, 1, c.windowDays - 1, c.windowDays, c.windowDays + 1), fc.integer({ min: -6, max: 50 }))
    const aeArb = fc
      .record({
        onset: edgeDay,
        delay: fc.constantFrom(0, 0, 1, 3, 10),
        grade: fc.integer({ min: 1, max: 5 }),
        category: fc.constantFrom<Category>('non-haematological', 'haematological', 'crs', 'icans'),
        attribution: fc.option(fc.constantFrom<AeAttribution>('unrelated', 'unlikely', 'possible', 'probable', 'definite'), { nil: null }),
      })
    const subjectArb = fc.record({
      doseLevel: fc.constantFrom(1, 2, 3),
      infusionOffset: fc.integer({ min: 0, max: 120 }), // infusions from 2023-12-15 across 2024-02-29
      receivedAssignedDose: fc.constantFrom<boolean | null>(true, true, true, true, false, null),
      offStudyDay: fc.option(fc.oneof(fc.constantFrom(0, c.windowDays - 1, c.windowDays, c.windowDays + 1), fc.integer({ min: 0, max: 60 })), { nil: null, freq: 3 }),
      aes: fc.array(aeArb, { maxLength: 4 }),
    })
    return fc.record({
      c: fc.constant(c),
      asOfOffset: fc.integer({ min: 0, max: 170 }),
      raw: fc.array(subjectArb, { minLength: 1, maxLength: 9 }),
    })
  })

  it('per subject status and per dose level (n evaluable, n DLT, pending) agree with the reference', () => {
    fc.assert(
      fc.property(scenarioArb, ({ c, asOfOffset, raw }) => {
        const asOf = isoOf(baseDay + asOfOffset)
        // subjects infused on or before asOf only (the server filters the same way)
        const subjects: RefSubject[] = raw
          .filter((r) => r.infusionOffset <= asOfOffset)
          .map((r, i) => {
            const inf = isoOf(baseDay + r.infusionOffset)
            return {
              id: `S${i}`,
              doseLevel: r.doseLevel,
              infusionDate: inf,
              receivedAssignedDose: r.receivedAssignedDose,
              offStudyDate: r.offStudyDay === null ? null : plus(inf, r.offStudyDay),
              aes: r.aes.map((a) => ({ onsetDate: plus(inf, a.onset), grade: a.grade, gradeReachedDate: plus(inf, a.onset + a.delay), category: a.category, attribution: a.attribution })),
            }
          })
        for (const s of subjects) expect(engineStatus(s, asOf, c), s.id).toBe(refStatus(s, asOf, c))
        expect(engineCounts(subjects, asOf, c)).toEqual(refCounts(subjects, asOf, c))
      }),
      FC,
    )
  })

  it('core calendar arithmetic equals Date.UTC across leap years (README "Dates")', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcDay('2019-01-01'), max: utcDay('2030-12-31') }), fc.integer({ min: -40, max: 400 }), (d, n) => {
        expect(daysBetween(isoOf(d), isoOf(d + n))).toBe(n)
      }),
      FC,
    )
    expect(daysBetween('2024-02-20', '2024-03-05')).toBe(14)
    expect(daysBetween('2025-02-20', '2025-03-05')).toBe(13)
  })
})
