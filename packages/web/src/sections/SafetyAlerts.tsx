import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../api/client'
import { Link } from '../router'
import type { SafetyAlert } from './safety-api'

/** Safety alerts with an acknowledge button each (audited on the server). */
export function SafetyAlerts({ alerts, onChange, showSubject = false }: { alerts: SafetyAlert[]; onChange: () => void; showSubject?: boolean }) {
  const { t } = useTranslation()
  const [error, setError] = useState('')
  if (alerts.length === 0) return <p>{t('safety.alerts.none')}</p>
  const ack = async (id: number) => {
    setError('')
    try {
      await api(`/api/safety-alerts/${id}/acknowledge`, { method: 'POST' })
      onChange()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    }
  }
  return (
    <>
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="safety-alerts" aria-label={t('safety.alerts.title')}>
        {alerts.map((a) => (
          <li key={a.id} className={`card${a.acknowledged_at ? ' muted' : ''}`} data-testid="safety-alert">
            <strong>{t('safety.alerts.headline', { kind: t(`safety.kind.${a.kind}`), grade: a.grade, previous: a.previous_grade ?? 0 })}</strong>{' '}
            {showSubject && a.subject_code ? (
              <Link to={`/subjects/${a.subject_id}`}>{a.subject_code}</Link>
            ) : null}{' '}
            {a.protocol_day === null ? a.observed_on : t('safety.alerts.day', { day: a.protocol_day, date: a.observed_on })}
            <br />
            <span className="muted">{a.finding}</span>
            <br />
            {a.acknowledged_at ? (
              t('safety.alerts.acknowledged', { when: a.acknowledged_at.slice(0, 16).replace('T', ' ') })
            ) : (
              <button type="button" onClick={() => void ack(a.id)} aria-label={t('safety.alerts.ackLabel', { id: a.id })}>
                {t('safety.alerts.acknowledge')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}
