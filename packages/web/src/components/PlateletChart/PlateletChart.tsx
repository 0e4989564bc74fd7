import { useTranslation } from 'react-i18next'
import { dayTicks, LOG_TICKS, logDomain } from './scale'

export interface PlateletPoint {
  day: number
  date: string
  value: number
  /** why the count is not evaluable (shown on hover); the mark is drawn hollow and grey */
  excluded?: string
}

/** A reference line: a bare value is labelled with `subject.threshold`; an object carries its own label. */
export type ChartThreshold = number | { value: number; label: string }

/** A marked count: first count of the confirming pair and its confirmation, or the loss pair. */
export interface ChartMark {
  day: number
  value: number
  kind: 'confirming' | 'loss'
  label: string
}

const W = 760
const H = 320
const M = { top: 16, right: 90, bottom: 44, left: 56 }

/**
 * Platelet counts over days from infusion on a log axis, with the protocol's thresholds drawn as
 * dashed lines (30 and 100 ×10⁹/L by default; ../shared/domain/response-itp.md §1.2), optionally the
 * 2 × baseline line, counts excluded from the response assessment greyed (§3.4, reason on hover) and the
 * confirming and loss pairs marked (§3.8, §3.9). Colours from the Okabe-Ito colour-blind-safe palette.
 */
export function PlateletChart({
  points,
  thresholds = [30, 100],
  ldStartDay,
  baselineLine,
  marks = [],
  label,
}: {
  points: PlateletPoint[]
  thresholds?: ChartThreshold[]
  ldStartDay?: number
  /** doubling line (e.g. 2 × baseline) with its label */
  baselineLine?: { value: number; label: string; title?: string }
  marks?: ChartMark[]
  /** accessible name of the chart; default "Platelet count" */
  label?: string
}) {
  const { t } = useTranslation()
  if (points.length === 0) return <p>{t('subject.noLabs')}</p>
  const days = points.map((p) => p.day)
  const minDay = Math.min(...days, ldStartDay ?? 0)
  const maxDay = Math.max(...days, 28)
  const lines = thresholds.map((v) => (typeof v === 'number' ? { value: v, label: t('subject.threshold', { value: v }) } : v))
  const [lo, hi] = logDomain(points.map((p) => p.value), [...lines.map((l) => l.value), ...(baselineLine ? [baselineLine.value] : [])])
  const x = (d: number) => M.left + ((d - minDay) / (maxDay - minDay || 1)) * (W - M.left - M.right)
  const y = (v: number) => M.top + (1 - (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (H - M.top - M.bottom)
  const path = points.filter((p) => p.excluded === undefined).map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  return (
    <svg className="platelet-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label ?? t('subject.platelets')} data-testid="platelet-chart">
      <rect x={0} y={0} width={W} height={H} fill="#fff" />
      {LOG_TICKS.filter((v) => v >= lo && v <= hi).map((v) => (
        <g key={v}>
          <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#e5e5e5" />
          <text x={M.left - 8} y={y(v) + 4} textAnchor="end" fontSize={12} fill="#444">
            {v}
          </text>
        </g>
      ))}
      {dayTicks(minDay, maxDay).map((d) => (
        <g key={d}>
          <line x1={x(d)} x2={x(d)} y1={H - M.bottom} y2={H - M.bottom + 5} stroke="#444" />
          <text x={x(d)} y={H - M.bottom + 18} textAnchor="middle" fontSize={12} fill="#444">
            {d}
          </text>
        </g>
      ))}
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#444" />
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#444" />
      <text x={(M.left + W - M.right) / 2} y={H - 8} textAnchor="middle" fontSize={13} fill="#222">
        {t('subject.dayAxis')}
      </text>
      <text transform={`translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" fontSize={13} fill="#222">
        {t('subject.plateletsAxis')}
      </text>
      {lines.map((l) => (
        <g key={l.value} data-testid="threshold">
          <line x1={M.left} x2={W - M.right} y1={y(l.value)} y2={y(l.value)} stroke="#D55E00" strokeDasharray="6 4" />
          <text x={W - M.right + 6} y={y(l.value) + 4} fontSize={12} fill="#D55E00">
            {l.label}
          </text>
        </g>
      ))}
      {baselineLine && (
        <g data-testid="baseline-line">
          <line x1={M.left} x2={W - M.right} y1={y(baselineLine.value)} y2={y(baselineLine.value)} stroke="#009E73" strokeDasharray="3 3" />
          <text x={W - M.right + 6} y={y(baselineLine.value) + 4} fontSize={12} fill="#009E73">
            {baselineLine.label}
          </text>
          <title>{baselineLine.title ?? baselineLine.label}</title>
        </g>
      )}
      <line x1={x(0)} x2={x(0)} y1={M.top} y2={H - M.bottom} stroke="#0072B2" strokeDasharray="2 3" />
      <text x={x(0) + 4} y={M.top + 12} fontSize={12} fill="#0072B2">
        {t('subject.day0Marker')}
      </text>
      <path d={path} fill="none" stroke="#0072B2" strokeWidth={2} />
      {points.map((p, i) =>
        p.excluded === undefined ? (
          <circle key={`${p.date}-${p.value}-${i}`} data-testid="platelet-point" cx={x(p.day)} cy={y(p.value)} r={4} fill="#0072B2">
            <title>{`${p.date} (Day ${p.day}): ${p.value} ×10⁹/L`}</title>
          </circle>
        ) : (
          <circle key={`${p.date}-${p.value}-${i}`} data-testid="platelet-point" data-excluded="true" cx={x(p.day)} cy={y(p.value)} r={4} fill="#fff" stroke="#999" strokeWidth={1.5}>
            <title>{`${p.date} (Day ${p.day}): ${p.value} ×10⁹/L. ${p.excluded}`}</title>
          </circle>
        ),
      )}
      {marks.map((m, i) =>
        m.kind === 'confirming' ? (
          <circle key={`c-${m.day}-${i}`} data-testid="mark-confirming" cx={x(m.day)} cy={y(m.value)} r={9} fill="none" stroke="#009E73" strokeWidth={2.5}>
            <title>{m.label}</title>
          </circle>
        ) : (
          <g key={`l-${m.day}-${i}`} data-testid="mark-loss" stroke="#CC79A7" strokeWidth={2.5}>
            <line x1={x(m.day) - 7} x2={x(m.day) + 7} y1={y(m.value) - 7} y2={y(m.value) + 7} />
            <line x1={x(m.day) - 7} x2={x(m.day) + 7} y1={y(m.value) + 7} y2={y(m.value) - 7} />
            <title>{m.label}</title>
          </g>
        ),
      )}
    </svg>
  )
}
