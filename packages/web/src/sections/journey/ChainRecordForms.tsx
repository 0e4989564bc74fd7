import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import type { ProductChainView } from '../../api/journey'
import { DinInput, dinSubmittable } from './DinInput'
import { dinForApi } from './din-feedback'
import { offsetText, withLocalOffset } from '../../local-instant'
import { useSubmit } from './use-submit'

/**
 * Forms of the product's chain of identity (regimen-and-dosing.md §5: apheresis collection, manufacturing lot,
 * release testing; §5.2 ISBT 128 DIN). Shown to users who may enter data for the subject's site; the server
 * checks the same rule (`subject.write`) and audits every record.
 */

const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim())

export function CollectionForm({ subjectId, onSaved }: { subjectId: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const empty = { collectedAt: '', facility: '', volumeMl: '', din: '', notes: '' }
  const [f, setF] = useState(empty)
  const { run, view, busy } = useSubmit(onSaved)
  const at = withLocalOffset(f.collectedAt)
  const offset = f.collectedAt && at ? offsetText(-new Date(f.collectedAt).getTimezoneOffset()) : null
  const submit = (e: FormEvent) =>
    void run(
      e,
      () => api(`/api/subjects/${subjectId}/product/collections`, {
        method: 'POST',
        body: { collectedAt: at, facility: f.facility.trim(), volumeMl: f.volumeMl === '' ? null : Number(f.volumeMl), din: dinForApi(f.din), notes: blankToNull(f.notes) },
      }),
      t('journey.saved'),
    ).then((ok) => ok && setF(empty))
  return (
    <details>
      <summary>{t('journey.product.addCollection')}</summary>
      <form onSubmit={submit} aria-label={t('journey.product.addCollection')}>
        <label>
          {t('journey.product.collectedAt')}
          <input type="datetime-local" value={f.collectedAt} onChange={(e) => setF({ ...f, collectedAt: e.target.value })} required />
          {offset && <span className="hint">{t('journey.product.offset', { offset })}</span>}
        </label>
        <label>
          {t('journey.product.facility')}
          <input value={f.facility} onChange={(e) => setF({ ...f, facility: e.target.value })} maxLength={200} required />
        </label>
        <label>
          {t('journey.product.volume')}
          <input type="number" min={0.1} max={10000} step="any" value={f.volumeMl} onChange={(e) => setF({ ...f, volumeMl: e.target.value })} />
        </label>
        <DinInput label={t('journey.product.dinOptional')} value={f.din} onChange={(din) => setF({ ...f, din })} />
        <label>
          {t('journey.product.notes')}
          <input value={f.notes} onChange={(e) => setF({ ...f, notes: e.target.value })} maxLength={1000} />
        </label>
        <button type="submit" disabled={busy || !dinSubmittable(f.din) || (f.collectedAt !== '' && at === null)}>
          {t('journey.product.saveCollection')}
        </button>
        {view}
      </form>
    </details>
  )
}

export function LotForm({ subjectId, onSaved }: { subjectId: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const empty = { lotNumber: '', manufacturer: '', startedOn: '', endedOn: '', batchRecordRef: '', deviations: '' }
  const [f, setF] = useState(empty)
  const { run, view, busy } = useSubmit(onSaved)
  const endsBeforeStart = f.startedOn !== '' && f.endedOn !== '' && f.endedOn < f.startedOn
  const text = (key: 'lotNumber' | 'manufacturer' | 'batchRecordRef' | 'deviations', label: string, required: boolean, max: number) => (
    <label>
      {t(`journey.product.${label}`)}
      <input value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} maxLength={max} required={required} />
    </label>
  )
  const submit = (e: FormEvent) =>
    void run(
      e,
      () => api(`/api/subjects/${subjectId}/product/lots`, {
        method: 'POST',
        body: { lotNumber: f.lotNumber.trim(), manufacturer: f.manufacturer.trim(), startedOn: f.startedOn, endedOn: f.endedOn || null, batchRecordRef: blankToNull(f.batchRecordRef), deviations: blankToNull(f.deviations) },
      }),
      t('journey.saved'),
    ).then((ok) => ok && setF(empty))
  return (
    <details>
      <summary>{t('journey.product.addLot')}</summary>
      <form onSubmit={submit} aria-label={t('journey.product.addLot')}>
        {text('lotNumber', 'lot', true, 60)}
        {text('manufacturer', 'manufacturer', true, 200)}
        <label>
          {t('journey.product.started')}
          <input type="date" value={f.startedOn} onChange={(e) => setF({ ...f, startedOn: e.target.value })} required />
        </label>
        <label>
          {t('journey.product.ended')}
          <input type="date" value={f.endedOn} onChange={(e) => setF({ ...f, endedOn: e.target.value })} aria-invalid={endsBeforeStart} />
          {endsBeforeStart && (
            <span role="alert" className="error">
              {t('journey.product.endsBeforeStart')}
            </span>
          )}
        </label>
        {text('batchRecordRef', 'batchRecord', false, 200)}
        {text('deviations', 'deviations', false, 1000)}
        <button type="submit" disabled={busy || endsBeforeStart}>
          {t('journey.product.saveLot')}
        </button>
        {view}
      </form>
    </details>
  )
}

export function ReleaseTestForm({ subjectId, lots, onSaved }: { subjectId: string; lots: ProductChainView['lots']; onSaved: () => void }) {
  const { t } = useTranslation()
  const empty = { lotId: lots.length === 1 ? String(lots[0]!.id) : '', test: '', result: '', passed: '', testedOn: '' }
  const [f, setF] = useState(empty)
  const { run, view, busy } = useSubmit(onSaved)
  const submit = (e: FormEvent) =>
    void run(
      e,
      () => api(`/api/subjects/${subjectId}/product/release-tests`, {
        method: 'POST',
        body: { lotId: f.lotId === '' ? null : Number(f.lotId), test: f.test.trim(), result: f.result.trim(), passed: f.passed === 'yes', testedOn: f.testedOn },
      }),
      t('journey.saved'),
    ).then((ok) => ok && setF({ ...empty, lotId: f.lotId }))
  return (
    <details>
      <summary>{t('journey.product.addReleaseTest')}</summary>
      <form onSubmit={submit} aria-label={t('journey.product.addReleaseTest')}>
        <label>
          {t('journey.product.lot')}
          <select value={f.lotId} onChange={(e) => setF({ ...f, lotId: e.target.value })}>
            <option value="">{t('journey.product.noLot')}</option>
            {lots.map((l) => (
              <option key={l.id} value={l.id}>
                {l.lot_number}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('journey.product.test')}
          <input value={f.test} onChange={(e) => setF({ ...f, test: e.target.value })} maxLength={100} required placeholder={t('journey.product.testExample')} />
        </label>
        <label>
          {t('journey.product.result')}
          <input value={f.result} onChange={(e) => setF({ ...f, result: e.target.value })} maxLength={200} required />
        </label>
        <label>
          {t('journey.product.passed')}
          {/* no default: a release result is chosen, never assumed */}
          <select value={f.passed} onChange={(e) => setF({ ...f, passed: e.target.value })} required>
            <option value="">{t('journey.product.choose')}</option>
            <option value="yes">{t('journey.product.meetsSpec')}</option>
            <option value="no">{t('journey.product.failsSpec')}</option>
          </select>
        </label>
        <label>
          {t('journey.product.testedOn')}
          <input type="date" value={f.testedOn} onChange={(e) => setF({ ...f, testedOn: e.target.value })} required />
        </label>
        <button type="submit" disabled={busy}>
          {t('journey.product.saveReleaseTest')}
        </button>
        {view}
      </form>
    </details>
  )
}

export function RegisterForm({ subjectId, onSaved }: { subjectId: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const [din, setDin] = useState('')
  const [description, setDescription] = useState('')
  const { run, view, busy } = useSubmit(onSaved)
  return (
    <form
      aria-label={t('journey.product.register')}
      onSubmit={(e) => void run(e, () => api(`/api/subjects/${subjectId}/product`, { method: 'POST', body: { din: dinForApi(din), productDescription: blankToNull(description) } }), t('journey.saved'))}
    >
      <DinInput label={t('journey.product.dinOptional')} value={din} onChange={setDin} />
      <label>
        {t('journey.product.description')}
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      </label>
      <button type="submit" disabled={busy || !dinSubmittable(din)}>
        {t('journey.product.register')}
      </button>
      {view}
    </form>
  )
}

export function HandOffForm({ subjectId, previousTo, material, onSaved }: { subjectId: string; previousTo: string; material: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const [f, setF] = useState({ materialId: material, from: previousTo, to: '', place: '', at: '', temperatureCondition: '', temperatureInRange: true, sealIntact: true })
  const { run, view, busy } = useSubmit(onSaved)
  const text = (key: 'materialId' | 'from' | 'to' | 'place' | 'at' | 'temperatureCondition', label: string) => (
    <label>
      {t(`journey.product.${label}`)}
      <input value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} required />
    </label>
  )
  return (
    <details>
      <summary>{t('journey.product.addHandOff')}</summary>
      <form onSubmit={(e) => void run(e, () => api(`/api/subjects/${subjectId}/product/hand-offs`, { method: 'POST', body: f }), t('journey.saved'))}>
        {text('materialId', 'material')}
        {text('from', 'from')}
        {text('to', 'to')}
        {text('place', 'place')}
        {text('at', 'at')}
        {text('temperatureCondition', 'condition')}
        <label>
          <input type="checkbox" checked={f.temperatureInRange} onChange={(e) => setF({ ...f, temperatureInRange: e.target.checked })} /> {t('journey.product.inRange')}
        </label>
        <label>
          <input type="checkbox" checked={f.sealIntact} onChange={(e) => setF({ ...f, sealIntact: e.target.checked })} /> {t('journey.product.seal')}
        </label>
        <button type="submit" disabled={busy}>
          {t('journey.product.addHandOff')}
        </button>
        {view}
      </form>
    </details>
  )
}
