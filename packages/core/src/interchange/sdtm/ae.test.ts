import { describe, expect, it } from 'vitest'
import { readSdtmText } from './sdtm-domain-reader.js'
import { sdtmAeDomain } from './ae.js'

describe('ae.csv AEBODSYS (sdtm-adam.md: optional variables are kept)', () => {
  it('carries the body system / organ class into the record, null when the column or the value is absent', () => {
    const head = 'STUDYID,USUBJID,AETERM,AEDECOD,AEBODSYS,AETOXGR,AESER,AESTDTC'
    const r = readSdtmText(sdtmAeDomain, `${head}\nS,S-01,Neutropenia,Neutrophil count decreased,Investigations,3,N,2024-03-02\nS,S-01,CRS,Cytokine release syndrome,,1,N,2024-03-02\n`)
    expect(r.issues).toEqual([])
    expect(r.records.map((x) => x.bodySystem)).toEqual(['Investigations', null])
    const without = readSdtmText(sdtmAeDomain, 'STUDYID,USUBJID,AETERM,AEDECOD,AETOXGR,AESER,AESTDTC\nS,S-01,CRS,Cytokine release syndrome,1,N,2024-03-02\n')
    expect(without.records[0]!.bodySystem).toBeNull()
  })
})
