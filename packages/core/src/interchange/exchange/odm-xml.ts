/**
 * Safe reading of an ODM XML document into a small element tree that knows where each element is (line and
 * element path), for importers and the structural validator. Well-formedness is checked by fast-xml-parser's
 * validator; a DOCTYPE or ENTITY declaration is refused before parsing (no entity expansion at all, only the
 * five predefined entities and character references are decoded), and the input has a size limit.
 * Source: W3C XML 1.0 §2.8 (document type declaration), §4.1 (entity references); OWASP XXE prevention.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'

export interface OdmNode {
  /** qualified element name as written (`ItemData`, `ds:Signature`) */
  name: string
  attrs: Record<string, string>
  children: OdmNode[]
  /** concatenated character data directly inside the element */
  text: string
  /** 1-based line of the start tag */
  line: number
  /** element path from the root, with the identifying attribute, e.g. `/ODM/ClinicalData/SubjectData[@SubjectKey="S-1"]` */
  path: string
}

export interface XmlIssue {
  code: string
  /** the element path, `[]` for the document */
  path: (string | number)[]
  message: string
  line: number | null
  oid: string | null
  source?: string
}

export type OdmXmlRead = { ok: true; root: OdmNode } | { ok: false; issues: XmlIssue[] }

/** Default input limit: 32 MiB of UTF-8. */
export const ODM_MAX_BYTES = 32 * 1024 * 1024

/** UTF-8 length of a string (lone surrogates count 3 bytes, as their replacement character). */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/** Characters outside XML 1.0 `Char` (§2.2): C0 controls other than tab / LF / CR, U+FFFE, U+FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const xmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)

/**
 * Every `&` outside comments and CDATA must start one of the five predefined entities or a character reference
 * to an XML Char (§4.1, §2.2): no other named entity exists without a DOCTYPE, so none is expanded.
 */
function entityProblem(text: string): { code: string; message: string; at: number } | null {
  const masked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => ' '.repeat(m.length))
  const re = /&(?:(amp|lt|gt|quot|apos);|#(\d{1,7});|#x([0-9A-Fa-f]{1,6});)?/g
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    if (m[1]) continue
    if (m[2] === undefined && m[3] === undefined) return { code: 'entity', message: `'&' that is not one of &amp; &lt; &gt; &quot; &apos; or a character reference (named entities are not expanded)`, at: m.index }
    const c = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16)
    if (!xmlChar(c)) return { code: 'bad_character', message: `character reference ${m[0]} names a character XML 1.0 does not allow`, at: m.index }
  }
  return null
}

const lineAt = (text: string, offset: number): number => {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** The lines of the start tags in document order (comments, CDATA, PIs, declarations and end tags skipped). */
function startTagLines(text: string): number[] {
  const lines: number[] = []
  let line = 1
  let pos = 0
  // the next newline at or after pos (-1: none), so long lines are not rescanned for every tag
  let nextNl = text.indexOf('\n')
  const advance = (to: number) => {
    while (nextNl >= 0 && nextNl < to) {
      line++
      nextNl = text.indexOf('\n', nextNl + 1)
    }
    pos = to
  }
  for (let lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', pos)) {
    advance(lt)
    const skipTo = (close: string) => {
      const end = text.indexOf(close, lt)
      advance(end < 0 ? text.length : end + close.length)
    }
    if (text.startsWith('<!--', lt)) skipTo('-->')
    else if (text.startsWith('<![CDATA[', lt)) skipTo(']]>')
    else if (text.startsWith('<?', lt)) skipTo('?>')
    else if (text.startsWith('<!', lt) || text.startsWith('</', lt)) skipTo('>')
    else {
      lines.push(line)
      pos = lt + 1
    }
  }
  return lines
}

const ID_ATTRS = ['OID', 'SubjectKey', 'StudyEventOID', 'FormOID', 'ItemGroupOID', 'ItemOID', 'FormRepeatKey', 'ItemGroupRepeatKey', 'StudyEventRepeatKey', 'ID']

/** `Name[@Attr="v"]` with the identifying attributes of the element. */
function step(name: string, attrs: Record<string, string>): string {
  const keys = ID_ATTRS.filter((k) => attrs[k] !== undefined)
  return `${name}${keys.map((k) => `[@${k}=${JSON.stringify(attrs[k])}]`).join('')}`
}

type Raw = Record<string, unknown>

/**
 * Parse an XML document with no DOCTYPE into an element tree with lines and paths.
 * @param maxBytes input limit in UTF-8 bytes (default {@link ODM_MAX_BYTES})
 * @returns the root element, or every problem found (never throws)
 * @example readOdmXml('<ODM/>').ok // true
 * @example readOdmXml('<!DOCTYPE x [<!ENTITY a "b">]><ODM/>').ok // false (code xml.doctype)
 */
export function readOdmXml(text: unknown, { maxBytes = ODM_MAX_BYTES }: { maxBytes?: number } = {}): OdmXmlRead {
  const fail = (code: string, message: string, line: number | null = null): OdmXmlRead => ({ ok: false, issues: [{ code: `xml.${code}`, path: [], message, line, oid: null }] })
  if (typeof text !== 'string') return fail('not_text', `expected XML text, got ${text === null ? 'null' : typeof text}`)
  const bytes = utf8Length(text)
  if (bytes > maxBytes) return fail('too_large', `the document is ${bytes} bytes, over the limit of ${maxBytes} bytes`)
  if (text.trim() === '') return fail('empty', 'the document is empty')
  const badRaw = BAD_CHAR.exec(text)
  if (badRaw) return fail('bad_character', `character U+${badRaw[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0`, lineAt(text, badRaw.index))
  const decl = /<!(DOCTYPE|ENTITY)\b/i.exec(text)
  if (decl) return fail('doctype', `a ${decl[1]!.toUpperCase()} declaration is not accepted (entity expansion is disabled): remove it`, lineAt(text, decl.index))
  const refs = entityProblem(text)
  if (refs) return fail(refs.code, refs.message, lineAt(text, refs.at))
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false })
  if (valid !== true) return fail('not_well_formed', `not well-formed XML: ${valid.err.msg}`, valid.err.line)
  let raw: unknown
  try {
    raw = new XMLParser({
      preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false,
      trimValues: false, processEntities: true, htmlEntities: true, ignoreDeclaration: true, ignorePiTags: true, commentPropName: false,
    }).parse(text)
  } catch (e) {
    return fail('not_well_formed', `not well-formed XML: ${e instanceof Error ? e.message : String(e)}`)
  }
  const lines = startTagLines(text)
  let k = 0
  const decoded: XmlIssue[] = []
  const build = (entry: Raw, parentPath: string): OdmNode | null => {
    const name = Object.keys(entry).find((key) => key !== ':@' && key !== '#text' && !key.startsWith('?'))
    if (name === undefined) return null
    const attrs: Record<string, string> = {}
    for (const [a, v] of Object.entries((entry[':@'] ?? {}) as Raw)) attrs[a] = String(v)
    const node: OdmNode = { name, attrs, children: [], text: '', line: lines[k++] ?? 0, path: `${parentPath}/${step(name, attrs)}` }
    for (const [a, v] of Object.entries(attrs))
      if (BAD_CHAR.test(v)) decoded.push({ code: 'xml.bad_character', path: [node.path], message: `attribute ${a}: a character reference to a character XML 1.0 does not allow`, line: node.line, oid: null })
    for (const child of (entry[name] ?? []) as Raw[]) {
      if (typeof child['#text'] === 'string' || typeof child['#text'] === 'number') node.text += String(child['#text'])
      else {
        const c = build(child, node.path)
        if (c) node.children.push(c)
      }
    }
    return node
  }
  const tops = (Array.isArray(raw) ? (raw as Raw[]) : []).map((e) => build(e, '')).filter((n): n is OdmNode => n !== null)
  const textBad = (n: OdmNode): void => {
    if (BAD_CHAR.test(n.text)) decoded.push({ code: 'xml.bad_character', path: [n.path], message: 'text: a character reference to a character XML 1.0 does not allow', line: n.line, oid: null })
    n.children.forEach(textBad)
  }
  tops.forEach(textBad)
  if (decoded.length > 0) return { ok: false, issues: decoded }
  if (tops.length !== 1) return fail('no_root', `expected one root element, found ${tops.length}`)
  return { ok: true, root: tops[0]! }
}

/** Local name of a possibly prefixed element name (`ds:Signature` -> `Signature`). */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1)
