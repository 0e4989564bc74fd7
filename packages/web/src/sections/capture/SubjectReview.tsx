import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { useApi } from '../../use-api'
import type { SignatureDto, SubjectFormsDto, SubjectSdvDto } from './capture-api'
import { ReasonForm } from './ReasonForm'
import { SignDialog, type SignTarget } from './SignDialog'
import { useCan } from './use-can'
import { displayInstant } from '../../local-instant'

const pct = (p: number | null) => (p === null ? '–' : `${p} %`)

/**
 * Review state of a subject's casebook: open queries, SDV progress (overall and per form type), visit and casebook
 * signatures (current and voided) and the subject lock, with the actions the user's role allows.
 */
export function SubjectReview({ forms, reload, onChanged }: { forms: SubjectFormsDto; reload: number; onChanged: () => void }) {
  const { t } = useTranslation()
  const can = useCan()
  const subject = forms.subject
  const sdv = useApi<SubjectSdvDto>(`/api/subjects/${subject.id}/sdv?r=${reload}`)
  const sigs = useApi<SignatureDto[]>(`/api/subjects/${subject.id}/signatures?r=${reload}`)
  const [signing, setSigning] = useState<SignTarget | null>(null)
  const [visit, setVisit] = useState('')
  const [unlocking, setUnlocking] = useState(false)
  const [err, setErr] = useState('')
  // totals over the whole casebook: the record list may show only the latest records of each form type
  const open = forms.totals.openQueries
  const answered = forms.totals.answeredQueries
  const visits = forms.totals.visits.map((v) => v.label)
  const anyRecord = Object.values(forms.totals.records).some((n) => n > 0)
  const wide = sigs.data?.filter((s) => s.scope !== 'form') ?? []
  const canSign = can('form.sign', subject.siteId) && forms.locked === null
  const canLock = can('form.lock', subject.siteId)
  const done = () => {
    setSigning(null)
    setUnlocking(false)
    onChanged()
  }
  const lockSubject = () => {
    setErr('')
    api('/api/locks', { method: 'POST', body: { scope: 'subject', id: subject.id } }).then(done).catch((x: Error) => setErr(x.message))
  }

  return (
    <div className="capture-subject-review" data-testid="capture-subject-review">
      <dl className="facts">
        <dt>{t('captureReview.subject.queries')}</dt>
        <dd data-testid="capture-subject-queries">{t('captureReview.subject.queryCounts', { open, answered })}</dd>
        <dt>{t('captureReview.subject.sdv')}</dt>
        <dd data-testid="capture-subject-sdv">
          {sdv.data ? t('captureReview.progress', { verified: sdv.data.verified, records: sdv.data.records, percent: pct(sdv.data.percent) }) : t('common.loading')}
        </dd>
        <dt>{t('captureReview.subject.lock')}</dt>
        <dd data-testid="capture-subject-lock">{forms.locked ? t('captureReview.lock.locked', { scope: t(`capture.lockScope.${forms.locked.scope}`) }) : t('captureReview.lock.open')}</dd>
      </dl>
      {sdv.data && sdv.data.byFormType.length > 0 && (
        <details>
          <summary>{t('captureReview.subject.sdvByForm')}</summary>
          <ul>
            {sdv.data.byFormType.map((f) => (
              <li key={f.formType}>
                {t(`capture.form.${f.formType}`)}: {t('captureReview.progress', { verified: f.verified, records: f.records, percent: pct(f.percent) })}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="capture-actions capture-toolbar">
        {canSign && visits.length > 0 && (
          <>
            <label>
              {t('captureReview.sign.visit')}
              <select value={visit} onChange={(e) => setVisit(e.target.value)} data-testid="capture-sign-visit-select">
                <option value="">–</option>
                {visits.map((v) => (
                  <option key={v} value={v}>{v}</option>
                ))}
              </select>
            </label>
            <button type="button" disabled={visit === ''} onClick={() => setSigning({ scope: 'visit', visitLabel: visit })}>{t('captureReview.sign.signVisit')}</button>
          </>
        )}
        {canSign && anyRecord && <button type="button" onClick={() => setSigning({ scope: 'casebook', subjectCode: subject.code })}>{t('captureReview.sign.signCasebook')}</button>}
        {canLock && forms.locked === null && <button type="button" className="secondary" onClick={lockSubject}>{t('captureReview.lock.lockSubject')}</button>}
        {canLock && forms.locked?.scope === 'subject' && !unlocking && <button type="button" className="secondary" onClick={() => setUnlocking(true)}>{t('captureReview.lock.unlockSubject')}</button>}
      </div>
      {err && <p role="alert" className="error">{err}</p>}
      {unlocking && forms.locked && (
        <ReasonForm
          label={t('captureReview.lock.unlockReason')}
          submitLabel={t('captureReview.lock.unlockSubmit')}
          testId="capture-unlock"
          onSubmit={async (reason) => {
            await api(`/api/locks/${forms.locked!.id}/unlock`, { method: 'POST', body: { reason } })
            done()
          }}
          onCancel={() => setUnlocking(false)}
        />
      )}
      {signing && <SignDialog subjectId={subject.id} target={signing} onDone={done} onCancel={() => setSigning(null)} />}
      {wide.length > 0 && (
        <table className="grid" data-testid="capture-subject-signatures">
          <caption>{t('captureReview.sign.subjectHistory')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('captureReview.sign.scope')}</th>
              <th scope="col">{t('captureReview.sign.signer')}</th>
              <th scope="col">{t('captureReview.sign.meaning')}</th>
              <th scope="col">{t('capture.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {wide.map((s) => (
              <tr key={s.id} data-voided={s.voided_at ? 'yes' : 'no'} className={s.voided_at ? 'capture-voided' : undefined}>
                <td>{s.scope === 'visit' ? s.visit_label : t('captureReview.sign.casebook')}</td>
                <td>{s.signer_name} · {displayInstant(s.signed_at)}</td>
                <td>{s.meaning}</td>
                <td>{s.voided_at ? <span className="badge capture-sdv-reset">{t('captureReview.sign.voided', { reason: s.void_reason ?? '' })}</span> : <span className="badge capture-signed">{t('captureReview.sign.current')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
