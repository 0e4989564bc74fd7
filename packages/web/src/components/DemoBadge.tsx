import { useTranslation } from 'react-i18next'

export function DemoBadge() {
  const { t } = useTranslation()
  return <span className="badge demo">{t('demo.badge')}</span>
}
