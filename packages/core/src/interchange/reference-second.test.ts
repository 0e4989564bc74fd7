/**
 * Second, independent reference check of the interchange engines (SDTM-shaped CSV in, ADaM-shaped CSV out,
 * FHIR R4 and CDISC ODM 1.3.2 exchange, registry mappings).
 *
 * The reference half of this file (section "reference") was written from the specification prose alone, before
 * reading the engine: /work/shared/interchange/sdtm-adam.md ("Input domains", "Output datasets", "AVAL
 * conventions"), /work/shared/interchange/ctgov-fhir-odm.md (§1 registry record, §2 FHIR R4, §3 ODM 1.3.2),
 * /work/shared/domain/README.md ("Cross-cutting conventions") and the worked examples of
 * /work/shared/domain/response-itp.md §4 (whose expected values are the oracle of the ADaM end-to-end cases).
 * Where a rule comes from the base standard rather than the platform docs (FHIR R4 `id` and `dateTime`
 * primitive types, SDTMIG original vs standard units, XML 1.0 characters) the standard is cited.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_RESPONSE_PARAMS, evaluateResponse, withResponseOverrides, type ResponseParams, type ResponseParamsOverride } from '../response/index.js'
import { splitEligibilityText } from '../protocol/index.js'
import { deriveAdamSubject, formatAdrsCsv, formatAdslCsv, formatAdtteCsv } from './adam/index.js'
import { capturedStudy } from './exchange/odm-capture-fixture.js'
import {
  buildFhirBundle,
  buildOdmCaptureExport,
  buildOdmSnapshot,
  CTGOV_PHASES_TO_FHIR,
  CTGOV_STATUS_TO_FHIR,
  exchangeStudyFromSdtm,
  readFhirBundle,
  readOdmClinicalData,
  readOdmXml,
  validateFhirResource,
  validateOdmStructure,
  type ExchangeStudy,
  type OdmNode,
} from './exchange/index.js'
import {
  createResponseInputCollector,
  createSdtmCsvReader,
  formatSdtmIssue,
  readSdtmText,
  sdtmAeDomain,
  sdtmCeDomain,
  sdtmCmDomain,
  sdtmDmDomain,
  sdtmExDomain,
  sdtmLbDomain,
} from './sdtm/index.js'

const SEED = 20261207

// =============================================================================================================
// reference (from the documents only)
// =============================================================================================================

/** domain/README.md "Dates": calendar-date arithmetic (leap years matter), done here with Date.UTC. */
function refEpochDay(date: string): number {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) / 86_400_000
}
const refAddDays = (date: string, n: number): string => new Date((refEpochDay(date) + n) * 86_400_000).toISOString().slice(0, 10)
/** domain/README.md "Day numbering": protocol day, Day 0 = infusion. */
const refProtocolDay = (date: string, infusion: string): number => refEpochDay(date) - refEpochDay(infusion)

/** sdtm-adam.md lb.csv: `10^9/L`, `10^3/uL` ×1; `/uL`, `/mm3` ×0.001; any other unit is an error (null). */
function refPlatelets(value: number, unit: string): number | null {
  if (unit === '10^9/L' || unit === '10^3/uL') return value
  // ×0.001 written as /1000: the doc's factor applied to whole thousands must give the whole number
  if (unit === '/uL' || unit === '/mm3') return value / 1000
  return null
}

/** sdtm-adam.md intro: `YYYY-MM-DD` or `YYYY-MM-DDThh:mm`; a real calendar date. */
function refDtc(text: string): { date: string; time: string | null } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return null
  return { date: text.slice(0, 10), time: m[4] === undefined ? null : text.slice(11) }
}

/** ctgov-fhir-odm.md §2 "Registry status → ResearchStudy.status". */
const REF_STATUS: Record<string, string> = {
  RECRUITING: 'active',
  ENROLLING_BY_INVITATION: 'active',
  NOT_YET_RECRUITING: 'approved',
  ACTIVE_NOT_RECRUITING: 'closed-to-accrual',
  SUSPENDED: 'temporarily-closed-to-accrual',
  TERMINATED: 'administratively-completed',
  COMPLETED: 'completed',
  WITHDRAWN: 'withdrawn',
}

/** ctgov-fhir-odm.md §2 ResearchStudy.phase: one CodeableConcept, so two registry phases become one code. */
function refPhase(phases: readonly string[]): string | undefined {
  const single: Record<string, string> = { NA: 'n-a', EARLY_PHASE1: 'early-phase-1', PHASE1: 'phase-1', PHASE2: 'phase-2', PHASE3: 'phase-3', PHASE4: 'phase-4' }
  const set = [...new Set(phases)].sort()
  if (set.length === 1) return single[set[0]!]
  if (set.join('+') === 'PHASE1+PHASE2') return 'phase-1-phase-2'
  if (set.join('+') === 'PHASE2+PHASE3') return 'phase-2-phase-3'
  return undefined
}

/** ctgov-fhir-odm.md §2 lab code table (LOINC, UCUM) and the AE grade / severity / seriousness conventions. */
const REF_LOINC: Record<string, [loinc: string, ucum: string]> = {
  PLAT: ['777-3', '10*9/L'], WBC: ['6690-2', '10*3/uL'], NEUT: ['751-8', '10*3/uL'], LYM: ['731-0', '10*3/uL'], HGB: ['718-7', 'g/dL'],
  ALT: ['1742-6', 'U/L'], AST: ['1920-8', 'U/L'], BILI: ['1975-2', 'mg/dL'], CREAT: ['2160-0', 'mg/dL'], FIBRINO: ['3255-7', 'mg/dL'],
  IGG: ['2465-3', 'mg/dL'], IGA: ['2458-8', 'mg/dL'], IGM: ['2472-9', 'mg/dL'], CD19: ['8116-6', '/uL'],
}
const REF_GRADE_NCIT: Record<number, string> = { 1: 'C41338', 2: 'C41339', 3: 'C41340', 4: 'C41337', 5: 'C48275' }
const refSeverity = (grade: number) => (grade === 1 ? 'mild' : grade === 2 ? 'moderate' : 'severe')

/** FHIR R4 §2.24.0.1 primitive `id`: `[A-Za-z0-9\-\.]{1,64}`. */
const R4_ID = /^[A-Za-z0-9\-.]{1,64}$/
/**
 * FHIR R4 primitive `dateTime` (datatypes.html#dateTime): year, year-month, date, or a date-time that has seconds
 * and a time zone ("If hours and minutes are specified, a time zone SHALL be populated").
 */
const R4_DATETIME =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/

/** ctgov-fhir-odm.md §1 eligibility convention (split on the two headings; markers start items; others append). */
function refEligibility(text: string): { inclusion: string[]; exclusion: string[]; review: string[] } {
  const out = { inclusion: [] as string[], exclusion: [] as string[], review: [] as string[] }
  let section: 'inclusion' | 'exclusion' | 'review' = 'review'
  let open = false
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '') continue
    const h = /^(inclusion|exclusion) criteria:?$/i.exec(line)
    if (h) {
      section = h[1]!.toLowerCase() as 'inclusion' | 'exclusion'
      open = false
      continue
    }
    const list = out[section]
    if (section === 'review') list.push(line)
    else if (/^(\*|-|\d+\.)/.test(line)) {
      list.push(line.replace(/^(\*|-|\d+\.)\s*/, ''))
      open = true
    } else if (open) list[list.length - 1] = `${list[list.length - 1]!} ${line}`
    else {
      list.push(line)
      open = true
    }
  }
  return out
}

/** RFC 4180 parse of the ADaM output (quoted fields handled), into records keyed by the header. */
function refReadCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = []
  let field = ''
  let rec: string[] = []
  let i = 0
  let quoted = false
  while (i < text.length) {
    const c = text[i]!
    i++
    if (quoted) {
      if (c === '"' && text[i] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      rec.push(field)
      field = ''
    } else if (c === '\n') {
      rec.push(field)
      records.push(rec)
      rec = []
      field = ''
    } else field += c
  }
  expect(field).toBe('') // every record ends with a line break
  const [header, ...rows] = records
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, k) => [h, r[k]!]))) }
}

// =============================================================================================================
// SDTM CSV reading
// =============================================================================================================

describe('sdtm-adam.md intro: RFC 4180 CSV, header row, physical line numbers (reference: the generator)', () => {
  /** A CSV text and the records (with the physical line each starts on) a correct reader must give. */
  const csvCase = fc
    .record({
      rows: fc.array(fc.array(fc.array(fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\n', '\r\n', 'é', '中', '\t'), { maxLength: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
      crlf: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      blanks: fc.array(fc.nat(2), { minLength: 8, maxLength: 8 }),
      forceQuote: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
      finalBreak: fc.boolean(),
      bom: fc.boolean(),
      cuts: fc.array(fc.nat(400), { maxLength: 6 }),
    })
    .map(({ rows, crlf, blanks, forceQuote, finalBreak, bom, cuts }) => {
      let text = bom ? '\uFEFF' : ''
      let line = 1
      const expected: { line: number; fields: string[] }[] = []
      rows.forEach((row, r) => {
        const eol = crlf[r] ? '\r\n' : '\n'
        for (let b = 0; b < blanks[r]!; b++) {
          text += eol
          line++
        }
        const fields = row.map((parts) => parts.join(''))
        const written = fields.map((f, k) => {
          const must = /[",\r\n]/.test(f) || (fields.length === 1 && f === '') || /^\s|\s$/.test(f)
          return must || forceQuote[(r * 4 + k) % 32] ? `"${f.replaceAll('"', '""')}"` : f
        })
        expected.push({ line, fields })
        text += written.join(',')
        line += (written.join(',').match(/\n/g) ?? []).length
        if (r < rows.length - 1 || finalBreak) {
          text += eol
          line++
        }
      })
      return { text, expected, cuts }
    })

  it('records, fields and start lines equal the generated ones for any chunking (property)', () => {
    fc.assert(
      fc.property(csvCase, ({ text, expected, cuts }) => {
        const reader = createSdtmCsvReader()
        const got: { line: number; fields: string[] }[] = []
        let last = 0
        for (const c of [...new Set(cuts)].map((c) => Math.min(c, text.length)).sort((a, b) => a - b)) {
          got.push(...reader.push(text.slice(last, c)).map(({ line, fields }) => ({ line, fields })))
          last = c
        }
        got.push(...reader.push(text.slice(last)).map(({ line, fields }) => ({ line, fields })))
        got.push(...reader.end().map(({ line, fields }) => ({ line, fields })))
        expect(reader.problems).toEqual([])
        expect(got).toEqual(expected)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })
})

describe('sdtm-adam.md "Input domains": dates, platelet units, errors as file:line: VARIABLE', () => {
  const HEAD = 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC'

  it('--DTC values: full dates and date-times only; impossible and partial dates are errors naming line and variable (property)', () => {
    const dtc = fc.oneof(
      fc.tuple(fc.integer({ min: 1999, max: 2031 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.tuple(fc.integer({ min: 2023, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(
        ([y, m, d, h, mi]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
      ),
      fc.constantFrom('2024-02-29', '2023-02-29', '2100-02-29', '2000-02-29', '2024-03', '2024', '2024-3-5', '20240305', '2024-03-05T08', '2024-03-05T08:30Z', '2024-03-05 08:30', '--03-05'),
    )
    fc.assert(
      fc.property(fc.array(dtc, { minLength: 1, maxLength: 6 }), (dates) => {
        const text = [HEAD, ...dates.map((d) => `S,S-1,PLAT,45,10^9/L,${d}`)].join('\n') + '\n'
        const r = readSdtmText(sdtmLbDomain, text)
        const errs = r.issues.map(formatSdtmIssue)
        dates.forEach((d, k) => {
          const ref = refDtc(d)
          if (ref === null) expect(errs.filter((e) => e.startsWith(`lb.csv:${k + 2}: LBDTC: `) && e.includes(JSON.stringify(d)))).toHaveLength(1)
          else expect(r.records.find((x) => x.line === k + 2)).toMatchObject({ date: ref.date, time: ref.time, value: 45 })
        })
        expect(r.records.length + r.issues.length).toBe(dates.length)
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('platelet units: the four listed units convert exactly, LBSTRESN/LBSTRESU win, any other unit is an error (property)', () => {
    const unit = fc.constantFrom('10^9/L', '10^3/uL', '/uL', '/mm3', '10^9/l', 'G/L', 'x10^9/L', '10*9/L', '/ul', 'cells/uL', '')
    const row = fc.record({ n: fc.integer({ min: 0, max: 2_000_000 }), unit, std: fc.option(fc.tuple(fc.integer({ min: 0, max: 900 }), unit), { nil: undefined }) })
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
        const text = [`${HEAD},LBSTRESN,LBSTRESU`, ...rows.map((r) => `S,S-1,PLAT,${r.n},${r.unit},2024-03-05,${r.std?.[0] ?? ''},${r.std?.[1] ?? ''}`)].join('\n') + '\n'
        const got = readSdtmText(sdtmLbDomain, text)
        const errs = got.issues.map(formatSdtmIssue)
        rows.forEach((r, k) => {
          const line = k + 2
          // LBSTRESN/LBSTRESU present win (a given LBSTRESN needs its unit); else LBORRES from LBORRESU
          const [n, u, variable] = r.std ? [r.std[0], r.std[1], 'LBSTRESU'] : [r.n, r.unit, 'LBORRESU']
          const want = refPlatelets(n, u)
          const rec = got.records.find((x) => x.line === line)
          if (want === null) {
            expect(rec).toBeUndefined()
            expect(errs.some((e) => e.startsWith(`lb.csv:${line}: ${variable}: `))).toBe(true)
          } else {
            expect(rec?.value).toBe(want)
            expect(rec?.valueUnit).toBe('10^9/L')
          }
        })
      }),
      { seed: SEED, numRuns: 150 },
    )
    // whole thousands are whole counts: the thresholds 30 and 100 are not missed by a binary 0.001
    for (const [n, u, v] of [[30000, '/uL', 30], [100000, '/mm3', 100], [29999, '/uL', 29.999], [45, '10^3/uL', 45]] as const)
      expect(readSdtmText(sdtmLbDomain, `${HEAD}\nS,S-1,PLAT,${n},${u},2024-03-05\n`).records[0]?.value).toBe(v)
  })

  it('a file with several broken rows reports every error (in file order) and accepts none of the broken rows', () => {
    const text = [
      'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC',
      'S,S-1,IVIG,RESCUE,IVIG,2024-03-10,2024-03-11',
      'S,S-1,IVIG,RESCUE,IVIG INFUSION,2024-03-10,',
      'S,S-1,ROMIPLOSTIM,RESCUE,TPO-RA,2024-03-12,2024-03-11',
      '',
      'S,,DARATUMUMAB,NEW ITP THERAPY,,2024-13-01,',
      'S,S-1,"X, ""Y""",CONCOMITANT,,2024-03-02,',
    ].join('\n')
    const r = readSdtmText(sdtmCmDomain, text)
    expect(r.issues.map(formatSdtmIssue)).toEqual([
      expect.stringMatching(/^cm\.csv:3: CMSCAT: .*"IVIG INFUSION"/),
      expect.stringMatching(/^cm\.csv:4: CMENDTC: .*2024-03-11.*2024-03-12/),
      expect.stringMatching(/^cm\.csv:6: USUBJID: /),
      expect.stringMatching(/^cm\.csv:6: CMSTDTC: .*"2024-13-01"/),
    ])
    expect(r.records.map((x) => [x.line, x.treatment, x.endDate])).toEqual([[2, 'IVIG', '2024-03-11'], [7, 'X, "Y"', null]])
  })
})

// =============================================================================================================
// SDTM → ADaM end to end on the worked examples of response-itp.md §4
// =============================================================================================================

/** One subject of a scenario, by protocol day. */
interface Scenario {
  id: string
  infusion: string
  /** LD start day (FLUDARABINE + CYCLOPHOSPHAMIDE on three days from it); null = no LD */
  ld: number | null
  counts: [day: number, value: number, time?: string][]
  rescue?: { scat: string; start: number; end: number | null }[]
  newTherapy?: number
  bleeds?: { start: number; end: number | null; grade: number }[]
  arm?: string
}

/** Expected response outputs, copied from the worked example's "Expected" line (response-itp.md §4). */
interface Expected {
  best: 'CR' | 'R' | 'NR' | 'NE'
  ttr?: number
  ttcr?: number
  /** first R-level episode: [DoR, event] */
  dor?: [number, boolean]
  docr?: [number, boolean]
  /** protocol day of the last evaluable count (null: none) */
  last: number | null
  baseline: number | null
}

const UNITS = ['10^9/L', '/uL', '10^3/uL', '/mm3'] as const

/** SDTM CSV files of the scenarios: the platelet units rotate (sdtm-adam.md lb.csv), LD rows come latest first. */
function sdtmFiles(scenarios: readonly Scenario[]): Record<'dm' | 'ex' | 'lb' | 'cm' | 'ce', string> {
  const d = (s: Scenario, day: number) => refAddDays(s.infusion, day)
  const dm = ['STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,ARMCD,ARM']
  const ex = ['USUBJID,STUDYID,EXCAT,EXTRT,EXDOSE,EXDOSU,EXSTDTC,EXENDTC']
  const lb = ['STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC,LBSTRESN,LBSTRESU']
  const cm = ['STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC']
  const ce = ['STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR']
  let k = 0
  for (const s of scenarios) {
    dm.push(`S,${s.id},01,34,YEARS,F,${s.infusion}T10:30,${s.arm ?? ''},${s.arm ? `Dose level ${s.arm}` : ''}`)
    ex.push(`${s.id},S,CELL THERAPY,CD19 CAR-T,1000000,cells/kg,${s.infusion},`)
    if (s.ld !== null)
      for (let day = s.ld + 2; day >= s.ld; day--) {
        ex.push(`${s.id},S,LYMPHODEPLETION,FLUDARABINE,25,mg/m2,${d(s, day)}T09:00,${d(s, day)}`)
        ex.push(`${s.id},S,LYMPHODEPLETION,CYCLOPHOSPHAMIDE,250,mg/m2,${d(s, day)},`)
      }
    for (const [day, v, time] of s.counts) {
      const unit = UNITS[k++ % UNITS.length]!
      const orres = unit === '/uL' || unit === '/mm3' ? v * 1000 : v
      const dtc = `${d(s, day)}${time ? `T${time}` : ''}`
      // every fifth row carries the standardised value too (it wins), with LBORRES kept as collected
      lb.push(k % 5 === 0 ? `S,${s.id},PLAT,${orres},${unit},${dtc},${v},10^9/L` : `S,${s.id},PLAT,${orres},${unit},${dtc},,`)
      lb.push(`S,${s.id},HGB,11.2,g/dL,${dtc},,`)
    }
    for (const r of s.rescue ?? []) cm.push(`S,${s.id},RESCUE DRUG,RESCUE,${r.scat},${d(s, r.start)},${r.end === null ? '' : d(s, r.end)}`)
    if (s.newTherapy !== undefined) cm.push(`S,${s.id},DARATUMUMAB,NEW ITP THERAPY,,${d(s, s.newTherapy)},`)
    cm.push(`S,${s.id},PARACETAMOL,CONCOMITANT,,${d(s, 1)},`)
    for (const b of s.bleeds ?? []) ce.push(`S,${s.id},BLEED,BLEEDING,${d(s, b.start)},${b.end === null ? '' : d(s, b.end)},WHO BLEEDING SCALE,${b.grade}`)
  }
  const file = (rows: string[]) => rows.join('\r\n') + '\r\n'
  return { dm: file(dm), ex: file(ex), lb: file(lb), cm: file(cm), ce: file(ce) }
}

/** The platform path: domain readers → collector → response engine → ADaM rows → CSV text. */
function evaluateSdtm(files: Record<'dm' | 'ex' | 'lb' | 'cm' | 'ce', string>, params: ResponseParams = DEFAULT_RESPONSE_PARAMS, cutoff?: string) {
  const dm = readSdtmText(sdtmDmDomain, files.dm)
  const collector = createResponseInputCollector(dm.records)
  const ex = readSdtmText(sdtmExDomain, files.ex)
  const lb = readSdtmText(sdtmLbDomain, files.lb)
  const cm = readSdtmText(sdtmCmDomain, files.cm)
  const ce = readSdtmText(sdtmCeDomain, files.ce)
  ex.records.forEach((r) => collector.addEx(r))
  lb.records.forEach((r) => collector.addLb(r))
  cm.records.forEach((r) => collector.addCm(r))
  ce.records.forEach((r) => collector.addCe(r))
  const issues = [...dm.issues, ...ex.issues, ...lb.issues, ...cm.issues, ...ce.issues, ...collector.issues].map(formatSdtmIssue)
  const cut = cutoff ?? collector.latestDate()
  const rows = collector.subjects(cut).map((s) =>
    deriveAdamSubject(
      { studyId: s.dm.studyId, usubjid: s.dm.usubjid, siteId: s.dm.siteId, age: s.dm.age, sex: s.dm.sex, infusionDate: s.dm.infusionDate, ldStartDate: s.ldStartDate, doseLevel: s.dm.armCode ?? s.dm.arm },
      evaluateResponse(s.input, params),
    ),
  )
  return {
    issues,
    cutoff: cut,
    adsl: refReadCsv(formatAdslCsv(rows.map((r) => r.adsl))),
    adrs: refReadCsv(formatAdrsCsv(rows.map((r) => r.adrs))),
    adtte: refReadCsv(formatAdtteCsv(rows.flatMap((r) => r.adtte))),
  }
}

/** sdtm-adam.md "Output datasets" and "AVAL conventions": the rows a subject with `e` must get. */
function refAdam(s: Scenario, e: Expected, names: { R: string } = { R: 'R' }) {
  const at = (day: number) => refAddDays(s.infusion, day)
  const responder = e.best === 'CR' || e.best === 'R'
  const adsl = { STUDYID: 'S', USUBJID: s.id, SITEID: '01', AGE: '34', SEX: 'F', TRTSDT: s.infusion, LDSTDT: s.ld === null ? '' : at(s.ld), BASEPLAT: e.baseline === null ? '' : String(e.baseline), DOSELVL: s.arm ?? '' }
  const bestDay = e.best === 'CR' ? e.ttcr! : e.best === 'R' ? e.ttr! : null
  const adrs = {
    STUDYID: 'S', USUBJID: s.id, PARAMCD: 'BOR', PARAM: 'Best overall response',
    AVALC: e.best === 'R' ? names.R : e.best, ADT: bestDay === null ? '' : at(bestDay), ADY: bestDay === null ? '' : String(bestDay),
  }
  // TTR / TTCR: the response day (event) or censored at the last evaluable count (AVAL 0 if none)
  const timeTo = (paramcd: string, day: number | undefined) => {
    const aval = day ?? e.last ?? 0
    return { PARAMCD: paramcd, AVAL: String(aval), CNSR: day === undefined ? '1' : '0', STARTDT: s.infusion, ADT: at(aval) }
  }
  // DOR / DOCR: from the response date to the loss (event) or the last evaluable count (censored)
  const duration = (paramcd: string, start: number, [aval, event]: [number, boolean]) => ({ PARAMCD: paramcd, AVAL: String(aval), CNSR: event ? '0' : '1', STARTDT: at(start), ADT: at(start + aval) })
  const adtte = [timeTo('TTR', responder ? e.ttr : undefined), timeTo('TTCR', e.best === 'CR' ? e.ttcr : undefined)]
  if (responder) adtte.push(duration('DOR', e.ttr!, e.dor!))
  if (e.best === 'CR') adtte.push(duration('DOCR', e.ttcr!, e.docr!))
  return { adsl, adrs, adtte: adtte.map((r) => ({ STUDYID: 'S', USUBJID: s.id, ...r })) }
}

const INF = '2025-01-15'
const LD = -5
/** response-itp.md §4 worked examples (default configuration unless noted), as SDTM subjects and expected values. */
const EXAMPLES: [name: string, Scenario, Expected][] = [
  ['E1 simple response', { id: 'E1', infusion: INF, ld: LD, counts: [[-5, 10], [14, 45], [21, 50], [28, 60]], arm: 'DL1' }, { best: 'R', ttr: 14, dor: [14, false], last: 28, baseline: 10 }],
  ['E2 CR after R', { id: 'E2', infusion: INF, ld: LD, counts: [[-5, 8], [14, 40], [21, 120], [28, 130], [35, 150]] }, { best: 'CR', ttr: 14, ttcr: 21, dor: [21, false], docr: [14, false], last: 35, baseline: 8 }],
  ['E6a 6-day gap', { id: 'E6a', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [20, 55], [27, 20], [28, 18]] }, { best: 'NR', last: 28, baseline: 10 }],
  ['E6b 7-day gap, then loss', { id: 'E6b', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 55], [27, 20], [28, 18]] }, { best: 'R', ttr: 14, dor: [13, true], last: 28, baseline: 10 }],
  ['E7 F between two Q', { id: 'E7', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [17, 25], [21, 55], [28, 60]] }, { best: 'R', ttr: 21, dor: [7, false], last: 28, baseline: 10 }],
  [
    'E8a grade-2 bleed on day 14 (ce.csv)',
    { id: 'E8a', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 55], [28, 60]], bleeds: [{ start: 14, end: 14, grade: 2 }] },
    { best: 'R', ttr: 21, dor: [7, false], last: 28, baseline: 10 },
  ],
  [
    'E8b grade-1 bleed on day 14',
    { id: 'E8b', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 55], [28, 60]], bleeds: [{ start: 14, end: 14, grade: 1 }] },
    { best: 'R', ttr: 14, dor: [14, false], last: 28, baseline: 10 },
  ],
  [
    'E9 IVIG days 10-11 (cm.csv RESCUE)',
    { id: 'E9', infusion: INF, ld: LD, counts: [[-5, 10], [14, 80], [21, 90], [28, 60], [35, 55]], rescue: [{ scat: 'IVIG', start: 10, end: 11 }] },
    { best: 'R', ttr: 28, dor: [7, false], last: 35, baseline: 10 },
  ],
  [
    'E10 transfusion day 15, CMENDTC empty = same day',
    { id: 'E10', infusion: INF, ld: LD, counts: [[-5, 10], [14, 20], [16, 60], [21, 45], [23, 40], [30, 42]], rescue: [{ scat: 'PLATELET TRANSFUSION', start: 15, end: null }] },
    { best: 'R', ttr: 23, dor: [7, false], last: 30, baseline: 10 },
  ],
  ['E11 confirmed loss', { id: 'E11', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [29, 22]] }, { best: 'R', ttr: 14, dor: [14, true], last: 29, baseline: 10 }],
  ['E12 single low count', { id: 'E12', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 60], [28, 25], [35, 60]] }, { best: 'R', ttr: 14, dor: [21, false], last: 35, baseline: 10 }],
  [
    'E13 relapse then re-response (first episode only)',
    { id: 'E13', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 60], [28, 20], [29, 18], [42, 70], [49, 80]] },
    { best: 'R', ttr: 14, dor: [14, true], last: 49, baseline: 10 },
  ],
  ['E14 baseline 0', { id: 'E14', infusion: INF, ld: LD, counts: [[-5, 0], [14, 30], [21, 31]] }, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseline: 0 }],
  ['E15a baseline missing, CR', { id: 'E15a', infusion: INF, ld: LD, counts: [[-60, 5], [14, 150], [21, 160]] }, { best: 'CR', ttr: 14, ttcr: 14, dor: [7, false], docr: [7, false], last: 21, baseline: null }],
  ['E15b baseline missing, NE', { id: 'E15b', infusion: INF, ld: LD, counts: [[-60, 5], [14, 50], [21, 60]] }, { best: 'NE', last: 21, baseline: null }],
  [
    'E16 daratumumab day 275 (cm.csv NEW ITP THERAPY)',
    {
      id: 'E16', infusion: INF, ld: LD, newTherapy: 275,
      counts: [[-5, 8], [30, 28], [60, 31], [90, 32], [120, 30], [150, 33], [180, 31], [210, 30], [240, 29], [241, 28], [282, 210], [289, 220]],
    },
    { best: 'R', ttr: 60, dor: [180, true], last: 241, baseline: 8 },
  ],
  ['E17 counts before Day 14', { id: 'E17', infusion: INF, ld: LD, counts: [[-5, 10], [7, 80], [10, 90], [14, 25], [21, 50], [28, 55]] }, { best: 'R', ttr: 21, dor: [7, false], last: 28, baseline: 10 }],
  [
    'E18a two failing samples on one day (times)',
    { id: 'E18a', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 60], [28, 25, '08:00'], [28, 22, '16:00'], [35, 60]] },
    { best: 'R', ttr: 14, dor: [21, false], last: 35, baseline: 10 },
  ],
  [
    'E20 bleeding-driven loss (ce.csv grade 3, days 28-29)',
    { id: 'E20', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 60], [28, 55], [29, 58], [40, 62]], bleeds: [{ start: 28, end: 29, grade: 3 }] },
    { best: 'R', ttr: 14, dor: [14, true], last: 40, baseline: 10 },
  ],
  [
    'E22 CR lost while R kept',
    { id: 'E22', infusion: INF, ld: LD, counts: [[-5, 8], [14, 60], [21, 120], [28, 130], [35, 90], [36, 85], [42, 70]] },
    { best: 'CR', ttr: 14, ttcr: 21, dor: [28, false], docr: [14, true], last: 42, baseline: 8 },
  ],
  ['E23a LD start anchor', { id: 'E23a', infusion: INF, ld: LD, counts: [[-7, 12], [-5, 16], [0, 14], [14, 30], [21, 31]] }, { best: 'NR', last: 21, baseline: 16 }],
  ['E23b no LD: infusion anchor', { id: 'E23b', infusion: INF, ld: null, counts: [[-7, 12], [-5, 16], [0, 14], [14, 30], [21, 31]] }, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseline: 14 }],
  [
    'E24a transfusion day -7 affects the baseline',
    { id: 'E24a', infusion: INF, ld: LD, counts: [[-10, 9], [-5, 45], [14, 50], [21, 52]], rescue: [{ scat: 'PLATELET TRANSFUSION', start: -7, end: -7 }] },
    { best: 'R', ttr: 14, dor: [7, false], last: 21, baseline: 9 },
  ],
  ['E25 leap day (2024)', { id: 'E25', infusion: '2024-02-20', ld: LD, counts: [[-5, 10], [14, 50], [21, 55]] }, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseline: 10 }],
]

/** Compare the engine's ADaM CSV rows of `id` with the reference rows (EVNTDESC: free text, must be present). */
function expectAdam(out: ReturnType<typeof evaluateSdtm>, want: ReturnType<typeof refAdam>) {
  const id = want.adsl.USUBJID
  expect(out.adsl.rows.filter((r) => r.USUBJID === id)).toEqual([want.adsl])
  expect(out.adrs.rows.filter((r) => r.USUBJID === id)).toEqual([want.adrs])
  const tte = out.adtte.rows.filter((r) => r.USUBJID === id)
  for (const r of tte) expect(r.EVNTDESC).not.toBe('')
  const byParam = (rows: Record<string, string>[]) => Object.fromEntries(rows.map(({ EVNTDESC: _, PARAM: __, ...rest }) => [rest.PARAMCD!, rest]))
  expect(byParam(tte)).toEqual(byParam(want.adtte))
  expect(tte).toHaveLength(want.adtte.length)
}

describe('sdtm-adam.md "Output datasets" / "AVAL conventions": the §4 worked examples from SDTM CSV to ADaM CSV', () => {
  const out = evaluateSdtm(sdtmFiles(EXAMPLES.map(([, s]) => s)))

  it('the example study reads without error; headers are exactly the listed variables', () => {
    expect(out.issues).toEqual([])
    expect(out.adsl.header).toEqual(['STUDYID', 'USUBJID', 'SITEID', 'AGE', 'SEX', 'TRTSDT', 'LDSTDT', 'BASEPLAT', 'DOSELVL'])
    expect(out.adrs.header).toEqual(['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVALC', 'ADT', 'ADY'])
    expect(out.adtte.header).toEqual(['STUDYID', 'USUBJID', 'PARAMCD', 'PARAM', 'AVAL', 'CNSR', 'STARTDT', 'ADT', 'EVNTDESC'])
    expect(out.adsl.rows).toHaveLength(EXAMPLES.length)
    expect(out.adrs.rows).toHaveLength(EXAMPLES.length)
    expect(new Set(out.adtte.rows.map((r) => `${r.PARAMCD}=${r.PARAM}`))).toEqual(
      new Set(['TTR=Time to response', 'TTCR=Time to complete response', 'DOR=Duration of response', 'DOCR=Duration of complete response']),
    )
  })

  it.each(EXAMPLES)('%s', (_, s, e) => expectAdam(out, refAdam(s, e)))

  it('E25 second half: 2025-02-20 → 2025-03-05 is Day 13 (no leap day), read with evalStartDay 13', () => {
    const s: Scenario = { id: 'E25b', infusion: '2025-02-20', ld: LD, counts: [[-5, 10], [13, 50], [20, 55]] }
    expect(refProtocolDay('2025-03-05', '2025-02-20')).toBe(13)
    const got = evaluateSdtm(sdtmFiles([s]), withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { evalStartDay: 13 }))
    expectAdam(got, refAdam(s, { best: 'R', ttr: 13, dor: [7, false], last: 20, baseline: 10 }))
    expect(got.adrs.rows[0]?.ADT).toBe('2025-03-05')
  })

  it('protocol presets and names: [K] E3/E5 exactly 30 is not "> 30" (NR); the middle category written as PR (AVALC)', () => {
    const e3: Scenario = { id: 'E3', infusion: INF, ld: LD, counts: [[-5, 15], [14, 30], [21, 30]] }
    const e5: Scenario = { id: 'E5', infusion: INF, ld: LD, counts: [[-5, 9], [14, 30], [21, 30], [28, 30]] }
    const K: ResponseParamsOverride = { rComparator: '>', crComparator: '>' }
    const dflt = evaluateSdtm(sdtmFiles([e3, e5]))
    expectAdam(dflt, refAdam(e3, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseline: 15 }))
    expectAdam(dflt, refAdam(e5, { best: 'R', ttr: 14, dor: [14, false], last: 28, baseline: 9 }))
    const k = evaluateSdtm(sdtmFiles([e3, e5]), withResponseOverrides(DEFAULT_RESPONSE_PARAMS, K))
    expectAdam(k, refAdam(e3, { best: 'NR', last: 21, baseline: 15 }))
    expectAdam(k, refAdam(e5, { best: 'NR', last: 28, baseline: 9 }))
    const pr = evaluateSdtm(sdtmFiles([e3]), withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { categoryNames: { R: 'PR' } }))
    expectAdam(pr, refAdam(e3, { best: 'R', ttr: 14, dor: [7, false], last: 21, baseline: 15 }, { R: 'PR' }))
  })

  it('[cutoff] default = the latest date in the data (any file); an open-ended bleed lasts until it; an explicit cut-off drops later counts', () => {
    // counts Days 14, 21, 28, 35; a grade-2 bleed from Day 27 with no CEENDTC (ongoing, sdtm-adam.md ce.csv)
    const s: Scenario = { id: 'CUT', infusion: INF, ld: LD, counts: [[-5, 10], [14, 50], [21, 55], [28, 60], [35, 62]], bleeds: [{ start: 27, end: null, grade: 2 }] }
    const files = sdtmFiles([s])
    const dflt = evaluateSdtm(files)
    expect(dflt.cutoff).toBe(refAddDays(INF, 35))
    // ongoing until the cut-off: Days 28 and 35 fail → loss confirmed on Day 28
    expectAdam(dflt, refAdam(s, { best: 'R', ttr: 14, dor: [14, true], last: 35, baseline: 10 }))
    // a later date anywhere in the data moves the default cut-off (here a concomitant medication end date)
    const later = { ...files, cm: files.cm + `S,CUT,X,CONCOMITANT,,${refAddDays(INF, 2)},${refAddDays(INF, 400)}\r\n` }
    expect(evaluateSdtm(later).cutoff).toBe(refAddDays(INF, 400))
    // --cutoff Day 30: the Day-35 count is ignored; one failing count is no confirmed loss
    expectAdam(evaluateSdtm(files, DEFAULT_RESPONSE_PARAMS, refAddDays(INF, 30)), refAdam(s, { best: 'R', ttr: 14, dor: [14, false], last: 28, baseline: 10 }))
    // bleedingMissingEndDate START_DAY_ONLY (PROTOCOL DECISION, non-default): the bleed is Day 27 only
    expectAdam(
      evaluateSdtm(files, withResponseOverrides(DEFAULT_RESPONSE_PARAMS, { bleedingMissingEndDate: 'START_DAY_ONLY' })),
      refAdam(s, { best: 'R', ttr: 14, dor: [21, false], last: 35, baseline: 10 }),
    )
  })

  it('LD start = the earliest LYMPHODEPLETION EXSTDTC whatever the row order; the cell infusion is not LD', () => {
    const s: Scenario = { id: 'LDX', infusion: '2024-12-30', ld: -6, counts: [[-6, 12], [14, 40], [21, 44]] }
    const got = evaluateSdtm(sdtmFiles([s]))
    expect(got.adsl.rows[0]).toMatchObject({ TRTSDT: '2024-12-30', LDSTDT: '2024-12-24', BASEPLAT: '12' })
  })

  it('subjects missing from dm.csv are errors naming file, line and value; nothing is derived for them', () => {
    const files = sdtmFiles([{ id: 'OK', infusion: INF, ld: LD, counts: [[-5, 10], [14, 45], [21, 50]] }])
    const bad = { ...files, lb: files.lb + `S,GHOST,PLAT,45,10^9/L,${INF},,\r\n` }
    const got = evaluateSdtm(bad)
    const line = files.lb.split('\r\n').length
    expect(got.issues).toEqual([`lb.csv:${line}: USUBJID: subject "GHOST" is not in dm.csv`])
    expect(got.adsl.rows.map((r) => r.USUBJID)).toEqual(['OK'])
  })
})

// =============================================================================================================
// FHIR R4 (ctgov-fhir-odm.md §2)
// =============================================================================================================

type Resource = Record<string, unknown> & { resourceType: string; id?: string }
const resourcesOf = (bundle: unknown): Resource[] => ((bundle as { entry: { resource: Resource }[] }).entry ?? []).map((e) => e.resource)

/** A small study as the SDTM readers deliver it (time-stamped labs, every graded AE). */
function sdtmStudy() {
  const dm = readSdtmText(sdtmDmDomain, 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,ARMCD\nEXITP,EXITP-01-003,01,44,YEARS,F,2025-03-20,DL2\n').records
  const lb = readSdtmText(
    sdtmLbDomain,
    [
      'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC,LBSTRESN,LBSTRESU,LBORNRLO,LBORNRHI',
      'EXITP,EXITP-01-003,PLAT,12,10^9/L,2025-04-02T08:30,,,125,350',
      'EXITP,EXITP-01-003,PLAT,86000,/uL,2025-06-25T08:10,,,150000,400000',
      'EXITP,EXITP-01-003,HGB,105,g/L,2025-06-25,10.5,g/dL,115,150',
      'EXITP,EXITP-01-003,ALT,40,U/L,2025-06-25,,,7,56',
    ].join('\n'),
  ).records
  const ae = readSdtmText(
    sdtmAeDomain,
    'STUDYID,USUBJID,AETERM,AEDECOD,AETOX,AETOXGR,AESER,AESTDTC\n' +
      [1, 2, 3, 4, 5].map((g) => `EXITP,EXITP-01-003,T${g},Term ${g},CTCAE v5.0,${g},${g >= 3 ? 'Y' : 'N'},2025-03-2${g}`).join('\n'),
  ).records
  return { dm, lb, ae }
}

describe('ctgov-fhir-odm.md §2 FHIR R4 export', () => {
  const { dm, lb, ae } = sdtmStudy()
  const study = exchangeStudyFromSdtm('NCT99999901', 'EXAMPLE-ITP', dm, lb, ae, { overallStatus: 'RECRUITING', phases: ['PHASE2', 'PHASE1'] })

  it('the doc example\'s Patient and platelet Observations: ids, USUBJID identifier, LOINC 777-3, 10*9/L, laboratory category', () => {
    const rs = resourcesOf(buildFhirBundle(study, { utcOffset: '+08:00' }))
    expect(rs.find((r) => r.resourceType === 'Patient')).toEqual({
      resourceType: 'Patient', id: 'exitp-01-003', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'EXITP-01-003' }], gender: 'female',
    })
    const plats = rs.filter((r) => r.resourceType === 'Observation' && (r.code as { text: string }).text === 'PLAT')
    expect(plats.map((o) => [o.effectiveDateTime, (o.valueQuantity as { value: number }).value])).toEqual([['2025-04-02T08:30:00+08:00', 12], ['2025-06-25T08:10:00+08:00', 86]])
    for (const o of plats)
      expect(o).toMatchObject({
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '777-3', display: 'Platelets [#/volume] in Blood by Automated count' }], text: 'PLAT' },
        subject: { reference: 'Patient/exitp-01-003' },
        valueQuantity: { unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' },
      })
  })

  it('R4 dateTime: a lab time is written with seconds and the site offset, or as the date alone when no offset is known', () => {
    for (const options of [{}, { utcOffset: 'Z' }, { utcOffset: '-05:00' }]) {
      const rs = resourcesOf(buildFhirBundle(study, options))
      for (const r of rs) for (const k of ['effectiveDateTime', 'date']) if (typeof r[k] === 'string') expect(r[k], `${r.resourceType}.${k}`).toMatch(R4_DATETIME)
      expect(validateFhirResource(buildFhirBundle(study, options), [], { strict: true })).toEqual([])
    }
    const noOffset = resourcesOf(buildFhirBundle(study)).filter((r) => r.resourceType === 'Observation')
    expect(noOffset.map((o) => o.effectiveDateTime)).toEqual(['2025-04-02', '2025-06-25', '2025-06-25', '2025-06-25'])
    expect(() => buildFhirBundle(study, { utcOffset: '+8' })).toThrow(RangeError)
    // the structural check refuses what R4 refuses: a time without zone, a time without seconds
    for (const when of ['2025-04-02T08:30:00', '2025-04-02T08:30+08:00', '2025-04-02T08:30'])
      expect(validateFhirResource({ resourceType: 'Observation', status: 'final', code: { text: 'PLAT' }, effectiveDateTime: when }).map((i) => i.code)).toEqual(['fhir.type'])
  })

  it('values and reference ranges are in the unit of the quantity (SDTMIG: LBORNRLO/HI are in LBORRESU; LBSTRESN wins)', () => {
    const obs = resourcesOf(buildFhirBundle(study)).filter((r) => r.resourceType === 'Observation')
    const q = (o: Resource) => [(o.code as { text: string }).text, o.valueQuantity, o.referenceRange ?? null]
    const ucum = (v: number, code: string) => ({ value: v, system: 'http://unitsofmeasure.org', code })
    expect(obs.map(q)).toEqual([
      ['PLAT', { value: 12, unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' }, [{ low: ucum(125, '10*9/L'), high: ucum(350, '10*9/L') }]],
      // 86000/uL with its range in /uL: all three in 10^9/L
      ['PLAT', { value: 86, unit: '10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' }, [{ low: ucum(150, '10*9/L'), high: ucum(400, '10*9/L') }]],
      // LBSTRESN 10.5 g/dL wins; the range 115-150 is in g/L (LBORRESU), so it cannot be labelled g/dL
      ['HGB', { value: 10.5, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' }, null],
      ['ALT', { value: 40, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' }, [{ low: ucum(7, 'U/L'), high: ucum(56, 'U/L') }]],
    ])
  })

  it('ResearchStudy: NCT system, status and phase maps; AdverseEvent grade (NCIt), severity and seriousness conventions', () => {
    const rs = resourcesOf(buildFhirBundle(study))
    expect(rs.find((r) => r.resourceType === 'ResearchStudy')).toMatchObject({
      identifier: [{ system: 'https://clinicaltrials.gov/nctid', value: 'NCT99999901' }], status: 'active',
      phase: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/research-study-phase', code: 'phase-1-phase-2' }] }, arm: [{ name: 'DL2' }],
    })
    const aes = rs.filter((r) => r.resourceType === 'AdverseEvent')
    expect(aes).toHaveLength(5)
    aes.forEach((a, k) => {
      const g = k + 1
      expect(a).toMatchObject({
        actuality: 'actual', event: { text: `Term ${g}` }, date: `2025-03-2${g}`,
        extension: [{ url: 'http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade', valueCodeableConcept: { coding: [{ system: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl', code: REF_GRADE_NCIT[g] }] } }],
        severity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: refSeverity(g) }] },
        seriousness: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness', code: g >= 3 ? 'Serious' : 'Non-serious' }] },
      })
    })
    // every registry status of §1: the eight of the §2 map exactly; the others are not in the map
    for (const status of ['ACTIVE_NOT_RECRUITING', 'COMPLETED', 'ENROLLING_BY_INVITATION', 'NOT_YET_RECRUITING', 'RECRUITING', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN', 'AVAILABLE', 'NO_LONGER_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'APPROVED_FOR_MARKETING', 'WITHHELD', 'UNKNOWN'])
      expect(CTGOV_STATUS_TO_FHIR[status], status).toBe(REF_STATUS[status])
    for (const phases of [['NA'], ['EARLY_PHASE1'], ['PHASE1'], ['PHASE2'], ['PHASE3'], ['PHASE4'], ['PHASE1', 'PHASE2'], ['PHASE2', 'PHASE1'], ['PHASE3', 'PHASE2']]) {
      const got = resourcesOf(buildFhirBundle({ ...study, phases })).find((r) => r.resourceType === 'ResearchStudy')!.phase as { coding: { code: string }[] }
      expect(got.coding[0]?.code, phases.join('+')).toBe(refPhase(phases))
    }
    expect(Object.keys(CTGOV_PHASES_TO_FHIR).length).toBe(8)
  })
})

describe('ctgov-fhir-odm.md §2 FHIR R4 export → import round trip (property)', () => {
  const usubjid = fc.oneof(
    fc.constantFrom('S-1', 's-1', 'S_1', 'S 1', 'S.1', 'EXITP-01-003', 'exitp_01_003', 'ÄÖ-1', '中-1', `L${'x'.repeat(70)}`, `L${'x'.repeat(70)}y`),
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''),
  )
  const date = fc.integer({ min: 0, max: 3000 }).map((n) => refAddDays('2023-01-01', n))
  const time = fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`), { nil: null })
  const lab = fc.record({
    testCode: fc.constantFrom(...Object.keys(REF_LOINC)),
    value: fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    date,
    time,
    refLow: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    refHigh: fc.option(fc.integer({ min: 100, max: 500 }), { nil: null }),
  })
  const aeGen = fc.record({ term: fc.string({ minLength: 1, maxLength: 20 }), grade: fc.integer({ min: 1, max: 5 }), gradingSystem: fc.constantFrom('CTCAE v5.0', 'ASTCT 2019'), serious: fc.boolean(), startDate: date })
  const subject = fc.record({
    usubjid, sex: fc.constantFrom<'M' | 'F' | 'U' | 'UNDIFFERENTIATED'>('M', 'F', 'U', 'UNDIFFERENTIATED'),
    armCode: fc.option(fc.constantFrom('DL1', 'DL2', 'DL 3'), { nil: null }), infusionDate: fc.option(date, { nil: null }),
    labs: fc.array(lab, { maxLength: 4 }), adverseEvents: fc.array(aeGen, { maxLength: 3 }),
  })
  const studyGen = fc
    .record({ subjects: fc.uniqueArray(subject, { selector: (s) => s.usubjid, minLength: 1, maxLength: 5 }), offset: fc.constantFrom('Z', '+08:00', '-03:30') })
    .map(({ subjects, offset }) => ({
      offset,
      study: {
        registryId: 'NCT99999901', title: 'T',
        subjects: subjects.map((s) => ({
          ...s, siteId: '01', age: 40,
          labs: s.labs.map((l) => ({ ...l, text: String(l.value), unit: l.testCode === 'PLAT' ? '10^9/L' : REF_LOINC[l.testCode]![1] })),
          adverseEvents: s.adverseEvents.map((a) => ({ ...a, endDate: null })),
        })),
      } satisfies ExchangeStudy,
    }))

  it('ids are valid R4 ids and unique per resource type; every subject comes back with its own labs and adverse events', () => {
    fc.assert(
      fc.property(studyGen, ({ study, offset }) => {
        const bundle = JSON.parse(JSON.stringify(buildFhirBundle(study, { utcOffset: offset }))) as unknown
        expect(validateFhirResource(bundle, [], { strict: true })).toEqual([])
        const rs = resourcesOf(bundle)
        for (const r of rs) expect(r.id).toMatch(R4_ID)
        expect(new Set(rs.map((r) => `${r.resourceType}/${r.id!}`)).size).toBe(rs.length)
        const back = readFhirBundle(bundle)
        expect(back.issues).toEqual([])
        expect(back.study.registryId).toBe('NCT99999901')
        expect(back.study.subjects.map((s) => s.usubjid)).toEqual(study.subjects.map((s) => s.usubjid))
        back.study.subjects.forEach((got, k) => {
          const want = study.subjects[k]!
          expect([got.sex, got.armCode, got.infusionDate]).toEqual([want.sex, want.armCode, want.infusionDate])
          expect(got.labs.map((l) => [l.testCode, l.value, l.date, l.time, l.refLow, l.refHigh])).toEqual(want.labs.map((l) => [l.testCode, l.value, l.date, l.time, l.refLow, l.refHigh]))
          expect(got.adverseEvents.map((a) => [a.term, a.grade, a.gradingSystem, a.serious, a.startDate])).toEqual(want.adverseEvents.map((a) => [a.term, a.grade, a.gradingSystem, a.serious, a.startDate]))
        })
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('import: a bundle that is not one, and resources that cannot be placed, are issues naming the entry', () => {
    expect(readFhirBundle({ resourceType: 'Patient' }).issues.map((i) => i.code)).toEqual(['fhir.not_a_bundle'])
    const obs = (id: string, extra: Record<string, unknown>) => ({
      resource: { resourceType: 'Observation', id, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] }, subject: { reference: 'Patient/p' }, effectiveDateTime: '2025-01-02', valueQuantity: { value: 30, system: 'http://unitsofmeasure.org', code: '10*9/L' }, ...extra },
    })
    const got = readFhirBundle({
      resourceType: 'Bundle', type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://celltrial.example/fhir/sid/usubjid', value: 'S-1' }] } },
        obs('a', {}),
        obs('b', { valueQuantity: { value: 30000, system: 'http://unitsofmeasure.org', code: '/uL' } }),
        obs('c', { subject: { reference: 'Patient/q' } }),
        obs('d', { code: { coding: [{ system: 'http://loinc.org', code: '8124-0' }] } }),
        obs('e', { code: { coding: [{ system: 'http://loinc.org', code: '26515-7' }] }, valueQuantity: { value: 31, system: 'http://unitsofmeasure.org', code: '10*3/uL' } }),
      ],
    })
    expect(got.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['fhir.platelet_unit', 'entry.2.valueQuantity'], ['fhir.unknown_subject', 'entry.3'], ['fhir.unknown_code', 'entry.4.code'],
    ])
    expect(got.study.subjects[0]?.labs.map((l) => l.value)).toEqual([30, 31])
  })
})

// =============================================================================================================
// ODM 1.3.2 Snapshot (ctgov-fhir-odm.md §3)
// =============================================================================================================

const walk = (n: OdmNode): OdmNode[] => [n, ...n.children.flatMap(walk)]

describe('ctgov-fhir-odm.md §3 ODM 1.3.2 Snapshot export', () => {
  const { dm, lb, ae } = sdtmStudy()
  const study = exchangeStudyFromSdtm('NCT99999901', 'EXAMPLE-ITP', dm, lb, ae)

  it('LB items are SDTM-consistent: LBORRES with its own unit, the standardised number with its unit and range', () => {
    const xml = buildOdmSnapshot(study, { fileOid: 'F.1', creationDateTime: '2025-07-01T09:00Z' })
    expect(validateOdmStructure(xml)).toEqual([])
    const read = readOdmXml(xml)
    if (!read.ok) throw new Error(JSON.stringify(read.issues))
    const groups = walk(read.root).filter((n) => n.name === 'ItemGroupData' && n.attrs.ItemGroupOID === 'IG.LB')
    const items = groups.map((g) => Object.fromEntries(g.children.map((c) => [c.attrs.ItemOID!.replace('IT.LB.', ''), c.attrs.Value!])))
    expect(items.map((i) => [i.LBTESTCD, i.LBORRES, i.LBORRESU, i.LBSTRESN, i.LBSTRESU])).toEqual([
      ['PLAT', '12', '10^9/L', '12', '10^9/L'],
      ['PLAT', '86000', '/uL', '86', '10^9/L'],
      ['HGB', '105', 'g/L', '10.5', 'g/dL'],
      ['ALT', '40', 'U/L', '40', 'U/L'],
    ])
    // a reference range is never labelled with a unit it is not in
    for (const i of items) {
      const orig = [i.LBORNRLO, i.LBORNRHI]
      const std = [i.LBSTNRLO, i.LBSTNRHI]
      if (i.LBTESTCD === 'PLAT' && i.LBORRESU === '/uL') expect([orig, std]).toEqual([[undefined, undefined], ['150', '400']])
      if (i.LBTESTCD === 'HGB') expect([orig, std]).toEqual([[undefined, undefined], [undefined, undefined]])
      if (i.LBTESTCD === 'ALT') expect(std).toEqual(['7', '56'])
    }
    const root = read.root
    expect(root.attrs).toMatchObject({ xmlns: 'http://www.cdisc.org/ns/odm/v1.3', ODMVersion: '1.3.2', FileType: 'Snapshot', FileOID: 'F.1', CreationDateTime: '2025-07-01T09:00:00Z' })
    expect(walk(root).some((n) => n.name === 'AuditRecord' || n.attrs.TransactionType !== undefined)).toBe(false)
  })

  it('any text in any field reads back unchanged, or the export refuses a character XML 1.0 cannot carry (property)', () => {
    const piece = fc.constantFrom('a', '&', '<', '>', '"', "'", '\t', '\n', '\r', '\r\n', ']]>', '&amp;', 'é', '中', '😀', ' ', '\u0001', '\u001F', '\uFFFE', '\uD800')
    const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''))
    fc.assert(
      fc.property(text, text, text, (title, usubjid, term) => {
        const s: ExchangeStudy = {
          registryId: 'NCT99999901', title,
          subjects: [{ usubjid, siteId: '01', age: 30, sex: 'F', armCode: null, infusionDate: '2025-01-01', labs: [], adverseEvents: [{ term, grade: 2, gradingSystem: null, serious: false, startDate: '2025-01-02', endDate: null }] }],
        }
        // eslint-disable-next-line no-control-regex -- XML 1.0 §2.2 Char excludes these
        const unsendable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
        if ([title, usubjid, term].some((t) => unsendable.test(t))) {
          expect(() => buildOdmSnapshot(s, { fileOid: 'F', creationDateTime: '2025-07-01T09:00:00Z' })).toThrow(RangeError)
          return
        }
        const read = readOdmXml(buildOdmSnapshot(s, { fileOid: 'F', creationDateTime: '2025-07-01T09:00:00Z' }))
        if (!read.ok) throw new Error(JSON.stringify(read.issues))
        const nodes = walk(read.root)
        expect(nodes.find((n) => n.name === 'StudyDescription')?.text).toBe(title)
        expect(nodes.find((n) => n.name === 'SubjectData')?.attrs.SubjectKey).toBe(usubjid)
        expect(nodes.find((n) => n.name === 'ItemData' && n.attrs.ItemOID === 'IT.AE.AEDECOD')?.attrs.Value).toBe(term)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})

describe('ctgov-fhir-odm.md §3 ODM 1.3.2 Transactional capture export and import', () => {
  const options = { existingSubjects: new Map<string, string>(), siteCodes: ['KUN01'], createSubjects: true }
  const xml = buildOdmCaptureExport(capturedStudy, { fileOid: 'F.2', creationDateTime: '2025-03-21T08:00:00Z' })

  it('a malformed value is an issue naming the line, the element path, the OID and the value; nothing is returned', () => {
    const bad = xml.replace('<ItemData ItemOID="IT.LB.LBORRES" Value="12"/>', '<ItemData ItemOID="IT.LB.LBORRES" Value="twelve"/>')
    expect(bad).not.toBe(xml)
    const got = readOdmClinicalData(bad, options)
    expect(got.ok).toBe(false)
    const line = bad.slice(0, bad.indexOf('Value="twelve"')).split('\n').length
    expect(got.issues?.map((i) => [i.line, i.oid, i.path.join('').includes('SubjectData[@SubjectKey="KUN01-001"]'), i.message.includes('"twelve"')])).toEqual([[line, 'IT.LB.LBORRES', true, true]])
  })

  it('a text no XML 1.0 document can hold is refused at export, naming the value', () => {
    const bad = structuredClone(capturedStudy)
    bad.sites[0]!.name = 'Kunming\u0007Hospital'
    expect(() => buildOdmCaptureExport(bad, { fileOid: 'F.2', creationDateTime: '2025-03-21T08:00:00Z' })).toThrow(/"Kunming\\u0007Hospital".*U\+0007/)
  })
})

// =============================================================================================================
// ClinicalTrials.gov record (ctgov-fhir-odm.md §1)
// =============================================================================================================

describe('ctgov-fhir-odm.md §1 eligibility text convention', () => {
  it('the doc example record splits into its 3 inclusion and 2 exclusion items', () => {
    const text =
      'Inclusion Criteria:\n\n* Primary ITP for at least 12 months\n* Platelet count < 30 x 10^9/L on two occasions\n* Failure of at least two prior ITP therapies\n\nExclusion Criteria:\n\n* Secondary thrombocytopenia\n* Active uncontrolled infection'
    expect(splitEligibilityText(text)).toEqual(refEligibility(text))
    expect(splitEligibilityText(text)).toEqual({
      inclusion: ['Primary ITP for at least 12 months', 'Platelet count < 30 x 10^9/L on two occasions', 'Failure of at least two prior ITP therapies'],
      exclusion: ['Secondary thrombocytopenia', 'Active uncontrolled infection'],
      review: [],
    })
  })

  it('numbered and dashed items, continuation lines, text before the first heading; nothing dropped (property on word order)', () => {
    const text = 'Preamble line\ninclusion criteria\n1. Age 18-70\n   years inclusive\n2. Consent\n- ECOG 0-1\nEXCLUSION CRITERIA:\n* Pregnancy\nor lactation'
    expect(splitEligibilityText(text)).toEqual(refEligibility(text))
    expect(splitEligibilityText(text)).toEqual({ inclusion: ['Age 18-70 years inclusive', 'Consent', 'ECOG 0-1'], exclusion: ['Pregnancy or lactation'], review: ['Preamble line'] })
    const word = fc.stringMatching(/^[a-z]{1,6}$/)
    const line = fc.tuple(fc.constantFrom('* ', '- ', '1. ', '12. ', ''), fc.array(word, { minLength: 1, maxLength: 4 })).map(([m, w]) => m + w.join(' '))
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(line, { maxLength: 6 }), (inc, exc) => {
        const t = ['Inclusion Criteria:', '', ...inc, '', 'Exclusion Criteria:', '', ...exc].join('\n')
        expect(splitEligibilityText(t)).toEqual(refEligibility(t))
      }),
      { seed: SEED, numRuns: 200 },
    )
  })
})
