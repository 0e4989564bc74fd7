import { useTranslation } from 'react-i18next'
import { gradeText, type CourseSummary } from './safety-api'

/** Day-by-day CRS or ICANS grades with their drivers, and the course summary per episode. */
export function SafetyCourseTable({ kind, course, tool }: { kind: 'crs' | 'icans'; course: CourseSummary; tool?: string }) {
  const { t } = useTranslation()
  const title = t(`safety.course.${kind}Title`)
  return (
    <>
      <h3>
        {title} {tool && <span className="muted">{t('safety.course.tool', { tool })}</span>}
      </h3>
      {course.days.length === 0 ? (
        <p>{t('safety.course.noDays')}</p>
      ) : (
        <table className="grid" aria-label={title} data-testid={`${kind}-days`}>
          <thead>
            <tr>
              <th scope="col">{t('safety.course.day')}</th>
              <th scope="col">{t('safety.course.grade')}</th>
              <th scope="col">{t('safety.course.drivers')}</th>
            </tr>
          </thead>
          <tbody>
            {course.days.map((d) => (
              <tr key={d.day}>
                <td className="num">{d.day}</td>
                <td className="num" data-testid={`${kind}-grade`}>
                  {gradeText(d.outcome)}
                  {d.outcome.kind === 'not-evaluable' && <span className="muted"> {t('safety.course.notEvaluable')}</span>}
                </td>
                <td>
                  {d.outcome.drivers.map((x) => x.finding).join('; ')}
                  {d.masked ? <span className="muted"> · {t('safety.course.masked')}</span> : null}
                  {d.outcome.kind === 'not-evaluable' ? <span className="muted"> · {d.outcome.reason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {course.onsetDay === null
          ? t('safety.course.noneObserved')
          : t('safety.course.summary', { onset: course.onsetDay, max: course.maxGrade })}
        {!course.complete && <> · {t('safety.course.incomplete')}</>}
      </p>
      {course.episodes.length > 0 && (
        <ul aria-label={t('safety.course.episodes', { kind: title })}>
          {course.episodes.map((e, i) => (
            <li key={i}>
              {t('safety.course.episode', { n: i + 1, onset: e.onsetDay, max: e.maxGrade, maxDay: e.maxGradeDay })}{' '}
              {e.resolutionDay === null ? t('safety.course.ongoing') : t('safety.course.resolved', { day: e.resolutionDay, duration: e.durationDays })}
              {e.treatments.length > 0 && (
                <>
                  {' · '}
                  {t('safety.course.treatments')}: {[...new Set(e.treatments.map((x) => `${x.name ?? x.class} (${t('safety.course.fromDay', { day: e.treatments.find((y) => (y.name ?? y.class) === (x.name ?? x.class))!.day })})`))].join(', ')}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
