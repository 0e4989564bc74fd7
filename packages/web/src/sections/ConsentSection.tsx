import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, type SubjectDetail } from '../api/client'
import { useReloadableApi } from '../api/journey'
import type { SubjectConsentView } from '../api/protocol-versions'
import { ApiErrorDetails } from '../components/ProtocolVersions/ProtocolVersions'
import { Link } from '../router'
import { useCan } from './capture/use-can'

/** Re-consent to a later protocol version: the version, the date of the signed consent, a note. */
function ReconsentForm({ subjectId, consent, onSaved }: { subjectId: number; consent: SubjectConsentView; onSaved: () => void }) {
  const { t } = useTranslation()
  const later = consent.laterVersions
  const [versionId, setVersionId] = useState<number>(later[later.length - 1]!.id)
  const [on, setOn] = useState(new Date().toISOString().slice(0, 10))
  const [note, setNote] = useState('')
  const [error, setError] = useState<Error | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      await api(`/api/subjects/${subjectId}/consent`, { method: 'POST', body: { versionId, on, note: note.trim() || null } })
      onSaved()
    } catch (err) {
      setError(err as Error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('amendments.reconsent')}>
      <h3>{t('amendments.reconsent')}</h3>
      <p className="hint">{t('amendments.reconsentHint')}</p>
      <p>
        <label>
          {t('amendments.toVersion')}{' '}
          <select value={versionId} onChange={(e) => setVersionId(Number(e.target.value))}>
            {later.map((v) => (
              <option key={v.id} value={v.id}>
                {t('amendments.versionOption', { number: v.number, date: v.effectiveDate })}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('amendments.consentDate')} <input type="date" value={on} onChange={(e) => setOn(e.target.value)} required />
        </label>{' '}
        <label>
          {t('amendments.note')} <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
        </label>{' '}
        <button type="submit" disabled={busy}>
          {t('amendments.reconsentSubmit')}
        </button>
      </p>
      {error && <ApiErrorDetails error={error} />}
    </form>
  )
}

/**
 * Subject page section: the protocol version of the subject's consent (every per-subject computation uses
 * it), the consent history and re-consent to a later version (users who may enrol at the subject's site).
 */
export function ConsentSection({ subject }: { subject: SubjectDetail }) {
  const { t } = useTranslation()
  const can = useCan()
  const consent = useReloadableApi<SubjectConsentView>(`/api/subjects/${subject.id}/consent`)
  if (consent.loading) return <p>{t('common.loading')}</p>
  if (consent.error || !consent.data) return <ApiErrorDetails error={consent.error ?? new Error('')} />
  const c = consent.data
  // the subject row carries its site id (GET /api/subjects/:id selects every subject column)
  const siteId = (subject as SubjectDetail & { site_id?: number }).site_id
  return (
    <section aria-labelledby="consent-title">
      <h2 id="consent-title">{t('amendments.consentTitle')}</h2>
      <p data-testid="consented-version">
        {t('amendments.onVersion', { number: c.current.number, date: c.current.effectiveDate, consentedOn: c.current.consentedOn })}
        {!c.current.pinned && <span className="muted"> {t('amendments.inferred')}</span>} ·{' '}
        <Link to={`/studies/${subject.study_id}/protocol`}>{t('amendments.protocolLink')}</Link>
      </p>
      {c.history.length > 0 && (
        <table className="grid" aria-label={t('amendments.history')}>
          <thead>
            <tr>
              <th scope="col">{t('amendments.consentDate')}</th>
              <th scope="col">{t('amendments.kind')}</th>
              <th scope="col">{t('amendments.version')}</th>
              <th scope="col">{t('amendments.note')}</th>
              <th scope="col">{t('amendments.recordedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {c.history.map((h) => (
              <tr key={h.id}>
                <td>{h.consented_on}</td>
                <td>{t(`amendments.consentKinds.${h.kind}`)}</td>
                <td>{h.version_number}</td>
                <td>{h.note ?? ''}</td>
                <td>{h.recorded_by_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.laterVersions.length > 0 && siteId !== undefined && can('subject.enrol', siteId) ? (
        <ReconsentForm subjectId={subject.id} consent={c} onSaved={consent.reload} />
      ) : (
        c.laterVersions.length === 0 && <p className="hint">{t('amendments.newest')}</p>
      )}
    </section>
  )
}
