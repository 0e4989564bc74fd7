import { describe, expect, it } from 'vitest'
import { buildOdmCaptureExport } from './odm-capture-export.js'
import { capturedStudy, stamp } from './odm-capture-fixture.js'
import { formatOdmIssue, readOdmClinicalData } from './odm-capture-import.js'
import { odmStudyMetadata } from './odm-form-metadata.js'
import { validateOdmStructure } from './odm-structure.js'
import { readOdmXml } from './odm-xml.js'

const options = { existingSubjects: new Map<string, string>(), siteCodes: ['KUN01'], createSubjects: true }
const xml = buildOdmCaptureExport(capturedStudy, { fileOid: 'CT.NCT06352281.1', creationDateTime: '2025-03-21T08:00:00Z' })

describe('ODM 1.3.2 Transactional export of captured data (ctgov-fhir-odm.md §3)', () => {
  it('passes the structural validator: order, required attributes, references, AuditRecord and Signature', () => {
    expect(validateOdmStructure(xml).map(formatOdmIssue)).toEqual([])
  })

  it('carries the audit trail and signatures', () => {
    const root = readOdmXml(xml)
    if (!root.ok) throw new Error('not parsed')
    const all = (n: typeof root.root): (typeof root.root)[] => [n, ...n.children.flatMap(all)]
    const els = all(root.root)
    const audits = els.filter((e) => e.name === 'AuditRecord')
    expect(audits).toHaveLength(14)
    expect(audits.flatMap((a) => a.children.filter((c) => c.name === 'ReasonForChange').map((c) => c.text))).toEqual(['duplicate', 'resolved', 'height, not weight', 'entered for the wrong subject'])
    expect(els.filter((e) => e.name === 'Signature')).toHaveLength(2)
    expect(els.filter((e) => e.name === 'SignatureDef').map((e) => e.children[0]!.text)).toEqual(['Casebook approved', 'Investigator approval'])
    expect(els.filter((e) => e.name === 'FormData' && e.attrs.TransactionType === 'Remove')).toHaveLength(2)
    expect(els.find((e) => e.name === 'ItemData' && e.attrs.TransactionType === 'Remove')!.attrs.ItemOID).toBe('IT.VITAL_SIGNS.weightKg')
  })

  it('refuses audit stamps of unknown users and times without offset', () => {
    const bad = structuredClone(capturedStudy)
    bad.subjects[0]!.audit = { ...stamp('1'), userOid: 'USR.99' }
    expect(() => buildOdmCaptureExport(bad, { fileOid: 'f', creationDateTime: '2025-03-21T08:00:00Z' })).toThrow(/USR.99/)
    expect(() => buildOdmCaptureExport(capturedStudy, { fileOid: 'f', creationDateTime: '2025-03-21' })).toThrow(RangeError)
  })
})

describe('ODM import of clinical data', () => {
  it('reads back the final state of every record, lab and subject', () => {
    const r = readOdmClinicalData(xml, options)
    if (!r.ok) throw new Error(r.issues.map(formatOdmIssue).join('\n'))
    expect(r.value.subjects.map((s) => [s.key, s.siteCode, s.create, s.sex, s.age])).toEqual([['KUN01-001', 'KUN01', true, 'F', 34]])
    expect(r.value.labs.map((l) => [l.testCode, l.value, l.unit, l.date, l.refLow, l.refHigh])).toEqual([['PLAT', 12, '10^9/L', '2025-03-01', 125, 350]])
    const final = capturedStudy.subjects[0]!.records.filter((x) => x.versions.at(-1)!.transaction !== 'Remove')
    expect(r.value.records.map((x) => [x.formType, x.repeatKey, x.data, x.visitDay, x.visitLabel])).toEqual(
      final.map((x) => [x.formType, x.repeatKey, JSON.parse(JSON.stringify(x.versions.at(-1)!.data)), x.versions.at(-1)!.visitDay, x.versions.at(-1)!.visitLabel]),
    )
  })

  it('refuses a DOCTYPE or ENTITY declaration before parsing', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE ODM [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<ODM>&b;</ODM>`
    const r = readOdmClinicalData(bomb, options)
    expect(r.ok).toBe(false)
    expect(r.issues![0]).toMatchObject({ code: 'xml.doctype', line: 2 })
    expect(readOdmClinicalData('x'.repeat(200), { ...options, maxBytes: 100 }).issues![0]!.code).toBe('xml.too_large')
    expect(readOdmClinicalData('<ODM><a></ODM>', options).issues![0]!.code).toBe('xml.not_well_formed')
  })

  it('lists every problem with its line, element path and OID, and returns nothing to write', () => {
    const broken = xml
      .replace('<ItemData ItemOID="IT.DM.AGE" Value="34"/>', '<ItemData ItemOID="IT.DM.AGE" Value="thirty"/>')
      .replaceAll('<ItemData ItemOID="IT.ADVERSE_EVENT.grade" Value="2"/>', '<ItemData ItemOID="IT.ADVERSE_EVENT.grade" Value="7"/>')
      .replace('<ItemData ItemOID="IT.NEURO.tool" Value="CAPD"/>', '<ItemData ItemOID="IT.NEURO.tool" Value="GCS"/>')
      .replace('<ItemData ItemOID="IT.SLEDAI.variant" Value="SLEDAI-2K"/>', '')
      .replace('<ItemData ItemOID="IT.LB.LBTESTCD" Value="PLAT"/>', '<ItemData ItemOID="IT.LB.LBTESTCD" Value="PLAT"/><ItemData ItemOID="IT.LB.NOPE" Value="1"/>')
      .replace('<ItemData ItemOID="IT.VITAL_SIGNS.measuredAt" Value="2025-03-01T08:00"/>', '<ItemData ItemOID="IT.VITAL_SIGNS.measuredAt" IsNull="Yes"/>')
    const r = readOdmClinicalData(broken, options)
    expect(r.ok).toBe(false)
    const codes = r.issues!.map((i) => [i.code, i.oid])
    expect(codes).toEqual(expect.arrayContaining([
      ['odm.data_type', 'IT.DM.AGE'], ['odm.edit_check', 'IT.ADVERSE_EVENT.grade'], ['odm.data_type', 'IT.NEURO.tool'], ['odm.mandatory', 'IT.SLEDAI.variant'],
      ['odm.unknown_oid', 'IT.LB.NOPE'], ['odm.not_nullable', 'IT.VITAL_SIGNS.measuredAt'],
    ]))
    for (const i of r.issues!) {
      expect(i.line).toBeGreaterThan(1)
      expect(String(i.path[0])).toMatch(/^\/ODM\/ClinicalData/)
    }
    const lines = broken.split('\n')
    const age = r.issues!.find((i) => i.oid === 'IT.DM.AGE')!
    expect(lines[age.line! - 1]).toContain('Value="thirty"')
  })

  it('refuses unknown subjects unless creation is allowed, and new subjects at a site outside the study', () => {
    const r = readOdmClinicalData(xml, { ...options, createSubjects: false })
    expect(r.issues!.map((i) => [i.code, i.oid])).toEqual([['odm.unknown_subject', 'KUN01-001']])
    expect(readOdmClinicalData(xml, { ...options, siteCodes: ['SZ01'] }).issues!.map((i) => i.code)).toEqual(['odm.site'])
    const existing = readOdmClinicalData(xml, { ...options, createSubjects: false, existingSubjects: new Map([['KUN01-001', 'KUN01']]) })
    expect(existing.ok && existing.value.subjects[0]!.create).toBe(false)
  })

  it('applies the form edit checks with the caller context (consent date, today)', () => {
    const r = readOdmClinicalData(xml, { ...options, checkContext: () => ({ consentDate: '2025-03-05', today: '2025-03-30' }) })
    expect(r.issues!.filter((i) => i.code === 'odm.edit_check').map((i) => i.oid)).toEqual(['IT.NEURO.assessedAt', 'IT.NEURO.assessedAt', 'IT.VITAL_SIGNS.measuredAt', 'IT.SLEDAI.assessedOn'])
  })

  it('derives metadata from the form registry: nested objects flattened, nullable objects as JSON', () => {
    const meta = odmStudyMetadata()
    const neuro = meta.forms.find((f) => f.oid === 'F.NEURO')!
    expect(neuro.items.find((i) => i.name === 'iceItems')).toMatchObject({ json: true, nullable: true, mandatory: true })
    expect(neuro.items.find((i) => i.name === 'iceTotalOnSource')).toMatchObject({ dataType: 'float', mandatory: false, nullable: true })
    const ae = meta.forms.find((f) => f.oid === 'F.ADVERSE_EVENT')!
    expect(ae.items.find((i) => i.name === 'seriousness.hospitalisation')).toMatchObject({ codeListOid: 'CL.ADVERSE_EVENT.seriousness.hospitalisation', nullable: true })
    expect(ae.items.find((i) => i.name === 'grade')!.dataType).toBe('integer')
    expect(ae.items.find((i) => i.name === 'start')!.dataType).toBe('date')
  })
})

describe('ODM structural validator', () => {
  it('reports broken references, order, missing audit records and bad signatures', () => {
    const broken = xml
      .replace('<FormRef FormOID="F.LB" Mandatory="No"/>', '<FormRef FormOID="F.NOPE" Mandatory="No"/>')
      .replace(/<AuditRecord EditPoint="DBAudit" UsedImputationMethod="No">(.*?)<\/AuditRecord><ItemGroupData ItemGroupOID="IG.LB">/, '<ItemGroupData ItemGroupOID="IG.LB">')
      .replace('<SignatureRef SignatureOID="SD.2"/>', '')
      .replace('<CodeListRef CodeListOID="CL.DM.SEX"/>', '<CodeListRef CodeListOID="CL.GONE"/>')
    const codes = validateOdmStructure(broken).map((i) => `${i.code} ${i.oid ?? ''}`.trim())
    expect(codes).toEqual(expect.arrayContaining(['odm.unresolved_oid F.NOPE', 'odm.missing_audit', 'odm.missing_element', 'odm.unresolved_oid CL.GONE', 'odm.not_referenced F.LB']))
    const order = validateOdmStructure(xml.replace(/(<AdminData[^>]*>)([\s\S]*?)(<\/AdminData>)/, (_m, a: string, b: string, c: string) => `${a}${b.replace(/(<User [\s\S]*?<\/User>\n?)+/, '')}<User OID="USR.2"/><User OID="USR.3"/>${c}`))
    expect(order.map((i) => i.code)).toContain('odm.order')
  })
})
