import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage } from '../../i18n'
import { Link } from '../../router'
import { useSession } from '../../session'
import { useApi } from '../../use-api'
import { navLinks } from '../../sections'

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation()
  const { me, logout } = useSession()
  const health = useApi<{ database: string }>('/api/health')
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <span className="tagline">{t('app.tagline')}</span>
        <nav aria-label={t('nav.main')}>
          {me && <Link to="/">{t('nav.studies')}</Link>}
          {me &&
            navLinks.map((l) => (
              <Link key={l.to} to={l.to}>
                {t(l.labelKey)}
              </Link>
            ))}
          <a href="/docs">{t('nav.apiDocs')}</a>
        </nav>
        <label className="lang">
          <span className="visually-hidden">{t('nav.language')}</span>
          <select aria-label={t('nav.language')} value={i18n.language} onChange={(e) => setLanguage(e.target.value)}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        {me && (
          <span className="user">
            {me.displayName}
            <button type="button" onClick={() => void logout()}>
              {t('nav.logout')}
            </button>
          </span>
        )}
      </header>
      {health.data?.database === 'pglite' && (
        <p className="banner" role="note">
          {t('embedded')}
        </p>
      )}
      <main>{children}</main>
    </div>
  )
}
