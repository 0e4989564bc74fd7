import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../../api/client'
import type { EscalationAction, EscalationPanelData } from '../../sections/escalation-api'
import { SignatureFields } from './SignatureFields'
import { useDefaultValue } from '../../use-default-value'

const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.details.map((d) => `${d.path}: ${d.message}`)].join(' · ') : String(e))

/** The safety committee's decision for the next cohort; a reason is required when it departs from the recommendation. */
export function EscalationDecisionForm({ panel, onSaved }: { panel: EscalationPanelData; onSaved: () => void }) {
  const { t } = useTranslation()
  const rec = panel.recommendation
  const [action, setAction] = useState<EscalationAction>(rec?.action ?? 'stay')
  const [next, setNext] = useState(rec?.nextDoseLevel ?? panel.currentDoseLevel ?? '')
  const [reason, setReason] = useState('')
  const [password, setPassword] = useState('')
  const [meaning, setMeaning] = useDefaultValue(t('escalation.decision.defaultMeaning'))
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const follows = rec !== null && rec.action === action && (action === 'stop' || rec.nextDoseLevel === next)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      await api('/api/studies/' + panel.studyId + '/escalation/decisions', { method: 'POST', body: { action, nextDoseLevel: action === 'stop' ? null : next, reason: reason || null, password, meaning } })
      setPassword('')
      onSaved()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="card escalation-form" aria-label={t('escalation.decision.title')}>
      <h4>{t('escalation.decision.title')}</h4>
      <label>
        {t('escalation.decision.action')}
        <select value={action} onChange={(e) => setAction(e.target.value as EscalationAction)}>
          {(['escalate', 'stay', 'deescalate', 'stop'] as const).map((a) => (
            <option key={a} value={a}>
              {t(`escalation.action.${a}`)}
            </option>
          ))}
        </select>
      </label>
      {action !== 'stop' && (
        <label>
          {t('escalation.decision.nextDose')}
          <select value={next} onChange={(e) => setNext(e.target.value)}>
            {panel.levels.map((l) => (
              <option key={l.doseLevel} value={l.doseLevel}>
                {l.doseLevel} · {l.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {follows ? t('escalation.decision.reasonOptional') : t('escalation.decision.reasonRequired')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required={!follows} rows={2} />
      </label>
      <SignatureFields password={password} meaning={meaning} onPassword={setPassword} onMeaning={setMeaning} />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>{t('escalation.decision.submit')}</button>
    </form>
  )
}

/** MTD and RP2D at the end of escalation, with the rationale. */
export function Rp2dForm({ panel, onSaved }: { panel: EscalationPanelData; onSaved: () => void }) {
  const { t } = useTranslation()
  const [mtd, setMtd] = useState(panel.rp2d?.mtd_dose_level ?? panel.mtdSuggestion?.doseLevel ?? '')
  const [rp2d, setRp2d] = useState(panel.rp2d?.rp2d_dose_level ?? panel.mtdSuggestion?.doseLevel ?? panel.levels[0]?.doseLevel ?? '')
  const [rationale, setRationale] = useState('')
  const [supersede, setSupersede] = useState('')
  const [password, setPassword] = useState('')
  const [meaning, setMeaning] = useDefaultValue(t('escalation.rp2d.defaultMeaning'))
  const [error, setError] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError('')
    try {
      await api(`/api/studies/${panel.studyId}/escalation/rp2d`, { method: 'POST', body: { mtdDoseLevel: mtd || null, rp2dDoseLevel: rp2d, rationale, supersedeReason: supersede || null, password, meaning } })
      setPassword('')
      onSaved()
    } catch (err) {
      setError(errorText(err))
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} className="card escalation-form" aria-label={t('escalation.rp2d.form')}>
      <h4>{t('escalation.rp2d.form')}</h4>
      <label>
        {t('escalation.rp2d.mtd')}
        <select value={mtd} onChange={(e) => setMtd(e.target.value)}>
          <option value="">{t('escalation.rp2d.noMtd')}</option>
          {panel.levels.map((l) => (
            <option key={l.doseLevel} value={l.doseLevel}>{l.doseLevel}</option>
          ))}
        </select>
      </label>
      <label>
        {t('escalation.rp2d.rp2d')}
        <select value={rp2d} onChange={(e) => setRp2d(e.target.value)}>
          {panel.levels.map((l) => (
            <option key={l.doseLevel} value={l.doseLevel}>{l.doseLevel}</option>
          ))}
        </select>
      </label>
      <label>
        {t('escalation.rp2d.rationale')}
        <textarea value={rationale} onChange={(e) => setRationale(e.target.value)} required rows={3} />
      </label>
      {panel.rp2d && (
        <label>
          {t('escalation.rp2d.supersede')}
          <input value={supersede} onChange={(e) => setSupersede(e.target.value)} required />
        </label>
      )}
      <SignatureFields password={password} meaning={meaning} onPassword={setPassword} onMeaning={setMeaning} />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">{t('escalation.rp2d.submit')}</button>
    </form>
  )
}
