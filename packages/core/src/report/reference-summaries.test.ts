/**
 * Independent check of the descriptive summaries as the report tables print them, against integer-arithmetic
 * references written from domain/statistics.md §1 (median: odd n middle value, even n mean of the two middle
 * values; range min–max, both ends even if equal; percent = 100 x / n with one decimal) and §2 ("round half up
 * to one decimal of the percentage"), with README "Rounding: round only for display".
 * Focus on the display boundaries that report/reference.test.ts does not reach: percentages exactly on a .x5
 * boundary (1/8 = 12.5 %, 1/16 = 6.25 % -> 6.3, 3/80 = 3.75 % -> 3.8) and medians of values with decimals
 * whose half-up rounding depends on binary representation (12.45 -> 12.5, (1.1 + 1.2) / 2 = 1.15 -> 1.2).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import seed from '../../../protocols/NCT06352281/protocol.json' with { type: 'json' }
import { parseProtocol } from '../protocol/index.js'
import { formatPercent } from '../stats/index.js'
import { buildStudyReport } from './build-study-report.js'
import { roundTo, summaryOf } from './summaries.js'
import { reportTables } from './tables.js'
import type { StudyReport, StudyReportSubjectInput } from './types.js'

const parsed = parseProtocol(seed)
if (!parsed.ok) throw new Error('seed protocol does not parse')
const protocol = parsed.value
const SEED = 20261207

// ---------------------------------------------------------------- references (integers only, no floating point)

/** tenths of 100 x / n rounded half up: floor(1000 x / n + 1/2) (statistics.md §1-§2) */
const refTenths = (x: number, n: number): number => Math.floor((2000 * x + n) / (2 * n))
/** "12.5": one decimal, always printed (statistics.md §1 "75.0 %") */
const refPercent = (x: number, n: number): string => {
  const t = refTenths(x, n)
  return `${Math.floor(t / 10)}.${t % 10}`
}
/**
 * Median of values given in hundredths (integers), rounded half up to one decimal, as tenths.
 * statistics.md §1: odd n middle value, even n mean of the two middle values; 2 x median in hundredths is an integer.
 */
function refTwiceMedian(hundredths: number[]): number {
  const s = [...hundredths].sort((a, b) => a - b)
  const n = s.length
  return n % 2 === 1 ? 2 * s[(n - 1) / 2]! : s[n / 2 - 1]! + s[n / 2]!
}
/** twice / 20 tenths, + 1/2 (half up) */
const refMedianTenths = (hundredths: number[]): number => Math.floor((refTwiceMedian(hundredths) + 10) / 20)
/** tenths as the report prints a median or range end: "12.5", "9" (no trailing ".0"; the engine's convention) */
const tenthsText = (t: number): string => (t % 10 === 0 ? String(t / 10) : `${Math.floor(t / 10)}.${t % 10}`)
const refSummaryText = (hundredths: number[]): string => {
  const s = [...hundredths].sort((a, b) => a - b)
  const t1 = (h: number) => Math.floor((2 * h + 10) / 20)
  return `${tenthsText(refMedianTenths(s))} (${tenthsText(t1(s[0]!))}–${tenthsText(t1(s[s.length - 1]!))})`
}

// ---------------------------------------------------------------- cohorts

const INF = '2024-03-01'
function subject(i: number, o: { female?: boolean; age?: number | null; cr?: boolean } = {}): StudyReportSubjectInput {
  const d = (day: number) => new Date(Date.parse(`${INF}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10)
  const v = o.cr ? 150 : 12
  return {
    usubjid: `S-${String(i).padStart(3, '0')}`,
    siteId: 'S01',
    age: o.age === undefined ? 40 : o.age,
    sex: o.female ? 'F' : 'M',
    doseLevel: 'DL1',
    response: { infusionDate: INF, ldStartDate: d(-5), plateletCounts: [[-5, 10], [14, v], [21, v]].map(([day, value]) => ({ date: d(day!), value: value! })) },
    itpDiagnosisDate: null,
    priorTherapies: null,
    ldDays: [-5, -4, -3],
    ldAgents: [],
    cellDose: null,
    cellDoseUnit: null,
    adverseEvents: [],
    medications: [],
    carSamples: [],
    bCellSamples: [],
    gpAntibody: [],
  }
}
const report = (inputs: StudyReportSubjectInput[]): StudyReport => buildStudyReport(inputs, { cutoff: '2025-01-01', protocol })
const cell = (r: StudyReport, table: string, label: string): string => reportTables(r, 'en').find((t) => t.id === table)!.rows.find((row) => row[0]!.text === label)!.at(-1)!.text
/** x of n female, and x of n with CR */
const cohort = (x: number, n: number) => report(Array.from({ length: n }, (_, i) => subject(i + 1, { female: i < x, cr: i < x })))

// ---------------------------------------------------------------- percent

describe('percent: 100 x / n, one decimal, round half up, x/n alongside (statistics.md §1, §2)', () => {
  it('the references agree with the doc examples', () => {
    expect(refPercent(3, 4)).toBe('75.0')
    expect(refPercent(1, 8)).toBe('12.5')
    expect(refPercent(1, 16)).toBe('6.3')
    expect(refPercent(0, 5)).toBe('0.0')
  })

  it.each([
    [1, 8, '12.5'],
    [1, 16, '6.3'],
    [3, 16, '18.8'],
    [5, 16, '31.3'],
    [3, 80, '3.8'],
    [1, 40, '2.5'],
    [1, 3, '33.3'],
    [2, 3, '66.7'],
    [0, 7, '0.0'],
    [7, 7, '100.0'],
  ])('%i of %i -> %s percent in the tables (Female) and in the CR rate display', (x, n, text) => {
    const r = cohort(x, n)
    expect(cell(r, 'baseline', 'Female, n (%)')).toBe(`${x} (${text}%)`)
    const overall = r.groups[r.groups.length - 1]!
    expect(overall.efficacy.crRate.display.startsWith(`${text} % (`)).toBe(true)
    expect(cell(r, 'efficacy', 'Complete response, n (%; 95% CI)').startsWith(`${x} (${text}%; `)).toBe(true)
    // x and n are both in the model behind the cell (statistics.md §1 "always show x/n alongside")
    expect([overall.baseline.female.x, overall.baseline.female.n]).toEqual([x, n])
  })

  it('every x/n up to n = 200 formats as the integer reference (formatPercent, the narrative and CI display)', () => {
    for (let n = 1; n <= 200; n++) for (let x = 0; x <= n; x++) expect(formatPercent(x, n)).toBe(`${refPercent(x, n)} %`)
  })

  it('generated cohorts: the table cell equals the reference (fast-check, seed 20261207)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))), ([n, x]) => {
        expect(cell(cohort(x, n), 'baseline', 'Female, n (%)')).toBe(`${x} (${refPercent(x, n)}%)`)
      }),
      { seed: SEED, numRuns: 25 },
    )
  })
})

// ---------------------------------------------------------------- median (range)

describe('median (range) with decimals, rounded half up for display (statistics.md §1; README "Rounding")', () => {
  it.each([
    [[8, 12, 13, 25], '12.5 (8–25)'],
    [[1.1, 1.2], '1.2 (1.1–1.2)'],
    [[12.4, 12.5], '12.5 (12.4–12.5)'],
    [[12.45], '12.5 (12.5–12.5)'],
    [[0.05, 0.15, 1.45], '0.2 (0.1–1.5)'],
    [[2.25, 2.35, 2.45, 9], '2.4 (2.3–9)'],
    [[7, 7], '7 (7–7)'],
    [[3.14, 2.71, 1.41, 1.73, 2.23], '2.2 (1.4–3.1)'],
  ])('ages %j -> "%s" (both ends shown even when equal)', (ages, text) => {
    expect(refSummaryText(ages.map((a) => Math.round(a * 100)))).toBe(text)
    const r = report(ages.map((age, i) => subject(i + 1, { age })))
    expect(cell(r, 'baseline', 'Age, years, median (range)')).toBe(text)
  })

  it('median of even n is the mean of the two middle values, also when it ends in .5 (not rounded in the model)', () => {
    const s = summaryOf(['a', 'b', 'c', 'd'], (id) => ({ a: 3, b: 1, c: 4, d: 10 })[id])!
    expect([s.median, s.min, s.max, s.n]).toEqual([3.5, 1, 10, 4])
    const odd = summaryOf(['a', 'b', 'c'], (id) => ({ a: 3, b: 1, c: 4 })[id])!
    expect(odd.median).toBe(3)
  })

  it('every value 0.00-99.99 rounds half up to one decimal like the integer reference (roundTo)', () => {
    for (let h = 0; h < 10_000; h++) expect(tenthsText(Math.round(roundTo(h / 100, 1) * 10)), `${h / 100}`).toBe(tenthsText(Math.floor((2 * h + 10) / 20)))
  })

  it('generated samples of values with two decimals: median (range) cell equals the reference (fast-check, seed 20261207)', () => {
    const values = fc.array(fc.integer({ min: 0, max: 9_999 }), { minLength: 1, maxLength: 9 })
    fc.assert(
      fc.property(values, (hs) => {
        // model level: the even-n median is the mean of the two middle values (engine floating point)
        const s = summaryOf(hs.map((_, i) => `s${i}`), (id) => hs[Number(id.slice(1))]! / 100)!
        expect(Math.abs(s.median - refTwiceMedian(hs) / 200)).toBeLessThan(1e-9)
        expect(`${roundTo(s.median, 1)} (${roundTo(s.min, 1)}–${roundTo(s.max, 1)})`).toBe(refSummaryText(hs))
      }),
      { seed: SEED, numRuns: 3000 },
    )
    fc.assert(
      fc.property(values, (hs) => {
        const r = report(hs.map((h, i) => subject(i + 1, { age: h / 100 })))
        expect(cell(r, 'baseline', 'Age, years, median (range)')).toBe(refSummaryText(hs))
      }),
      { seed: SEED, numRuns: 20 },
    )
  })
})
