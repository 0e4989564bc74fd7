import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, fromEpochDay } from '../../dates/index.js'
import { formatAdamCsvDataset, formatAdamCsvRow, type AdamCsvValue } from './adam-csv-writer.js'
import { deriveAdtteRows } from './adtte.js'

/** The dataset text as first written: header, then each row's fields quoted by the regular expression, joined. */
function referenceDataset(variables: readonly string[], rows: readonly Record<string, AdamCsvValue | undefined>[]): string {
  const field = (v: AdamCsvValue) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
  const lines = [variables.map(field).join(',')]
  for (const row of rows) lines.push(variables.map((v) => field(row[v] ?? null)).join(','))
  return lines.join('\n') + '\n'
}

describe('formatAdamCsvRow (the per-row writer of celltrial evaluate)', () => {
  it('writes the same text as the reference formatting, row by row (property)', () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'B', ',', '"', '\n', '\r', ' ', 'é', '1', '-') }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constant(null),
      fc.constant(undefined),
    )
    const variables = ['A', 'B', 'C', 'D']
    fc.assert(
      fc.property(fc.array(fc.record({ A: value, B: value, C: value, D: value }, { requiredKeys: [] }), { maxLength: 6 }), (rows) => {
        const want = referenceDataset(variables, rows)
        expect(formatAdamCsvDataset(variables, rows)).toBe(want)
        expect(want.slice(want.indexOf('\n') + 1)).toBe(rows.map((r) => formatAdamCsvRow(variables, r)).join(''))
      }),
    )
    expect(formatAdamCsvRow(['A', 'B'], { A: 'x, y', B: 2 })).toBe('"x, y",2\n')
    expect(() => formatAdamCsvRow(['A'], { A: Number.POSITIVE_INFINITY })).toThrow(RangeError)
  })
})

describe('deriveAdtteRows ADT = STARTDT + AVAL days', () => {
  it('equals addDays for any dates and days, leap years and year ends included (property)', () => {
    const epochDay = fc.integer({ min: -719_000, max: 2_900_000 }) // about 0002 to 9900 CE
    fc.assert(
      fc.property(epochDay, fc.nat({ max: 4000 }), fc.nat({ max: 4000 }), fc.boolean(), (infusion, start, length, event) => {
        const infusionDate = fromEpochDay(infusion)
        const episode = { startDay: start, startDate: fromEpochDay(infusion + start), endDay: start + length, endDate: fromEpochDay(infusion + start + length), event }
        const rows = deriveAdtteRows({
          studyId: 'S', usubjid: 'S-1', infusionDate, responder: true, completeResponder: true,
          firstResponse: episode, firstCompleteResponse: episode, lastEvaluableDay: start + length,
        })
        for (const r of rows) expect(r.ADT).toBe(addDays(r.STARTDT, r.AVAL))
      }),
    )
  })
  it('a date that is not real is an error, as with addDays', () => {
    const s = { studyId: 'S', usubjid: 'S-1', infusionDate: '2023-02-29', responder: false, completeResponder: false, firstResponse: null, firstCompleteResponse: null, lastEvaluableDay: 3 }
    expect(() => addDays('2023-02-29', 3)).toThrow(RangeError)
    expect(() => deriveAdtteRows(s)).toThrow(RangeError)
  })
})
