import { useTranslation } from 'react-i18next'
import type { StudySummary } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'

export function StudiesPage() {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<StudySummary[]>('/api/studies')
  if (loading) return <p>{t('common.loading')}</p>
  if (error) return <p role="alert">{t('common.error', { message: error.message })}</p>
  if (!data || data.length === 0) return <p>{t('studies.empty')}</p>
  return (
    <section>
      <h1>{t('studies.title')}</h1>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('studies.registryId')}</th>
            <th scope="col">{t('studies.product')}</th>
            <th scope="col">{t('studies.phase')}</th>
            <th scope="col">{t('studies.target')}</th>
            <th scope="col">{t('studies.enrolled')}</th>
            <th scope="col">{t('studies.sites')}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/studies/${s.id}`}>{s.registry_id}</Link>
                <div className="muted">{s.title}</div>
              </td>
              <td>{s.product}</td>
              <td>{t(`phase.${s.phase}`, { defaultValue: s.phase })}</td>
              <td className="num">{s.target_enrolment ?? t('common.none')}</td>
              <td className="num">{s.subjectCount}</td>
              <td>{s.sites.map((site) => `${site.name}${site.city ? ` (${site.city})` : ''}`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
