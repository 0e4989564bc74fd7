/**
 * Independent check of the de-identified export against a small reference implementation written from the
 * requirement text alone, on boundary cases and generated tables (fast-check, fixed seed).
 *
 * Requirement: "dates shifted by a per-subject random offset kept secret, ages over 89 capped, free text
 * removed, site-coded IDs; documented against HIPAA Safe Harbor" (45 CFR 164.514(b)(2)(i): (A) names,
 * (C) all elements of dates except year directly related to an individual, and all ages over 89 and all elements
 * of dates (including year) indicative of such age, which may be aggregated into a single category of age 90 or
 * older, (R) any other unique identifying number, characteristic or code; 164.514(c) re-identification codes).
 *
 * Reference reading: every full date of a subject moves by that subject's offset (the time part kept), so
 * intervals within a subject are unchanged; a date that cannot be shifted exactly is removed; AGE is an age in
 * its AGEU unit and is aggregated to 90 (years) when over 89 years; birth dates are removed; free-text columns
 * are emptied; USUBJID / SUBJID become `<SITEID>-<n>` codes, one per subject across tables, distinct per subject.
 * The reference date arithmetic uses `Date.UTC`, not the engine's day-count algorithm.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPseudonyms, deidentifyTable, numberOfShiftDays, SDTM_FREE_TEXT_COLUMNS, type TextTable } from './deidentify-table.js'

const FC = { seed: 20261207, numRuns: 200 }

const DAY_MS = 86_400_000
const refAddDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
const refDays = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS
const onCalendar = (iso: string) => /^\d{4}-\d{2}-\d{2}$/.test(iso) && refAddDays(iso, 0) === iso

const refShift = (value: string, offset: number): string => {
  if (value === '') return ''
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.exec(value)
  if (!m || !onCalendar(m[1] ?? '')) return '' // partial dates, intervals, text: cannot be shifted exactly
  return refAddDays(m[1] ?? '', offset) + (m[2] ?? '')
}
const YEARS_PER: Record<string, number> = { YEARS: 1, MONTHS: 12, WEEKS: 365.25 / 7, DAYS: 365.25, HOURS: 8766 }
const refAge = (age: string, unit: string): [string, string] => {
  if (age === '') return [age, unit]
  const years = Number(age) / (YEARS_PER[unit.trim().toUpperCase()] ?? 1)
  return years > 89 ? ['90', unit === '' ? '' : 'YEARS'] : [age, unit]
}

const SITES = ['KUN01', 'SUZ02']
const subjects = fc.uniqueArray(fc.record({ n: fc.integer({ min: 1, max: 40 }), site: fc.constantFrom(...SITES), offset: fc.integer({ min: -180, max: 180 }).filter((x) => x !== 0) }), {
  minLength: 1,
  maxLength: 6,
  selector: (s) => s.n,
})
const day = fc.integer({ min: 0, max: 3000 }).map((n) => refAddDays('2019-11-20', n))
const dateText = fc.oneof(
  day,
  day,
  fc.tuple(day, fc.constantFrom('T08:30', 'T23:59:59', 'T00:00:00.5+08:00', 'T07', 'T12:00Z')).map(([d, t]) => d + t),
  day.map((d) => d.slice(0, 7)),
  day.map((d) => d.slice(0, 4)),
  fc.tuple(day, day).map(([a, b]) => `${a}/${b}`),
  fc.constantFrom('', '2024-02-30', 'UNK', '2024-02-29'),
)
const AGEU = fc.constantFrom('YEARS', 'YEARS', 'MONTHS', 'WEEKS', 'DAYS', '')
const ageFor = (u: string) =>
  fc.oneof(
    fc.integer({ min: 0, max: 110 }).map((y) => String(Math.round(y * (YEARS_PER[u] ?? 1)))),
    fc.constantFrom('89', '90', '89.5', '88.9', '', '1080', '1068', '1069'),
  )

describe('deidentifyTable against the Safe Harbor reference', () => {
  it('shifts every subject date by its offset (intervals kept), caps ages by AGEU, removes text and birth dates, codes ids by site', () => {
    fc.assert(
      fc.property(
        subjects,
        fc.array(fc.tuple(AGEU.chain((u) => fc.tuple(ageFor(u), fc.constant(u))), dateText, dateText), { minLength: 6, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(5), dateText, fc.string({ maxLength: 8 })), { maxLength: 12 }),
        (subs, dmCells, lbCells) => {
          const id = (n: number) => `CT-ITP-01-${String(n).padStart(2, '0')}`
          const offsetOf = new Map(subs.map((s) => [id(s.n), s.offset]))
          const dm: TextTable = {
            header: ['STUDYID', 'USUBJID', 'SUBJID', 'SITEID', 'AGE', 'AGEU', 'RFXSTDTC', 'BRTHDTC', 'DTHDTC', 'INVNAM'],
            rows: subs.map((s, i) => {
              const [[age, u], d1, d2] = dmCells[i]!
              return ['CT-ITP-01', id(s.n), String(s.n).padStart(2, '0'), s.site, age, u, d1, d2, d1, 'Dr Wang']
            }),
          }
          const lb: TextTable = {
            header: ['USUBJID', 'LBTESTCD', 'LBORRES', 'LBDTC', 'LBCOM', 'LBDY'],
            rows: lbCells.map(([k, d, text]) => [id(subs[k % subs.length]!.n), 'PLAT', '30', d, text, '5']),
          }
          const p = createPseudonyms()
          const opts = { offsetDays: (u: string) => offsetOf.get(u) ?? 0 }
          const outDm = deidentifyTable(dm, p, opts)
          const outLb = deidentifyTable(lb, p, opts)
          const codeOf = new Map<string, string>()
          dm.rows.forEach((r, i) => {
            const o = outDm.rows[i]!
            const off = offsetOf.get(r[1]!)!
            expect(o[6]).toBe(refShift(r[6]!, off))
            expect(o[8]).toBe(refShift(r[8]!, off))
            expect(o[7]).toBe('') // BRTHDTC
            expect(o[9]).toBe('') // INVNAM
            expect([o[4], o[5]]).toEqual(refAge(r[4]!, r[5]!))
            expect(o[1]).toMatch(new RegExp(`^${r[3]}-\\d{3}$`))
            expect(o[2]).toBe(o[1]!.split('-').at(-1))
            expect(o[3]).toBe(r[3])
            codeOf.set(r[1]!, o[1]!)
          })
          expect(new Set(codeOf.values()).size).toBe(codeOf.size)
          lb.rows.forEach((r, i) => {
            const o = outLb.rows[i]!
            expect(o[0]).toBe(codeOf.get(r[0]!))
            expect(o[3]).toBe(refShift(r[3]!, offsetOf.get(r[0]!)!))
            expect(o[4]).toBe('')
            expect(o[5]).toBe('5') // study days are intervals: unchanged
            // interval to the subject's reference date is kept
            const dmRow = dm.rows.findIndex((x) => x[1] === r[0])
            const a = r[3]!.slice(0, 10)
            const b = dm.rows[dmRow]![6]!.slice(0, 10)
            if (o[3] !== '' && outDm.rows[dmRow]![6] !== '') expect(refDays(o[3]!.slice(0, 10), outDm.rows[dmRow]![6]!.slice(0, 10))).toBe(refDays(a, b))
          })
        },
      ),
      FC,
    )
  })

  it('boundaries: AGE 89 stays, 89.5 / 90 / 120 become 90; 96 MONTHS stays; 1080 MONTHS becomes 90 YEARS; ranges never leak', () => {
    const t = (age: string, u: string) => deidentifyTable({ header: ['USUBJID', 'SITEID', 'AGE', 'AGEU'], rows: [['S-1', 'A', age, u]] }, createPseudonyms(), { offsetDays: () => 5 }).rows[0]!
    expect(t('89', 'YEARS').slice(2)).toEqual(['89', 'YEARS'])
    expect(t('89.5', 'YEARS').slice(2)).toEqual(['90', 'YEARS'])
    expect(t('120', 'YEARS').slice(2)).toEqual(['90', 'YEARS'])
    expect(t('120', '').slice(2)).toEqual(['90', ''])
    // regressions (Safe Harbor (C) ages are years): a child of 96 months is 8 years old and is not capped
    expect(t('96', 'MONTHS').slice(2)).toEqual(['96', 'MONTHS'])
    expect(t('1068', 'MONTHS').slice(2)).toEqual(['1068', 'MONTHS'])
    expect(t('1080', 'MONTHS').slice(2)).toEqual(['90', 'YEARS'])
    expect(t('200', 'DAYS').slice(2)).toEqual(['200', 'DAYS'])
  })

  it('regressions (Safe Harbor (C)): an interval keeps no unshifted date; ADaM BRTHDT and a custom text list still lose birth dates', () => {
    const out = deidentifyTable(
      { header: ['USUBJID', 'SITEID', 'CESTDTC', 'BRTHDT', 'BRTHDTC', 'AETERM'], rows: [['S-1', 'A', '2024-03-01/2024-03-05', '1931-05-01', '1931-05-01', 'x']] },
      createPseudonyms(),
      { offsetDays: () => 5, freeTextColumns: ['AETERM'] },
    ).rows[0]!
    expect(out).toEqual(['A-001', 'A', '', '', '', ''])
    expect(SDTM_FREE_TEXT_COLUMNS).toContain('BRTHDTC')
  })

  it('numberOfShiftDays: never 0, at most maxDays either way, both directions reachable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 3650 }), (r, max) => {
        const d = numberOfShiftDays(r, max)
        expect(Number.isInteger(d) && d !== 0 && Math.abs(d) <= max).toBe(true)
        expect(Math.sign(d)).toBe(r % 2 === 0 ? -1 : 1)
      }),
      FC,
    )
    expect(numberOfShiftDays(2 ** 32 - 1, 180)).toBeGreaterThan(0)
    expect(numberOfShiftDays(2 ** 32 - 2, 180)).toBeLessThan(0)
  })
})
