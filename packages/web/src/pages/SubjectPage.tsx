import { useTranslation } from 'react-i18next'
import { daysBetween } from '@celltrial/core'
import type { SubjectDetail } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'
import { DemoBadge } from '../components/DemoBadge'
import { subjectSections } from '../sections'
import { SectionNav } from '../components/SectionNav/SectionNav'

export function SubjectPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<SubjectDetail>(`/api/subjects/${id}`)
  if (loading) return <p>{t('common.loading')}</p>
  if (error || !data) return <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
  const anchor = data.infusion_date
  const platelets = data.labs
    .filter((l) => l.test_code === 'PLAT' && !l.voided_at)
    .map((l) => ({ date: l.collected_on, value: l.value, day: anchor ? daysBetween(anchor, l.collected_on) : 0 }))
  const sections = subjectSections.filter((section) => section.shown?.(data) ?? true)
  return (
    <section>
      <p>
        <Link to={`/studies/${data.study_id}`}>← {t('subject.back')}</Link>
      </p>
      <h1>
        {data.code} {data.is_demo && <DemoBadge />}
      </h1>
      <dl className="facts">
        <dt>{t('study.site')}</dt>
        <dd>{data.site_name}</dd>
        <dt>{t('study.status')}</dt>
        <dd>{t(`status.${data.status}`, { defaultValue: data.status })}</dd>
        <dt>{t('study.sex')}</dt>
        <dd>{data.sex ? t(`sex.${data.sex}`) : t('common.none')}</dd>
        <dt>{t('study.age')}</dt>
        <dd>{data.age_years ?? t('common.none')}</dd>
        <dt>{t('study.doseLevel')}</dt>
        <dd>{data.dose_level ?? t('common.none')}</dd>
        <dt>{t('subject.ldStart')}</dt>
        <dd>{data.ld_start_date ?? t('common.none')}</dd>
        <dt>{t('study.infusion')}</dt>
        <dd>{data.infusion_date ?? t('common.none')}</dd>
      </dl>
      <SectionNav
        links={[{ id: 'section-platelets', label: t('subject.platelets') }, ...sections.map((section) => ({ id: `section-${section.id}`, label: t(section.titleKey) }))]}
      />
      <h2 id="section-platelets">{t('subject.platelets')}</h2>
      <details>
        <summary>{t('subject.table')}</summary>
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('subject.date')}</th>
              <th scope="col">{t('subject.day')}</th>
              <th scope="col">{t('subject.value')}</th>
            </tr>
          </thead>
          <tbody>
            {platelets.map((p) => (
              <tr key={`${p.date}-${p.value}`}>
                <td>{p.date}</td>
                <td className="num">{p.day}</td>
                <td className="num">{p.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {sections.map((section) => (
        <div key={section.id} id={`section-${section.id}`} data-section={section.id}>
          {section.render(data)}
        </div>
      ))}
    </section>
  )
}
