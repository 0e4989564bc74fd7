import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BarChart, OKABE_ITO } from '../components/Escalation/BarChart'
import { MAX_OC_TRIALS, type OcRequest, type OcResponse } from '../components/Escalation/oc-request'

const DEFAULT_P = [0.1, 0.3, 0.45, 0.6]

/**
 * Operating characteristics of a BOIN or 3+3 design under a scenario of true DLT probabilities
 * (dose-escalation.md §3): selection % and patients per dose, simulated by core in a Web Worker.
 */
export function OcPage() {
  const { t } = useTranslation()
  const params = new URLSearchParams(window.location.search)
  const initialDoses = Math.min(8, Math.max(1, Number(params.get('doses')) || 2))
  const [design, setDesign] = useState<'BOIN' | '3+3'>(params.get('design') === '3+3' ? '3+3' : 'BOIN')
  const [pTrue, setPTrue] = useState(DEFAULT_P.slice(0, initialDoses).concat(Array(Math.max(0, initialDoses - DEFAULT_P.length)).fill(0.7)).map(String))
  const [target, setTarget] = useState('0.3')
  const [cohortSize, setCohortSize] = useState('3')
  const [nCohort, setNCohort] = useState('3')
  const [nTrial, setNTrial] = useState('5000')
  const [seed, setSeed] = useState('1')
  const [running, setRunning] = useState(false)
  const [result, setResult] = useState<{ request: OcRequest; response: OcResponse } | null>(null)
  const worker = useRef<Worker | null>(null)
  useEffect(() => () => worker.current?.terminate(), [])

  const run = (e: FormEvent) => {
    e.preventDefault()
    const request: OcRequest = {
      design,
      pTrue: pTrue.map(Number),
      target: Number(target),
      cohortSize: Number(cohortSize),
      nCohort: Number(nCohort),
      nTrial: Math.min(MAX_OC_TRIALS, Math.max(1, Math.floor(Number(nTrial)))),
      seed: Math.floor(Number(seed)),
    }
    worker.current?.terminate()
    const w = new Worker(new URL('../components/Escalation/oc-worker.ts', import.meta.url), { type: 'module' })
    worker.current = w
    setRunning(true)
    w.onmessage = (m: MessageEvent<OcResponse>) => {
      setResult({ request, response: m.data })
      setRunning(false)
      w.terminate()
    }
    w.onerror = (err) => {
      setResult({ request, response: { ok: false, message: err.message } })
      setRunning(false)
    }
    w.postMessage(request)
  }
  const setP = (i: number, v: string) => setPTrue((ps) => ps.map((p, j) => (j === i ? v : p)))
  const labels = (n: number) => Array.from({ length: n }, (_, i) => `D${i + 1}`)

  return (
    <section>
      <h1>{t('escalation.oc.title')}</h1>
      <p className="muted">{t('escalation.oc.intro', { max: MAX_OC_TRIALS })}</p>
      <form onSubmit={run} className="card oc-form" aria-label={t('escalation.oc.scenario')}>
        <label>
          {t('escalation.oc.design')}
          <select value={design} onChange={(e) => setDesign(e.target.value as 'BOIN' | '3+3')}>
            <option value="BOIN">BOIN</option>
            <option value="3+3">3+3</option>
          </select>
        </label>
        <fieldset>
          <legend>{t('escalation.oc.pTrue')}</legend>
          <div className="oc-doses">
            {pTrue.map((p, i) => (
              <label key={i}>
                {t('escalation.oc.doseP', { dose: i + 1 })}
                <input type="number" min={0} max={1} step={0.01} value={p} onChange={(e) => setP(i, e.target.value)} required />
              </label>
            ))}
          </div>
          <button type="button" onClick={() => setPTrue((ps) => (ps.length < 8 ? [...ps, ps.at(-1) ?? '0.5'] : ps))} disabled={pTrue.length >= 8}>
            {t('escalation.oc.addDose')}
          </button>{' '}
          <button type="button" onClick={() => setPTrue((ps) => (ps.length > 1 ? ps.slice(0, -1) : ps))} disabled={pTrue.length <= 1}>
            {t('escalation.oc.removeDose')}
          </button>
        </fieldset>
        <div className="oc-params">
          <label>
            {t('escalation.oc.target')}
            <input type="number" min={0.05} max={0.6} step={0.01} value={target} onChange={(e) => setTarget(e.target.value)} required />
          </label>
          {design === 'BOIN' && (
            <>
              <label>
                {t('escalation.oc.cohortSize')}
                <input type="number" min={1} max={12} step={1} value={cohortSize} onChange={(e) => setCohortSize(e.target.value)} required />
              </label>
              <label>
                {t('escalation.oc.nCohort')}
                <input type="number" min={1} max={40} step={1} value={nCohort} onChange={(e) => setNCohort(e.target.value)} required />
              </label>
            </>
          )}
          <label>
            {t('escalation.oc.nTrial')}
            <input type="number" min={1} max={MAX_OC_TRIALS} step={1} value={nTrial} onChange={(e) => setNTrial(e.target.value)} required />
          </label>
          <label>
            {t('escalation.oc.seed')}
            <input type="number" step={1} value={seed} onChange={(e) => setSeed(e.target.value)} required />
          </label>
        </div>
        {design === '3+3' && <p className="muted">{t('escalation.oc.note33')}</p>}
        <button type="submit" disabled={running}>{running ? t('escalation.oc.running') : t('escalation.oc.run')}</button>
      </form>
      {result && !result.response.ok && <p role="alert" className="error">{result.response.message}</p>}
      {result?.response.ok && (
        <div data-testid="oc-result">
          <h2>{t('escalation.oc.results', { n: result.request.nTrial, design: result.request.design, seed: result.request.seed })}</h2>
          <div className="oc-charts" style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem' }}>
            <BarChart testId="oc-selection-chart" title={t('escalation.oc.selection')} unit="%" max={100} bars={labels(result.request.pTrue.length).map((label, i) => ({ label, value: result.response.ok ? result.response.oc.selectionPercent[i]! : 0 }))} colour={OKABE_ITO[0]} />
            <BarChart testId="oc-patients-chart" title={t('escalation.oc.patients')} bars={labels(result.request.pTrue.length).map((label, i) => ({ label, value: result.response.ok ? result.response.oc.patientsPerDose[i]! : 0 }))} colour={OKABE_ITO[1]} />
          </div>
          <table className="grid" aria-label={t('escalation.oc.table')}>
            <thead>
              <tr>
                <th scope="col">{t('escalation.oc.dose')}</th>
                <th scope="col">{t('escalation.oc.pTrueCol')}</th>
                <th scope="col">{t('escalation.oc.selection')}</th>
                <th scope="col">{t('escalation.oc.patients')}</th>
                <th scope="col">{t('escalation.oc.dlts')}</th>
              </tr>
            </thead>
            <tbody>
              {result.request.pTrue.map((p, i) => (
                <tr key={i}>
                  <th scope="row">D{i + 1}</th>
                  <td className="num">{p.toFixed(2)}</td>
                  <td className="num">{result.response.ok && result.response.oc.selectionPercent[i]!.toFixed(1)}</td>
                  <td className="num">{result.response.ok && result.response.oc.patientsPerDose[i]!.toFixed(2)}</td>
                  <td className="num">{result.response.ok && result.response.oc.dltsPerDose[i]!.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t('escalation.oc.noMtd', { v: result.response.oc.noMtdPercent.toFixed(1) })} · {t('escalation.oc.meanN', { v: result.response.oc.meanSampleSize.toFixed(2) })}
            {result.response.oc.overdosingRisk60 !== null && <> · {t('escalation.oc.overdose', { v: result.response.oc.overdosingRisk60.toFixed(1) })}</>}
          </p>
          <p className="muted">{t('escalation.oc.source')}</p>
        </div>
      )}
    </section>
  )
}
