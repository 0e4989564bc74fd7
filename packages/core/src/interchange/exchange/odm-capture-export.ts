/**
 * CDISC ODM 1.3.2 Transactional export of a study's captured data with its audit trail and signatures: every
 * version of every eCRF record (Insert, then Update per audited change, Remove when voided), every lab result and
 * each subject's demographics, each with the AuditRecord of the change (who, where, when, reason, audit event id
 * as SourceID), and the current e-signatures as Signature elements (SignatureDef per meaning).
 * Source: interchange/ctgov-fhir-odm.md §3: Transactional files carry history; an element with a TransactionType
 * has an AuditRecord (UserRef, LocationRef, DateTimeStamp, ReasonForChange?, SourceID?); a Signature (UserRef,
 * LocationRef, SignatureRef, DateTimeStamp) covers its entity and sub-entities; element order per the
 * ODM1-3-2-foundation.xsd content models.
 */
import { canonicalJson, odmStudyMetadata, type OdmFormSpec, type OdmItemSpec } from './odm-form-metadata.js'
import type { FormType } from '../../forms/index.js'
import { odmXmlText, withSeconds } from './odm-1-3-2.js'

/** Who changed what, when, from the audit trail. */
export interface OdmAuditStamp {
  /** `USR.<id>`; must be one of `users` */
  userOid: string
  /** ISO 8601 date-time with offset */
  at: string
  reason: string | null
  /** the audit_event id */
  sourceId: string
}

export interface OdmSignatureStamp {
  userOid: string
  at: string
  meaning: string
}

export interface OdmRecordVersion {
  transaction: 'Insert' | 'Update' | 'Remove'
  /** the form's data after the change (`null` for Remove) */
  data: Record<string, unknown> | null
  visitDay: number | null
  visitLabel: string | null
  audit: OdmAuditStamp
  /** the current signature of this version, if any */
  signature?: OdmSignatureStamp | null
}

export interface OdmCapturedRecord {
  formType: FormType
  /** FormRepeatKey: the record id */
  repeatKey: string
  versions: OdmRecordVersion[]
}

export interface OdmCapturedLab {
  repeatKey: string
  testCode: string
  value: number
  unit: string
  date: string
  refLow: number | null
  refHigh: number | null
  audit: OdmAuditStamp
  /** the audit stamp of the void, when voided */
  voided?: OdmAuditStamp | null
}

export interface OdmCapturedSubject {
  key: string
  siteCode: string
  sex: 'F' | 'M' | 'U' | null
  age: number | null
  /** the audit stamp of the subject's creation */
  audit: OdmAuditStamp
  /** the current casebook signature, if any */
  signature?: OdmSignatureStamp | null
  records: OdmCapturedRecord[]
  labs: OdmCapturedLab[]
}

export interface OdmCapturedStudy {
  registryId: string
  title: string
  protocolVersion: string
  sites: { code: string; name: string }[]
  users: { oid: string; loginName: string; displayName: string }[]
  subjects: OdmCapturedSubject[]
}

export interface OdmCaptureExportOptions {
  fileOid: string
  /** ISO 8601 date-time of the file (core takes the clock as an argument) */
  creationDateTime: string
  sourceSystemVersion?: string
}

const x = odmXmlText
const tt = (s: string) => `<TranslatedText xml:lang="en">${x(s)}</TranslatedText>`
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** The ODM text of a value of an item; `null` = IsNull. */
export function encodeOdmValue(item: OdmItemSpec, value: unknown): string | null {
  if (value === null) return null
  if (item.json) return canonicalJson(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  // a compound value in an item that is not JSON cannot come from a form that parsed: keep it lossless anyway
  return canonicalJson(value)
}

function getPath(data: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = data
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[p]
  }
  return v
}

// ctgov-fhir-odm.md §3 AuditRecord / Signature: DateTimeStamp is a complete ISO 8601 date-time (seconds included)
const signatureXml = (s: OdmSignatureStamp, loc: string, sdOid: string) =>
  `<Signature><UserRef UserOID="${x(s.userOid)}"/><LocationRef LocationOID="${x(loc)}"/><SignatureRef SignatureOID="${x(sdOid)}"/><DateTimeStamp>${x(withSeconds(s.at))}</DateTimeStamp></Signature>`

const auditXml = (a: OdmAuditStamp, loc: string) =>
  `<AuditRecord EditPoint="DBAudit" UsedImputationMethod="No"><UserRef UserOID="${x(a.userOid)}"/><LocationRef LocationOID="${x(loc)}"/><DateTimeStamp>${x(withSeconds(a.at))}</DateTimeStamp>${a.reason ? `<ReasonForChange>${x(a.reason)}</ReasonForChange>` : ''}<SourceID>${x(a.sourceId)}</SourceID></AuditRecord>`

function metadataXml(forms: OdmFormSpec[], codeLists: { oid: string; name: string; values: string[] }[], eventOid: string): string {
  const out: string[] = []
  out.push(`<Protocol><StudyEventRef StudyEventOID="${eventOid}" Mandatory="Yes" OrderNumber="1"/></Protocol>`)
  out.push(`<StudyEventDef OID="${eventOid}" Name="Captured data" Repeating="No" Type="Common">${forms.map((f) => `<FormRef FormOID="${f.oid}" Mandatory="No"/>`).join('')}</StudyEventDef>`)
  for (const f of forms) out.push(`<FormDef OID="${f.oid}" Name="${x(f.name)}" Repeating="${f.target.kind === 'demographics' ? 'No' : 'Yes'}"><ItemGroupRef ItemGroupOID="${f.itemGroupOid}" Mandatory="Yes"/></FormDef>`)
  for (const f of forms)
    out.push(`<ItemGroupDef OID="${f.itemGroupOid}" Name="${x(f.name)}" Repeating="No">${f.items.map((i, k) => `<ItemRef ItemOID="${x(i.oid)}" OrderNumber="${k + 1}" Mandatory="${i.mandatory ? 'Yes' : 'No'}"/>`).join('')}</ItemGroupDef>`)
  for (const f of forms)
    for (const i of f.items)
      out.push(
        `<ItemDef OID="${x(i.oid)}" Name="${x(i.name)}" DataType="${i.dataType}">${i.json ? `<Description>${tt('canonical JSON of the field value')}</Description>` : ''}${i.codeListOid ? `<CodeListRef CodeListOID="${x(i.codeListOid)}"/>` : ''}</ItemDef>`,
      )
  for (const c of codeLists) out.push(`<CodeList OID="${x(c.oid)}" Name="${x(c.name)}" DataType="text">${c.values.map((v) => `<CodeListItem CodedValue="${x(v)}"><Decode>${tt(v)}</Decode></CodeListItem>`).join('')}</CodeList>`)
  return out.join('\n')
}

/**
 * @returns an ODM 1.3.2 Transactional XML document with metadata, admin data and clinical data
 * @throws RangeError when creationDateTime or an audit / signature time is not an ISO 8601 date-time with offset,
 *   or an audit stamp names a user missing from `users`, or a value holds a character XML 1.0 does not allow
 * @example buildOdmCaptureExport(study, { fileOid: 'CT.NCT06352281.1', creationDateTime: '2025-06-15T08:00:00Z' }).includes('FileType="Transactional"') // true
 */
export function buildOdmCaptureExport(study: OdmCapturedStudy, { fileOid, creationDateTime, sourceSystemVersion = '0.1.0' }: OdmCaptureExportOptions): string {
  const users = new Set(study.users.map((u) => u.oid))
  const checkTime = (t: string, what: string) => {
    if (!DATETIME.test(t)) throw new RangeError(`${what}: expected an ISO 8601 date-time with offset, got ${JSON.stringify(t)}`)
  }
  const checkStamp = (a: { userOid: string; at: string }, what: string) => {
    checkTime(a.at, what)
    if (!users.has(a.userOid)) throw new RangeError(`${what}: user ${a.userOid} is not in the export's users`)
  }
  checkTime(creationDateTime, 'creationDateTime')
  creationDateTime = withSeconds(creationDateTime)
  const meta = odmStudyMetadata()
  const so = `ST.${study.registryId}`
  const mdv = `MDV.${study.protocolVersion}`
  const loc = (code: string) => `LOC.${code}`
  const meanings = new Map<string, string>()
  const sd = (m: string) => {
    if (!meanings.has(m)) meanings.set(m, `SD.${meanings.size + 1}`)
    return meanings.get(m)!
  }
  const byTarget = (kind: string, formType?: string) => meta.forms.find((f) => f.target.kind === kind && (formType === undefined || (f.target.kind === 'form' && f.target.formType === formType)))!
  const clinical: string[] = []
  for (const s of study.subjects) {
    const L = loc(s.siteCode)
    checkStamp(s.audit, `subject ${s.key}`)
    if (s.signature) checkStamp(s.signature, `subject ${s.key} signature`)
    clinical.push(`<SubjectData SubjectKey="${x(s.key)}">${s.signature ? signatureXml(s.signature, L, sd(s.signature.meaning)) : ''}<SiteRef LocationOID="${x(L)}"/><StudyEventData StudyEventOID="${meta.studyEventOid}">`)
    const dm = byTarget('demographics')
    const dmItems = [s.sex === null ? '' : `<ItemData ItemOID="IT.DM.SEX" Value="${x(s.sex)}"/>`, s.age === null ? '' : `<ItemData ItemOID="IT.DM.AGE" Value="${s.age}"/>`].join('')
    clinical.push(`<FormData FormOID="${dm.oid}" TransactionType="Insert">${auditXml(s.audit, L)}<ItemGroupData ItemGroupOID="${dm.itemGroupOid}">${dmItems}</ItemGroupData></FormData>`)
    const lb = byTarget('lab')
    for (const l of s.labs) {
      checkStamp(l.audit, `lab ${l.repeatKey}`)
      const v = (n: string, val: string | number | null) => (val === null ? '' : `<ItemData ItemOID="IT.LB.${n}" Value="${x(val)}"/>`)
      clinical.push(
        `<FormData FormOID="${lb.oid}" FormRepeatKey="${x(l.repeatKey)}" TransactionType="Insert">${auditXml(l.audit, L)}<ItemGroupData ItemGroupOID="${lb.itemGroupOid}">${v('LBTESTCD', l.testCode)}${v('LBORRES', l.value)}${v('LBORRESU', l.unit)}${v('LBDTC', l.date)}${v('LBORNRLO', l.refLow)}${v('LBORNRHI', l.refHigh)}</ItemGroupData></FormData>`,
      )
      if (l.voided) {
        checkStamp(l.voided, `lab ${l.repeatKey} void`)
        clinical.push(`<FormData FormOID="${lb.oid}" FormRepeatKey="${x(l.repeatKey)}" TransactionType="Remove">${auditXml(l.voided, L)}</FormData>`)
      }
    }
    for (const r of s.records) {
      const f = byTarget('form', r.formType)
      let previous: Set<string> = new Set()
      for (const [k, ver] of r.versions.entries()) {
        checkStamp(ver.audit, `form record ${r.repeatKey} version ${k + 1}`)
        if (ver.signature) checkStamp(ver.signature, `form record ${r.repeatKey} signature`)
        const head = `<FormData FormOID="${f.oid}" FormRepeatKey="${x(r.repeatKey)}" TransactionType="${ver.transaction}">${auditXml(ver.audit, L)}${ver.signature ? signatureXml(ver.signature, L, sd(ver.signature.meaning)) : ''}`
        if (ver.transaction === 'Remove' || ver.data === null) {
          clinical.push(`${head}</FormData>`)
          continue
        }
        const present = new Set<string>()
        const items: string[] = []
        for (const i of f.items) {
          const value = i.recordAttribute ? (i.name === 'VISITDAY' ? ver.visitDay : ver.visitLabel) : getPath(ver.data, i.path)
          if (value === undefined || (i.recordAttribute && value === null)) continue
          present.add(i.oid)
          const text = encodeOdmValue(i, value)
          items.push(text === null ? `<ItemData ItemOID="${x(i.oid)}" IsNull="Yes"/>` : `<ItemData ItemOID="${x(i.oid)}" Value="${x(text)}"/>`)
        }
        // an Update sets the items it carries; items of the previous version that are now absent are removed
        if (ver.transaction === 'Update') for (const oid of previous) if (!present.has(oid)) items.push(`<ItemData ItemOID="${x(oid)}" TransactionType="Remove"/>`)
        previous = present
        clinical.push(`${head}<ItemGroupData ItemGroupOID="${f.itemGroupOid}">${items.join('')}</ItemGroupData></FormData>`)
      }
    }
    clinical.push(`</StudyEventData></SubjectData>`)
  }
  const out: string[] = []
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`)
  out.push(
    `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Transactional" FileOID="${x(fileOid)}" CreationDateTime="${x(creationDateTime)}" Granularity="All" Archival="Yes" SourceSystem="CellTrial" SourceSystemVersion="${x(sourceSystemVersion)}">`,
  )
  out.push(`<Study OID="${x(so)}"><GlobalVariables><StudyName>${x(study.registryId)}</StudyName><StudyDescription>${x(study.title)}</StudyDescription><ProtocolName>${x(study.registryId)}</ProtocolName></GlobalVariables>`)
  out.push(`<MetaDataVersion OID="${x(mdv)}" Name="Protocol version ${x(study.protocolVersion)}">`)
  out.push(metadataXml(meta.forms, meta.codeLists, meta.studyEventOid))
  out.push(`</MetaDataVersion></Study>`)
  out.push(`<AdminData StudyOID="${x(so)}">`)
  for (const u of study.users) out.push(`<User OID="${x(u.oid)}"><LoginName>${x(u.loginName)}</LoginName><DisplayName>${x(u.displayName)}</DisplayName></User>`)
  for (const st of study.sites) out.push(`<Location OID="${x(loc(st.code))}" Name="${x(st.name)}" LocationType="Site"><MetaDataVersionRef StudyOID="${x(so)}" MetaDataVersionOID="${x(mdv)}" EffectiveDate="${x(creationDateTime.slice(0, 10))}"/></Location>`)
  for (const [m, oid] of meanings) out.push(`<SignatureDef OID="${oid}" Methodology="Electronic"><Meaning>${x(m)}</Meaning><LegalReason>21 CFR 11.50: signed electronically with password re-entry</LegalReason></SignatureDef>`)
  out.push(`</AdminData>`)
  out.push(`<ClinicalData StudyOID="${x(so)}" MetaDataVersionOID="${x(mdv)}">`)
  out.push(...clinical)
  out.push(`</ClinicalData></ODM>`)
  return out.join('\n')
}
