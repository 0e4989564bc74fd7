import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SiteRef } from '../api/client'
import type { SiteCalendarView } from '../api/journey'
import { DemoBadge } from '../components/DemoBadge'
import { Link } from '../router'
import { useApi } from '../use-api'

/** Per-site calendar of overdue, due and upcoming visits, with the iCalendar download. */
export function SiteCalendarPage() {
  const { t } = useTranslation()
  const sites = useApi<SiteRef[]>('/api/calendar/sites')
  const [chosen, setChosen] = useState<number>()
  const siteId = chosen ?? sites.data?.[0]?.id
  if (sites.loading) return <p>{t('common.loading')}</p>
  if (sites.error || !sites.data) return <p role="alert">{t('common.error', { message: sites.error?.message ?? '' })}</p>
  return (
    <section>
      <h1>{t('journey.calendar.title')}</h1>
      {siteId === undefined ? (
        <p className="hint">{t('journey.calendar.noSite')}</p>
      ) : (
        <>
          <label className="inline-field">
            {t('journey.calendar.site')}
            <select value={siteId} onChange={(e) => setChosen(Number(e.target.value))}>
              {sites.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} {s.name}
                </option>
              ))}
            </select>
          </label>
          <SiteVisits siteId={siteId} />
        </>
      )}
    </section>
  )
}

function SiteVisits({ siteId }: { siteId: number }) {
  const { t } = useTranslation()
  const cal = useApi<SiteCalendarView>(`/api/sites/${siteId}/calendar`)
  if (cal.loading) return <p>{t('common.loading')}</p>
  if (cal.error || !cal.data) return <p role="alert">{t('common.error', { message: cal.error?.message ?? '' })}</p>
  const c = cal.data
  return (
    <>
      <p>
        {t('journey.calendar.asOf', { date: c.asOf, days: c.horizonDays })}{' '}
        <a href={`/api/sites/${siteId}/calendar.ics`} download={`visits-${c.site.code}.ics`}>
          {t('journey.calendar.ics')}
        </a>
      </p>
      {c.visits.length === 0 ? (
        <p className="hint">{t('journey.calendar.empty')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('journey.target')}</th>
              <th scope="col">{t('journey.calendar.subject')}</th>
              <th scope="col">{t('journey.visit')}</th>
              <th scope="col">{t('journey.window')}</th>
              <th scope="col">{t('journey.status')}</th>
            </tr>
          </thead>
          <tbody>
            {c.visits.map((v) => (
              <tr key={`${v.subjectId}-${v.visitId}`} data-status={v.status}>
                <td>{v.targetDate}</td>
                <td>
                  <Link to={`/subjects/${v.subjectId}`}>{v.code}</Link> {v.isDemo && <DemoBadge />} <span className="muted">{v.registryId}</span>
                </td>
                <td>{v.label}</td>
                <td>
                  {v.windowStart} – {v.windowEnd}
                </td>
                <td>{v.status === 'overdue' ? <strong>{t(`journey.visitStatus.${v.status}`)}</strong> : t(`journey.visitStatus.${v.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
