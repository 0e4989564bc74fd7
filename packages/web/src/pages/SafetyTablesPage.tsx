import { useTranslation } from 'react-i18next'
import { Link } from '../router'
import { useApi } from '../use-api'
import { nPercent, type AeRow, type MedianRange, type SafetyTables, type SyndromeColumn } from '../sections/safety-api'

const groupLabel = (g: string | number, overall: string) => (g === 'overall' ? overall : String(g))
const range = (m: MedianRange, none: string) => (m.median === null ? none : `${m.median} (${m.min}–${m.max})`)

/** Study safety tables: AEs by SOC/term and worst grade, CRS/ICANS incidence, cytopenias; by dose level and overall. */
export function SafetyTablesPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const { data, error, loading } = useApi<SafetyTables>(`/api/studies/${id}/safety/tables`)
  if (loading) return <p>{t('common.loading')}</p>
  if (error || !data) return <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
  const groups = data.crs.map((c) => c.group)
  const overall = t('safety.tables.overall')
  return (
    <section>
      <p>
        <Link to={`/studies/${id}`}>← {t('safety.tables.back')}</Link>
      </p>
      <h1>{t('safety.tables.title')}</h1>
      <p>{t('safety.tables.population', { n: data.population.n })}</p>
      <h2>{t('safety.tables.aes')}</h2>
      <AeTable rows={data.adverseEvents} groups={groups} label={t('safety.tables.aes')} anyLabel={t('safety.tables.anyAe')} />
      {(['crs', 'icans'] as const).map((k) => (
        <div key={k}>
          <h2>{t(`safety.tables.${k}`)}</h2>
          <SyndromeTable cols={data[k]} label={t(`safety.tables.${k}`)} />
        </div>
      ))}
      <h2>{t('safety.tables.cytopenias')}</h2>
      <AeTable rows={data.cytopenias} groups={groups} label={t('safety.tables.cytopenias')} anyLabel={t('safety.tables.anyAe')} />
    </section>
  )

  function AeTable({ rows, groups, label, anyLabel }: { rows: AeRow[]; groups: (string | number)[]; label: string; anyLabel: string }) {
    if (rows.length === 0 || rows.every((r) => r.cells.every((c) => c.nSubjects === 0))) return <p>{t('safety.tables.none')}</p>
    return (
      <table className="grid" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('safety.tables.socTerm')}</th>
            {groups.map((g) => (
              <th scope="col" key={g}>
                {groupLabel(g, overall)} (N={rows[0]!.cells.find((c) => c.group === g)?.denominator ?? 0})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">{r.soc === null ? anyLabel : r.term === null ? <strong>{r.soc}</strong> : <span style={{ paddingLeft: '1.5em' }}>{r.term}</span>}</th>
              {r.cells.map((c) => (
                <td key={c.group} className="num">
                  {nPercent(c.nSubjects, c.percent)}
                  <br />
                  <span className="muted">{[1, 2, 3, 4, 5].filter((g) => (c.byWorstGrade[g] ?? 0) > 0).map((g) => t('safety.tables.gradeCount', { grade: g, n: c.byWorstGrade[g] })).join(', ')}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    )
  }

  function SyndromeTable({ cols, label }: { cols: SyndromeColumn[]; label: string }) {
    const line = (name: string, f: (c: SyndromeColumn) => string) => (
      <tr>
        <th scope="row">{name}</th>
        {cols.map((c) => (
          <td key={c.group} className="num">
            {f(c)}
          </td>
        ))}
      </tr>
    )
    return (
      <table className="grid" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('safety.tables.measure')}</th>
            {cols.map((c) => (
              <th scope="col" key={c.group}>
                {groupLabel(c.group, overall)} (N={c.denominator})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {line(t('safety.tables.anyGrade'), (c) => nPercent(c.nAnyGrade, c.percentAnyGrade))}
          {[1, 2, 3, 4, 5].map((g) => (
            <tr key={g}>
              <th scope="row">{t('safety.tables.maxGrade', { grade: g })}</th>
              {cols.map((c) => (
                <td key={c.group} className="num">
                  {nPercent(c.byMaxGrade[g]!.n, c.byMaxGrade[g]!.percent)}
                </td>
              ))}
            </tr>
          ))}
          {line(t('safety.tables.grade3'), (c) => nPercent(c.nGrade3OrHigher, c.percentGrade3OrHigher))}
          {line(t('safety.tables.onset'), (c) => range(c.timeToOnsetDays, '–'))}
          {line(t('safety.tables.duration'), (c) => range(c.durationDays, '–'))}
          {line(t('safety.tables.unresolved'), (c) => String(c.unresolved))}
          {line(t('safety.tables.notEvaluable'), (c) => String(c.notEvaluable))}
        </tbody>
      </table>
    )
  }
}
