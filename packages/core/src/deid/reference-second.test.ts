/**
 * Second independent reference check of the de-identified export (issue "Trustworthy under attack" item 8)
 * against the promises of the module doc comment in deidentify-table.ts and HIPAA Safe Harbor
 * (45 CFR 164.514(b)(2)(i): (A) names, (C) all elements of dates except year and ages over 89 aggregated
 * to "90 or older", (R) any other unique identifying number or code; 164.514(c) re-identification codes
 * must not be derived from information about the individual).
 * The reference model below was written from that prose alone, before reading the engine's body.
 * Test-only: nothing here is exported.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPseudonyms, deidentifyTable, numberOfShiftDays, SDTM_FREE_TEXT_COLUMNS, type DeidOptions, type TextTable } from './index.js'

const SEED = 20261207
const DAY_MS = 86_400_000

// ---------------------------------------------------------------------------------------------------
// Reference model (doc comment, bullet by bullet)
// ---------------------------------------------------------------------------------------------------

/** (C) date columns: --DTC (SDTM), --DT / --DTM (ADaM), RFSTDTC-style. */
const refIsDateColumn = (name: string) => name !== 'DOMAIN' && /(DTC|DT|DTM)$/.test(name)
/** birth dates are always removed (BRTHDTC, BRTHDT, BRTHDTM). */
const refIsBirth = (name: string) => name === 'BRTHDTC' || name === 'BRTHDT' || name === 'BRTHDTM'
/** Years per AGEU unit; empty / unknown read as years. */
const refUnitYears = (u: string): number =>
  ({ YEARS: 1, MONTHS: 12, WEEKS: 365.25 / 7, DAYS: 365.25, HOURS: 365.25 * 24 })[u.toUpperCase()] ?? 1

/** Shift a full ISO date (optionally with a time part, kept verbatim); anything else (partial, junk) is removed. */
function refShiftDate(value: string, offset: number): string {
  if (value === '') return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value)
  if (!m) return ''
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + offset * DAY_MS
  return new Date(t).toISOString().slice(0, 10) + (m[4] ?? '')
}

interface RefState { codes: Map<string, string>; perSite: Map<string, number>; siteOf: Map<string, string> }
const refState = (): RefState => ({ codes: new Map(), perSite: new Map(), siteOf: new Map() })
/** (R) `<SITEID>-<n>` numbered per site in order of first appearance (n zero-padded to 3 in this project). */
function refCode(s: RefState, usubjid: string, site: string): string {
  const known = s.codes.get(usubjid)
  if (known) return known
  const prefix = site || 'SITE' // codes must stay distinct per subject, so number per written prefix
  const n = (s.perSite.get(prefix) ?? 0) + 1
  s.perSite.set(prefix, n)
  const code = `${prefix}-${String(n).padStart(3, '0')}`
  s.codes.set(usubjid, code)
  return code
}

function refDeidentify(table: TextTable, s: RefState, options: DeidOptions): TextTable {
  const maxAge = options.maxAge ?? 89
  const free = new Set(options.freeTextColumns ?? [])
  const col = (n: string) => table.header.indexOf(n)
  const iU = col('USUBJID'), iS = col('SUBJID'), iSite = col('SITEID'), iAge = col('AGE'), iAgeU = col('AGEU')
  const rows = table.rows.map((row) => {
    const usubjid = iU >= 0 ? (row[iU] ?? '') : ''
    const out = [...row]
    table.header.forEach((name, j) => {
      const v = row[j] ?? ''
      if (refIsBirth(name) || free.has(name)) out[j] = ''
      else if (refIsDateColumn(name)) out[j] = usubjid === '' ? '' : refShiftDate(v, options.offsetDays(usubjid))
    })
    if (iAge >= 0) {
      const age = Number(row[iAge])
      const unit = iAgeU >= 0 ? (row[iAgeU] ?? '') : ''
      if (row[iAge] !== '' && Number.isFinite(age) && age / refUnitYears(unit) > maxAge) {
        out[iAge] = String(maxAge + 1)
        // a unit already read as years (empty, 'years') is left as written; others become YEARS
        if (iAgeU >= 0 && refUnitYears(unit) !== 1) out[iAgeU] = 'YEARS'
      }
    }
    if (iU >= 0 && usubjid !== '') {
      const site = iSite >= 0 ? (row[iSite] ?? '') : (s.siteOf.get(usubjid) ?? '')
      const code = refCode(s, usubjid, site)
      out[iU] = code
      // SUBJID: the doc says "replaced by site-coded pseudonyms"; the engine writes the within-site number
      // (SDTM: SUBJID is the id within the site, USUBJID = site + SUBJID), which leaks nothing either.
      if (iS >= 0) out[iS] = code.slice(code.lastIndexOf('-') + 1)
    }
    else if (iS >= 0) out[iS] = ''
    return out
  })
  return { header: [...table.header], rows }
}

// helpers -------------------------------------------------------------------------------------------
const cell = (t: TextTable, r: number, name: string) => t.rows[r]?.[t.header.indexOf(name)]
const daysBetween = (a: string, b: string) => (Date.parse(a.slice(0, 10)) - Date.parse(b.slice(0, 10))) / DAY_MS
const fixedOffsets = (m: Record<string, number>) => (u: string) => m[u] ?? 7

const DM: TextTable = {
  header: ['STUDYID', 'DOMAIN', 'USUBJID', 'SUBJID', 'SITEID', 'RFSTDTC', 'RFENDTC', 'BRTHDTC', 'AGE', 'AGEU', 'INVNAM'],
  rows: [
    ['CT-01', 'DM', 'CT-01-101-0007', '0007', '101', '2024-02-28', '2024-03-01T08:15', '1931-05-04', '92', 'YEARS', 'Dr Jane Roe'],
    ['CT-01', 'DM', 'CT-01-102-0003', '0003', '102', '2023-12-31', '2024-12-31T23:59:59+05:30', '1935-07-01', '89', 'YEARS', 'Dr John Doe'],
    ['CT-01', 'DM', 'CT-01-101-0002', '0002', '101', '2024-01-15', '2024-06', '1950-01-01', '1080', 'MONTHS', 'Dr Jane Roe'],
  ],
}
const AE: TextTable = {
  header: ['STUDYID', 'DOMAIN', 'USUBJID', 'AESEQ', 'AETERM', 'AEDECOD', 'AESTDTC', 'AEENDTC', 'AESTDY'],
  rows: [
    ['CT-01', 'AE', 'CT-01-101-0002', '1', 'fever after visit to St Mary hospital', 'Pyrexia', '2024-01-20', '2024', '6'],
    ['CT-01', 'AE', 'CT-01-102-0003', '1', 'rash', 'Rash', '2024-01-01T10:00Z', '2024-01-03', '2'],
    ['CT-01', 'AE', 'CT-01-101-0007', '1', 'headache', 'Headache', '2024-03-01', '', '3'],
  ],
}
const OFFSETS = { 'CT-01-101-0007': -40, 'CT-01-102-0003': 3, 'CT-01-101-0002': 365 }

function exportAll(tables: TextTable[], options: DeidOptions) {
  const p = createPseudonyms()
  // siteOf from dm (doc: `siteOf` maps USUBJID to SITEID for tables without SITEID)
  for (const t of tables) {
    const iU = t.header.indexOf('USUBJID'), iS = t.header.indexOf('SITEID')
    if (iU >= 0 && iS >= 0) for (const r of t.rows) p.siteOf.set(r[iU] ?? '', r[iS] ?? '')
  }
  return tables.map((t) => deidentifyTable(t, p, options))
}
function refExportAll(tables: TextTable[], options: DeidOptions) {
  const s = refState()
  for (const t of tables) {
    const iU = t.header.indexOf('USUBJID'), iS = t.header.indexOf('SITEID')
    if (iU >= 0 && iS >= 0) for (const r of t.rows) s.siteOf.set(r[iU] ?? '', r[iS] ?? '')
  }
  return tables.map((t) => refDeidentify(t, s, options))
}

// ---------------------------------------------------------------------------------------------------
describe('de-identification: hand-picked cases against the reference', () => {
  const options: DeidOptions = { offsetDays: fixedOffsets(OFFSETS), freeTextColumns: SDTM_FREE_TEXT_COLUMNS }
  const [dm, ae] = exportAll([DM, AE], options)

  it('matches the reference on dm and ae (full tables)', () => {
    expect([dm, ae]).toEqual(refExportAll([DM, AE], options))
  })

  it('shifts dates across leap day / month / year ends, keeping time and zone parts verbatim', () => {
    if (!dm || !ae) throw new Error('missing output')
    expect(cell(dm, 0, 'RFSTDTC')).toBe('2024-01-19') // 2024-02-28 - 40
    expect(cell(dm, 0, 'RFENDTC')).toBe('2024-01-21T08:15') // 2024-03-01 - 40 over 29 Feb
    expect(cell(dm, 1, 'RFSTDTC')).toBe('2024-01-03') // 2023-12-31 + 3
    expect(cell(dm, 1, 'RFENDTC')).toBe('2025-01-03T23:59:59+05:30')
    expect(cell(dm, 2, 'RFSTDTC')).toBe('2025-01-14') // + 365 across a leap year
    expect(cell(ae, 1, 'AESTDTC')).toBe('2024-01-04T10:00Z')
  })

  it('removes partial dates (2024-03, 2024) instead of leaking or half-shifting them', () => {
    expect(cell(dm!, 2, 'RFENDTC')).toBe('')
    expect(cell(ae!, 0, 'AEENDTC')).toBe('')
  })

  it('keeps study days (AESTDY) and the interval between a subject\'s dates in every table', () => {
    expect(cell(ae!, 0, 'AESTDY')).toBe('6')
    // subject 0002: RFSTDTC (dm) to AESTDTC (ae) is 5 days before and after
    expect(daysBetween(cell(ae!, 0, 'AESTDTC')!, cell(dm!, 2, 'RFSTDTC')!)).toBe(5)
    // subject 0007: dm.RFENDTC (a datetime) and ae.AESTDTC (a date) on the same day before and after
    expect(daysBetween(cell(ae!, 2, 'AESTDTC')!, cell(dm!, 0, 'RFENDTC')!)).toBe(0)
  })

  it('caps ages over 89 (in the AGEU unit) to 90 YEARS; 89 itself is kept', () => {
    expect([cell(dm!, 0, 'AGE'), cell(dm!, 0, 'AGEU')]).toEqual(['90', 'YEARS'])
    expect([cell(dm!, 1, 'AGE'), cell(dm!, 1, 'AGEU')]).toEqual(['89', 'YEARS'])
    expect([cell(dm!, 2, 'AGE'), cell(dm!, 2, 'AGEU')]).toEqual(['90', 'YEARS']) // 1080 months = 90 years
  })

  it('removes birth dates and free text, codes USUBJID and SUBJID per site in order of first appearance', () => {
    expect(dm!.rows.map((r) => r[dm!.header.indexOf('BRTHDTC')] ?? '')).toEqual(['', '', ''])
    expect(dm!.rows.map((r) => r[dm!.header.indexOf('INVNAM')])).toEqual(['', '', ''])
    expect(ae!.rows.map((r) => r[ae!.header.indexOf('AETERM')])).toEqual(['', '', ''])
    expect(ae!.rows.map((r) => r[ae!.header.indexOf('AEDECOD')])).toEqual(['Pyrexia', 'Rash', 'Headache'])
    expect(dm!.rows.map((r) => [r[2], r[3]])).toEqual([['101-001', '001'], ['102-001', '001'], ['101-002', '002']])
    expect(ae!.rows.map((r) => r[2])).toEqual(['101-002', '102-001', '101-001'])
  })

  it('does not mutate its input', () => {
    const copy = JSON.parse(JSON.stringify(DM)) as TextTable
    exportAll([copy], options)
    expect(copy).toEqual(DM)
  })
})

describe('de-identification: boundaries and parameter variants', () => {
  const dmOf = (rows: [string, string][]): TextTable => ({
    header: ['USUBJID', 'SITEID', 'AGE', 'AGEU'],
    rows: rows.map(([age, unit], i) => [`S${i}`, '1', age, unit]),
  })
  const ages = (t: TextTable) => t.rows.map((r) => `${r[2]} ${r[3]}`)

  it('age boundary in each AGEU unit, default maxAge 89', () => {
    const input = dmOf([
      ['89', 'YEARS'], ['90', 'YEARS'], ['120', ''], ['1068', 'MONTHS'], ['1081', 'MONTHS'],
      ['32000', 'DAYS'], ['33000', 'DAYS'], ['4800', 'WEEKS'], ['4600', 'WEEKS'], ['', 'YEARS'], ['45', 'years'],
    ])
    const opts: DeidOptions = { offsetDays: () => 1 }
    const out = deidentifyTable(input, createPseudonyms(), opts)
    expect(ages(out)).toEqual([
      '89 YEARS', '90 YEARS', '90 ', '1068 MONTHS', '90 YEARS', '32000 DAYS', '90 YEARS', '90 YEARS', '4600 WEEKS', ' YEARS', '45 years',
    ])
    expect(out).toEqual(refDeidentify(input, refState(), opts))
  })

  it('honours a non-default maxAge (ages above 79 become 80 YEARS)', () => {
    const input = dmOf([['79', 'YEARS'], ['80', 'YEARS'], ['85', 'YEARS'], ['960', 'MONTHS'], ['961', 'MONTHS']])
    const opts: DeidOptions = { offsetDays: () => 1, maxAge: 79 }
    const out = deidentifyTable(input, createPseudonyms(), opts)
    expect(ages(out)).toEqual(['79 YEARS', '80 YEARS', '80 YEARS', '80 YEARS', '80 YEARS'])
  })

  it('removes every form of birth date even with an empty freeTextColumns list (ages derivable from it)', () => {
    const t: TextTable = {
      header: ['USUBJID', 'SITEID', 'BRTHDTC', 'BRTHDT', 'BRTHDTM', 'AGE'],
      rows: [['X1', '9', '1930-01-02', '1930-01-02', '1930-01-02T04:05:06', '94']],
    }
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => -3, freeTextColumns: [] })
    expect(JSON.stringify(out)).not.toMatch(/1930|1929/)
    expect(cell(out, 0, 'AGE')).toBe('90')
  })

  it('empties every free-text column it is given, including non-SDTM ones', () => {
    const t: TextTable = {
      header: ['USUBJID', 'SITEID', 'COVAL', 'COVAL1', 'XXCOMMENT', 'DSTERM', 'CMINDC', 'LBCOM', 'VSCOM', 'MHTERM', 'CETERM'],
      rows: [['X1', '9', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']],
    }
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => 2, freeTextColumns: [...SDTM_FREE_TEXT_COLUMNS, 'COVAL1', 'XXCOMMENT'] })
    expect(out.rows[0]).toEqual(['9-001', '9', '', '', '', '', '', '', '', '', ''])
  })

  it('uses siteOf for tables without SITEID and SITE for an unknown site', () => {
    const p = createPseudonyms()
    p.siteOf.set('A', '7')
    const t: TextTable = { header: ['USUBJID', 'LBDTC'], rows: [['A', '2024-01-01'], ['B', '2024-01-01'], ['A', '2024-01-02']] }
    const out = deidentifyTable(t, p, { offsetDays: () => 1 })
    expect(out.rows.map((r) => r[0])).toEqual(['7-001', 'SITE-001', '7-001'])
  })

  it('a row or table without USUBJID cannot be shifted per subject: its dates and SUBJID are removed, not passed through', () => {
    // doc: every date is shifted by the subject's offset "so calendar dates are not [kept]"; like a partial
    // date, a date with no subject to shift it by cannot be shifted and must not leak (Safe Harbor (C), (R))
    const p = createPseudonyms()
    const withBlank: TextTable = { header: ['USUBJID', 'SUBJID', 'SITEID', 'LBDTC'], rows: [['', '0042', '1', '2024-03-15T10:00'], ['A', '0001', '1', '2024-03-15']] }
    const out = deidentifyTable(withBlank, p, { offsetDays: () => 10 })
    expect(out.rows).toEqual([['', '', '1', ''], ['1-001', '001', '1', '2024-03-25']])
    const noIdColumn: TextTable = { header: ['SUBJID', 'VSDTC'], rows: [['0042', '2024-03-15']] }
    expect(deidentifyTable(noIdColumn, p, { offsetDays: () => 10 }).rows).toEqual([['', '']])
  })

  it('a subject with no site and a site literally named SITE never share a code', () => {
    const p = createPseudonyms()
    const t: TextTable = { header: ['USUBJID', 'SITEID'], rows: [['A', ''], ['B', 'SITE'], ['C', ''], ['D', 'SITE']] }
    const codes = deidentifyTable(t, p, { offsetDays: () => 1 }).rows.map((r) => r[0])
    expect(new Set(codes).size).toBe(4)
    expect(codes[0]).toBe('SITE-001')
  })

  it('removes unparseable values in date columns rather than passing them through', () => {
    const t: TextTable = { header: ['USUBJID', 'SITEID', 'LBDTC', 'ADT'], rows: [['A', '1', '15MAR2024', '2024/03/15']] }
    const out = deidentifyTable(t, createPseudonyms(), { offsetDays: () => 5 })
    expect(JSON.stringify(out)).not.toMatch(/15MAR2024|2024\/03\/15/)
  })
})

describe('numberOfShiftDays', () => {
  it('doc example and range 1..maxDays forward or back, never 0', () => {
    expect(numberOfShiftDays(0, 180)).toBe(-1)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 3650 }), (r, max) => {
        const d = numberOfShiftDays(r, max)
        return Number.isInteger(d) && d !== 0 && Math.abs(d) <= max
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('reaches all 2*maxDays values exactly equally often over aligned blocks of inputs (start and end of range)', () => {
    for (const max of [1, 3, 180, 365]) {
      for (const start of [0, 2 ** 32 - 2 * max * 50, 2 * max * 12345]) {
        const counts = new Map<number, number>()
        for (let r = start; r < start + 2 * max * 50; r++) {
          const d = numberOfShiftDays(r, max)
          counts.set(d, (counts.get(d) ?? 0) + 1)
        }
        expect(counts.size).toBe(2 * max)
        for (const c of counts.values()) expect(c).toBe(50)
      }
    }
    expect(numberOfShiftDays(0xffffffff, 180)).not.toBe(-1)
  })
})

// ---------------------------------------------------------------------------------------------------
// Property tests: random multi-table exports
// ---------------------------------------------------------------------------------------------------
const ymd = fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const dateValue = fc.oneof(
  ymd,
  ymd.map((d) => d + 'T13:45'),
  ymd.map((d) => d + 'T07:08:09+02:00'),
  ymd.map((d) => d + 'T00:00:00Z'),
  ymd.map((d) => d.slice(0, 7)),
  ymd.map((d) => d.slice(0, 4)),
  fc.constant(''),
)
const token = fc.stringMatching(/^[A-Za-z0-9]{6,10}$/)

interface Gen { subjects: { id: string; subj: string; site: string; offset: number; ages: [number, string] }[]; free: string[] }
const genArb = fc
  .record({
    subjects: fc.uniqueArray(
      fc.record({
        id: token.map((t) => `ORIGID-${t}`),
        subj: token.map((t) => `ORIGSUBJ-${t}`),
        site: fc.constantFrom('101', '102', '203', ''),
        offset: fc.integer({ min: 1, max: 400 }).chain((n) => fc.constantFrom(n, -n)),
        ages: fc.tuple(fc.integer({ min: 0, max: 40000 }), fc.constantFrom('YEARS', 'MONTHS', 'WEEKS', 'DAYS', '')),
      }),
      { minLength: 1, maxLength: 6, selector: (s) => s.id },
    ),
    free: fc.array(token.map((t) => `ORIGTEXT-${t}`), { minLength: 12, maxLength: 12 }),
  })
  .filter((g: Gen) => new Set(g.subjects.map((s) => s.subj)).size === g.subjects.length)

const tablesArb = genArb.chain((g) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat({ max: g.subjects.length - 1 }), dateValue, dateValue, fc.nat({ max: 11 })), { minLength: 1, maxLength: 15 }),
      fc.array(fc.tuple(fc.nat({ max: g.subjects.length - 1 }), dateValue, fc.nat({ max: 11 })), { minLength: 0, maxLength: 15 }),
      fc.array(dateValue, { minLength: g.subjects.length, maxLength: g.subjects.length }),
    )
    .map(([aeRows, lbRows, rf]) => {
      const dm: TextTable = {
        header: ['USUBJID', 'SUBJID', 'SITEID', 'RFSTDTC', 'BRTHDTC', 'AGE', 'AGEU', 'INVNAM'],
        rows: g.subjects.map((s, i) => [s.id, s.subj, s.site, rf[i] ?? '', '1931-02-03', String(s.ages[0]), s.ages[1], g.free[i % 12] ?? '']),
      }
      const ae: TextTable = {
        header: ['USUBJID', 'AETERM', 'AESTDTC', 'AEENDTC', 'AESTDY'],
        rows: aeRows.map(([i, a, b, f]) => [g.subjects[i]?.id ?? '', g.free[f] ?? '', a, b, '4']),
      }
      const lb: TextTable = {
        header: ['USUBJID', 'LBDTC', 'LBCOM', 'ADT'],
        rows: lbRows.map(([i, a, f]) => [f === 11 ? '' : (g.subjects[i]?.id ?? ''), a, g.free[f] ?? '', a.slice(0, 10)]),
      }
      return { g, tables: [dm, ae, lb] }
    }),
)

describe('property: random exports', () => {
  const optionsOf = (g: Gen): DeidOptions => ({
    offsetDays: (u) => g.subjects.find((s) => s.id === u)?.offset ?? 0,
    freeTextColumns: SDTM_FREE_TEXT_COLUMNS,
  })

  it('engine equals the reference on every table', () => {
    fc.assert(
      fc.property(tablesArb, ({ g, tables }) => {
        expect(exportAll(tables, optionsOf(g))).toEqual(refExportAll(tables, optionsOf(g)))
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('no original identifier, free text, birth date or unshifted full date leaks anywhere', () => {
    fc.assert(
      fc.property(tablesArb, ({ g, tables }) => {
        const out = exportAll(tables, optionsOf(g))
        const text = JSON.stringify(out)
        expect(text).not.toMatch(/ORIGID|ORIGSUBJ|ORIGTEXT|1931-02-03/)
        // each full date cell differs from the input cell; partial dates are gone
        tables.forEach((t, ti) => {
          t.header.forEach((name, j) => {
            if (!refIsDateColumn(name) || refIsBirth(name)) return
            t.rows.forEach((row, r) => {
              const before = row[j] ?? ''
              const after = out[ti]?.rows[r]?.[j] ?? ''
              if (before === '') expect(after).toBe('')
              else if (/^\d{4}-\d{2}-\d{2}/.test(before)) expect(after.slice(0, 10)).not.toBe(before.slice(0, 10))
              else expect(after).toBe('')
            })
          })
        })
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('one shift per subject across every table and date column (intervals kept)', () => {
    fc.assert(
      fc.property(tablesArb, ({ g, tables }) => {
        const out = exportAll(tables, optionsOf(g))
        const shifts = new Map<string, Set<number>>()
        tables.forEach((t, ti) => {
          const iU = t.header.indexOf('USUBJID')
          t.header.forEach((name, j) => {
            if (!refIsDateColumn(name)) return
            t.rows.forEach((row, r) => {
              const before = row[j] ?? ''
              const after = out[ti]?.rows[r]?.[j] ?? ''
              if (!/^\d{4}-\d{2}-\d{2}/.test(before) || after === '') return
              const u = row[iU] ?? ''
              const set = shifts.get(u) ?? new Set<number>()
              set.add(daysBetween(after, before))
              shifts.set(u, set)
              expect(after.slice(10)).toBe(before.slice(10)) // time and zone kept verbatim
            })
          })
        })
        for (const [u, set] of shifts) expect([...set]).toEqual([g.subjects.find((s) => s.id === u)?.offset])
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it('codes are consistent across tables and do not depend on the original id strings (only on order)', () => {
    fc.assert(
      fc.property(tablesArb, token, ({ g, tables }, salt) => {
        const out = exportAll(tables, optionsOf(g))
        // rename every id (a bijection that keeps order of appearance): output must be identical
        const rename = (v: string) => v.replace(/^ORIG(ID|SUBJ)-/, `RENAMED$1-${salt}-`)
        const renamed = tables.map((t) => ({ header: t.header, rows: t.rows.map((r) => r.map(rename)) }))
        const g2: Gen = { ...g, subjects: g.subjects.map((s) => ({ ...s, id: rename(s.id), subj: rename(s.subj) })) }
        expect(exportAll(renamed, optionsOf(g2))).toEqual(out)
        // one code per subject everywhere, distinct subjects distinct codes
        const codeOf = new Map<string, string>()
        tables.forEach((t, ti) => {
          const iU = t.header.indexOf('USUBJID')
          t.rows.forEach((row, r) => {
            const code = out[ti]?.rows[r]?.[iU] ?? ''
            const prev = codeOf.get(row[iU] ?? '')
            if (prev !== undefined) expect(code).toBe(prev)
            codeOf.set(row[iU] ?? '', code)
          })
        })
        expect(new Set(codeOf.values()).size).toBe(codeOf.size)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('is deterministic given the secret offsets', () => {
    fc.assert(
      fc.property(tablesArb, ({ g, tables }) => {
        expect(exportAll(tables, optionsOf(g))).toEqual(exportAll(tables, optionsOf(g)))
      }),
      { seed: SEED, numRuns: 100 },
    )
  })
})
