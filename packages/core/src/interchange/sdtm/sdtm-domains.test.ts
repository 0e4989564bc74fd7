import { describe, expect, it } from 'vitest'
import { readSdtmText } from './sdtm-domain-reader.js'
import { formatSdtmIssue } from './sdtm-issue.js'
import { sdtmDmDomain } from './dm.js'
import { sdtmExDomain } from './ex.js'
import { sdtmCmDomain } from './cm.js'
import { sdtmCeDomain } from './ce.js'
import { sdtmAeDomain } from './ae.js'
import { sdtmVsDomain } from './vs.js'

const errors = (r: { issues: readonly Parameters<typeof formatSdtmIssue>[0][] }) => r.issues.map(formatSdtmIssue)

describe('dm.csv', () => {
  const head = 'STUDYID,USUBJID,SITEID,AGE,AGEU,SEX,RFXSTDTC,ARMCD'
  it('reads a subject; RFXSTDTC is the infusion date (Day 0)', () => {
    const r = readSdtmText(sdtmDmDomain, `${head}\nS,S-01,01,12,YEARS,F,2024-03-01T09:00,DL1\n`)
    expect(r.records).toEqual([
      { line: 2, studyId: 'S', usubjid: 'S-01', siteId: '01', age: 12, ageUnit: 'YEARS', sex: 'F', infusionDate: '2024-03-01', infusionTime: '09:00', armCode: 'DL1', arm: null, deathDate: null },
    ])
  })
  it('checks AGE, AGEU, SEX and RFXSTDTC', () => {
    expect(errors(readSdtmText(sdtmDmDomain, `${head}\nS,S-01,01,-2,YRS,X,,DL1\n`))).toEqual([
      'dm.csv:2: AGE: must be >= 0, got -2',
      'dm.csv:2: AGEU: must be one of "YEARS", "MONTHS", "WEEKS", "DAYS", got "YRS"',
      'dm.csv:2: SEX: must be one of "M", "F", "U", "UNDIFFERENTIATED", got "X"',
      'dm.csv:2: RFXSTDTC: required value is empty',
    ])
  })
})

describe('ex.csv', () => {
  const head = 'STUDYID,USUBJID,EXTRT,EXCAT,EXDOSE,EXDOSU,EXSTDTC'
  it('reads lymphodepletion and the cell therapy', () => {
    const r = readSdtmText(sdtmExDomain, `${head}\nS,S-01,FLUDARABINE,LYMPHODEPLETION,30,mg/m2,2024-02-25\nS,S-01,CD19 CAR-T,CELL THERAPY,1.5E5,cells/kg,2024-03-01\n`)
    expect(r.issues).toEqual([])
    expect(r.records.map((x) => [x.category, x.treatment, x.dose, x.doseUnit, x.startDate])).toEqual([
      ['LYMPHODEPLETION', 'FLUDARABINE', 30, 'mg/m2', '2024-02-25'],
      ['CELL THERAPY', 'CD19 CAR-T', 150000, 'cells/kg', '2024-03-01'],
    ])
  })
  it('checks EXCAT, the LD agent and the unit per category', () => {
    expect(errors(readSdtmText(sdtmExDomain, `${head}\nS,S-01,BENDAMUSTINE,LYMPHODEPLETION,30,mg,2024-02-25\nS,S-01,CAR-T,CELLS,1,cells,2024-03-01\n`))).toEqual([
      'ex.csv:2: EXTRT: must be one of "FLUDARABINE", "CYCLOPHOSPHAMIDE", got "BENDAMUSTINE"',
      'ex.csv:2: EXDOSU: must be one of "mg/m2", got "mg"',
      'ex.csv:3: EXCAT: must be one of "LYMPHODEPLETION", "CELL THERAPY", got "CELLS"',
    ])
  })
})

describe('cm.csv', () => {
  const head = 'STUDYID,USUBJID,CMTRT,CMCAT,CMSCAT,CMSTDTC,CMENDTC'
  it('an empty CMENDTC of a RESCUE row means the start day; other categories keep it empty', () => {
    const r = readSdtmText(sdtmCmDomain, `${head}\nS,S-01,IVIG,RESCUE,IVIG,2024-03-11,\nS,S-01,DARATUMUMAB,NEW ITP THERAPY,,2024-12-01,\nS,S-01,PARACETAMOL,CONCOMITANT,,2024-03-01,2024-03-02\n`)
    expect(r.issues).toEqual([])
    expect(r.records.map((x) => [x.category, x.subcategory, x.startDate, x.endDate])).toEqual([
      ['RESCUE', 'IVIG', '2024-03-11', '2024-03-11'],
      ['NEW ITP THERAPY', null, '2024-12-01', null],
      ['CONCOMITANT', null, '2024-03-01', '2024-03-02'],
    ])
  })
  it('checks CMCAT, the rescue type and date order', () => {
    expect(errors(readSdtmText(sdtmCmDomain, `${head}\nS,S-01,IVIG,RESCUE,IG,2024-03-11,\nS,S-01,X,OTHER,,2024-03-11,\nS,S-01,IVIG,RESCUE,IVIG,2024-03-11,2024-03-10\n`))).toEqual([
      'cm.csv:2: CMSCAT: must be one of "PLATELET TRANSFUSION", "IVIG", "HIGH DOSE CORTICOSTEROID", "TPO-RA", "OTHER RESCUE", got "IG"',
      'cm.csv:3: CMCAT: must be one of "RESCUE", "NEW ITP THERAPY", "CONCOMITANT", got "OTHER"',
      'cm.csv:4: CMENDTC: end date 2024-03-10 is before the start date 2024-03-11',
    ])
  })
})

describe('ce.csv', () => {
  const head = 'STUDYID,USUBJID,CETERM,CECAT,CESTDTC,CEENDTC,CETOX,CETOXGR'
  it('bleeding events: WHO grade 0-4, empty CEENDTC = ongoing', () => {
    const r = readSdtmText(sdtmCeDomain, `${head}\nS,S-01,EPISTAXIS,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,2\n`)
    expect(r.records[0]).toMatchObject({ category: 'BLEEDING', grade: 2, endDate: null, startDate: '2024-03-15' })
  })
  it('checks the scale and the grade of bleeding events', () => {
    expect(errors(readSdtmText(sdtmCeDomain, `${head}\nS,S-01,GI BLEED,BLEEDING,2024-03-15,,ITP-BAT,2\nS,S-01,GI BLEED,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,5\nS,S-01,GI BLEED,BLEEDING,2024-03-15,,WHO BLEEDING SCALE,2.5\n`))).toEqual([
      'ce.csv:2: CETOX: must be one of "WHO BLEEDING SCALE", got "ITP-BAT"',
      'ce.csv:3: CETOXGR: must be 0 to 4, got 5',
      'ce.csv:4: CETOXGR: not a whole number: "2.5"',
    ])
  })
})

describe('ae.csv', () => {
  const head = 'STUDYID,USUBJID,AETERM,AEDECOD,AETOX,AETOXGR,AESER,AESTDTC'
  it('reads CRS graded by ASTCT 2019 and checks grade and seriousness', () => {
    const r = readSdtmText(sdtmAeDomain, `${head}\nS,S-01,CRS,Cytokine release syndrome,ASTCT 2019,1,N,2024-03-02\nS,S-01,X,Y,,6,maybe,2024-03-02\n`)
    expect(r.records).toHaveLength(1)
    expect(r.records[0]).toMatchObject({ decodedTerm: 'Cytokine release syndrome', gradingSystem: 'ASTCT 2019', grade: 1, serious: false })
    expect(errors(r)).toEqual(['ae.csv:3: AETOXGR: must be 1 to 5, got 6', 'ae.csv:3: AESER: must be one of "Y", "N", got "maybe"'])
  })
})

describe('vs.csv', () => {
  const head = 'STUDYID,USUBJID,VSTESTCD,VSORRES,VSORRESU,VSDTC'
  it('reads listed tests in their unit and rejects another unit', () => {
    const r = readSdtmText(sdtmVsDomain, `${head}\nS,S-01,TEMP,38.5,C,2024-03-02T14:00\nS,S-01,TEMP,101,F,2024-03-02\nS,S-01,RESP,18,/min,2024-03-02\n`)
    expect(r.records.map((x) => [x.testCode, x.value, x.time])).toEqual([['TEMP', 38.5, '14:00'], ['RESP', 18, null]])
    expect(errors(r)).toEqual(['vs.csv:3: VSORRESU: TEMP must be in "C", got "F"'])
    expect(r.log.notes).toEqual(['VSTESTCD "RESP" is not a listed test (kept) (1 row)'])
  })
})
