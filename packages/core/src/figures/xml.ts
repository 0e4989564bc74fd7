/**
 * A tiny, strict XML 1.0 well-formedness parser for checking generated SVG, SpreadsheetML, ODM and FHIR XML
 * (W3C XML 1.0 §2.1 well-formed documents: one root element, properly nested and matched tags, quoted and
 * unique attributes, the five predefined entities and character references only). It keeps elements,
 * attributes and text; comments, processing instructions, CDATA and a DOCTYPE are accepted.
 */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9A-Fa-f]+));/g
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(s: string, at: number): string {
  const bare = s.replace(ENTITY, '').indexOf('&')
  if (bare >= 0) throw new Error(`offset ${at}: '&' not starting an entity or character reference`)
  return s.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name ? PREDEFINED[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
  )
}

/**
 * @returns the root element
 * @throws Error naming the offset of the first well-formedness error
 * @example parseXml('<a x="1"><b/>t</a>').children[0].name // 'b'
 */
export function parseXml(xml: string): XmlElement {
  let i = 0
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  const fail = (msg: string): never => {
    throw new Error(`offset ${i}: ${msg}`)
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const text = xml.slice(i, lt < 0 ? xml.length : lt)
    if (text.length > 0) {
      if (stack.length === 0) {
        if (text.trim() !== '') fail('text outside the root element')
      } else stack[stack.length - 1]!.text += decode(text, i)
    }
    if (lt < 0) break
    i = lt
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4)
      if (end < 0) fail('unterminated comment')
      i = end + 3
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i)
      if (end < 0 || stack.length === 0) fail('bad CDATA section')
      stack[stack.length - 1]!.text += xml.slice(i + 9, end)
      i = end + 3
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i)
      if (end < 0) fail('unterminated processing instruction')
      i = end + 2
    } else if (xml.startsWith('<!DOCTYPE', i)) {
      if (root || stack.length > 0) fail('DOCTYPE after the root element')
      const end = xml.indexOf('>', i)
      i = end + 1
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2))
      if (!m) fail('bad end tag')
      const open = stack.pop()
      if (!open || open.name !== m![0]) fail(`end tag </${m![0]}> does not match <${open?.name ?? '(none)'}>`)
      i += 2 + m![0].length
      while (/\s/.test(xml[i] ?? '')) i++
      if (xml[i] !== '>') fail('bad end tag')
      i++
    } else {
      const m = NAME.exec(xml.slice(i + 1))
      if (!m) fail('bad start tag')
      const el: XmlElement = { name: m![0], attrs: {}, children: [], text: '' }
      i += 1 + m![0].length
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(i))![0].length
        i += ws
        if (xml.startsWith('/>', i) || xml[i] === '>') break
        if (ws === 0) fail('attributes must be separated by white space')
        const a = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(xml.slice(i))
        if (!a) fail(`bad attribute in <${el.name}>`)
        if (a![1]! in el.attrs) fail(`duplicate attribute ${a![1]}`)
        el.attrs[a![1]!] = decode(a![3] ?? a![4] ?? '', i)
        i += a![0].length
      }
      if (stack.length > 0) stack[stack.length - 1]!.children.push(el)
      else if (root) fail('more than one root element')
      else root = el
      if (xml.startsWith('/>', i)) i += 2
      else {
        i += 1
        stack.push(el)
      }
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]!.name}>`)
  if (!root) fail('no root element')
  return root!
}

/** Every element of the tree (depth first, document order). */
export function xmlElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = []
  const walk = (e: XmlElement) => {
    out.push(e)
    e.children.forEach(walk)
  }
  walk(root)
  return out
}

/** Elements with tag `name` (or any tag for `*`) whose class list contains `cls` (when given). */
export function xmlSelect(root: XmlElement, name: string, cls?: string): XmlElement[] {
  return xmlElements(root).filter((e) => (name === '*' || e.name === name) && (cls === undefined || (e.attrs.class ?? '').split(/\s+/).includes(cls)))
}

/** Text content of an element and its descendants. */
export function xmlText(e: XmlElement): string {
  return e.text + e.children.map(xmlText).join('')
}
