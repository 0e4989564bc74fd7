/**
 * CDISC ODM 1.3.2 clinical data import into an existing study: parse (no DOCTYPE, size limit), then validate every
 * FormData against the study's forms (odm-form-metadata.ts: form, item group and item OIDs, data types, code
 * lists, IsNull only where the field may be null, mandatory items), subject keys (existing, or created only when
 * the caller allows it, at a site of the study), transactions (Insert / Update / Upsert / Remove / Context, folded
 * in document order per form repeat key), then the form's own schema and edit checks. Every problem is listed with
 * its line, element path and OID; with any problem nothing is returned to write.
 * Source: interchange/ctgov-fhir-odm.md §3 (ClinicalData hierarchy, TransactionType inheritance and rules);
 * ODM 1.3.2 §3.1.4.1 (ItemData Value / IsNull).
 */
import { isIsoDate } from '../../dates/index.js'
import { runEditChecks, splitIssues, type EditCheckContext, type FormIssue, type FormType } from '../../forms/index.js'
import { odmStudyMetadata, type OdmFormSpec, type OdmItemSpec } from './odm-form-metadata.js'
import { localName, readOdmXml, type OdmNode, type XmlIssue } from './odm-xml.js'

export type OdmIssue = XmlIssue

export const ODM_NAMESPACE = 'http://www.cdisc.org/ns/odm/v1.3'

export interface OdmImportOptions {
  /** subject keys (codes) of the study, with their site codes */
  existingSubjects: ReadonlyMap<string, string>
  /** site codes of the study (a new subject's SiteRef must name one: `LOC.<code>`) */
  siteCodes: readonly string[]
  /** create subjects whose key is not in the study (default: refuse them) */
  createSubjects?: boolean
  /** edit-check context per subject key (consent date, today); default: none */
  checkContext?: (subjectKey: string) => EditCheckContext
  maxBytes?: number
}

interface Located {
  line: number
  path: string
}

export interface OdmImportedSubject extends Located {
  key: string
  siteCode: string
  create: boolean
  sex: 'F' | 'M' | 'U' | null
  age: number | null
}

export interface OdmImportedRecord extends Located {
  subjectKey: string
  formType: FormType
  repeatKey: string | null
  data: Record<string, unknown>
  visitDay: number | null
  visitLabel: string | null
  /** edit-check warnings of the data (saved over, with the import as the reason) */
  warnings: FormIssue[]
}

export interface OdmImportedLab extends Located {
  subjectKey: string
  testCode: string
  value: number
  unit: string
  date: string
  refLow: number | null
  refHigh: number | null
}

export interface OdmImportData {
  fileOid: string
  subjects: OdmImportedSubject[]
  records: OdmImportedRecord[]
  labs: OdmImportedLab[]
}

export type OdmImportResult = { ok: true; value: OdmImportData; issues?: never } | { ok: false; issues: OdmIssue[]; value?: never }

/** `line 12: /ODM/ClinicalData/...: message` for a CLI or an API detail. */
export function formatOdmIssue(i: OdmIssue): string {
  return `${i.line ? `line ${i.line}: ` : ''}${i.path.length > 0 ? `${i.path.join('')}: ` : ''}${i.message}`
}

const TRANSACTIONS = ['Insert', 'Update', 'Remove', 'Upsert', 'Context'] as const
type Transaction = (typeof TRANSACTIONS)[number]
const DATA_META = new Set(['AuditRecord', 'Signature', 'Annotation'])
const ODM_VERSIONS = ['1.2', '1.2.1', '1.3', '1.3.1', '1.3.2']
const ODM_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/
/** The typed ItemData elements of ODM 1.3.2 (ODM1-3-2-foundation.xsd ItemDataStar). */
export const TYPED_ITEM_DATA: ReadonlySet<string> = new Set(
  ['Any', 'String', 'Integer', 'Float', 'Date', 'Time', 'Datetime', 'Boolean', 'HexBinary', 'Base64Binary', 'HexFloat', 'Base64Float', 'PartialDate', 'PartialTime', 'PartialDatetime', 'DurationDatetime', 'IntervalDatetime', 'IncompleteDatetime', 'IncompleteDate', 'IncompleteTime', 'URI', 'Double'].map((t) => `ItemData${t}`),
)

interface FormState extends Located {
  subjectKey: string
  form: OdmFormSpec
  repeatKey: string | null
  items: Map<string, { value: string | null; node: OdmNode }>
  removed: boolean
}

/** Decode the text of an item by its data type; a string error message when it does not fit. */
function decode(item: OdmItemSpec, text: string, codeLists: Map<string, Set<string>>): { value: unknown } | string {
  if (item.codeListOid && !codeLists.get(item.codeListOid)?.has(text))
    return `${JSON.stringify(text)} is not in code list ${item.codeListOid} (${[...(codeLists.get(item.codeListOid) ?? [])].map((v) => JSON.stringify(v)).join(', ')})`
  if (item.json) {
    try {
      return { value: JSON.parse(text) as unknown }
    } catch {
      return `not valid JSON: ${JSON.stringify(text.slice(0, 80))}`
    }
  }
  switch (item.dataType) {
    case 'text':
      return { value: text }
    case 'integer':
      return /^[+-]?\d{1,15}$/.test(text) ? { value: Number(text) } : `DataType integer: not a whole number: ${JSON.stringify(text.slice(0, 80))}`
    case 'float': {
      const n = Number(text)
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n) ? { value: n } : `DataType float: not a number: ${JSON.stringify(text.slice(0, 80))}`
    }
    case 'boolean':
      return text === 'true' || text === '1' ? { value: true } : text === 'false' || text === '0' ? { value: false } : `DataType boolean: expected true, false, 1 or 0, got ${JSON.stringify(text.slice(0, 80))}`
    case 'date':
      return isIsoDate(text) ? { value: text } : `DataType date: not a calendar date YYYY-MM-DD: ${JSON.stringify(text.slice(0, 80))}`
    case 'partialDatetime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) && isIsoDate(text.slice(0, 10))
        ? { value: text }
        : `DataType partialDatetime: expected a local date-time YYYY-MM-DDTHH:MM[:SS], got ${JSON.stringify(text.slice(0, 80))}`
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {}
    o = o[p] as Record<string, unknown>
  }
  o[path[path.length - 1]!] = value
}

/**
 * Read and validate ODM clinical data for a study whose forms are the platform's.
 * @returns the subjects, records and labs to write, or every issue (never throws)
 * @example readOdmClinicalData(xml, { existingSubjects: new Map([['S-1', 'KUN01']]), siteCodes: ['KUN01'] }).ok
 */
export function readOdmClinicalData(text: unknown, options: OdmImportOptions): OdmImportResult {
  const read = readOdmXml(text, { maxBytes: options.maxBytes })
  if (!read.ok) return { ok: false, issues: read.issues }
  const issues: OdmIssue[] = []
  const at = (n: OdmNode, code: string, message: string, oid: string | null = null) =>
    issues.push({ code: `odm.${code}`, path: [n.path], message, line: n.line, oid, source: 'interchange/ctgov-fhir-odm.md §3' })
  const root = read.root
  if (localName(root.name) !== 'ODM') {
    at(root, 'not_odm', `the root element is ${root.name}, expected ODM`)
    return { ok: false, issues }
  }
  if (root.attrs.xmlns !== ODM_NAMESPACE) at(root, 'namespace', `xmlns must be ${ODM_NAMESPACE}, got ${JSON.stringify(root.attrs.xmlns ?? null)}`)
  for (const a of ['FileOID', 'FileType', 'CreationDateTime']) if (!root.attrs[a]) at(root, 'required_attribute', `attribute ${a} is required`)
  const fileType = root.attrs.FileType
  if (fileType && fileType !== 'Snapshot' && fileType !== 'Transactional') at(root, 'enumeration', `FileType must be Snapshot or Transactional, got ${JSON.stringify(fileType)}`)
  // §3 "Required on ODM": ODMVersion is optional, one of 1.2, 1.2.1, 1.3, 1.3.1, 1.3.2; CreationDateTime is an ISO 8601 date-time
  if (root.attrs.ODMVersion !== undefined && !ODM_VERSIONS.includes(root.attrs.ODMVersion)) at(root, 'enumeration', `ODMVersion must be one of ${ODM_VERSIONS.join(', ')}, got ${JSON.stringify(root.attrs.ODMVersion)}`)
  if (root.attrs.CreationDateTime && !ODM_DATETIME.test(root.attrs.CreationDateTime)) at(root, 'date_time', `CreationDateTime must be an ISO 8601 date-time, got ${JSON.stringify(root.attrs.CreationDateTime.slice(0, 40))}`)
  const meta = odmStudyMetadata()
  const forms = new Map(meta.forms.map((f) => [f.oid, f]))
  const codeLists = new Map(meta.codeLists.map((c) => [c.oid, new Set(c.values)]))
  const subjects = new Map<string, OdmImportedSubject>()
  const states = new Map<string, FormState>()
  const order: FormState[] = []
  const clinical = root.children.filter((c) => localName(c.name) === 'ClinicalData')
  if (clinical.length === 0) at(root, 'no_clinical_data', 'the file has no ClinicalData to import')
  const transactionOf = (n: OdmNode, inherited: Transaction | null): Transaction | null => {
    const t = n.attrs.TransactionType
    if (t === undefined) return inherited
    if (!(TRANSACTIONS as readonly string[]).includes(t)) {
      at(n, 'enumeration', `TransactionType must be one of ${TRANSACTIONS.join(', ')}, got ${JSON.stringify(t)}`)
      return inherited
    }
    if (fileType === 'Snapshot' && t !== 'Insert') at(n, 'snapshot_transaction', `a Snapshot carries no TransactionType other than Insert, got ${t}`)
    if (inherited === 'Remove' && t !== 'Remove') at(n, 'remove_descendant', `the descendants of a Remove must be Remove, got ${t}`)
    return t as Transaction
  }
  // §3 Transactional: an element with a TransactionType (explicit or inherited) must have an AuditRecord, its own
  // or an ancestor's (AuditRecords are inherited downward); reported where the TransactionType is written
  const audited = (n: OdmNode, parent: boolean): boolean => {
    const a = parent || n.children.some((c) => localName(c.name) === 'AuditRecord')
    if (fileType === 'Transactional' && n.attrs.TransactionType !== undefined && !a) at(n, 'missing_audit', `${n.name} has TransactionType ${n.attrs.TransactionType} but no AuditRecord (its own or an ancestor's)`)
    return a
  }
  const unexpected = (n: OdmNode, where: string) => at(n, 'unexpected_element', `${n.name} is not expected in ${where}`)
  // §3 Transactional: "The descendants of a Remove must be Remove or must omit the attribute", also below a removed
  // FormData, whose content is otherwise not read
  const checkRemoved = (n: OdmNode): void => {
    for (const c of n.children) {
      transactionOf(c, 'Remove')
      checkRemoved(c)
    }
  }

  for (const cd of clinical) {
    for (const a of ['StudyOID', 'MetaDataVersionOID']) if (!cd.attrs[a]) at(cd, 'required_attribute', `attribute ${a} is required`)
    for (const sdn of cd.children) {
      if (localName(sdn.name) !== 'SubjectData') {
        if (!DATA_META.has(localName(sdn.name))) unexpected(sdn, 'ClinicalData')
        continue
      }
      const key = sdn.attrs.SubjectKey
      if (!key || key.trim() === '' || key.length > 60) {
        at(sdn, 'subject_key', `SubjectKey is required (1-60 characters), got ${JSON.stringify(key ?? null)}`)
        continue
      }
      const siteRef = sdn.children.find((c) => localName(c.name) === 'SiteRef')
      const existingSite = options.existingSubjects.get(key)
      if (!subjects.has(key)) {
        if (existingSite !== undefined) subjects.set(key, { key, siteCode: existingSite, create: false, sex: null, age: null, line: sdn.line, path: sdn.path })
        else if (!options.createSubjects) {
          at(sdn, 'unknown_subject', `subject ${JSON.stringify(key)} is not in the study (allow creating subjects to add it)`, key)
          continue
        } else if (!/^[A-Z0-9][A-Z0-9-]{1,31}$/.test(key)) {
          at(sdn, 'subject_key', `a new subject's SubjectKey must be a pseudonymous code of 2-32 A-Z 0-9 -, got ${JSON.stringify(key.slice(0, 40))}`, key)
          continue
        } else {
          const code = siteRef?.attrs.LocationOID?.replace(/^LOC\./, '')
          if (!code || !options.siteCodes.includes(code)) {
            at(siteRef ?? sdn, 'site', `a new subject needs a SiteRef LocationOID "LOC.<site code>" naming a site of the study (${options.siteCodes.join(', ')}), got ${JSON.stringify(siteRef?.attrs.LocationOID ?? null)}`, key)
            continue
          }
          subjects.set(key, { key, siteCode: code, create: true, sex: null, age: null, line: sdn.line, path: sdn.path })
        }
      } else if (siteRef && existingSite === undefined && `LOC.${subjects.get(key)!.siteCode}` !== siteRef.attrs.LocationOID) {
        at(siteRef, 'site', `subject ${key} appears with two sites`, key)
      }
      if (existingSite !== undefined && siteRef && siteRef.attrs.LocationOID !== `LOC.${existingSite}`)
        at(siteRef, 'site', `subject ${key} is at site ${existingSite} in the study, the file says ${JSON.stringify(siteRef.attrs.LocationOID ?? null)}`, key)
      const tSubject = transactionOf(sdn, null)
      const aSubject = audited(sdn, false)
      for (const sen of sdn.children) {
        const ln = localName(sen.name)
        if (ln !== 'StudyEventData') {
          if (!DATA_META.has(ln) && ln !== 'SiteRef' && ln !== 'InvestigatorRef') unexpected(sen, 'SubjectData')
          continue
        }
        if (sen.attrs.StudyEventOID !== meta.studyEventOid) {
          at(sen, 'unknown_oid', `StudyEventOID ${JSON.stringify(sen.attrs.StudyEventOID ?? null)} is not a study event of this study (${meta.studyEventOid})`, sen.attrs.StudyEventOID ?? null)
          continue
        }
        const tEvent = transactionOf(sen, tSubject)
        const aEvent = audited(sen, aSubject)
        for (const fdn of sen.children) {
          const fl = localName(fdn.name)
          if (fl !== 'FormData') {
            if (!DATA_META.has(fl)) unexpected(fdn, 'StudyEventData')
            continue
          }
          const form = forms.get(fdn.attrs.FormOID ?? '')
          if (!form) {
            at(fdn, 'unknown_oid', `FormOID ${JSON.stringify(fdn.attrs.FormOID ?? null)} is not a form of this study`, fdn.attrs.FormOID ?? null)
            continue
          }
          const repeating = form.target.kind !== 'demographics'
          const repeatKey = fdn.attrs.FormRepeatKey ?? null
          if (repeating && !repeatKey) {
            at(fdn, 'repeat_key', `form ${form.oid} repeats: FormRepeatKey is required`, form.oid)
            continue
          }
          const t = transactionOf(fdn, tEvent) ?? 'Upsert'
          const aForm = audited(fdn, aEvent)
          const id = `${key}\u0000${form.oid}\u0000${repeatKey ?? ''}`
          let state = states.get(id)
          if (t === 'Context') continue
          if (t === 'Insert' && state && !state.removed) {
            at(fdn, 'duplicate_insert', `${form.oid} ${repeatKey ?? ''} of subject ${key} is inserted twice`, form.oid)
            continue
          }
          if ((t === 'Update' || t === 'Remove') && (!state || state.removed)) {
            at(fdn, 'nothing_to_change', `${t} of ${form.oid} ${repeatKey ?? ''} of subject ${key}, which the file did not insert before`, form.oid)
            continue
          }
          if (!state || t === 'Insert') {
            state = { subjectKey: key, form, repeatKey, items: new Map(), removed: false, line: fdn.line, path: fdn.path }
            states.set(id, state)
            order.push(state)
          }
          if (t === 'Remove') {
            checkRemoved(fdn)
            state.removed = true
            continue
          }
          state.line = fdn.line
          state.path = fdn.path
          const groups = fdn.children.filter((c) => localName(c.name) === 'ItemGroupData')
          for (const c of fdn.children) if (!DATA_META.has(localName(c.name)) && localName(c.name) !== 'ItemGroupData' && localName(c.name) !== 'ArchiveLayoutRef') unexpected(c, 'FormData')
          if (groups.length > 1) at(groups[1]!, 'repeat', `item group ${form.itemGroupOid} does not repeat: one ItemGroupData per FormData`, form.itemGroupOid)
          for (const g of groups.slice(0, 1)) {
            if (g.attrs.ItemGroupOID !== form.itemGroupOid) {
              at(g, 'unknown_oid', `ItemGroupOID ${JSON.stringify(g.attrs.ItemGroupOID ?? null)} is not the item group of ${form.oid} (${form.itemGroupOid})`, g.attrs.ItemGroupOID ?? null)
              continue
            }
            const tGroup = transactionOf(g, t)
            const aGroup = audited(g, aForm)
            const seen = new Set<string>()
            // §3 hierarchy: ItemData* or typed ItemDataFloat / ItemDataString / ...* (never mixed); a typed
            // element carries its value as text content
            const kinds = new Set(g.children.map((c) => localName(c.name)).filter((n) => n === 'ItemData' || TYPED_ITEM_DATA.has(n)).map((n) => n === 'ItemData'))
            if (kinds.size > 1) at(g, 'mixed_item_data', `ItemGroupData ${form.itemGroupOid} mixes ItemData and typed ItemData elements`, form.itemGroupOid)
            for (const idn of g.children) {
              const il = localName(idn.name)
              const typed = TYPED_ITEM_DATA.has(il)
              if (il !== 'ItemData' && !typed) {
                if (/^ItemData./.test(il)) at(idn, 'unexpected_element', `${il} is not an ItemData element of ODM 1.3.2`)
                else if (!DATA_META.has(il)) unexpected(idn, 'ItemGroupData')
                continue
              }
              const oid = idn.attrs.ItemOID ?? ''
              const item = form.items.find((i) => i.oid === oid)
              if (!item) {
                at(idn, 'unknown_oid', `ItemOID ${JSON.stringify(oid)} is not an item of ${form.itemGroupOid}`, oid || null)
                continue
              }
              if (seen.has(oid)) at(idn, 'duplicate_item', `item ${oid} appears twice in one ItemGroupData`, oid)
              // §3 Snapshot: "Current state only, one instruction per data point" (also across FormData / ClinicalData)
              else if (fileType === 'Snapshot' && state.items.has(oid)) at(idn, 'duplicate_item', `item ${oid} of ${form.oid} ${repeatKey ?? ''} of subject ${key} is given twice: a Snapshot has one instruction per data point`, oid)
              seen.add(oid)
              const ti = transactionOf(idn, tGroup)
              audited(idn, aGroup)
              if (ti === 'Remove') {
                state.items.delete(oid)
                continue
              }
              const isNull = idn.attrs.IsNull
              const value = typed ? (idn.attrs.IsNull === 'Yes' && idn.text === '' ? undefined : il === 'ItemDataString' || il === 'ItemDataAny' ? idn.text : idn.text.trim()) : idn.attrs.Value
              if (isNull !== undefined && isNull !== 'Yes') at(idn, 'enumeration', `IsNull must be "Yes", got ${JSON.stringify(isNull)}`, oid)
              if (isNull === 'Yes' && value !== undefined) at(idn, 'null_and_value', `item ${oid} has both IsNull="Yes" and a Value`, oid)
              else if (isNull === 'Yes' && !item.nullable) at(idn, 'not_nullable', `item ${oid} may not be null`, oid)
              else if (isNull !== 'Yes' && value === undefined) at(idn, 'no_value', `item ${oid} has neither a Value nor IsNull="Yes"`, oid)
              else state.items.set(oid, { value: isNull === 'Yes' ? null : value!, node: idn })
            }
          }
        }
      }
    }
  }

  const records: OdmImportedRecord[] = []
  const labs: OdmImportedLab[] = []
  const dmSeen = new Set<string>()
  const fdNode = (s: FormState): OdmNode => ({ name: 'FormData', attrs: {}, children: [], text: '', line: s.line, path: s.path })
  for (const s of order) {
    if (s.removed) continue
    const values: Record<string, unknown> = {}
    const data: Record<string, unknown> = {}
    let bad = false
    for (const item of s.form.items) {
      const got = s.items.get(item.oid)
      if (!got) {
        if (item.mandatory) {
          at(fdNode(s), 'mandatory', `mandatory item ${item.oid} is missing (send IsNull="Yes" for a value not recorded)`, item.oid)
          bad = true
        }
        continue
      }
      if (got.value === null) values[item.name] = null
      else {
        const d = decode(item, got.value, codeLists)
        if (typeof d === 'string') {
          at(got.node, 'data_type', `item ${item.oid}: ${d}`, item.oid)
          bad = true
          continue
        }
        values[item.name] = d.value
      }
      if (!item.recordAttribute) setPath(data, item.path, values[item.name])
    }
    if (bad) continue
    const loc = { line: s.line, path: s.path }
    if (s.form.target.kind === 'demographics') {
      if (dmSeen.has(s.subjectKey)) at(fdNode(s), 'duplicate_form', `subject ${s.subjectKey} has two demographics forms`, s.form.oid)
      dmSeen.add(s.subjectKey)
      const subj = subjects.get(s.subjectKey)!
      const age = values.AGE as number | null | undefined
      if (age !== undefined && age !== null && (age < 0 || age > 120)) at(fdNode(s), 'range', `AGE must be 0-120, got ${age}`, 'IT.DM.AGE')
      subj.sex = (values.SEX as 'F' | 'M' | 'U' | null | undefined) ?? null
      subj.age = age ?? null
      continue
    }
    if (s.form.target.kind === 'lab') {
      const code = values.LBTESTCD as string
      if (!/^[A-Z0-9]{2,8}$/.test(code)) at(fdNode(s), 'lab_code', `LBTESTCD must be 2-8 upper-case letters or digits, got ${JSON.stringify(code.slice(0, 40))}`, 'IT.LB.LBTESTCD')
      const unit = values.LBORRESU as string
      if (unit.trim() === '' || unit.length > 20) at(fdNode(s), 'lab_unit', `LBORRESU must be 1-20 characters, got ${JSON.stringify(unit.slice(0, 40))}`, 'IT.LB.LBORRESU')
      const v = values.LBORRES as number
      if (v < 0 || v > 1e7) at(fdNode(s), 'range', `LBORRES must be 0 to 10^7, got ${v}`, 'IT.LB.LBORRES')
      labs.push({
        subjectKey: s.subjectKey, testCode: code, value: values.LBORRES as number, unit, date: values.LBDTC as string,
        refLow: (values.LBORNRLO as number | null | undefined) ?? null, refHigh: (values.LBORNRHI as number | null | undefined) ?? null, ...loc,
      })
      continue
    }
    const formType = s.form.target.formType
    const checks = runEditChecks(formType, data, options.checkContext?.(s.subjectKey) ?? {})
    const { errors, warnings } = splitIssues(checks)
    for (const e of errors) {
      const field = e.path.map(String).join('.')
      const item = s.form.items.filter((i) => !i.recordAttribute && (field === i.name || field.startsWith(`${i.name}.`))).sort((a, b) => b.name.length - a.name.length)[0]
      const node = (item && s.items.get(item.oid)?.node) ?? fdNode(s)
      at(node, 'edit_check', `${s.form.oid}${field ? ` field ${field}` : ''}: ${e.message} (${e.checkId})`, item?.oid ?? s.form.oid)
    }
    const visitDay = (values.VISITDAY as number | null | undefined) ?? null
    if (visitDay !== null && (visitDay < -60 || visitDay > 3650)) at(fdNode(s), 'range', `VISITDAY must be -60 to 3650, got ${visitDay}`, `IT.${s.form.oid.slice(2)}.VISITDAY`)
    const visitLabel = (values.VISITLABEL as string | null | undefined) ?? null
    if (visitLabel !== null && visitLabel.length > 60) at(fdNode(s), 'range', `VISITLABEL has at most 60 characters, got ${visitLabel.length}`, `IT.${s.form.oid.slice(2)}.VISITLABEL`)
    records.push({ subjectKey: s.subjectKey, formType, repeatKey: s.repeatKey, data, visitDay, visitLabel, warnings, ...loc })
  }
  if (issues.length > 0) return { ok: false, issues }
  return { ok: true, value: { fileOid: root.attrs.FileOID!, subjects: [...subjects.values()], records, labs } }
}
