import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Issue } from '../../result.js'
import { sdtmAeDomain } from './ae.js'
import { sdtmCeDomain } from './ce.js'
import { sdtmCmDomain } from './cm.js'
import { sdtmDmDomain } from './dm.js'
import { sdtmExDomain } from './ex.js'
import { createSdtmLbByteReader } from './lb-byte-reader.js'
import { sdtmLbDomain } from './lb.js'
import { createSdtmDomainReader, readSdtmText, type SdtmDomainSpec } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'
import { sdtmVsDomain } from './vs.js'

/**
 * Issue "Trustworthy under attack", item 4: property-based fuzzing of the SDTM CSV domain readers with hostile
 * files (random, truncated, oversized and wrongly typed values, injection strings, odd Unicode, broken quoting,
 * any chunking). A reader never throws; every issue names `file:line: VARIABLE` with a real line of the file
 * and a non-empty variable; reading in chunks gives what reading at once gives; the byte-level lb.csv
 * reader reports what the general reader reports. Reproduce a failure with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122)
const RUNS = Number(process.env.FUZZ_RUNS ?? 150)
const FILE = 'upload.csv'

const HOSTILE = [
  '', ' ', '"', '""', ',', '\n', '\r', '\r\n', "' OR '1'='1", '1; DROP TABLE subject; --', '<script>alert(1)</script>', '\u0000', 'a\u0000b',
  '\ud800', '\udfff', '\u202eevil\u202c', '\u200f', '\ufeff', '𝕏', 'NaN', 'Infinity', '-0', '1e400', '-1e400', '0x10', '1_000', '١٢٣',
  '9999-99-99', '2024-02-30', '2024-13-01T25:61', '2024-03-01T08:00:00+99:99', '--', 'null', '__proto__', 'constructor',
] as const
/** Values a real file carries, so rows often get past the first check. */
const PLAUSIBLE = [
  'NCT06352281', 'S-001', 'KUN01', '45', '12.5', '0', 'YEARS', 'F', 'M', '2024-03-01', '2024-03-01T08:30', '2024-03', 'PLAT', 'WBC', '10^9/L',
  'GI/L', 'x10^3/uL', 'RESCUE', 'IVIG', 'LYMPHODEPLETION', 'CELL THERAPY', 'FLUDARABINE', 'mg/m2', 'WHO BLEEDING SCALE', 'Y', 'N', 'TEMP', 'C',
] as const

const DOMAINS: SdtmDomainSpec<unknown>[] = [sdtmDmDomain, sdtmExDomain, sdtmLbDomain, sdtmCmDomain, sdtmCeDomain, sdtmAeDomain, sdtmVsDomain]

const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }).map((s) => s.repeat(2000)) },
)

const field = (v: string, quote: boolean) => (quote || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/** A hostile CSV file for `spec`: shuffled, partial or extra columns, odd values, then broken on purpose. */
const csvFile = (spec: SdtmDomainSpec<unknown>) =>
  fc
    .record({
      columns: fc.shuffledSubarray([...spec.required, ...spec.required, ...spec.optional, 'JUNK', '', spec.required[0]!.toLowerCase()], { minLength: 0, maxLength: spec.required.length + 4 }),
      allRequired: fc.boolean(),
      rows: fc.array(fc.array(fc.tuple(value, fc.boolean()), { maxLength: 14 }), { maxLength: 6 }),
      eol: fc.constantFrom('\n', '\r\n'),
      bom: fc.boolean(),
      truncateAt: fc.option(fc.nat()),
      strayQuoteAt: fc.option(fc.nat()),
    })
    .map(({ columns, allRequired, rows, eol, bom, truncateAt, strayQuoteAt }) => {
      const header = allRequired ? [...new Set([...spec.required, ...columns])] : columns
      let text = (bom ? '\ufeff' : '') + [header.join(','), ...rows.map((r) => r.map(([v, q]) => field(v, q)).join(','))].join(eol) + eol
      if (truncateAt !== null) text = text.slice(0, truncateAt % (text.length + 1))
      if (strayQuoteAt !== null) {
        const at = strayQuoteAt % (text.length + 1)
        text = `${text.slice(0, at)}"${text.slice(at)}`
      }
      return text
    })

/** Cut `text` at `cuts` (any positions, even inside a surrogate pair or a CRLF). */
function chunks(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const out: string[] = []
  let last = 0
  for (const c of at) {
    out.push(text.slice(last, c))
    last = c
  }
  out.push(text.slice(last))
  return out
}

/** Problems with an issue list: each must be `file:line: VARIABLE: message` with a line of this file. */
function issueProblems(issues: readonly Issue[], text: string): string[] {
  const lines = text.split('\n').length
  return issues.flatMap((i) => {
    const [file, line, variable] = i.path
    const bad: string[] = []
    if (i.path.length !== 3 || file !== FILE) bad.push(`path ${JSON.stringify(i.path)} is not [file, line, variable]`)
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > lines) bad.push(`line ${String(line)} is not a line of the file (1-${lines})`)
    if (typeof variable !== 'string' || variable.trim() === '') bad.push(`issue without a variable: ${JSON.stringify(i)}`)
    if (i.code.trim() === '' || i.message.trim() === '') bad.push(`issue without a code or a message: ${JSON.stringify(i)}`)
    else if (!formatSdtmIssue(i).startsWith(`${FILE}:${String(line)}: ${String(variable)}: `)) bad.push(`formatted as ${formatSdtmIssue(i)}`)
    return bad
  })
}

describe(`fuzzing the SDTM CSV domain readers (seed ${SEED})`, () => {
  for (const spec of DOMAINS) {
    it(`${spec.domain}: never throws, locates every issue at file:line: VARIABLE, reads the same in any chunks`, () => {
      fc.assert(
        fc.property(csvFile(spec), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
          const whole = readSdtmText(spec, text, FILE)
          expect(issueProblems(whole.issues, text)).toEqual([])
          expect(whole.log.accepted).toBe(whole.records.length)
          expect(whole.log.rows).toBeGreaterThanOrEqual(whole.log.accepted)
          const reader = createSdtmDomainReader(spec, FILE)
          const records = [...chunks(text, cuts).flatMap((c) => reader.push(c)), ...reader.end()]
          expect(records).toEqual(whole.records)
          expect(reader.issues).toEqual(whole.issues)
        }),
        { seed: SEED, numRuns: RUNS },
      )
    })
  }

  it('lb.csv from bytes: never throws, and reports what the general reader reports', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
    fc.assert(
      fc.property(csvFile(sdtmLbDomain), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const bytes = new TextEncoder().encode(text)
        // what the general path reads: the file's bytes decoded as a whole (lone surrogates became U+FFFD)
        const whole = readSdtmText(sdtmLbDomain, decoder.decode(bytes), FILE)
        let values = 0
        const reader = createSdtmLbByteReader({ decode: (b) => decoder.decode(b), onValue: () => values++, file: FILE })
        let last = 0
        for (const c of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
          reader.push(bytes.subarray(last, c))
          last = c
        }
        reader.push(bytes.subarray(last))
        reader.end()
        expect(reader.issues).toEqual(whole.issues)
        expect(values).toBe(whole.records.length)
        expect(issueProblems(reader.issues, text)).toEqual([])
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })
})
