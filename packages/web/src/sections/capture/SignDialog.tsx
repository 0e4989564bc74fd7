import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { FormType } from '@celltrial/core'
import { api, ApiError } from '../../api/client'
import { useDefaultValue } from '../../use-default-value'

export type SignTarget =
  | { scope: 'form'; recordId: number; formType: FormType; observedOn: string }
  | { scope: 'visit'; visitLabel: string }
  | { scope: 'casebook'; subjectCode: string }

/**
 * Electronic signature of a form, a visit or the casebook: the signer re-enters their password and the meaning of
 * the signature is shown and recorded with it (21 CFR 11.50 signature manifestations, 11.200(a) re-authentication).
 */
export function SignDialog({ subjectId, target, onDone, onCancel }: { subjectId: number; target: SignTarget; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [meaning, setMeaning] = useDefaultValue(t(`captureReview.sign.meaningDefault.${target.scope}`))
  const [err, setErr] = useState('')
  const [busy, setBusy] = useState(false)
  const title =
    target.scope === 'form'
      ? t('captureReview.sign.titleForm', { form: t(`capture.form.${target.formType}`), date: target.observedOn })
      : target.scope === 'visit'
        ? t('captureReview.sign.titleVisit', { visit: target.visitLabel })
        : t('captureReview.sign.titleCasebook', { subject: target.subjectCode })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErr('')
    const body = {
      scope: target.scope, password, meaning,
      ...(target.scope === 'form' ? { recordId: target.recordId } : {}),
      ...(target.scope === 'visit' ? { visitLabel: target.visitLabel } : {}),
    }
    try {
      await api(`/api/subjects/${subjectId}/signatures`, { method: 'POST', body })
      onDone()
    } catch (x) {
      setErr(x instanceof ApiError && x.code === 'invalid_credentials' ? t('captureReview.sign.wrongPassword') : (x as Error).message)
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="card capture-sign" onSubmit={(e) => void submit(e)} aria-labelledby="capture-sign-title" data-testid="capture-sign">
      <h3 id="capture-sign-title">{title}</h3>
      <p className="capture-meaning" data-testid="capture-sign-meaning">
        {t('captureReview.sign.manifest', { meaning })}
      </p>
      <label>
        {t('captureReview.sign.meaning')}
        <input value={meaning} onChange={(e) => setMeaning(e.target.value)} required maxLength={500} />
      </label>
      <label>
        {t('captureReview.sign.password')}
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {err && <p role="alert" className="error">{err}</p>}
      <div className="capture-actions">
        <button type="submit" disabled={busy || meaning.trim() === '' || password === ''}>{t('captureReview.sign.submit')}</button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>{t('capture.cancel')}</button>
      </div>
    </form>
  )
}
