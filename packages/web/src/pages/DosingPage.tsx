import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, type StudyDetail, type SubjectDetail } from '../api/client'
import type { DosingResult, SubjectJourneyView } from '../api/journey'
import { Link } from '../router'
import { useApi } from '../use-api'
import { cellCount } from '../cell-count'

interface Inputs {
  heightCm: string
  weightKg: string
  ageYears: string
  sex: 'female' | 'male'
  serumCreatinine: string
  creatinineUnit: 'mg/dL' | 'umol/L'
  idmsTraceable: boolean
  doseLevelId: string
  viableCellsPerMl: string
  carPositiveFraction: string
  availableVolumeMl: string
  /** regimen-and-dosing.md §3: a per-kg cell dose uses the weight at leukapheresis by default */
  leukapheresisWeightKg: string
  leukapheresisWeighedOn: string
}

const num = (s: string) => (s.trim() === '' ? null : Number(s))

/** Dosing calculator (BSA, renal function, LD and cell doses, infusion volume) that fills the LD and infusion records. */
export function DosingPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const subject = useApi<SubjectDetail>(`/api/subjects/${id}`)
  const studyId = subject.data?.study_id
  const study = useApi<StudyDetail>(studyId ? `/api/studies/${studyId}` : '/api/studies/0')
  const journey = useApi<SubjectJourneyView>(`/api/subjects/${id}/journey`)
  const [f, setF] = useState<Inputs>({
    heightCm: '', weightKg: '', ageYears: '', sex: 'female', serumCreatinine: '', creatinineUnit: 'mg/dL', idmsTraceable: false,
    doseLevelId: '', viableCellsPerMl: '', carPositiveFraction: '', availableVolumeMl: '', leukapheresisWeightKg: '', leukapheresisWeighedOn: '',
  })
  const [result, setResult] = useState<DosingResult>()
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  const [ldDate, setLdDate] = useState('')
  const [infusionDate, setInfusionDate] = useState('')
  const [bag, setBag] = useState('')
  if (subject.loading) return <p>{t('common.loading')}</p>
  if (subject.error || !subject.data) return <p role="alert">{t('common.error', { message: subject.error?.message ?? '' })}</p>
  const s = subject.data
  const levels = study.data?.protocol.arms?.flatMap((a) => a.doseLevels) ?? []
  const doseLevelId = f.doseLevelId || s.dose_level || levels[0]?.id || ''
  // the weight at leukapheresis is weighed on the latest apheresis date (as the server picks it): offered as the date
  const apheresisOn = (journey.data?.events ?? [])
    .filter((e) => ['start-apheresis', 'repeat-apheresis', 're-apheresis'].includes(e.event_type))
    .map((e) => e.occurred_on.slice(0, 10))
    .sort()
    .at(-1)
  const weighedOn = f.leukapheresisWeighedOn || apheresisOn || ''
  const body = () => ({
    heightCm: num(f.heightCm), weightKg: num(f.weightKg), ageYears: num(f.ageYears), sex: f.sex, serumCreatinine: num(f.serumCreatinine),
    creatinineUnit: f.creatinineUnit, idmsTraceable: f.idmsTraceable, doseLevelId, viableCellsPerMl: num(f.viableCellsPerMl),
    carPositiveFraction: num(f.carPositiveFraction), availableVolumeMl: num(f.availableVolumeMl),
    weights: weighedOn && f.leukapheresisWeightKg.trim() !== '' ? [{ date: weighedOn, weightKg: Number(f.leukapheresisWeightKg) }] : null,
  })
  const call = async (e: FormEvent, path: string, extra: Record<string, unknown> | null) => {
    e.preventDefault()
    setMessage(undefined)
    try {
      if (extra === null) setResult(await api<DosingResult>(`/api/subjects/${id}/dosing/calculate`, { method: 'POST', body: body() }))
      else {
        await api(`/api/subjects/${id}/${path}`, { method: 'POST', body: { ...body(), ...extra } })
        setMessage({ ok: true, text: t('journey.saved') })
      }
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message })
      if (extra === null) setResult(undefined)
    }
  }
  const field = (key: 'heightCm' | 'weightKg' | 'ageYears' | 'serumCreatinine' | 'viableCellsPerMl' | 'carPositiveFraction' | 'availableVolumeMl' | 'leukapheresisWeightKg', label: string, required = true) => (
    <label>
      {t(`journey.dosing.${label}`)}
      <input type="number" step="any" value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} required={required} />
    </label>
  )
  return (
    <section>
      <p>
        <Link to={`/subjects/${id}`}>← {t('journey.product.back')}</Link>
      </p>
      <h1>
        {s.code} <span className="muted">{t('journey.dosing.title')}</span>
      </h1>
      <form onSubmit={(e) => void call(e, '', null)} aria-label={t('journey.dosing.inputs')}>
        <h2>{t('journey.dosing.inputs')}</h2>
        {field('heightCm', 'height')}
        {field('weightKg', 'weight')}
        {field('ageYears', 'age')}
        <label>
          {t('journey.dosing.sex')}
          <select value={f.sex} onChange={(e) => setF({ ...f, sex: e.target.value as Inputs['sex'] })}>
            <option value="female">{t('journey.dosing.female')}</option>
            <option value="male">{t('journey.dosing.male')}</option>
          </select>
        </label>
        {field('serumCreatinine', 'scr')}
        <label>
          {t('journey.dosing.scrUnit')}
          <select value={f.creatinineUnit} onChange={(e) => setF({ ...f, creatinineUnit: e.target.value as Inputs['creatinineUnit'] })}>
            <option value="mg/dL">mg/dL</option>
            <option value="umol/L">µmol/L</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={f.idmsTraceable} onChange={(e) => setF({ ...f, idmsTraceable: e.target.checked })} /> {t('journey.dosing.idms')}
        </label>
        <label>
          {t('journey.dosing.doseLevel')}
          <select value={doseLevelId} onChange={(e) => setF({ ...f, doseLevelId: e.target.value })}>
            {levels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.id} {l.label}
              </option>
            ))}
          </select>
        </label>
        {field('viableCellsPerMl', 'viable', false)}
        {field('carPositiveFraction', 'carFraction', false)}
        {field('availableVolumeMl', 'available', false)}
        {field('leukapheresisWeightKg', 'leukapheresisWeight', false)}
        <label>
          {t('journey.dosing.leukapheresisWeighedOn')}
          <input type="date" value={weighedOn} onChange={(e) => setF({ ...f, leukapheresisWeighedOn: e.target.value })} />
        </label>
        <button type="submit">{t('journey.dosing.calculate')}</button>
      </form>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'}>
          {message.text}
        </p>
      )}
      {result && (
        <section aria-labelledby="dosing-results">
          <h2 id="dosing-results">{t('journey.dosing.results')}</h2>
          <dl className="facts">
            <dt>{t('journey.dosing.bsa')}</dt>
            <dd>
              {result.bsa.bsaM2} m² <span className="muted">{result.bsa.explanation}</span>
            </dd>
            <dt>{t('journey.dosing.renal')}</dt>
            <dd>
              {result.renal.value.toFixed(2)} {result.renal.unit} <span className="muted">{result.renal.explanation}</span>
            </dd>
            <dt>{t('journey.dosing.cellDose')}</dt>
            <dd>
              {result.cellDose ? (
                <>
                  {cellCount(result.cellDose.targetCells)} <span className="muted">{result.cellDose.explanation}</span>
                </>
              ) : (
                <span className="error">{result.cellDoseIssues.map((i) => i.message).join('; ')}</span>
              )}
            </dd>
            <dt>{t('journey.dosing.volume')}</dt>
            <dd>{result.volume ? <>{result.volume.volumeMl.toFixed(2)} mL <span className="muted">{result.volume.explanation}</span></> : t('common.none')}</dd>
          </dl>
          <h3>{t('journey.dosing.ld')}</h3>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('journey.dosing.drug')}</th>
                <th scope="col">{t('journey.dosing.days')}</th>
                <th scope="col">{t('journey.dosing.daily')}</th>
                <th scope="col">{t('journey.dosing.prescribed')}</th>
                <th scope="col">{t('journey.dosing.course')}</th>
                <th scope="col">{t('journey.dosing.formula')}</th>
              </tr>
            </thead>
            <tbody>
              {result.ld.drugs.map((d) => (
                <tr key={d.name}>
                  <td>{d.name}</td>
                  <td>{d.days.join(', ')}</td>
                  <td className="num">{d.dailyCalculatedDisplay}</td>
                  <td className="num">{d.dailyPrescribedMg}</td>
                  <td className="num">{d.coursePrescribedMg}</td>
                  <td className="muted">{d.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form onSubmit={(e) => void call(e, 'lymphodepletion', { startDate: ldDate })} aria-label={t('journey.dosing.saveLd')}>
            <label>
              {t('journey.dosing.ldDate')}
              <input type="date" value={ldDate} onChange={(e) => setLdDate(e.target.value)} required />
            </label>
            <button type="submit">{t('journey.dosing.saveLd')}</button>
          </form>
          <form onSubmit={(e) => void call(e, 'infusion', { infusionDate, bagId: bag })} aria-label={t('journey.dosing.saveInfusion')}>
            <label>
              {t('journey.dosing.bag')}
              <input value={bag} onChange={(e) => setBag(e.target.value)} required />
            </label>
            <label>
              {t('journey.dosing.infusionDate')}
              <input type="date" value={infusionDate} onChange={(e) => setInfusionDate(e.target.value)} required />
            </label>
            <button type="submit">{t('journey.dosing.saveInfusion')}</button>
          </form>
        </section>
      )}
    </section>
  )
}
