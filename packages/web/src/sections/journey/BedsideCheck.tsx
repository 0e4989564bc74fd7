import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../../api/client'
import type { VerificationRow } from '../../api/journey'
import { displayInstant } from '../../local-instant'

/**
 * Bedside two-person identity check (regimen-and-dosing.md §5 Infusion, §5.1 rules 1-2): the logged-in user is the
 * first verifier; the second types their own username and password, which the server checks like a login (a
 * wrong password counts toward that account's lockout). Only a match lets the infusion be recorded.
 */
export function BedsideCheck({ subjectId, subjectCode, verifications, canWrite, onSaved }: { subjectId: string; subjectCode: string; verifications: VerificationRow[]; canWrite: boolean; onSaved: () => void }) {
  const { t } = useTranslation()
  const [patient, setPatient] = useState('')
  const [bag, setBag] = useState('')
  const [scan, setScan] = useState('')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  // asked for once the server says the second verifier's account has the TOTP second factor
  const [needsTotp, setNeedsTotp] = useState(false)
  const [totpCode, setTotpCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<VerificationRow>()
  const [error, setError] = useState<string>()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    setResult(undefined)
    setBusy(true)
    try {
      const row = await api<VerificationRow>(`/api/subjects/${subjectId}/product/bedside-verifications`, {
        method: 'POST',
        body: { bagId: bag, scannedPatientId: patient, scannedCoiIdentifier: scan, secondVerifier: { username: username.trim(), password, ...(needsTotp ? { totpCode: totpCode.trim() } : {}) } },
      })
      setResult(row)
      onSaved()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') setNeedsTotp(true)
      const prefix = err instanceof ApiError && ['invalid_credentials', 'account_locked', 'forbidden', 'totp_required'].includes(err.code) ? `${t('journey.product.secondVerifierRefused')} ` : ''
      setError(prefix + (err as Error).message)
    } finally {
      setPassword('') // never kept: the second verifier types it again for each check
      setTotpCode('')
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="bedside-title">
      <h2 id="bedside-title">{t('journey.product.bedside')}</h2>
      {canWrite && (
        <>
          <p className="hint">{t('journey.product.bedsideHint')}</p>
          <form onSubmit={(e) => void submit(e)} aria-label={t('journey.product.bedside')}>
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
            <fieldset>
              <legend>{t('journey.product.secondVerifier')}</legend>
              <p className="hint">{t('journey.product.secondVerifierHint')}</p>
              <label>
                {t('journey.product.secondUsername')}
                <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required />
              </label>
              <label>
                {t('journey.product.secondPassword')}
                <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
              </label>
              {needsTotp && (
                <label>
                  {t('journey.product.secondTotp')}
                  <input value={totpCode} onChange={(e) => setTotpCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,8}" required />
                </label>
              )}
            </fieldset>
            <button type="submit" disabled={busy}>
              {t('journey.product.verify')}
            </button>
          </form>
        </>
      )}
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
                  <td>{displayInstant(v.verified_at)}</td>
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
