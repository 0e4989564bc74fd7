import { useTranslation } from 'react-i18next'
import type { FormType } from '@celltrial/core'

/** The keys of derived values worth showing per form type (the rest stay in the record). */
const SHOWN: Partial<Record<FormType, string[]>> = {
  vital_signs: ['fever', 'bsaM2'],
  oxygen: ['hypoxiaCategory', 'crsHypoxiaGrade'],
  vasopressor: ['countsTowardMultiple'],
  neuro: ['iceTotal', 'icansGrade'],
  bleeding_event: ['domain', 'itpBatLabel'],
  medication: ['rescueWindowDays'],
  sledai: ['sledai2k', 'clinicalSledai', 'activity'],
  lupus_status: ['clinicalSledai'],
}

export function formatDerived(v: unknown, t: (k: string) => string): string {
  if (v === null || v === undefined) return t('capture.notEvaluable')
  if (typeof v === 'boolean') return t(v ? 'capture.yes' : 'capture.no')
  if (typeof v === 'number' || typeof v === 'string') return String(v)
  if (typeof v === 'object' && 'status' in v && typeof v.status === 'string') return t(`capture.opt.${v.status}`)
  if (typeof v === 'object' && 'serious' in v) return v.serious === true ? t('capture.yes') : v.serious === false ? t('capture.no') : t('capture.notEvaluable')
  return t('capture.notEvaluable')
}

/** Values computed by core from the data (never typed), shown live while entering. */
export function DerivedValues({ formType, derived }: { formType: FormType; derived: Record<string, unknown> | null }) {
  const { t } = useTranslation()
  const keys = [...(SHOWN[formType] ?? []), ...(formType === 'lupus_status' ? ['doris', 'lldas'] : []), ...(formType === 'adverse_event' ? ['seriousness'] : [])]
  if (keys.length === 0) return null
  return (
    <dl className="facts capture-derived" aria-label={t('capture.derived')} data-testid="capture-derived">
      {keys.map((k) => (
        <div key={k}>
          <dt>{t(`capture.derivedKey.${k}`)}</dt>
          <dd data-derived={k}>{derived ? formatDerived(derived[k], t) : t('capture.notEvaluable')}</dd>
        </div>
      ))}
    </dl>
  )
}
