import { describe, expect, it } from 'vitest'
import { LANGUAGES, resourcesByLanguage } from './index'

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]))
const lookup = (o: object, key: string) => key.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string

describe('translations', () => {
  const all = resourcesByLanguage()
  const en = all.en!

  it('loads every language the switch offers', () => {
    expect(Object.keys(all).sort()).toEqual(LANGUAGES.map((l) => l.code).sort())
  })
  it('has every English key in each language and no extra one', () => {
    for (const { code } of LANGUAGES) expect(keys(all[code]!).sort(), code).toEqual(keys(en).sort())
  })
  it('keeps the same interpolation variables in every language', () => {
    const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort()
    for (const { code } of LANGUAGES) for (const k of keys(en)) expect(vars(lookup(all[code]!, k)), `${code}:${k}`).toEqual(vars(lookup(en, k)))
  })
  it('defines each top-level feature key in one file only', () => {
    // two feature files claiming the same top-level key would silently overwrite each other
    const seen = new Map<string, string>()
    const files = import.meta.glob<Record<string, unknown>>('./locales/en/*.json', { eager: true, import: 'default' })
    for (const [path, content] of Object.entries(files))
      for (const top of Object.keys(content)) {
        expect(seen.get(top), `${top} in ${path} and ${seen.get(top)}`).toBeUndefined()
        seen.set(top, path)
      }
  })
})
