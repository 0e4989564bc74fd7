/**
 * Horizontal-axis bar chart in SVG for per-dose figures (OC selection %, patients per dose). Colours from
 * the Okabe-Ito colour-blind-safe palette; values are printed on the bars, so colour carries no meaning alone.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const

const W = 520
const H = 240
const M = { top: 16, right: 16, bottom: 44, left: 48 }

export function BarChart({ title, bars, max, unit, colour = OKABE_ITO[0], testId }: { title: string; bars: { label: string; value: number }[]; max?: number; unit?: string; colour?: string; testId?: string }) {
  const top = max ?? Math.max(1e-9, ...bars.map((b) => b.value))
  const iw = W - M.left - M.right
  const ih = H - M.top - M.bottom
  const step = iw / Math.max(1, bars.length)
  const bw = Math.min(64, step * 0.7)
  const y = (v: number) => M.top + ih - (v / top) * ih
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top)
  const fmt = (v: number) => (top >= 10 ? v.toFixed(0) : v.toFixed(1))
  return (
    <svg className="bar-chart" style={{ width: '100%', maxWidth: W, height: 'auto', background: '#fff' }} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} data-testid={testId}>
      <title>{title}</title>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#e3e6eb" />
          <text x={M.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#5b6474">
            {fmt(v)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => {
        const x = M.left + i * step + (step - bw) / 2
        return (
          <g key={b.label}>
            <rect x={x} y={y(b.value)} width={bw} height={Math.max(0, M.top + ih - y(b.value))} fill={colour}>
              <title>{`${b.label}: ${b.value.toFixed(2)}${unit ?? ''}`}</title>
            </rect>
            <text x={x + bw / 2} y={y(b.value) - 4} textAnchor="middle" fontSize="11" fill="#1d2330">
              {b.value.toFixed(1)}
            </text>
            <text x={x + bw / 2} y={H - M.bottom + 16} textAnchor="middle" fontSize="12" fill="#1d2330">
              {b.label}
            </text>
          </g>
        )
      })}
      <line x1={M.left} x2={W - M.right} y1={M.top + ih} y2={M.top + ih} stroke="#5b6474" />
    </svg>
  )
}
