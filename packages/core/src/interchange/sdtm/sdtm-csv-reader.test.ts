import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSdtmCsvReader, readSdtmCsvText } from './sdtm-csv-reader.js'
import { formatAdamCsvRecord } from '../adam/adam-csv-writer.js'

describe('createSdtmCsvReader: RFC 4180', () => {
  it('reads a header and rows, with or without a final line break, LF or CRLF', () => {
    expect(readSdtmCsvText('A,B\n1,2\n').records).toEqual([{ line: 1, fields: ['A', 'B'] }, { line: 2, fields: ['1', '2'] }])
    expect(readSdtmCsvText('A,B\r\n1,2').records).toEqual([{ line: 1, fields: ['A', 'B'] }, { line: 2, fields: ['1', '2'] }])
  })
  it('handles quotes, escaped quotes, commas and line breaks inside quoted fields', () => {
    const { records, problems } = readSdtmCsvText('A,B,C\n"x, y","say ""hi""","two\r\nlines"\n4,,""\n')
    expect(problems).toEqual([])
    expect(records).toEqual([
      { line: 1, fields: ['A', 'B', 'C'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 4, fields: ['4', '', ''] },
    ])
  })
  it('skips blank lines but keeps physical line numbers, strips a BOM', () => {
    expect(readSdtmCsvText('\uFEFFA\n\n1\n\r\n2').records).toEqual([
      { line: 1, fields: ['A'] },
      { line: 3, fields: ['1'] },
      { line: 5, fields: ['2'] },
    ])
  })
  it('reports structural problems with the line of the record', () => {
    expect(readSdtmCsvText('A,B\n1,"open\n2,3\n').problems).toEqual([{ line: 2, message: 'unterminated quoted field at end of file' }])
    expect(readSdtmCsvText('A,B\n1,"x"y\n').problems).toEqual([{ line: 2, message: 'text after a closing quote: "y"' }])
    expect(readSdtmCsvText('A,B\n1,x"y\n').problems).toEqual([{ line: 2, message: 'quote inside an unquoted field: "x\\"y"' }])
  })
  it('gives the same records whatever the chunking (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '1') })
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 })
    fc.assert(
      fc.property(table, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }), fc.boolean(), (rows, cuts, crlf) => {
        const eol = crlf ? '\r\n' : '\n'
        const text = rows.map((r) => formatAdamCsvRecord(r) + eol).join('')
        const reader = createSdtmCsvReader()
        const got = []
        let last = 0
        for (const c of [...cuts].sort((a, b) => a - b).map((c) => Math.min(c, text.length))) {
          got.push(...reader.push(text.slice(last, c)))
          last = c
        }
        got.push(...reader.push(text.slice(last)), ...reader.end())
        expect(reader.problems).toEqual([])
        expect(got.map((r) => r.fields)).toEqual(rows)
      }),
    )
  })
  it('streams a large file in small chunks with bounded state', () => {
    const reader = createSdtmCsvReader()
    let n = 0
    reader.push('A,B\n')
    for (let i = 0; i < 5000; i++) n += reader.push(`${i},x\n`.slice(0, 2)).length + reader.push(`${i},x\n`.slice(2)).length
    expect(n).toBe(5000)
    expect(reader.end()).toEqual([])
  })
})
