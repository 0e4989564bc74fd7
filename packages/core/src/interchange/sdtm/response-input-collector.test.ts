import { describe, expect, it } from 'vitest'
import { createResponseInputCollector } from './response-input-collector.js'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'
import { sdtmDmDomain } from './dm.js'
import { sdtmExDomain } from './ex.js'
import { sdtmCmDomain } from './cm.js'
import { sdtmCeDomain } from './ce.js'
import { sdtmLbDomain } from './lb.js'

const dm = readSdtmText(sdtmDmDomain, 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC\nS,S-1,01,30,YEARS,F,2024-03-01\nS,S-1,01,30,YEARS,F,2024-03-02\nS,S-2,01,40,YEARS,M,2024-03-05\n').records

describe('SDTM -> response engine input (interchange/sdtm-adam.md, response-itp.md §3.1)', () => {
  it('maps infusion, first LD date, platelets, bleeding, rescue and the first new ITP therapy', () => {
    const c = createResponseInputCollector(dm)
    const ex = readSdtmText(sdtmExDomain, 'STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC\nS,S-1,CYCLOPHOSPHAMIDE,LYMPHODEPLETION,300,mg/m2,2024-02-25\nS,S-1,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-24\nS,S-1,CAR-T,CELL THERAPY,1,cells,2024-03-01\n').records
    ex.forEach((r) => c.addEx(r))
    readSdtmText(sdtmLbDomain, 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC\nS,S-1,PLAT,45000,/uL,2024-03-15T08:00\nS,S-1,HGB,120,g/L,2024-05-01\n').records.forEach((r) => c.addLb(r))
    readSdtmText(sdtmCmDomain, 'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC\nS,S-1,IVIG,RESCUE,TPO-RA,2024-03-10,\nS,S-1,RITUXIMAB,NEW ITP THERAPY,,2024-04-20,\nS,S-1,DARATUMUMAB,NEW ITP THERAPY,,2024-04-10,\n').records.forEach((r) => c.addCm(r))
    readSdtmText(sdtmCeDomain, 'STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR\nS,S-1,EPISTAXIS,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,2\n').records.forEach((r) => c.addCe(r))
    expect(c.latestDate()).toBe('2024-05-01')
    const [s1, s2] = c.subjects('2024-04-30')
    expect(s1!.input).toEqual({
      infusionDate: '2024-03-01',
      ldStartDate: '2024-02-24',
      plateletCounts: [{ date: '2024-03-15', time: '08:00', value: 45 }],
      bleedingEvents: [{ startDate: '2024-03-15', endDate: null, scale: 'WHO', grade: 2 }],
      rescueEvents: [{ type: 'TPO_RA', startDate: '2024-03-10', startTime: null, endDate: '2024-03-10' }],
      newItpTherapyStartDate: '2024-04-10',
      dataCutoffDate: '2024-04-30',
    })
    expect(s2!.input).toMatchObject({ infusionDate: '2024-03-05', ldStartDate: null, plateletCounts: [] })
  })
  it('reports duplicate subjects in dm.csv and records of subjects not in dm.csv', () => {
    const c = createResponseInputCollector(dm)
    readSdtmText(sdtmLbDomain, 'STUDYID,USUBJID,LBTESTCD,LBORRES,LBORRESU,LBDTC\nS,S-9,PLAT,45,10^9/L,2024-03-15\n').records.forEach((r) => c.addLb(r))
    expect(c.issues.map(formatSdtmIssue)).toEqual([
      'dm.csv:3: USUBJID: subject "S-1" appears again (first on line 2)',
      'lb.csv:2: USUBJID: subject "S-9" is not in dm.csv',
    ])
  })
})
