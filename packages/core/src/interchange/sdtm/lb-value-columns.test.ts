import { describe, expect, it } from 'vitest'
import { createSdtmLbByteReader, sdtmCsvRecordEnd } from './lb-byte-reader.js'
import { createSdtmLbValueColumns } from './lb-value-columns.js'
import { createResponseInputCollector } from './response-input-collector.js'
import { sdtmDmDomain } from './dm.js'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const decode = (b: Uint8Array) => decoder.decode(b)
const dm = readSdtmText(
  sdtmDmDomain,
  'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC\nS,S-1,01,30,YEARS,F,2024-03-01\nS,S-2,01,40,YEARS,M,2024-03-05\n',
).records

/** What the evaluation takes from lb.csv: issues (reader's, then the collector's), log, inputs, cut-off. */
function outcome(
  reader: ReturnType<typeof createSdtmLbByteReader>,
  collector: ReturnType<typeof createResponseInputCollector>,
) {
  return {
    issues: [...reader.issues, ...collector.issues].map(formatSdtmIssue),
    log: reader.log(),
    latest: collector.latestDate(),
    subjects: collector.subjects(null),
  }
}

/** The whole file on one reader. */
function whole(bytes: Uint8Array) {
  const c = createResponseInputCollector(dm)
  const reader = createSdtmLbByteReader({ decode, onValue: (...row) => c.addLbValue(...row) })
  reader.push(bytes)
  reader.end()
  return outcome(reader, c)
}

/**
 * `bytes[0, split)` into the collector, `bytes[split, end)` (after the header) into columns on a second
 * reader, then joined as the CLI joins a worker's part; null when the split is inside a record.
 */
function inTwoParts(bytes: Uint8Array, split: number) {
  const c = createResponseInputCollector(dm)
  const first = createSdtmLbByteReader({ decode, onValue: (...row) => c.addLbValue(...row) })
  first.push(bytes.subarray(0, split))
  if (first.pendingBytes !== 0) return null
  const columns = createSdtmLbValueColumns(4)
  const second = createSdtmLbByteReader({ decode, onValue: columns.add })
  second.push(bytes.subarray(0, sdtmCsvRecordEnd(bytes, 0, bytes.length, false)))
  const headerIssues = second.issues.length
  const firstLine = second.line
  second.push(bytes.subarray(split))
  second.end()
  const offset = first.line - firstLine
  first.absorb({ issues: second.issues.slice(headerIssues), ...second.counts() }, offset)
  c.addLbColumns(columns.finish(), offset)
  first.end()
  return outcome(first, c)
}

const LB = [
  '\uFEFFSTUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC,LBSTRESN,LBSTRESU,NOTE',
  'S,S-1,PLAT,45,10^9/L,2024-03-15,,,',
  'S,S-1,PLAT,45,G/L,2024-03-16,,,',
  'S,S-9,PLAT,50,10^9/L,2024-03-17,,,',
  '',
  'S,"S-2",PLAT,"30",10^9/L,2024-03-18T08:30,,,"a, ""b""',
  'c"',
  'S,S-2,HBA1C,6,%,2024-03-19,,,',
  ' S ,S-1,PLAT,30000,/uL,2024-03-20,,,',
  'S,S-9,HGB,120,g/L,2024-04-01,,,',
  'S,S-2,PLAT,,10^9/L,2024-03-21,,,',
  'S,S-1,PLAT,12,10^9/L,2024-03-22T09:00,,,',
  'S,S-2,HBA1C,7,%,2024-03-23,,,',
  'S,S-1,PLAT,1x,10^9/L,2024-03-24,,,',
  'S,S-2,PLAT,60,10^9/L,2024-03-25,61,10^9/L,',
]

describe('lb.csv read in two byte ranges and joined (the CLI worker path) = one read', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`at every line start, issues with exact lines in either part (${JSON.stringify(eol)})`, () => {
      const bytes = new TextEncoder().encode(LB.join(eol))
      const expected = whole(bytes)
      expect(expected.issues.length).toBeGreaterThan(4)
      let splits = 0
      for (let split = 1; split < bytes.length; split++) {
        if (bytes[split - 1] !== 10) continue
        const got = inTwoParts(bytes, split)
        if (got === null) continue // inside the quoted line break: the CLI reads on
        splits++
        expect(got, `split at ${split}`).toEqual(expected)
      }
      expect(splits).toBe(LB.length - 2)
    })
  }
})
