import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../api/client'

const DELIVERIES = ['none', 'low_flow', 'high_flow', 'facemask', 'non_rebreather', 'cpap_bipap', 'mechanical_ventilation'] as const
type Detail = { path: string; message: string; checkId?: string; severity?: string }

const num = (s: string) => (s.trim() === '' ? null : Number(s))

/**
 * Quick bedside entry: vital signs and oxygen saved through the data-capture API (`POST /api/subjects/:id/forms`,
 * its schemas and edit checks), which grades CRS and raises alerts in the same transaction.
 */
export function BedsideQuickEntry({ subjectId, infusionDate, onSaved }: { subjectId: number; infusionDate: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const [measuredAt, setAt] = useState(`${infusionDate}T08:00`)
  const [temperature, setTemp] = useState('')
  const [systolic, setSys] = useState('')
  const [spo2, setSpo2] = useState('')
  const [delivery, setDelivery] = useState('')
  const [flow, setFlow] = useState('')
  const [reason, setReason] = useState('')
  const [warnings, setWarnings] = useState<Detail[]>([])
  const [error, setError] = useState('')
  const [saved, setSaved] = useState('')

  const save = async (formType: string, data: unknown) => {
    const body = (overrideReasons?: Record<string, string>) => ({ method: 'POST', body: { formType, data, ...(overrideReasons ? { overrideReasons } : {}) } })
    try {
      await api(`/api/subjects/${subjectId}/forms`, body())
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as Detail[]) : []
      const warn = details.filter((d) => d.severity === 'warning' && d.checkId)
      if (warn.length === 0 || warn.length !== details.length) throw e
      if (reason.trim() === '') {
        setWarnings(warn)
        throw new Error(t('safety.entry.needsReason'))
      }
      await api(`/api/subjects/${subjectId}/forms`, body(Object.fromEntries(warn.map((w) => [w.checkId!, reason.trim()]))))
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError('')
    setSaved('')
    setWarnings([])
    const vitals = [temperature, systolic, spo2].some((v) => v.trim() !== '')
    if (!vitals && delivery === '') {
      setError(t('safety.entry.nothing'))
      return
    }
    try {
      if (vitals) await save('vital_signs', { measuredAt, temperatureC: num(temperature), systolicMmHg: num(systolic), diastolicMmHg: null, heartRate: null, spo2Percent: num(spo2) })
      if (delivery !== '') await save('oxygen', { measuredAt, delivery, flowLpm: delivery === 'none' ? null : num(flow) })
      setSaved(t('safety.entry.saved'))
      setTemp('')
      setSys('')
      setSpo2('')
      setDelivery('')
      setFlow('')
      setReason('')
      onSaved()
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...err.details.map((d) => d.message)].join(' · ') : (err as Error).message)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="bedside-title" className="card">
      <h3 id="bedside-title">{t('safety.entry.title')}</h3>
      <p className="hint">{t('safety.entry.hint')}</p>
      <label>
        {t('safety.entry.measuredAt')} <input type="datetime-local" value={measuredAt} onChange={(e) => setAt(e.target.value)} required />
      </label>{' '}
      <label>
        {t('safety.entry.temperature')} <input type="number" step="0.1" min="30" max="45" value={temperature} onChange={(e) => setTemp(e.target.value)} />
      </label>{' '}
      <label>
        {t('safety.entry.systolic')} <input type="number" min="40" max="300" value={systolic} onChange={(e) => setSys(e.target.value)} />
      </label>{' '}
      <label>
        {t('safety.entry.spo2')} <input type="number" min="0" max="100" value={spo2} onChange={(e) => setSpo2(e.target.value)} />
      </label>{' '}
      <label>
        {t('safety.entry.oxygen')}{' '}
        <select value={delivery} onChange={(e) => setDelivery(e.target.value)}>
          <option value="">{t('safety.entry.notRecorded')}</option>
          {DELIVERIES.map((d) => (
            <option key={d} value={d}>
              {t(`safety.delivery.${d}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('safety.entry.flow')} <input type="number" step="0.5" min="0" max="80" value={flow} onChange={(e) => setFlow(e.target.value)} disabled={delivery === '' || delivery === 'none'} />
      </label>
      {warnings.length > 0 && (
        <div role="alert">
          <ul>
            {warnings.map((w) => (
              <li key={w.checkId}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      <label>
        {t('safety.entry.reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>{' '}
      <button type="submit">{t('safety.entry.save')}</button>
      {error && <p role="alert" className="error">{error}</p>}
      {saved && <p role="status">{saved}</p>}
    </form>
  )
}
