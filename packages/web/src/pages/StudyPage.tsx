import { useTranslation } from 'react-i18next'
import type { StudyDetail } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'
import { DemoBadge } from '../components/DemoBadge'
import { studySections } from '../sections'
import { SectionNav } from '../components/SectionNav/SectionNav'
import { cellCount } from '../cell-count'


export function StudyPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<StudyDetail>(`/api/studies/${id}`)
  if (loading) return <p>{t('common.loading')}</p>
  if (error || !data) return <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
  const p = data.protocol
  const hasDemo = data.subjects.some((s) => s.is_demo)
  const sections = studySections.filter((section) => section.shown?.(data) ?? true)
  return (
    <section>
      <h1>
        {data.registry_id} <span className="muted">{data.title}</span>
      </h1>
      <p>
        {data.product} · {t(`phase.${data.phase}`, { defaultValue: data.phase })} · {t('study.protocolVersion')} {data.protocol_version} · {t('study.design')}: {p.escalation?.design ?? t('common.none')}
      </p>
      <SectionNav
        links={[
          { id: 'section-arms', label: t('study.arms') },
          { id: 'section-subjects', label: t('study.subjects') },
          ...sections.map((section) => ({ id: `section-${section.id}`, label: t(section.titleKey) })),
        ]}
      />
      <h2 id="section-arms">{t('study.arms')}</h2>
      {p.arms?.map((arm) => (
        <div key={arm.id}>
          <h3>{arm.label}</h3>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('study.doseLevel')}</th>
                <th scope="col">{t('study.dose')}</th>
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
                      ? l.dose.maxWeightKg
                        ? t('study.perKgCap', { value: cellCount(l.dose.cellsPerKg), cap: l.dose.maxWeightKg })
                        : t('study.perKg', { value: cellCount(l.dose.cellsPerKg) })
                      : l.dose.kind === 'flat'
                        ? t('study.flat', { value: cellCount(l.dose.cells) })
                        : t('study.unspecified', { note: l.dose.note })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <h2 id="section-subjects">{t('study.subjects')}</h2>
      {hasDemo && <p className="hint">{t('demo.notice')}</p>}
      {data.subjects.length === 0 ? (
        <p>{t('study.noSubjects')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('study.code')}</th>
              <th scope="col">{t('study.site')}</th>
              <th scope="col">{t('study.status')}</th>
              <th scope="col">{t('study.sex')}</th>
              <th scope="col">{t('study.age')}</th>
              <th scope="col">{t('study.doseLevel')}</th>
              <th scope="col">{t('study.infusion')}</th>
            </tr>
          </thead>
          <tbody>
            {data.subjects.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/subjects/${s.id}`}>{s.code}</Link> {s.is_demo && <DemoBadge />}
                </td>
                <td>{s.site_code}</td>
                <td>{t(`status.${s.status}`, { defaultValue: s.status })}</td>
                <td>{s.sex ? t(`sex.${s.sex}`) : t('common.none')}</td>
                <td className="num">{s.age_years ?? t('common.none')}</td>
                <td>{s.dose_level ?? t('common.none')}</td>
                <td>{s.infusion_date ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sections.map((section) => (
        <div key={section.id} id={`section-${section.id}`} data-section={section.id}>
          {section.render(data)}
        </div>
      ))}
    </section>
  )
}
