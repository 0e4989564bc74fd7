/**
 * Results report timings on a seeded synthetic study: 1,000 subjects (default) with two years of follow-up
 * (weekly platelet counts to Day 84, then monthly to Day 730), CAR copies, B cells, CRS / ICANS and other
 * adverse events, two dose levels.
 *
 *   node --conditions=@celltrial/source --import tsx bench/report/run.ts [--subjects 1000] [--seed 1] [--no-pdf]
 *
 * Prints the time to build the report model, render the HTML page (with its six SVG figures), write the
 * XLSX workbook and print the PDF with Chromium, with output sizes and peak RSS.
 */
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { buildStudyReport, fromEpochDay, renderReportHtml, reportTables, toEpochDay, type StudyReportSubjectInput } from '@celltrial/core'
import { findProtocol } from '@celltrial/protocols'
import { htmlToPdf } from '../../packages/cli/src/commands/report/pdf.js'
import { reportXlsx } from '../../packages/cli/src/commands/report/xlsx.js'
import { mulberry32 } from '../response/synthetic-cohort.js'

const { values } = parseArgs({ options: { subjects: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, 'no-pdf': { type: 'boolean' } } })
const n = Number(values.subjects)
const rng = mulberry32(Number(values.seed))
const CUTOFF = '2027-06-30'
const firstInfusion = toEpochDay('2025-01-01')
const days = [-7, -5, 0, 7, 14, 21, 28, 42, 56, 70, 84, ...Array.from({ length: 22 }, (_, k) => 120 + 30 * k)]

function subject(i: number): StudyReportSubjectInput {
  const inf = firstInfusion + Math.floor((i / n) * 180)
  const d = (day: number) => fromEpochDay(inf + day)
  const base = 2 + Math.floor(rng() * 25)
  const responder = rng() < 0.6
  const relapseDay = responder && rng() < 0.3 ? 90 + Math.floor(rng() * 400) : Infinity
  const peak = responder ? 40 + rng() * 200 : base * (1 + rng())
  const counts = days.map((day) => {
    const v = day <= 0 ? base : day < 21 ? base + (peak - base) * (day / 21) * rng() : day >= relapseDay ? base * (0.8 + rng() * 0.6) : peak * (0.8 + rng() * 0.4)
    return { date: d(day), value: Math.max(0, Math.round(v)) }
  })
  const crs = rng() < 0.7 ? 1 + Math.floor(rng() * 2.2) : 0
  const icans = rng() < 0.3 ? 1 + Math.floor(rng() * 3.2) : 0
  const tmax = 7 + Math.floor(rng() * 8)
  const cmax = 5000 + rng() * 60000
  return {
    usubjid: `BENCH-${String(i + 1).padStart(5, '0')}`,
    siteId: `S${(i % 10) + 1}`,
    age: 8 + Math.floor(rng() * 60),
    sex: rng() < 0.6 ? 'F' : 'M',
    doseLevel: i % 2 === 0 ? 'DL1' : 'DL2',
    response: { infusionDate: d(0), ldStartDate: d(-5), plateletCounts: counts },
    itpDiagnosisDate: fromEpochDay(inf - 365 * (2 + Math.floor(rng() * 20))),
    priorTherapies: ['PREDNISONE', 'IMMUNOGLOBULIN (IVIG)', 'ELTROMBOPAG', 'RITUXIMAB', 'CICLOSPORIN'].slice(0, 2 + Math.floor(rng() * 4)),
    ldDays: rng() < 0.9 ? [-5, -4, -3] : [-3, -2, -1],
    ldAgents: ['FLUDARABINE', 'CYCLOPHOSPHAMIDE'],
    cellDose: i % 2 === 0 ? 150000 : 300000,
    cellDoseUnit: 'cells/kg',
    adverseEvents: [
      ...(crs > 0 ? [{ term: 'Cytokine release syndrome', soc: 'Immune system disorders', grade: crs, gradingSystem: 'ASTCT 2019', serious: crs >= 3, startDay: 1, endDay: 4 }] : []),
      ...(icans > 0 ? [{ term: 'Immune effector cell-associated neurotoxicity syndrome', soc: 'Nervous system disorders', grade: icans, gradingSystem: 'ASTCT 2019', serious: icans >= 3, startDay: 5, endDay: 8 }] : []),
      { term: 'Neutrophil count decreased', soc: 'Investigations', grade: 2 + Math.floor(rng() * 3), gradingSystem: 'CTCAE v5.0', serious: false, startDay: 2, endDay: 14 },
    ],
    medications: icans >= 3 ? [{ treatment: 'METHYLPREDNISOLONE', kind: 'HIGH_DOSE_CORTICOSTEROID', startDay: 5, endDay: 7 }] : [],
    carSamples: [0, 4, 7, 10, 14, 21, 28, 60, 90, 180].map((day) => ({ day, level: day === 0 ? 0 : Math.round(cmax * Math.exp(-Math.abs(day - tmax) / 8)) })),
    bCellSamples: [-7, 7, 14, 28, 60, 90, 180, 360].map((day) => ({ day, perUl: day < 0 ? 150 : Math.round(rng() < 0.1 && day > 28 ? 120 + rng() * 80 : rng() * 3) })),
    gpAntibody: [{ day: -7, positive: rng() < 0.7 }, { day: 90, positive: rng() < 0.1 }],
  }
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`
const size = (b: number) => `${(b / 1024).toFixed(0)} KiB`
const protocol = findProtocol('NCT06352281')!
let t = performance.now()
const inputs = Array.from({ length: n }, (_, i) => subject(i))
console.log(`generated ${n} subjects, ${inputs.reduce((a, s) => a + s.response.plateletCounts.length, 0)} platelet counts: ${ms(t)}`)
t = performance.now()
const report = buildStudyReport(inputs, { cutoff: CUTOFF, protocol })
const all = report.groups[report.groups.length - 1]!
console.log(`report model: ${ms(t)} (ORR ${all.efficacy.orr.display}; DoR events ${all.efficacy.dor.events}/${all.efficacy.dor.n})`)
t = performance.now()
const json = JSON.stringify(report)
console.log(`JSON: ${ms(t)}, ${size(Buffer.byteLength(json))}`)
t = performance.now()
const html = renderReportHtml(report, { lang: 'en' })
console.log(`HTML (tables + 6 SVG figures): ${ms(t)}, ${size(Buffer.byteLength(html))}`)
t = performance.now()
const xlsx = reportXlsx(reportTables(report, 'en'))
console.log(`XLSX: ${ms(t)}, ${size(xlsx.length)}`)
if (!values['no-pdf']) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium)) console.log(`PDF: skipped (no Chromium at ${chromium})`)
  else {
    t = performance.now()
    const pdf = await htmlToPdf(html, chromium)
    console.log('pdf' in pdf ? `PDF (Chromium, A4): ${ms(t)}, ${size(pdf.pdf.length)}` : `PDF: ${pdf.unavailable}`)
  }
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
