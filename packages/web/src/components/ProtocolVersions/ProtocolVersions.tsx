import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { api, ApiError } from '../../api/client'
import { useReloadableApi } from '../../api/journey'
import type { ProtocolVersionDiff, ProtocolVersionList, UploadedVersion } from '../../api/protocol-versions'
import { useApi } from '../../use-api'
import { useCan } from '../../sections/capture/use-can'

/** A server error: its message and, for a protocol file, every problem with its JSON path. */
export function ApiErrorDetails({ error }: { error: Error }) {
  const { t } = useTranslation()
  const details = error instanceof ApiError ? error.details : []
  return (
    <div role="alert" className="error">
      <p>{t('common.error', { message: error.message })}</p>
      {details.length > 0 && (
        <ul aria-label={t('amendments.errors')}>
          {details.map((d, i) => (
            <li key={i}>
              <code>{d.path}</code>: {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The changes between two versions in words, as a table (area, change, item, old -> new). */
function DiffTable({ diff }: { diff: ProtocolVersionDiff }) {
  const { t } = useTranslation()
  const caption = t('amendments.diffTitle', { from: diff.from.number, to: diff.to.number })
  if (diff.changes.length === 0) return <p data-testid="version-diff">{t('amendments.noChanges', { from: diff.from.number, to: diff.to.number })}</p>
  return (
    <table className="grid" aria-label={caption} data-testid="version-diff">
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('amendments.area')}</th>
          <th scope="col">{t('amendments.change')}</th>
          <th scope="col">{t('amendments.item')}</th>
          <th scope="col">{t('amendments.old')}</th>
          <th scope="col">{t('amendments.new')}</th>
        </tr>
      </thead>
      <tbody>
        {diff.changes.map((c, i) => (
          <tr key={i} title={c.text}>
            <td>{t(`amendments.areas.${c.area}`)}</td>
            <td>{t(`amendments.kinds.${c.kind}`)}</td>
            <td>
              <code>{c.item}</code>
            </td>
            <td>{c.old ?? '—'}</td>
            <td>{c.new ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Compare any two versions of the study (the newest with the one before it at first). */
function VersionDiff({ studyId, list }: { studyId: number; list: ProtocolVersionList }) {
  const { t } = useTranslation()
  const ids = list.versions.map((v) => v.id)
  const [from, setFrom] = useState<number>(ids[ids.length - 2] ?? ids[0]!)
  const [to, setTo] = useState<number>(ids[ids.length - 1]!)
  const diff = useApi<ProtocolVersionDiff>(`/api/studies/${studyId}/protocol-versions/diff?from=${from}&to=${to}`)
  const label = (id: number) => {
    const v = list.versions.find((x) => x.id === id)!
    return `${v.number} (${v.effectiveDate})`
  }
  return (
    <>
      <h3>{t('amendments.compare')}</h3>
      <p>
        <label>
          {t('amendments.from')}{' '}
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {label(id)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('amendments.to')}{' '}
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {label(id)}
              </option>
            ))}
          </select>
        </label>
      </p>
      {diff.loading ? <p>{t('common.loading')}</p> : diff.error ? <ApiErrorDetails error={diff.error} /> : diff.data && <DiffTable diff={diff.data} />}
    </>
  )
}

/** Upload an amended protocol file (JSON) as a new version: for users who may configure a study. */
function UploadForm({ studyId, onSaved }: { studyId: number; onSaved: () => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<Error | null>(null)
  const [saved, setSaved] = useState<UploadedVersion | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setSaved(null)
    let protocol: unknown
    try {
      protocol = JSON.parse(text)
    } catch (err) {
      setError(new Error(t('amendments.notJson', { message: (err as Error).message })))
      return
    }
    setBusy(true)
    try {
      const res = await api<UploadedVersion>(`/api/studies/${studyId}/protocol-versions`, { method: 'POST', body: { protocol, note: note.trim() || null } })
      setSaved(res)
      setText('')
      setNote('')
      onSaved()
    } catch (err) {
      setError(err as Error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('amendments.upload')}>
      <h3>{t('amendments.upload')}</h3>
      <p className="hint">{t('amendments.uploadHint')}</p>
      <p>
        <label>
          {t('amendments.file')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const f = e.target.files?.[0]
              if (f) void f.text().then(setText)
            }}
          />
        </label>
      </p>
      <p>
        <label>
          {t('amendments.json')}
          <br />
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={6} cols={80} spellCheck={false} />
        </label>
      </p>
      <p>
        <label>
          {t('amendments.note')} <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} size={50} />
        </label>
      </p>
      <button type="submit" disabled={busy || text.trim() === ''}>
        {t('amendments.submit')}
      </button>
      {error && <ApiErrorDetails error={error} />}
      {saved && (
        <p role="status">
          {t('amendments.saved', { number: saved.version.number, date: saved.version.effectiveDate, count: String(saved.changes.length) })}
        </p>
      )}
    </form>
  )
}

/**
 * The protocol page's versions: each version with its effective date, which is in force today and which is
 * the newest, the differences between any two in words, and the amendment upload (role-gated).
 */
export function ProtocolVersions({ studyId, onUploaded }: { studyId: number; onUploaded?: () => void }) {
  const { t } = useTranslation()
  const can = useCan()
  const list = useReloadableApi<ProtocolVersionList>(`/api/studies/${studyId}/protocol-versions`)
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t('amendments.title')}</h2>
      {list.loading ? (
        <p>{t('common.loading')}</p>
      ) : list.error || !list.data ? (
        <ApiErrorDetails error={list.error ?? new Error('')} />
      ) : (
        <>
          <table className="grid" aria-label={t('amendments.title')}>
            <thead>
              <tr>
                <th scope="col">{t('amendments.version')}</th>
                <th scope="col">{t('amendments.effectiveDate')}</th>
                <th scope="col">{t('amendments.status')}</th>
                <th scope="col">{t('amendments.summary')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.versions.map((v) => (
                <tr key={v.id}>
                  <td>
                    {v.number}
                    {v.inForce && <strong> · {t('amendments.inForce')}</strong>}
                    {v.latest && !v.inForce && <em> · {t('amendments.latest')}</em>}
                  </td>
                  <td>{v.effectiveDate}</td>
                  <td>{t(`amendments.statuses.${v.status}`, { defaultValue: v.status })}</td>
                  <td>{v.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.versions.length > 1 ? <VersionDiff key={list.data.versions.length} studyId={studyId} list={list.data} /> : <p className="hint">{t('amendments.single')}</p>}
        </>
      )}
      {can('study.configure') && (
        <UploadForm
          studyId={studyId}
          onSaved={() => {
            list.reload()
            onUploaded?.()
          }}
        />
      )}
    </section>
  )
}
