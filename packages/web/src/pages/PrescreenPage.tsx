import { useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import type { PrescreenResult } from '../api/screening'
import { Link } from '../router'
import { ProfileForm } from '../components/ProfileForm/ProfileForm'
import { collectProfileFields, emptyProfileForm, localToday, toProfile } from '../components/ProfileForm/profile-form'
import { useStudyProtocols } from '../components/ProfileForm/use-protocols'
import { VerdictBadge } from '../components/CriteriaTable/CriteriaTable'

/** Cross-trial pre-screening: one patient profile against every loaded protocol, most promising first. */
export function PrescreenPage() {
  const { t } = useTranslation()
  const today = localToday()
  const { studies, error } = useStudyProtocols()
  const fields = useMemo(() => collectProfileFields((studies ?? []).map((s) => s.protocol)), [studies])
  const [form, setForm] = useState(() => emptyProfileForm(today))
  const [results, setResults] = useState<PrescreenResult[]>()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string>()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setFailure(undefined)
    try {
      const profile = toProfile(form, { asOf: today, subjectId: 'PRESCREEN', mode: 'durations' })
      const res = await api<{ results: PrescreenResult[] }>('/api/screening/prescreen', { method: 'POST', body: { profile, asOf: today } })
      setResults(res.results)
    } catch (err) {
      setFailure((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (error) return <p role="alert">{t('common.error', { message: error.message })}</p>
  if (!studies) return <p>{t('common.loading')}</p>
  return (
    <section>
      <h1>{t('screening.prescreen.title')}</h1>
      <p className="hint">{t('screening.prescreen.intro', { n: studies.length })}</p>
      <form onSubmit={(e) => void submit(e)} aria-label={t('screening.prescreen.title')}>
        <ProfileForm value={form} onChange={setForm} fields={fields} mode="durations" />
        <button type="submit" disabled={busy}>
          {t('screening.prescreen.run')}
        </button>
      </form>
      {failure && (
        <p role="alert" className="error">
          {t('common.error', { message: failure })}
        </p>
      )}
      {results && (
        <>
          <h2>{t('screening.prescreen.results')}</h2>
          <table className="grid" aria-label={t('screening.prescreen.results')}>
            <thead>
              <tr>
                <th scope="col">{t('screening.prescreen.rank')}</th>
                <th scope="col">{t('screening.prescreen.trial')}</th>
                <th scope="col">{t('screening.verdictLabel')}</th>
                <th scope="col">{t('screening.unmet')}</th>
                <th scope="col">{t('screening.missingData')}</th>
                <th scope="col">{t('screening.pending')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r, i) => (
                <tr key={r.protocolId} data-trial={r.protocolId}>
                  <td className="num">{i + 1}</td>
                  <td>
                    {r.studyId ? <Link to={`/studies/${r.studyId}/screening`}>{r.protocolId}</Link> : r.protocolId}
                    <div className="muted">{r.briefTitle}</div>
                  </td>
                  <td>
                    <VerdictBadge verdict={r.verdict} />
                  </td>
                  <td>
                    {r.unmet.length === 0 ? (
                      t('common.none')
                    ) : (
                      <ul>
                        {r.criteria
                          .filter((c) => c.status === 'not met')
                          .map((c) => (
                            <li key={c.id}>
                              <strong>{c.id}</strong> <span title={c.text}>{c.text.length > 140 ? `${c.text.slice(0, 139)}…` : c.text}</span>
                            </li>
                          ))}
                      </ul>
                    )}
                  </td>
                  <td>{r.missing.length === 0 ? t('common.none') : r.missing.join(', ')}</td>
                  <td>{r.pendingAttestations.length === 0 ? t('common.none') : r.pendingAttestations.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
