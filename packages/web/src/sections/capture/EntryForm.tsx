import { useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { addDays, deriveFormValues, formDateField, isIsoDate, runEditChecks, splitIssues, type EditCheckContext, type FormType } from '@celltrial/core'
import { api, ApiError } from '../../api/client'
import { FORM_FIELDS, getPath, setPath, type FieldSpec } from './form-fields'
import { FieldInput } from './FieldInput'
import { DerivedValues } from './DerivedValues'
import { useIssueText, type IssueLike } from './issue-text'

/**
 * Entry form of one record: the fields of its form type, core's edit checks and derived values live while typing,
 * a reason per warning, and a reason for change when correcting a saved record. The server runs the same checks.
 */
export function EntryForm(props: {
  subjectId: number
  formType: FormType
  context: EditCheckContext
  initial: Record<string, unknown>
  visitDay: number | null
  /** Day 0 of the visit calendar: a new record's date follows the visit day typed */
  infusionDate: string | null
  existing?: { id: number; version: number; overrides: Record<string, string> }
  /** unresolved data queries per field key of the record being corrected */
  openQueries?: Record<string, number>
  onDone: () => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const issueText = useIssueText()
  const [data, setData] = useState(props.initial)
  const [visitDay, setVisitDay] = useState(props.visitDay === null ? '' : String(props.visitDay))
  const [reasons, setReasons] = useState<Record<string, string>>(props.existing?.overrides ?? {})
  const [changeReason, setChangeReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [serverError, setServerError] = useState('')
  const changeVisitDay = (value: string) => {
    setVisitDay(value)
    const day = Number(value)
    if (props.existing || !props.infusionDate || value.trim() === '' || !Number.isInteger(day)) return
    const key = formDateField(props.formType)
    setData((d) => {
      const old = typeof d[key] === 'string' ? (d[key]) : ''
      const date = addDays(props.infusionDate!, day)
      return isIsoDate(date) ? { ...d, [key]: old.length > 10 ? `${date}${old.slice(10)}` : date } : d
    })
  }
  const issues = useMemo(() => runEditChecks(props.formType, data, props.context), [props.formType, data, props.context])
  const { errors, warnings } = splitIssues(issues)
  const derived = useMemo(() => deriveFormValues(props.formType, data), [props.formType, data])
  const issueFor = (key: string) => issues.filter((i) => i.path.map(String).join('.').startsWith(key))
  const unexplained = warnings.filter((w) => !(reasons[w.checkId] ?? '').trim())
  const canSave = errors.length === 0 && unexplained.length === 0 && (!props.existing || changeReason.trim() !== '') && !busy

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!canSave) return
    setBusy(true)
    setServerError('')
    const day = visitDay.trim() === '' ? null : Number(visitDay)
    const body = {
      data, visitDay: day, visitLabel: day === null ? null : `Day ${day}`,
      overrideReasons: Object.fromEntries(warnings.map((w) => [w.checkId, reasons[w.checkId]!.trim()])),
    }
    try {
      if (props.existing) await api(`/api/forms/${props.existing.id}`, { method: 'PUT', body: { ...body, reason: changeReason.trim(), expectedVersion: props.existing.version } })
      else await api(`/api/subjects/${props.subjectId}/forms`, { method: 'POST', body: { ...body, formType: props.formType } })
      props.onDone()
    } catch (err) {
      setServerError(err instanceof ApiError ? [err.message, ...err.details.map((d) => `${d.path}: ${issueText(d as IssueLike)}`)].join(' · ') : (err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const fields: FieldSpec[] = FORM_FIELDS[props.formType]
  return (
    <form className="card capture-form" onSubmit={(e) => void submit(e)} aria-labelledby="capture-form-title" data-testid="capture-form">
      <h3 id="capture-form-title">
        {t(props.existing ? 'capture.editTitle' : 'capture.newTitle', { form: t(`capture.form.${props.formType}`) })}
      </h3>
      <div className="capture-grid">
        <label>
          {t('capture.visitDay')}
          <input type="number" step="1" inputMode="numeric" value={visitDay} onChange={(e) => changeVisitDay(e.target.value)} data-testid="capture-visit-day" />
        </label>
        {fields.map((f) => (
          <FieldInput key={f.key} spec={f} value={getPath(data, f.key)} onChange={(v) => setData((d) => setPath(d, f.key, v))} issues={issueFor(f.key)} openQueries={props.openQueries?.[f.key] ?? 0} />
        ))}
      </div>
      <DerivedValues formType={props.formType} derived={derived} />
      {issues.length > 0 && (
        <div role="status" aria-live="polite" className="capture-issues">
          <h4>{t('capture.checks.title', { errors: errors.length, warnings: warnings.length })}</h4>
          <ul>
            {errors.map((i) => (
              <li key={i.checkId + i.path.join('.')} className="error">
                {t('capture.checks.error')}: {t(`capture.field.${i.path.map(String).join('.')}`, { defaultValue: i.path.join('.') })}: {issueText(i)}
              </li>
            ))}
          </ul>
          {warnings.map((w) => (
            <label key={w.checkId} className="capture-warning">
              {t('capture.checks.warning')}: {issueText(w)}
              <input value={reasons[w.checkId] ?? ''} onChange={(e) => setReasons((r) => ({ ...r, [w.checkId]: e.target.value }))} placeholder={t('capture.checks.reasonPlaceholder')} aria-label={t('capture.checks.reasonFor', { check: w.checkId })} />
            </label>
          ))}
        </div>
      )}
      {props.existing && (
        <label>
          {t('capture.changeReason')}
          <input value={changeReason} onChange={(e) => setChangeReason(e.target.value)} required data-testid="capture-change-reason" />
        </label>
      )}
      {serverError && <p role="alert" className="error">{serverError}</p>}
      <div className="capture-actions">
        <button type="submit" disabled={!canSave} data-testid="capture-save">{t('capture.save')}</button>{' '}
        <button type="button" className="secondary" onClick={props.onCancel}>{t('capture.cancel')}</button>
      </div>
    </form>
  )
}
