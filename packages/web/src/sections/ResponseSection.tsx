import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { daysBetween, renderResponseExplanation } from '@celltrial/core'
import type { SubjectDetail } from '../api/client'
import { useApi } from '../use-api'
import { PlateletChart } from '../components/PlateletChart/PlateletChart'
import type { SubjectResponseDto } from './response-api'
import { chartMarks, chartPoints, chartThresholds, currentStatus, summarySentences } from './response-view'

/**
 * Subject page: the ITP response under the study protocol's parameters (response-itp.md §3): current status
 * in the protocol's words, platelets against its thresholds with excluded counts and the confirming/loss pairs,
 * and the explanation. The result is the server's stored derivation (recomputed when the data change).
 */
export function ResponseSection({ subject }: { subject: SubjectDetail }) {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<SubjectResponseDto>(`/api/subjects/${subject.id}/response`)
  const none = t('common.none')
  return (
    <section aria-labelledby="response-heading">
      <h2 id="response-heading">{t('response.title')}</h2>
      {loading ? (
        <p>{t('common.loading')}</p>
      ) : error || !data ? (
        <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
      ) : !data.derived ? (
        <p>{t('response.notInfused')}</p>
      ) : (
        (() => {
          const { result: r, countTable, protocolVersion } = data.derived
          const th = r.explanation.thresholds
          const status = currentStatus(r, t)
          return (
            <>
              <dl className="facts" data-testid="response-facts">
                <dt>{t('response.currentStatus')}</dt>
                <dd data-testid="response-status" data-status={status.code}>
                  <strong>{status.text}</strong>
                </dd>
                <dt>{t('response.best')}</dt>
                <dd data-testid="response-best">{r.bestResponseLabel}</dd>
                <dt>{t('response.baselineLabel')}</dt>
                <dd>{r.baseline === null ? none : t('response.unitValue', { value: r.baseline })}</dd>
                <dt>{t('response.ttr')}</dt>
                <dd>{r.TTR === null ? none : t('response.days', { n: r.TTR })}</dd>
                <dt>{t('response.dor')}</dt>
                <dd>{r.DoR === null ? none : t(r.DoREvent ? 'response.dorEvent' : 'response.dorCensored', { n: r.DoR })}</dd>
                <dt>{t('response.criteria')}</dt>
                <dd>
                  {t('response.criteriaText', {
                    r: r.explanation.categoryNames.R, rCmp: th.rComparator, rValue: th.rThreshold, dCmp: th.doublingComparator, factor: th.doublingFactor,
                    cr: r.explanation.categoryNames.CR, crCmp: th.crComparator, crValue: th.crThreshold, n: th.confirmMinGapDays,
                  })}{' '}
                  <span className="muted">{t('response.protocolVersion', { version: protocolVersion })}</span>
                </dd>
                {r.flags.length > 0 && (
                  <>
                    <dt>{t('response.flags')}</dt>
                    <dd>
                      <ul className="plain">
                        {r.flags.map((code) => (
                          <li key={code}>{flagText(code, t)}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
              </dl>
              <PlateletChart
                label={t('response.chartLabel')}
                points={chartPoints(countTable, t)}
                thresholds={chartThresholds(r)}
                baselineLine={th.doublingValue === null ? undefined : { value: th.doublingValue, label: t('response.chart.doublingShort', { factor: th.doublingFactor, value: th.doublingValue }), title: t('response.chart.doubling', { cmp: th.doublingComparator, factor: th.doublingFactor, value: th.doublingValue }) }}
                marks={chartMarks(r, t)}
                ldStartDay={data.derived.input.ldStartDate ? daysBetween(data.derived.input.infusionDate, data.derived.input.ldStartDate) : undefined}
              />
              <p className="hint">{t('response.chart.legend')}</p>
              <h3>{t('response.explanation')}</h3>
              <ul data-testid="response-sentences">
                {summarySentences(r, t).map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
              <details>
                <summary>{t('response.engineText')}</summary>
                <ul lang="en">
                  {renderResponseExplanation(r).map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </details>
              <details>
                <summary>{t('response.countTable')}</summary>
                <table className="grid">
                  <thead>
                    <tr>
                      <th scope="col">{t('subject.date')}</th>
                      <th scope="col">{t('subject.day')}</th>
                      <th scope="col">{t('subject.value')}</th>
                      <th scope="col">{t('response.evaluable')}</th>
                      <th scope="col">{r.explanation.categoryNames.R}</th>
                      <th scope="col">{r.explanation.categoryNames.CR}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {countTable.map((c) => (
                      <tr key={c.index}>
                        <td>{c.date}</td>
                        <td className="num">{c.day}</td>
                        <td className="num">
                          {c.value}
                          {c.isBaseline ? ` (${t('response.baseline')})` : ''}
                        </td>
                        <td>{c.evaluable ? t('response.yes') : t(`response.exclusion.${c.exclusion ?? 'BEFORE_EVAL_START'}`)}</td>
                        <td>{c.statusR === null ? '' : t(`response.statusCode.${c.statusR}`)}</td>
                        <td>{c.statusCR === null ? '' : t(`response.statusCode.${c.statusCR}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </>
          )
        })()
      )}
    </section>
  )
}

/**
 * A response flag in the user's language (response-itp.md §Output: `BASELINE_MISSING`, ...,
 * `COUNTS_EXCLUDED_RESCUE(n)`), followed by its code so a data manager can find it in the exports.
 */
export function flagText(code: string, t: TFunction): string {
  const m = /^([A-Z_]+)(?:\((\d+)\))?$/.exec(code)
  if (!m) return code
  const name = m[1]!
  const text = t(`response.flag.${name}`, { count: m[2] === undefined ? 0 : Number(m[2]), defaultValue: '' })
  return text === '' ? code : `${text} (${code})`
}
