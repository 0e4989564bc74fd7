/**
 * The ODM 1.3.2 metadata of CellTrial's captured data, derived from the eCRF form registry (packages/core/src/forms)
 * so the export and the import can never disagree with the forms: one FormDef per form type with one non-repeating
 * ItemGroupDef, one ItemDef per field (nested objects flattened to dotted names), DataType from the zod type,
 * CodeLists from enums, Mandatory = the field is not optional. Fields that are lists, tuples, records or nullable
 * objects are one `text` item holding canonical JSON. Two more forms carry the captured laboratory results
 * (`F.LB`, the lab_result table) and the subject's demographics (`F.DM`).
 * Source: interchange/ctgov-fhir-odm.md §3 (ODM hierarchy, DataType values; ODM 1.3.2 §3.1.4.2 ItemDef, CodeList).
 */
import { FORM_TYPES, formDateField, formSchema, FormDateSchema, FormDateTimeSchema, type FormType } from '../../forms/index.js'

/** ODM 1.3.2 DataType values this platform writes. `partialDatetime` holds local `YYYY-MM-DDTHH:MM[:SS]`. */
export type OdmDataType = 'text' | 'integer' | 'float' | 'boolean' | 'date' | 'partialDatetime'

export interface OdmItemSpec {
  oid: string
  /** dotted field path inside the form's data (`seriousness.resultsInDeath`), or a record attribute (`VISITDAY`) */
  name: string
  path: string[]
  dataType: OdmDataType
  /** the field must be present (an ItemData with a Value or IsNull="Yes") */
  mandatory: boolean
  /** IsNull="Yes" is allowed */
  nullable: boolean
  /** CodeList OID when the item takes coded values */
  codeListOid: string | null
  /** the value is canonical JSON of a list, tuple, record or nullable object */
  json: boolean
  /** the item is a record attribute (visit day / label), not a field of the form's data */
  recordAttribute: boolean
}

export interface OdmCodeListSpec {
  oid: string
  name: string
  values: string[]
}

/** `form` = an eCRF form_record type; `lab` = lab_result rows; `demographics` = subject sex and age. */
export type OdmFormKind = { kind: 'form'; formType: FormType } | { kind: 'lab' } | { kind: 'demographics' }

export interface OdmFormSpec {
  oid: string
  name: string
  target: OdmFormKind
  itemGroupOid: string
  items: OdmItemSpec[]
  /** data field dating the record (form_record.observed_on), for forms */
  dateField: string | null
}

export interface OdmStudyMetadata {
  studyEventOid: string
  forms: OdmFormSpec[]
  codeLists: OdmCodeListSpec[]
}

/** The study event that holds every captured form (visits are carried by the VISITDAY / VISITLABEL items). */
export const ODM_CAPTURE_EVENT = 'SE.CAPTURE'

type ZDef = { type: string; shape?: Record<string, ZNode>; innerType?: ZNode; entries?: Record<string, string> }
type ZNode = { _zod: { def: ZDef }; format?: string | null; options?: unknown[] }

const defOf = (s: unknown): ZDef => (s as ZNode)._zod.def

interface Leaf {
  path: string[]
  optional: boolean
  nullable: boolean
  node: ZNode
}

/** Flatten a zod object schema to its leaves; non-nullable nested objects are opened, other compounds are leaves. */
function leaves(node: ZNode, path: string[], optional: boolean, nullable: boolean, out: Leaf[]): void {
  const d = node._zod.def
  if (d.type === 'optional') return leaves(d.innerType!, path, true, nullable, out)
  if (d.type === 'nullable') {
    // a nullable object is one JSON item: its null must stay distinct from an object of nulls
    if (defOf(d.innerType).type === 'object') out.push({ path, optional, nullable: true, node: d.innerType! })
    else leaves(d.innerType!, path, optional, true, out)
    return
  }
  if (d.type === 'object' && !nullable) {
    for (const [k, v] of Object.entries(d.shape ?? {})) leaves(v, [...path, k], optional, false, out)
    return
  }
  out.push({ path, optional, nullable, node })
}

const upper = (s: string) => s.toUpperCase()

function formSpec(formType: FormType, codeLists: OdmCodeListSpec[]): OdmFormSpec {
  const F = upper(formType)
  const found: Leaf[] = []
  leaves(formSchema(formType), [], false, false, found)
  const items: OdmItemSpec[] = found.map((l) => {
    const name = l.path.join('.')
    const d = l.node._zod.def
    const base = { oid: `IT.${F}.${name}`, name, path: l.path, mandatory: !l.optional, nullable: l.nullable, codeListOid: null as string | null, json: false, recordAttribute: false }
    if ((l.node as unknown) === FormDateSchema) return { ...base, dataType: 'date' as const }
    if ((l.node as unknown) === FormDateTimeSchema) return { ...base, dataType: 'partialDatetime' as const }
    if (d.type === 'string') return { ...base, dataType: 'text' as const }
    if (d.type === 'boolean') return { ...base, dataType: 'boolean' as const }
    if (d.type === 'number') return { ...base, dataType: l.node.format === 'safeint' || l.node.format === 'int32' ? ('integer' as const) : ('float' as const) }
    if (d.type === 'enum') {
      const oid = `CL.${F}.${name}`
      codeLists.push({ oid, name: `${formType} ${name}`, values: (l.node.options ?? Object.values(d.entries ?? {})).map(String) })
      return { ...base, dataType: 'text' as const, codeListOid: oid }
    }
    return { ...base, dataType: 'text' as const, json: true }
  })
  const attr = (name: 'VISITDAY' | 'VISITLABEL', dataType: OdmDataType): OdmItemSpec => ({
    oid: `IT.${F}.${name}`, name, path: [name], dataType, mandatory: false, nullable: true, codeListOid: null, json: false, recordAttribute: true,
  })
  return {
    oid: `F.${F}`, name: formType.replace(/_/g, ' '), target: { kind: 'form', formType }, itemGroupOid: `IG.${F}`,
    items: [...items, attr('VISITDAY', 'integer'), attr('VISITLABEL', 'text')], dateField: formDateField(formType),
  }
}

const plain = (form: string, name: string, dataType: OdmDataType, mandatory: boolean, codeListOid: string | null = null): OdmItemSpec => ({
  oid: `IT.${form}.${name}`, name, path: [name], dataType, mandatory, nullable: !mandatory, codeListOid, json: false, recordAttribute: false,
})

/**
 * The metadata of every captured form, lab results and demographics (the same for every study: the forms are
 * the platform's). OIDs: `F.<FORM>`, `IG.<FORM>`, `IT.<FORM>.<field path>`, `CL.<FORM>.<field path>`.
 * @example odmStudyMetadata().forms.find((f) => f.oid === 'F.ADVERSE_EVENT')!.items[0]!.oid // 'IT.ADVERSE_EVENT.ctcaeTerm'
 */
export function odmStudyMetadata(): OdmStudyMetadata {
  const codeLists: OdmCodeListSpec[] = [{ oid: 'CL.DM.SEX', name: 'Sex', values: ['F', 'M', 'U'] }]
  const forms: OdmFormSpec[] = [
    {
      oid: 'F.DM', name: 'Demographics', target: { kind: 'demographics' }, itemGroupOid: 'IG.DM', dateField: null,
      items: [plain('DM', 'SEX', 'text', false, 'CL.DM.SEX'), plain('DM', 'AGE', 'integer', false)],
    },
    {
      oid: 'F.LB', name: 'Laboratory result', target: { kind: 'lab' }, itemGroupOid: 'IG.LB', dateField: null,
      items: [
        plain('LB', 'LBTESTCD', 'text', true), plain('LB', 'LBORRES', 'float', true), plain('LB', 'LBORRESU', 'text', true),
        plain('LB', 'LBDTC', 'date', true), plain('LB', 'LBORNRLO', 'float', false), plain('LB', 'LBORNRHI', 'float', false),
      ],
    },
  ]
  for (const t of FORM_TYPES) forms.push(formSpec(t, codeLists))
  return { studyEventOid: ODM_CAPTURE_EVENT, forms, codeLists }
}

/** Canonical JSON: object keys sorted, so equal values give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`
  return JSON.stringify(v)
}
