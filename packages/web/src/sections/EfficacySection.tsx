import { useTranslation } from 'react-i18next'
import type { StudyDetail } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'
import type { StudyEfficacyDto } from './response-api'

/**
 * Study page: best overall response table and efficacy summary over the infused subjects the user may see
 * (response-itp.md §3.11; statistics.md §1 median (range), §2 exact Clopper–Pearson CI, §3 Kaplan–Meier DoR).
 */
export function EfficacySection({ study }: { study: StudyDetail }) {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<StudyEfficacyDto>(`/api/studies/${study.id}/efficacy`)
  const nr = t('response.notReached')
  const lim = (v: number | null) => (v === null ? nr : String(v))
  return (
    <section aria-labelledby="efficacy-heading">
      <h2 id="efficacy-heading">{t('response.efficacy.title')}</h2>
      {loading ? (
        <p>{t('common.loading')}</p>
      ) : error || !data ? (
        <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
      ) : data.n === 0 ? (
        <p>{t('response.efficacy.none')}</p>
      ) : (
        <>
          <p className="hint">{t('response.efficacy.population', { n: data.n, notInfused: data.notInfused, version: data.protocolVersion })}</p>
          <table className="grid" data-testid="bor-table">
            <caption>{t('response.efficacy.bor')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('response.efficacy.category')}</th>
                <th scope="col">{t('response.efficacy.n')}</th>
                <th scope="col">{t('response.efficacy.percent')}</th>
              </tr>
            </thead>
            <tbody>
              {data.bor.map((row) => (
                <tr key={row.category}>
                  <th scope="row">{row.label}</th>
                  <td className="num">
                    {row.n}/{data.n}
                  </td>
                  <td className="num">{row.percent}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="facts" data-testid="efficacy-summary">
            <dt>{t('response.efficacy.orr', { r: data.categoryNames.R, cr: data.categoryNames.CR })}</dt>
            <dd data-testid="orr">
              {data.orr.x}/{data.orr.n}, {data.orr.display} <span className="muted">{t('response.efficacy.ciNote')}</span>
            </dd>
            <dt>{t('response.efficacy.crRate', { cr: data.categoryNames.CR })}</dt>
            <dd data-testid="cr-rate">
              {data.crRate.x}/{data.crRate.n}, {data.crRate.display}
            </dd>
            <dt>{t('response.efficacy.ttr')}</dt>
            <dd>{data.ttr ? t('response.efficacy.medianRange', { median: data.ttr.median, min: data.ttr.min, max: data.ttr.max, n: data.ttr.n }) : t('common.none')}</dd>
            <dt>{t('response.efficacy.dor')}</dt>
            <dd>
              {data.dor
                ? t('response.efficacy.kmMedian', { median: lim(data.dor.median.estimate), lower: lim(data.dor.median.lower), upper: lim(data.dor.median.upper), events: data.dor.events, n: data.dor.n, confType: data.dor.confType })
                : t('common.none')}
            </dd>
          </dl>
          <table className="grid">
            <caption>{t('response.efficacy.bySubject')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('study.code')}</th>
                <th scope="col">{t('study.site')}</th>
                <th scope="col">{t('study.doseLevel')}</th>
                <th scope="col">{t('response.best')}</th>
                <th scope="col">{t('response.ttr')}</th>
                <th scope="col">{t('response.dor')}</th>
              </tr>
            </thead>
            <tbody>
              {data.subjects.map((s) => (
                <tr key={s.subjectId}>
                  <td>
                    <Link to={`/subjects/${s.subjectId}`}>{s.code}</Link>
                  </td>
                  <td>{s.siteCode}</td>
                  <td>{s.doseLevel ?? t('common.none')}</td>
                  <td>{s.bestResponseLabel}</td>
                  <td className="num">{s.TTR ?? t('common.none')}</td>
                  <td className="num">{s.DoR === null ? t('common.none') : `${s.DoR}${s.DoREvent ? '' : '+'}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
