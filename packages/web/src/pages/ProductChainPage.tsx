import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import { useReloadableApi, type ProductChainView, type VerificationRow } from '../api/journey'
import { Link } from '../router'

/** The product's chain of identity (COI, DIN, bedside check) and chain of custody (hand-offs), for one subject. */
export function ProductChainPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const chain = useReloadableApi<ProductChainView>(`/api/subjects/${id}/product`)
  if (chain.loading) return <p>{t('common.loading')}</p>
  if (chain.error || !chain.data) return <p role="alert">{t('common.error', { message: chain.error?.message ?? '' })}</p>
  const c = chain.data
  const k = (key: string) => t(`journey.product.${key}`)
  return (
    <section>
      <p>
        <Link to={`/subjects/${id}`}>← {k('back')}</Link>
      </p>
      <h1>
        {c.code} <span className="muted">{k('title')}</span>
      </h1>
      {!c.product ? (
        <>
          <p className="hint">{k('none')}</p>
          <RegisterForm subjectId={id} onSaved={chain.reload} />
        </>
      ) : (
        <>
          <dl className="facts">
            <dt>{k('coi')}</dt>
            <dd>
              <code data-testid="coi">{c.product.coi_identifier}</code>
            </dd>
            <dt>{k('din')}</dt>
            <dd>{c.product.din ? `${c.product.din} ${c.product.din_check_character ?? ''}` : t('common.none')}</dd>
            <dt>{k('description')}</dt>
            <dd>{c.product.product_description ?? t('common.none')}</dd>
          </dl>
          <h2>{k('collections')}</h2>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{k('collectedAt')}</th>
                <th scope="col">{k('facility')}</th>
                <th scope="col">{k('volume')}</th>
                <th scope="col">{k('din')}</th>
              </tr>
            </thead>
            <tbody>
              {c.collections.map((x) => (
                <tr key={x.id}>
                  <td>{x.collected_at}</td>
                  <td>{x.facility}</td>
                  <td className="num">{x.volume_ml ?? t('common.none')}</td>
                  <td>{x.din ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{k('lots')}</h2>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{k('lot')}</th>
                <th scope="col">{k('manufacturer')}</th>
                <th scope="col">{k('started')}</th>
                <th scope="col">{k('ended')}</th>
              </tr>
            </thead>
            <tbody>
              {c.lots.map((x) => (
                <tr key={x.id}>
                  <td>{x.lot_number}</td>
                  <td>{x.manufacturer}</td>
                  <td>{x.started_on}</td>
                  <td>{x.ended_on ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{k('releaseTests')}</h2>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{k('test')}</th>
                <th scope="col">{k('result')}</th>
                <th scope="col">{k('passed')}</th>
              </tr>
            </thead>
            <tbody>
              {c.releaseTests.map((x) => (
                <tr key={x.id}>
                  <td>{x.test}</td>
                  <td>{x.result}</td>
                  <td>{x.passed ? k('yes') : k('no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{k('custody')}</h2>
          {c.handOffs.length === 0 ? (
            <p className="hint">{k('noHandOffs')}</p>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{k('time')}</th>
                  <th scope="col">{k('from')}</th>
                  <th scope="col">{k('to')}</th>
                  <th scope="col">{k('place')}</th>
                  <th scope="col">{k('condition')}</th>
                  <th scope="col">{k('inRange')}</th>
                  <th scope="col">{k('seal')}</th>
                </tr>
              </thead>
              <tbody>
                {c.handOffs.map((h) => (
                  <tr key={h.id}>
                    <td>{h.handed_at}</td>
                    <td>{h.from_holder}</td>
                    <td>{h.to_holder}</td>
                    <td>{h.place}</td>
                    <td>{h.temperature_condition}</td>
                    <td>{h.temperature_in_range ? k('yes') : k('no')}</td>
                    <td>{h.seal_intact ? k('yes') : k('no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {c.custody?.ok && <p className="hint">{k('chainOk')}</p>}
          {c.custody && !c.custody.ok && (
            <div role="alert" className="error">
              <strong>{k('chainIssues')}</strong>
              <ul>
                {c.custody.issues.map((i, n) => (
                  <li key={`${i.code}-${n}`}>{i.message}</li>
                ))}
              </ul>
            </div>
          )}
          <HandOffForm subjectId={id} previousTo={c.handOffs[c.handOffs.length - 1]?.to_holder ?? ''} material={c.handOffs[0]?.material_id ?? ''} onSaved={chain.reload} />
          <BedsideCheck subjectId={id} subjectCode={c.code} verifications={c.verifications} onSaved={chain.reload} />
        </>
      )}
    </section>
  )
}

function useSubmit(onSaved: () => void) {
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  const run = async (e: FormEvent, call: () => Promise<unknown>, okText: string) => {
    e.preventDefault()
    try {
      await call()
      setMessage({ ok: true, text: okText })
      onSaved()
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message })
    }
  }
  const view = message && (
    <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'}>
      {message.text}
    </p>
  )
  return { run, view }
}

function RegisterForm({ subjectId, onSaved }: { subjectId: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const [din, setDin] = useState('')
  const [description, setDescription] = useState('')
  const { run, view } = useSubmit(onSaved)
  return (
    <form onSubmit={(e) => void run(e, () => api(`/api/subjects/${subjectId}/product`, { method: 'POST', body: { din: din || null, productDescription: description || null } }), t('journey.saved'))}>
      <label>
        {t('journey.product.dinOptional')}
        <input value={din} onChange={(e) => setDin(e.target.value)} maxLength={40} />
      </label>
      <label>
        {t('journey.product.description')}
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      </label>
      <button type="submit">{t('journey.product.register')}</button>
      {view}
    </form>
  )
}

function HandOffForm({ subjectId, previousTo, material, onSaved }: { subjectId: string; previousTo: string; material: string; onSaved: () => void }) {
  const { t } = useTranslation()
  const [f, setF] = useState({ materialId: material, from: previousTo, to: '', place: '', at: '', temperatureCondition: '', temperatureInRange: true, sealIntact: true })
  const { run, view } = useSubmit(onSaved)
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
        <button type="submit">{t('journey.product.addHandOff')}</button>
        {view}
      </form>
    </details>
  )
}

function BedsideCheck({ subjectId, subjectCode, verifications, onSaved }: { subjectId: string; subjectCode: string; verifications: VerificationRow[]; onSaved: () => void }) {
  const { t } = useTranslation()
  const [patient, setPatient] = useState('')
  const [bag, setBag] = useState('')
  const [scan, setScan] = useState('')
  const [second, setSecond] = useState('')
  const [result, setResult] = useState<VerificationRow>()
  const [error, setError] = useState<string>()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    try {
      const row = await api<VerificationRow>(`/api/subjects/${subjectId}/product/bedside-verifications`, {
        method: 'POST',
        body: { bagId: bag, scannedPatientId: patient, scannedCoiIdentifier: scan, secondVerifier: second },
      })
      setResult(row)
      onSaved()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <section aria-labelledby="bedside-title">
      <h2 id="bedside-title">{t('journey.product.bedside')}</h2>
      <p className="hint">{t('journey.product.bedsideHint')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('journey.product.wristband')}
          <input value={patient} onChange={(e) => setPatient(e.target.value)} placeholder={subjectCode} required />
        </label>
        <label>
          {t('journey.product.bag')}
          <input value={bag} onChange={(e) => setBag(e.target.value)} required />
        </label>
        <label>
          {t('journey.product.scan')}
          <input value={scan} onChange={(e) => setScan(e.target.value)} autoComplete="off" required />
        </label>
        <label>
          {t('journey.product.secondVerifier')}
          <input value={second} onChange={(e) => setSecond(e.target.value)} required />
        </label>
        <button type="submit">{t('journey.product.verify')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <div role={result.result === 'match' ? 'status' : 'alert'} className={result.result === 'match' ? 'hint' : 'error'} data-result={result.result}>
          <strong>{t(`journey.product.${result.result}`)}</strong>
          <ul>
            {result.issues.map((i, n) => (
              <li key={`${i.code}-${n}`}>{i.message}</li>
            ))}
          </ul>
        </div>
      )}
      {verifications.length > 0 && (
        <>
          <h3>{t('journey.product.verifications')}</h3>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('journey.product.time')}</th>
                <th scope="col">{t('journey.product.bag')}</th>
                <th scope="col">{t('journey.product.scan')}</th>
                <th scope="col">{t('journey.product.verifiers')}</th>
                <th scope="col">{t('journey.product.result')}</th>
              </tr>
            </thead>
            <tbody>
              {verifications.map((v) => (
                <tr key={v.id}>
                  <td>{v.verified_at}</td>
                  <td>{v.bag_id}</td>
                  <td>
                    <code>{v.scanned_coi_identifier}</code>
                  </td>
                  <td>{v.verifiers.join(', ')}</td>
                  <td>{t(`journey.product.${v.result}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
