/**
 * Fourth check of the journey engine: a line-by-line audit of ../shared/domain/regimen-and-dosing.md §5-§6.
 *
 * The audit found one §5 rule without an engine: "Vein-to-vein time = infusion date − leukapheresis date (days);
 * report median (range)" (`veinToVeinDays`, `summarizeVeinToVein`, new). The reference below counts calendar days
 * with Date.UTC (domain README "Dates": leap years matter) and takes the median as statistics.md §1 says (odd n:
 * the middle value; even n: the mean of the two middle values; range: min and max, both reported).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { summarizeVeinToVein, veinToVeinDays, type VeinToVeinSubject } from './index.js'

const utcDay = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) / 86_400_000
}
const refDays = (from: string, to: string): number => utcDay(to) - utcDay(from)
const refMedian = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

describe('§5 vein-to-vein time = infusion date − leukapheresis date (days)', () => {
  it('calendar days, leap day counted: 2024-02-10 -> 2024-03-05 is 24 days; 2025-02-10 -> 2025-03-05 is 23', () => {
    expect(veinToVeinDays('2024-02-10', '2024-03-05').value).toBe(24)
    expect(veinToVeinDays('2025-02-10', '2025-03-05').value).toBe(23)
    // README "Dates" example pair: 2024-02-20 -> 2024-03-05 is 14 days, 2025 is 13
    expect(veinToVeinDays('2024-02-20', '2024-03-05').value).toBe(14)
    expect(veinToVeinDays('2025-02-20', '2025-03-05').value).toBe(13)
    // across a year end
    expect(veinToVeinDays('2024-12-15', '2025-01-12').value).toBe(28)
  })

  it('an infusion on the collection day is 0 days; an infusion before the collection is refused', () => {
    expect(veinToVeinDays('2024-03-01', '2024-03-01').value).toBe(0)
    const r = veinToVeinDays('2024-03-01', '2024-02-29')
    expect(r.issues?.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['journey.infusion_before_leukapheresis', 'infusionDate'],
    ])
  })

  it('dates that are not calendar dates are refused, each named (no roll-over of 2025-02-29)', () => {
    const r = veinToVeinDays('2025-02-29', '2025-3-5')
    expect(r.issues?.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['journey.invalid_date', 'leukapheresisDate'],
      ['journey.invalid_date', 'infusionDate'],
    ])
    expect(veinToVeinDays('2024-03-01T09:00+08:00', '2024-03-20').ok).toBe(false)
  })

  it('report median (range): even n -> mean of the two middle values; subjects not infused are listed apart', () => {
    const subjects: VeinToVeinSubject[] = [
      { subjectId: 'S1', leukapheresisDate: '2024-02-10', infusionDate: '2024-03-05' }, // 24
      { subjectId: 'S2', leukapheresisDate: '2024-04-01', infusionDate: '2024-04-19' }, // 18
      { subjectId: 'S3', leukapheresisDate: '2024-05-02', infusionDate: null },
      { subjectId: 'S4', leukapheresisDate: '2024-06-03', infusionDate: '2024-07-03' }, // 30
      { subjectId: 'S5', leukapheresisDate: '2024-08-01', infusionDate: '2024-08-22' }, // 21
    ]
    const r = summarizeVeinToVein(subjects).value
    expect(r?.perSubject).toEqual([
      { subjectId: 'S1', days: 24 },
      { subjectId: 'S2', days: 18 },
      { subjectId: 'S4', days: 30 },
      { subjectId: 'S5', days: 21 },
    ])
    expect(r?.notInfused).toEqual(['S3'])
    expect(r?.summary).toEqual({ n: 4, median: 22.5, min: 18, max: 30 })
    expect(r?.display).toBe('median 22.5 days (range, 18 to 30), n = 4')
    // odd n: the middle value; one subject: both range ends reported even if equal
    expect(summarizeVeinToVein(subjects.slice(0, 2).concat(subjects[3]!)).value?.summary).toEqual({
      n: 3,
      median: 24,
      min: 18,
      max: 30,
    })
    expect(summarizeVeinToVein(subjects.slice(0, 1)).value?.display).toBe(
      'median 24 days (range, 24 to 24), n = 1',
    )
  })

  it('no infused subject: no summary; an invalid subject fails the summary with its index', () => {
    expect(
      summarizeVeinToVein([{ subjectId: 'S3', leukapheresisDate: '2024-05-02', infusionDate: null }]).value,
    ).toEqual({
      perSubject: [],
      notInfused: ['S3'],
      summary: null,
      display: 'no infused subject',
    })
    const bad = summarizeVeinToVein([
      { subjectId: 'S1', leukapheresisDate: '2024-02-10', infusionDate: '2024-03-05' },
      { subjectId: 'S2', leukapheresisDate: '2024-04-19', infusionDate: '2024-04-01' },
    ])
    expect(bad.issues?.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['journey.infusion_before_leukapheresis', '1.infusionDate'],
    ])
  })

  it('property: days and median (range) equal the Date.UTC / statistics.md reference', () => {
    const date = fc
      .integer({ min: utcDay('1999-12-01'), max: utcDay('2101-03-01') })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(date, fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 12 }),
        (pairs) => {
          const subjects = pairs.map(([leuk, gap], i) => ({
            subjectId: `S${i}`,
            leukapheresisDate: leuk,
            infusionDate: new Date((utcDay(leuk) + gap) * 86_400_000).toISOString().slice(0, 10),
          }))
          const r = summarizeVeinToVein(subjects).value
          const days = subjects.map((s) => refDays(s.leukapheresisDate, s.infusionDate))
          expect(days).toEqual(pairs.map(([, gap]) => gap))
          expect(r?.perSubject.map((p) => p.days)).toEqual(days)
          expect(r?.summary).toEqual({
            n: days.length,
            median: refMedian(days),
            min: Math.min(...days),
            max: Math.max(...days),
          })
        },
      ),
      { seed: 20261209, numRuns: 200 },
    )
  })
})
