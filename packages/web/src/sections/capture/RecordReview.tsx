import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { useApi } from '../../use-api'
import type { DataQueryDto, RecordDetailDto, SdvMarkDto } from './capture-api'
import { FORM_FIELDS, getPath, type FieldSpec } from './form-fields'
import { QueryItem } from './QueryItem'
import { ReasonForm } from './ReasonForm'
import { SignDialog } from './SignDialog'
import { useCan } from './use-can'
import { displayInstant } from '../../local-instant'

/** A stored value for reading: `null` stays "not recorded", options and booleans are translated. */
export function formatValue(spec: FieldSpec, v: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (v === null || v === undefined || v === '') return t('capture.notRecorded')
  if (typeof v === 'boolean') return t(v ? 'capture.yes' : 'capture.no')
  if (Array.isArray(v)) return v.length === 0 ? '–' : v.map((x) => t(`capture.opt.${String(x)}`, { defaultValue: String(x) })).join(', ')
  if (typeof v === 'object') {
    if (spec.kind === 'ice') return t('captureReview.iceItemsDone', { n: countTrue(v) })
    return Object.entries(v).map(([k, x]) => `${k}=${x === null ? '' : JSON.stringify(x)}`).join(' ')
  }
  if (typeof v !== 'string' && typeof v !== 'number') return JSON.stringify(v) ?? ''
  if (spec.kind === 'select' && !spec.numeric) return t(`capture.optFor.${spec.key}.${v}`, { defaultValue: t(`capture.opt.${v}`, { defaultValue: String(v) }) })
  if (spec.kind === 'datetime' && typeof v === 'string') return v.replace('T', ' ')
  return `${v}${spec.kind === 'number' && spec.unit ? ` ${spec.unit}` : ''}`
}

/** How many `true` leaves a nested value holds (ICE items done correctly). */
function countTrue(v: unknown): number {
  if (v === true) return 1
  if (v && typeof v === 'object') return Object.values(v).reduce<number>((n, x) => n + countTrue(x), 0)
  return 0
}

/** SDV state of a field (or '' = the whole form): verified now, reset by a change, or never verified. */
export function sdvState(marks: readonly SdvMarkDto[], fieldPath: string): { state: 'verified' | 'reset' | 'none'; mark?: SdvMarkDto } {
  const mine = marks.filter((m) => m.field_path === fieldPath)
  const current = mine.find((m) => m.reset_at === null)
  if (current) return { state: 'verified', mark: current }
  const last = mine.at(-1)
  return last ? { state: 'reset', mark: last } : { state: 'none' }
}

/**
 * Review of one saved record: every field with its value, SDV state and queries; raising, answering and closing
 * queries; source verification; the form's signature (current and voided) and its lock. What a user may do follows
 * core's access policy; the server checks again.
 */
export function RecordReview({ recordId, onChanged, onCorrect, onClose, onLoaded }: {
  recordId: number
  onChanged: () => void
  onCorrect: (r: RecordDetailDto) => void
  onClose: () => void
  /** the record's form type, once loaded (the page lists it even when it is older than the latest 25) */
  onLoaded?: (r: Pick<RecordDetailDto, 'id' | 'formType'>) => void
}) {
  const { t } = useTranslation()
  const can = useCan()
  const [reload, setReload] = useState(0)
  const { data: r, error } = useApi<RecordDetailDto>(`/api/forms/${recordId}?r=${reload}`)
  const loadedType = r?.formType
  useEffect(() => {
    if (loadedType !== undefined) onLoaded?.({ id: recordId, formType: loadedType })
    // once per record: the callback is a new function at each render of the page
  }, [recordId, loadedType])
  const [raising, setRaising] = useState<string | null>(null)
  const [signing, setSigning] = useState(false)
  const [unlocking, setUnlocking] = useState(false)
  const [err, setErr] = useState('')
  if (error) return <p role="alert">{t('common.error', { message: error.message })}</p>
  if (!r) return <p>{t('common.loading')}</p>
  const changed = () => {
    setReload((n) => n + 1)
    onChanged()
  }
  const act = (fn: () => Promise<unknown>) => {
    setErr('')
    fn().then(changed).catch((x: Error) => setErr(x.message))
  }
  const fields = FORM_FIELDS[r.formType].filter((f) => f.key.split('.')[0]! in r.data)
  const label = (path: string) => (path === '' ? t('captureReview.wholeForm') : t(`capture.field.${path}`, { defaultValue: path }))
  const queriesOf = (path: string) => r.queries.filter((q) => q.field_path === path)
  const openOf = (qs: DataQueryDto[]) => qs.filter((q) => q.status !== 'closed').length
  const current = r.signatures.find((s) => s.voided_at === null) ?? null
  const editable = r.lock === null && r.voidedAt === null
  const canRaise = can('query.raise', r.siteId) && r.voidedAt === null
  const canSdv = can('sdv.mark', r.siteId) && r.voidedAt === null && r.status !== 'draft'
  const whole = sdvState(r.sdvMarks, '')
  const sdvBadge = (path: string) => {
    const s = sdvState(r.sdvMarks, path)
    if (s.state === 'verified') return <span className="badge capture-sdv" data-sdv="verified">{t('captureReview.sdv.verified', { date: s.mark!.verified_at.slice(0, 10) })}</span>
    if (s.state === 'reset') return <span className="badge capture-sdv-reset" data-sdv="reset" title={s.mark!.reset_reason ?? ''}>{t('captureReview.sdv.reset', { date: s.mark!.reset_at!.slice(0, 10) })}</span>
    return <span className="muted" data-sdv="none">{t('captureReview.sdv.none')}</span>
  }
  const raiseForm = (path: string) =>
    raising === path && (
      <ReasonForm
        label={t('captureReview.query.textLabel', { field: label(path) })}
        submitLabel={t('captureReview.query.raiseSubmit')}
        multiline
        testId="capture-raise-query"
        onSubmit={async (text) => {
          await api(`/api/forms/${r.id}/queries`, { method: 'POST', body: { fieldPath: path, text } })
          setRaising(null)
          changed()
        }}
        onCancel={() => setRaising(null)}
      />
    )

  return (
    <section className="card capture-review" aria-labelledby="capture-review-title" data-testid="capture-review">
      <h3 id="capture-review-title">
        {t('captureReview.title', { form: t(`capture.form.${r.formType}`), date: r.observedOn, visit: r.visitLabel ?? '–' })}
      </h3>
      <p>
        {t('captureReview.version', { version: r.version })} · {t(`capture.status.${r.status}`)}{' '}
        {r.lock && <span className="badge capture-locked">{t('captureReview.lock.locked', { scope: t(`capture.lockScope.${r.lock.scope}`) })}</span>}{' '}
        {r.voidedAt && <span className="badge">{t('captureReview.voidedRecord')}</span>}
      </p>
      <div className="capture-actions">
        {canSdv && whole.state !== 'verified' && <button type="button" onClick={() => act(() => api(`/api/forms/${r.id}/sdv`, { method: 'POST', body: {} }))}>{t('captureReview.sdv.verifyForm')}</button>}{' '}
        {canRaise && raising === null && <button type="button" className="secondary" onClick={() => setRaising('')}>{t('captureReview.query.raiseForm')}</button>}{' '}
        {editable && can('subject.write', r.siteId) && <button type="button" className="secondary" onClick={() => onCorrect(r)}>{t('capture.edit')}</button>}{' '}
        {editable && !current && r.status !== 'draft' && can('form.sign', r.siteId) && <button type="button" onClick={() => setSigning(true)}>{t('captureReview.sign.signForm')}</button>}{' '}
        {can('form.lock', r.siteId) && r.voidedAt === null && r.lock === null && (
          <button type="button" className="secondary" onClick={() => act(() => api('/api/locks', { method: 'POST', body: { scope: 'form', id: r.id } }))}>{t('captureReview.lock.lockForm')}</button>
        )}{' '}
        {can('form.lock', r.siteId) && r.lock?.scope === 'form' && !unlocking && <button type="button" className="secondary" onClick={() => setUnlocking(true)}>{t('captureReview.lock.unlockForm')}</button>}{' '}
        <button type="button" className="secondary" onClick={onClose}>{t('captureReview.close')}</button>
      </div>
      {err && <p role="alert" className="error">{err}</p>}
      {unlocking && r.lock && (
        <ReasonForm
          label={t('captureReview.lock.unlockReason')}
          submitLabel={t('captureReview.lock.unlockSubmit')}
          testId="capture-unlock"
          onSubmit={async (reason) => {
            await api(`/api/locks/${r.lock!.id}/unlock`, { method: 'POST', body: { reason } })
            setUnlocking(false)
            changed()
          }}
          onCancel={() => setUnlocking(false)}
        />
      )}
      {signing && (
        <SignDialog subjectId={r.subjectId} target={{ scope: 'form', recordId: r.id, formType: r.formType, observedOn: r.observedOn }} onDone={() => { setSigning(false); changed() }} onCancel={() => setSigning(false)} />
      )}
      {raiseForm('')}
      <table className="grid capture-review-fields">
        <thead>
          <tr>
            <th scope="col">{t('captureReview.col.field')}</th>
            <th scope="col">{t('captureReview.col.value')}</th>
            <th scope="col">{t('captureReview.col.sdv')}</th>
            <th scope="col">{t('captureReview.col.queries')}</th>
            <th scope="col">{t('capture.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-review-field="">
            <th scope="row">{t('captureReview.wholeForm')}</th>
            <td>–</td>
            <td>{sdvBadge('')}</td>
            <td>{openOf(queriesOf('')) > 0 && <span className="badge capture-query">{t('capture.badge.queries', { n: openOf(queriesOf('')) })}</span>}</td>
            <td />
          </tr>
          {fields.map((f) => {
            const open = openOf(queriesOf(f.key))
            const s = sdvState(r.sdvMarks, f.key)
            return (
              <tr key={f.key} data-review-field={f.key}>
                <th scope="row">{label(f.key)}</th>
                <td>{formatValue(f, getPath(r.data, f.key), t)}</td>
                <td>{sdvBadge(f.key)}</td>
                <td>{open > 0 && <span className="badge capture-query" data-testid="capture-field-query-badge">{t('capture.badge.queries', { n: open })}</span>}</td>
                <td>
                  {canSdv && s.state !== 'verified' && whole.state !== 'verified' && (
                    <button type="button" className="secondary" aria-label={t('captureReview.sdv.verifyField', { field: label(f.key) })} onClick={() => act(() => api(`/api/forms/${r.id}/sdv`, { method: 'POST', body: { fieldPaths: [f.key] } }))}>
                      {t('captureReview.sdv.verify')}
                    </button>
                  )}{' '}
                  {canRaise && raising === null && (
                    <button type="button" className="secondary" aria-label={t('captureReview.query.raiseOn', { field: label(f.key) })} onClick={() => setRaising(f.key)}>
                      {t('captureReview.query.raise')}
                    </button>
                  )}
                  {raiseForm(f.key)}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h4>{t('captureReview.query.heading', { n: r.queries.length })}</h4>
      {r.queries.length === 0 ? (
        <p className="muted">{t('captureReview.query.none')}</p>
      ) : (
        <ul className="capture-queries">
          {r.queries.map((q) => (
            <QueryItem key={q.id} query={q} siteId={r.siteId} fieldLabel={label(q.field_path)} onChanged={changed} />
          ))}
        </ul>
      )}
      <h4>{t('captureReview.sign.history')}</h4>
      {r.signatures.length === 0 ? (
        <p className="muted">{t('captureReview.sign.none')}</p>
      ) : (
        <ul className="capture-signatures">
          {r.signatures.map((s) => (
            <li key={s.id} data-testid="capture-signature" data-voided={s.voided_at ? 'yes' : 'no'} className={s.voided_at ? 'capture-voided' : undefined}>
              {t('captureReview.sign.line', { who: s.signer_name, at: displayInstant(s.signed_at), meaning: s.meaning })}{' '}
              {s.voided_at ? (
                <span className="badge capture-sdv-reset">{t('captureReview.sign.voided', { reason: s.void_reason ?? '' })}</span>
              ) : (
                <span className="badge capture-signed">{t('captureReview.sign.current')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
