import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from '../router'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Results report of a study: the server renders the self-contained HTML page (figures, tables, narrative) for
 * the data the user may see, in the interface language, at the chosen data cut-off (default: today).
 */
export function ReportPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const [draft, setDraft] = useState('')
  const [cutoff, setCutoff] = useState('')
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en'
  const src = `/api/studies/${encodeURIComponent(id)}/report.html?lang=${lang}${cutoff ? `&cutoff=${cutoff}` : ''}`
  const invalid = draft !== '' && !ISO_DATE.test(draft)
  return (
    <section>
      <p>
        <Link to={`/studies/${id}`}>← {t('report.back')}</Link>
      </p>
      <h1>{t('report.title')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!invalid) setCutoff(draft)
        }}
      >
        <label>
          {t('report.cutoff')}{' '}
          <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="YYYY-MM-DD" aria-invalid={invalid} data-testid="report-cutoff" />
        </label>{' '}
        <button type="submit" disabled={invalid}>
          {t('report.apply')}
        </button>
        {invalid ? <span role="alert"> {t('report.invalidCutoff')}</span> : null}
      </form>
      <p>
        <a href={src} target="_blank" rel="noopener">
          {t('report.openNewTab')}
        </a>
      </p>
      <iframe title={t('report.frameTitle')} src={src} data-testid="report-frame" style={{ width: '100%', height: '80vh', border: '1px solid #ccc' }} />
    </section>
  )
}
