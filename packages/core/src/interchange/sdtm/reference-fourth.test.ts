/**
 * Fourth check of /work/shared/interchange/sdtm-adam.md, from a line-by-line audit of the doc: the default data
 * cut-off ("`--cutoff YYYY-MM-DD` sets the data cut-off (default: the latest date in the data)") over every date the
 * domain readers read, the DM death date (DTHDTC) included; the vs.csv test / unit table, whose unlisted codes are kept.
 */
import { describe, expect, it } from 'vitest'
import { sdtmCeDomain } from './ce.js'
import { sdtmCmDomain } from './cm.js'
import { sdtmDmDomain } from './dm.js'
import { sdtmExDomain } from './ex.js'
import { sdtmLbDomain } from './lb.js'
import { createResponseInputCollector } from './response-input-collector.js'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'
import { sdtmVsDomain } from './vs.js'

const DM_HEAD = 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,DTHDTC\n'

/** The collector fed with the four files the core reads (ae.csv / vs.csv dates are fed by the CLI, as `seeDate`). */
function collect(files: { dm: string; ex?: string; lb?: string; cm?: string; ce?: string }) {
  const dm = readSdtmText(sdtmDmDomain, DM_HEAD + files.dm)
  expect(dm.issues).toEqual([])
  const c = createResponseInputCollector(dm.records)
  const read = <T>(spec: Parameters<typeof readSdtmText<T>>[0], text: string | undefined, add: (r: T) => void) => {
    if (text === undefined) return
    const r = readSdtmText(spec, text)
    expect(r.issues).toEqual([])
    r.records.forEach(add)
  }
  read(sdtmExDomain, files.ex && `STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC,EXENDTC\n${files.ex}`, (r) => c.addEx(r))
  read(sdtmLbDomain, files.lb && `STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC\n${files.lb}`, (r) => c.addLb(r))
  read(sdtmCmDomain, files.cm && `STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC\n${files.cm}`, (r) => c.addCm(r))
  read(sdtmCeDomain, files.ce && `STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR\n${files.ce}`, (r) => c.addCe(r))
  expect(c.issues).toEqual([])
  return c
}

describe('reference-fourth: default data cut-off = the latest date in the data (sdtm-adam.md "Output datasets")', () => {
  const base = {
    dm: 'S,S-1,01,34,YEARS,F,2024-03-01,\nS,S-2,01,40,YEARS,M,2024-03-05,\n',
    ex: 'S,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25,2024-02-27\n',
    lb: 'S,S-1,PLAT,45,10^9/L,2024-05-01T08:00\nS,S-2,HGB,11,g/dL,2024-05-03\n',
    cm: 'S,S-1,IVIG,RESCUE,IVIG,2024-04-01,2024-04-02\n',
    ce: 'S,S-2,EPISTAXIS,BLEEDING,2024-04-20,2024-04-21,WHO BLEEDING SCALE,1\n',
  }

  it('the latest of every date read: DM RFXSTDTC, EX start/end, LB dates of any test, CM start/end, CE start/end', () => {
    expect(collect(base).latestDate()).toBe('2024-05-03')
    expect(collect({ ...base, ex: base.ex.replace('2024-02-27', '2024-06-01') }).latestDate()).toBe('2024-06-01')
    expect(collect({ ...base, cm: base.cm.replace('2024-04-02', '2024-06-02') }).latestDate()).toBe('2024-06-02')
    expect(collect({ ...base, ce: base.ce.replace('2024-04-21', '2024-06-03') }).latestDate()).toBe('2024-06-03')
    expect(collect({ dm: 'S,S-1,01,34,YEARS,F,2024-03-01T10:30,\n' }).latestDate()).toBe('2024-03-01')
    expect(collect({ dm: '' }).latestDate()).toBeNull()
  })

  it('a DM death date (DTHDTC) is a date of the data: the latest one moves the default cut-off (so a death after the last count stays before it)', () => {
    // S-2 dies on 2024-06-10, after every other date: the default cut-off is that day, not the last count
    const c = collect({ ...base, dm: 'S,S-1,01,34,YEARS,F,2024-03-01,\nS,S-2,01,40,YEARS,M,2024-03-05,2024-06-10T14:00\n' })
    expect(c.latestDate()).toBe('2024-06-10')
    // an earlier death date does not move it
    expect(collect({ ...base, dm: 'S,S-1,01,34,YEARS,F,2024-03-01,2024-04-15\nS,S-2,01,40,YEARS,M,2024-03-05,\n' }).latestDate()).toBe('2024-05-03')
    // the death date of a repeated dm.csv row (an error, the first row wins) is not read
    const dm = readSdtmText(sdtmDmDomain, `${DM_HEAD}S,S-1,01,34,YEARS,F,2024-03-01,\nS,S-1,01,34,YEARS,F,2024-03-01,2030-01-01\n`)
    const dup = createResponseInputCollector(dm.records)
    expect(dup.issues).toHaveLength(1)
    expect(dup.latestDate()).toBe('2024-03-01')
  })
})

describe('reference-fourth: vs.csv listed tests and units (sdtm-adam.md row vs.csv)', () => {
  const HEAD = 'STUDYID,USUBJID,VSTESTCD,VSORRES,VSORRESU,VSDTC\n'
  it('each listed test in its unit is read; in another unit it is an error; any other code (even "constructor") is kept and noted', () => {
    const listed: [string, string][] = [['TEMP', 'C'], ['SYSBP', 'mmHg'], ['DIABP', 'mmHg'], ['OXYSAT', '%'], ['WEIGHT', 'kg'], ['HEIGHT', 'cm']]
    const ok = readSdtmText(sdtmVsDomain, HEAD + listed.map(([t, u]) => `S,S-1,${t},37,${u},2024-03-01`).join('\n'))
    expect([ok.issues, ok.records.map((r) => [r.testCode, r.unit])]).toEqual([[], listed])
    const wrong = readSdtmText(sdtmVsDomain, HEAD + 'S,S-1,TEMP,98.6,F,2024-03-01\nS,S-1,WEIGHT,150,lb,2024-03-01\n')
    expect(wrong.issues.map(formatSdtmIssue)).toEqual(['vs.csv:2: VSORRESU: TEMP must be in "C", got "F"', 'vs.csv:3: VSORRESU: WEIGHT must be in "kg", got "lb"'])
    for (const code of ['HR', 'constructor', 'toString', '__proto__']) {
      const other = readSdtmText(sdtmVsDomain, `${HEAD}S,S-1,${code},72,beats/min,2024-03-01\n`)
      expect([other.issues, other.records.map((r) => r.testCode), other.log.notes], code).toEqual([[], [code], [`VSTESTCD ${JSON.stringify(code)} is not a listed test (kept) (1 row)`]])
    }
  })
})
