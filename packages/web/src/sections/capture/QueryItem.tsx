import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { useSession } from '../../session'
import type { DataQueryDto } from './capture-api'
import { ReasonForm } from './ReasonForm'
import { useCan } from './use-can'
import { displayInstant } from '../../local-instant'

/**
 * One data query: its text, answer and state, with the actions the user may take. The site answers an open query
 * (or corrects the value through "Correct"); only the query's author closes it or sends an answered one back.
 * Source: ICH E6(R3) §3.11.4 (monitors query, the site answers), §4.2 (data governance).
 */
export function QueryItem({ query, siteId, fieldLabel, onChanged }: { query: DataQueryDto; siteId: number; fieldLabel: string; onChanged: () => void }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const can = useCan()
  const [mode, setMode] = useState<'none' | 'answer' | 'close' | 'reopen'>('none')
  const canAnswer = query.status === 'open' && can('query.answer', siteId)
  const isAuthor = me?.userId === query.raised_by && can('query.raise', siteId)
  const post = async (path: string, body: object) => {
    await api(`/api/queries/${query.id}/${path}`, { method: 'POST', body })
    setMode('none')
    onChanged()
  }
  return (
    <li className={`capture-query-item capture-query-${query.status}`} data-testid="capture-query" data-query-status={query.status}>
      <p>
        <span className={`badge capture-qstatus-${query.status}`}>{t(`captureReview.query.status.${query.status}`)}</span>{' '}
        <strong>{fieldLabel}</strong>{' '}
        <span className="muted">{t('captureReview.query.raisedBy', { who: query.raised_by_name ?? `#${query.raised_by}`, at: displayInstant(query.raised_at) })}</span>
      </p>
      <p className="capture-query-text">{query.text}</p>
      {query.answer && (
        <p className="capture-query-answer">
          {t('captureReview.query.answer')}: {query.answer}
        </p>
      )}
      {query.close_note && (
        <p className="muted">
          {t('captureReview.query.closeNote')}: {query.close_note}
        </p>
      )}
      {mode === 'none' && (canAnswer || (isAuthor && query.status !== 'closed')) && (
        <div className="capture-actions">
          {canAnswer && <button type="button" onClick={() => setMode('answer')}>{t('captureReview.query.answerAction')}</button>}{' '}
          {isAuthor && query.status !== 'closed' && <button type="button" onClick={() => setMode('close')}>{t('captureReview.query.closeAction')}</button>}{' '}
          {isAuthor && query.status === 'answered' && <button type="button" className="secondary" onClick={() => setMode('reopen')}>{t('captureReview.query.reopenAction')}</button>}
        </div>
      )}
      {mode === 'answer' && (
        <ReasonForm label={t('captureReview.query.answerLabel')} submitLabel={t('captureReview.query.answerSubmit')} multiline testId="capture-query-answer" onSubmit={(answer) => post('answer', { answer })} onCancel={() => setMode('none')} />
      )}
      {mode === 'close' && (
        <CloseForm onSubmit={(note) => post('close', { note })} onCancel={() => setMode('none')} />
      )}
      {mode === 'reopen' && (
        <ReasonForm label={t('captureReview.query.reopenLabel')} submitLabel={t('captureReview.query.reopenSubmit')} multiline onSubmit={(note) => post('close', { note, reopen: true })} onCancel={() => setMode('none')} />
      )}
    </li>
  )
}

/** Closing needs no reason; an optional note is kept with the query. */
function CloseForm({ onSubmit, onCancel }: { onSubmit: (note: string | null) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation()
  const [note, setNote] = useState('')
  const [err, setErr] = useState('')
  return (
    <form
      className="capture-reason"
      data-testid="capture-query-close"
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(note.trim() || null).catch((x: Error) => setErr(x.message))
      }}
    >
      <label>
        {t('captureReview.query.closeNoteLabel')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      {err && <p role="alert" className="error">{err}</p>}
      <div className="capture-actions">
        <button type="submit">{t('captureReview.query.closeSubmit')}</button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>{t('capture.cancel')}</button>
      </div>
    </form>
  )
}
