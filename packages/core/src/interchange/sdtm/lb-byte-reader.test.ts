import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSdtmLbByteReader } from './lb-byte-reader.js'
import { sdtmLbDomain } from './lb.js'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const decode = (b: Uint8Array) => decoder.decode(b)

type Row = [line: number, usubjid: string, testCode: string, date: string, time: string | null, value: number | null]

/** The general path: text CSV reader + LB parser, records as the collector sees them. */
function general(text: string) {
  const { records, issues, log } = readSdtmText(sdtmLbDomain, text)
  return { rows: records.map((r): Row => [r.line, r.usubjid, r.testCode, r.date, r.time, r.value]), issues, log }
}

/** The byte path on the UTF-8 bytes of `text`, cut into chunks at `cuts`. */
function bytePath(text: string, cuts: number[] = []) {
  const rows: Row[] = []
  const reader = createSdtmLbByteReader({ decode, onValue: (...row) => rows.push(row) })
  const bytes = new TextEncoder().encode(text)
  let last = 0
  for (const c of [...cuts].sort((a, b) => a - b).map((c) => Math.min(c, bytes.length))) {
    reader.push(bytes.subarray(last, c))
    last = c
  }
  reader.push(bytes.subarray(last))
  reader.end()
  return { rows, issues: reader.issues, log: reader.log(), fastRows: reader.fastRows }
}

const HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC'

describe('createSdtmLbByteReader: lb.csv from bytes, as the general reader', () => {
  it('reads plain rows on the fast path: units, LBSTRESN/LBSTRESU, date-times, other tests', () => {
    const text = [
      `${HEAD},LBSTRESN,LBSTRESU,LBORNRLO,LBORNRHI`,
      'S,S-1,PLAT,45,10^9/L,2024-03-15,,,150,400',
      'S,S-1,PLAT,30000,/uL,2024-03-16,,,,',
      'S,S-1,PLAT,12500,/mm3,2024-03-18T08:30,,,,',
      'S,S-1,PLAT,12.5,10^3/uL,2024-03-19T08:30:15,,,,',
      'S,S-2,PLAT,45000,/uL,2024-03-20,46,10^9/L,,',
      'S,S-2,HGB,120,g/L,2024-03-20,,,,',
      'S,S-2,CD19,POSITIVE,/uL,2024-03-20,,,,',
    ].join('\n')
    const got = bytePath(text)
    expect(got.rows).toEqual([
      [2, 'S-1', 'PLAT', '2024-03-15', null, 45],
      [3, 'S-1', 'PLAT', '2024-03-16', null, 30],
      [4, 'S-1', 'PLAT', '2024-03-18', '08:30', 12.5],
      [5, 'S-1', 'PLAT', '2024-03-19', '08:30:15', 12.5],
      [6, 'S-2', 'PLAT', '2024-03-20', null, 46],
      [7, 'S-2', 'HGB', '2024-03-20', null, 120],
      [8, 'S-2', 'CD19', '2024-03-20', null, null],
    ])
    expect(got.fastRows).toBe(7)
    expect(got.issues).toEqual([])
    expect(got).toMatchObject(general(text))
  })
  it('whole thousands per uL convert exactly (threshold comparisons stay exact)', () => {
    const lines = [HEAD]
    for (let k = 0; k <= 1000; k++) lines.push(`S,S-1,PLAT,${k * 1000},/uL,2024-03-15`)
    expect(bytePath(lines.join('\n')).rows.map((r) => r[5])).toEqual(Array.from({ length: 1001 }, (_, k) => k))
  })
  it('quoted fields with commas, quotes and line breaks, CRLF, a BOM and blank lines keep their line numbers', () => {
    const text = `\uFEFF${HEAD},COMMENT\r\n"S","S-1",PLAT,"45",10^9/L,2024-03-15,"a, ""b""\r\nc"\r\n\r\nS,S-1,PLAT,46,10^9/L,2024-03-16,\r\nS,"S-1",PLAT,47,10^9/L,2024-03-17,"x"\r\n`
    const got = bytePath(text, [1, 2, 40, 41, 90])
    expect(got.rows).toEqual([
      [2, 'S-1', 'PLAT', '2024-03-15', null, 45],
      [5, 'S-1', 'PLAT', '2024-03-16', null, 46],
      [6, 'S-1', 'PLAT', '2024-03-17', null, 47],
    ])
    expect(got.fastRows).toBe(2)
    expect(got).toMatchObject(general(text))
  })
  it('reports every error as file:line: VARIABLE, as the general path', () => {
    const text = [
      `${HEAD},LBSTRESN,LBSTRESU`,
      'S,S-1,PLAT,45,G/L,2024-03-15,,',
      'S,S-1,PLAT,<10,10^9/L,2024-03-16,,',
      'S,S-1,PLAT,-1,10^9/L,2024-03-17,,',
      'S,S-1,PLAT,5,10^9/L,2024-03-18,6,',
      'S,,PLAT,45,10^9/L,2024-02-30,,',
      'S,S-1,PLAT,45,10^9/L',
      'S,S-1,PLAT,"4"5,10^9/L,2024-03-15,,',
      'S,S-1,HBA1C,6.1,%,2024-03-15,,',
    ].join('\n')
    const got = bytePath(text)
    expect(got.issues.map(formatSdtmIssue)).toEqual([
      'lb.csv:2: LBORRESU: unknown platelet unit "G/L" (allowed: "10^9/L", "10^3/uL", "/uL", "/mm3")',
      'lb.csv:3: LBORRES: platelet count is not a number: "<10"',
      'lb.csv:4: LBORRES: platelet count must be >= 0, got -1',
      'lb.csv:5: LBSTRESU: required when LBSTRESN is given',
      'lb.csv:6: USUBJID: required value is empty',
      'lb.csv:6: LBDTC: not an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm: "2024-02-30"',
      'lb.csv:7: RECORD: has 5 fields, the header has 8',
      'lb.csv:8: RECORD: text after a closing quote: "5"',
    ])
    expect(got.log.notes).toEqual(['LBTESTCD "HBA1C" is not a listed test (kept) (1 row)'])
    expect(got).toMatchObject(general(text))
  })
  it('a missing required column, an empty file and a BOM cut across chunks', () => {
    expect(bytePath('STUDYID,USUBJID,LBTESTCD,LBORRES,LBDTC\nS,S-1,PLAT,45,2024-03-15\n')).toMatchObject(
      general('STUDYID,USUBJID,LBTESTCD,LBORRES,LBDTC\nS,S-1,PLAT,45,2024-03-15\n'),
    )
    expect(bytePath('').issues.map(formatSdtmIssue)).toEqual(['lb.csv:1: RECORD: file is empty: a header row is required'])
    const text = `\uFEFF${HEAD}\nS,S-1,PLAT,45,10^9/L,2024-03-15`
    expect(bytePath(text, [1, 2, 3, 4])).toMatchObject({ ...general(text), fastRows: 1 })
    const blankFirst = `\r\n\n${HEAD}\n\nS,S-1,PLAT,45,10^9/L,2024-03-15\n`
    expect(bytePath(blankFirst, [1])).toMatchObject({ ...general(blankFirst), rows: [[5, 'S-1', 'PLAT', '2024-03-15', null, 45]], fastRows: 1 })
    const endsInCr = `${HEAD}\nS,S-1,PLAT,45,10^9/L,2024-03-15\r`
    expect(bytePath(endsInCr)).toMatchObject({ ...general(endsInCr), rows: [[2, 'S-1', 'PLAT', '2024-03-15', null, 45]], fastRows: 1 })
  })

  // random lb.csv texts: the byte path gives the same rows, issues and import log as the general path.
  // Values are mostly valid (so most rows take the fast path) with rare bad values, spaces and broken quoting.
  const pick = <T>(...xs: T[]) => fc.constantFrom(...xs)
  const often = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad })
  const goodNumber = fc.oneof(
    pick('45', '0', '007', '12.5', '.5', '5.', '0.1', '123456789012345', '3.14159265358979', '1e3', '1.5E7', '+4', '1234567890123456', '0.30000000000000004'),
    fc.nat().map(String),
    fc.nat({ max: 300_000 }).map((n) => String(n * 1000)),
    fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
    fc.integer({ min: 0, max: 999_999 }).map((n) => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`),
  )
  const number = often(goodNumber, pick('-3', '-0', '1E400', 'abc', '<10', '1,000', '', ' 7', '7 ', 'NaN', '.'))
  const columns: Record<string, fc.Arbitrary<string>> = {
    STUDYID: often(pick('S', 'STUDY-1'), pick('', ' S', 'S\t')),
    USUBJID: often(pick('S-1', 'S-2', 'é-1', 'S 3'), pick('', ' S-1', 'S,1')),
    LBTESTCD: often(pick('PLAT', 'PLAT', 'PLAT', 'HGB', 'CD19'), pick('HBA1C', '', 'plat', 'PLAT ')),
    LBORRES: number,
    LBORRESU: often(pick('10^9/L', '10^3/uL', '/uL', '/mm3'), pick('G/L', '', ' /uL', 'g/L')),
    LBDTC: often(
      pick('2024-03-15', '2024-03-16', '2024-02-29', '2024-03-15T08:30', '2024-03-15T23:59:59'),
      pick('2023-02-29', '2024-02-30', '2024-03', '2024-03-15T25:00', '', ' 2024-03-15', '2024-3-15', '2024-03-15Z'),
    ),
    LBSTRESN: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: number }),
    LBSTRESU: fc.oneof({ weight: 6, arbitrary: pick('', '10^9/L', '/uL') }, { weight: 1, arbitrary: pick('G/L', ' /uL') }),
    LBORNRLO: often(pick('', '150'), pick('x', '-1e2')),
    LBORNRHI: often(pick('', '400'), pick('4OO')),
    COMMENT: fc.oneof(
      { weight: 3, arbitrary: pick('', 'note', ' a, b ', 'é') },
      { weight: 1, arbitrary: fc.string({ unit: pick('a', ',', '"', '\n', '\r\n', ' ', 'é', '\uFEFF', '1', '\r') }) },
    ),
  }
  const optional = ['LBSTRESN', 'LBSTRESU', 'LBORNRLO', 'LBORNRHI', 'COMMENT']
  const required = ['STUDYID', 'USUBJID', 'LBTESTCD', 'LBORRES', 'LBORRESU', 'LBDTC']
  /** a field as written: plain (quoted when it must be), quoted anyway, or (rarely) broken */
  const written = (value: string) =>
    fc.oneof(
      { weight: 20, arbitrary: fc.constant(/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value) },
      { weight: 4, arbitrary: fc.constant(`"${value.replaceAll('"', '""')}"`) },
      { weight: 1, arbitrary: pick(`${value}"`, `"${value}"x`, `"${value}"\r`, `"${value}`, `${value},`, '') },
    )
  const header = fc
    .tuple(fc.shuffledSubarray(optional), fc.nat({ max: 19 }), fc.boolean())
    .chain(([opt, broken, shuffle]) => {
      let cols = [...required, ...opt]
      if (broken === 0) cols = cols.filter((c) => c !== 'LBORRESU')
      if (broken === 1) cols.push('LBDTC')
      return shuffle ? fc.shuffledSubarray(cols, { minLength: cols.length }) : fc.constant(cols)
    })
  const table = header.chain((cols) =>
    fc.tuple(
      fc.constant(cols),
      fc.array(
        fc.oneof(
          { weight: 25, arbitrary: fc.tuple(...cols.map((c) => (columns[c] as fc.Arbitrary<string>).chain(written))).map((fs) => fs.join(',')) },
          { weight: 1, arbitrary: pick('', '\r', ' ', 'S,S-1,PLAT,45') },
        ),
        { maxLength: 12 },
      ),
    ),
  )
  let fastRowsSeen = 0
  let rowsSeen = 0

  it('gives the same rows, issues and import log as the general path on random files, however chunked (property)', () => {
    fc.assert(
      fc.property(table, pick('\n', '\r\n'), fc.boolean(), fc.boolean(), fc.array(fc.nat({ max: 600 }), { maxLength: 8 }), (t, eol, bom, finalEol, cuts) => {
        const [cols, rows] = t
        const text = (bom ? '\uFEFF' : '') + [cols.join(','), ...rows].join(eol) + (finalEol ? eol : '')
        const got = bytePath(text, cuts)
        const want = general(text)
        fastRowsSeen += got.fastRows
        rowsSeen += want.rows.length
        expect(got.rows).toEqual(want.rows)
        expect(got.issues).toEqual(want.issues)
        expect(got.log).toEqual(want.log)
      }),
      { numRuns: Number(process.env.LB_BYTE_RUNS ?? 400) },
    )
    // the comparison is only worth something if the fast path took part (about half the accepted rows do)
    expect(fastRowsSeen).toBeGreaterThan(rowsSeen / 4)
  }, 120_000)
  it('takes most plain rows on the fast path (property generator sanity)', () => {
    const text = [HEAD, ...Array.from({ length: 100 }, (_, i) => `S,S-${i % 7},PLAT,${i * 1.5},10^9/L,2024-03-${String(1 + (i % 28)).padStart(2, '0')}`)].join('\r\n')
    const got = bytePath(text, [7, 300, 301])
    expect(got.fastRows).toBe(100)
    expect(got.rows).toEqual(general(text).rows)
  })
})
