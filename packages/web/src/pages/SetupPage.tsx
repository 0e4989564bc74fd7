import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'

/** Redeem a one-time setup link: create the first admin, or set an invited user's password. */
export function SetupPage({ token }: { token: string | null }) {
  const { t } = useTranslation()
  const status = useApi<{ needsSetup: boolean }>('/api/setup/status')
  const [form, setForm] = useState({ username: '', displayName: '', password: '' })
  const [error, setError] = useState<string>()
  const [done, setDone] = useState(false)
  if (!token) return <p className="card narrow">{t('setup.noToken')}</p>
  const firstAdmin = status.data?.needsSetup ?? false
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    try {
      await api('/api/setup', { method: 'POST', body: firstAdmin ? { token, ...form } : { token, password: form.password } })
      setDone(true)
    } catch (err) {
      setError((err as Error).message)
    }
  }
  if (done)
    return (
      <section className="card narrow">
        <p role="status">{t('setup.done')}</p>
        <Link to="/">{t('login.title')}</Link>
      </section>
    )
  return (
    <section className="card narrow">
      <h1>{t('setup.title')}</h1>
      <p>{firstAdmin ? t('setup.firstAdmin') : t('setup.invited')}</p>
      <form onSubmit={(e) => void submit(e)}>
        {firstAdmin && (
          <>
            <label>
              {t('setup.username')}
              <input name="username" autoComplete="username" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
            </label>
            <label>
              {t('setup.displayName')}
              <input name="displayName" autoComplete="name" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required />
            </label>
          </>
        )}
        <label>
          {t('setup.password')}
          <input name="password" type="password" autoComplete="new-password" minLength={12} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{t('setup.submit')}</button>
      </form>
    </section>
  )
}
