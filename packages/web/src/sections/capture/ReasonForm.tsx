import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api/client'

/** A one-field form for an action that needs a reason or a text (unlock, answer, query): it refuses an empty one. */
export function ReasonForm({ label, submitLabel, onSubmit, onCancel, multiline = false, testId }: {
  label: string
  submitLabel: string
  onSubmit: (text: string) => Promise<void>
  onCancel?: () => void
  multiline?: boolean
  testId?: string
}) {
  const { t } = useTranslation()
  const id = useId()
  const [text, setText] = useState('')
  const [err, setErr] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (text.trim() === '') return
    setBusy(true)
    setErr('')
    try {
      await onSubmit(text.trim())
      setText('')
    } catch (x) {
      setErr(x instanceof ApiError ? x.message : (x as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="capture-reason" onSubmit={(e) => void submit(e)} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} required maxLength={2000} />
      ) : (
        <input id={id} value={text} onChange={(e) => setText(e.target.value)} required maxLength={1000} />
      )}
      {err && <p role="alert" className="error">{err}</p>}
      <div className="capture-actions">
        <button type="submit" disabled={busy || text.trim() === ''}>{submitLabel}</button>
        {onCancel && (
          <>
            {' '}
            <button type="button" className="secondary" onClick={onCancel}>{t('capture.cancel')}</button>
          </>
        )}
      </div>
    </form>
  )
}
