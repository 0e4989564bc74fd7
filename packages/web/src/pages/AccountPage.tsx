import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api/client'
import { useSession } from '../session'
import { useApi } from '../use-api'

interface TotpStatus {
  enabled: boolean
  pending: boolean
}

/** The logged-in user's account: who they are, and the optional TOTP second factor (enrol; admins reset others'). */
export function AccountPage() {
  const { t } = useTranslation()
  const { me } = useSession()
  const [version, setVersion] = useState(0)
  const status = useApi<TotpStatus>(`/api/auth/totp?v=${version}`)
  if (!me) return null
  return (
    <section>
      <h1>{t('account.title')}</h1>
      <dl className="facts">
        <dt>{t('account.username')}</dt>
        <dd>{me.username}</dd>
        <dt>{t('account.displayName')}</dt>
        <dd>{me.displayName}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>{me.roles.join(', ')}</dd>
      </dl>
      <h2>{t('account.totp.title')}</h2>
      <p>{t('account.totp.intro')}</p>
      {status.error && <p role="alert">{t('common.error', { message: status.error.message })}</p>}
      {status.data?.enabled ? (
        <p role="status" className="hint">
          {t('account.totp.enabled')}
        </p>
      ) : (
        status.data && <TotpEnrolment onDone={() => setVersion((v) => v + 1)} />
      )}
      {me.roles.includes('admin') && <TotpReset />}
    </section>
  )
}

function TotpEnrolment({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation()
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string }>()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string>()
  const start = async () => {
    setError(undefined)
    try {
      setEnrolment(await api<{ secret: string; uri: string }>('/api/auth/totp/enrol', { method: 'POST' }))
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const confirm = async (e: FormEvent) => {
    e.preventDefault()
    setError(undefined)
    try {
      await api('/api/auth/totp/confirm', { method: 'POST', body: { code } })
      onDone()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <div className="card">
      {!enrolment ? (
        <button type="button" onClick={() => void start()}>
          {t('account.totp.start')}
        </button>
      ) : (
        <form onSubmit={(e) => void confirm(e)} aria-label={t('account.totp.confirmForm')}>
          <p>{t('account.totp.scan')}</p>
          <dl className="facts">
            <dt>{t('account.totp.secret')}</dt>
            <dd>
              <code data-testid="totp-secret">{enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code>
            </dd>
            <dt>{t('account.totp.uri')}</dt>
            <dd>
              <code className="wrap" data-testid="totp-uri">
                {enrolment.uri}
              </code>
            </dd>
          </dl>
          <p className="hint">{t('account.totp.once')}</p>
          <label>
            {t('account.totp.code')}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
            />
          </label>
          <button type="submit">{t('account.totp.confirm')}</button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {t('common.error', { message: error })}
        </p>
      )}
    </div>
  )
}

/** Admins: remove a user's second factor (lost phone), with a reason for the audit trail. */
function TotpReset() {
  const { t } = useTranslation()
  const users = useApi<{ id: number; username: string; display_name: string }[]>('/api/users')
  const [userId, setUserId] = useState('')
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string }>()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setMessage(undefined)
    try {
      await api(`/api/users/${userId}/totp/reset`, { method: 'POST', body: { reason } })
      setMessage({ ok: true, text: t('account.reset.done') })
      setReason('')
    } catch (err) {
      setMessage({ ok: false, text: t('common.error', { message: (err as Error).message }) })
    }
  }
  return (
    <>
      <h2>{t('account.reset.title')}</h2>
      <form className="card" onSubmit={(e) => void submit(e)} aria-label={t('account.reset.title')}>
        <label>
          {t('account.reset.user')}
          <select name="user" value={userId} onChange={(e) => setUserId(e.target.value)} required>
            <option value="">{t('account.reset.choose')}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.display_name} ({u.username})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('account.reset.reason')}
          <input
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={1000}
          />
        </label>
        <button type="submit">{t('account.reset.submit')}</button>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? undefined : 'error'}>
            {message.text}
          </p>
        )}
      </form>
    </>
  )
}
