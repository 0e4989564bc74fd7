import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { StudyDetail } from '../api/client'
import { Link } from '../router'
import { useApi } from '../use-api'
import type { EscalationPanelData } from './escalation-api'
import { EscalationDecisionForm, Rp2dForm } from '../components/Escalation/DecisionForms'
import { displayInstant, displayLocalDate } from '../local-instant'

const pct = (v: number | null) => (v === null ? '—' : v.toFixed(3))

/** 3+3 rules as displayed (dose-escalation.md §1.1); the engine is core's decideThreePlusThree. */
const THREE_PLUS_THREE_RULES = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'] as const

/**
 * Escalation panel of a study: DLT counts per dose level from the database, the boundaries or rules, the
 * recommended decision and the rule behind it, pending subjects, the committee's decisions, MTD / RP2D.
 */
export function EscalationSection({ study }: { study: StudyDetail }) {
  const { t } = useTranslation()
  const [version, setVersion] = useState(0)
  const { data: p, error, loading } = useApi<EscalationPanelData>(`/api/studies/${study.id}/escalation?v=${version}`)
  const reload = () => setVersion((v) => v + 1)
  if (loading && !p) return <p>{t('common.loading')}</p>
  if (error || !p) return <p role="alert">{t('common.error', { message: error?.message ?? '' })}</p>
  if (p.design === 'none') return null
  return (
    <section aria-labelledby="escalation-title" className="escalation">
      <h2 id="escalation-title">{t('escalation.title')}</h2>
      <p>
        {t('escalation.summary', { design: p.design, window: p.windowDays, asOf: p.asOf })} ·{' '}
        <strong>{t('escalation.currentDose')}: {p.currentDoseLevel ?? '—'}</strong>
        {p.ended && <> · {t('escalation.ended')}</>} · <Link to={`/tools/oc?design=${encodeURIComponent(p.design)}&doses=${p.levels.length}`}>{t('escalation.ocLink')}</Link>
      </p>
      <table className="grid" aria-label={t('escalation.countsTable')}>
        <thead>
          <tr>
            <th scope="col">{t('study.doseLevel')}</th>
            <th scope="col">{t('escalation.col.infused')}</th>
            <th scope="col">{t('escalation.col.evaluable')}</th>
            <th scope="col">{t('escalation.col.dlt')}</th>
            <th scope="col">{t('escalation.col.notEvaluable')}</th>
            <th scope="col">{t('escalation.col.pending')}</th>
            <th scope="col">{t('escalation.col.eliminated')}</th>
            {p.design === 'BOIN' && <th scope="col">{t('escalation.col.isotonic')}</th>}
          </tr>
        </thead>
        <tbody>
          {p.levels.map((l) => (
            <tr key={l.doseLevel} className={l.doseLevel === p.currentDoseLevel ? 'current' : undefined}>
              <th scope="row">
                {l.doseLevel} <span className="muted">{l.label}</span>
                {l.doseLevel === p.currentDoseLevel && <span className="badge current-dose"> {t('escalation.current')}</span>}
              </th>
              <td className="num">{l.nInfused}</td>
              <td className="num">{l.nEvaluable}</td>
              <td className="num">{l.nDlt}</td>
              <td className="num">{l.nNotEvaluable}</td>
              <td className="num">{l.pending.length}</td>
              <td>{l.eliminated ? t('escalation.yes') : t('escalation.no')}</td>
              {p.design === 'BOIN' && <td className="num">{pct(l.isotonicEstimate)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {p.unknownLevels.length > 0 && <p className="hint">{t('escalation.unknownLevels', { levels: p.unknownLevels.join(', ') })}</p>}

      <h3>{t('escalation.recommendation')}</h3>
      {p.recommendation ? (
        <div className="hint" data-testid="escalation-recommendation">
          <strong>
            {t(`escalation.action.${p.recommendation.action}`)}
            {p.recommendation.nextDoseLevel && ` → ${p.recommendation.nextDoseLevel}`}
            {p.recommendation.mtdDoseLevel !== undefined && ` · ${t('escalation.rp2d.mtd')}: ${p.recommendation.mtdDoseLevel ?? t('escalation.rp2d.noMtd')}`}
          </strong>
          <br />
          {t('escalation.rule')}: {p.recommendation.rule.text} <span className="muted">({p.recommendation.rule.source})</span>
        </div>
      ) : (
        <p className="hint" data-testid="escalation-recommendation">
          {t(`escalation.none.${p.noRecommendation ?? 'invalid-counts'}`)}
          {p.issues.length > 0 && <> · {p.issues.join(' · ')}</>}
        </p>
      )}
      {p.pending.length > 0 && (
        <>
          <h4>{t('escalation.pendingTitle')}</h4>
          <ul>
            {p.pending.map((s) => (
              <li key={s.subjectId}>
                {s.code ? <Link to={`/subjects/${s.subjectId}`}>{s.code}</Link> : t('escalation.otherSite', { site: s.siteCode })} · {s.doseLevel} ·{' '}
                {t(`escalation.pendingReason.${s.reason}`, { infusion: s.infusionDate, end: s.windowEndsOn })}
              </li>
            ))}
          </ul>
        </>
      )}

      {p.design === 'BOIN' && p.boundaries ? (
        <details open>
          <summary>{t('escalation.boundaries', { le: p.boundaries.lambdaE.toFixed(4), ld: p.boundaries.lambdaD.toFixed(4) })}</summary>
          <div className="scroll-x" style={{ overflowX: 'auto' }}>
            <table className="grid boundary-table" aria-label={t('escalation.boundaryTable')}>
              <tbody>
                <tr>
                  <th scope="row">{t('escalation.bt.n')}</th>
                  {p.boundaries.table.map((r) => <td key={r.n} className="num">{r.n}</td>)}
                </tr>
                <tr>
                  <th scope="row">{t('escalation.bt.escalate')}</th>
                  {p.boundaries.table.map((r) => <td key={r.n} className="num">{r.escalateIfDltLe}</td>)}
                </tr>
                <tr>
                  <th scope="row">{t('escalation.bt.deescalate')}</th>
                  {p.boundaries.table.map((r) => <td key={r.n} className="num">{r.deescalateIfDltGe}</td>)}
                </tr>
                <tr>
                  <th scope="row">{t('escalation.bt.eliminate')}</th>
                  {p.boundaries.table.map((r) => <td key={r.n} className="num">{r.eliminateIfDltGe ?? '–'}</td>)}
                </tr>
              </tbody>
            </table>
          </div>
          <p className="muted">{t('escalation.bt.source')}</p>
        </details>
      ) : (
        <details open>
          <summary>{t('escalation.rules33.title')}</summary>
          <table className="grid" aria-label={t('escalation.rules33.title')}>
            <tbody>
              {THREE_PLUS_THREE_RULES.map((r) => (
                <tr key={r}>
                  <td>{t(`escalation.rules33.${r}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('escalation.rules33.source')}</p>
        </details>
      )}

      {p.canDecide && !p.ended && <EscalationDecisionForm key={`${p.currentDoseLevel}-${p.decisions.length}-${p.recommendation?.rule.id ?? ''}`} panel={p} onSaved={reload} />}

      <h3>{t('escalation.history')}</h3>
      {p.decisions.length === 0 ? (
        <p>{t('escalation.noDecisions')}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('escalation.h.when')}</th>
              <th scope="col">{t('escalation.h.from')}</th>
              <th scope="col">{t('escalation.h.recommended')}</th>
              <th scope="col">{t('escalation.h.decided')}</th>
              <th scope="col">{t('escalation.h.reason')}</th>
              <th scope="col">{t('escalation.h.signed')}</th>
            </tr>
          </thead>
          <tbody>
            {p.decisions.map((d) => (
              <tr key={d.id} className={d.voided_at ? 'voided' : undefined}>
                <td>{displayInstant(d.signed_at)}</td>
                <td>{d.current_dose_level}</td>
                <td>{d.recommended_action ? `${t(`escalation.action.${d.recommended_action}`)} ${d.recommended_dose_level ?? ''}` : t('escalation.noneShort')}</td>
                <td>
                  {t(`escalation.action.${d.action}`)} {d.next_dose_level ?? ''} {!d.follows_recommendation && <span className="badge override">{t('escalation.override')}</span>}
                  {d.voided_at && <> · {t('escalation.voided', { reason: d.void_reason })}</>}
                </td>
                <td>{d.reason ?? ''}</td>
                <td>{d.signed_by_name} · {d.signature_meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('escalation.rp2d.title')}</h3>
      <table className="grid" aria-label={t('escalation.rp2d.weighed')}>
        <thead>
          <tr>
            <th scope="col">{t('study.doseLevel')}</th>
            <th scope="col">{t('escalation.col.dltRate')}</th>
            {p.design === 'BOIN' && <th scope="col">{t('escalation.col.isotonic')}</th>}
            <th scope="col">{t('escalation.col.orr')}</th>
            <th scope="col">{t('escalation.col.crs')}</th>
            <th scope="col">{t('escalation.col.icans')}</th>
          </tr>
        </thead>
        <tbody>
          {p.levels.map((l, i) => {
            const o = p.outcomes.levels[i]
            return (
              <tr key={l.doseLevel}>
                <th scope="row">{l.doseLevel}</th>
                <td className="num">{l.nDlt}/{l.nEvaluable}</td>
                {p.design === 'BOIN' && <td className="num">{pct(l.isotonicEstimate)}</td>}
                <td className="num">{o?.responders == null ? t('escalation.na') : `${o.responders}/${o.responseEvaluated}`}</td>
                <td className="num">{o?.crsAny == null ? t('escalation.na') : `${o.crsAny} (≥3: ${o.crsGrade3Plus})`}</td>
                <td className="num">{o?.icansAny == null ? t('escalation.na') : `${o.icansAny} (≥3: ${o.icansGrade3Plus})`}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {!p.outcomes.responseSource && <p className="hint">{t('escalation.rp2d.noResponse')}</p>}
      {!p.outcomes.safetySource && <p className="hint">{t('escalation.rp2d.noSafety')}</p>}
      {p.mtdSuggestion && <p>{t('escalation.rp2d.suggestion', { dose: p.mtdSuggestion.doseLevel ?? t('escalation.rp2d.noMtd'), reason: p.mtdSuggestion.reason })}</p>}
      {p.rp2d ? (
        <p className="card" data-testid="rp2d-recorded">
          {t('escalation.rp2d.recorded', { mtd: p.rp2d.mtd_dose_level ?? t('escalation.rp2d.noMtd'), rp2d: p.rp2d.rp2d_dose_level, who: p.rp2d.signed_by_name, when: displayLocalDate(p.rp2d.signed_at) })}
          <br />
          {p.rp2d.rationale}
        </p>
      ) : (
        !p.ended && <p>{t('escalation.rp2d.notYet')}</p>
      )}
      {p.canDecide && p.ended && <Rp2dForm panel={p} onSaved={reload} />}
    </section>
  )
}
