import { useTranslation } from 'react-i18next'
import type { CriterionResult, CriterionStatus } from '@celltrial/core'

const COLOURS: Record<CriterionStatus, { background: string; color: string }> = {
  met: { background: '#dff3e4', color: '#0b5323' },
  'not met': { background: '#fbe0e0', color: '#8a0000' },
  'missing data': { background: '#fff1cc', color: '#6b4b00' },
  'needs attestation': { background: '#e6ecf7', color: '#1d3d73' },
}
const KEY: Record<CriterionStatus, string> = {
  met: 'met',
  'not met': 'notMet',
  'missing data': 'missing',
  'needs attestation': 'attestation',
}

/** A criterion's status as a coloured word (colour is never the only cue). */
export function CriterionStatusBadge({ status }: { status: CriterionStatus }) {
  const { t } = useTranslation()
  return (
    <span className="badge" style={COLOURS[status]} data-status={status}>
      {t(`screening.status.${KEY[status]}`)}
    </span>
  )
}

/** The verdict as a coloured word. */
export function VerdictBadge({ verdict }: { verdict: 'eligible' | 'ineligible' | 'incomplete' }) {
  const { t } = useTranslation()
  const style = verdict === 'eligible' ? COLOURS.met : verdict === 'ineligible' ? COLOURS['not met'] : COLOURS['missing data']
  return (
    <span className="badge" style={style} data-verdict={verdict}>
      {t(`screening.verdict.${verdict}`)}
    </span>
  )
}

/** Criterion-by-criterion status: id, type, text, status and what is missing. */
export function CriteriaTable({ criteria, caption }: { criteria: readonly CriterionResult[]; caption: string }) {
  const { t } = useTranslation()
  return (
    <table className="grid" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">{t('screening.criterion')}</th>
          <th scope="col">{t('screening.type')}</th>
          <th scope="col">{t('screening.text')}</th>
          <th scope="col">{t('screening.statusLabel')}</th>
        </tr>
      </thead>
      <tbody>
        {criteria.map((c) => (
          <tr key={c.id} data-criterion={c.id}>
            <td>{c.id}</td>
            <td>{t(`screening.${c.type}`)}</td>
            <td>{c.text}</td>
            <td>
              <CriterionStatusBadge status={c.status} />
              {c.missing.length > 0 && <div className="muted">{t('screening.missingList', { fields: c.missing.join(', ') })}</div>}
              {c.attestation && <div className="muted">{t('screening.signedBy', { name: c.attestation.signedBy, date: c.attestation.signedOn })}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
