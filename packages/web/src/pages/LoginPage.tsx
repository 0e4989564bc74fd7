import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'
import { useSession } from '../session'
import { useApi } from '../use-api'

export function LoginPage() {
  const { t } = useTranslation()
  const { login } = useSession()
  const setup = useApi<{ needsSetup: boolean }>('/api/setup/status')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  // shown once the server says this account has a second factor (RFC 6238 code)
  const [needsCode, setNeedsCode] = useState(false)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await login(username, password, needsCode ? code : undefined)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') setNeedsCode(true)
      else setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      {setup.data?.needsSetup && <p className="hint">{t('login.firstRun')}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {needsCode && (
          <>
            <p className="hint" role="status">
              {t('account.login.codeNeeded')}
            </p>
            <label>
              {t('account.login.code')}
              <input
                name="totpCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxLength={7}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                required
                autoFocus
              />
            </label>
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {t('login.failed', { message: error })}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  )
}
