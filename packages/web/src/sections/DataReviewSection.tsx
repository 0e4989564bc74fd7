import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, type StudyDetail } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'
import type { LockDto, StudyQueriesDto, StudySdvDto } from './capture/capture-api'
import { ReasonForm } from './capture/ReasonForm'
import { useCan } from './capture/use-can'
import './capture/capture.css'

const STATUSES = ['unresolved', 'open', 'answered', 'closed'] as const
const pct = (p: number | null) => (p === null ? '–' : `${p} %`)

/**
 * Study page: data review. The study's data queries per site with their age (days open), filtered by site and
 * status, each linking to its subject and form; SDV progress per site and subject; the study lock.
 */
export function DataReviewSection({ study }: { study: StudyDetail }) {
  const { t } = useTranslation()
  const can = useCan()
  const [siteId, setSiteId] = useState('')
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('unresolved')
  const [reload, setReload] = useState(0)
  const [unlocking, setUnlocking] = useState(false)
  const [err, setErr] = useState('')
  const qs = new URLSearchParams({ status, r: String(reload), ...(siteId ? { siteId } : {}) })
  const queries = useApi<StudyQueriesDto>(`/api/studies/${study.id}/queries?${qs.toString()}`)
  const sdv = useApi<StudySdvDto>(`/api/studies/${study.id}/sdv?r=${reload}`)
  const locks = useApi<LockDto[]>(`/api/studies/${study.id}/locks?r=${reload}`)
  const studyLock = locks.data?.find((l) => l.scope === 'study') ?? null
  const canLock = can('form.lock')
  const changed = () => {
    setUnlocking(false)
    setReload((n) => n + 1)
  }
  const lockStudy = () => {
    setErr('')
    api('/api/locks', { method: 'POST', body: { scope: 'study', id: study.id } }).then(changed).catch((x: Error) => setErr(x.message))
  }

  return (
    <section aria-labelledby="data-review-heading" data-testid="data-review-section">
      <h2 id="data-review-heading">{t('captureReview.study.title')}</h2>
      <p data-testid="study-lock-state">
        {studyLock ? t('captureReview.lock.locked', { scope: t('capture.lockScope.study') }) : t('captureReview.lock.open')}{' '}
        {canLock && !studyLock && <button type="button" className="secondary" onClick={lockStudy}>{t('captureReview.lock.lockStudy')}</button>}
        {canLock && studyLock && !unlocking && <button type="button" className="secondary" onClick={() => setUnlocking(true)}>{t('captureReview.lock.unlockStudy')}</button>}
      </p>
      {err && <p role="alert" className="error">{err}</p>}
      {unlocking && studyLock && (
        <ReasonForm
          label={t('captureReview.lock.unlockReason')}
          submitLabel={t('captureReview.lock.unlockSubmit')}
          testId="study-unlock"
          onSubmit={async (reason) => {
            await api(`/api/locks/${studyLock.id}/unlock`, { method: 'POST', body: { reason } })
            changed()
          }}
          onCancel={() => setUnlocking(false)}
        />
      )}

      <h3>{t('captureReview.study.queries')}</h3>
      <div className="capture-toolbar">
        <label>
          {t('captureReview.study.site')}
          <select value={siteId} onChange={(e) => setSiteId(e.target.value)} data-testid="queries-site-filter">
            <option value="">{t('captureReview.study.allSites')}</option>
            {study.sites.map((s) => (
              <option key={s.id} value={String(s.id)}>{s.code}</option>
            ))}
          </select>
        </label>
        <label>
          {t('captureReview.study.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])} data-testid="queries-status-filter">
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t(`captureReview.study.statusFilter.${s}`)}</option>
            ))}
          </select>
        </label>
      </div>
      {queries.error ? (
        <p role="alert">{t('common.error', { message: queries.error.message })}</p>
      ) : !queries.data ? (
        <p>{t('common.loading')}</p>
      ) : queries.data.queries.length === 0 ? (
        <p data-testid="queries-empty">{t('captureReview.study.noQueries')}</p>
      ) : (
        <table className="grid" data-testid="study-queries">
          <thead>
            <tr>
              <th scope="col">{t('captureReview.study.site')}</th>
              <th scope="col">{t('captureReview.study.subject')}</th>
              <th scope="col">{t('captureReview.study.form')}</th>
              <th scope="col">{t('captureReview.col.field')}</th>
              <th scope="col">{t('captureReview.study.text')}</th>
              <th scope="col">{t('capture.col.status')}</th>
              <th scope="col">{t('captureReview.study.raisedBy')}</th>
              <th scope="col">{t('captureReview.study.age')}</th>
            </tr>
          </thead>
          <tbody>
            {queries.data.queries.map((q) => (
              <tr key={q.id} data-testid="study-query-row">
                <td>{q.site_code}</td>
                <td>
                  <Link to={`/subjects/${q.subject_id}?record=${q.form_record_id}`}>{q.subject_code}</Link>
                </td>
                <td>
                  <Link to={`/subjects/${q.subject_id}?record=${q.form_record_id}`}>{t(`capture.form.${q.form_type}`)}</Link> · {q.visit_label ?? q.observed_on}
                </td>
                <td>{q.field_path === '' ? t('captureReview.wholeForm') : t(`capture.field.${q.field_path}`, { defaultValue: q.field_path })}</td>
                <td className="capture-query-text">{q.text}</td>
                <td>{t(`captureReview.query.status.${q.status}`)}</td>
                <td>{q.raised_by_name}</td>
                <td className="num" data-age-days={q.ageDays}>{q.ageDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('captureReview.study.sdv')}</h3>
      {!sdv.data ? (
        <p>{sdv.error ? t('common.error', { message: sdv.error.message }) : t('common.loading')}</p>
      ) : (
        <table className="grid" data-testid="study-sdv">
          <thead>
            <tr>
              <th scope="col">{t('captureReview.study.site')}</th>
              <th scope="col">{t('captureReview.study.sdvProgress')}</th>
              <th scope="col">{t('captureReview.study.subjects')}</th>
            </tr>
          </thead>
          <tbody>
            {sdv.data.sites.map((s) => (
              <tr key={s.siteId} data-testid="study-sdv-site" data-site={s.siteCode}>
                <th scope="row">{s.siteCode}</th>
                <td>{t('captureReview.progress', { verified: s.verified, records: s.records, percent: pct(s.percent) })}</td>
                <td>
                  {s.subjects.length === 0 ? '–' : (
                    <details>
                      <summary>{t('captureReview.study.subjectCount', { n: s.subjects.length })}</summary>
                      <ul>
                        {s.subjects.map((x) => (
                          <li key={x.subjectId}>
                            <Link to={`/subjects/${x.subjectId}`}>{x.subjectCode}</Link>: {t('captureReview.progress', { verified: x.verified, records: x.records, percent: pct(x.percent) })}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
