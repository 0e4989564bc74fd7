import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { resourcesByLanguage } from './index'

/**
 * Issue 10 item 9: "no hard-coded strings; a test fails on a missing key". The locale files are compared with
 * each other in locales.test.ts; this test reads the app's source (TypeScript's parser) and checks the other
 * side: every key the code asks for exists, and no visible text or accessible name is written in the code.
 */
const SRC = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Text that stays the same in every language: unit symbols, statistical notation, a design's name, a
 * dose-level letter and date/time input patterns. Anything else written in JSX fails the test.
 */
const LANGUAGE_NEUTRAL = new Set(['mg/dL', 'µmol/L', 'm²', 'mL', 'BOIN', '(N=', 'D', 'YYYY-MM-DD', '2025-03-03T10:00+08:00'])
/** JSX attributes that a user sees or a screen reader says. */
const SPOKEN_ATTRIBUTES = /^(aria-label|aria-description|title|placeholder|alt|label)$/
const HAS_WORDS = /[A-Za-z\u3400-\u9fff]/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sourceFiles(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

interface KeyUse {
  where: string
  key: string
  /** a template literal's fixed start (`status.${s}`): the key is one of the object's children */
  prefix: boolean
}

/** The keys of `t(...)` calls and of `...Key: '...'` properties; the visible text written in JSX. */
export function scan(file: string, text: string): { keys: KeyUse[]; hardCoded: string[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const keys: KeyUse[] = []
  const hardCoded: string[] = []
  const at = (n: ts.Node) => `${relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`
  const keyOf = (e: ts.Expression, where: string) => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) keys.push({ where, key: e.text, prefix: false })
    else if (ts.isTemplateExpression(e)) keys.push({ where, key: e.head.text, prefix: true })
    else if (ts.isConditionalExpression(e)) {
      keyOf(e.whenTrue, where)
      keyOf(e.whenFalse, where)
    } else if (ts.isParenthesizedExpression(e)) keyOf(e.expression, where)
    // a variable: its value is a key written elsewhere (a `...Key` property or a literal checked there)
  }
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression
      const isT = (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't')
      const first = n.arguments[0]
      if (isT && first) keyOf(first, at(n))
    }
    if (ts.isPropertyAssignment(n) && /Key$/.test(n.name.getText(sf))) keyOf(n.initializer, at(n))
    if (ts.isJsxText(n) && HAS_WORDS.test(n.text) && !LANGUAGE_NEUTRAL.has(n.text.trim())) hardCoded.push(`${at(n)} text ${JSON.stringify(n.text.trim())}`)
    if (ts.isJsxAttribute(n) && SPOKEN_ATTRIBUTES.test(n.name.getText(sf)) && n.initializer && ts.isStringLiteral(n.initializer)) {
      const value = n.initializer.text
      if (HAS_WORDS.test(value) && !LANGUAGE_NEUTRAL.has(value)) hardCoded.push(`${at(n)} ${n.getText(sf)}`)
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return { keys, hardCoded }
}

const english = resourcesByLanguage().en!
const lookup = (key: string): unknown =>
  key.split('.').reduce<unknown>((o, part) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[part] : undefined), english)

/** Whether `key` is a string in English (or its i18next plural forms are). */
function defined(use: KeyUse): boolean {
  if (use.prefix) {
    const parent = use.key.endsWith('.') ? use.key.slice(0, -1) : use.key.slice(0, use.key.lastIndexOf('.'))
    const node = lookup(parent)
    return node !== null && typeof node === 'object'
  }
  return typeof lookup(use.key) === 'string' || typeof lookup(`${use.key}_one`) === 'string' || typeof lookup(`${use.key}_other`) === 'string'
}

describe('translation keys used in the code', () => {
  const found = sourceFiles(SRC).map((file) => scan(file, readFileSync(file, 'utf8')))
  const keys = found.flatMap((f) => f.keys)

  it('finds the keys of the whole app', () => {
    // a broken scan (no file read, no call recognised) must not pass as "nothing missing"
    expect(keys.length).toBeGreaterThan(1000)
  })
  it('asks only for keys the English file defines (the other languages are checked against English)', () => {
    expect(keys.filter((use) => !defined(use)).map((use) => `${use.where}: ${use.key}${use.prefix ? '…' : ''}`)).toEqual([])
  })
  it('writes no visible text or accessible name in the code', () => {
    expect(found.flatMap((f) => f.hardCoded)).toEqual([])
  })
})

describe('the scan itself', () => {
  const sample = `
    const links = [{ labelKey: 'nav.x' }]
    export function A({ ok }: { ok: boolean }) {
      const { t } = useTranslation()
      return <nav aria-label="main"><p title={t('a.b')}>{t(ok ? 'c.d' : 'e.f')} {t(\`status.\${ok}\`)}</p> Day 0 <span>mg/dL</span></nav>
    }`
  const { keys, hardCoded } = scan(join(SRC, 'sample.tsx'), sample)

  it('reads literal, conditional, template and ...Key keys', () => {
    expect(keys.map((k) => `${k.key}${k.prefix ? '…' : ''}`)).toEqual(['nav.x', 'a.b', 'c.d', 'e.f', 'status.…'])
  })
  it('reports text and spoken attributes written in JSX, not unit symbols', () => {
    expect(hardCoded).toEqual(['sample.tsx:5 aria-label="main"', 'sample.tsx:5 text "Day 0"'])
  })
  it('treats a key missing from English, or a template prefix that is not an object, as undefined', () => {
    expect(defined({ where: '', key: 'nav.studies', prefix: false })).toBe(true)
    expect(defined({ where: '', key: 'nav.nowhere', prefix: false })).toBe(false)
    expect(defined({ where: '', key: 'status.', prefix: true })).toBe(true)
    expect(defined({ where: '', key: 'nav.studies.', prefix: true })).toBe(false)
  })
})
