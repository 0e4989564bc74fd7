import { useTranslation } from 'react-i18next'

export interface SectionLink {
  /** the target's element id, without '#' */
  id: string
  label: string
}

/**
 * "On this page": links to the sections of a long page (a subject's casebook runs to several screens), so a
 * coordinator reaches data entry or the response without scrolling past the safety course. Plain fragment
 * links: keyboard, screen readers and the browser's back button work as on any page.
 */
export function SectionNav({ links }: { links: SectionLink[] }) {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('page.onThisPage')} className="section-nav">
      <span className="muted">{t('page.onThisPage')}</span>
      <ul>
        {links.map((l) => (
          <li key={l.id}>
            <a href={`#${l.id}`}>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
