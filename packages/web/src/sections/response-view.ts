import type { ResponseCountRow, ResponseEpisode, ResponseResult } from '@celltrial/core'
import type { ChartMark, ChartThreshold, PlateletPoint } from '../components/PlateletChart/PlateletChart'

type T = (key: string, options?: Record<string, unknown>) => string

/** The subject's status now: in response at CR or R level (the protocol's words), lost, or the best response. */
export function currentStatus(r: ResponseResult, t: T): { code: 'IN_CR' | 'IN_R' | 'LOST' | 'NONE'; text: string } {
  const names = r.explanation.categoryNames
  const lastR = r.episodes.R.at(-1)
  const lastCR = r.episodes.CR.at(-1)
  if (lastCR && !lastCR.event) return { code: 'IN_CR', text: t('response.status.inResponse', { label: names.CR }) }
  if (lastR && !lastR.event) return { code: 'IN_R', text: t('response.status.inResponse', { label: names.R }) }
  if (lastR) return { code: 'LOST', text: t('response.status.lost', { label: names.R, day: lastR.endDay }) }
  return { code: 'NONE', text: r.bestResponseLabel }
}

/** Chart points from the count table: excluded counts carry their reason (response-itp.md §3.4). */
export function chartPoints(rows: readonly ResponseCountRow[], t: T): PlateletPoint[] {
  return rows.map((row) => {
    const p: PlateletPoint = { day: row.day, date: row.date, value: row.value }
    if (!row.evaluable && row.exclusion) {
      const reason = t(`response.exclusion.${row.exclusion}`)
      p.excluded = row.exclusionDetail ? `${reason} (${row.exclusionDetail})` : reason
    }
    return p
  })
}

/** Threshold lines with the protocol's comparators, e.g. "R > 30", "CR > 100" (§3.2). */
export function chartThresholds(r: ResponseResult): ChartThreshold[] {
  const th = r.explanation.thresholds
  const names = r.explanation.categoryNames
  return [
    { value: th.rThreshold, label: `${names.R} ${th.rComparator} ${th.rThreshold}` },
    { value: th.crThreshold, label: `${names.CR} ${th.crComparator} ${th.crThreshold}` },
  ]
}

/** Confirming pair and loss pair of every episode (§3.8, §3.9). */
export function chartMarks(r: ResponseResult, t: T): ChartMark[] {
  const names = r.explanation.categoryNames
  const marks: ChartMark[] = []
  const add = (e: ResponseEpisode) => {
    const label = names[e.level]
    const confirm = t('response.chart.confirming', { label, from: e.start.day, to: e.confirmedBy.day })
    marks.push({ day: e.start.day, value: e.start.value, kind: 'confirming', label: confirm })
    marks.push({ day: e.confirmedBy.day, value: e.confirmedBy.value, kind: 'confirming', label: confirm })
    if (e.lossPair) {
      const loss = t('response.chart.loss', { label, from: e.lossPair[0].day, to: e.lossPair[1].day })
      marks.push({ day: e.lossPair[0].day, value: e.lossPair[0].value, kind: 'loss', label: loss })
      marks.push({ day: e.lossPair[1].day, value: e.lossPair[1].value, kind: 'loss', label: loss })
    }
  }
  r.episodes.R.forEach(add)
  r.episodes.CR.forEach(add)
  return marks
}

/** Short sentences in the user's language: baseline, each episode with its confirming and loss pair. */
export function summarySentences(r: ResponseResult, t: T): string[] {
  const x = r.explanation
  const names = x.categoryNames
  const out: string[] = []
  if (x.baseline.count)
    out.push(t('response.sentence.baseline', { value: x.baseline.count.value, date: x.baseline.count.date, day: x.baseline.count.day, doubled: x.thresholds.doublingValue }))
  else out.push(t('response.sentence.noBaseline'))
  for (const e of [...r.episodes.R, ...r.episodes.CR]) {
    out.push(t('response.sentence.confirmed', { label: names[e.level], day: e.start.day, value: e.start.value, day2: e.confirmedBy.day, value2: e.confirmedBy.value }))
    if (e.lossPair) out.push(t('response.sentence.lost', { label: names[e.level], day: e.lossPair[0].day, value: e.lossPair[0].value, day2: e.lossPair[1].day, value2: e.lossPair[1].value }))
    else out.push(t('response.sentence.ongoing', { label: names[e.level], day: e.endDay }))
  }
  if (r.episodes.R.length === 0 && r.episodes.CR.length === 0) out.push(t('response.sentence.noEpisode', { n: x.evaluableCount }))
  if (x.excluded.length > 0) out.push(t('response.sentence.excluded', { n: x.excluded.length }))
  return out
}
