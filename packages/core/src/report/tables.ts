/**
 * The report's tables as plain data (cells with the subject ids behind them), shared by the HTML page and
 * the spreadsheet export. Displays: statistics.md §1 ("median (min–max)", "x (y.y %)") and §2 (exact CI).
 */
import { formatPercentLimit } from '../stats/index.js'
import { roundTo } from './summaries.js'
import { REPORT_LABELS } from './table-labels.js'
import type { ReportCount, ReportGrades, ReportGroup, ReportLanguage, ReportProportion, ReportSummary, StudyReport } from './types.js'

/** A table cell: its text, the number when it is one, and the subject ids behind it. */
export interface ReportCell {
  text: string
  value?: number | null
  ids?: string[]
}

export interface ReportTable {
  id: string
  title: string
  columns: string[]
  rows: ReportCell[][]
}

const t = (text: string): ReportCell => ({ text })
const pct1 = (p: number | null) => (p === null ? '–' : (Math.floor(p * 10 + 0.5) / 10).toFixed(1))
/**
 * "x (y.y%)" where the denominator is the column's n (its header says it), "x/n (y.y%)" where it is a subset
 * (responders, those given IVIG, those GP-positive...): statistics.md §1 "always show x/n alongside".
 */
const ofN = (x: number, n: number, groupN: number) => (n === groupN ? `${x}` : `${x}/${n}`)
const countCell = (g: ReportGroup, c: ReportCount): ReportCell => ({ text: c.n === 0 ? '–' : `${ofN(c.x, c.n, g.n)} (${pct1(c.percent)}%)`, value: c.x, ids: c.ids })
const propCell = (g: ReportGroup, p: ReportProportion): ReportCell => ({
  text: p.n === 0 ? '–' : `${ofN(p.x, p.n, g.n)} (${pct1(p.percent)}%; ${formatPercentLimit(p.lower!)}–${formatPercentLimit(p.upper!)})`,
  value: p.x,
  ids: p.ids,
})
const sumCell = (s: ReportSummary | null, digits = 1): ReportCell =>
  s === null ? { text: '–' } : { text: `${roundTo(s.median, digits)} (${roundTo(s.min, digits)}–${roundTo(s.max, digits)})`, value: s.median, ids: s.ids }

const IG_NAMES = { IGG: 'IgG', IGA: 'IgA', IGM: 'IgM' } as const

/**
 * @param report the report model
 * @param lang language of titles and row labels
 * @returns baseline, exposure, efficacy, safety, adverse events, correlatives and immunoglobulins (when present), listing
 */
export function reportTables(report: StudyReport, lang: ReportLanguage): ReportTable[] {
  const L = REPORT_LABELS[lang]
  const groups = report.groups
  const columns = [L.characteristic, ...groups.map((g) => `${g.id === 'overall' ? L.overall : g.label} (n = ${g.n})`)]
  const row = (label: string, cell: (g: ReportGroup) => ReportCell): ReportCell[] => [t(label), ...groups.map(cell)]
  const overall = groups[groups.length - 1]!
  const tables: ReportTable[] = []

  tables.push({
    id: 'baseline',
    title: L.baselineTitle,
    columns,
    rows: [
      row(L.age, (g) => sumCell(g.baseline.age)),
      row(L.female, (g) => countCell(g, g.baseline.female)),
      row(L.duration, (g) => sumCell(g.baseline.diseaseDurationYears)),
      row(L.priorTherapies, (g) => sumCell(g.baseline.priorTherapies)),
      ...overall.baseline.priorTherapyClasses.map((c) =>
        row(`${L.priorClass}: ${c.therapyClass}`, (g) => countCell(g, g.baseline.priorTherapyClasses.find((x) => x.therapyClass === c.therapyClass)?.count ?? { x: 0, n: g.n, percent: g.n ? 0 : null, ids: [] })),
      ),
      row(L.baselinePlt, (g) => sumCell(g.baseline.baselinePlatelets)),
      row(L.gp, (g) => countCell(g, g.baseline.gpAutoantibodyPositive)),
    ],
  })
  tables.push({
    id: 'exposure',
    title: L.exposureTitle,
    columns,
    rows: [
      row(`${L.cellDose}${overall.exposure.cellDoseUnit ? `, ${overall.exposure.cellDoseUnit}` : ''}`, (g) => {
        const s = g.exposure.cellDose
        return s === null ? t('–') : { text: `${s.median.toExponential(2)} (${s.min.toExponential(2)}–${s.max.toExponential(2)})`, value: s.median, ids: s.ids }
      }),
      row(L.ldStandard, (g) => countCell(g, g.exposure.ldStandardSchedule)),
      row(L.followUp, (g) => sumCell(g.exposure.followUpMonths)),
      // statistics.md §1 PROTOCOL DECISION: reverse Kaplan-Meier follow-up, when chosen
      ...(report.methods.followUpMethod === 'reverse-km'
        ? [row(L.followUpReverseKm, (g) => {
            const k = g.exposure.followUpReverseKm
            if (k === null) return t('–')
            const m = (x: number | null) => (x === null ? L.nr : String(roundTo(x / report.methods.followUpMonthDays, 1)))
            return { text: `${m(k.median)} (${m(k.lower)}–${m(k.upper)})`, value: k.median, ids: k.ids }
          })]
        : []),
    ],
  })
  const dorCell = (g: ReportGroup): ReportCell => {
    const d = g.efficacy.dor
    if (d.n === 0) return t('–')
    const v = (x: number | null) => (x === null ? L.nr : String(x))
    return { text: `${v(d.median)} (${v(d.lower)}–${v(d.upper)})`, value: d.median, ids: d.ids }
  }
  tables.push({
    id: 'efficacy',
    title: L.efficacyTitle,
    columns,
    rows: [
      ...(['CR', 'R', 'NR', 'NE'] as const).map((k) => row(`${L.bor}: ${k}`, (g) => propCell(g, g.efficacy.bor[k]))),
      row(L.orr, (g) => propCell(g, g.efficacy.orr)),
      row(L.crRate, (g) => propCell(g, g.efficacy.crRate)),
      row(L.ttr, (g) => sumCell(g.efficacy.ttr)),
      row(L.ttcr, (g) => sumCell(g.efficacy.ttcr)),
      row(L.dor, dorCell),
      row(L.dorEvents, (g) => ({ text: `${g.efficacy.dor.events}/${g.efficacy.dor.n}`, value: g.efficacy.dor.events, ids: g.efficacy.dor.ids })),
      row(L.tir, (g) => sumCell(g.efficacy.timeInResponsePercent)),
      row(L.relapse, (g) => countCell(g, g.efficacy.relapse)),
      row(L.newTherapy, (g) => countCell(g, g.efficacy.newItpTherapy)),
      row(L.ivigIndependent, (g) => countCell(g, g.efficacy.ivigIndependent)),
      row(L.ivigIndependenceDay, (g) => sumCell(g.efficacy.ivigIndependenceDay)),
    ],
  })
  const gradeRows = (name: string, pick: (g: ReportGroup) => ReportGrades) => [
    row(`${name}, ${L.anyGrade}`, (g) => countCell(g, pick(g).any)),
    ...([1, 2, 3, 4, 5] as const).map((k) => row(`${name}, ${lang === 'en' ? `${L.grade} ${k}` : `${k}${L.grade}`}`, (g) => countCell(g, pick(g).byGrade[k]))),
    row(`${name}, ${L.grade3}`, (g) => countCell(g, pick(g).grade3OrHigher)),
    row(`${name}, ${L.steroids}`, (g) => countCell(g, pick(g).corticosteroids)),
  ]
  tables.push({
    id: 'safety',
    title: L.safetyTitle,
    columns,
    rows: [...gradeRows('CRS', (g) => g.safety.crs), ...gradeRows('ICANS', (g) => g.safety.icans), row(L.anyAe, (g) => countCell(g, g.safety.anyAe)), row(L.seriousAe, (g) => countCell(g, g.safety.seriousAe))],
  })
  const aeGroups = report.aeTable[0]?.cells.map((c) => c.group) ?? []
  tables.push({
    id: 'adverse-events',
    title: L.aeTitle,
    columns: [L.soc, ...aeGroups.flatMap((gid) => {
      const name = gid === 'overall' ? L.overall : (report.doseLevels.find((l) => l.id === gid)?.label ?? String(gid))
      return [`${name}: ${L.anyGrade}`, `${name}: ${L.grade3}`]
    })],
    rows: report.aeTable.map((r) => [
      t(r.soc === null ? L.anyAeRow : r.term === null ? r.soc : `  ${r.term}`),
      ...r.cells.flatMap((c, i) => [
        { text: `${c.nSubjects} (${pct1(c.percent)}%)`, value: c.nSubjects, ids: r.ids[i]!.any },
        { text: `${c.nGrade3OrHigher}`, value: c.nGrade3OrHigher, ids: r.ids[i]!.grade3OrHigher },
      ]),
    ]),
  })
  if (overall.correlatives) {
    const c = (g: ReportGroup) => g.correlatives
    const none = t('–')
    tables.push({
      id: 'correlatives',
      title: L.correlativesTitle,
      columns,
      rows: [
        row(L.carExpansion, (g) => (c(g) ? countCell(g, c(g)!.carExpansion) : none)),
        row(L.carTmax, (g) => (c(g) ? sumCell(c(g)!.carTmax) : none)),
        row(L.carCmax, (g) => (c(g) ? sumCell(c(g)!.carCmax, 0) : none)),
        row(L.carAuc, (g) => (c(g) ? sumCell(c(g)!.carAuc28, 0) : none)),
        row(L.bElim, (g) => (c(g) ? countCell(g, c(g)!.bCellElimination) : none)),
        row(L.bSustained, (g) => (c(g) ? countCell(g, c(g)!.sustainedAplasia) : none)),
        row(L.bRecovery, (g) => (c(g) ? countCell(g, c(g)!.bCellRecovery) : none)),
        row(L.bRecoveryDay, (g) => (c(g) ? sumCell(c(g)!.bCellRecoveryDay) : none)),
        row(L.gpNeg, (g) => (c(g) ? countCell(g, c(g)!.gpTurnedNegative) : none)),
      ],
    })
    // tests with data in any group; a group without that test shows "–"
    const igTests = overall.correlatives.immunoglobulins.map((ig) => ig.test)
    if (igTests.length > 0) {
      const ig = (g: ReportGroup, test: string) => g.correlatives?.immunoglobulins.find((x) => x.test === test)
      const name = (label: string, test: string) => label.replace('{test}', IG_NAMES[test as keyof typeof IG_NAMES])
      tables.push({
        id: 'immunoglobulins',
        title: L.igTitle,
        columns,
        rows: igTests.flatMap((test) => [
          row(name(L.igBaselineN, test), (g) => {
            const b = ig(g, test)?.baseline
            return b ? { text: String(b.n), value: b.n, ids: b.ids } : none
          }),
          row(name(L.igBaseline, test), (g) => sumCell(ig(g, test)?.baseline ?? null)),
          row(name(L.igNadir, test), (g) => sumCell(ig(g, test)?.nadir ?? null)),
          row(name(L.igBelowLln, test), (g) => {
            const x = ig(g, test)
            return x ? countCell(g, x.nadirBelowLln) : none
          }),
        ]),
      })
    }
  }
  const num = (v: number | null): ReportCell => ({ text: v === null ? '–' : String(v), value: v })
  tables.push({
    id: 'listing',
    title: L.listingTitle,
    columns: [L.subject, L.doseLevel, L.sex, L.baselineShort, L.best, L.ttrShort, L.ttcrShort, L.dorShort, L.fuShort, L.crsShort, L.icansShort, L.flags],
    rows: report.subjects.map((s) => [
      { text: s.id, ids: [s.id] },
      t(s.doseLevel ?? '–'),
      t(s.sex),
      num(s.baseline),
      t(s.result.bestResponse),
      num(s.result.TTR),
      num(s.result.TTCR),
      { text: s.result.DoR === null ? '–' : `${s.result.DoR}${s.result.DoREvent ? '' : ` (${L.censoredShort})`}`, value: s.result.DoR },
      num(s.followUpDay),
      num(s.crsMaxGrade),
      num(s.icansMaxGrade),
      t(s.result.flags.join(', ')),
    ]),
  })
  return tables
}
