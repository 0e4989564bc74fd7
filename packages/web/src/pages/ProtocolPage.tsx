import { useTranslation } from 'react-i18next'
import type { Protocol, RenalBand, SourceNote } from '@celltrial/core'
import type { ProtocolView } from '../api/screening'
import { Link } from '../router'
import { ProtocolVersions } from '../components/ProtocolVersions/ProtocolVersions'
import { useReloadableApi } from '../api/journey'
import { cellCount } from '../cell-count'


function Sources({ sources }: { sources: readonly SourceNote[] }) {
  const { t } = useTranslation()
  return (
    <ul className="sources" style={{ margin: 0, paddingLeft: '1rem', fontSize: '0.85em' }}>
      {sources.map((s, i) => (
        <li key={i}>
          <span className="muted">{s.ref}</span>
          {s.quote && <q> {s.quote}</q>}
          {s.decision && (
            <div>
              <strong>{t('screening.protocol.decision')}</strong> {s.decision}
            </div>
          )}
        </li>
      ))}
    </ul>
  )
}

function band(b: RenalBand, t: (k: string, o?: Record<string, unknown>) => string) {
  const range = b.max === null ? `≥ ${b.min ?? 0}` : `${b.min ?? 0}–<${b.max}`
  return b.factor === null ? t('screening.protocol.renalNotGiven', { range }) : t('screening.protocol.renalFactor', { range, percent: Math.round(b.factor * 100) })
}

/**
 * A study's protocol (its newest version) in readable form: identification, criteria with their sources,
 * regimen, schedule, endpoints; then every version with its effective date, the differences between any two
 * in words, and the amendment upload.
 */
export function ProtocolPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  // reloaded after an amendment upload: the page shows the study's newest version
  const { data, error, loading, reload } = useReloadableApi<ProtocolView>(`/api/studies/${id}/protocol`)
  if (loading) return <p>{t('common.loading')}</p>
  if (error || !data) return <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
  const p: Protocol = data.protocol
  const idn = p.identification
  const endpoints = data.endpointText[i18n.language === 'zh-CN' ? 'zh-CN' : 'en']
  const assessments = [...new Set(p.visitSchedule.visits.flatMap((v) => v.assessments))]
  return (
    <section>
      <p>
        <Link to={`/studies/${data.studyId}`}>← {t('screening.backToStudy')}</Link> · <Link to={`/studies/${data.studyId}/screening`}>{t('screening.screenLink')}</Link>
      </p>
      <h1>
        {idn.registryId} <span className="muted">{idn.briefTitle}</span>
      </h1>

      <h2>{t('screening.protocol.identification')}</h2>
      <dl className="facts">
        <dt>{t('screening.protocol.officialTitle')}</dt>
        <dd>{idn.officialTitle ?? t('common.none')}</dd>
        <dt>{t('screening.protocol.version')}</dt>
        <dd>
          {p.version.number} · {p.version.effectiveDate} · {t(`screening.protocol.status.${p.version.status}`)} — {p.version.summary}
        </dd>
        <dt>{t('screening.protocol.phase')}</dt>
        <dd>{idn.phases.join(', ')}</dd>
        <dt>{t('screening.protocol.overallStatus')}</dt>
        <dd>{idn.overallStatus}</dd>
        <dt>{t('screening.protocol.conditions')}</dt>
        <dd>{idn.conditions.join('; ')}</dd>
        <dt>{t('screening.protocol.product')}</dt>
        <dd>
          {idn.productName} · {idn.targetAntigen} {idn.cellType} · {idn.cellSource}
        </dd>
        <dt>{t('screening.protocol.sponsor')}</dt>
        <dd>{[idn.sponsor.name, ...idn.collaborators.map((c) => c.name)].join('; ')}</dd>
        <dt>{t('screening.protocol.enrolment')}</dt>
        <dd>{idn.targetEnrollment.count}</dd>
        <dt>{t('screening.protocol.dates')}</dt>
        <dd>
          {idn.startDate?.date ?? t('common.none')} → {idn.primaryCompletionDate?.date ?? t('common.none')} → {idn.completionDate?.date ?? t('common.none')}
        </dd>
        <dt>{t('screening.protocol.sites')}</dt>
        <dd>{idn.sites.map((s) => [s.facility, s.city, s.country].filter(Boolean).join(', ')).join('; ')}</dd>
        <dt>{t('screening.protocol.sources')}</dt>
        <dd>
          <Sources sources={idn.sources} />
        </dd>
      </dl>

      <h2>{t('screening.protocol.eligibility')}</h2>
      <table className="grid" aria-label={t('screening.protocol.eligibility')}>
        <thead>
          <tr>
            <th scope="col">{t('screening.criterion')}</th>
            <th scope="col">{t('screening.type')}</th>
            <th scope="col">{t('screening.text')}</th>
            <th scope="col">{t('screening.protocol.evaluation')}</th>
            <th scope="col">{t('screening.protocol.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {p.eligibility.map((c) => (
            <tr key={c.id}>
              <td>{c.id}</td>
              <td>{t(`screening.${c.type}`)}</td>
              <td>{c.text}</td>
              <td>
                {c.rule.kind === 'computable'
                  ? t('screening.protocol.computable')
                  : c.rule.kind === 'attestation'
                    ? t('screening.protocol.attestation', { statement: c.rule.statement })
                    : t('screening.protocol.needsEncoding')}
              </td>
              <td>
                <Sources sources={c.sources} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('screening.protocol.regimen')}</h2>
      <p>
        {t('screening.protocol.bsa', {
          formula: p.lymphodepletion.bsaFormula,
          decimals: p.lymphodepletion.bsaDecimals,
          cap: p.lymphodepletion.bsaCapM2 ?? t('common.none'),
          days: p.lymphodepletion.weightWithinDaysBeforeLd,
        })}
      </p>
      {p.lymphodepletion.drugs.length === 0 ? (
        <p>{t('screening.protocol.noLd')}</p>
      ) : (
        <table className="grid" aria-label={t('screening.protocol.regimen')}>
          <thead>
            <tr>
              <th scope="col">{t('screening.protocol.drug')}</th>
              <th scope="col">{t('screening.protocol.dose')}</th>
              <th scope="col">{t('screening.protocol.days')}</th>
              <th scope="col">{t('screening.protocol.renal')}</th>
              <th scope="col">{t('screening.protocol.sources')}</th>
            </tr>
          </thead>
          <tbody>
            {p.lymphodepletion.drugs.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td className="num">{d.doseMgPerM2PerDay === null ? t('screening.protocol.doseNotStated') : t('screening.protocol.mgPerM2', { dose: d.doseMgPerM2PerDay })}</td>
                <td>{d.days.map((x) => t('screening.protocol.day', { day: x })).join(', ')}</td>
                <td>
                  {d.renalAdjustment ? (
                    <>
                      <div className="muted">
                        {t('screening.protocol.renalFormula', { adult: d.renalAdjustment.adultFormula, child: d.renalAdjustment.pediatricFormula, age: d.renalAdjustment.pediatricBelowAgeYears })}
                      </div>
                      <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                        {d.renalAdjustment.bands.map((b, i) => (
                          <li key={i}>{band(b, t)}</li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    t('screening.protocol.noRenal')
                  )}
                </td>
                <td>
                  <Sources sources={d.sources} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('screening.protocol.doseLevels')}</h2>
      <p>
        {t('screening.protocol.escalation', { design: p.escalation.design, max: p.escalation.maxSampleSize })}
        {p.escalation.design !== 'none' && ` · ${t('screening.protocol.dltWindow', { days: p.escalation.dltWindowDays })}`}
      </p>
      {p.arms.map((arm) => (
        <table key={arm.id} className="grid" aria-label={arm.label}>
          <caption style={{ textAlign: 'left', fontWeight: 600 }}>
            {arm.label} <span className="muted">{arm.description}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('screening.protocol.level')}</th>
              <th scope="col">{t('screening.protocol.cellDose')}</th>
              <th scope="col">{t('screening.protocol.sources')}</th>
            </tr>
          </thead>
          <tbody>
            {arm.doseLevels.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.id} <span className="muted">{l.label}</span>
                </td>
                <td>
                  {l.dose.kind === 'per-kg'
                    ? t('screening.protocol.perKg', { value: cellCount(l.dose.cellsPerKg) }) + (l.dose.maxWeightKg ? ` ${t('screening.protocol.cap', { cap: l.dose.maxWeightKg })}` : '')
                    : l.dose.kind === 'flat'
                      ? t('screening.protocol.flat', { value: cellCount(l.dose.cells) })
                      : l.dose.note}
                </td>
                <td>
                  <Sources sources={l.sources} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}

      <h2>{t('screening.protocol.schedule')}</h2>
      <div style={{ overflowX: 'auto' }}>
        <table className="grid" aria-label={t('screening.protocol.schedule')}>
          <thead>
            <tr>
              <th scope="col">{t('screening.protocol.visit')}</th>
              <th scope="col">{t('screening.protocol.window')}</th>
              {assessments.map((a) => (
                <th scope="col" key={a}>
                  {a}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.visitSchedule.visits.map((v) => (
              <tr key={v.id}>
                <th scope="row">
                  {t('screening.protocol.day', { day: v.day })} {v.label !== `Day ${v.day}` && <span className="muted">{v.label}</span>}
                </th>
                <td>{v.windowBefore === v.windowAfter ? `±${v.windowBefore}` : `−${v.windowBefore}/+${v.windowAfter}`}</td>
                {assessments.map((a) => (
                  <td key={a} style={{ textAlign: 'center' }}>
                    {v.assessments.includes(a) ? <span aria-label={t('screening.protocol.due')}>●</span> : ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Sources sources={p.visitSchedule.sources} />

      <h2>{t('screening.protocol.endpoints')}</h2>
      <dl className="facts" data-testid="endpoint-definitions">
        {endpoints.map((e) => (
          <div key={e.key} style={{ display: 'contents' }}>
            <dt>{e.term}</dt>
            <dd>{e.text}</dd>
          </div>
        ))}
      </dl>
      {Object.keys(p.endpoints.responseSources).length > 0 && (
        <details>
          <summary>{t('screening.protocol.endpointSources')}</summary>
          {Object.entries(p.endpoints.responseSources).map(([k, s]) => (
            <div key={k}>
              <strong>{k}</strong> <Sources sources={s} />
            </div>
          ))}
        </details>
      )}
      <table className="grid" aria-label={t('screening.protocol.measures')}>
        <thead>
          <tr>
            <th scope="col">{t('screening.protocol.measureKind')}</th>
            <th scope="col">{t('screening.protocol.measure')}</th>
            <th scope="col">{t('screening.protocol.timeFrame')}</th>
            <th scope="col">{t('screening.protocol.window')}</th>
          </tr>
        </thead>
        <tbody>
          {p.endpoints.measures.map((m) => (
            <tr key={m.id}>
              <td>{t(`screening.protocol.kind.${m.kind}`)}</td>
              <td>
                {m.measure}
                {m.description && <div className="muted">{m.description}</div>}
              </td>
              <td>{m.timeFrame}</td>
              <td>
                {t('screening.protocol.day', { day: m.window.startDay })} → {m.window.endDay === null ? t('screening.protocol.cutoff') : t('screening.protocol.day', { day: m.window.endDay })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ProtocolVersions studyId={data.studyId} onUploaded={reload} />

      {p.reviewList.length > 0 && (
        <>
          <h2>{t('screening.protocol.reviewList')}</h2>
          <ul>
            {p.reviewList.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
