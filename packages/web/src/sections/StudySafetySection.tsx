import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { StudyDetail } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'
import type { SafetyAlert } from './safety-api'
import { SafetyAlerts } from './SafetyAlerts'
import { useLiveRefresh } from './use-live-refresh'

/**
 * Open safety alerts of the study (CRS/ICANS grade rises, labs grade ≥ 3) and the link to the safety tables. The list
 * refreshes itself every 15 s while the tab is visible, so an alert raised by another user appears without a reload.
 */
export function StudySafetySection({ study }: { study: StudyDetail }) {
  const { t } = useTranslation()
  const [version, setVersion] = useState(0)
  useLiveRefresh(() => setVersion((v) => v + 1))
  const { data: fresh, error } = useApi<SafetyAlert[]>(`/api/studies/${study.id}/safety/alerts?v=${version}`)
  const last = useRef<SafetyAlert[] | undefined>(undefined)
  if (fresh) last.current = fresh
  const data = fresh ?? last.current
  return (
    <section aria-labelledby="study-safety-title">
      <h2 id="study-safety-title">{t('safety.study.title')}</h2>
      <p>
        <Link to={`/studies/${study.id}/safety`}>{t('safety.study.tablesLink')}</Link>
      </p>
      <h3>{t('safety.alerts.open')}</h3>
      {error ? <p role="alert">{t('common.error', { message: error.message })}</p> : data ? <SafetyAlerts alerts={data} showSubject onChange={() => setVersion((v) => v + 1)} /> : <p>{t('common.loading')}</p>}
    </section>
  )
}
