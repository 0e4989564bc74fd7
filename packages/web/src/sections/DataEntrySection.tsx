import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { addDays, FORM_TYPES, formDateField, type FormType } from '@celltrial/core'
import type { SubjectDetail } from '../api/client'
import { useApi } from '../use-api'
import { usePath } from '../router'
import type { DataQueryDto, FormRecordDto, SubjectFormsDto } from './capture/capture-api'
import { RecordReview } from './capture/RecordReview'
import { SignDialog } from './capture/SignDialog'
import { SubjectReview } from './capture/SubjectReview'
import { useCan } from './capture/use-can'
import { emptyForm } from './capture/form-fields'
import { EntryForm } from './capture/EntryForm'
import { formatDerived } from './capture/DerivedValues'
import './capture/capture.css'

/** Short summary of a record for the list. */
function summary(r: FormRecordDto, t: (k: string, o?: Record<string, unknown>) => string): string {
  const d = r.data
  const v = (x: unknown) => (typeof x === 'number' || typeof x === 'string' ? String(x) : '–')
  switch (r.formType) {
    case 'vital_signs':
      return t('capture.summary.vitals', { t: v(d.temperatureC), sbp: v(d.systolicMmHg), dbp: v(d.diastolicMmHg), hr: v(d.heartRate), spo2: v(d.spo2Percent) })
    case 'oxygen':
      return `${t(`capture.optFor.delivery.${String(d.delivery)}`, { defaultValue: t(`capture.opt.${String(d.delivery)}`) })}${d.flowLpm === null ? '' : ` ${v(d.flowLpm)} L/min`}`
    case 'neuro':
      return t('capture.summary.neuro', { ice: formatDerived(r.derived.iceTotal, t), icans: formatDerived(r.derived.icansGrade, t) })
    case 'adverse_event':
      return `${v(d.ctcaeTerm)} G${v(d.grade)}`
    case 'medication':
      return `${v(d.name)} (${t(`capture.opt.${String(d.category)}`)})`
    case 'bleeding_event':
      return `${t(`capture.opt.${String(d.site)}`)} WHO ${v(d.whoGrade)}`
    default:
      return Object.entries(r.derived).filter(([, x]) => typeof x !== 'object').map(([k, x]) => `${t(`capture.derivedKey.${k}`, { defaultValue: k })}: ${formatDerived(x, t)}`).join(', ')
  }
}

/** The record's date, with its time when the form has one (vital signs every hour or so: the time tells them apart). */
function when(r: FormRecordDto): string {
  const at = r.data[formDateField(r.formType)]
  return typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at) ? `${at.slice(0, 10)} ${at.slice(11, 16)}` : r.observedOn
}

/** Unresolved (open or answered) queries of one record, counted per field path. */
function openQueriesByField(queries: readonly DataQueryDto[], recordId: number): Record<string, number> {
  const out: Record<string, number> = {}
  for (const q of queries) if (q.form_record_id === recordId && q.status !== 'closed') out[q.field_path] = (out[q.field_path] ?? 0) + 1
  return out
}

/** Records of each form type the subject page lists before the user asks for all of them. */
export const PAGE = 25

/**
 * Subject page: eCRF data entry. Records per form type with query, SDV, signature and lock indicators; a
 * tablet-friendly entry form with core's edit checks and derived values live; signing with password re-entry.
 */
export function DataEntrySection({ subject }: { subject: SubjectDetail }) {
  const { t } = useTranslation()
  const can = useCan()
  const [reload, setReload] = useState(0)
  // the latest PAGE records of each form type; the types the user opened in full
  const [expanded, setExpanded] = useState<readonly FormType[]>([])
  useEffect(() => setExpanded([]), [subject.id])
  const { data, error, loading } = useApi<SubjectFormsDto>(`/api/subjects/${subject.id}/forms?r=${reload}&limit=${PAGE}${expanded.length > 0 ? `&expand=${expanded.join(',')}` : ''}`)
  const queries = useApi<DataQueryDto[]>(`/api/subjects/${subject.id}/queries?r=${reload}`)
  const [formType, setFormType] = useState<FormType>('vital_signs')
  const [editing, setEditing] = useState<{ record?: Pick<FormRecordDto, 'id' | 'version' | 'overrides' | 'data' | 'visitDay' | 'formType'>; type: FormType; day: number } | null>(null)
  const [signing, setSigning] = useState<FormRecordDto | null>(null)
  // a link from the study's open-query list names the record to review (`?record=<id>`); another subject starts closed
  const path = usePath()
  const linked = Number(new URLSearchParams(path.split('?')[1] ?? '').get('record')) || null
  const [reviewing, setReviewing] = useState<number | null>(linked)
  useEffect(() => setReviewing(linked), [linked, subject.id])
  const reviewRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (reviewing !== null) reviewRef.current?.scrollIntoView?.({ block: 'start' })
  }, [reviewing])
  const siteId = data?.subject.siteId
  const canWrite = siteId !== undefined && can('subject.write', siteId)
  const canSign = siteId !== undefined && can('form.sign', siteId)
  const base = subject.infusion_date ?? data?.context.today ?? '2000-01-01'
  const done = () => {
    setEditing(null)
    setSigning(null)
    setReload((n) => n + 1)
  }

  return (
    <section aria-labelledby="capture-heading" data-testid="capture-section">
      <h2 id="capture-heading">{t('capture.title')}</h2>
      {loading && !data ? (
        <p>{t('common.loading')}</p>
      ) : error || !data ? (
        <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
      ) : (
        <>
          {data.locked && <p className="hint" data-testid="capture-locked-banner">{t('capture.lockedBanner', { scope: t(`capture.lockScope.${data.locked.scope}`) })}</p>}
          <SubjectReview forms={data} reload={reload} onChanged={done} />
          {canWrite && !data.locked && !editing && (
            <div className="capture-toolbar">
              <label>
                {t('capture.formType')}
                <select value={formType} onChange={(e) => setFormType(e.target.value as FormType)} data-testid="capture-form-type">
                  {FORM_TYPES.map((f) => (
                    <option key={f} value={f}>{t(`capture.form.${f}`)}</option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => setEditing({ type: formType, day: 0 })} data-testid="capture-new">{t('capture.new')}</button>
            </div>
          )}
          {editing && (
            <EntryForm
              key={editing.record?.id ?? `new-${editing.type}`}
              subjectId={subject.id}
              formType={editing.type}
              context={data.context}
              initial={editing.record ? editing.record.data : emptyForm(editing.type, addDays(base, editing.day))}
              visitDay={editing.record ? editing.record.visitDay : null}
              infusionDate={subject.infusion_date}
              existing={editing.record ? { id: editing.record.id, version: editing.record.version, overrides: editing.record.overrides } : undefined}
              openQueries={editing.record ? openQueriesByField(queries.data ?? [], editing.record.id) : undefined}
              onDone={done}
              onCancel={() => setEditing(null)}
            />
          )}
          {signing && (
            <SignDialog subjectId={subject.id} target={{ scope: 'form', recordId: signing.id, formType: signing.formType, observedOn: signing.observedOn }} onDone={done} onCancel={() => setSigning(null)} />
          )}
          {reviewing !== null && !editing && (
            <div ref={reviewRef}>
              <RecordReview
                key={reviewing}
                recordId={reviewing}
                onChanged={() => setReload((n) => n + 1)}
                onCorrect={(r) => setEditing({ record: r, type: r.formType, day: r.visitDay ?? 0 })}
                onClose={() => setReviewing(null)}
                onLoaded={(r) => {
                  // a linked record older than the latest PAGE of its type: open that type's list in full, so its row shows
                  if (!data.records.some((x) => x.id === r.id)) setExpanded((x) => (x.includes(r.formType) ? x : [...x, r.formType]))
                }}
              />
            </div>
          )}
          {data.records.length === 0 ? (
            <p>{t('capture.empty')}</p>
          ) : (
            FORM_TYPES.filter((f) => data.records.some((r) => r.formType === f)).map((f) => {
              const shown = data.records.filter((r) => r.formType === f)
              const total = data.totals.records[f] ?? shown.length
              return (
              <div key={f} className="capture-group">
                <h3>{t(`capture.form.${f}`)}</h3>
                <table className="grid" data-testid={`capture-list-${f}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t('capture.col.visit')}</th>
                      <th scope="col">{t('capture.col.date')}</th>
                      <th scope="col">{t('capture.col.values')}</th>
                      <th scope="col">{t('capture.col.status')}</th>
                      <th scope="col">{t('capture.col.review')}</th>
                      <th scope="col">{t('capture.col.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((r) => (
                      <tr key={r.id} data-testid="capture-row">
                        <td>{r.visitLabel ?? '–'}</td>
                        <td>{when(r)}</td>
                        <td>{summary(r, t)}</td>
                        <td>{t(`capture.status.${r.status}`)}</td>
                        <td>
                          {r.openQueries > 0 && <span className="badge capture-query" data-testid="capture-form-query-badge">{t('capture.badge.queries', { n: r.openQueries })}</span>}{' '}
                          {!r.sdv.wholeForm && r.sdv.reset.length > 0 && <span className="badge capture-sdv-reset" data-testid="capture-sdv-reset-badge">{t('captureReview.badge.sdvReset')}</span>}{' '}
                          {r.answeredQueries > 0 && <span className="badge capture-answered">{t('captureReview.badge.answered', { n: r.answeredQueries })}</span>}{' '}
                          {r.sdv.wholeForm ? <span className="badge capture-sdv">{t('capture.badge.sdv')}</span> : r.sdv.fields.length > 0 ? <span className="badge">{t('capture.badge.sdvPartial', { n: r.sdv.fields.length })}</span> : null}{' '}
                          {r.signature && <span className="badge capture-signed" title={`${r.signature.signer} ${r.signature.signedAt}`}>{t('capture.badge.signed')}</span>}{' '}
                          {r.lock && <span className="badge">{t('capture.badge.locked')}</span>}
                        </td>
                        <td>
                          <button type="button" className="secondary" onClick={() => setReviewing(r.id)} aria-label={t('captureReview.reviewRecord', { id: r.id })}>
                            {t('captureReview.review')}
                          </button>{' '}
                          {canWrite && !r.lock && (
                            <button type="button" className="secondary" onClick={() => setEditing({ record: r, type: r.formType, day: r.visitDay ?? 0 })} aria-label={t('capture.editRecord', { id: r.id })}>
                              {t('capture.edit')}
                            </button>
                          )}{' '}
                          {canSign && !r.signature && !r.lock && r.status !== 'draft' && (
                            <button type="button" onClick={() => setSigning(r)} aria-label={t('capture.signRecord', { id: r.id })}>{t('capture.sign')}</button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {shown.length < total ? (
                  <p className="hint" data-testid={`capture-more-${f}`}>
                    {t('capture.shownLatest', { shown: shown.length, total })}{' '}
                    <button type="button" className="secondary" onClick={() => setExpanded((x) => [...x, f])}>{t('capture.showAll', { total })}</button>
                  </p>
                ) : expanded.includes(f) && total > PAGE ? (
                  <p className="hint">
                    <button type="button" className="secondary" onClick={() => setExpanded((x) => x.filter((y) => y !== f))}>{t('capture.showLatest', { n: PAGE })}</button>
                  </p>
                ) : null}
              </div>
              )
            })
          )}
        </>
      )}
    </section>
  )
}
