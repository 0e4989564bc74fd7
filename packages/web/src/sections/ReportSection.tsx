import { useTranslation } from 'react-i18next'
import type { StudyDetail } from '../api/client'
import { Link } from '../router'

/** Study page: link to the results report (tables, abstract paragraph, figures; domain/statistics.md §1-§4). */
export function ReportSection({ study }: { study: StudyDetail }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t('report.section')}</h2>
      <p className="hint">{t('report.intro')}</p>
      <p>
        <Link to={`/studies/${study.id}/report`}>{t('report.open')}</Link>
      </p>
    </section>
  )
}
