import { useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import type { SubjectDetail } from '../api/client'
import { useReloadableApi, type SubjectJourneyView, type SubjectVisitsView } from '../api/journey'
import { Link } from '../router'

/** Subject page section: the journey timeline (consent to last visit), lifecycle events, visits and deviations. */
export function JourneySection({ subject }: { subject: SubjectDetail }) {
  const { t } = useTranslation()
  const journey = useReloadableApi<SubjectJourneyView>(`/api/subjects/${subject.id}/journey`)
  const visits = useReloadableApi<SubjectVisitsView>(`/api/subjects/${subject.id}/visits`)
  if (journey.loading) return <p>{t('common.loading')}</p>
  if (journey.error || !journey.data) return <p role="alert">{t('common.error', { message: journey.error?.message ?? '' })}</p>
  const j = journey.data
  const v = visits.data
  const last = v?.visits[v.visits.length - 1]
  const overdue = v?.visits.filter((x) => x.status === 'overdue').length ?? 0
  const due = v?.visits.filter((x) => x.status === 'due').length ?? 0
  const timeline: { key: string; date: string; text: ReactNode }[] = [
    { key: 'consent', date: j.consentedOn, text: t('journey.consent') },
    ...j.events
      .filter((e) => e.event_type !== 'consent')
      .map((e) => ({
        key: `e${e.id}`,
        date: e.occurred_on,
        text: (
          <>
            {t(`journey.events.${e.event_type}`, { defaultValue: e.event_type })} → {t(`journey.statuses.${e.to_status.replace(/_/g, '-')}`, { defaultValue: e.to_status })}
            {e.reason && <em> ({e.reason})</em>} <span className="muted">{t('journey.by', { name: e.recorded_by_name })}</span>
          </>
        ),
      })),
    ...(j.ld ? [{ key: 'ld', date: j.ld.start_date, text: t('journey.ldStart') }] : []),
    ...(j.infusion ? [{ key: 'infusion', date: j.infusion.infusion_date, text: <strong>{t('journey.infusion')}</strong> }] : []),
    ...(last ? [{ key: 'last', date: last.targetDate, text: `${t('journey.lastVisit')}: ${last.label}` }] : []),
  ].sort((a, b) => a.date.localeCompare(b.date))
  const reload = () => {
    journey.reload()
    visits.reload()
  }
  return (
    <section aria-labelledby="journey-title">
      <h2 id="journey-title">{t('journey.title')}</h2>
      <p>
        {t('journey.status')}: <strong>{t(`journey.statuses.${j.status}`)}</strong> · <Link to={`/subjects/${subject.id}/product`}>{t('journey.productLink')}</Link> ·{' '}
        <Link to={`/subjects/${subject.id}/dosing`}>{t('journey.dosingLink')}</Link>
      </p>
      <h3>{t('journey.timeline')}</h3>
      <ol className="timeline" aria-label={t('journey.timeline')}>
        {timeline.map((item) => (
          <li key={item.key}>
            <time dateTime={item.date}>{item.date}</time> {item.text}
          </li>
        ))}
      </ol>
      {j.events.length === 0 && <p className="hint">{t('journey.noEvents')}</p>}
      <EventForm subjectId={subject.id} journey={j} onSaved={reload} />
      <h3>{t('journey.visits')}</h3>
      {!v || v.visits.length === 0 ? (
        <p className="hint">{t('journey.noVisits')}</p>
      ) : (
        <>
          <p>{t('journey.summary', { overdue, due })}</p>
          <details>
            <summary>{t('journey.visits')}</summary>
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('journey.visit')}</th>
                  <th scope="col">{t('journey.day')}</th>
                  <th scope="col">{t('journey.target')}</th>
                  <th scope="col">{t('journey.window')}</th>
                  <th scope="col">{t('journey.done')}</th>
                  <th scope="col">{t('journey.status')}</th>
                </tr>
              </thead>
              <tbody>
                {v.visits.map((x) => (
                  <tr key={x.visitId} data-status={x.status}>
                    <td>{x.label}</td>
                    <td className="num">{x.day}</td>
                    <td>{x.targetDate}</td>
                    <td>
                      {x.windowStart} – {x.windowEnd}
                    </td>
                    <td>{x.recordedDate ?? t('common.none')}</td>
                    <td>{t(`journey.visitStatus.${x.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          {v.deviations.length > 0 && (
            <details>
              <summary>
                {t('journey.deviations')} ({v.deviations.length})
              </summary>
              <ul>
                {v.deviations.map((d, i) => (
                  <li key={`${d.code}-${i}`}>{d.message}</li>
                ))}
              </ul>
            </details>
          )}
          <MoveInfusionForm subjectId={subject.id} infusionDate={v.infusionDate} onSaved={reload} />
        </>
      )}
    </section>
  )
}

function EventForm({ subjectId, journey, onSaved }: { subjectId: number; journey: SubjectJourneyView; onSaved: () => void }) {
  const { t } = useTranslation()
  const [type, setType] = useState(journey.allowedEvents[0] ?? '')
  const [on, setOn] = useState('')
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  if (journey.allowedEvents.length === 0) return <p className="hint">{t('journey.noActions')}</p>
  const chosen = journey.allowedEvents.includes(type) ? type : (journey.allowedEvents[0] ?? '')
  const needsReason = journey.reasonRequired.includes(chosen)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/subjects/${subjectId}/events`, { method: 'POST', body: { type: chosen, on, reason: reason || null } })
      setMessage({ ok: true, text: t('journey.saved') })
      setReason('')
      onSaved()
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message })
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('journey.record')}>
      <h3>{t('journey.record')}</h3>
      <label>
        {t('journey.event')}
        <select value={chosen} onChange={(e) => setType(e.target.value)}>
          {journey.allowedEvents.map((x) => (
            <option key={x} value={x}>
              {t(`journey.events.${x}`, { defaultValue: x })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('journey.date')}
        <input type="date" value={on} onChange={(e) => setOn(e.target.value)} required />
      </label>
      <label>
        {needsReason ? t('journey.reasonRequired') : t('journey.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required={needsReason} maxLength={1000} />
      </label>
      <button type="submit">{t('journey.save')}</button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'}>
          {message.text}
        </p>
      )}
    </form>
  )
}

function MoveInfusionForm({ subjectId, infusionDate, onSaved }: { subjectId: number; infusionDate: string | null; onSaved: () => void }) {
  const { t } = useTranslation()
  const [date, setDate] = useState(infusionDate ?? '')
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const res = await api<{ changes: unknown[] }>(`/api/subjects/${subjectId}/infusion-date`, { method: 'PUT', body: { infusionDate: date, reason } })
      setMessage({ ok: true, text: t('journey.changes', { count: res.changes.length }) })
      onSaved()
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message })
    }
  }
  return (
    <details>
      <summary>{t('journey.moveInfusion')}</summary>
      <form onSubmit={(e) => void submit(e)} aria-label={t('journey.moveInfusion')}>
        <label>
          {t('journey.newInfusionDate')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </label>
        <label>
          {t('journey.reasonRequired')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
        </label>
        <button type="submit">{t('journey.save')}</button>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'}>
            {message.text}
          </p>
        )}
      </form>
    </details>
  )
}
