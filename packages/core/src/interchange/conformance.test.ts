/**
 * Conformance of what CellTrial reads (SDTM-shaped CSV) and writes (ADaM-shaped CSV) with
 * interchange/sdtm-adam.md and the conventions of domain/README.md, checked requirement by requirement on
 * hand-built inputs. Each check cites the section of the spec it follows:
 *
 * - [intro]   sdtm-adam.md first paragraph (CSV, UTF-8, header row, ISO 8601 dates, column order, unknown
 *             columns, lower-case file names)
 * - [in:XX]   sdtm-adam.md "Input domains", row `xx.csv`
 * - [errors]  sdtm-adam.md "A row that breaks a rule above is an error reported as `file:line: VARIABLE: …`"
 * - [out:XX]  sdtm-adam.md "Output datasets", row `xx.csv`
 * - [aval]    sdtm-adam.md "AVAL conventions"
 * - [cutoff]  sdtm-adam.md "Output datasets" first paragraph (`--cutoff`, default the latest date in the data)
 * - [README]  domain/README.md "Cross-cutting conventions" (Day numbering, CDISC study day, Dates)
 *
 * Expected values are worked out by hand from the spec (and response-itp.md §3 for the response itself),
 * and day arithmetic is checked against an independent computation with `Date.UTC`.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { protocolDay, sdtmStudyDay } from '../dates/index.js'
import { evaluateResponse } from '../response/index.js'
import { ADRS_VARIABLES, ADSL_VARIABLES, ADTTE_VARIABLES, deriveAdamSubject, formatAdrsCsv, formatAdslCsv, formatAdtteCsv } from './adam/index.js'
import { formatFhirIssue, readFhirLabBundle } from './exchange/index.js'
import {
  createResponseInputCollector,
  createSdtmLbByteReader,
  formatSdtmIssue,
  readSdtmText,
  sdtmAeDomain,
  sdtmCeDomain,
  sdtmCmDomain,
  sdtmDmDomain,
  sdtmExDomain,
  sdtmLbDomain,
  sdtmVsDomain,
  type SdtmDomainSpec,
} from './sdtm/index.js'

const FC = { seed: 20261207, numRuns: 200 } as const

// ---------------------------------------------------------------------------------------------------------
// independent helpers (no CellTrial code)

/** Days from `from` to `to` (both YYYY-MM-DD) with the platform's Date, UTC: an independent day count. */
const utcDays = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000
const utcAddDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Parse our CSV output: the scenarios below never need quoting, so a split on commas is exact (checked). */
function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  expect(text).not.toContain('"')
  expect(text.endsWith('\n')).toBe(true)
  const [head, ...lines] = text.slice(0, -1).split('\n')
  const header = head!.split(',')
  return {
    header,
    rows: lines.map((l) => {
      const f = l.split(',')
      expect(f).toHaveLength(header.length)
      return Object.fromEntries(header.map((h, i) => [h, f[i]!]))
    }),
  }
}

/** A small deterministic shuffle (for order-independence properties driven by fast-check's seed). */
function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items.map((x, i) => ({ x, k: keys[i % Math.max(1, keys.length)]! * 1000 + i })).sort((a, b) => a.k - b.k).map((e) => e.x)
}

/** Reorder the columns of a CSV text (no quoted fields) by `order` (indices into the header). */
function reorderColumns(text: string, order: readonly number[]): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : order.map((i) => line.split(',')[i]).join(',')))
    .join('\n')
}

const errorsOf = (r: { issues: readonly Parameters<typeof formatSdtmIssue>[0][] }) => r.issues.map(formatSdtmIssue)

// ---------------------------------------------------------------------------------------------------------
// [intro] [in:*] input files: names, required variables, header rules

const DOMAINS: [SdtmDomainSpec<unknown>, string, string[]][] = [
  [sdtmDmDomain, 'dm.csv', ['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'AGEU', 'SEX', 'RFXSTDTC']],
  [sdtmExDomain, 'ex.csv', ['STUDYID', 'USUBJID', 'EXTRT', 'EXCAT', 'EXDOSE', 'EXDOSU', 'EXSTDTC']],
  [sdtmLbDomain, 'lb.csv', ['STUDYID', 'USUBJID', 'LBTESTCD', 'LBORRES', 'LBORRESU', 'LBDTC']],
  [sdtmCmDomain, 'cm.csv', ['STUDYID', 'USUBJID', 'CMTRT', 'CMCAT', 'CMSTDTC']],
  [sdtmCeDomain, 'ce.csv', ['STUDYID', 'USUBJID', 'CETERM', 'CECAT', 'CESTDTC', 'CETOX', 'CETOXGR']],
  [sdtmAeDomain, 'ae.csv', ['STUDYID', 'USUBJID', 'AETERM', 'AEDECOD', 'AETOXGR', 'AESER', 'AESTDTC']],
  [sdtmVsDomain, 'vs.csv', ['STUDYID', 'USUBJID', 'VSTESTCD', 'VSORRES', 'VSORRESU', 'VSDTC']],
]

/** One valid data row per domain, by required variable (plus nothing else). */
const VALID_ROW: Record<string, Record<string, string>> = {
  'dm.csv': { STUDYID: 'S', USUBJID: 'S-1', SITEID: '01', AGE: '34', AGEU: 'YEARS', SEX: 'F', RFXSTDTC: '2024-03-01' },
  'ex.csv': { STUDYID: 'S', USUBJID: 'S-1', EXTRT: 'FLUDARABINE', EXCAT: 'LYMPHODEPLETION', EXDOSE: '30', EXDOSU: 'mg/m2', EXSTDTC: '2024-02-25' },
  'lb.csv': { STUDYID: 'S', USUBJID: 'S-1', LBTESTCD: 'PLAT', LBORRES: '45', LBORRESU: '10^9/L', LBDTC: '2024-03-15' },
  'cm.csv': { STUDYID: 'S', USUBJID: 'S-1', CMTRT: 'PARACETAMOL', CMCAT: 'CONCOMITANT', CMSTDTC: '2024-03-02' },
  'ce.csv': { STUDYID: 'S', USUBJID: 'S-1', CETERM: 'EPISTAXIS', CECAT: 'BLEEDING', CESTDTC: '2024-03-15', CETOX: 'WHO BLEEDING SCALE', CETOXGR: '1' },
  'ae.csv': { STUDYID: 'S', USUBJID: 'S-1', AETERM: 'CRS', AEDECOD: 'Cytokine release syndrome', AETOXGR: '2', AESER: 'N', AESTDTC: '2024-03-02' },
  'vs.csv': { STUDYID: 'S', USUBJID: 'S-1', VSTESTCD: 'TEMP', VSORRES: '38.5', VSORRESU: 'C', VSDTC: '2024-03-02T14:00' },
}

const fileOf = (vars: readonly string[], rows: readonly Record<string, string>[]) => [vars.join(','), ...rows.map((r) => vars.map((v) => r[v] ?? '').join(','))].join('\n') + '\n'

describe('[intro] [in:*] input file names, required variables and header rules', () => {
  it.each(DOMAINS)('%# file name is the lower-case domain code + .csv; required variables are exactly the spec list', (spec, file, required) => {
    expect(spec.file).toBe(file)
    expect(`${spec.domain.toLowerCase()}.csv`).toBe(file)
    expect([...spec.required].sort()).toEqual([...required].sort())
    // [in:*] a valid row with only the required variables is read without an issue
    const r = readSdtmText(spec, fileOf(required, [VALID_ROW[file]!]))
    expect(errorsOf(r)).toEqual([])
    expect(r.records).toHaveLength(1)
  })

  it.each(DOMAINS)('%# each missing required column is an error at line 1 naming it, and no row is accepted [errors]', (spec, file, required) => {
    for (const drop of required) {
      const vars = required.filter((v) => v !== drop)
      const r = readSdtmText(spec, fileOf(vars, [VALID_ROW[file]!]))
      expect(r.records).toEqual([])
      expect(errorsOf(r)).toEqual([`${file}:1: ${drop}: required column is missing from the ${spec.domain} header`])
    }
  })

  it.each(DOMAINS)('%# each empty required value is an error `file:line: VARIABLE: …` [errors]', (spec, file, required) => {
    for (const blank of required) {
      const r = readSdtmText(spec, fileOf(required, [{ ...VALID_ROW[file]!, [blank]: '' }]))
      expect(r.records).toEqual([])
      expect(errorsOf(r)[0]).toMatch(new RegExp(`^${file.replace('.', '\\.')}:2: ${blank}: `))
    }
  })

  it('[intro] column order does not matter: any permutation of the columns gives the same records (property)', () => {
    const header = ['STUDYID', 'USUBJID', 'LBTESTCD', 'LBORRES', 'LBORRESU', 'LBDTC', 'LBSTRESN', 'LBSTRESU', 'LBORNRLO', 'LBORNRHI']
    const text = [
      header.join(','),
      'S,S-1,PLAT,45000,/uL,2024-03-15,,,150,400',
      'S,S-1,PLAT,1,10^9/L,2024-03-22T08:30,52,10^9/L,,',
      'S,S-1,HGB,121,g/L,2024-03-22,,,115,150',
    ].join('\n')
    const want = readSdtmText(sdtmLbDomain, text)
    expect(want.issues).toEqual([])
    const strip = (recs: readonly object[]) => recs.map((r) => JSON.stringify(r))
    fc.assert(
      fc.property(fc.shuffledSubarray([...header.keys()], { minLength: header.length, maxLength: header.length }), (order) => {
        const got = readSdtmText(sdtmLbDomain, reorderColumns(text, order))
        expect(got.issues).toEqual([])
        expect(strip(got.records)).toEqual(strip(want.records))
      }),
      FC,
    )
  })

  it('[intro] unknown columns are kept in the import log, not rejected', () => {
    const r = readSdtmText(sdtmDmDomain, 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,XYZFLAG,COHORT\nS,S-1,01,34,YEARS,F,2024-03-01,Y,A\n')
    expect(r.issues).toEqual([])
    expect(r.records).toHaveLength(1)
    expect(r.log.unknownColumns).toEqual(['XYZFLAG', 'COHORT'])
  })

  it('DM DTHDTC: read as the death date (end of follow-up, swimmer death marker), a bad date named', () => {
    const r = readSdtmText(sdtmDmDomain, 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,DTHDTC\nS,S-1,01,34,YEARS,F,2024-03-01,2024-05-02T10:00\nS,S-2,01,40,YEARS,M,2024-03-01,\nS,S-3,01,40,YEARS,M,2024-03-01,2024-13-01\n')
    expect(r.records.map((x) => [x.usubjid, x.deathDate])).toEqual([['S-1', '2024-05-02'], ['S-2', null]])
    expect(errorsOf(r)).toHaveLength(1)
    expect(errorsOf(r)[0]).toMatch(/^dm\.csv:4: DTHDTC: /)
  })

  it('[intro] CSV: UTF-8 BOM, CRLF line ends, RFC 4180 quoting (comma, doubled quote, line break inside quotes)', () => {
    const text = '\uFEFFSTUDYID,USUBJID,CMTRT,CMCAT,CMSTDTC\r\nS,S-1,"PARACETAMOL, ORAL",CONCOMITANT,2024-03-02\r\nS,S-1,"SAY ""X""\r\nTWO LINES",CONCOMITANT,2024-03-03\r\nS,S-1,X,BAD,2024-03-04\r\n'
    const r = readSdtmText(sdtmCmDomain, text)
    expect(r.records.map((x) => [x.line, x.treatment])).toEqual([
      [2, 'PARACETAMOL, ORAL'],
      [3, 'SAY "X"\r\nTWO LINES'],
    ])
    // [errors] the line is the physical line of the file (the quoted line break counts)
    expect(errorsOf(r)).toEqual(['cm.csv:5: CMCAT: must be one of "RESCUE", "NEW ITP THERAPY", "CONCOMITANT", got "BAD"'])
  })

  it('[errors] every error of a file is reported together, each as `file:line: VARIABLE: what is wrong`', () => {
    const r = readSdtmText(
      sdtmDmDomain,
      'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC\nS,S-1,01,x,YEARS,F,2024-03-01\nS,S-2,01,40,YEARS,M,2024-02-30\nS,S-3,01,40,YEARS,M,2024-03-01\nS,S-4,01\n',
    )
    expect(r.records.map((x) => x.usubjid)).toEqual(['S-3'])
    expect(errorsOf(r)).toEqual([
      'dm.csv:2: AGE: not a number: "x"',
      'dm.csv:3: RFXSTDTC: not an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm: "2024-02-30"',
      'dm.csv:5: RECORD: has 3 fields, the header has 7',
    ])
    for (const e of errorsOf(r)) expect(e).toMatch(/^dm\.csv:\d+: [A-Z]+: \S/)
  })
})

// ---------------------------------------------------------------------------------------------------------
// [intro] ISO 8601 dates and date-times

describe('[intro] dates YYYY-MM-DD and date-times YYYY-MM-DDThh:mm', () => {
  const lbWith = (dtc: string) => readSdtmText(sdtmLbDomain, `STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC\nS,S-1,PLAT,45,10^9/L,${dtc}\n`)
  it.each([
    ['2024-03-15', '2024-03-15', null],
    ['2024-03-15T08:30', '2024-03-15', '08:30'],
    ['2024-02-29', '2024-02-29', null], // leap day
    ['2000-02-29T00:00', '2000-02-29', '00:00'], // leap day of a century divisible by 400
    ['2024-12-31T23:59', '2024-12-31', '23:59'],
  ])('accepts %s', (dtc, date, time) => {
    const r = lbWith(dtc)
    expect(r.issues).toEqual([])
    expect(r.records.map((x) => [x.date, x.time])).toEqual([[date, time]])
  })
  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century not divisible by 400
    '2024-04-31',
    '2024-13-01',
    '2024-03', // partial dates are not YYYY-MM-DD
    '2024',
    '2024-3-5',
    '15/03/2024',
    '20240315',
    '2024-03-15 08:30',
    '2024-03-15T8:30',
    '2024-03-15T24:00',
    '2024-03-15T08:60',
    '2024-03-15T08:30Z',
    '2024-03-15T08:30+08:00',
  ])('rejects %s as an error at the variable [errors]', (dtc) => {
    const r = lbWith(dtc)
    expect(r.records).toEqual([])
    expect(errorsOf(r)).toEqual([`lb.csv:2: LBDTC: not an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm: ${JSON.stringify(dtc)}`])
  })
})

// ---------------------------------------------------------------------------------------------------------
// [in:lb] platelet units

describe('[in:lb] platelet counts: LBSTRESN/LBSTRESU win, else LBORRES converted from LBORRESU; any other unit is an error', () => {
  const HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC,LBSTRESN,LBSTRESU,LBORNRLO,LBORNRHI'
  const cases: [string, string, number][] = [
    ['30', '10^9/L', 30],
    ['30', '10^3/uL', 30],
    ['30000', '/uL', 30],
    ['30000', '/mm3', 30],
    ['45500', '/uL', 45.5],
    ['12345', '/mm3', 12.345],
    ['0', '/uL', 0],
    ['99.9', '10^9/L', 99.9],
  ]
  it.each(cases)('%s %s -> %s x10^9/L (x1 or x0.001), exactly', (res, unit, want) => {
    const r = readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,PLAT,${res},${unit},2024-03-15,,,150,400\n`)
    expect(r.issues).toEqual([])
    expect(r.records[0]).toMatchObject({ value: want, valueUnit: '10^9/L', refLow: 150, refHigh: 400 })
  })
  it('the x0.001 conversion does not move a count across a threshold: 30000/uL is exactly 30, 100000/mm3 exactly 100', () => {
    const r = readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,PLAT,30000,/uL,2024-03-15,,,,\nS,S-1,PLAT,100000,/mm3,2024-03-16,,,,\n`)
    expect(r.records.map((x) => x.value)).toEqual([30, 100])
    expect(r.records[0]!.value! >= 30 && r.records[1]!.value! >= 100).toBe(true)
  })
  it('LBSTRESN/LBSTRESU win over LBORRES/LBORRESU when present', () => {
    const r = readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,PLAT,1,10^9/L,2024-03-15,52,10^9/L,,\n`)
    expect(r.issues).toEqual([])
    expect(r.records[0]!.value).toBe(52)
  })
  it.each(['G/L', '10^9/l', '10*9/L', 'x10^9/L', 'cells/uL', '/ul', 'K/uL', ''])('unit %j is an error, never a guess', (unit) => {
    const r = readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,PLAT,45,${unit},2024-03-15,,,,\n`)
    expect(r.records).toEqual([])
    expect(errorsOf(r)).toHaveLength(1)
    expect(errorsOf(r)[0]).toMatch(/^lb\.csv:2: LBORRESU: /)
  })
  it('an LBSTRESU outside the table is an error too', () => {
    const r = readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,PLAT,45,10^9/L,2024-03-15,45,G/L,,\n`)
    expect(r.records).toEqual([])
    expect(errorsOf(r)[0]).toMatch(/^lb\.csv:2: LBSTRESU: /)
  })
  it('other listed tests are kept; an unlisted test is kept and noted in the import log', () => {
    const r = readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,CD19,0.5,/uL,2024-03-15,,,,\nS,S-1,CARCN,18500,copies/ug gDNA,2024-03-15,,,,\nS,S-1,HBA1C,5.1,%,2024-03-15,,,,\n`)
    expect(r.issues).toEqual([])
    expect(r.records.map((x) => [x.testCode, x.value, x.valueUnit])).toEqual([['CD19', 0.5, '/uL'], ['CARCN', 18500, 'copies/ug gDNA'], ['HBA1C', 5.1, '%']])
    expect(r.log.notes).toEqual(['LBTESTCD "HBA1C" is not a listed test (kept) (1 row)'])
  })
  it('the byte-level lb.csv reader (celltrial evaluate) gives the same values and errors for these inputs', () => {
    const rows = [...cases.map(([res, unit], i) => `S,S-1,PLAT,${res},${unit},2024-03-${String(10 + i)},,,,`), 'S,S-1,PLAT,1,10^9/L,2024-02-29T08:30,52,10^9/L,,', 'S,S-1,PLAT,45,G/L,2024-03-15,,,,', 'S,S-1,PLAT,45,10^9/L,2023-02-29,,,,']
    const text = [HEAD, ...rows].join('\n') + '\n'
    const text1 = readSdtmText(sdtmLbDomain, text)
    const got: [number, string | null, number | null][] = []
    const reader = createSdtmLbByteReader({ decode: (b) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b), onValue: (line, _u, _t, date, time, value) => got.push([line, time === null ? date : `${date}T${time}`, value]) })
    reader.push(new TextEncoder().encode(text))
    reader.end()
    expect(got).toEqual(text1.records.map((x) => [x.line, x.time === null ? x.date : `${x.date}T${x.time}`, x.value]))
    expect(reader.issues.map(formatSdtmIssue)).toEqual(errorsOf(text1))
    expect(errorsOf(text1).map((e) => e.split(':').slice(0, 3).join(':'))).toEqual(['lb.csv:11: LBORRESU', 'lb.csv:12: LBDTC'])
  })
})

// ---------------------------------------------------------------------------------------------------------
// [in:ex] [in:cm] [in:ce] [in:ae] [in:vs] controlled terms

describe('[in:*] controlled terms of the input domains', () => {
  it('[in:ex] EXCAT LYMPHODEPLETION (EXTRT FLUDARABINE / CYCLOPHOSPHAMIDE, EXDOSU mg/m2) or CELL THERAPY (cells/kg or cells)', () => {
    const head = 'STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC'
    const ok = readSdtmText(sdtmExDomain, `${head}\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25\nS,S-1,CYCLOPHOSPHAMIDE,LYMPHODEPLETION,300,mg/m2,2024-02-25\nS,S-1,CAR-T,CELL THERAPY,1E6,cells/kg,2024-03-01\nS,S-1,CAR-NK,CELL THERAPY,2E9,cells,2024-03-01\n`)
    expect(ok.issues).toEqual([])
    expect(ok.records.map((x) => [x.category, x.treatment, x.dose, x.doseUnit])).toEqual([
      ['LYMPHODEPLETION', 'FLUDARABINE', 30, 'mg/m2'],
      ['LYMPHODEPLETION', 'CYCLOPHOSPHAMIDE', 300, 'mg/m2'],
      ['CELL THERAPY', 'CAR-T', 1e6, 'cells/kg'],
      ['CELL THERAPY', 'CAR-NK', 2e9, 'cells'],
    ])
    const bad = readSdtmText(sdtmExDomain, `${head}\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/kg,2024-02-25\nS,S-1,CAR-T,CELL THERAPY,1E6,mg/m2,2024-03-01\nS,S-1,MELPHALAN,LYMPHODEPLETION,30,mg/m2,2024-02-25\nS,S-1,CAR-T,CONDITIONING,1,cells,2024-03-01\n`)
    expect(errorsOf(bad).map((e) => e.split(':').slice(0, 3).join(':'))).toEqual(['ex.csv:2: EXDOSU', 'ex.csv:3: EXDOSU', 'ex.csv:4: EXTRT', 'ex.csv:5: EXCAT'])
  })

  it('[in:cm] CMCAT RESCUE with CMSCAT from the list, NEW ITP THERAPY, CONCOMITANT; CMENDTC empty = start day for RESCUE only', () => {
    const head = 'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC'
    const scats = ['PLATELET TRANSFUSION', 'IVIG', 'HIGH DOSE CORTICOSTEROID', 'TPO-RA', 'OTHER RESCUE']
    const ok = readSdtmText(sdtmCmDomain, [head, ...scats.map((s) => `S,S-1,X,RESCUE,${s},2024-02-29,`), 'S,S-1,RITUXIMAB,NEW ITP THERAPY,,2024-04-10,', 'S,S-1,PARACETAMOL,CONCOMITANT,,2024-03-01,'].join('\n'))
    expect(ok.issues).toEqual([])
    expect(ok.records.map((x) => [x.category, x.subcategory, x.endDate])).toEqual([
      ...scats.map((s) => ['RESCUE', s, '2024-02-29']),
      ['NEW ITP THERAPY', null, null],
      ['CONCOMITANT', null, null],
    ])
    const bad = readSdtmText(sdtmCmDomain, `${head}\nS,S-1,X,RESCUE,,2024-03-01,\nS,S-1,X,RESCUE,TRANSFUSION,2024-03-01,\nS,S-1,X,BRIDGING,,2024-03-01,\n`)
    expect(errorsOf(bad).map((e) => e.split(':').slice(0, 3).join(':'))).toEqual(['cm.csv:2: CMSCAT', 'cm.csv:3: CMSCAT', 'cm.csv:4: CMCAT'])
  })

  it('[in:ce] bleeding: CECAT BLEEDING, CETOX WHO BLEEDING SCALE, CETOXGR 0-4; CEENDTC empty = ongoing', () => {
    const head = 'STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR'
    const ok = readSdtmText(sdtmCeDomain, [head, ...[0, 1, 2, 3, 4].map((g) => `S,S-1,PETECHIAE,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,${g}`)].join('\n'))
    expect(ok.issues).toEqual([])
    expect(ok.records.map((x) => [x.grade, x.endDate])).toEqual([0, 1, 2, 3, 4].map((g) => [g, null]))
    const bad = readSdtmText(sdtmCeDomain, `${head}\nS,S-1,P,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,5\nS,S-1,P,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,-1\nS,S-1,P,BLEEDING,2024-03-15,,ITP-BAT,2\nS,S-1,P,BLEEDING,2024-03-15,2024-03-14,WHO BLEEDING SCALE,2\n`)
    expect(errorsOf(bad).map((e) => e.split(':').slice(0, 3).join(':'))).toEqual(['ce.csv:2: CETOXGR', 'ce.csv:3: CETOXGR', 'ce.csv:4: CETOX', 'ce.csv:5: CEENDTC'])
  })

  it('[in:ae] AETOXGR a CTCAE / ASTCT grade, AESER Y or N; CRS and ICANS with AETOX ASTCT 2019 are read', () => {
    const head = 'STUDYID,USUBJID,AETERM,AEDECOD,AETOX,AETOXGR,AESER,AESTDTC'
    const ok = readSdtmText(sdtmAeDomain, `${head}\nS,S-1,CRS,Cytokine release syndrome,ASTCT 2019,2,N,2024-03-02\nS,S-1,ICANS,Immune effector cell-associated neurotoxicity syndrome,ASTCT 2019,3,Y,2024-03-05\nS,S-1,Low platelets,Platelet count decreased,CTCAE v5.0,4,N,2024-03-06\n`)
    expect(ok.issues).toEqual([])
    expect(ok.records.map((x) => [x.decodedTerm, x.gradingSystem, x.grade, x.serious])).toEqual([
      ['Cytokine release syndrome', 'ASTCT 2019', 2, false],
      ['Immune effector cell-associated neurotoxicity syndrome', 'ASTCT 2019', 3, true],
      ['Platelet count decreased', 'CTCAE v5.0', 4, false],
    ])
  })

  it('[in:vs] TEMP C, SYSBP/DIABP mmHg, OXYSAT %, WEIGHT kg, HEIGHT cm', () => {
    const head = 'STUDYID,USUBJID,VSTESTCD,VSORRES,VSORRESU,VSDTC'
    const units: [string, string][] = [['TEMP', 'C'], ['SYSBP', 'mmHg'], ['DIABP', 'mmHg'], ['OXYSAT', '%'], ['WEIGHT', 'kg'], ['HEIGHT', 'cm']]
    const ok = readSdtmText(sdtmVsDomain, [head, ...units.map(([t, u]) => `S,S-1,${t},1,${u},2024-03-02`)].join('\n'))
    expect(ok.issues).toEqual([])
    expect(ok.records.map((x) => [x.testCode, x.unit])).toEqual(units)
    const bad = readSdtmText(sdtmVsDomain, [head, ...units.map(([t]) => `S,S-1,${t},1,lb,2024-03-02`)].join('\n'))
    expect(bad.records).toEqual([])
    expect(errorsOf(bad)).toHaveLength(units.length)
  })
})

// ---------------------------------------------------------------------------------------------------------
// [README] study days

describe('[README] day numbering: protocol day (Day 0 = infusion) and SDTM --DY (no day 0)', () => {
  it('before, on and after the reference date, across leap days (property against Date.UTC)', () => {
    const day = fc.integer({ min: Date.UTC(1999, 0, 1) / 86_400_000, max: Date.UTC(2101, 0, 1) / 86_400_000 })
    fc.assert(
      fc.property(day, fc.integer({ min: -800, max: 800 }), (ref, offset) => {
        const refDate = new Date(ref * 86_400_000).toISOString().slice(0, 10)
        const date = new Date((ref + offset) * 86_400_000).toISOString().slice(0, 10)
        expect(protocolDay(date, refDate)).toBe(offset)
        const dy = sdtmStudyDay(date, refDate)
        expect(dy).toBe(offset >= 0 ? offset + 1 : offset)
        expect(dy).not.toBe(0)
      }),
      FC,
    )
  })
  it('worked cases: the day before is --DY -1 / Day -1, the reference date --DY 1 / Day 0; leap years matter', () => {
    expect([sdtmStudyDay('2024-02-29', '2024-03-01'), protocolDay('2024-02-29', '2024-03-01')]).toEqual([-1, -1])
    expect([sdtmStudyDay('2024-03-01', '2024-03-01'), protocolDay('2024-03-01', '2024-03-01')]).toEqual([1, 0])
    expect([sdtmStudyDay('2024-03-02', '2024-03-01'), protocolDay('2024-03-02', '2024-03-01')]).toEqual([2, 1])
    expect(protocolDay('2024-03-05', '2024-02-20')).toBe(14)
    expect(protocolDay('2025-03-05', '2025-02-20')).toBe(13)
  })
})

// ---------------------------------------------------------------------------------------------------------
// [out:*] [aval] [cutoff] SDTM in -> ADaM out, end to end

const DM = [
  'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,ARMCD,ARM',
  'S,S-1,01,34,YEARS,F,2024-03-01,DL1,Dose level 1', // R (E1-like)
  'S,S-2,01,41,YEARS,M,2024-03-01T10:30,,Dose level 2', // CR, CR lost while R kept; RFXSTDTC with a time
  'S,S-3,02,29,YEARS,F,2024-03-01,DL1,', // NR
  'S,S-4,02,50,YEARS,M,2024-03-01,,', // NE: no LD, no count
  'S,S-5,01,0,YEARS,F,2024-02-20,DL2,', // leap year: 2024-03-05 is Day 14
  'S,S-6,01,12,YEARS,M,2025-02-20,DL2,', // no leap year: 2025-03-05 is Day 13 (not evaluable)
  'S,S-7,01,60,YEARS,F,2024-03-01,DL1,', // R then confirmed loss; untimed same-date tie (lowest wins)
  'S,S-8,01,45,YEARS,M,2024-03-01,DL1,', // new ITP therapy censors counts on/after its first CMSTDTC
  'S,S-9,01,33,YEARS,F,2024-03-01,DL1,', // rescue with empty CMENDTC (= start day) excludes a count
  'S,S-10,01,38,YEARS,M,2024-03-01,DL1,', // open-ended bleeding (CEENDTC empty = ongoing)
  'S,S-11,01,38,YEARS,M,2024-03-01,DL1,', // only counts before Day 14: NE (no evaluable count)
].join('\n')

const EX_ROWS = [
  'S,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-26',
  'S,S-1,CYCLOPHOSPHAMIDE,LYMPHODEPLETION,300,mg/m2,2024-02-25', // the first LD date, not the first row
  'S,S-1,CAR-T,CELL THERAPY,1E6,cells/kg,2024-03-01',
  'S,S-2,CYCLOPHOSPHAMIDE,LYMPHODEPLETION,300,mg/m2,2024-02-25T09:00',
  'S,S-3,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25',
  'S,S-4,CAR-T,CELL THERAPY,1E6,cells/kg,2024-03-01',
  'S,S-5,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-15',
  'S,S-6,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2025-02-15',
  ...['S-7', 'S-8', 'S-9', 'S-10', 'S-11'].map((s) => `S,${s},FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25`),
]

const LB_ROWS = [
  // S-1: baseline 10000/uL = 10 on the LD start; Day 14 45, Day 21 50, Day 28 60 in three units
  'S,S-1,PLAT,10000,/uL,2024-02-25,,',
  'S,S-1,PLAT,45,10^9/L,2024-03-15,,',
  'S,S-1,PLAT,50,10^3/uL,2024-03-22,,',
  'S,S-1,PLAT,60000,/mm3,2024-03-29,,',
  'S,S-1,HGB,121,g/L,2024-03-29,,',
  // S-2: baseline 8; Day 14 45, Day 21 120, Day 28 130 (CR from Day 21), Day 35 80, Day 36 70 (CR lost Day 35), Day 42 60
  'S,S-2,PLAT,8,10^9/L,2024-02-24,,',
  'S,S-2,PLAT,45,10^9/L,2024-03-15T07:00,,',
  'S,S-2,PLAT,1,10^9/L,2024-03-22,120,10^9/L', // LBSTRESN wins
  'S,S-2,PLAT,130,10^9/L,2024-03-29,,',
  'S,S-2,PLAT,80,10^9/L,2024-04-05,,',
  'S,S-2,PLAT,70,10^9/L,2024-04-06,,',
  'S,S-2,PLAT,60,10^9/L,2024-04-12,,',
  // S-3: baseline 20; Day 14 25, Day 21 28: never >= 30
  'S,S-3,PLAT,20,10^9/L,2024-02-25,,',
  'S,S-3,PLAT,25,10^9/L,2024-03-15,,',
  'S,S-3,PLAT,28,10^9/L,2024-03-22,,',
  // S-5: baseline 5; 2024-03-05 (Day 14) 40, 2024-03-12 (Day 21) 42
  'S,S-5,PLAT,5,10^9/L,2024-02-15,,',
  'S,S-5,PLAT,40,10^9/L,2024-03-05,,',
  'S,S-5,PLAT,42,10^9/L,2024-03-12,,',
  // S-6: baseline 5; 2025-03-05 (Day 13, not evaluable) 40, 2025-03-12 (Day 20) 42, 2025-03-19 (Day 27) 44
  'S,S-6,PLAT,5,10^9/L,2025-02-15,,',
  'S,S-6,PLAT,40,10^9/L,2025-03-05,,',
  'S,S-6,PLAT,42,10^9/L,2025-03-12,,',
  'S,S-6,PLAT,44,10^9/L,2025-03-19,,',
  // S-7: baseline 10; Day 14 40, Day 21 45, Day 28 50 and 20 untimed (lowest: 20, fails), Day 29 25: loss on Day 28
  'S,S-7,PLAT,10,10^9/L,2024-02-25,,',
  'S,S-7,PLAT,40,10^9/L,2024-03-15,,',
  'S,S-7,PLAT,45,10^9/L,2024-03-22,,',
  'S,S-7,PLAT,50,10^9/L,2024-03-29,,',
  'S,S-7,PLAT,20,10^9/L,2024-03-29,,',
  'S,S-7,PLAT,25,10^9/L,2024-03-30,,',
  // S-8: baseline 10; Day 14 40, Day 21 45, Day 28 50 (on the new therapy's start: excluded), Day 35 55 (excluded)
  'S,S-8,PLAT,10,10^9/L,2024-02-25,,',
  'S,S-8,PLAT,40,10^9/L,2024-03-15,,',
  'S,S-8,PLAT,45,10^9/L,2024-03-22,,',
  'S,S-8,PLAT,50,10^9/L,2024-03-29,,',
  'S,S-8,PLAT,55,10^9/L,2024-04-05,,',
  // S-9: baseline 10; Day 14 40; transfusion Day 15 (window 7 days to 2024-03-23); Day 21 45 excluded; Day 28 50; Day 35 55
  'S,S-9,PLAT,10,10^9/L,2024-02-25,,',
  'S,S-9,PLAT,40,10^9/L,2024-03-15,,',
  'S,S-9,PLAT,45,10^9/L,2024-03-22,,',
  'S,S-9,PLAT,50,10^9/L,2024-03-29,,',
  'S,S-9,PLAT,55,10^9/L,2024-04-05,,',
  // S-10: baseline 10; Day 14 40; WHO grade 2 bleeding from Day 19, no end; Day 21 45, Day 28 50 (both bleeding)
  'S,S-10,PLAT,10,10^9/L,2024-02-25,,',
  'S,S-10,PLAT,40,10^9/L,2024-03-15,,',
  'S,S-10,PLAT,45,10^9/L,2024-03-22,,',
  'S,S-10,PLAT,50,10^9/L,2024-03-29,,',
  // S-11: baseline 10 and counts on Days 7 and 13 only (before evalStartDay 14)
  'S,S-11,PLAT,10,10^9/L,2024-02-25,,',
  'S,S-11,PLAT,60,10^9/L,2024-03-08,,',
  'S,S-11,PLAT,70,10^9/L,2024-03-14,,',
]

const CM_ROWS = [
  'S,S-8,RITUXIMAB,NEW ITP THERAPY,,2024-04-10,',
  'S,S-8,DARATUMUMAB,NEW ITP THERAPY,,2024-03-29,', // the first CMSTDTC is the later row
  'S,S-9,PLATELETS,RESCUE,PLATELET TRANSFUSION,2024-03-16,',
  'S,S-1,PARACETAMOL,CONCOMITANT,,2024-03-02,2024-03-03',
]
const CE_ROWS = ['S,S-10,EPISTAXIS,BLEEDING,2024-03-20,,WHO BLEEDING SCALE,2', 'S,S-1,PETECHIAE,BLEEDING,2024-03-16,2024-03-16,WHO BLEEDING SCALE,1']

const EX_HEAD = 'STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC'
const LB_HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC,LBSTRESN,LBSTRESU'
const CM_HEAD = 'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC'
const CE_HEAD = 'STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR'

/**
 * SDTM text -> readers -> response-input collector -> response engine (default parameters) -> ADaM rows -> CSV,
 * as `celltrial evaluate` chains them (its DOSELVL is ARMCD, else ARM).
 */
function evaluateSdtm(files: { ex: string[]; lb: string[]; cm: string[]; ce: string[]; lbHead?: string }, cutoff?: string) {
  const dm = readSdtmText(sdtmDmDomain, DM)
  const collector = createResponseInputCollector(dm.records)
  const ex = readSdtmText(sdtmExDomain, [EX_HEAD, ...files.ex].join('\n'))
  const lb = readSdtmText(sdtmLbDomain, [files.lbHead ?? LB_HEAD, ...files.lb].join('\n'))
  const cm = readSdtmText(sdtmCmDomain, [CM_HEAD, ...files.cm].join('\n'))
  const ce = readSdtmText(sdtmCeDomain, [CE_HEAD, ...files.ce].join('\n'))
  ex.records.forEach((r) => collector.addEx(r))
  lb.records.forEach((r) => collector.addLb(r))
  cm.records.forEach((r) => collector.addCm(r))
  ce.records.forEach((r) => collector.addCe(r))
  const issues = [...dm.issues, ...ex.issues, ...lb.issues, ...cm.issues, ...ce.issues, ...collector.issues].map(formatSdtmIssue)
  const cut = cutoff ?? collector.latestDate()
  const rows = collector.subjects(cut).map((s) =>
    deriveAdamSubject(
      { studyId: s.dm.studyId, usubjid: s.dm.usubjid, siteId: s.dm.siteId, age: s.dm.age, sex: s.dm.sex, infusionDate: s.dm.infusionDate, ldStartDate: s.ldStartDate, doseLevel: s.dm.armCode ?? s.dm.arm },
      evaluateResponse(s.input),
    ),
  )
  return {
    issues,
    cutoff: cut,
    adsl: formatAdslCsv(rows.map((r) => r.adsl)),
    adrs: formatAdrsCsv(rows.map((r) => r.adrs)),
    adtte: formatAdtteCsv(rows.flatMap((r) => r.adtte)),
  }
}

const BASE = { ex: EX_ROWS, lb: LB_ROWS, cm: CM_ROWS, ce: CE_ROWS }

describe('[out:*] ADaM datasets from SDTM input, end to end', () => {
  const out = evaluateSdtm(BASE)

  it('the input has no error; [cutoff] the default data cut-off is the latest date in the data', () => {
    expect(out.issues).toEqual([])
    expect(out.cutoff).toBe('2025-03-19')
    // the latest date may be in any file: without S-6's counts and LD it is S-6's RFXSTDTC in dm.csv; a CM end
    // date or a non-platelet lab result counts too
    const noS6 = { ...BASE, lb: LB_ROWS.filter((r) => !r.includes('S-6,')), ex: EX_ROWS.filter((r) => !r.includes('S-6,')) }
    expect(evaluateSdtm(noS6).cutoff).toBe('2025-02-20')
    expect(evaluateSdtm({ ...noS6, cm: [...CM_ROWS, 'S,S-1,X,CONCOMITANT,,2024-03-02,2025-06-30'] }).cutoff).toBe('2025-06-30')
    expect(evaluateSdtm({ ...noS6, lb: [...noS6.lb, 'S,S-1,HGB,120,g/L,2025-07-01,,'] }).cutoff).toBe('2025-07-01')
    expect(evaluateSdtm({ ...noS6, ce: [...CE_ROWS, 'S,S-1,BRUISE,BLEEDING,2024-03-20,2025-08-01,WHO BLEEDING SCALE,1'] }).cutoff).toBe('2025-08-01')
  })

  it('[out:adsl] header, one row per subject; TRTSDT = infusion date (date part), LDSTDT = first LD date, BASEPLAT empty if missing', () => {
    const { header, rows } = parseCsv(out.adsl)
    expect(header).toEqual(['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'SEX', 'TRTSDT', 'LDSTDT', 'BASEPLAT', 'DOSELVL'])
    expect(header).toEqual([...ADSL_VARIABLES])
    const by = Object.fromEntries(rows.map((r) => [r.USUBJID, header.map((h) => r[h]).join(',')]))
    expect(rows).toHaveLength(11)
    expect(by).toEqual({
      'S-1': 'S,S-1,01,34,F,2024-03-01,2024-02-25,10,DL1',
      'S-2': 'S,S-2,01,41,M,2024-03-01,2024-02-25,8,Dose level 2',
      'S-3': 'S,S-3,02,29,F,2024-03-01,2024-02-25,20,DL1',
      'S-4': 'S,S-4,02,50,M,2024-03-01,,,',
      'S-5': 'S,S-5,01,0,F,2024-02-20,2024-02-15,5,DL2',
      'S-6': 'S,S-6,01,12,M,2025-02-20,2025-02-15,5,DL2',
      'S-7': 'S,S-7,01,60,F,2024-03-01,2024-02-25,10,DL1',
      'S-8': 'S,S-8,01,45,M,2024-03-01,2024-02-25,10,DL1',
      'S-9': 'S,S-9,01,33,F,2024-03-01,2024-02-25,10,DL1',
      'S-10': 'S,S-10,01,38,M,2024-03-01,2024-02-25,10,DL1',
      'S-11': 'S,S-11,01,38,M,2024-03-01,2024-02-25,10,DL1',
    })
  })

  it('[out:adrs] one BOR row per subject; AVALC the category; ADT the date the best response was first reached; ADY its protocol day', () => {
    const { header, rows } = parseCsv(out.adrs)
    expect(header).toEqual(['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVALC', 'ADT', 'ADY'])
    expect(header).toEqual([...ADRS_VARIABLES])
    expect(rows).toHaveLength(11)
    for (const r of rows) expect([r.STUDYID, r.PARAMCD, r.PARAM]).toEqual(['S', 'BOR', 'Best overall response'])
    const by = Object.fromEntries(rows.map((r) => [r.USUBJID, [r.AVALC, r.ADT, r.ADY]]))
    expect(by).toEqual({
      'S-1': ['R', '2024-03-15', '14'],
      'S-2': ['CR', '2024-03-22', '21'], // the CR date, not the R date (Day 14)
      'S-3': ['NR', '', ''],
      'S-4': ['NE', '', ''],
      'S-5': ['R', '2024-03-05', '14'],
      'S-6': ['R', '2025-03-12', '20'],
      'S-7': ['R', '2024-03-15', '14'],
      'S-8': ['R', '2024-03-15', '14'],
      'S-9': ['R', '2024-03-15', '14'],
      'S-10': ['NR', '', ''],
      'S-11': ['NE', '', ''],
    })
  })

  it('[out:adrs] ADY is the protocol day (Day 0 = infusion), not the SDTM --DY', () => {
    const adsl = new Map(parseCsv(out.adsl).rows.map((r) => [r.USUBJID, r]))
    for (const r of parseCsv(out.adrs).rows) {
      if (r.ADT === '') continue
      const trt = adsl.get(r.USUBJID)!.TRTSDT!
      expect(Number(r.ADY)).toBe(utcDays(trt, r.ADT!))
      expect(Number(r.ADY)).not.toBe(sdtmStudyDay(r.ADT!, trt))
    }
  })

  it('[out:adtte] [aval] TTR/TTCR always, DOR for R/PR/CR, DOCR for CR; AVAL, CNSR, STARTDT, ADT per the AVAL conventions', () => {
    const { header, rows } = parseCsv(out.adtte)
    expect(header).toEqual(['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVAL', 'CNSR', 'STARTDT', 'ADT', 'EVNTDESC'])
    expect(header).toEqual([...ADTTE_VARIABLES])
    const got = Object.fromEntries(rows.map((r) => [`${r.USUBJID} ${r.PARAMCD}`, [r.AVAL, r.CNSR, r.STARTDT, r.ADT].join(' ')]))
    expect(got).toEqual({
      'S-1 TTR': '14 0 2024-03-01 2024-03-15',
      'S-1 TTCR': '28 1 2024-03-01 2024-03-29', // never CR: censored at the last evaluable count
      'S-1 DOR': '14 1 2024-03-15 2024-03-29',
      'S-2 TTR': '14 0 2024-03-01 2024-03-15',
      'S-2 TTCR': '21 0 2024-03-01 2024-03-22',
      'S-2 DOR': '28 1 2024-03-15 2024-04-12',
      'S-2 DOCR': '14 0 2024-03-22 2024-04-05', // CR lost (confirmed) on Day 35
      'S-3 TTR': '21 1 2024-03-01 2024-03-22',
      'S-3 TTCR': '21 1 2024-03-01 2024-03-22',
      'S-4 TTR': '0 1 2024-03-01 2024-03-01', // no evaluable count: AVAL 0, CNSR 1
      'S-4 TTCR': '0 1 2024-03-01 2024-03-01',
      'S-5 TTR': '14 0 2024-02-20 2024-03-05', // leap year
      'S-5 TTCR': '21 1 2024-02-20 2024-03-12',
      'S-5 DOR': '7 1 2024-03-05 2024-03-12',
      'S-6 TTR': '20 0 2025-02-20 2025-03-12', // no leap year: 2025-03-05 is Day 13, not evaluable
      'S-6 TTCR': '27 1 2025-02-20 2025-03-19',
      'S-6 DOR': '7 1 2025-03-12 2025-03-19',
      'S-7 TTR': '14 0 2024-03-01 2024-03-15',
      'S-7 TTCR': '29 1 2024-03-01 2024-03-30',
      'S-7 DOR': '14 0 2024-03-15 2024-03-29', // confirmed loss on Day 28 (the lower untimed count of that date)
      'S-8 TTR': '14 0 2024-03-01 2024-03-15',
      'S-8 TTCR': '21 1 2024-03-01 2024-03-22', // counts on/after the new therapy's first start are excluded
      'S-8 DOR': '7 1 2024-03-15 2024-03-22',
      'S-9 TTR': '14 0 2024-03-01 2024-03-15',
      'S-9 TTCR': '35 1 2024-03-01 2024-04-05',
      'S-9 DOR': '21 1 2024-03-15 2024-04-05',
      'S-10 TTR': '28 1 2024-03-01 2024-03-29', // bleeding with no end is ongoing: counts fail
      'S-10 TTCR': '28 1 2024-03-01 2024-03-29',
      'S-11 TTR': '0 1 2024-03-01 2024-03-01',
      'S-11 TTCR': '0 1 2024-03-01 2024-03-01',
    })
    for (const r of rows) {
      expect(r.STUDYID).toBe('S')
      expect(['0', '1']).toContain(r.CNSR)
      expect(r.AVAL).toMatch(/^\d+$/)
      expect(r.PARAM).not.toBe('')
      expect(r.EVNTDESC).not.toBe('')
      // ADT = STARTDT + AVAL days (an independent date computation)
      expect(r.ADT).toBe(utcAddDays(r.STARTDT!, Number(r.AVAL)))
    }
  })

  it('[out:adtte] consistency with ADSL and ADRS: TTR/TTCR start at TRTSDT, DOCR at the ADRS date of a CR, rows per best response', () => {
    const adsl = new Map(parseCsv(out.adsl).rows.map((r) => [r.USUBJID, r]))
    const adrs = new Map(parseCsv(out.adrs).rows.map((r) => [r.USUBJID, r]))
    const tte = parseCsv(out.adtte).rows
    for (const [id, bor] of adrs) {
      const mine = new Map(tte.filter((r) => r.USUBJID === id).map((r) => [r.PARAMCD, r]))
      const want = bor.AVALC === 'CR' ? ['TTR', 'TTCR', 'DOR', 'DOCR'] : bor.AVALC === 'R' ? ['TTR', 'TTCR', 'DOR'] : ['TTR', 'TTCR']
      expect([...mine.keys()].sort(), id).toEqual(want.sort())
      expect(mine.get('TTR')!.STARTDT).toBe(adsl.get(id)!.TRTSDT)
      expect(mine.get('TTCR')!.STARTDT).toBe(adsl.get(id)!.TRTSDT)
      if (bor.AVALC === 'R') expect([mine.get('TTR')!.ADT, mine.get('TTR')!.AVAL, mine.get('TTR')!.CNSR, mine.get('DOR')!.STARTDT]).toEqual([bor.ADT, bor.ADY, '0', bor.ADT])
      if (bor.AVALC === 'CR') expect([mine.get('TTCR')!.ADT, mine.get('TTCR')!.AVAL, mine.get('TTCR')!.CNSR, mine.get('DOCR')!.STARTDT]).toEqual([bor.ADT, bor.ADY, '0', bor.ADT])
      if (bor.AVALC === 'NR' || bor.AVALC === 'NE') expect([mine.get('TTR')!.CNSR, mine.get('TTCR')!.CNSR]).toEqual(['1', '1'])
    }
  })

  it('[out:*] missing values are empty fields (never NA, null, "." or NaN); numbers are plain decimals', () => {
    for (const text of [out.adsl, out.adrs, out.adtte]) {
      expect(text).not.toMatch(/(^|,)(NA|null|undefined|NaN|\.)(,|$)/m)
      expect(text).not.toContain('\r')
    }
    expect(out.adsl.split('\n')).toContain('S,S-4,02,50,M,2024-03-01,,,')
    expect(out.adrs.split('\n')).toContain('S,S-4,BOR,Best overall response,NE,,')
  })

  it('[intro] [out:*] the outputs do not depend on the order of the input rows or columns (ties in dates included; property)', () => {
    const order = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 60 })
    fc.assert(
      fc.property(order, order, order, fc.shuffledSubarray([...LB_HEAD.split(',').keys()], { minLength: 8, maxLength: 8 }), (kLb, kEx, kCm, cols) => {
        const [lbHead, ...lb] = reorderColumns([LB_HEAD, ...permute(LB_ROWS, kLb)].join('\n'), cols).split('\n')
        const got = evaluateSdtm({ ex: permute(EX_ROWS, kEx), lb, cm: permute(CM_ROWS, kCm), ce: CE_ROWS, lbHead })
        expect(got.issues).toEqual([])
        expect([got.adsl, got.adrs, got.adtte]).toEqual([out.adsl, out.adrs, out.adtte])
      }),
      { ...FC, numRuns: 100 },
    )
  })

  it('[cutoff] an explicit cut-off drops the counts after it', () => {
    const cut = evaluateSdtm(BASE, '2024-03-28')
    const tte = Object.fromEntries(parseCsv(cut.adtte).rows.filter((r) => r.USUBJID === 'S-1').map((r) => [r.PARAMCD, [r.AVAL, r.CNSR, r.ADT].join(' ')]))
    expect(tte).toEqual({ TTR: '14 0 2024-03-15', TTCR: '21 1 2024-03-22', DOR: '7 1 2024-03-22' })
  })
})

// ---------------------------------------------------------------------------------------------------------
// not sdtm-adam.md: a regression check for the fix in exchange/fhir-lab-import.ts that the unseeded
// exchange-fuzz.test.ts found (counterexample valueQuantity.code "__proto__"): unit and test codes are looked
// up as own keys of the tables only (interchange/ctgov-fhir-odm.md §2: a unit outside the table is an error).

describe('FHIR lab import: inherited object keys are not units or test codes', () => {
  const UCUM = 'http://unitsofmeasure.org'
  const bundleWith = (coding: { system: string; code: string }, unit: string) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: 'urn:p', resource: { resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'S-1' }] } },
      { fullUrl: 'urn:o', resource: { resourceType: 'Observation', id: 'o', status: 'final', code: { coding: [coding] }, subject: { reference: 'Patient/p' }, effectiveDateTime: '2025-04-02', valueQuantity: { value: 45, system: UCUM, code: unit } } },
    ],
  })
  it('a platelet count in 10*9/L is read; in "__proto__", "toString" or "constructor" it is a unit error', () => {
    const ok = readFhirLabBundle(bundleWith({ system: 'http://loinc.org', code: '777-3' }, '10*9/L'), { subjectCode: 'S-1' })
    expect(ok.ok ? ok.value.labs.map((l) => [l.testCode, l.value]) : ok.issues.map(formatFhirIssue)).toEqual([['PLAT', 45]])
    for (const unit of ['__proto__', 'toString', 'constructor']) {
      const r = readFhirLabBundle(bundleWith({ system: 'http://loinc.org', code: '777-3' }, unit), { subjectCode: 'S-1' })
      expect(r.ok, unit).toBe(false)
      if (!r.ok) expect(r.issues.map(formatFhirIssue).join('\n')).toMatch(/valueQuantity\.code: .*PLAT needs a UCUM unit/)
    }
  })
  it('a LOINC code "toString" is not a lab test', () => {
    const r = readFhirLabBundle(bundleWith({ system: 'http://loinc.org', code: 'toString' }, '10*9/L'), { subjectCode: 'S-1' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues.map(formatFhirIssue).join('\n')).toMatch(/code\.coding: .*no LOINC code/)
  })
})
