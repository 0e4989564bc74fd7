import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { canAccess, isRole, parseProtocol, screenSubject, type Protocol } from '@celltrial/core'
import { api, type StudyDetail } from '../api/client'
import type { SavedAttempt, ScreeningLogRow } from '../api/screening'
import { Link } from '../router'
import { useApi } from '../use-api'
import { useSession } from '../session'
import { ProfileForm } from '../components/ProfileForm/ProfileForm'
import { collectProfileFields, emptyProfileForm, localToday, toProfile } from '../components/ProfileForm/profile-form'
import { CriteriaTable, VerdictBadge } from '../components/CriteriaTable/CriteriaTable'
import { displayLocalDate } from '../local-instant'

/**
 * Screen a candidate for one trial: the status of every criterion updates as the data are typed (core's
 * screenSubject in the browser); saving sends the profile, the server recomputes the verdict and logs it.
 */
export function ScreeningPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<StudyDetail>(`/api/studies/${id}`)
  if (loading) return <p>{t('common.loading')}</p>
  if (error || !data) return <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
  const parsed = parseProtocol(data.protocol)
  if (!parsed.ok) return <p role="alert">{t('screening.noProtocol')}</p>
  return <ScreeningWorkspace study={data} protocol={parsed.value} />
}

function ScreeningWorkspace({ study, protocol }: { study: StudyDetail; protocol: Protocol }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const today = localToday()
  const principal = useMemo(
    () => (me ? { userId: me.userId, username: me.username, roles: me.roles.filter(isRole), siteIds: me.siteIds } : undefined),
    [me],
  )
  const sites = study.sites.filter((s) => principal && canAccess(principal, 'subject.enrol', s.id))
  const fields = useMemo(() => collectProfileFields([protocol]), [protocol])
  const [form, setForm] = useState(() => emptyProfileForm(today))
  const [siteId, setSiteId] = useState<number | undefined>(sites[0]?.id)
  const [screeningNumber, setScreeningNumber] = useState('')
  const [previousId, setPreviousId] = useState('')
  const [saved, setSaved] = useState<SavedAttempt>()
  const [failure, setFailure] = useState<string>()
  const [log, setLog] = useState<ScreeningLogRow[]>([])

  const reload = useCallback(() => {
    api<{ attempts: ScreeningLogRow[] }>(`/api/studies/${study.id}/screening`)
      .then((r) => setLog(r.attempts))
      .catch((e: Error) => setFailure(e.message))
  }, [study.id])
  useEffect(reload, [reload])

  const profile = toProfile(form, { asOf: today, subjectId: screeningNumber || 'NEW', mode: 'dates' })
  const live = screenSubject(profile, protocol, { asOf: today })
  const rescreenable = log.filter((a) => a.outcome !== 'eligible' && a.rescreened_by === null && !a.voided_at && a.site_id === siteId)

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setFailure(undefined)
    setSaved(undefined)
    try {
      const body = {
        siteId,
        profile,
        ...(screeningNumber ? { screeningNumber } : {}),
        ...(previousId ? { previousAttemptId: Number(previousId) } : {}),
      }
      const row = await api<SavedAttempt>(`/api/studies/${study.id}/screening`, { method: 'POST', body })
      setSaved(row)
      setPreviousId('')
      reload()
    } catch (err) {
      setFailure((err as Error).message)
    }
  }

  return (
    <section>
      <p>
        <Link to={`/studies/${study.id}`}>← {t('screening.backToStudy')}</Link> · <Link to={`/studies/${study.id}/protocol`}>{t('screening.viewProtocol')}</Link>
      </p>
      <h1>
        {t('screening.title', { id: study.registry_id })} <span className="muted">{t('screening.version', { version: protocol.version.number })}</span>
      </h1>
      {sites.length === 0 ? (
        <p className="hint">{t('screening.noSite')}</p>
      ) : (
        <form onSubmit={(e) => void save(e)} aria-label={t('screening.formTitle')}>
          <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
            <label>
              {t('screening.site')}
              <select value={siteId ?? ''} onChange={(e) => setSiteId(Number(e.target.value))}>
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.code} · {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('screening.number')}
              <input value={screeningNumber} pattern="[A-Z0-9][A-Z0-9\-]{1,31}" onChange={(e) => setScreeningNumber(e.target.value.toUpperCase())} />
            </label>
            <label>
              {t('screening.rescreenOf')}
              <select value={previousId} onChange={(e) => setPreviousId(e.target.value)}>
                <option value="">{t('screening.firstAttempt')}</option>
                {rescreenable.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.screening_number} · {a.screened_on} · {t(`screening.verdict.${a.outcome}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ProfileForm value={form} onChange={setForm} fields={fields} mode="dates" />
          <h2>
            {t('screening.liveTitle')} <VerdictBadge verdict={live.verdict} />
          </h2>
          <p className="muted" role="status" aria-live="polite" data-testid="live-summary">
            {t('screening.liveSummary', {
              met: live.criteria.filter((c) => c.status === 'met').length,
              total: live.criteria.length,
              unmet: live.unmet.length,
              missing: live.criteria.filter((c) => c.status === 'missing data').length,
              pending: live.pendingAttestations.length,
            })}
          </p>
          <CriteriaTable criteria={live.criteria} caption={t('screening.liveTitle')} />
          <button type="submit" disabled={siteId === undefined || (!screeningNumber && !previousId)}>
            {t('screening.save')}
          </button>
        </form>
      )}
      {saved && (
        <p className="hint" role="status">
          {t('screening.saved', { number: saved.screening_number })} <VerdictBadge verdict={saved.outcome} />
        </p>
      )}
      {failure && (
        <p role="alert" className="error">
          {t('common.error', { message: failure })}
        </p>
      )}
      <ScreeningLog log={log} protocol={protocol} canSign={(site) => !!principal && canAccess(principal, 'form.sign', site)} onSigned={reload} />
    </section>
  )
}

function ScreeningLog({
  log,
  protocol,
  canSign,
  onSigned,
}: {
  log: ScreeningLogRow[]
  protocol: Protocol
  canSign: (siteId: number) => boolean
  onSigned: () => void
}) {
  const { t } = useTranslation()
  return (
    <>
      <h2>{t('screening.logTitle')}</h2>
      {log.length === 0 ? (
        <p>{t('screening.logEmpty')}</p>
      ) : (
        <table className="grid" aria-label={t('screening.logTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('screening.number')}</th>
              <th scope="col">{t('screening.site')}</th>
              <th scope="col">{t('screening.date')}</th>
              <th scope="col">{t('screening.protocolVersion')}</th>
              <th scope="col">{t('screening.verdictLabel')}</th>
              <th scope="col">{t('screening.unmet')}</th>
              <th scope="col">{t('screening.missingData')}</th>
              <th scope="col">{t('screening.attestations')}</th>
            </tr>
          </thead>
          <tbody>
            {log.map((a) => (
              <tr key={a.id} data-attempt={a.id}>
                <td>
                  {a.screening_number}
                  {a.previous_attempt_id !== null && <div className="muted">{t('screening.rescreenOfAttempt', { id: a.previous_attempt_id })}</div>}
                  {a.rescreened_by !== null && <div className="muted">{t('screening.rescreenedBy', { id: a.rescreened_by })}</div>}
                </td>
                <td>{a.site_code}</td>
                <td>{a.screened_on}</td>
                <td>{a.protocol_version}</td>
                <td>
                  <VerdictBadge verdict={a.outcome} />
                </td>
                <td>{a.failed_criteria.join(', ') || t('common.none')}</td>
                <td>{a.missing_fields.join(', ') || t('common.none')}</td>
                <td>
                  {a.attestations.map((s) => (
                    <div key={s.id}>
                      {t('screening.attestationLine', {
                        criterion: s.criterion_id,
                        answer: t(s.satisfied ? 'screening.satisfied' : 'screening.notSatisfied'),
                        name: s.signed_by_name,
                        date: displayLocalDate(s.signed_at),
                      })}
                    </div>
                  ))}
                  {a.pending_attestations.length > 0 && a.rescreened_by === null && canSign(a.site_id) && (
                    <SignForm attempt={a} protocol={protocol} onSigned={onSigned} />
                  )}
                  {a.pending_attestations.length > 0 && <div className="muted">{t('screening.pendingList', { ids: a.pending_attestations.join(', ') })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

function SignForm({ attempt, protocol, onSigned }: { attempt: ScreeningLogRow; protocol: Protocol; onSigned: () => void }) {
  const { t } = useTranslation()
  const [criterionId, setCriterionId] = useState(attempt.pending_attestations[0] ?? '')
  const [satisfied, setSatisfied] = useState('yes')
  const [comment, setComment] = useState('')
  const [failure, setFailure] = useState<string>()
  const statement = protocol.eligibility.find((c) => c.id === criterionId)
  const sign = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api(`/api/screening/${attempt.id}/attestations`, { method: 'POST', body: { criterionId, satisfied: satisfied === 'yes', comment: comment || null } })
      setFailure(undefined)
      onSigned()
    } catch (err) {
      setFailure((err as Error).message)
    }
  }
  return (
    <form onSubmit={(e) => void sign(e)} aria-label={t('screening.signTitle', { number: attempt.screening_number })}>
      <label>
        {t('screening.signCriterion')}
        <select value={criterionId} onChange={(e) => setCriterionId(e.target.value)}>
          {attempt.pending_attestations.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {statement && <p className="muted">{statement.rule.kind === 'attestation' ? statement.rule.statement : statement.text}</p>}
      <label>
        {t('screening.signAnswer')}
        <select value={satisfied} onChange={(e) => setSatisfied(e.target.value)}>
          <option value="yes">{t('screening.satisfied')}</option>
          <option value="no">{t('screening.notSatisfied')}</option>
        </select>
      </label>
      <label>
        {t('screening.signComment')}
        <input value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="submit">{t('screening.sign')}</button>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </form>
  )
}
