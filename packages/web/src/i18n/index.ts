import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const

/**
 * Translations live in one JSON file per feature and language (`locales/<lang>/<feature>.json`); the
 * files of a language are merged, so features add their own file without touching anyone else's.
 */
const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' })

export function resourcesByLanguage(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [path, content] of Object.entries(files)) {
    const lang = path.split('/')[2]!
    out[lang] = { ...out[lang], ...content }
  }
  return out
}

const STORAGE_KEY = 'celltrial.lang'

function initialLanguage(): string {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
  if (saved && LANGUAGES.some((l) => l.code === saved)) return saved
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en'
  return nav.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

const resources = Object.fromEntries(Object.entries(resourcesByLanguage()).map(([lang, translation]) => [lang, { translation }]))

const startLanguage = initialLanguage()
// the page's language for screen readers and CJK fonts (WCAG 3.1.1), from the first render on
if (typeof document !== 'undefined') document.documentElement.lang = startLanguage

void i18next.use(initReactI18next).init({
  resources,
  lng: startLanguage,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
})

export function setLanguage(code: string) {
  localStorage.setItem(STORAGE_KEY, code)
  document.documentElement.lang = code
  void i18next.changeLanguage(code)
}

export default i18next
