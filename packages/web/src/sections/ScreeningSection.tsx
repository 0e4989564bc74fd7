import { useTranslation } from 'react-i18next'
import type { StudyDetail } from '../api/client'
import { Link } from '../router'

/** Study page part: links to the readable protocol and to the trial's screening form and log. */
export function ScreeningSection({ study }: { study: StudyDetail }) {
  const { t } = useTranslation()
  return (
    <>
      <h2>{t('screening.sectionTitle')}</h2>
      <ul>
        <li>
          <Link to={`/studies/${study.id}/protocol`}>{t('screening.viewProtocol')}</Link>
        </li>
        <li>
          <Link to={`/studies/${study.id}/screening`}>{t('screening.screenLink')}</Link>
        </li>
      </ul>
    </>
  )
}
