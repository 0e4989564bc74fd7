import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../api/client'
import type { SaeReport } from './safety-api'

const CRITERIA = ['resultsInDeath', 'lifeThreatening', 'persistentOrSignificantDisability', 'congenitalAnomaly', 'importantMedicalEvent'] as const
const tri = (v: string) => (v === 'yes' ? true : v === 'no' ? false : null)

/** SAE reports (ICH E2A) with the site (protocol's hours, default 24) and sponsor 7/15-day clocks, a printable form, and a new-report form. */
export function SaeReports({ subjectId, reports, onChange }: { subjectId: number; reports: SaeReport[]; onChange: () => void }) {
  const { t } = useTranslation()
  return (
    <>
      <h3>{t('safety.sae.title')}</h3>
      {reports.length === 0 ? (
        <p>{t('safety.sae.none')}</p>
      ) : (
        <table className="grid" aria-label={t('safety.sae.title')}>
          <thead>
            <tr>
              <th scope="col">{t('safety.sae.term')}</th>
              <th scope="col">{t('safety.sae.category')}</th>
              <th scope="col">{t('safety.sae.siteClock', { hours: reports[0]!.clocks.siteInitialReportHours })}</th>
              <th scope="col">{t('safety.sae.sponsorClock')}</th>
              <th scope="col">{t('safety.sae.form')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} className={r.voided_at ? 'muted' : undefined}>
                <td>
                  {r.term} {r.ctcae_grade !== null && t('safety.sae.grade', { grade: r.ctcae_grade })} {r.voided_at && t('safety.sae.voided')}
                </td>
                <td>{t(`safety.susar.${r.susar_category}`)}</td>
                <td>
                  {r.clocks.site ? (
                    <span className={r.clocks.site.status === 'overdue' ? 'error' : undefined}>
                      {t('safety.sae.due', { due: r.clocks.site.dueAt })} · {t(`safety.clock.${r.clocks.site.status}`)}
                    </span>
                  ) : (
                    t('common.none')
                  )}
                </td>
                <td>
                  {r.clocks.sponsor?.initial ? (
                    <span className={r.clocks.sponsor.initial.status === 'overdue' ? 'error' : undefined}>
                      {t('safety.sae.day0', { day0: r.clocks.sponsor.day0 })} · {t('safety.sae.due', { due: r.clocks.sponsor.initial.dueDate })} · {t(`safety.clock.${r.clocks.sponsor.initial.status}`)}
                    </span>
                  ) : r.sponsor_first_knowledge_at ? (
                    t('safety.sae.noExpedited')
                  ) : (
                    t('safety.sae.noSponsor')
                  )}
                </td>
                <td>
                  <a href={`/api/sae/${r.id}/form.html`} target="_blank" rel="noreferrer">
                    {t('safety.sae.printHtml')}
                  </a>{' '}
                  <a href={`/api/sae/${r.id}/form.pdf`} target="_blank" rel="noreferrer">
                    {t('safety.sae.pdf')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewSae subjectId={subjectId} onSaved={onChange} />
    </>
  )
}

function NewSae({ subjectId, onSaved }: { subjectId: number; onSaved: () => void }) {
  const { t } = useTranslation()
  const [term, setTerm] = useState('')
  const [grade, setGrade] = useState('3')
  const [hospitalisation, setHosp] = useState('none')
  const [criteria, setCriteria] = useState<Record<string, string>>({})
  const [related, setRelated] = useState('unknown')
  const [unexpected, setUnexpected] = useState('unknown')
  const [siteAwareAt, setAware] = useState('')
  const [narrative, setNarrative] = useState('')
  const [error, setError] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError('')
    try {
      await api(`/api/subjects/${subjectId}/sae`, {
        method: 'POST',
        body: {
          aeSource: 'other', term, ctcaeGrade: Number(grade), siteAwareAt, narrative, related: tri(related), unexpected: tri(unexpected),
          seriousness: { ...Object.fromEntries(CRITERIA.map((c) => [c, tri(criteria[c] ?? 'unknown')])), hospitalisation: hospitalisation === 'unknown' ? null : hospitalisation },
        },
      })
      setTerm('')
      setNarrative('')
      onSaved()
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...err.details.map((d) => d.message)].join(' · ') : String(err))
    }
  }
  const yesNo = (value: string, set: (v: string) => void, label: string) => (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => set(e.target.value)}>
        <option value="unknown">{t('safety.sae.unanswered')}</option>
        <option value="yes">{t('safety.sae.yes')}</option>
        <option value="no">{t('safety.sae.no')}</option>
      </select>
    </label>
  )
  return (
    <details>
      <summary>{t('safety.sae.new')}</summary>
      <form onSubmit={(e) => void submit(e)} className="card">
        <label>
          {t('safety.sae.term')} <input value={term} onChange={(e) => setTerm(e.target.value)} required />
        </label>{' '}
        <label>
          {t('safety.sae.gradeLabel')}{' '}
          <select value={grade} onChange={(e) => setGrade(e.target.value)}>
            {[1, 2, 3, 4, 5].map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('safety.sae.criteria')}</legend>
          {CRITERIA.map((c) => (
            <span key={c}>{yesNo(criteria[c] ?? 'unknown', (v) => setCriteria({ ...criteria, [c]: v }), t(`safety.criteria.${c}`))} </span>
          ))}
          <label>
            {t('safety.criteria.hospitalisation')}{' '}
            <select value={hospitalisation} onChange={(e) => setHosp(e.target.value)}>
              <option value="unknown">{t('safety.sae.unanswered')}</option>
              <option value="none">{t('safety.sae.no')}</option>
              <option value="requires-admission">{t('safety.criteria.requiresAdmission')}</option>
              <option value="prolongs-existing">{t('safety.criteria.prolongsExisting')}</option>
            </select>
          </label>
        </fieldset>
        {yesNo(related, setRelated, t('safety.sae.related'))} {yesNo(unexpected, setUnexpected, t('safety.sae.unexpected'))}{' '}
        <label>
          {t('safety.sae.siteAwareAt')} <input value={siteAwareAt} onChange={(e) => setAware(e.target.value)} placeholder="2025-03-03T10:00+08:00" required />
        </label>
        <label>
          {t('safety.sae.narrative')} <textarea value={narrative} onChange={(e) => setNarrative(e.target.value)} />
        </label>
        <button type="submit">{t('safety.sae.create')}</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </details>
  )
}
