import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError, type SubjectDetail } from '../api/client'
import { useApi } from '../use-api'
import type { DltAssessmentData } from './escalation-api'
import { SignatureFields } from '../components/Escalation/SignatureFields'
import { displayInstant } from '../local-instant'
import { useDefaultValue } from '../use-default-value'

/** DLT adjudication of one subject (safety-grading.md §5): evaluable or not (why), DLT yes/no, the event; signed. */
export function DltSection({ subject }: { subject: SubjectDetail }) {
  const { t } = useTranslation()
  const [version, setVersion] = useState(0)
  const { data, error } = useApi<DltAssessmentData>(`/api/subjects/${subject.id}/dlt-assessment?v=${version}`)
  if (error) return <p role="alert">{t('common.error', { message: error.message })}</p>
  if (!data || !data.infusionDate) return null
  const a = data.assessment
  return (
    <section aria-labelledby="dlt-title">
      <h2 id="dlt-title">{t('escalation.dlt.title')}</h2>
      <p>{t('escalation.dlt.window', { days: data.windowDays, infusion: data.infusionDate })}</p>
      {a ? (
        <p className="card">
          {a.evaluable ? (a.dlt ? t('escalation.dlt.withDlt', { event: a.event_description, grade: a.dlt_grade, onset: a.onset_date }) : t('escalation.dlt.noDlt')) : t('escalation.dlt.notEvaluable', { reason: a.not_evaluable_reason })}
          <br />
          {a.signed_at ? t('escalation.dlt.signed', { who: a.signed_by_name, when: displayInstant(a.signed_at), meaning: a.signature_meaning }) : <strong>{t('escalation.dlt.unsigned')}</strong>}
        </p>
      ) : (
        <p>{t('escalation.dlt.none')}</p>
      )}
      <DltForm key={`${a?.id ?? 'new'}-${version}`} data={data} onSaved={() => setVersion((v) => v + 1)} />
    </section>
  )
}

function DltForm({ data, onSaved }: { data: DltAssessmentData; onSaved: () => void }) {
  const { t } = useTranslation()
  const a = data.assessment
  const [evaluable, setEvaluable] = useState(a?.evaluable ?? true)
  const [notEvaluableReason, setReasonNe] = useState(a?.not_evaluable_reason ?? '')
  const [dlt, setDlt] = useState(a?.dlt ?? false)
  const [eventDescription, setEvent] = useState(a?.event_description ?? '')
  const [dltGrade, setGrade] = useState(a?.dlt_grade ?? 3)
  const [onsetDate, setOnset] = useState(a?.onset_date ?? '')
  const [changeReason, setChangeReason] = useState('')
  const [password, setPassword] = useState('')
  const [meaning, setMeaning] = useDefaultValue(t('escalation.dlt.defaultMeaning'))
  const [error, setError] = useState('')
  const unsigned = a !== null && a.signed_at === null
  const fields = { evaluable, notEvaluableReason: evaluable ? null : notEvaluableReason, dlt: evaluable ? dlt : null, eventDescription: evaluable && dlt ? eventDescription : null, dltGrade: evaluable && dlt ? dltGrade : null, onsetDate: evaluable && dlt ? onsetDate : null }
  const run = async (fn: () => Promise<unknown>) => {
    setError('')
    try {
      await fn()
      onSaved()
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.details.map((d) => d.message)].join(' · ') : String(e))
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(() => (a ? api(`/api/dlt-assessments/${a.id}`, { method: 'PUT', body: { ...fields, reason: changeReason } }) : api(`/api/subjects/${data.subjectId}/dlt-assessment`, { method: 'POST', body: { ...fields, password, meaning } })))
  }
  return (
    <>
      {unsigned && (
        <form className="card escalation-form" aria-label={t('escalation.dlt.signTitle')} onSubmit={(e) => { e.preventDefault(); void run(() => api(`/api/dlt-assessments/${a.id}/sign`, { method: 'POST', body: { password, meaning } })) }}>
          <h3>{t('escalation.dlt.signTitle')}</h3>
          <SignatureFields password={password} meaning={meaning} onPassword={setPassword} onMeaning={setMeaning} />
          <button type="submit">{t('escalation.dlt.sign')}</button>
        </form>
      )}
      <details open={!a}>
        <summary>{a ? t('escalation.dlt.change') : t('escalation.dlt.record')}</summary>
        <form className="card escalation-form" onSubmit={submit} aria-label={a ? t('escalation.dlt.change') : t('escalation.dlt.record')}>
          <label>
            <span><input type="checkbox" checked={evaluable} onChange={(e) => setEvaluable(e.target.checked)} /> {t('escalation.dlt.evaluable')}</span>
          </label>
          {!evaluable && (
            <label>
              {t('escalation.dlt.notEvaluableReason')}
              <input value={notEvaluableReason} onChange={(e) => setReasonNe(e.target.value)} required />
            </label>
          )}
          {evaluable && (
            <label>
              <span><input type="checkbox" checked={dlt} onChange={(e) => setDlt(e.target.checked)} /> {t('escalation.dlt.dlt')}</span>
            </label>
          )}
          {evaluable && dlt && (
            <>
              <label>
                {t('escalation.dlt.event')}
                <input value={eventDescription} onChange={(e) => setEvent(e.target.value)} required />
              </label>
              <label>
                {t('escalation.dlt.grade')}
                <select value={dltGrade} onChange={(e) => setGrade(Number(e.target.value))}>
                  {[1, 2, 3, 4, 5].map((g) => <option key={g} value={g}>{g}</option>)}
                </select>
              </label>
              <label>
                {t('escalation.dlt.onset')}
                <input type="date" value={onsetDate} onChange={(e) => setOnset(e.target.value)} required />
              </label>
            </>
          )}
          {a ? (
            <label>
              {t('escalation.dlt.changeReason')}
              <input value={changeReason} onChange={(e) => setChangeReason(e.target.value)} required />
            </label>
          ) : (
            <SignatureFields password={password} meaning={meaning} onPassword={setPassword} onMeaning={setMeaning} />
          )}
          {a && <p className="muted">{t('escalation.dlt.changeVoids')}</p>}
          <button type="submit">{a ? t('escalation.dlt.saveChange') : t('escalation.dlt.saveSign')}</button>
        </form>
      </details>
      {error && <p role="alert" className="error">{error}</p>}
    </>
  )
}
