/**
 * CDISC ODM 1.3.2 Snapshot export of subjects, laboratory results and adverse events.
 * Source: interchange/ctgov-fhir-odm.md §3 (namespace http://www.cdisc.org/ns/odm/v1.3; required FileOID,
 * FileType, CreationDateTime; convention ODMVersion="1.3.2"; Snapshot = current state, TransactionType absent,
 * no AuditRecord; GlobalVariables StudyName/StudyDescription/ProtocolName all required; element order of the
 * ODM1-3-2-foundation.xsd content models: Protocol, StudyEventDef, FormDef, ItemGroupDef, ItemDef, CodeList).
 * One common study event SE.STUDY holds three repeating forms (DM, LB, AE) with one item group each; item
 * names are the SDTM variable names.
 */
import type { ExchangeStudy } from './exchange-study.js'

/** Characters outside XML 1.0 `Char` (§2.2): C0 controls other than tab / LF / CR, U+FFFE, U+FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- finding the control characters XML 1.0 forbids is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Text or attribute value for an ODM document. Tab, LF and CR are written as character references: a parser
 * normalises them to spaces in attribute values (XML 1.0 §3.3.3), which would change an ItemData Value. A
 * character XML 1.0 cannot carry at all (§2.2 Char, not even as a character reference) is refused: written raw
 * it would make the whole file not well-formed.
 * @throws RangeError naming the value when it holds such a character
 * @example odmXmlText('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function odmXmlText(v: string | number): string {
  const s = String(v)
  const bad = NOT_XML_CHAR.exec(s)
  if (bad) throw new RangeError(`cannot write ${JSON.stringify(s)} to ODM XML: character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0`)
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}
const x = odmXmlText

/** `2025-06-15T08:00Z` -> `2025-06-15T08:00:00Z` (the same instant, as a complete date-time). */
export const withSeconds = (t: string): string => t.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?=Z|[+-])/, '$1:00')

const ITEMS: Record<'DM' | 'LB' | 'AE', [name: string, type: 'text' | 'integer' | 'float' | 'date' | 'time', mandatory: boolean][]> = {
  DM: [['SITEID', 'text', true], ['AGE', 'integer', false], ['SEX', 'text', true], ['ARMCD', 'text', false], ['RFXSTDTC', 'date', false]],
  // SDTMIG 3.4 LB: LBORRES / LBORRESU as collected; the number used for analysis with its unit and reference range
  // in standard units (LBSTRESN, LBSTRESU, LBSTNRLO, LBSTNRHI): the range is in the unit of `ExchangeLab.value`
  LB: [['LBTESTCD', 'text', true], ['LBORRES', 'text', true], ['LBORRESU', 'text', false], ['LBSTRESN', 'float', false], ['LBSTRESU', 'text', false], ['LBDTC', 'date', true], ['LBTIM', 'time', false], ['LBSTNRLO', 'float', false], ['LBSTNRHI', 'float', false]],
  AE: [['AEDECOD', 'text', true], ['AETOX', 'text', false], ['AETOXGR', 'integer', false], ['AESER', 'text', true], ['AESTDTC', 'date', true], ['AEENDTC', 'date', false]],
}
const NAMES = { DM: 'Demographics', LB: 'Laboratory results', AE: 'Adverse events' }

export interface OdmExportOptions {
  /** unique per file */
  fileOid: string
  /** ISO 8601 date-time of the file (core takes the clock as an argument) */
  creationDateTime: string
  /** protocol version, for the MetaDataVersion name */
  protocolVersion?: string
  sourceSystemVersion?: string
}

/**
 * @returns an ODM 1.3.2 Snapshot XML document
 * @throws RangeError when creationDateTime is not an ISO 8601 date-time, or a value holds a character XML 1.0 does
 *   not allow (`odmXmlText`)
 * @example buildOdmSnapshot(study, { fileOid: 'CT.NCT06352281.1', creationDateTime: '2025-06-15T08:00:00Z' }).startsWith('<?xml') // true
 */
export function buildOdmSnapshot(study: ExchangeStudy, { fileOid, creationDateTime, protocolVersion = '1', sourceSystemVersion = '0.1.0' }: OdmExportOptions): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(creationDateTime))
    throw new RangeError(`creationDateTime must be an ISO 8601 date-time with offset, got ${JSON.stringify(creationDateTime)}`)
  // ctgov-fhir-odm.md §3: CreationDateTime is a complete ISO 8601 date-time (ODM datetime: seconds required)
  creationDateTime = withSeconds(creationDateTime)
  const so = `ST.${study.registryId}`
  const mdv = `MDV.${protocolVersion}`
  const out: string[] = []
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`)
  out.push(`<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="${x(fileOid)}" CreationDateTime="${x(creationDateTime)}" Granularity="All" SourceSystem="CellTrial" SourceSystemVersion="${x(sourceSystemVersion)}">`)
  out.push(`<Study OID="${x(so)}"><GlobalVariables><StudyName>${x(study.registryId)}</StudyName><StudyDescription>${x(study.title)}</StudyDescription><ProtocolName>${x(study.registryId)}</ProtocolName></GlobalVariables>`)
  out.push(`<MetaDataVersion OID="${x(mdv)}" Name="Protocol version ${x(protocolVersion)}">`)
  out.push(`<Protocol><StudyEventRef StudyEventOID="SE.STUDY" Mandatory="Yes" OrderNumber="1"/></Protocol>`)
  out.push(`<StudyEventDef OID="SE.STUDY" Name="Study" Repeating="No" Type="Common">${(['DM', 'LB', 'AE'] as const).map((d) => `<FormRef FormOID="F.${d}" Mandatory="${d === 'DM' ? 'Yes' : 'No'}"/>`).join('')}</StudyEventDef>`)
  for (const d of ['DM', 'LB', 'AE'] as const) out.push(`<FormDef OID="F.${d}" Name="${NAMES[d]}" Repeating="No"><ItemGroupRef ItemGroupOID="IG.${d}" Mandatory="Yes"/></FormDef>`)
  for (const d of ['DM', 'LB', 'AE'] as const)
    out.push(`<ItemGroupDef OID="IG.${d}" Name="${NAMES[d]}" Repeating="${d === 'DM' ? 'No' : 'Yes'}" Domain="${d}" SASDatasetName="${d}">${ITEMS[d].map(([n, , m]) => `<ItemRef ItemOID="IT.${d}.${n}" Mandatory="${m ? 'Yes' : 'No'}"/>`).join('')}</ItemGroupDef>`)
  for (const d of ['DM', 'LB', 'AE'] as const)
    for (const [n, type] of ITEMS[d])
      out.push(`<ItemDef OID="IT.${d}.${n}" Name="${n}" DataType="${type}" SASFieldName="${n}">${n === 'SEX' ? '<CodeListRef CodeListOID="CL.SEX"/>' : n === 'AESER' ? '<CodeListRef CodeListOID="CL.NY"/>' : ''}</ItemDef>`)
  out.push(`<CodeList OID="CL.SEX" Name="Sex" DataType="text">${[['M', 'Male'], ['F', 'Female'], ['U', 'Unknown'], ['UNDIFFERENTIATED', 'Undifferentiated']].map(([c, dcd]) => `<CodeListItem CodedValue="${c}"><Decode><TranslatedText xml:lang="en">${dcd}</TranslatedText></Decode></CodeListItem>`).join('')}</CodeList>`)
  out.push(`<CodeList OID="CL.NY" Name="No Yes" DataType="text"><CodeListItem CodedValue="N"><Decode><TranslatedText xml:lang="en">No</TranslatedText></Decode></CodeListItem><CodeListItem CodedValue="Y"><Decode><TranslatedText xml:lang="en">Yes</TranslatedText></Decode></CodeListItem></CodeList>`)
  out.push(`</MetaDataVersion></Study>`)
  const sites = [...new Set(study.subjects.map((s) => s.siteId))]
  out.push(`<AdminData StudyOID="${x(so)}">${sites.map((s) => `<Location OID="LOC.${x(s)}" Name="${x(s)}" LocationType="Site"><MetaDataVersionRef StudyOID="${x(so)}" MetaDataVersionOID="${x(mdv)}" EffectiveDate="${x(creationDateTime.slice(0, 10))}"/></Location>`).join('')}</AdminData>`)
  out.push(`<ClinicalData StudyOID="${x(so)}" MetaDataVersionOID="${x(mdv)}">`)
  const item = (d: string, n: string, v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '' : `<ItemData ItemOID="IT.${d}.${n}" Value="${x(v)}"/>`)
  for (const s of study.subjects) {
    out.push(`<SubjectData SubjectKey="${x(s.usubjid)}"><SiteRef LocationOID="LOC.${x(s.siteId)}"/><StudyEventData StudyEventOID="SE.STUDY">`)
    out.push(`<FormData FormOID="F.DM"><ItemGroupData ItemGroupOID="IG.DM">${item('DM', 'SITEID', s.siteId)}${item('DM', 'AGE', s.age)}${item('DM', 'SEX', s.sex)}${item('DM', 'ARMCD', s.armCode)}${item('DM', 'RFXSTDTC', s.infusionDate)}</ItemGroupData></FormData>`)
    if (s.labs.length > 0)
      out.push(`<FormData FormOID="F.LB">${s.labs.map((l, k) => `<ItemGroupData ItemGroupOID="IG.LB" ItemGroupRepeatKey="${k + 1}">${item('LB', 'LBTESTCD', l.testCode)}${item('LB', 'LBORRES', l.text || (l.value ?? ''))}${item('LB', 'LBORRESU', l.text ? (l.textUnit === undefined ? l.unit : l.textUnit) : l.unit)}${item('LB', 'LBSTRESN', l.value)}${item('LB', 'LBSTRESU', l.value === null ? null : l.unit)}${item('LB', 'LBDTC', l.date)}${item('LB', 'LBTIM', l.time && l.time.length === 5 ? `${l.time}:00` : l.time)}${item('LB', 'LBSTNRLO', l.refLow)}${item('LB', 'LBSTNRHI', l.refHigh)}</ItemGroupData>`).join('')}</FormData>`)
    if (s.adverseEvents.length > 0)
      out.push(`<FormData FormOID="F.AE">${s.adverseEvents.map((a, k) => `<ItemGroupData ItemGroupOID="IG.AE" ItemGroupRepeatKey="${k + 1}">${item('AE', 'AEDECOD', a.term)}${item('AE', 'AETOX', a.gradingSystem)}${item('AE', 'AETOXGR', a.grade)}${item('AE', 'AESER', a.serious ? 'Y' : 'N')}${item('AE', 'AESTDTC', a.startDate)}${item('AE', 'AEENDTC', a.endDate)}</ItemGroupData>`).join('')}</FormData>`)
    out.push(`</StudyEventData></SubjectData>`)
  }
  out.push(`</ClinicalData></ODM>`)
  return out.join('\n')
}
