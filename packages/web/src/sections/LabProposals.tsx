import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../api/client'
import type { LabProposal } from './safety-api'

/** Lab-derived AEs proposed by CTCAE v5.0 grading; the investigator confirms or rejects each (audited). */
export function LabProposals({ subjectId, proposals, onChange }: { subjectId: number; proposals: LabProposal[]; onChange: () => void }) {
  const { t } = useTranslation()
  const [reasons, setReasons] = useState<Record<number, string>>({})
  const [error, setError] = useState('')
  const call = async (fn: () => Promise<unknown>) => {
    setError('')
    try {
      await fn()
      onChange()
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.details.map((d) => d.message)].join(' · ') : String(e))
    }
  }
  const decide = (id: number, decision: 'confirmed' | 'rejected') => call(() => api(`/api/lab-ae-proposals/${id}/decision`, { method: 'POST', body: { decision, reason: reasons[id] ?? null } }))
  return (
    <>
      <h3>{t('safety.labs.title')}</h3>
      <p className="hint">{t('safety.labs.hint')}</p>
      <button type="button" onClick={() => void call(() => api(`/api/subjects/${subjectId}/safety/lab-proposals/refresh`, { method: 'POST' }))}>
        {t('safety.labs.refresh')}
      </button>
      {error && <p role="alert" className="error">{error}</p>}
      {proposals.length === 0 ? (
        <p>{t('safety.labs.none')}</p>
      ) : (
        <table className="grid" aria-label={t('safety.labs.title')}>
          <thead>
            <tr>
              <th scope="col">{t('safety.labs.term')}</th>
              <th scope="col">{t('safety.labs.grade')}</th>
              <th scope="col">{t('safety.labs.period')}</th>
              <th scope="col">{t('safety.labs.baseline')}</th>
              <th scope="col">{t('safety.labs.status')}</th>
            </tr>
          </thead>
          <tbody>
            {proposals.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.term} <span className="muted">{p.soc}</span>
                </td>
                <td className="num">{t('safety.labs.worst', { grade: p.worst_grade, date: p.worst_grade_date })}</td>
                <td>{`${p.onset_date} – ${p.end_date ?? t('safety.labs.ongoing')}`}</td>
                <td>{p.baseline_grade ?? t('common.none')}</td>
                <td>
                  {p.status === 'proposed' ? (
                    <>
                      <button type="button" onClick={() => void decide(p.id, 'confirmed')}>
                        {t('safety.labs.confirm')}
                      </button>{' '}
                      <label>
                        {t('safety.labs.reason')}{' '}
                        <input value={reasons[p.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [p.id]: e.target.value })} />
                      </label>{' '}
                      <button type="button" onClick={() => void decide(p.id, 'rejected')}>
                        {t('safety.labs.reject')}
                      </button>
                    </>
                  ) : (
                    <>
                      {t(`safety.labs.${p.status}`)} {p.decision_reason && <span className="muted">({p.decision_reason})</span>}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
