/**
 * Structural validation of an ODM 1.3.2 document, standing in for the XSD (which cannot be fetched on a closed
 * network): element nesting and order per the content models of ODM1-3-2-foundation.xsd for the elements CellTrial
 * reads and writes, required attributes and their enumerations, OID uniqueness, that every reference resolves
 * (StudyEventRef/FormRef/ItemGroupRef/ItemRef/CodeListRef to their defs; ClinicalData to a Study and its
 * MetaDataVersion; StudyEventData/FormData/ItemGroupData/ItemData to defs of that MetaDataVersion and to the
 * refs of their parent's def; UserRef/LocationRef/SiteRef/SignatureRef to AdminData), the AuditRecord and
 * Signature structure, and the TransactionType rules (a Snapshot has only Insert and no AuditRecord; in a
 * Transactional file an element with a TransactionType has an AuditRecord, its own or an ancestor's).
 * Elements outside the modelled subset are reported, never silently passed.
 * Source: interchange/ctgov-fhir-odm.md §3 (hierarchy, required attributes, AuditRecord, Signature, Snapshot and
 * Transactional rules), from cdisc-org/DataExchange-ODM archive/ODM1-3-2/ODM1-3-2-foundation.xsd.
 */
import { localName, readOdmXml, type OdmNode, type XmlIssue } from './odm-xml.js'

type Card = '1' | '?' | '*' | '+'
interface Model {
  required?: string[]
  enums?: Record<string, readonly string[]>
  /** ordered sequence of children with cardinality; absent = text only */
  children?: [name: string, card: Card][]
}

const YN = ['Yes', 'No'] as const
const TT = { TransactionType: ['Insert', 'Update', 'Remove', 'Upsert', 'Context'] } as const
const DATA_TYPES = ['integer', 'float', 'date', 'time', 'datetime', 'string', 'text', 'boolean', 'double', 'hexBinary', 'base64Binary', 'hexFloat', 'base64Float', 'partialDate', 'partialTime', 'partialDatetime', 'durationDatetime', 'intervalDatetime', 'incompleteDatetime', 'incompleteDate', 'incompleteTime', 'URI'] as const
const TEXT: Model = {}
const DESC: [string, Card] = ['Description', '?']
const ALIAS: [string, Card] = ['Alias', '*']

/** Content models of ODM1-3-2-foundation.xsd, for the subset of ODM that CellTrial exchanges. */
const MODELS: Record<string, Model> = {
  ODM: {
    required: ['FileOID', 'FileType', 'CreationDateTime'],
    enums: { FileType: ['Snapshot', 'Transactional'], ODMVersion: ['1.2', '1.2.1', '1.3', '1.3.1', '1.3.2'], Granularity: ['All', 'Metadata', 'AdminData', 'ReferenceData', 'AllClinicalData', 'SingleSite', 'SingleSubject'], Archival: ['Yes'] },
    children: [['Study', '*'], ['AdminData', '*'], ['ReferenceData', '*'], ['ClinicalData', '*'], ['Association', '*'], ['Signature', '*']],
  },
  Study: { required: ['OID'], children: [['GlobalVariables', '1'], ['BasicDefinitions', '?'], ['MetaDataVersion', '*']] },
  GlobalVariables: { children: [['StudyName', '1'], ['StudyDescription', '1'], ['ProtocolName', '1']] },
  BasicDefinitions: { children: [['MeasurementUnit', '*']] },
  MetaDataVersion: {
    required: ['OID', 'Name'],
    children: [['Include', '?'], ['Protocol', '?'], ['StudyEventDef', '*'], ['FormDef', '*'], ['ItemGroupDef', '*'], ['ItemDef', '*'], ['CodeList', '*'], ['ImputationMethod', '*'], ['Presentation', '*'], ['ConditionDef', '*'], ['MethodDef', '*']],
  },
  Protocol: { children: [DESC, ['StudyEventRef', '*'], ALIAS] },
  StudyEventRef: { required: ['StudyEventOID', 'Mandatory'], enums: { Mandatory: YN }, children: [] },
  StudyEventDef: { required: ['OID', 'Name', 'Repeating', 'Type'], enums: { Repeating: YN, Type: ['Scheduled', 'Unscheduled', 'Common'] }, children: [DESC, ['FormRef', '*'], ALIAS] },
  FormRef: { required: ['FormOID', 'Mandatory'], enums: { Mandatory: YN }, children: [] },
  FormDef: { required: ['OID', 'Name', 'Repeating'], enums: { Repeating: YN }, children: [DESC, ['ItemGroupRef', '*'], ['ArchiveLayout', '*'], ALIAS] },
  ItemGroupRef: { required: ['ItemGroupOID', 'Mandatory'], enums: { Mandatory: YN }, children: [] },
  ItemGroupDef: { required: ['OID', 'Name', 'Repeating'], enums: { Repeating: YN, IsReferenceData: YN }, children: [DESC, ['ItemRef', '*'], ALIAS] },
  ItemRef: { required: ['ItemOID', 'Mandatory'], enums: { Mandatory: YN }, children: [] },
  ItemDef: { required: ['OID', 'Name', 'DataType'], enums: { DataType: DATA_TYPES }, children: [DESC, ['Question', '?'], ['ExternalQuestion', '?'], ['MeasurementUnitRef', '*'], ['RangeCheck', '*'], ['CodeListRef', '?'], ['Role', '*'], ALIAS] },
  Description: { children: [['TranslatedText', '+']] },
  Question: { children: [['TranslatedText', '+']] },
  Decode: { children: [['TranslatedText', '+']] },
  TranslatedText: TEXT,
  CodeListRef: { required: ['CodeListOID'], children: [] },
  CodeList: { required: ['OID', 'Name', 'DataType'], enums: { DataType: ['integer', 'float', 'text', 'string'] }, children: [DESC, ['CodeListItem', '*'], ['EnumeratedItem', '*'], ['ExternalCodeList', '?'], ALIAS] },
  CodeListItem: { required: ['CodedValue'], children: [['Decode', '1'], ALIAS] },
  EnumeratedItem: { required: ['CodedValue'], children: [ALIAS] },
  Alias: { required: ['Context', 'Name'], children: [] },
  AdminData: { children: [['User', '*'], ['Location', '*'], ['SignatureDef', '*']] },
  User: {
    required: ['OID'],
    enums: { UserType: ['Sponsor', 'Investigator', 'Lab', 'Other'] },
    children: [['LoginName', '?'], ['DisplayName', '?'], ['FullName', '?'], ['FirstName', '?'], ['LastName', '?'], ['Organization', '?'], ['Address', '*'], ['Email', '*'], ['Picture', '?'], ['Pager', '?'], ['Fax', '*'], ['Phone', '*'], ['LocationRef', '*'], ['Certificate', '*']],
  },
  Location: { required: ['OID', 'Name'], enums: { LocationType: ['Sponsor', 'Site', 'CRO', 'Lab', 'Other'] }, children: [['MetaDataVersionRef', '+']] },
  MetaDataVersionRef: { required: ['StudyOID', 'MetaDataVersionOID', 'EffectiveDate'], children: [] },
  SignatureDef: { required: ['OID'], enums: { Methodology: ['Digital', 'Electronic'] }, children: [['Meaning', '1'], ['LegalReason', '1']] },
  ClinicalData: { required: ['StudyOID', 'MetaDataVersionOID'], children: [['SubjectData', '*'], ['AuditRecords', '?'], ['Signatures', '?'], ['Annotations', '?']] },
  SubjectData: { required: ['SubjectKey'], enums: TT, children: [['AuditRecord', '?'], ['Signature', '?'], ['InvestigatorRef', '?'], ['SiteRef', '?'], ['Annotation', '*'], ['StudyEventData', '*']] },
  StudyEventData: { required: ['StudyEventOID'], enums: TT, children: [['AuditRecord', '?'], ['Signature', '?'], ['Annotation', '*'], ['FormData', '*']] },
  FormData: { required: ['FormOID'], enums: TT, children: [['AuditRecord', '?'], ['Signature', '?'], ['ArchiveLayoutRef', '?'], ['Annotation', '*'], ['ItemGroupData', '*']] },
  ItemGroupData: { required: ['ItemGroupOID'], enums: TT, children: [['AuditRecord', '?'], ['Signature', '?'], ['Annotation', '*'], ['ItemData', '*']] },
  ItemData: { required: ['ItemOID'], enums: { ...TT, IsNull: ['Yes'] }, children: [['AuditRecord', '?'], ['Signature', '?'], ['MeasurementUnitRef', '?'], ['Annotation', '*']] },
  SiteRef: { required: ['LocationOID'], children: [] },
  InvestigatorRef: { required: ['UserOID'], children: [] },
  AuditRecord: { enums: { EditPoint: ['Monitoring', 'DataManagement', 'DBAudit'], UsedImputationMethod: YN }, children: [['UserRef', '1'], ['LocationRef', '1'], ['DateTimeStamp', '1'], ['ReasonForChange', '?'], ['SourceID', '?']] },
  Signature: { children: [['UserRef', '1'], ['LocationRef', '1'], ['SignatureRef', '1'], ['DateTimeStamp', '1'], ['CryptoBindingManifest', '?']] },
  UserRef: { required: ['UserOID'], children: [] },
  LocationRef: { required: ['LocationOID'], children: [] },
  SignatureRef: { required: ['SignatureOID'], children: [] },
}
// §3 hierarchy: typed ItemDataFloat / ItemDataString / ... hold their value as text (never mixed with ItemData)
const TYPED_ITEM_DATA = ['Any', 'String', 'Integer', 'Float', 'Date', 'Time', 'Datetime', 'Boolean', 'HexBinary', 'Base64Binary', 'HexFloat', 'Base64Float', 'PartialDate', 'PartialTime', 'PartialDatetime', 'DurationDatetime', 'IntervalDatetime', 'IncompleteDatetime', 'IncompleteDate', 'IncompleteTime', 'URI', 'Double'].map((t) => `ItemData${t}`)
for (const t of TYPED_ITEM_DATA) MODELS[t] = { required: ['ItemOID'], enums: { ...TT, IsNull: ['Yes'] } }
/** The name an element takes in its parent's content model (a typed ItemData stands where ItemData does). */
const seqName = (n: OdmNode) => (TYPED_ITEM_DATA.includes(localName(n.name)) ? 'ItemData' : localName(n.name))
for (const t of ['StudyName', 'StudyDescription', 'ProtocolName', 'DateTimeStamp', 'ReasonForChange', 'SourceID', 'LoginName', 'DisplayName', 'FullName', 'FirstName', 'LastName', 'Organization', 'Meaning', 'LegalReason', 'CryptoBindingManifest'])
  MODELS[t] = TEXT

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

/**
 * Validate an ODM 1.3.2 document's structure and references.
 * @returns every problem, each with line, element path and OID; `[]` when the document is valid
 * @example validateOdmStructure('<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" FileOID="f" FileType="Snapshot" CreationDateTime="2025-01-01T00:00:00Z"/>') // []
 */
export function validateOdmStructure(xml: string, options: { maxBytes?: number } = {}): XmlIssue[] {
  const read = readOdmXml(xml, options)
  if (!read.ok) return read.issues
  const issues: XmlIssue[] = []
  const at = (n: OdmNode, code: string, message: string, oid: string | null = null) => issues.push({ code: `odm.${code}`, path: [n.path], message, line: n.line, oid })
  const root = read.root
  if (root.name !== 'ODM') {
    at(root, 'not_odm', `the root element is ${root.name}, expected ODM`)
    return issues
  }
  if (root.attrs.xmlns !== 'http://www.cdisc.org/ns/odm/v1.3') at(root, 'namespace', `xmlns must be http://www.cdisc.org/ns/odm/v1.3, got ${JSON.stringify(root.attrs.xmlns ?? null)}`)

  // 1. content models
  const walk = (n: OdmNode) => {
    const model = MODELS[localName(n.name)]
    if (!model) {
      at(n, 'unknown_element', `${n.name} is not an element of the ODM 1.3.2 content model this validator knows`)
      return
    }
    for (const a of model.required ?? []) if (n.attrs[a] === undefined || n.attrs[a] === '') at(n, 'required_attribute', `${n.name}: attribute ${a} is required`)
    for (const [a, allowed] of Object.entries(model.enums ?? {}))
      if (n.attrs[a] !== undefined && !allowed.includes(n.attrs[a])) at(n, 'enumeration', `${n.name}: ${a} must be one of ${allowed.join(', ')}, got ${JSON.stringify(n.attrs[a])}`)
    // §3 AuditRecord / Signature: DateTimeStamp is a complete ISO 8601 date-time (checked before the text-only
    // return below, which it used to follow and so never ran)
    if (localName(n.name) === 'DateTimeStamp' && !DATETIME.test(n.text)) at(n, 'date_time', `DateTimeStamp must be a complete ISO 8601 date-time, got ${JSON.stringify(n.text.slice(0, 40))}`)
    const seq = model.children
    if (seq === undefined) {
      if (n.children.length > 0) at(n.children[0]!, 'unexpected_element', `${n.name} holds text only, found element ${n.children[0]!.name}`)
      return
    }
    if (n.text.trim() !== '') at(n, 'unexpected_text', `${n.name} holds elements only, found text ${JSON.stringify(n.text.trim().slice(0, 40))}`)
    let k = 0
    for (const [name, card] of seq) {
      let count = 0
      while (k < n.children.length && seqName(n.children[k]!) === name) {
        count++
        k++
      }
      if ((card === '1' || card === '+') && count === 0) at(n, 'missing_element', `${n.name}: ${name} is required here (after ${seq.slice(0, seq.findIndex((s) => s[0] === name)).filter((s) => s[1] !== '*' && s[1] !== '?').map((s) => s[0]).join(', ') || 'the start'})`)
      if ((card === '1' || card === '?') && count > 1) at(n.children[k - 1]!, 'too_many', `${n.name}: at most one ${name}, found ${count}`)
    }
    if (k < n.children.length) {
      const c = n.children[k]!
      const allowed = seq.map((s) => s[0])
      at(c, allowed.includes(seqName(c)) ? 'order' : 'unexpected_element', allowed.includes(seqName(c)) ? `${c.name} is out of order in ${n.name} (order: ${allowed.join(', ')})` : `${c.name} is not allowed in ${n.name} (allowed: ${allowed.join(', ') || 'nothing'})`)
    }
    if (localName(n.name) === 'CodeList' && n.children.filter((c) => ['CodeListItem', 'EnumeratedItem', 'ExternalCodeList'].includes(c.name)).map((c) => c.name).filter((v, i, a) => a.indexOf(v) === i).length !== 1)
      at(n, 'code_list_items', 'a CodeList holds CodeListItems, EnumeratedItems or one ExternalCodeList (one kind)', n.attrs.OID ?? null)
    if (localName(n.name) === 'ItemGroupData' && new Set(n.children.filter((c) => seqName(c) === 'ItemData').map((c) => localName(c.name) === 'ItemData')).size > 1)
      at(n, 'mixed_item_data', 'an ItemGroupData holds ItemData or typed ItemData elements, never both', n.attrs.ItemGroupOID ?? null)
    for (const c of n.children) walk(c)
  }
  walk(root)
  // §3 Transactional: Archival="Yes" only on Transactional files
  if (root.attrs.Archival === 'Yes' && root.attrs.FileType !== 'Transactional') at(root, 'archival', `Archival="Yes" is only for Transactional files, FileType is ${JSON.stringify(root.attrs.FileType ?? null)}`)
  if (root.attrs.CreationDateTime && !DATETIME.test(root.attrs.CreationDateTime)) at(root, 'date_time', `CreationDateTime must be an ISO 8601 date-time, got ${JSON.stringify(root.attrs.CreationDateTime)}`)

  // 2. definitions and references
  const kids = (n: OdmNode, name: string) => n.children.filter((c) => localName(c.name) === name)
  const studies = new Map<string, OdmNode>()
  for (const s of kids(root, 'Study')) {
    if (studies.has(s.attrs.OID!)) at(s, 'duplicate_oid', `Study OID ${s.attrs.OID} is defined twice`, s.attrs.OID)
    studies.set(s.attrs.OID!, s)
  }
  type Defs = Map<string, Map<string, OdmNode>>
  const mdvDefs = new Map<string, Defs>()
  for (const [soid, s] of studies)
    for (const mdv of kids(s, 'MetaDataVersion')) {
      const defs: Defs = new Map()
      for (const kind of ['StudyEventDef', 'FormDef', 'ItemGroupDef', 'ItemDef', 'CodeList']) {
        const m = new Map<string, OdmNode>()
        for (const d of kids(mdv, kind)) {
          if (m.has(d.attrs.OID!)) at(d, 'duplicate_oid', `${kind} OID ${d.attrs.OID} is defined twice`, d.attrs.OID)
          m.set(d.attrs.OID!, d)
        }
        defs.set(kind, m)
      }
      mdvDefs.set(`${soid}\u0000${mdv.attrs.OID}`, defs)
      const ref = (n: OdmNode, attr: string, kind: string) => {
        const oid = n.attrs[attr]
        if (oid !== undefined && !defs.get(kind)!.has(oid)) at(n, 'unresolved_oid', `${n.name} ${attr}=${JSON.stringify(oid)} names no ${kind} of MetaDataVersion ${mdv.attrs.OID}`, oid)
      }
      for (const p of kids(mdv, 'Protocol')) for (const r of kids(p, 'StudyEventRef')) ref(r, 'StudyEventOID', 'StudyEventDef')
      for (const d of defs.get('StudyEventDef')!.values()) for (const r of kids(d, 'FormRef')) ref(r, 'FormOID', 'FormDef')
      for (const d of defs.get('FormDef')!.values()) for (const r of kids(d, 'ItemGroupRef')) ref(r, 'ItemGroupOID', 'ItemGroupDef')
      for (const d of defs.get('ItemGroupDef')!.values()) for (const r of kids(d, 'ItemRef')) ref(r, 'ItemOID', 'ItemDef')
      for (const d of defs.get('ItemDef')!.values()) for (const r of kids(d, 'CodeListRef')) ref(r, 'CodeListOID', 'CodeList')
    }
  const users = new Set<string>()
  const locations = new Set<string>()
  const signatureDefs = new Set<string>()
  for (const a of kids(root, 'AdminData')) {
    for (const u of kids(a, 'User')) users.add(u.attrs.OID!)
    for (const l of kids(a, 'Location')) {
      locations.add(l.attrs.OID!)
      for (const r of kids(l, 'MetaDataVersionRef'))
        if (!mdvDefs.has(`${r.attrs.StudyOID}\u0000${r.attrs.MetaDataVersionOID}`)) at(r, 'unresolved_oid', `MetaDataVersionRef ${r.attrs.StudyOID}/${r.attrs.MetaDataVersionOID} names no MetaDataVersion of the file`, r.attrs.MetaDataVersionOID ?? null)
    }
    for (const s of kids(a, 'SignatureDef')) signatureDefs.add(s.attrs.OID!)
  }
  const adminRef = (n: OdmNode) => {
    const checks: [string, string, Set<string>][] = [['UserRef', 'UserOID', users], ['InvestigatorRef', 'UserOID', users], ['LocationRef', 'LocationOID', locations], ['SiteRef', 'LocationOID', locations], ['SignatureRef', 'SignatureOID', signatureDefs]]
    for (const [name, attr, set] of checks) if (localName(n.name) === name && n.attrs[attr] !== undefined && !set.has(n.attrs[attr])) at(n, 'unresolved_oid', `${name} ${attr}=${JSON.stringify(n.attrs[attr])} names nothing in AdminData`, n.attrs[attr])
    for (const c of n.children) adminRef(c)
  }
  const fileType = root.attrs.FileType
  for (const cd of kids(root, 'ClinicalData')) {
    adminRef(cd)
    const defs = mdvDefs.get(`${cd.attrs.StudyOID}\u0000${cd.attrs.MetaDataVersionOID}`)
    if (!studies.has(cd.attrs.StudyOID ?? '')) at(cd, 'unresolved_oid', `ClinicalData StudyOID=${JSON.stringify(cd.attrs.StudyOID ?? null)} names no Study of the file`, cd.attrs.StudyOID ?? null)
    else if (!defs) at(cd, 'unresolved_oid', `ClinicalData MetaDataVersionOID=${JSON.stringify(cd.attrs.MetaDataVersionOID ?? null)} names no MetaDataVersion of Study ${cd.attrs.StudyOID}`, cd.attrs.MetaDataVersionOID ?? null)
    const refsOf = (def: OdmNode | undefined, refName: string, attr: string) => new Set(def ? kids(def, refName).map((r) => r.attrs[attr]!) : [])
    const codeListOf = (itemDef: OdmNode | undefined) => {
      const cl = itemDef && kids(itemDef, 'CodeListRef')[0]?.attrs.CodeListOID
      const list = cl ? defs?.get('CodeList')!.get(cl) : undefined
      return list ? new Set(kids(list, 'CodeListItem').concat(kids(list, 'EnumeratedItem')).map((i) => i.attrs.CodedValue!)) : null
    }
    const data = (n: OdmNode, inheritedTt: string | undefined, hasAudit: boolean, parentDef: OdmNode | undefined) => {
      const level = seqName(n)
      const specs: Record<string, [attr: string, kind: string] | null> = { SubjectData: null, StudyEventData: ['StudyEventOID', 'StudyEventDef'], FormData: ['FormOID', 'FormDef'], ItemGroupData: ['ItemGroupOID', 'ItemGroupDef'], ItemData: ['ItemOID', 'ItemDef'] }
      const spec = specs[level]
      if (spec === undefined) return
      const tt = n.attrs.TransactionType ?? inheritedTt
      const audit = hasAudit || kids(n, 'AuditRecord').length > 0
      if (fileType === 'Snapshot') {
        if (n.attrs.TransactionType !== undefined && n.attrs.TransactionType !== 'Insert') at(n, 'snapshot_transaction', `a Snapshot carries no TransactionType other than Insert, got ${n.attrs.TransactionType}`)
        if (kids(n, 'AuditRecord').length > 0) at(kids(n, 'AuditRecord')[0]!, 'snapshot_audit', 'an AuditRecord has no meaning in a Snapshot file')
      } else if (tt !== undefined && !audit) at(n, 'missing_audit', `${n.name} has TransactionType ${tt} but no AuditRecord (its own or an ancestor's)`)
      if (inheritedTt === 'Remove' && n.attrs.TransactionType !== undefined && n.attrs.TransactionType !== 'Remove') at(n, 'remove_descendant', `the descendants of a Remove must be Remove, got ${n.attrs.TransactionType}`)
      let def: OdmNode | undefined
      if (spec && defs) {
        const [attr, kind] = spec
        const oid = n.attrs[attr]!
        def = defs.get(kind)!.get(oid)
        if (!def) at(n, 'unresolved_oid', `${n.name} ${attr}=${JSON.stringify(oid)} names no ${kind} of MetaDataVersion ${cd.attrs.MetaDataVersionOID}`, oid)
        else if (level === 'StudyEventData') {
          const inProtocol = new Set(kids(kids(defsRoot(cd) ?? root, 'Protocol')[0] ?? root, 'StudyEventRef').map((r) => r.attrs.StudyEventOID!))
          if (inProtocol.size > 0 && !inProtocol.has(oid)) at(n, 'not_referenced', `StudyEvent ${oid} is not in the Protocol`, oid)
        } else if (parentDef) {
          const parentSpecs: Record<string, [string, string]> = { FormData: ['FormRef', 'FormOID'], ItemGroupData: ['ItemGroupRef', 'ItemGroupOID'], ItemData: ['ItemRef', 'ItemOID'] }
          const parentSpec = parentSpecs[level]
          if (parentSpec && !refsOf(parentDef, parentSpec[0], parentSpec[1]).has(oid)) at(n, 'not_referenced', `${oid} is not referenced by ${parentDef.name} ${parentDef.attrs.OID}`, oid)
        }
        if (level === 'ItemData' && def && n.attrs.Value !== undefined) {
          const allowed = codeListOf(def)
          if (allowed && !allowed.has(n.attrs.Value)) at(n, 'code_list', `Value ${JSON.stringify(n.attrs.Value)} is not in the code list of ${oid}`, oid)
        }
        if (level === 'ItemData' && n.attrs.IsNull === 'Yes' && n.attrs.Value !== undefined) at(n, 'null_and_value', `ItemData ${oid} has IsNull="Yes" and a Value`, oid)
      }
      for (const c of n.children) data(c, tt, audit, def)
    }
    const defsRoot = (c: OdmNode) => kids(studies.get(c.attrs.StudyOID ?? '') ?? root, 'MetaDataVersion').find((m) => m.attrs.OID === c.attrs.MetaDataVersionOID)
    for (const sd of kids(cd, 'SubjectData')) data(sd, undefined, false, undefined)
  }
  return issues
}
