import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, type SubjectDetail } from '../api/client'
import { useApi } from '../use-api'
import type { SafetyAlert, SubjectSafety } from './safety-api'
import { SafetyAlerts } from './SafetyAlerts'
import { BedsideQuickEntry } from './BedsideQuickEntry'
import { SafetyCourseTable } from './SafetyCourseTable'
import { LabProposals } from './LabProposals'
import { SaeReports } from './SaeReports'
import { useLiveRefresh } from './use-live-refresh'

/**
 * Safety of one subject: open alerts, quick bedside entry (vital signs / oxygen through the capture API), CRS and
 * ICANS graded day by day with the finding that drove each grade, lab-derived AE proposals and SAE reports.
 * Refreshes itself every 15 s while the tab is visible (alerts raised by other users' entries appear).
 */
export function SafetySection({ subject }: { subject: SubjectDetail }) {
  const { t } = useTranslation()
  const [version, setVersion] = useState(0)
  const reload = () => setVersion((v) => v + 1)
  const { data: fresh, error } = useApi<SubjectSafety>(`/api/subjects/${subject.id}/safety?v=${version}`)
  // keep showing the last answer while reloading, so the entry form and its messages stay mounted
  const last = useRef<SubjectSafety | undefined>(undefined)
  if (fresh) last.current = fresh
  const data = fresh ?? last.current
  // live refresh: poll the study's open alerts (a light read, not audited per subject) and reload this section when
  // this subject's open alerts differ from those shown (raised or acknowledged by another user)
  const shownOpen = openAlertIds(data?.alerts ?? [], subject.id)
  useLiveRefresh(() => {
    if (!data) return
    api<SafetyAlert[]>(`/api/studies/${subject.study_id}/safety/alerts`)
      .then((open) => {
        if (openAlertIds(open, subject.id) !== shownOpen) reload()
      })
      .catch(() => undefined) // a failed poll changes nothing; the next one tries again
  })
  return (
    <section aria-labelledby="safety-title">
      <h2 id="safety-title">{t('safety.title')}</h2>
      {error && <p role="alert">{t('common.error', { message: error.message })}</p>}
      {data && (
        <>
          <h3>{t('safety.alerts.title')}</h3>
          <SafetyAlerts alerts={data.alerts} onChange={reload} />
          {data.infusionDate ? <BedsideQuickEntry subjectId={subject.id} infusionDate={data.infusionDate} onSaved={reload} /> : <p>{t('safety.noInfusion')}</p>}
          {data.course && (
            <>
              <SafetyCourseTable kind="crs" course={data.course.crs} />
              <SafetyCourseTable kind="icans" course={data.course.icans} tool={data.course.icansTool} />
            </>
          )}
          {data.issues.length > 0 && (
            <ul className="hint" aria-label={t('safety.issues')}>
              {data.issues.map((i, n) => (
                <li key={n}>{i.message}</li>
              ))}
            </ul>
          )}
          <LabProposals subjectId={subject.id} proposals={data.proposals} onChange={reload} />
          <SaeReports subjectId={subject.id} reports={data.saes} onChange={reload} />
        </>
      )}
    </section>
  )
}

/** The ids of a subject's unacknowledged alerts, as one comparable string. */
function openAlertIds(alerts: SafetyAlert[], subjectId: number): string {
  return alerts
    .filter((a) => a.subject_id === subjectId && !a.acknowledged_at)
    .map((a) => a.id)
    .sort((x, y) => x - y)
    .join(',')
}
